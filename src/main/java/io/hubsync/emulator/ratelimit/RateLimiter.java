package io.hubsync.emulator.ratelimit;

import io.hubsync.emulator.EmulatorClock;
import io.hubsync.emulator.EmulatorConfig;
import io.hubsync.emulator.http.EmuResponse;
import io.hubsync.emulator.http.RequestContext;
import io.hubsync.emulator.http.Route;

/** HubSpot's request budgets. This first cut admits everything; the real buckets come next. */
public final class RateLimiter {
    private final EmulatorConfig config;
    private final EmulatorClock clock;

    public RateLimiter(EmulatorConfig config, EmulatorClock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Null when the request may proceed (and is counted), else HubSpot's 429. */
    public EmuResponse admit(RequestContext ctx, Route.Kind kind) {
        return null;
    }

    /** Adds the X-HubSpot-RateLimit-* headers to an API response. */
    public void decorate(RequestContext ctx, Route.Kind kind, EmuResponse response) {
    }

    public void reset() {
    }
}
