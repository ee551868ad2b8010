package io.hubsync.emulator.fault;

import io.hubsync.emulator.HubSpotErrors;
import io.hubsync.emulator.http.EmuResponse;
import io.hubsync.emulator.http.RequestContext;
import io.hubsync.emulator.ratelimit.Policy;
import io.hubsync.emulator.ratelimit.TooManyRequests;

/**
 * The bodies of the failures HubSpot and the load balancers in front of it send, kept apart from
 * the rule machinery so that a reader can compare them with docs/hubspot.md in one place.
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
     * HubSpot's 429 ({@link TooManyRequests}) for the caller of {@code ctx}. {@code groupName} names the
     * app and portal, its app part without the emulator's {@code private-}/{@code oauth-} prefix.
     */
    static EmuResponse rateLimited(Policy policy, RequestContext ctx, Integer retryAfterSeconds) {
        String app = ctx.appId() == null ? Long.toString(ctx.portalId())
                : ctx.appId().replaceFirst("^(private|oauth)-", "");
        String group = TooManyRequests.apiCallsGroup(policy, "oauth".equals(ctx.tokenKind()), app, ctx.portalId());
        return TooManyRequests.response(policy, group, retryAfterSeconds);
    }

    static String reason(int status) {
        return switch (status) {
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            default -> status < 500 ? "Client Error" : "Server Error";
        };
    }
}
