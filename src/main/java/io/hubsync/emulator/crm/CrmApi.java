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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The CRM objects API: {@code /crm/v3/objects/{objectType}} list, read, write, batch, merge, GDPR delete. */
public final class CrmApi {
    static final String BASE = "/crm/v3/objects/{objectType}";
    private static final int LIST_MAX = 100;
    /** HubSpot lowers the page size when history is asked for ([C] docs/hubspot.md §1) */
    private static final int HISTORY_MAX = 50;
    private static final int BATCH_MAX = 100;

    private final Emulator emulator;

    public CrmApi(Emulator emulator) {
        this.emulator = emulator;
    }

    public void register(Router router) {
        Function<EmuRequest, String> read = r -> scopes(r, "objectType").readScope();
        Function<EmuRequest, String> write = r -> scopes(r, "objectType").writeScope();
        Route.Kind api = Route.Kind.API;
        router.add("GET", BASE, "crm.list", api, read, this::list)
              .add("POST", BASE, "crm.create", api, write, this::create)
              .add("POST", BASE + "/batch/read", "crm.batch.read", api, read, this::batchRead)
              .add("POST", BASE + "/batch/create", "crm.batch.create", api, write, this::batchCreate)
              .add("POST", BASE + "/batch/update", "crm.batch.update", api, write, this::batchUpdate)
              .add("POST", BASE + "/batch/archive", "crm.batch.archive", api, write, this::batchArchive)
              .add("POST", BASE + "/merge", "crm.merge", api, write, this::merge)
              .add("POST", BASE + "/gdpr-delete", "crm.gdpr-delete", api, write, this::gdprDelete)
              .add("GET", BASE + "/{objectId}", "crm.get", api, read, this::get)
              .add("PATCH", BASE + "/{objectId}", "crm.update", api, write, this::update)
              .add("DELETE", BASE + "/{objectId}", "crm.archive", api, write, this::archive);
    }

    /** The type whose scopes the request needs, before the token says which portal it is for. */
    static ObjectType scopes(EmuRequest r, String param) {
        return ObjectType.forScopes(r.pathParam(param));
    }

    /** The portal's type a path parameter names (standard or custom); 400 when none. */
    static ObjectType type(Portal portal, EmuRequest r, String param) {
        ObjectType t = portal.type(r.pathParam(param));
        if (t == null) {
            throw new ApiException(HubSpotErrors.validation("Unable to infer object type from: " + r.pathParam(param)));
        }
        return t;
    }

    /** The store of the request's {@code objectType} in the caller's portal. */
    static ObjectStore store(Emulator emulator, EmuRequest r, RequestContext ctx) {
        Portal p = emulator.portal(ctx.portalId());
        return p.store(type(p, r, "objectType"));
    }

    ObjectStore store(EmuRequest r, RequestContext ctx) {
        return store(emulator, r, ctx);
    }

