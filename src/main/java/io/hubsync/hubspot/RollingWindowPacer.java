package io.hubsync.hubspot;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Spends one of HubSpot's rolling-window budgets per connection (docs/behavior.md rule 7): a request may go
 * when fewer than {@code limit} requests of that connection count in the last window, so a run
 * sends a whole window's budget at once and then waits exactly as long as HubSpot would.
 *
 * <p>Why not Camel's throttle: it gives a permit back a window after the request <em>left</em>, but
 * HubSpot counts a request when it <em>arrives</em>, and the two differ by however long the request
 * took to get there: usually a millisecond, tens of them when the CPU is busy or a GC pauses. So
 * the throttle needs a margin as large as the worst such delay, paid on every window the run spans
 * (on a loaded 2-core machine 50 ms and 20 ms margins still met 429s, while 250 ms and 100 ms cost
 * a backfill 2.5% and a window read 10%). Here a request counts from when its answer came back,
 * which is never before HubSpot counted it, so no margin is needed for the way there, and each
 * window costs one request's round trip (a few milliseconds) instead of the worst one's.
 *
 * <p>Requests under way count too, so two at once (the page asked for ahead and a batch read) never
 * overspend. HubSpot's {@code X-HubSpot-RateLimit-Max} and {@code -Remaining} on an answer (not sent
 * for search) correct what this pacer knows ({@link #observe}). Thread safe; one lock per connection,
 * held for a few deque operations.
 */
public final class RollingWindowPacer {
    private final long windowNanos;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** @param windowMillis the budget's window: 10000 for the 10-second budget, 1000 for search */
    public RollingWindowPacer(long windowMillis) {
        if (windowMillis < 1) {
            throw new IllegalArgumentException("a rate window must be at least 1 ms, got " + windowMillis);
        }
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMillis);
    }

    /**
     * Waits until the connection has fewer than {@code limit} requests in the last window (or under
     * way), then counts this one as under way. Every call must be followed by {@link #answered}.
     */
    public void acquire(String connectionId, int limit) throws InterruptedException {
        acquire(connectionId, limit, () -> false);
    }

    /**
     * As {@link #acquire(String, int)} for a call on this exchange, which gives up waiting with
     * {@link RequestAbandoned} once the exchange is stopped (a page asked for ahead that its chain no
     * longer wants, io.hubsync.sync.PagePrefetch): it would otherwise spend a permit, later, for nothing.
     */
    public void acquire(String connectionId, int limit, org.apache.camel.Exchange exchange) throws InterruptedException {
        acquire(connectionId, limit, exchange::isRouteStop);
    }

    void acquire(String connectionId, int limit, java.util.function.BooleanSupplier abandoned) throws InterruptedException {
        if (limit < 1) {
            throw new IllegalArgumentException("a rate budget must allow at least 1 request, got " + limit);
        }
        windows.computeIfAbsent(connectionId, k -> new Window()).acquire(limit, windowNanos, abandoned);
    }

    /** The request's answer came back (or it failed): from now it counts for one window. */
    public void answered(String connectionId) {
        Window w = windows.get(connectionId);
        if (w != null) {
            w.answered();
        }
    }

    /**
     * What HubSpot said on an answer (the {@code X-HubSpot-RateLimit-Max} and {@code -Remaining}
     * headers; null when absent, as on search and on failures): from now on the connection spends
     * the lower of its configured budget and HubSpot's Max, and calls HubSpot counts in its window
     * that this pacer does not (another process of the same app, or a run killed moments ago whose
     * calls are still in the window) count here as well, for one window from now. Counting them
     * later than they happened only makes the pacer wait longer, never overspend. Call it before
     * {@link #answered} for the same call.
     */
    public void observe(String connectionId, Integer max, Integer remaining) {
        Window w = windows.get(connectionId);
        if (w != null && max != null && max > 0) {
            w.observe(max, remaining, windowNanos);
        }
    }

    /**
     * How many calls the connection may make from now on without waiting longer than {@code gapMillis}
     * between two: the permits free now, then those that free as the window rolls on, until the first
     * pause longer than that. A backfill's list chain spends its permits as they free, so this is what
     * it can read before it stalls for the next burst (io.hubsync.sync.BackfillChains).
     */
    public int roomWithoutPause(String connectionId, int limit, long gapMillis) {
        Window w = windows.get(connectionId);
        return w == null ? limit : w.roomWithoutPause(limit, windowNanos, TimeUnit.MILLISECONDS.toNanos(gapMillis));
    }

    /** Requests of the connection that count now (in the last window or under way), for tests. */
    public int inWindow(String connectionId) {
        Window w = windows.get(connectionId);
        return w == null ? 0 : w.counted(windowNanos);
    }

    /**
     * Each connection's share of its budget that counts now (in the last window or under way, over the
     * budget its last request was paced by), for the metrics; connections never paced are absent.
     */
    public java.util.Map<String, Double> used() {
        java.util.Map<String, Double> used = new java.util.TreeMap<>();
        windows.forEach((connection, w) -> used.put(connection, w.used(windowNanos)));
        return used;
    }

    private static final long ABANDON_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final class Window {
        /** when the answers came, oldest first (System.nanoTime, taken under the lock, so in order) */
        private final ArrayDeque<Long> answeredAt = new ArrayDeque<>();
        private int underWay;
        /** HubSpot's X-HubSpot-RateLimit-Max, 0 until an answer carried it */
        private int announcedMax;
        /** the budget of the last acquire, HubSpot's Max applied */
        private int limit;

        synchronized void acquire(int configured, long windowNanos, java.util.function.BooleanSupplier abandoned)
                throws InterruptedException {
            while (true) {
                if (abandoned.getAsBoolean()) {
                    throw new RequestAbandoned();
                }
                long now = System.nanoTime();
                prune(now, windowNanos);
                limit = announcedMax > 0 ? Math.min(configured, announcedMax) : configured;
                if (answeredAt.size() + underWay < limit) {
                    underWay++;
                    return;
                }
                // at most ABANDON_CHECK_NANOS at a time, so that an abandoned call stops waiting soon
                if (answeredAt.isEmpty()) {
                    TimeUnit.NANOSECONDS.timedWait(this, ABANDON_CHECK_NANOS); // all under way: the first answer will tell
                } else {
                    long untilRoom = answeredAt.peekFirst() + windowNanos - now;
                    TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, Math.min(untilRoom, ABANDON_CHECK_NANOS)));
                }
            }
        }

        synchronized void answered() {
            if (underWay > 0) {
                underWay--;
            }
            answeredAt.addLast(System.nanoTime());
            notifyAll();
        }

        synchronized void observe(int max, Integer remaining, long windowNanos) {
            announcedMax = max;
            if (remaining != null) {
                long now = System.nanoTime();
                prune(now, windowNanos);
                // this call is still under way here, so both counts include it
                int unknown = (max - remaining) - (answeredAt.size() + underWay);
                for (int i = 0; i < unknown; i++) {
                    answeredAt.addLast(now);
                }
            }
        }

        synchronized int roomWithoutPause(int configured, long windowNanos, long gapNanos) {
            long now = System.nanoTime();
            prune(now, windowNanos);
            int max = announcedMax > 0 ? Math.min(configured, announcedMax) : configured;
            int room = Math.max(0, max - answeredAt.size() - underWay);
            long previous = now;
            for (long answered : answeredAt) {
                long frees = answered + windowNanos;
                if (frees - previous > gapNanos) {
                    break;
                }
                room++;
                previous = frees;
            }
            return room;
        }

        synchronized double used(long windowNanos) {
            return limit < 1 ? 0 : (double) counted(windowNanos) / limit;
        }

        synchronized int counted(long windowNanos) {
            prune(System.nanoTime(), windowNanos);
            return answeredAt.size() + underWay;
        }

        private void prune(long now, long windowNanos) {
            while (!answeredAt.isEmpty() && now - answeredAt.peekFirst() >= windowNanos) {
                answeredAt.removeFirst();
            }
        }
    }
}
