package io.hubsync.emulator.crm;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.emulator.ApiException;
import io.hubsync.emulator.HubSpotErrors;

import java.util.ArrayList;
import java.util.List;

/** The {@code inputs} array of a HubSpot batch request, refused when missing or over the endpoint's limit. */
final class BatchInputs {
    private BatchInputs() { }

    static List<JsonNode> of(JsonNode body, int max) {
        JsonNode in = body.path("inputs");
        if (!in.isArray()) {
            throw new ApiException(HubSpotErrors.validation("inputs is required and must be an array"));
        }
        if (in.size() > max) {
            throw new ApiException(HubSpotErrors.validation("Batch input limit is " + max + ", got "
                    + in.size() + " inputs"));
        }
        List<JsonNode> out = new ArrayList<>();
        in.forEach(out::add);
        return out;
    }
}