    static JsonNode body(EmuRequest r) {
        try {
            JsonNode n = HubSpotErrors.MAPPER.readTree(r.body());
            if (n == null || !n.isObject()) {
                throw new ApiException(HubSpotErrors.invalidJson("expected a JSON object"));
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiException(HubSpotErrors.invalidJson(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ApiException(HubSpotErrors.invalidJson(e.getMessage()));
        }
    }

    static int limit(String raw, int dflt, int max) {
        if (raw == null) {
            return dflt;
        }
        int n;
        try {
            n = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(HubSpotErrors.validation("limit must be a number, got '" + raw + "'"));
        }
        if (n < 1 || n > max) {
            // [U] HubSpot's body for an over-maximum limit is unknown; this emulator refuses it
            throw new ApiException(HubSpotErrors.validation("limit must be between 1 and " + max + ", got " + n));
        }
        return n;
    }

    // ------------------------------------------------------------------ list

    private EmuResponse list(EmuRequest req, RequestContext ctx) {
        ObjectStore store = store(req, ctx);
        List<String> requested = RecordJson.splitParams(req.queryParams("properties"));
        List<String> history = RecordJson.splitParams(req.queryParams("propertiesWithHistory"));
        int limit = limit(req.queryParam("limit"), 10, history.isEmpty() ? LIST_MAX : HISTORY_MAX);
        boolean archived = "true".equalsIgnoreCase(req.queryParam("archived"));
        String afterRaw = req.queryParam("after");
        long after = afterRaw == null || afterRaw.isEmpty() ? 0 : RecordJson.parseId(afterRaw);
        List<PropertyDef> props = RecordJson.select(store, requested);
        List<PropertyDef> hist = history.isEmpty() ? null : RecordJson.select(store, history);
        List<CrmRecord> page = store.page(after, limit, archived);
        boolean more = page.size() > limit;
        V3Associations assoc = V3Associations.of(req, emulator.portal(ctx.portalId()));
        byte[] json = RecordJson.build(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("results");
            for (int i = 0; i < Math.min(limit, page.size()); i++) {
                RecordJson.write(g, store, page.get(i), props, hist, assoc);
            }
            g.writeEndArray();
            if (more) {
                String next = Long.toString(page.get(limit).id());
                g.writeObjectFieldStart("paging");
                g.writeObjectFieldStart("next");
                g.writeStringField("after", next);
                g.writeStringField("link", nextLink(req, next));
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndObject();
        });
        return EmuResponse.json(200, json);
    }

    /** The request's own URL with {@code after} replaced (HubSpot's link format varies; clients should use {@code after}). */
    private static String nextLink(EmuRequest req, String after) {
        StringBuilder sb = new StringBuilder(req.baseUrl()).append(req.path()).append('?');
        boolean first = true;
        for (Map.Entry<String, List<String>> e : req.query().entrySet()) {
            if (e.getKey().equals("after")) {
                continue;
            }
            for (String v : e.getValue()) {
                sb.append(first ? "" : "&").append(e.getKey()).append('=')
                  .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8));
                first = false;
            }
        }
        return sb.append(first ? "" : "&").append("after=").append(after).toString();
    }

    // ------------------------------------------------------------------ single records

    private EmuResponse get(EmuRequest req, RequestContext ctx) {
        ObjectStore store = store(req, ctx);
        String idProperty = req.queryParam("idProperty");
        boolean archived = "true".equalsIgnoreCase(req.queryParam("archived"));
        CrmRecord r;
        if (idProperty != null && !idProperty.equals("hs_object_id")) {
            r = store.findBy(idProperty, req.pathParam("objectId"));
        } else {
            long id = RecordJson.parseId(req.pathParam("objectId"));
            r = archived ? store.getArchived(id) : store.get(id);
            if (r == null && !archived) {
                Long survivor = store.mergedInto(id);
                r = survivor == null ? null : store.get(survivor);
            }
        }
        if (r == null) {
            throw new ApiException(HubSpotErrors.notFound(req.pathParam("objectId")));
        }
        List<PropertyDef> props = RecordJson.select(store, RecordJson.splitParams(req.queryParams("properties")));
        List<String> history = RecordJson.splitParams(req.queryParams("propertiesWithHistory"));
        CrmRecord found = r;
        V3Associations assoc = V3Associations.of(req, emulator.portal(ctx.portalId()));
        return EmuResponse.json(200, RecordJson.build(g -> RecordJson.write(g, store, found, props,
                history.isEmpty() ? null : RecordJson.select(store, history), assoc)));
    }

    private EmuResponse create(EmuRequest req, RequestContext ctx) {
        ObjectStore store = store(req, ctx);
        Map<String, String> props = properties(store, body(req).path("properties"));
        requireRequired(ctx, store, props);
        CrmRecord r = store.create(props, "INTEGRATION");
        return EmuResponse.json(201, one(store, r, props.keySet()));
    }

    /** A custom type's schema names properties a create must set ([V] spec {@code requiredProperties}). */
    private void requireRequired(RequestContext ctx, ObjectStore store, Map<String, String> props) {
        if (!store.type().custom()) {
            return;
        }
        CustomSchema s = emulator.portal(ctx.portalId()).customObjects().of(store.type());
        List<String> missing = new ArrayList<>();
        for (String n : s == null ? List.<String>of() : s.requiredProperties()) {
            String v = props.get(n);
            if (v == null || v.isEmpty()) {
                missing.add(n);
            }
        }
        if (!missing.isEmpty()) {
            // [U] HubSpot's exact message for a missing required property
            throw new ApiException(HubSpotErrors.validation("Missing required properties: " + String.join(", ", missing)));
        }
    }

    private EmuResponse update(EmuRequest req, RequestContext ctx) {
        ObjectStore store = store(req, ctx);
        long id = RecordJson.parseId(req.pathParam("objectId"));
        Map<String, String> props = properties(store, body(req).path("properties"));
        Long survivor = store.get(id) == null ? store.mergedInto(id) : null;
        CrmRecord r = store.update(survivor == null ? id : survivor, props, "INTEGRATION");
        if (r == null) {
            throw new ApiException(HubSpotErrors.notFound(req.pathParam("objectId")));
        }
        return EmuResponse.json(200, one(store, r, props.keySet()));
    }

    private EmuResponse archive(EmuRequest req, RequestContext ctx) {
        store(req, ctx).archive(RecordJson.parseId(req.pathParam("objectId")), "INTEGRATION");
        return EmuResponse.noContent();
    }

    private static byte[] one(ObjectStore store, CrmRecord r, Iterable<String> written) {
        List<String> names = new ArrayList<>();
        written.forEach(names::add);
        List<PropertyDef> props = RecordJson.select(store, names);
        return RecordJson.build(g -> RecordJson.write(g, store, r, props, null));
    }

    /** The {@code properties} object of a write; a 400 listing every name the portal does not define. */
    static Map<String, String> properties(ObjectStore store, JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        if (node != null && node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!store.schema().has(e.getKey())) {
                    unknown.add(e.getKey());
                } else {
                    out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new ApiException(HubSpotErrors.propertyDoesNotExist(unknown));
        }
        return out;
    }

    // ------------------------------------------------------------------ batch

    private static List<JsonNode> inputs(JsonNode body) {
        return BatchInputs.of(body, BATCH_MAX);
    }

    private EmuResponse batchResponse(ObjectStore store, List<CrmRecord> found, List<PropertyDef> props,
                                      List<String> missing, long startedAt, int okStatus) {
        byte[] json = RecordJson.build(g -> {
            g.writeStartObject();
            g.writeStringField("status", "COMPLETE");
            g.writeArrayFieldStart("results");
            for (CrmRecord r : found) {
                RecordJson.write(g, store, r, props, null);
            }
            g.writeEndArray();
            if (!missing.isEmpty()) {
                g.writeNumberField("numErrors", 1);
                g.writeArrayFieldStart("errors");
                g.writeStartObject();
                g.writeStringField("status", "error");
                g.writeStringField("category", "OBJECT_NOT_FOUND");
                g.writeStringField("message", "Could not get some " + store.type().singular().toUpperCase()
                        + " objects, they may be deleted or not exist. Check that ids are valid.");
                g.writeObjectFieldStart("context");
                g.writeArrayFieldStart("ids");
                for (String id : missing) {
                    g.writeString(id);
                }
                g.writeEndArray();
                g.writeEndObject();
                g.writeEndObject();
                g.writeEndArray();
            }
            g.writeStringField("startedAt", Iso.format(startedAt));
            g.writeStringField("completedAt", Iso.format(emulator.clock().now()));
            g.writeEndObject();
        });
        return EmuResponse.json(missing.isEmpty() ? okStatus : 207, json);
    }

    private EmuResponse batchRead(EmuRequest req, RequestContext ctx) {
        long started = emulator.clock().now();
        ObjectStore store = store(req, ctx);
        JsonNode body = body(req);
        boolean archived = "true".equalsIgnoreCase(req.queryParam("archived"));
        String idProperty = body.path("idProperty").asText(null);
        List<String> names = new ArrayList<>();
        body.path("properties").forEach(n -> names.add(n.asText()));
        List<CrmRecord> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (JsonNode in : inputs(body)) {
            String key = in.path("id").asText();
            CrmRecord r;
            if (idProperty != null && !idProperty.equals("hs_object_id")) {
                r = store.findBy(idProperty, key);
            } else {
                long id = RecordJson.parseId(key);
                r = archived ? store.getArchived(id) : store.get(id);
            }
            if (r == null) {
                missing.add(key);
            } else {
                found.add(r);
            }
        }
        return batchResponse(store, found, RecordJson.select(store, names), missing, started, 200);
    }

    private EmuResponse batchCreate(EmuRequest req, RequestContext ctx) {
        long started = emulator.clock().now();
        ObjectStore store = store(req, ctx);
        List<JsonNode> inputs = inputs(body(req));
        List<Map<String, String>> all = new ArrayList<>();
        for (JsonNode in : inputs) {
            all.add(properties(store, in.path("properties")));
            requireRequired(ctx, store, all.get(all.size() - 1));
        }
        List<CrmRecord> created = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Map<String, String> p : all) {
            created.add(store.create(p, "INTEGRATION"));
            names.addAll(p.keySet());
        }
        return batchResponse(store, created, RecordJson.select(store, names), List.of(), started, 201);
    }

