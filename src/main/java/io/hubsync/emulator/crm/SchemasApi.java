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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The object schemas API, {@code /crm-object-schemas/v3/schemas} and its alias {@code /crm/v3/schemas}
 * (docs/hubspot.md §15, §18): list, get, create, patch and delete custom object schemas, batch read,
 * and their association definitions. Reads need {@code crm.schemas.custom.read} or
 * {@code crm.objects.custom.read}; writes {@code crm.schemas.custom.write}.
 */
public final class SchemasApi {
    private static final List<String> BASES = List.of("/crm-object-schemas/v3/schemas", "/crm/v3/schemas");

    private final Emulator emulator;

    public SchemasApi(Emulator emulator) {
        this.emulator = emulator;
    }

    public void register(Router router) {
        Route.Kind api = Route.Kind.API;
        for (String b : BASES) {
            router.add("GET", b, "schemas.list", api, r -> ObjectType.SCHEMA_READ, this::list)
                  .add("POST", b, "schemas.create", api, r -> ObjectType.SCHEMA_WRITE, this::create)
                  .add("POST", b + "/batch/read", "schemas.batch.read", api, r -> ObjectType.SCHEMA_READ, this::batchRead)
                  .add("GET", b + "/{objectType}", "schemas.get", api, r -> ObjectType.SCHEMA_READ, this::get)
                  .add("PATCH", b + "/{objectType}", "schemas.update", api, r -> ObjectType.SCHEMA_WRITE, this::patch)
                  .add("DELETE", b + "/{objectType}", "schemas.archive", api, r -> ObjectType.SCHEMA_WRITE,
                          this::delete)
                  .add("POST", b + "/{objectType}/associations", "schemas.associations.create", api,
                          r -> ObjectType.SCHEMA_WRITE, this::createAssociation)
                  .add("DELETE", b + "/{objectType}/associations/{associationIdentifier}",
                          "schemas.associations.archive", api, r -> ObjectType.SCHEMA_WRITE, this::deleteAssociation);
        }
    }

    /** Which parts of a schema an answer carries; each defaults to true, as in the spec. */
    private record Include(boolean properties, boolean associations, boolean audit) {
        static Include of(EmuRequest r) {
            return new Include(!"false".equalsIgnoreCase(r.queryParam("includePropertyDefinitions")),
                    !"false".equalsIgnoreCase(r.queryParam("includeAssociationDefinitions")),
                    !"false".equalsIgnoreCase(r.queryParam("includeAuditMetadata")));
        }

        static Include of(JsonNode body) {
            return new Include(body.path("includePropertyDefinitions").asBoolean(true),
                    body.path("includeAssociationDefinitions").asBoolean(true),
                    body.path("includeAuditMetadata").asBoolean(true));
        }
    }

    private Portal portal(RequestContext ctx) {
        return emulator.portal(ctx.portalId());
    }

    /** The live schema the path names; 404 when none ([U] body). */
    private CustomSchema schema(EmuRequest req, RequestContext ctx, boolean archived) {
        CustomSchema s = portal(ctx).customObjects().find(req.pathParam("objectType"), archived);
        if (s == null) {
            throw new ApiException(HubSpotErrors.response(404, HubSpotErrors.body("Unable to find object type "
                    + req.pathParam("objectType"), "OBJECT_NOT_FOUND")));
        }
        return s;
    }

    // ------------------------------------------------------------------ reads

    private EmuResponse list(EmuRequest req, RequestContext ctx) {
        boolean archived = "true".equalsIgnoreCase(req.queryParam("archived"));
        return results(ctx, portal(ctx).customObjects().list(archived), Include.of(req));
    }

    private EmuResponse get(EmuRequest req, RequestContext ctx) {
        CustomSchema s = schema(req, ctx, false);
        Include inc = Include.of(req);
        return EmuResponse.json(200, RecordJson.build(g -> writeSchema(g, s, inc, true)));
    }

    private EmuResponse batchRead(EmuRequest req, RequestContext ctx) {
        JsonNode b = CrmApi.body(req);
        if (!b.path("inputs").isArray()) {
            throw new ApiException(HubSpotErrors.validation("inputs is required"));
        }
        // [U] unknown inputs are left out of the results rather than reported
        Set<CustomSchema> found = new LinkedHashSet<>();
        for (JsonNode in : b.path("inputs")) {
            CustomSchema s = portal(ctx).customObjects().find(in.asText(), false);
            if (s != null) {
                found.add(s);
            }
        }
        return results(ctx, new ArrayList<>(found), Include.of(b));
    }

