package io.hubsync.emulator.ratelimit;

import io.hubsync.emulator.EmulatorClock;
import io.hubsync.emulator.EmulatorConfig;
import io.hubsync.emulator.http.EmuResponse;
import io.hubsync.emulator.http.RequestContext;
import io.hubsync.emulator.http.Route;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * HubSpot's request budgets (docs/hubspot.md §2–§3), so that hubsync learns to spend them without a 429
 * (docs/behavior.md rule 7) against an emulator that counts the way HubSpot does.
 *
 * <ul>
 *   <li><b>10-second burst</b>, per (portal, app), rolling: any 10 s span, not fixed buckets. Private
 *       apps get the configured tier (starter 100, professional/enterprise 190, pack 250, or a number);
 *       OAuth tokens always get 110. Only {@link Route.Kind#API} calls count.</li>
 *   <li><b>Daily</b>, per portal, private apps only (OAuth calls have no daily limit and are not
 *       counted): starter 250,000, professional 625,000, enterprise 1,000,000, pack 2,000,000
 *       (enterprise plus one pack); a numeric tier has none unless {@code EmulatorConfig.dailyLimit}
 *       sets one, and a non-zero {@code dailyLimit} replaces any tier's. The day is the UTC day;
 *       HubSpot's is the account's time zone (see {@link PortalBudget}).</li>
 *   <li><b>Association batch and label calls</b> ({@link Route.Kind#BURST_EXEMPT}): the day only, since
 *       HubSpot's spec exempts them from the 10-second budget (docs/hubspot.md §17).</li>
 *   <li><b>Search</b>, per portal: {@code searchPerSecond} per rolling second, and nothing else, since
 *       search is exempt from the 10-second budget (and, in the emulator, from the daily one).</li>
 * </ul>
 *
 * <p>A rejected call consumes no budget. With {@code rateLimits=off} (the default) nothing is counted,
 * refused or decorated.
 *
 * <p><b>Headers.</b> Every API response after authentication, errors and 429s included, carries
 * {@code X-HubSpot-RateLimit-Interval-Milliseconds}, {@code -Max}, {@code -Remaining}, the deprecated
 * {@code -Secondly} and {@code -Secondly-Remaining} (Max/10), and for private apps with a daily limit
 * {@code -Daily} and {@code -Daily-Remaining}. Search responses carry none [V USAGE-OLD].
 *
 * <p><b>Retry-After.</b> Whether HubSpot sends it on 429s is unverified ([U] docs/hubspot.md §3) and its
 * clients key on {@code policyName}, so by default the emulator does not send it, which keeps a client
 * honest about reading the policy. {@code EmulatorConfig.rateLimitRetryAfter} (or the admin API) turns
 * it on: whole seconds, rounded up, until the refusing budget has room (the next UTC midnight for
 * {@code DAILY}).
 *
 * <p><b>Unverified choices</b> ([U]): the groupName of OAuth and search 429s; the millisecond at which
 * a call leaves its window ({@link RollingWindow}); that search calls do not count toward the day.
 *
 * <p>Thread safe and cheap: one lock per portal around a ring of timestamps ({@link PortalBudget}),
 * limits read from one volatile immutable value.
 */
public final class RateLimiter {
    private static final String H = "X-HubSpot-RateLimit-";

    private final EmulatorClock clock;
    private final Map<Long, PortalBudget> budgets = new ConcurrentHashMap<>();
    private volatile RateLimits limits;

    public RateLimiter(EmulatorConfig config, EmulatorClock clock) {
        this.clock = clock;
        this.limits = RateLimits.of(config.rateLimits, config.dailyLimit, config.searchPerSecond,
                config.rateLimitRetryAfter);
    }

    /** The limits in force. */
    public RateLimits limits() { return limits; }

    /** Changes the limits at run time; budgets already spent stay spent. */
    public synchronized RateLimits update(UnaryOperator<RateLimits> change) {
        limits = change.apply(limits);
        return limits;
    }

    /** Null when the request may proceed (and is counted), else HubSpot's 429. */
    public EmuResponse admit(RequestContext ctx, Route.Kind kind) {
        RateLimits l = limits;
        if (!l.enabled() || (kind != Route.Kind.API && kind != Route.Kind.SEARCH && kind != Route.Kind.BURST_EXEMPT)) {
            return null;
        }
        long now = clock.now();
        PortalBudget budget = budget(ctx.portalId());
        if (kind == Route.Kind.BURST_EXEMPT) {
            // [U] docs/hubspot.md §17: whether these count toward the day is unknown; counted, conservatively
            Usage u = budget.admitDaily(now, oauth(ctx) ? 0 : l.dailyLimit(false));
            return u.admitted() ? null : tooMany(u, l, null);
        }
        if (kind == Route.Kind.SEARCH) {
            Usage u = budget.admitSearch(now, l.searchPerSecond());
            return u.admitted() ? null : tooMany(u, l, searchGroup(ctx));
        }
        boolean oauth = oauth(ctx);
        Usage u = budget.admitApi(ctx.appId(), now, l.tenSecondlyMax(oauth), l.dailyLimit(oauth), !oauth);
        if (u.admitted()) {
            return null;
        }
        EmuResponse r = tooMany(u, l, u.rejectedBy() == Policy.TEN_SECONDLY_ROLLING ? burstGroup(ctx) : null);
        headers(r, l, oauth, u);
        return r;
    }

    /** Adds the X-HubSpot-RateLimit-* headers to an API response (never to search ones). */
    public void decorate(RequestContext ctx, Route.Kind kind, EmuResponse response) {
        RateLimits l = limits;
        if (!l.enabled() || kind != Route.Kind.API || ctx.appId() == null) {
            return;
        }
        headers(response, l, oauth(ctx), budget(ctx.portalId()).usage(ctx.appId(), clock.now()));
    }

    /** Forgets every spent budget (the limits themselves stay as they are). */
    public void reset() {
        budgets.clear();
    }

    /** Per portal: what its apps, its searches and its day have spent now, for the admin API. */
    Map<Long, PortalBudget.Snapshot> usage() {
        long now = clock.now();
        Map<Long, PortalBudget.Snapshot> out = new TreeMap<>();
        budgets.forEach((id, b) -> out.put(id, b.snapshot(now)));
        return out;
    }

    private PortalBudget budget(long portalId) {
        PortalBudget b = budgets.get(portalId);
        return b != null ? b : budgets.computeIfAbsent(portalId, id -> new PortalBudget());
    }

    private static boolean oauth(RequestContext ctx) {
        return "oauth".equals(ctx.tokenKind());
    }

    /** The private-app form is observed [C docs/hubspot.md §3]; the OAuth form is the emulator's guess [U]. */
    private static String burstGroup(RequestContext ctx) {
        String app = ctx.appId();
        boolean oauth = oauth(ctx);
        return TooManyRequests.apiCallsGroup(Policy.TEN_SECONDLY_ROLLING, oauth,
                oauth && app.startsWith("oauth-") ? app.substring(6) : app, ctx.portalId());
    }

    /** [U] only a 2018 API-key form ({@code publicapi:hapikey-secondly:<portalId>}) is on record. */
    private static String searchGroup(RequestContext ctx) {
        return "publicapi:search-secondly:" + ctx.portalId();
    }

    /** HubSpot's 429 for the budget {@code u} ran out of, with Retry-After (whole seconds) when configured. */
    private static EmuResponse tooMany(Usage u, RateLimits l, String groupName) {
        Integer retryAfter = l.retryAfter()
                ? Math.toIntExact(Math.max(1, (u.retryAfterMillis() + 999) / 1000)) : null;
        return TooManyRequests.response(u.rejectedBy(), groupName, retryAfter);
    }

    private static void headers(EmuResponse r, RateLimits l, boolean oauth, Usage u) {
        int max = l.tenSecondlyMax(oauth);
        int secondly = Math.max(1, max / 10);
        r.header(H + "Interval-Milliseconds", Long.toString(RateLimits.INTERVAL_MILLIS));
        r.header(H + "Max", Integer.toString(max));
        r.header(H + "Remaining", Integer.toString(Math.max(0, max - u.inWindow())));
        r.header(H + "Secondly", Integer.toString(secondly));
        r.header(H + "Secondly-Remaining", Integer.toString(Math.max(0, secondly - u.inLastSecond())));
        long daily = l.dailyLimit(oauth);
        if (daily > 0) {
            r.header(H + "Daily", Long.toString(daily));
            r.header(H + "Daily-Remaining", Long.toString(Math.max(0, daily - u.dailyUsed())));
        }
    }
}