    private EmuResponse batchUpdate(EmuRequest req, RequestContext ctx) {
        long started = emulator.clock().now();
        ObjectStore store = store(req, ctx);
        List<CrmRecord> updated = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonNode in : inputs(body(req))) {
            Map<String, String> p = properties(store, in.path("properties"));
            names.addAll(p.keySet());
            // batch update does not follow merged ids, unlike the single PATCH (docs/hubspot.md §10)
            CrmRecord r = store.update(RecordJson.parseId(in.path("id").asText()), p, "INTEGRATION");
            if (r == null) {
                missing.add(in.path("id").asText());
            } else {
                updated.add(r);
            }
        }
        return batchResponse(store, updated, RecordJson.select(store, names), missing, started, 200);
    }

    private EmuResponse batchArchive(EmuRequest req, RequestContext ctx) {
        ObjectStore store = store(req, ctx);
        for (JsonNode in : inputs(body(req))) {
            store.archive(RecordJson.parseId(in.path("id").asText()), "INTEGRATION");
        }
        return EmuResponse.noContent();
    }

    // ------------------------------------------------------------------ merge, GDPR

    private EmuResponse merge(EmuRequest req, RequestContext ctx) {
        ObjectStore store = store(req, ctx);
        JsonNode body = body(req);
        String p = body.path("primaryObjectId").asText(null);
        String s = body.path("objectIdToMerge").asText(null);
        if (p == null || s == null) {
            throw new ApiException(HubSpotErrors.validation("primaryObjectId and objectIdToMerge are required"));
        }
        long primary = RecordJson.parseId(p);
        long secondary = RecordJson.parseId(s);
        if (primary == secondary) {
            throw new ApiException(HubSpotErrors.validation("Cannot merge an object with itself"));
        }
        CrmRecord r = store.merge(primary, secondary, "INTEGRATION");
        if (r == null) {
            throw new ApiException(HubSpotErrors.notFound(store.get(primary) == null ? p : s));
        }
        return EmuResponse.json(200, one(store, r, List.of()));
    }

    private EmuResponse gdprDelete(EmuRequest req, RequestContext ctx) {
        ObjectStore store = store(req, ctx);
        JsonNode body = body(req);
        String key = body.path("objectId").asText(null);
        if (key == null) {
            throw new ApiException(HubSpotErrors.validation("objectId is required"));
        }
        String idProperty = body.path("idProperty").asText(null);
        long id;
        if (idProperty != null && !idProperty.equals("hs_object_id")) {
            CrmRecord r = store.findBy(idProperty, key);
            if (r == null) {
                throw new ApiException(HubSpotErrors.notFound(key));
            }
            id = r.id();
        } else {
            id = RecordJson.parseId(key);
        }
        if (!store.gdprDelete(id, "GDPR")) {
            throw new ApiException(HubSpotErrors.notFound(key));
        }
        return EmuResponse.noContent();
    }

    static void writeString(JsonGenerator g, String name, String v) throws IOException {
        if (v == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, v);
        }
    }
}
