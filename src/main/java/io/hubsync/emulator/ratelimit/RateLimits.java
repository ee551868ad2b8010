package io.hubsync.emulator.ratelimit;

import java.util.Locale;

/**
 * One consistent set of limits (docs/hubspot.md §2–§3). Immutable: an admin change replaces the whole
 * value, so the hot path reads one volatile field and never sees half an update.
 *
 * @param tier               {@code off}, a preset name, or the number of requests per 10 s as text
 * @param enabled            false for {@code off}: no 429s and no headers at all
 * @param tenSecondlyMax     private-app requests per rolling 10 s per (portal, app)
 * @param tierDailyLimit     private-app requests per day per portal that the tier gives; 0 = none
 * @param dailyLimitOverride the configured daily limit; 0 = take the tier's
 * @param searchPerSecond    search requests per rolling second per portal
 * @param retryAfter         whether 429s carry a {@code Retry-After} header ([U] in docs/hubspot.md §3)
 */
public record RateLimits(String tier, boolean enabled, int tenSecondlyMax, long tierDailyLimit,
                         long dailyLimitOverride, int searchPerSecond, boolean retryAfter) {

    /** The 10-second window and the header {@code X-HubSpot-RateLimit-Interval-Milliseconds}. */
    public static final long INTERVAL_MILLIS = 10_000;
    /** The search window. */
    public static final long SEARCH_INTERVAL_MILLIS = 1_000;
    /** OAuth (marketplace) apps: 110 per 10 s per installing account, whatever the tier [C USAGE-NEW]. */
    public static final int OAUTH_TEN_SECONDLY = 110;

    /** The presets of docs/hubspot.md §3. */
    enum Preset {
        STARTER(100, 250_000),
        PROFESSIONAL(190, 625_000),
        ENTERPRISE(190, 1_000_000),
        /** Enterprise with one API Limit Increase pack: 250 per 10 s, 1,000,000 + 1,000,000 a day. */
        PACK(250, 2_000_000),
        /** Every call as an OAuth app would be limited; OAuth calls have no daily limit. */
        OAUTH(OAUTH_TEN_SECONDLY, 0);

        final int tenSecondly;
        final long daily;

        Preset(int tenSecondly, long daily) {
            this.tenSecondly = tenSecondly;
            this.daily = daily;
        }
    }

    /**
     * Reads a tier as {@code EmulatorConfig.rateLimits} spells it.
     *
     * @throws IllegalArgumentException for an unknown name, a number below 1, or negative values
     */
    public static RateLimits of(String tier, long dailyLimitOverride, int searchPerSecond, boolean retryAfter) {
        if (dailyLimitOverride < 0) {
            throw new IllegalArgumentException("dailyLimit must be 0 (by tier) or positive, got " + dailyLimitOverride);
        }
        if (searchPerSecond < 1) {
            throw new IllegalArgumentException("searchPerSecond must be at least 1, got " + searchPerSecond);
        }
        String t = tier == null ? "off" : tier.trim().toLowerCase(Locale.ROOT);
        if (t.equals("off")) {
            return new RateLimits("off", false, 0, 0, dailyLimitOverride, searchPerSecond, retryAfter);
        }
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            int perTenSeconds;
            try {
                perTenSeconds = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                perTenSeconds = -1;
            }
            if (perTenSeconds < 1) {
                throw new IllegalArgumentException("rate limit tier '" + tier + "': a number must be from 1 to "
                        + Integer.MAX_VALUE);
            }
            // a bare number names no HubSpot tier, so no daily limit unless one is configured
            return new RateLimits(t, true, perTenSeconds, 0, dailyLimitOverride, searchPerSecond, retryAfter);
        }
        for (Preset p : Preset.values()) {
            if (p.name().toLowerCase(Locale.ROOT).equals(t)) {
                return new RateLimits(t, true, p.tenSecondly, p.daily, dailyLimitOverride, searchPerSecond,
                        retryAfter);
            }
        }
        throw new IllegalArgumentException("Unknown rate limit tier '" + tier
                + "': use off, starter, professional, enterprise, pack, oauth, or requests per 10 s");
    }

    /** Requests per rolling 10 s for a caller; OAuth tokens always get {@link #OAUTH_TEN_SECONDLY}. */
    public int tenSecondlyMax(boolean oauth) {
        return oauth ? OAUTH_TEN_SECONDLY : tenSecondlyMax;
    }

    /** Requests per day for the caller's portal, 0 = unlimited (always for OAuth). */
    public long dailyLimit(boolean oauth) {
        if (oauth) {
            return 0;
        }
        return dailyLimitOverride > 0 ? dailyLimitOverride : tierDailyLimit;
    }

    public RateLimits withTier(String newTier) {
        return of(newTier, dailyLimitOverride, searchPerSecond, retryAfter);
    }

    public RateLimits withDailyLimit(long override) {
        return of(tier, override, searchPerSecond, retryAfter);
    }

    public RateLimits withSearchPerSecond(int perSecond) {
        return of(tier, dailyLimitOverride, perSecond, retryAfter);
    }

    public RateLimits withRetryAfter(boolean on) {
        return of(tier, dailyLimitOverride, searchPerSecond, on);
    }
}
