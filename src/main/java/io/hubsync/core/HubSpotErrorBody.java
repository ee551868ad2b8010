package io.hubsync.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.http.base.HttpOperationFailedException;

/** Reads a field of HubSpot's JSON error body ({@code message}, {@code policyName}, …) from a failed call. */
public final class HubSpotErrorBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HubSpotErrorBody() { }

    /** The field's text, or null when absent or when the body is not HubSpot's JSON (a gateway page). */
    public static String field(HttpOperationFailedException e, String name) {
        try {
            JsonNode body = e.getResponseBody() == null ? null : JSON.readTree(e.getResponseBody());
            return body == null || !body.hasNonNull(name) ? null : body.get(name).asText();
        } catch (Exception notJson) {
            return null;
        }
    }
}
