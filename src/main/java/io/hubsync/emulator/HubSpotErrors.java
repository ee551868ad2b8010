package io.hubsync.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubsync.emulator.http.EmuResponse;

import java.util.List;
import java.util.UUID;

/** HubSpot's error bodies, as docs/hubspot.md §3–§4 records them. */
public final class HubSpotErrors {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private HubSpotErrors() { }

    public static ObjectNode body(String message, String category) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("status", "error");
        n.put("message", message);
        n.put("correlationId", UUID.randomUUID().toString());
        if (category != null) {
            n.put("category", category);
        }
        return n;
    }

    public static EmuResponse response(int status, ObjectNode body) {
        EmuResponse r = EmuResponse.json(status, body.toString());
        r.header("X-HubSpot-Correlation-Id", body.path("correlationId").asText(UUID.randomUUID().toString()));
        return r;
    }

    public static EmuResponse validation(String message) {
        return response(400, body(message, "VALIDATION_ERROR"));
    }

    /** Unknown body for the search paging cap, marked [U] in docs/hubspot.md; this is its suggested form. */
    public static EmuResponse searchCap() {
        return validation("There was a problem with the request.");
    }

    public static EmuResponse invalidJson(String detail) {
        ObjectNode n = body("Invalid input JSON on line 1, column 1: " + detail, null);
        return response(400, n);
    }

    public static EmuResponse notFound(String id) {
        ObjectNode n = body("Object not found.  objectId are usually numeric.", "OBJECT_NOT_FOUND");
        n.putObject("context").putArray("id").add(id);
        return response(404, n);
    }

    public static EmuResponse routeNotFound(String path) {
        return response(404, body("Unable to route request: no endpoint at " + path, "OBJECT_NOT_FOUND"));
    }

    public static EmuResponse propertyDoesNotExist(List<String> names) {
        StringBuilder msg = new StringBuilder("Property values were not valid: [");
        ObjectNode n = body("", "VALIDATION_ERROR");
        var errors = n.putArray("errors");
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String text = "Property \"" + name + "\" does not exist";
            if (i > 0) {
                msg.append(',');
            }
            ObjectNode detail = MAPPER.createObjectNode();
            detail.put("isValid", false);
            detail.put("message", text);
            detail.put("error", "PROPERTY_DOESNT_EXIST");
            detail.put("name", name);
            detail.put("localizedErrorMessage", text);
            msg.append(detail);
            ObjectNode e = errors.addObject();
            e.put("message", text);
            e.put("code", "PROPERTY_DOESNT_EXIST");
            e.putObject("context").putArray("propertyName").add(name);
        }
        n.put("message", msg.append(']').toString());
        return response(400, n);
    }

    public static EmuResponse conflict(String message) {
        return response(409, body(message, "CONFLICT"));
    }
}
