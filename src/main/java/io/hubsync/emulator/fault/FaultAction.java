package io.hubsync.emulator.fault;

import io.hubsync.emulator.HubSpotErrors;
import io.hubsync.emulator.auth.AuthService;
import io.hubsync.emulator.http.EmuResponse;
import io.hubsync.emulator.http.RequestContext;
import io.hubsync.emulator.http.Route;
import io.hubsync.emulator.ratelimit.Policy;

/**
 * What a fault rule does to one request.
 *
 * <p>Two families, because a client cannot tell them apart but the emulator's state can:
 * <ul>
 *   <li>replacements ({@link ServerError}, {@link RateLimited}, {@link SearchCap}, {@link Expired})
 *       answer instead of the handler, so nothing changes: HubSpot refused the call;</li>
 *   <li>transport faults ({@link Slow}, {@link Reset}, {@link Truncate}) let the handler run and
 *       spoil the delivery, as when HubSpot did the write and the answer was lost on the way.
 *       A sync must survive both: retrying a lost create may meet the record it already made.</li>
 * </ul>
 * {@link Ok} is the "answer normally" step of a scripted sequence.
 */
public sealed interface FaultAction {
    /** {@link Reset} and {@link Truncate}: cut the body in the middle */
    int HALF = -1;
    /** how long {@link Slow} waits when no time is given: longer than any sane client timeout */
    long DEFAULT_SLOW_MILLIS = 30_000;
    /** the token age {@link Expired} reports when none is given, as in docs/hubspot.md §4's sample */
    long DEFAULT_EXPIRED_AGO_SECONDS = 75;

    /** The name in the admin JSON ({@code status}, {@code 429}, {@code slow}, ...). */
    String kind();

    /** The fault for one request, or null to answer it normally. */
    FaultInjector.Fault toFault(RequestContext ctx, long now);

    static FaultAction ok() { return new Ok(); }

    /** HubSpot's JSON error body with this 5xx status. */
    static FaultAction status(int status) { return new ServerError(status, false, null, null); }

    /** A gateway's HTML page with this 5xx status, {@code text/html}. */
    static FaultAction gatewayPage(int status) { return new ServerError(status, true, null, null); }

    /** A 429 whose policy follows the route: SECONDLY for search, TEN_SECONDLY_ROLLING otherwise. */
    static FaultAction rateLimited() { return new RateLimited(null, null); }

    static FaultAction rateLimited(Policy policy, Integer retryAfterSeconds) {
        return new RateLimited(policy, retryAfterSeconds);
    }

    static FaultAction slow(long delayMillis) { return new Slow(delayMillis); }

    /** Headers and {@code afterBytes} of the body ({@link #HALF} for half), then a TCP reset. */
    static FaultAction reset(int afterBytes) { return new Reset(afterBytes); }

    /** A complete response whose body is only its first {@code bytes} ({@link #HALF} for half). */
    static FaultAction truncate(int bytes) { return new Truncate(bytes); }

    static FaultAction searchCap() { return new SearchCap(); }

    static FaultAction expired(long agoSeconds) { return new Expired(agoSeconds); }

    /** Answer normally; a step of a sequence that lets one request through. */
    record Ok() implements FaultAction {
        @Override public String kind() { return "ok"; }
        @Override public FaultInjector.Fault toFault(RequestContext ctx, long now) { return null; }
    }

    /**
     * A 5xx: HubSpot's JSON body, or with {@code html} the page a load balancer sends. {@code message}
     * and {@code category} override the JSON body's (null keeps the defaults of {@link FaultBodies}).
     */
    record ServerError(int status, boolean html, String message, String category) implements FaultAction {
        public ServerError {
            // 401 and 429 have kinds of their own (expired, 429): their bodies carry more than a message
            if (status < 400 || status > 599 || status == 401 || status == 429) {
                throw new IllegalArgumentException("status must be a 4xx or 5xx other than 401 and 429 (use the "
                        + "expired and 429 kinds), not " + status);
            }
        }

        @Override public String kind() { return "status"; }

