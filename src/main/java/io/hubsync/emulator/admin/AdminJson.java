package io.hubsync.emulator.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.emulator.ApiException;
import io.hubsync.emulator.HubSpotErrors;
import io.hubsync.emulator.http.EmuRequest;

import java.io.IOException;

/** How the emulator's own admin endpoints under {@code /_emulator/} read their request bodies. */
public final class AdminJson {
    private AdminJson() { }

    /**
     * The request body as JSON; an empty body reads as {@code {}}, so every field takes its default.
     *
     * @throws ApiException with HubSpot's invalid-JSON 400 when the body does not parse
     */
    public static JsonNode body(EmuRequest req) {
        if (req.body().length == 0) {
            return HubSpotErrors.MAPPER.createObjectNode();
        }
        try {
            return HubSpotErrors.MAPPER.readTree(req.body());
        } catch (IOException e) {
            throw new ApiException(HubSpotErrors.invalidJson(e.getMessage()));
        }
    }
}
