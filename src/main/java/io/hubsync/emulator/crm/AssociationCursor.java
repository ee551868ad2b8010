package io.hubsync.emulator.crm;

import io.hubsync.emulator.ApiException;
import io.hubsync.emulator.HubSpotErrors;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code after} of association pages: HubSpot's is URL-encoded base64 of {@code "<n>-<n>-<id>"}
 * (docs/hubspot.md §14, e.g. {@code MC0yLTc1MDI%3D}); here the last part is the first to-id not yet
 * returned. Clients must treat it as opaque.
 */
final class AssociationCursor {
    private AssociationCursor() { }

    static String encode(ObjectType to, long nextToId) {
        String raw = "0-" + to.typeId().substring(to.typeId().indexOf('-') + 1) + "-" + nextToId;
        return Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.US_ASCII)).replace("=", "%3D");
    }

    /** The to-id a page starts at: {@link Long#MIN_VALUE} for none; a 400 for a cursor this did not make. */
    static long decode(String after) {
        if (after == null || after.isBlank()) {
            return Long.MIN_VALUE;
        }
        try {
            String s = after.contains("%") ? URLDecoder.decode(after, StandardCharsets.US_ASCII) : after;
            String raw = new String(Base64.getDecoder().decode(s.trim()), StandardCharsets.US_ASCII);
            return Long.parseLong(raw.substring(raw.lastIndexOf('-') + 1));
        } catch (RuntimeException e) {
            throw new ApiException(HubSpotErrors.validation("Invalid paging cursor: " + after));
        }
    }
}
