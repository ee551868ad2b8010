package io.hubsync.emulator.ratelimit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubsync.emulator.HubSpotErrors;
import io.hubsync.emulator.http.EmuResponse;

import java.util.UUID;

/**
 * HubSpot's 429 as docs/hubspot.md §3 records it: the one body the rate limiter refuses with and fault
 * injection fakes, so the two cannot drift apart.
 */
public final class TooManyRequests {
    private TooManyRequests() { }

    /**
     * The 429 with HubSpot's fields in HubSpot's order: the burst body as observed (groupName after
     * policyName, no requestId), the daily body as documented (requestId, no groupName), the search
     * body as in the 2018 report (groupName before policyName, and requestId).
     *
     * @param groupName         the {@code groupName} field, or null for none (a daily body never has one)
     * @param retryAfterSeconds the {@code Retry-After} header, or null for none
     */
    public static EmuResponse response(Policy policy, String groupName, Integer retryAfterSeconds) {
        ObjectNode body = HubSpotErrors.MAPPER.createObjectNode();
        body.put("status", "error");
        body.put("message", policy.message());
        body.put("errorType", "RATE_LIMIT");
        body.put("correlationId", UUID.randomUUID().toString());
        if (groupName != null && policy == Policy.SECONDLY) {
            body.put("groupName", groupName);
        }
        body.put("policyName", policy.name());
        if (groupName != null && policy == Policy.TEN_SECONDLY_ROLLING) {
            body.put("groupName", groupName);
        }
        if (policy != Policy.TEN_SECONDLY_ROLLING) {
            body.put("requestId", UUID.randomUUID().toString());
        }
        EmuResponse r = HubSpotErrors.response(429, body);
        if (retryAfterSeconds != null) {
            r.header("Retry-After", Integer.toString(retryAfterSeconds));
        }
        return r;
    }

    /**
     * {@code publicapi:<private_app|oauth>-api-calls-<window>:<app>:<portalId>}: seen for private apps'
     * 10-second budget [C], assumed for OAuth apps and other budgets [U]. Null for {@link Policy#DAILY},
     * whose body names no group.
     */
    public static String apiCallsGroup(Policy policy, boolean oauth, String app, long portalId) {
        if (policy.groupWindow() == null) {
            return null;
        }
        return "publicapi:" + (oauth ? "oauth" : "private_app") + "-api-calls-" + policy.groupWindow() + ":" + app
                + ":" + portalId;
    }
}
