package io.hubsync.emulator.owners;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** The owners of every portal, kept beside the portals so the record stores need not know them. */
public final class Owners {
    private final Map<Long, OwnerStore> byPortal = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    public Owners(LongSupplier clock) {
        this.clock = clock;
    }

    /** The portal's owners, empty until seeded. */
    public OwnerStore of(long portalId) {
        return byPortal.computeIfAbsent(portalId, id -> new OwnerStore());
    }

    public void seed(long portalId, int count) {
        if (count > 0) {
            of(portalId).seed(count, clock.getAsLong());
        }
    }

    public long now() { return clock.getAsLong(); }

    public void clear() {
        byPortal.clear();
    }
}
