package io.hubsync.emulator.ratelimit;

/**
 * The timestamps of the calls admitted in the last {@code span} milliseconds, oldest first, in a
 * growable ring of primitive longs (no boxing on the hot path).
 *
 * <p>A rolling window, not fixed buckets: a call at {@code t} counts against every instant from
 * {@code t} to {@code t + span - 1} and frees at {@code t + span}, so any {@code span} consecutive
 * milliseconds hold at most the limit. A client that waits exactly one span after its oldest call
 * (HubSpot's SDK waits 1 s after a SECONDLY 429) gets in.
 *
 * <p>Not thread safe: {@link PortalBudget} guards it.
 */
final class RollingWindow {
    private final long span;
    private long[] ring = new long[16];
    private int head;
    private int size;

    RollingWindow(long span) {
        this.span = span;
    }

    /** Drops the calls that left the window at {@code now} and returns how many remain. */
    int count(long now) {
        // the clock may be set back (admin, tests): calls "after" now have not happened yet
        while (size > 0 && at(size - 1) > now) {
            size--;
        }
        while (size > 0 && now - ring[head] >= span) {
            head = (head + 1) % ring.length;
            size--;
        }
        return size;
    }

    /** Records one call at {@code now}; call {@link #count} first so the ring stays in time order. */
    void add(long now) {
        if (size == ring.length) {
            long[] bigger = new long[ring.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = at(i);
            }
            ring = bigger;
            head = 0;
        }
        ring[(head + size) % ring.length] = now;
        size++;
    }

    /**
     * Calls in the last {@code shorter} milliseconds (counted as the window counts), without pruning;
     * a binary search, since the ring is in time order and may hold a numeric tier's thousands.
     */
    int countWithin(long now, long shorter) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (now - at(mid) < shorter) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return size - lo;
    }

    /**
     * Milliseconds from {@code now} until fewer than {@code max} calls are in the window, that is
     * until the call that would then be the oldest one too many has left it; 0 when there is room.
     */
    long millisUntilRoom(long now, int max) {
        int excess = count(now) - max;
        if (excess < 0) {
            return 0;
        }
        return at(excess) + span - now;
    }

    void clear() {
        head = 0;
        size = 0;
    }

    private long at(int i) {
        return ring[(head + i) % ring.length];
    }
}
