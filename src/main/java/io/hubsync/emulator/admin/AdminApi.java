package io.hubsync.emulator.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubsync.emulator.ApiException;
import io.hubsync.emulator.Emulator;
import io.hubsync.emulator.HubSpotErrors;
import io.hubsync.emulator.crm.AssociationStore;
import io.hubsync.emulator.crm.CrmRecord;
import io.hubsync.emulator.crm.CustomSchema;
import io.hubsync.emulator.crm.ObjectStore;
import io.hubsync.emulator.crm.ObjectType;
import io.hubsync.emulator.crm.Portal;
import io.hubsync.emulator.crm.RecordJson;
import io.hubsync.emulator.http.EmuRequest;
import io.hubsync.emulator.http.EmuResponse;
import io.hubsync.emulator.http.RequestContext;
import io.hubsync.emulator.http.Route;
import io.hubsync.emulator.http.Router;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The emulator's own API under {@code /_emulator/} (not HubSpot's): reset, seed, bulk-touch,
 * activity, clock, index delay, credentials, statistics and the dump tests use as their oracle.
 * No auth: it listens on the loopback address by default.
 */
public final class AdminApi {
    private static final String P = "/_emulator";
    private final Emulator emulator;

    public AdminApi(Emulator emulator) {
        this.emulator = emulator;
    }

    public void register(Router router) {
        Route.Kind admin = Route.Kind.ADMIN;
        router.add("POST", P + "/reset", "admin.reset", admin, null, this::reset)
              .add("GET", P + "/portals", "admin.portals", admin, null, this::portals)
              .add(new Route("POST", P + "/portals/{portalId}/seed", "admin.seed", admin, null, this::seed, true))
              .add(new Route("POST", P + "/portals/{portalId}/custom-objects", "admin.custom-object", admin, null,
                      this::customObject, true))
              .add(new Route("POST", P + "/portals/{portalId}/{objectType}/bulk-touch", "admin.bulk-touch", admin,
                      null, this::bulkTouch, true))
              .add("POST", P + "/portals/{portalId}/{objectType}/{objectId}/restore", "admin.restore", admin, null,
                      this::restore)
              .add(new Route("GET", P + "/portals/{portalId}/{objectType}/dump", "admin.dump", admin, null,
                      this::dump, true))
              .add("GET", P + "/stats", "admin.stats", admin, null, (q, c) -> EmuResponse.json(200,
                      emulator.stats().toJson().toString()))
              .add("DELETE", P + "/stats", "admin.stats-reset", admin, null, (q, c) -> {
                  emulator.stats().reset();
                  return EmuResponse.noContent();
              })
              .add("POST", P + "/activity", "admin.activity", admin, null, this::activity)
              .add("DELETE", P + "/activity", "admin.activity-off", admin, null, (q, c) -> {
                  emulator.activity().stop();
                  return activityState();
              })
              .add("GET", P + "/activity", "admin.activity-state", admin, null, (q, c) -> activityState())
              .add("GET", P + "/clock", "admin.clock", admin, null, (q, c) -> clockState())
              .add("POST", P + "/clock", "admin.clock-set", admin, null, this::clock)
              .add("POST", P + "/index-delay", "admin.index-delay", admin, null, this::indexDelay)
              .add("POST", P + "/private-apps", "admin.private-app", admin, null, this::privateApp)
              .add("POST", P + "/tokens/expire", "admin.expire-tokens", admin, null, this::expireTokens);
    }

    private Portal portal(EmuRequest req) {
        Portal p = emulator.portal(RecordJson.parseId(req.pathParam("portalId")));
        if (p == null) {
            throw new ApiException(HubSpotErrors.response(404, HubSpotErrors.body("No portal "
                    + req.pathParam("portalId"), "OBJECT_NOT_FOUND")));
        }
        return p;
    }

    private ObjectStore store(EmuRequest req) {
        Portal p = portal(req);
        ObjectType t = p.type(req.pathParam("objectType"));
        if (t == null) {
            throw new ApiException(HubSpotErrors.validation("Unknown object type " + req.pathParam("objectType")));
        }
        return p.store(t);
    }

