package io.hubsync.emulator.fault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubsync.emulator.HubSpotErrors;
import io.hubsync.emulator.http.EmuResponse;
import io.hubsync.emulator.http.RequestContext;
import io.hubsync.emulator.ratelimit.Policy;

import java.util.UUID;

/**
 * The bodies of the failures HubSpot and the load balancers in front of it send, kept apart from
 * the rule machinery so that a reader can compare them with HUBSPOT.md in one place.
 */
final class FaultBodies {
    private FaultBodies() { }

    /**
     * HubSpot's JSON 5xx. For 500 the shape and message are seen in real responses ([C]
     * hubspot-api-python#111 shows a 100-byte body, which is exactly
     * {@code {"status":"error","message":"internal error","correlationId":"<uuid>"}}, and
     * hubspot3#25 prints "internal error"). The messages of 502/503/504 are not documented [U].
     */
    static EmuResponse serverError(int status, String message, String category) {
        String text = message != null ? message : status == 500 ? "internal error" : reason(status);
        return HubSpotErrors.response(status, HubSpotErrors.body(text, category));
    }

    /**
     * The bare HTML page a gateway answers with when HubSpot itself never saw the request
     * ([C] hubspot-php#315 and hubspot-cli#265 show the 502 one); clients that parse every body as
     * JSON fail on it, which is what this fault is for.
     */
    static EmuResponse gatewayPage(int status) {
        String title = status + " " + reason(status);
        return EmuResponse.html(status, "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n"
                + "<center><h1>" + title + "</h1></center>\r\n</body>\r\n</html>\r\n");
    }

    /**
     * A 429 as HUBSPOT.md §3 records it. {@code groupName} names the app and portal; its exact form
     * is seen for private apps' 10-second budget [C] and assumed for OAuth apps and the secondly
     * search budget [U]. The daily body carries no group ([V] docs sample).
     */
    static EmuResponse rateLimited(Policy policy, RequestContext ctx, Integer retryAfterSeconds) {
        ObjectNode n = HubSpotErrors.MAPPER.createObjectNode();
        n.put("status", "error");
        n.put("message", policy.message());
        n.put("errorType", "RATE_LIMIT");
        n.put("correlationId", UUID.randomUUID().toString());
        n.put("policyName", policy.name());
        if (policy.groupWindow() != null) {
            n.put("groupName", groupName(policy, ctx));
        }
        if (policy != Policy.TEN_SECONDLY_ROLLING) {
            n.put("requestId", UUID.randomUUID().toString());
        }
        EmuResponse r = HubSpotErrors.response(429, n);
        if (retryAfterSeconds != null) {
            r.header("Retry-After", Integer.toString(retryAfterSeconds));
        }
        return r;
    }

    private static String groupName(Policy policy, RequestContext ctx) {
        boolean oauth = "oauth".equals(ctx.tokenKind());
        String app = ctx.appId() == null ? Long.toString(ctx.portalId())
                : ctx.appId().replaceFirst("^(private|oauth)-", "");
        return "publicapi:" + (oauth ? "oauth" : "private_app") + "-api-calls-" + policy.groupWindow() + ":" + app
                + ":" + ctx.portalId();
    }

    static String reason(int status) {
        return switch (status) {
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Server Error";
        };
    }
}
