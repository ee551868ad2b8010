package io.hubsync.emulator.fault;

import io.hubsync.emulator.http.EmuResponse;

/** Faults injected per endpoint. This first cut injects none; rules come next. */
public final class FaultInjector {

    /** What to do to one request: replace its response, or alter the real one. Null for nothing. */
    public interface Fault {
        /** A response to send instead of handling the request, or null to handle it. */
        EmuResponse replacement();

        /** Alters the real response (delay, reset, truncation). */
        EmuResponse apply(EmuResponse response);
    }

    public Fault next(String endpoint, long portalId) {
        return null;
    }

    public void clear() {
    }
}