        @Override
        public FaultInjector.Fault toFault(RequestContext ctx, long now) {
            return FaultInjector.Fault.replaceWith(html ? FaultBodies.gatewayPage(status)
                    : FaultBodies.serverError(status, message, category));
        }
    }

    /** A 429; a null policy follows the route (search has its own per-second budget). */
    record RateLimited(Policy policy, Integer retryAfterSeconds) implements FaultAction {
        public RateLimited {
            if (retryAfterSeconds != null && retryAfterSeconds < 0) {
                throw new IllegalArgumentException("retryAfterSeconds must not be negative");
            }
        }

        @Override public String kind() { return "429"; }

        @Override
        public FaultInjector.Fault toFault(RequestContext ctx, long now) {
            Policy p = policy != null ? policy : ctx.route().kind() == Route.Kind.SEARCH
                    ? Policy.SECONDLY : Policy.TEN_SECONDLY_ROLLING;
            return FaultInjector.Fault.replaceWith(FaultBodies.rateLimited(p, ctx, retryAfterSeconds));
        }
    }

    /** The real answer, sent only after {@code delayMillis}: the handler has already run. */
    record Slow(long delayMillis) implements FaultAction {
        public Slow {
            if (delayMillis <= 0) {
                throw new IllegalArgumentException("delayMillis must be positive");
            }
        }

        @Override public String kind() { return "slow"; }

        @Override
        public FaultInjector.Fault toFault(RequestContext ctx, long now) {
            return FaultInjector.Fault.alter(r -> r.delay(delayMillis));
        }
    }

    /**
     * The real answer's headers (announcing the full length) and part of its body, then a reset.
     * The cut is kept at least one byte short of the body so the client never holds a whole
     * answer; an empty body (204) therefore arrives whole.
     */
    record Reset(int afterBytes) implements FaultAction {
        public Reset {
            checkBytes(afterBytes, "afterBytes");
        }

        @Override public String kind() { return "reset"; }

        @Override
        public FaultInjector.Fault toFault(RequestContext ctx, long now) {
            return FaultInjector.Fault.alter(r -> r.resetAfter(cut(afterBytes, r.body().length)));
        }
    }

    /** The real status and headers with a body cut short: well-formed HTTP, broken JSON. */
    record Truncate(int bytes) implements FaultAction {
        public Truncate {
            checkBytes(bytes, "bytes");
        }

        @Override public String kind() { return "truncate"; }

        @Override
        public FaultInjector.Fault toFault(RequestContext ctx, long now) {
            return FaultInjector.Fault.alter(r -> r.truncateBody(cut(bytes, r.body().length)));
        }
    }

    /** The 400 a search gets when it pages past HubSpot's 10,000-result cap. */
    record SearchCap() implements FaultAction {
        @Override public String kind() { return "search-cap"; }

        @Override
        public FaultInjector.Fault toFault(RequestContext ctx, long now) {
            return FaultInjector.Fault.replaceWith(HubSpotErrors.searchCap());
        }
    }

    /** The 401 of an OAuth token that expired {@code agoSeconds} before now, as the auth check makes it. */
    record Expired(long agoSeconds) implements FaultAction {
        public Expired {
            if (agoSeconds < 0) {
                throw new IllegalArgumentException("agoSeconds must not be negative");
            }
        }

        @Override public String kind() { return "expired"; }

        @Override
        public FaultInjector.Fault toFault(RequestContext ctx, long now) {
            return FaultInjector.Fault.replaceWith(AuthService.expired(now - agoSeconds * 1000, now));
        }
    }

    private static void checkBytes(int bytes, String name) {
        if (bytes < HALF) {
            throw new IllegalArgumentException(name + " must be 0 or more (or -1 for half the body)");
        }
    }

    /** Where to cut a body of {@code length} bytes: never at or past its end, so something is missing. */
    private static int cut(int bytes, int length) {
        if (length == 0) {
            return 0;
        }
        return bytes == HALF ? length / 2 : Math.min(bytes, length - 1);
    }
}