    private EmuResponse results(RequestContext ctx, List<CustomSchema> schemas, Include inc) {
        return EmuResponse.json(200, RecordJson.build(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("results");
            for (CustomSchema s : schemas) {
                writeSchema(g, s, inc, true);
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    // ------------------------------------------------------------------ writes

    private EmuResponse create(EmuRequest req, RequestContext ctx) {
        JsonNode b = CrmApi.body(req);
        List<String> missing = new ArrayList<>();
        for (String f : List.of("name", "labels", "properties", "requiredProperties", "associatedObjects")) {
            if (b.path(f).isMissingNode() || b.path(f).isNull()) {
                missing.add(f);
            }
        }
        if (!missing.isEmpty()) {
            throw new ApiException(HubSpotErrors.validation("Missing required fields: " + String.join(", ", missing)));
        }
        String name = b.path("name").asText();
        if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new ApiException(HubSpotErrors.validation("Object type name '" + name
                    + "' must start with a letter and use only letters, digits and underscores"));
        }
        if (ObjectType.parse(name) != null) {
            throw new ApiException(HubSpotErrors.validation("Object type name '" + name + "' is a standard object's"));
        }
        List<PropertyDef> props = new ArrayList<>();
        long now = emulator.clock().now();
        for (JsonNode p : b.path("properties")) {
            props.add(PropertiesApi.parse(p, name.toLowerCase(java.util.Locale.ROOT) + "_information", now));
        }
        Set<String> names = new LinkedHashSet<>();
        props.forEach(p -> names.add(p.name()));
        List<ObjectType> associated = new ArrayList<>();
        for (JsonNode t : b.path("associatedObjects")) {
            ObjectType ot = portal(ctx).type(t.asText());
            if (ot == null) {
                throw new ApiException(HubSpotErrors.validation("Unknown associated object type " + t.asText()));
            }
            associated.add(ot);
        }
        CustomObjects.Spec spec = new CustomObjects.Spec(name, b.path("labels").path("singular").asText(null),
                b.path("labels").path("plural").asText(null), b.path("description").asText(null),
                b.path("primaryDisplayProperty").asText(null), strings(b.path("secondaryDisplayProperties")),
                strings(b.path("requiredProperties")), strings(b.path("searchableProperties")), props, associated,
                b.path("allowsSensitiveProperties").asBoolean(false));
        if (spec.singular() == null || spec.plural() == null) {
            throw new ApiException(HubSpotErrors.validation("labels needs both singular and plural"));
        }
        checkNames(spec, names);
        CustomSchema s = portal(ctx).customObjects().create(spec);
        if (s == null) {
            throw new ApiException(HubSpotErrors.conflict("An object type named '" + name + "' already exists."));
        }
        return EmuResponse.json(201, RecordJson.build(g -> writeSchema(g, s, new Include(true, true, true), true)));
    }

    /** Required, display and searchable properties must be properties of the schema. */
    private static void checkNames(CustomObjects.Spec spec, Set<String> names) {
        List<String> named = new ArrayList<>();
        if (spec.requiredProperties() != null) {
            named.addAll(spec.requiredProperties());
        }
        if (spec.searchableProperties() != null) {
            named.addAll(spec.searchableProperties());
        }
        if (spec.secondaryDisplayProperties() != null) {
            named.addAll(spec.secondaryDisplayProperties());
        }
        if (spec.primaryDisplayProperty() != null) {
            named.add(spec.primaryDisplayProperty());
        }
        for (String n : named) {
            if (!names.contains(n)) {
                throw new ApiException(HubSpotErrors.validation("Property '" + n + "' is not defined on this object type"));
            }
        }
    }

    private EmuResponse patch(EmuRequest req, RequestContext ctx) {
        JsonNode b = CrmApi.body(req);
        CustomSchema s = b.path("restorable").asBoolean(false) && portal(ctx).customObjects()
                .find(req.pathParam("objectType"), false) == null ? schema(req, ctx, true) : schema(req, ctx, false);
        JsonNode labels = b.path("labels");
        String description = b.path("clearDescription").asBoolean(false) ? "" : b.path("description").asText(null);
        CustomObjects.Spec patch = new CustomObjects.Spec(null, labels.path("singular").asText(null),
                labels.path("plural").asText(null), description, b.path("primaryDisplayProperty").asText(null),
                b.has("secondaryDisplayProperties") ? strings(b.path("secondaryDisplayProperties")) : null,
                b.has("requiredProperties") ? strings(b.path("requiredProperties")) : null,
                b.has("searchableProperties") ? strings(b.path("searchableProperties")) : null, List.of(), List.of(),
                false);
        Set<String> names = new LinkedHashSet<>();
        portal(ctx).store(s.type()).schema().all().forEach(d -> names.add(d.name()));
        checkNames(patch, names);
        portal(ctx).customObjects().patch(s, patch, b.path("restorable").asBoolean(false));
        if (b.has("allowsSensitiveProperties")) {
            s.allowsSensitiveProperties = b.path("allowsSensitiveProperties").asBoolean();
        }
        return EmuResponse.json(200, RecordJson.build(g -> writeSchema(g, s, new Include(false, false, true), false)));
    }

    /**
     * Archives a schema, which needs its records gone first ([U] the guide asks for that; the
     * status and body are guesses); {@code ?archived=true} purges an archived one, freeing its name.
     */
    private EmuResponse delete(EmuRequest req, RequestContext ctx) {
        CustomObjects co = portal(ctx).customObjects();
        if ("true".equalsIgnoreCase(req.queryParam("archived"))) {
            co.delete(schema(req, ctx, true), true);
            return EmuResponse.noContent();
        }
        CustomSchema s = schema(req, ctx, false);
        if (portal(ctx).store(s.type()).liveCount() > 0) {
            throw new ApiException(HubSpotErrors.validation("Object type " + s.type().typeId()
                    + " still has records; archive them first"));
        }
        co.delete(s, false);
        return EmuResponse.noContent();
    }

    private EmuResponse createAssociation(EmuRequest req, RequestContext ctx) {
        CustomSchema s = schema(req, ctx, false);
        JsonNode b = CrmApi.body(req);
        Portal p = portal(ctx);
        ObjectType from = p.type(b.path("fromObjectTypeId").asText(null));
        ObjectType to = p.type(b.path("toObjectTypeId").asText(null));
        if (from == null || to == null) {
            throw new ApiException(HubSpotErrors.validation("fromObjectTypeId and toObjectTypeId must name object types"));
        }
        ObjectType other = from == s.type() ? to : to == s.type() ? from : null;
        if (other == null) {
            throw new ApiException(HubSpotErrors.validation("One end of the association must be " + s.type().typeId()));
        }
        CustomSchema.Definition d = p.customObjects().define(s, other, b.path("name").asText(null));
        if (d == null) {
            throw new ApiException(HubSpotErrors.conflict("An association between " + s.type().typeId() + " and "
                    + other.typeId() + " already exists."));
        }
        return EmuResponse.json(201, RecordJson.build(g -> writeDefinition(g, d)));
    }

    private EmuResponse deleteAssociation(EmuRequest req, RequestContext ctx) {
        CustomSchema s = schema(req, ctx, false);
        if (!portal(ctx).customObjects().undefine(s, req.pathParam("associationIdentifier"))) {
            throw new ApiException(HubSpotErrors.response(404, HubSpotErrors.body("Unable to find association "
                    + req.pathParam("associationIdentifier"), "OBJECT_NOT_FOUND")));
        }
        return EmuResponse.noContent();
    }

    // ------------------------------------------------------------------ JSON

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * An {@code ObjectSchema}, or with {@code full} false an {@code ObjectTypeDefinition} (what PATCH
     * answers: no properties or associations, plus {@code portalId}).
     */
    private void writeSchema(JsonGenerator g, CustomSchema s, Include inc, boolean full) throws IOException {
        ObjectType t = s.type();
        g.writeStartObject();
        g.writeStringField("id", Integer.toString(s.number()));
        g.writeStringField("objectTypeId", t.typeId());
        g.writeStringField("fullyQualifiedName", t.fullyQualifiedName());
        g.writeStringField("name", s.name());
        g.writeObjectFieldStart("labels");
        g.writeStringField("singular", s.singular());
        g.writeStringField("plural", s.plural());
        g.writeEndObject();
        if (s.primaryDisplayProperty() != null) {
            g.writeStringField("primaryDisplayProperty", s.primaryDisplayProperty());
        }
        if (s.description() != null) {
            g.writeStringField("description", s.description());
        }
        stringArray(g, "requiredProperties", s.requiredProperties());
        stringArray(g, "searchableProperties", s.searchableProperties());
        stringArray(g, "secondaryDisplayProperties", s.secondaryDisplayProperties());
        if (full) {
            g.writeArrayFieldStart("properties");
            if (inc.properties()) {
                ObjectStore store = emulator.portal(t.portalId()).store(t);
                for (PropertyDef d : store.schema().all()) {
                    PropertiesApi.write(g, d);
                }
            }
            g.writeEndArray();
            g.writeArrayFieldStart("associations");
            if (inc.associations()) {
                for (CustomSchema.Definition d : s.definitions()) {
                    writeDefinition(g, d);
                }
            }
            g.writeEndArray();
        } else {
            g.writeNumberField("portalId", t.portalId());
        }
        g.writeBooleanField("allowsSensitiveProperties", s.allowsSensitiveProperties());
        g.writeBooleanField("archived", s.archived());
        if (inc.audit()) {
            g.writeStringField("createdAt", Iso.format(s.createdAt()));
            g.writeStringField("updatedAt", Iso.format(s.updatedAt()));
        }
        g.writeEndObject();
    }

    private static void writeDefinition(JsonGenerator g, CustomSchema.Definition d) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", Integer.toString(d.id()));
        g.writeStringField("fromObjectTypeId", d.from().typeId());
        g.writeStringField("toObjectTypeId", d.to().typeId());
        g.writeStringField("name", d.name());
        g.writeStringField("createdAt", Iso.format(d.createdAt()));
        g.writeStringField("updatedAt", Iso.format(d.createdAt()));
        g.writeEndObject();
    }

    private static void stringArray(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values == null ? List.<String>of() : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
