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
import java.util.Set;

/** {@code /crm/v3/properties/{objectType}}: list, read and create property definitions. */
public final class PropertiesApi {
    private static final String BASE = "/crm/v3/properties/{objectType}";
    private static final Set<String> TYPES = Set.of("bool", "date", "datetime", "enumeration", "number",
            "phone_number", "string");

    private final Emulator emulator;

    public PropertiesApi(Emulator emulator) {
        this.emulator = emulator;
    }

    public void register(Router router) {
        router.add("GET", BASE, "properties.list", Route.Kind.API, r -> CrmApi.scopes(r, "objectType").schemaReadScope(), this::list)
              .add("POST", BASE, "properties.create", Route.Kind.API,
                      r -> CrmApi.scopes(r, "objectType").schemaWriteScope(), this::create)
              .add("GET", BASE + "/{propertyName}", "properties.get", Route.Kind.API,
                      r -> CrmApi.scopes(r, "objectType").schemaReadScope(), this::get);
    }

    private PropertySchema schema(EmuRequest req, RequestContext ctx) {
        return CrmApi.store(emulator, req, ctx).schema();
    }

    private EmuResponse list(EmuRequest req, RequestContext ctx) {
        PropertySchema schema = schema(req, ctx);
        return EmuResponse.json(200, RecordJson.build(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("results");
            for (PropertyDef d : schema.all()) {
                write(g, d);
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    private EmuResponse get(EmuRequest req, RequestContext ctx) {
        PropertyDef d = schema(req, ctx).get(req.pathParam("propertyName"));
        if (d == null) {
            ApiException e = new ApiException(HubSpotErrors.response(404, HubSpotErrors.body(
                    "Unable to find property " + req.pathParam("propertyName"), "OBJECT_NOT_FOUND")));
            throw e;
        }
        return EmuResponse.json(200, RecordJson.build(g -> write(g, d)));
    }

    private EmuResponse create(EmuRequest req, RequestContext ctx) {
        PropertySchema schema = schema(req, ctx);
        PropertyDef d = parse(CrmApi.body(req), null, emulator.clock().now());
        if (!schema.add(d)) {
            throw new ApiException(HubSpotErrors.conflict("A property named '" + d.name() + "' already exists."));
        }
        return EmuResponse.json(201, RecordJson.build(g -> write(g, d)));
    }

    /**
     * A property definition from a create body; 400 when a required field is missing or wrong.
     * {@code defaultGroup} null makes {@code groupName} required (the properties API); a schema's
     * properties may leave it out.
     */
    static PropertyDef parse(JsonNode b, String defaultGroup, long now) {
        List<String> missing = new ArrayList<>();
        for (String f : defaultGroup == null ? List.of("name", "label", "type", "fieldType", "groupName")
                : List.of("name", "label", "type", "fieldType")) {
            if (b.path(f).asText("").isEmpty()) {
                missing.add(f);
            }
        }
        if (!missing.isEmpty()) {
            throw new ApiException(HubSpotErrors.validation("Missing required fields: " + String.join(", ", missing)));
        }
        String type = b.path("type").asText();
        if (!TYPES.contains(type)) {
            throw new ApiException(HubSpotErrors.validation("Unknown property type '" + type + "'"));
        }
        String name = b.path("name").asText();
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new ApiException(HubSpotErrors.validation("Property name '" + name
                    + "' must start with a letter and use only lowercase letters, digits and underscores"));
        }
        List<String> options = new ArrayList<>();
        b.path("options").forEach(o -> options.add(o.path("value").asText()));
        return new PropertyDef(name, b.path("label").asText(), type, b.path("fieldType").asText(),
                b.path("groupName").asText(defaultGroup == null ? "" : defaultGroup), b.path("description").asText(""),
                List.copyOf(options), false, false, now);
    }

    static void write(JsonGenerator g, PropertyDef d) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", d.name());
        g.writeStringField("label", d.label());
        g.writeStringField("type", d.type());
        g.writeStringField("fieldType", d.fieldType());
        g.writeStringField("groupName", d.groupName());
        g.writeStringField("description", d.description());
        g.writeArrayFieldStart("options");
        int order = 0;
        for (String o : d.options()) {
            g.writeStartObject();
            g.writeStringField("label", o);
            g.writeStringField("value", o);
            g.writeNumberField("displayOrder", order++);
            g.writeBooleanField("hidden", false);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("displayOrder", -1);
        g.writeBooleanField("calculated", false);
        g.writeBooleanField("externalOptions", false);
        g.writeBooleanField("hasUniqueValue", d.name().equals("hs_object_id"));
        g.writeBooleanField("hidden", false);
        g.writeBooleanField("hubspotDefined", d.hubspotDefined());
        g.writeBooleanField("formField", !d.readOnlyValue());
        g.writeStringField("createdAt", Iso.format(d.createdAt()));
        g.writeStringField("updatedAt", Iso.format(d.createdAt()));
        g.writeBooleanField("archived", false);
        g.writeObjectFieldStart("modificationMetadata");
        g.writeBooleanField("archivable", !d.hubspotDefined());
        g.writeBooleanField("readOnlyDefinition", d.hubspotDefined());
        g.writeBooleanField("readOnlyValue", d.readOnlyValue());
        g.writeEndObject();
        g.writeEndObject();
    }
}
