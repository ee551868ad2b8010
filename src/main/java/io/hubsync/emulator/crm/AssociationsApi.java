package io.hubsync.emulator.crm;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.emulator.ApiException;
import io.hubsync.emulator.Emulator;
import io.hubsync.emulator.HubSpotErrors;
import io.hubsync.emulator.http.EmuRequest;
import io.hubsync.emulator.http.EmuResponse;
import io.hubsync.emulator.http.RequestContext;
import io.hubsync.emulator.http.Route;
import io.hubsync.emulator.http.Router;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The v4 associations API (docs/hubspot.md §14): batch read with per-input paging, the per-record list,
 * create (labelled and default), archive, and the labels of a pair. The batch and label endpoints are
 * exempt from the 10-second budget, the per-record ones are not (§17).
 */
public final class AssociationsApi {
    static final String BATCH = "/crm/v4/associations/{fromObjectType}/{toObjectType}/batch";
    static final String RECORD = "/crm/v4/objects/{objectType}/{objectId}/associations";
    /** batch/read takes at most 1000 inputs since 2025-02-10; the writes' maximum is unknown (§14) */
    static final int BATCH_MAX = 1000;
    static final int RECORD_PAGE = 500;

    private final Emulator emulator;

    public AssociationsApi(Emulator emulator) {
        this.emulator = emulator;
    }

    public void register(Router router) {
        // reads need the scopes of both types, writes the from-type's ([U] docs/hubspot.md §14)
        Function<EmuRequest, String> batchRead = r -> both(r, "fromObjectType", "toObjectType");
        Function<EmuRequest, String> batchWrite = r -> CrmApi.scopes(r, "fromObjectType").writeScope();
        Function<EmuRequest, String> read = r -> both(r, "objectType", "toObjectType");
        Function<EmuRequest, String> write = r -> CrmApi.scopes(r, "objectType").writeScope();
        Route.Kind exempt = Route.Kind.BURST_EXEMPT;
        Route.Kind api = Route.Kind.API;
        router.add("POST", BATCH + "/read", "assoc.batch.read", exempt, batchRead, this::batchRead)
              .add("POST", BATCH + "/create", "assoc.batch.create", exempt, batchWrite, this::batchCreate)
              .add("POST", BATCH + "/associate/default", "assoc.batch.default", exempt, batchWrite, this::batchDefault)
              .add("POST", BATCH + "/archive", "assoc.batch.archive", exempt, batchWrite, this::batchArchive)
              .add("GET", "/crm/v4/associations/{fromObjectType}/{toObjectType}/labels", "assoc.labels", exempt,
                      batchRead, this::labels)
              .add("GET", "/crm/associations/v4/{fromObjectType}/{toObjectType}/labels", "assoc.labels", exempt,
                      batchRead, this::labels)
              .add("GET", RECORD + "/{toObjectType}", "assoc.list", api, read, this::list)
              .add("PUT", "/crm/v4/objects/{objectType}/{objectId}/associations/default/{toObjectType}/{toObjectId}",
                      "assoc.create.default", api, write, this::putDefault)
              .add("PUT", RECORD + "/{toObjectType}/{toObjectId}", "assoc.create", api, write, this::putLabelled)
              .add("DELETE", RECORD + "/{toObjectType}/{toObjectId}", "assoc.archive", api, write, this::delete);
    }

    /** The read scopes of both types, each needed (AuthService: groups separated by a space). */
    private static String both(EmuRequest r, String fromParam, String toParam) {
        String from = CrmApi.scopes(r, fromParam).readScope();
        String to = CrmApi.scopes(r, toParam).readScope();
        return from.equals(to) ? from : from + " " + to;
    }

    private ObjectType from(EmuRequest r, RequestContext ctx, String param) {
        return CrmApi.type(emulator.portal(ctx.portalId()), r, param);
    }

    private AssociationStore store(RequestContext ctx) {
        return emulator.portal(ctx.portalId()).associations();
    }

    // ------------------------------------------------------------------ reads

