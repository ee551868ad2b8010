package io.hubsync.emulator;

import java.time.Duration;

/**
 * The emulator's time: the system clock shifted by an offset, or frozen at an instant. Record
 * timestamps, token expiry, rate-limit windows and the search index delay all read it, so a test
 * can move time instead of waiting for it.
 */
public final class EmulatorClock {
    private volatile long offsetMillis;
    private volatile long frozenAt = -1;

    public long now() {
        long frozen = frozenAt;
        return frozen >= 0 ? frozen : System.currentTimeMillis() + offsetMillis;
    }

    /** Stops time at the current instant; {@link #advance} then moves it. */
    public synchronized void freeze() {
        frozenAt = now();
    }

    public synchronized void freezeAt(long epochMillis) {
        frozenAt = epochMillis;
    }

    /** Lets time run again from where it stands. */
    public synchronized void unfreeze() {
        long at = now();
        frozenAt = -1;
        offsetMillis = at - System.currentTimeMillis();
    }

    public synchronized void advance(Duration d) {
        if (frozenAt >= 0) {
            frozenAt += d.toMillis();
        } else {
            offsetMillis += d.toMillis();
        }
    }

    public boolean frozen() { return frozenAt >= 0; }
}
