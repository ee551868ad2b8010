package io.hubsync.store;

import io.hubsync.core.Durations;

import java.sql.Timestamp;
import java.time.Clock;

/** How long housekeeping keeps what it prunes: the instant before which rows go, for a SQL parameter. */
public final class Retention {
    private final Clock clock;

    public Retention() {
        this(Clock.systemUTC());
    }

    public Retention(Clock clock) {
        this.clock = clock;
    }

    /** @param key the setting's name, so a bad value names what to fix */
    public Timestamp before(String key, String keep) {
        return Timestamp.from(clock.instant().minus(Durations.parse(key, keep)));
    }
}