    private EmuResponse reset(EmuRequest req, RequestContext ctx) {
        emulator.activity().stop();
        emulator.reset(AdminJson.body(req).path("seed").asBoolean(true));
        return portals(req, ctx);
    }

    private EmuResponse portals(EmuRequest req, RequestContext ctx) {
        ArrayNode arr = HubSpotErrors.MAPPER.createArrayNode();
        for (Portal p : emulator.portals()) {
            ObjectNode n = arr.addObject();
            n.put("portalId", p.id());
            n.put("privateAppToken", emulator.auth().privateAppToken(p.id()));
            ObjectNode counts = n.putObject("records");
            for (ObjectType t : p.types()) {
                counts.put(t.path(), p.store(t).liveCount());
            }
            n.put("owners", emulator.owners().of(p.id()).liveCount());
        }
        ObjectNode root = HubSpotErrors.MAPPER.createObjectNode();
        root.set("portals", arr);
        ObjectNode oauth = root.putObject("oauth");
        oauth.put("clientId", emulator.config().clientId);
        oauth.put("clientSecret", emulator.config().clientSecret);
        oauth.put("appId", emulator.config().appId);
        return EmuResponse.json(200, root.toString());
    }

    private EmuResponse seed(EmuRequest req, RequestContext ctx) {
        JsonNode b = AdminJson.body(req);
        Portal p = portal(req);
        // {"contacts":N,…,"calls":N}: any standard type by its path name
        Map<ObjectType, Integer> counts = new java.util.LinkedHashMap<>();
        for (ObjectType t : ObjectType.standard()) {
            counts.put(t, b.path(t.path()).asInt(0));
        }
        emulator.seedPortal(p, counts,
                b.path("associateContactsWithCompanies").asBoolean(emulator.config().associateContactsWithCompanies));
        emulator.owners().seed(p.id(), b.path("owners").asInt(0));
        return portals(req, ctx);
    }

    /**
     * {@code {"name":"cars","records":12000}}: a custom object schema with the sample properties
     * ({@code CustomObjects.sample}) and that many records; answers its type id and names.
     */
    private EmuResponse customObject(EmuRequest req, RequestContext ctx) {
        JsonNode b = AdminJson.body(req);
        String name = b.path("name").asText("");
        if (!name.matches("[a-z][a-z0-9_]*") || ObjectType.parse(name) != null) {
            throw new ApiException(HubSpotErrors.validation("name must use lowercase letters, digits and underscores "
                    + "and not be a standard object's, got '" + name + "'"));
        }
        CustomSchema s = emulator.seedCustomObject(portal(req), name, Math.max(0, b.path("records").asInt(0)));
        if (s == null) {
            throw new ApiException(HubSpotErrors.conflict("An object type named '" + name + "' already exists."));
        }
        ObjectNode out = HubSpotErrors.MAPPER.createObjectNode();
        out.put("objectTypeId", s.type().typeId());
        out.put("fullyQualifiedName", s.type().fullyQualifiedName());
        out.put("name", s.name());
        out.put("records", portal(req).store(s.type()).liveCount());
        return EmuResponse.json(201, out.toString());
    }

    /** Stamps {@code count} records with one identical millisecond, as an import does. */
    private EmuResponse bulkTouch(EmuRequest req, RequestContext ctx) {
        JsonNode b = AdminJson.body(req);
        ObjectStore store = store(req);
        int count = b.path("count").asInt(0);
        if (count <= 0) {
            throw new ApiException(HubSpotErrors.validation("count must be a positive number"));
        }
        String property = b.path("property").asText(null);
        if (property != null && !store.schema().has(property)) {
            throw new ApiException(HubSpotErrors.validation("Unknown property " + property));
        }
        int n = store.bulkTouch(count, b.path("fromId").asLong(0), property, b.path("value").asText(null));
        ObjectNode out = HubSpotErrors.MAPPER.createObjectNode();
        out.put("touched", n);
        return EmuResponse.json(200, out.toString());
    }