    private EmuResponse batchRead(EmuRequest req, RequestContext ctx) {
        long started = emulator.clock().now();
        ObjectType from = from(req, ctx, "fromObjectType");
        ObjectType to = from(req, ctx, "toObjectType");
        AssociationStore store = store(ctx);
        int pageSize = Math.max(1, emulator.config().associationBatchPageSize);
        List<String> missing = new ArrayList<>();
        List<long[]> found = new ArrayList<>();
        List<List<AssociationStore.Link>> pages = new ArrayList<>();
        for (JsonNode in : inputs(CrmApi.body(req))) {
            String key = in.path("id").asText();
            Long id = idOrNull(key);
            if (id == null || !store.live(from, id)) {
                missing.add(key);
                continue;
            }
            found.add(new long[] {id});
            pages.add(store.page(from, id, to, AssociationCursor.decode(in.path("after").asText(null)), pageSize));
        }
        byte[] json = RecordJson.build(g -> {
            g.writeStartObject();
            g.writeStringField("status", "COMPLETE");
            g.writeArrayFieldStart("results");
            for (int i = 0; i < found.size(); i++) {
                List<AssociationStore.Link> page = pages.get(i);
                g.writeStartObject();
                g.writeObjectFieldStart("from");
                g.writeStringField("id", Long.toString(found.get(i)[0]));
                g.writeEndObject();
                writeLinks(g, "to", from, to, page, pageSize);
                if (page.size() > pageSize) {
                    g.writeObjectFieldStart("paging");
                    g.writeObjectFieldStart("next");
                    g.writeStringField("after", AssociationCursor.encode(to, page.get(pageSize).toId()));
                    g.writeEndObject();
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            writeErrors(g, from, missing);
            g.writeStringField("startedAt", Iso.format(started));
            g.writeStringField("completedAt", Iso.format(emulator.clock().now()));
            g.writeEndObject();
        });
        return EmuResponse.json(missing.isEmpty() ? 200 : 207, json);
    }

    private EmuResponse list(EmuRequest req, RequestContext ctx) {
        ObjectType from = from(req, ctx, "objectType");
        ObjectType to = from(req, ctx, "toObjectType");
        long id = RecordJson.parseId(req.pathParam("objectId"));
        AssociationStore store = store(ctx);
        if (!store.live(from, id)) {
            throw new ApiException(HubSpotErrors.notFound(req.pathParam("objectId")));
        }
        int limit = CrmApi.limit(req.queryParam("limit"), RECORD_PAGE, RECORD_PAGE);
        List<AssociationStore.Link> page = store.page(from, id, to, AssociationCursor.decode(req.queryParam("after")),
                limit);
        return EmuResponse.json(200, RecordJson.build(g -> {
            g.writeStartObject();
            writeLinks(g, "results", from, to, page, limit);
            if (page.size() > limit) {
                String after = AssociationCursor.encode(to, page.get(limit).toId());
                g.writeObjectFieldStart("paging");
                g.writeObjectFieldStart("next");
                g.writeStringField("after", after);
                g.writeStringField("link", req.baseUrl() + req.path() + "?limit=" + limit + "&after=" + after);
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndObject();
        }));
    }

    private EmuResponse labels(EmuRequest req, RequestContext ctx) {
        ObjectType from = from(req, ctx, "fromObjectType");
        ObjectType to = from(req, ctx, "toObjectType");
        return EmuResponse.json(200, RecordJson.build(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("results");
            for (AssociationTypes.Type t : AssociationTypes.between(from, to)) {
                writeType(g, t);
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    // ------------------------------------------------------------------ writes

    private EmuResponse putLabelled(EmuRequest req, RequestContext ctx) {
        ObjectType from = from(req, ctx, "objectType");
        ObjectType to = from(req, ctx, "toObjectType");
        long fromId = RecordJson.parseId(req.pathParam("objectId"));
        long toId = RecordJson.parseId(req.pathParam("toObjectId"));
        JsonNode body = json(req);
        if (!body.isArray()) {
            throw new ApiException(HubSpotErrors.validation("The body must be an array of association specs"));
        }
        List<Integer> typeIds = typeIds(from, to, body);
        requireLive(from, fromId, to, toId, ctx);
        for (int typeId : typeIds) {
            store(ctx).add(from, fromId, to, toId, typeId, "INTEGRATION");
        }
        return EmuResponse.json(201, RecordJson.build(g -> writePair(g, from, fromId, to, toId, store(ctx))));
    }

    private EmuResponse putDefault(EmuRequest req, RequestContext ctx) {
        long started = emulator.clock().now();
        ObjectType from = from(req, ctx, "objectType");
        ObjectType to = from(req, ctx, "toObjectType");
        long fromId = RecordJson.parseId(req.pathParam("objectId"));
        long toId = RecordJson.parseId(req.pathParam("toObjectId"));
        AssociationTypes.Type t = defaultType(from, to);
        requireLive(from, fromId, to, toId, ctx);
        store(ctx).add(from, fromId, to, toId, t.id(), "INTEGRATION");
        return EmuResponse.json(200, RecordJson.build(g -> {
            g.writeStartObject();
            g.writeStringField("status", "COMPLETE");
            g.writeArrayFieldStart("results");
            writeDefault(g, fromId, toId, t);
            g.writeEndArray();
            g.writeStringField("startedAt", Iso.format(started));
            g.writeStringField("completedAt", Iso.format(emulator.clock().now()));
            g.writeEndObject();
        }));
    }

    private EmuResponse delete(EmuRequest req, RequestContext ctx) {
        store(ctx).remove(from(req, ctx, "objectType"), RecordJson.parseId(req.pathParam("objectId")),
                from(req, ctx, "toObjectType"), RecordJson.parseId(req.pathParam("toObjectId")), "INTEGRATION");
        return EmuResponse.noContent();
    }

    private EmuResponse batchCreate(EmuRequest req, RequestContext ctx) {
        long started = emulator.clock().now();
        ObjectType from = from(req, ctx, "fromObjectType");
        ObjectType to = from(req, ctx, "toObjectType");
        AssociationStore store = store(ctx);
        List<JsonNode> inputs = inputs(CrmApi.body(req));
        List<List<Integer>> types = new ArrayList<>();
        for (JsonNode in : inputs) {
            types.add(typeIds(from, to, in.path("types")));
        }
        List<long[]> done = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            long[] pair = pair(inputs.get(i), store, from, to, missing);
            if (pair != null) {
                for (int typeId : types.get(i)) {
                    store.add(from, pair[0], to, pair[1], typeId, "INTEGRATION");
                }
                done.add(pair);
            }
        }
        return EmuResponse.json(missing.isEmpty() ? 201 : 207, batch(started, from, missing, g -> {
            for (long[] p : done) {
                writePair(g, from, p[0], to, p[1], store);
            }
        }));
    }

    private EmuResponse batchDefault(EmuRequest req, RequestContext ctx) {
        long started = emulator.clock().now();
        ObjectType from = from(req, ctx, "fromObjectType");
        ObjectType to = from(req, ctx, "toObjectType");
        AssociationTypes.Type t = defaultType(from, to);
        AssociationStore store = store(ctx);
        List<long[]> done = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (JsonNode in : inputs(CrmApi.body(req))) {
            long[] pair = pair(in, store, from, to, missing);
            if (pair != null) {
                store.add(from, pair[0], to, pair[1], t.id(), "INTEGRATION");
                done.add(pair);
            }
        }
        return EmuResponse.json(missing.isEmpty() ? 200 : 207, batch(started, from, missing, g -> {
            for (long[] p : done) {
                writeDefault(g, p[0], p[1], t);
            }
        }));
    }

    private EmuResponse batchArchive(EmuRequest req, RequestContext ctx) {
        ObjectType from = from(req, ctx, "fromObjectType");
        ObjectType to = from(req, ctx, "toObjectType");
        AssociationStore store = store(ctx);
        for (JsonNode in : inputs(CrmApi.body(req))) {
            Long fromId = idOrNull(in.path("from").path("id").asText());
            for (JsonNode t : in.path("to")) {
                Long toId = idOrNull(t.path("id").asText());
                if (fromId != null && toId != null) {
                    store.remove(from, fromId, to, toId, "INTEGRATION");
                }
            }
        }
        return EmuResponse.noContent();
    }

    // ------------------------------------------------------------------ helpers

    private static List<JsonNode> inputs(JsonNode body) {
        // [U] docs/hubspot.md §14: the status and body of HubSpot's refusal over the limit are unknown
        return BatchInputs.of(body, BATCH_MAX);
    }

    private static JsonNode json(EmuRequest req) {
        try {
            JsonNode n = HubSpotErrors.MAPPER.readTree(req.body());
            if (n == null) {
                throw new ApiException(HubSpotErrors.invalidJson("empty body"));
            }
            return n;
        } catch (IOException e) {
            throw new ApiException(HubSpotErrors.invalidJson(e.getMessage()));
        }
    }

    private static Long idOrNull(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The type ids of association specs; a 400 for a category or id the pair does not have. */
    private static List<Integer> typeIds(ObjectType from, ObjectType to, JsonNode specs) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode s : specs) {
            int id = s.path("associationTypeId").asInt(-1);
            String category = s.path("associationCategory").asText("");
            AssociationTypes.Type t = AssociationTypes.byId(from, to, id);
            if (t == null || !category.equals(t.category())) {
                throw new ApiException(HubSpotErrors.validation("Invalid association type: " + category + " " + id
                        + " from " + from.path() + " to " + to.path()));
            }
            out.add(id);
        }
        if (out.isEmpty()) {
            throw new ApiException(HubSpotErrors.validation("At least one association type is required"));
        }
        return out;
    }

    private static AssociationTypes.Type defaultType(ObjectType from, ObjectType to) {
        AssociationTypes.Type t = AssociationTypes.unlabeled(from, to);
        if (t == null) {
            throw new ApiException(HubSpotErrors.validation("There is no default association type from "
                    + from.path() + " to " + to.path()));
        }
        return t;
    }

    private void requireLive(ObjectType from, long fromId, ObjectType to, long toId, RequestContext ctx) {
        if (!store(ctx).live(from, fromId)) {
            throw new ApiException(HubSpotErrors.notFound(Long.toString(fromId)));
        }
        if (!store(ctx).live(to, toId)) {
            throw new ApiException(HubSpotErrors.notFound(Long.toString(toId)));
        }
    }

    /** The ({@code from.id}, {@code to.id}) of a batch input, or null after noting a missing id. */
    private static long[] pair(JsonNode in, AssociationStore store, ObjectType from, ObjectType to,
                               List<String> missing) {
        String f = in.path("from").path("id").asText();
        String t = in.path("to").path("id").asText();
        Long fromId = idOrNull(f);
        Long toId = idOrNull(t);
        if (fromId == null || !store.live(from, fromId)) {
            missing.add(f);
            return null;
        }
        if (toId == null || !store.live(to, toId)) {
            missing.add(t);
            return null;
        }
        return new long[] {fromId, toId};
    }

    private byte[] batch(long started, ObjectType from, List<String> missing, RecordJson.JsonWriter results) {
        return RecordJson.build(g -> {
            g.writeStartObject();
            g.writeStringField("status", "COMPLETE");
            g.writeArrayFieldStart("results");
            results.write(g);
            g.writeEndArray();
            writeErrors(g, from, missing);
            g.writeStringField("startedAt", Iso.format(started));
            g.writeStringField("completedAt", Iso.format(emulator.clock().now()));
            g.writeEndObject();
        });
    }

    /** One error item for every missing id ([U] the message, docs/hubspot.md §14), with the spec's fields. */
    private static void writeErrors(JsonGenerator g, ObjectType from, List<String> missing) throws IOException {
        if (missing.isEmpty()) {
            return;
        }
        g.writeNumberField("numErrors", 1);
        g.writeArrayFieldStart("errors");
        g.writeStartObject();
        g.writeStringField("status", "error");
        g.writeStringField("category", "OBJECT_NOT_FOUND");
        g.writeStringField("message", "No " + from.path() + " found for ids: [" + String.join(", ", missing) + "]");
        g.writeObjectFieldStart("context");
        g.writeArrayFieldStart("ids");
        for (String id : missing) {
            g.writeString(id);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeArrayFieldStart("errors");
        g.writeEndArray();
        g.writeObjectFieldStart("links");
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
    }

    private void writeLinks(JsonGenerator g, String field, ObjectType from, ObjectType to,
                            List<AssociationStore.Link> page, int limit) throws IOException {
        g.writeArrayFieldStart(field);
        for (int i = 0; i < Math.min(limit, page.size()); i++) {
            AssociationStore.Link l = page.get(i);
            g.writeStartObject();
            writeId(g, "toObjectId", l.toId());
            g.writeArrayFieldStart("associationTypes");
            for (int typeId : l.typeIds()) {
                writeType(g, AssociationTypes.byId(from, to, typeId));
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeType(JsonGenerator g, AssociationTypes.Type t) throws IOException {
        if (t == null) {
            return; // a custom schema's definition removed since; its links stay stored but unnamed
        }
        g.writeStartObject();
        g.writeStringField("category", t.category());
        g.writeNumberField("typeId", t.id());
        CrmApi.writeString(g, "label", t.label());
        g.writeEndObject();
    }

    /** {@code LabelsBetweenObjectPair}: the label texts of every type now between the two records. */
    private void writePair(JsonGenerator g, ObjectType from, long fromId, ObjectType to, long toId,
                           AssociationStore store) throws IOException {
        g.writeStartObject();
        g.writeStringField("fromObjectTypeId", from.typeId());
        writeId(g, "fromObjectId", fromId);
        g.writeStringField("toObjectTypeId", to.typeId());
        writeId(g, "toObjectId", toId);
        g.writeArrayFieldStart("labels");
        for (AssociationStore.Link l : store.page(from, fromId, to, toId, 0)) {
            if (l.toId() == toId) {
                for (int typeId : l.typeIds()) {
                    AssociationTypes.Type t = AssociationTypes.byId(from, to, typeId);
                    String label = t == null ? null : t.label();
                    if (label != null) {
                        g.writeString(label);
                    }
                }
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeDefault(JsonGenerator g, long fromId, long toId, AssociationTypes.Type t)
            throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("from");
        g.writeStringField("id", Long.toString(fromId));
        g.writeEndObject();
        g.writeObjectFieldStart("to");
        g.writeStringField("id", Long.toString(toId));
        g.writeEndObject();
        g.writeObjectFieldStart("associationSpec");
        g.writeStringField("associationCategory", t.category());
        g.writeNumberField("associationTypeId", t.id());
        g.writeEndObject();
        g.writeEndObject();
    }

    /** A record id as a JSON number (HubSpot's examples) or string (its spec), as configured (§14). */
    private void writeId(JsonGenerator g, String field, long id) throws IOException {
        if (emulator.config().associationIdsAsNumbers) {
            g.writeNumberField(field, id);
        } else {
            g.writeStringField(field, Long.toString(id));
        }
    }
}
