package io.hubsync.emulator.ratelimit;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The budgets of one portal: a 10-second window per app (the burst limit is per app), the portal's
 * search window and its private-app day (the daily limit is shared across the account, docs/hubspot.md §3).
 *
 * <p>One lock per portal keeps "check every budget, then charge every budget" atomic, so a call
 * rejected by one budget never consumes another. The critical section is a few array operations;
 * portals never contend with each other.
 *
 * <p>The day is the UTC calendar day. HubSpot resets the daily counter at midnight in the account's
 * time zone [V USAGE-OLD]; the emulator has no account time zone, and UTC is what tests can pin.
 */
final class PortalBudget {
    static final long DAY_MILLIS = 86_400_000L;

    private final Map<String, RollingWindow> apps = new HashMap<>();
    private final RollingWindow search = new RollingWindow(RateLimits.SEARCH_INTERVAL_MILLIS);
    private long day = Long.MIN_VALUE;
    private long dailyUsed;

    /**
     * Admits and charges one API call, or says which budget refuses it. The daily budget is looked at
     * first: when both are spent, "wait until midnight" is the answer that helps the client.
     *
     * @param dailyLimit 0 = none
     * @param daily      whether the call counts toward the portal's day (private apps only)
     */
    synchronized Usage admitApi(String appId, long now, int max, long dailyLimit, boolean daily) {
        RollingWindow w = apps.computeIfAbsent(appId, k -> new RollingWindow(RateLimits.INTERVAL_MILLIS));
        int inWindow = w.count(now);
        long used = today(now);
        if (daily && dailyLimit > 0 && used >= dailyLimit) {
            return new Usage(Policy.DAILY, inWindow, w.countWithin(now, 1_000), used, (day + 1) * DAY_MILLIS - now);
        }
        if (inWindow >= max) {
            return new Usage(Policy.TEN_SECONDLY_ROLLING, inWindow, w.countWithin(now, 1_000), used,
                    w.millisUntilRoom(now, max));
        }
        w.add(now);
        if (daily) {
            dailyUsed = ++used;
        }
        // the headers of an admitted call are made after its handler ran, from usage()
        return new Usage(null, inWindow + 1, 0, used, 0);
    }

    /** Admits and charges one call that only the day limits (private apps; {@code dailyLimit} 0 = none). */
    synchronized Usage admitDaily(long now, long dailyLimit) {
        long used = today(now);
        if (dailyLimit <= 0) {
            return new Usage(null, 0, 0, used, 0);
        }
        if (used >= dailyLimit) {
            return new Usage(Policy.DAILY, 0, 0, used, (day + 1) * DAY_MILLIS - now);
        }
        dailyUsed = ++used;
        return new Usage(null, 0, 0, used, 0);
    }

    /** The counts as they stand, for the headers of a response to an admitted call. */
    synchronized Usage usage(String appId, long now) {
        RollingWindow w = apps.get(appId);
        int inWindow = w == null ? 0 : w.count(now);
        return new Usage(null, inWindow, w == null ? 0 : w.countWithin(now, 1_000), today(now), 0);
    }

    /** Admits and charges one search call against the portal's per-second budget. */
    synchronized Usage admitSearch(long now, int perSecond) {
        int n = search.count(now);
        if (n >= perSecond) {
            return new Usage(Policy.SECONDLY, n, n, today(now), search.millisUntilRoom(now, perSecond));
        }
        search.add(now);
        return new Usage(null, n + 1, n + 1, today(now), 0);
    }

    /** For the admin API: calls per app in the 10-second window, search calls in the last second, today. */
    synchronized Snapshot snapshot(long now) {
        Map<String, Integer> perApp = new LinkedHashMap<>();
        apps.entrySet().stream().sorted(Map.Entry.comparingByKey())
            .forEach(e -> perApp.put(e.getKey(), e.getValue().count(now)));
        return new Snapshot(perApp, search.count(now), today(now));
    }

    record Snapshot(Map<String, Integer> inWindowByApp, int searchInLastSecond, long dailyUsed) { }

    /** Today's count, starting a new day when the UTC date has changed (either way: clocks can be set back). */
    private long today(long now) {
        long d = Math.floorDiv(now, DAY_MILLIS);
        if (d != day) {
            day = d;
            dailyUsed = 0;
        }
        return dailyUsed;
    }
}