    private EmuResponse restore(EmuRequest req, RequestContext ctx) {
        CrmRecord r = store(req).restore(RecordJson.parseId(req.pathParam("objectId")), "CRM_UI");
        if (r == null) {
            throw new ApiException(HubSpotErrors.notFound(req.pathParam("objectId")));
        }
        return EmuResponse.noContent();
    }

    /**
     * {@code ?properties=a,b} chooses what the hash covers; {@code values=true} adds the values;
     * {@code associations=companies,deals} adds each live record's visible associations of those types.
     */
    private EmuResponse dump(EmuRequest req, RequestContext ctx) {
        ObjectStore store = store(req);
        List<String> props = RecordJson.splitParams(req.queryParams("properties"));
        boolean values = "true".equalsIgnoreCase(req.queryParam("values"));
        List<ObjectStore.DumpEntry> entries = store.dump(props, values);
        // keyed as asked for: a custom object by name, fully qualified name or id
        Map<String, ObjectType> assocTypes = new java.util.LinkedHashMap<>();
        for (String t : RecordJson.splitParams(req.queryParams("associations"))) {
            ObjectType ot = portal(req).type(t);
            if (ot == null) {
                throw new ApiException(HubSpotErrors.validation("Unknown object type " + t));
            }
            assocTypes.put(t, ot);
        }
        AssociationStore links = portal(req).associations();
        byte[] json = RecordJson.build(g -> {
            g.writeStartObject();
            g.writeNumberField("portalId", portal(req).id());
            g.writeStringField("objectType", store.type().path());
            g.writeArrayFieldStart("hashedProperties");
            for (String s : props) {
                g.writeString(s);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("records");
            for (ObjectStore.DumpEntry e : entries) {
                g.writeStartObject();
                g.writeStringField("id", Long.toString(e.id()));
                g.writeStringField("state", e.state());
                g.writeNumberField("lastModified", e.lastModified());
                g.writeBooleanField("archived", e.archived());
                if (e.archivedAt() != null) {
                    g.writeNumberField("archivedAt", e.archivedAt());
                }
                if (e.mergedInto() != null) {
                    g.writeStringField("mergedInto", Long.toString(e.mergedInto()));
                }
                if (e.hash() != null) {
                    g.writeStringField("hash", e.hash());
                }
                if (e.properties() != null) {
                    g.writeObjectFieldStart("properties");
                    for (var p : e.properties().entrySet()) {
                        g.writeStringField(p.getKey(), p.getValue());
                    }
                    g.writeEndObject();
                }
                if (!assocTypes.isEmpty() && e.state().equals("live")) {
                    writeAssociations(g, links, store.type(), e.id(), assocTypes);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        return EmuResponse.json(200, json);
    }

    /** {@code "associations":{"companies":[{"id":"5001","typeIds":[1,279]}]}}, every type asked for, as named. */
    private static void writeAssociations(JsonGenerator g, AssociationStore links, ObjectType from, long id,
                                          Map<String, ObjectType> types) throws IOException {
        g.writeObjectFieldStart("associations");
        for (Map.Entry<String, ObjectType> named : types.entrySet()) {
            ObjectType to = named.getValue();
            g.writeArrayFieldStart(named.getKey());
            for (AssociationStore.Link l : links.page(from, id, to, Long.MIN_VALUE, Integer.MAX_VALUE - 1)) {
                g.writeStartObject();
                g.writeStringField("id", Long.toString(l.toId()));
                g.writeArrayFieldStart("typeIds");
                for (int t : l.typeIds()) {
                    g.writeNumber(t);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private EmuResponse activity(EmuRequest req, RequestContext ctx) {
        JsonNode b = AdminJson.body(req);
        double rate = b.path("perSecond").asDouble(10);
        ActivityGenerator.Mix d = ActivityGenerator.Mix.DEFAULT;
        JsonNode m = b.path("mix");
        ActivityGenerator.Mix mix = new ActivityGenerator.Mix(m.path("create").asInt(d.create()),
                m.path("edit").asInt(d.edit()), m.path("archive").asInt(d.archive()), m.path("restore").asInt(d.restore()),
                m.path("merge").asInt(d.merge()), m.path("gdprDelete").asInt(d.gdprDelete()),
                m.path("associate").asInt(d.associate()));
        List<ObjectType> types = new ArrayList<>();
        for (JsonNode t : b.path("objectTypes")) {
            // a custom type's name may stand for one type in each portal that has it
            List<ObjectType> found = new ArrayList<>();
            for (Portal p : emulator.portals()) {
                ObjectType ot = p.type(t.asText());
                if (ot != null && (ot.custom() || found.isEmpty())) {
                    found.add(ot);
                }
            }
            if (found.isEmpty()) {
                throw new ApiException(HubSpotErrors.validation("Unknown object type " + t.asText()));
            }
            types.addAll(found);
        }
        emulator.activity().start(rate, mix, types.isEmpty() ? List.of(ObjectType.CONTACTS) : types,
                b.path("seed").asLong(emulator.config().seed));
        return activityState();
    }

    private EmuResponse activityState() {
        ObjectNode n = HubSpotErrors.MAPPER.createObjectNode();
        n.put("running", emulator.activity().running());
        n.put("perSecond", emulator.activity().perSecond());
        n.put("changes", emulator.activity().changes());
        return EmuResponse.json(200, n.toString());
    }

    /** {@code {"advanceMillis":N}}, {@code {"freeze":true}}, {@code {"freeze":false}}, {@code {"setMillis":T}}. */
    private EmuResponse clock(EmuRequest req, RequestContext ctx) {
        JsonNode b = AdminJson.body(req);
        if (b.has("setMillis")) {
            emulator.clock().freezeAt(b.get("setMillis").asLong());
        }
        if (b.has("freeze")) {
            if (b.get("freeze").asBoolean()) {
                emulator.clock().freeze();
            } else {
                emulator.clock().unfreeze();
            }
        }
        if (b.has("advanceMillis")) {
            emulator.clock().advance(Duration.ofMillis(b.get("advanceMillis").asLong()));
        }
        return clockState();
    }

    private EmuResponse clockState() {
        ObjectNode n = HubSpotErrors.MAPPER.createObjectNode();
        n.put("now", emulator.clock().now());
        n.put("frozen", emulator.clock().frozen());
        return EmuResponse.json(200, n.toString());
    }

    private EmuResponse indexDelay(EmuRequest req, RequestContext ctx) {
        emulator.indexDelayMillis(AdminJson.body(req).path("millis").asLong(0));
        ObjectNode n = HubSpotErrors.MAPPER.createObjectNode();
        n.put("millis", emulator.indexDelayMillis());
        return EmuResponse.json(200, n.toString());
    }

    /** {@code {"portalId":N,"scopes":["crm.objects.contacts.read"]}} → a private-app token with only those. */
    private EmuResponse privateApp(EmuRequest req, RequestContext ctx) {
        JsonNode b = AdminJson.body(req);
        long portalId = b.path("portalId").asLong(emulator.config().portalId(0));
        if (emulator.portal(portalId) == null) {
            throw new ApiException(HubSpotErrors.validation("No portal " + portalId));
        }
        Set<String> scopes = new LinkedHashSet<>();
        b.path("scopes").forEach(s -> scopes.add(s.asText()));
        ObjectNode n = HubSpotErrors.MAPPER.createObjectNode();
        n.put("token", emulator.auth().addPrivateApp(portalId, scopes));
        return EmuResponse.json(201, n.toString());
    }

    private EmuResponse expireTokens(EmuRequest req, RequestContext ctx) {
        ObjectNode n = HubSpotErrors.MAPPER.createObjectNode();
        n.put("expired", emulator.auth().expireAccessTokens(AdminJson.body(req).path("portalId").asLong(0)));
        return EmuResponse.json(200, n.toString());
    }
}
