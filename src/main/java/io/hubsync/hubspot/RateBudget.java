package io.hubsync.hubspot;

import io.hubsync.core.SyncRun;
import org.apache.camel.ExchangeProperty;

import java.util.Locale;
import java.util.Map;

/**
 * How many requests a connection may spend (docs/behavior.md rule 7, docs/hubspot.md §3): the 10-second budget
 * of its HubSpot tier, and HubSpot's 5 searches a second. The routes' pacers ({@link RollingWindowPacer})
 * spend these as rolling windows, so a run uses the whole budget at once instead of spacing requests
 * evenly, and a healthy run sees no 429.
 */
public final class RateBudget {
    private static final Map<String, Integer> TIERS = Map.of(
            "starter", 100, "free", 100, "professional", 190, "enterprise", 190, "pack", 250, "oauth", 110);

    private final int perTenSeconds;
    private final int searchesPerSecond;

    /**
     * Object parameters because Camel's bean binding turns numeric text (a tier given as a number)
     * into a number before it looks for a constructor, and a tier may be either.
     *
     * @param tier {@code hubspot.rate-limit}: starter, professional, enterprise, pack, oauth, or a number
     * @param searchesPerSecond {@code hubspot.searches-per-second}
     */
    public RateBudget(Object tier, Object searchesPerSecond) {
        this.perTenSeconds = tenSeconds(String.valueOf(tier));
        this.searchesPerSecond = parse(String.valueOf(searchesPerSecond));
        if (this.searchesPerSecond < 1) {
            throw new IllegalArgumentException("hubspot.searches-per-second must be at least 1, got " + searchesPerSecond);
        }
    }

    private static int parse(String n) {
        try {
            return Integer.parseInt(n.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("hubspot.searches-per-second must be a number, got '" + n + "'");
        }
    }

    /** A tier name or a number of requests per 10 seconds, checked. */
    public static int tenSeconds(String tier) {
        String t = tier == null ? "" : tier.trim().toLowerCase(Locale.ROOT);
        Integer preset = TIERS.get(t);
        int n;
        if (preset != null) {
            n = preset;
        } else {
            try {
                n = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("hubspot.rate-limit = '" + tier + "' is not a tier: use starter, "
                        + "professional, enterprise, pack, oauth or requests per 10 seconds");
            }
        }
        if (n < 1) {
            throw new IllegalArgumentException("hubspot.rate-limit must allow at least 1 request, got " + tier);
        }
        return n;
    }

    /** Requests per rolling 10 seconds (search excluded: it has a budget of its own). */
    public int configuredPerTenSeconds() { return perTenSeconds; }

    /**
     * The budget of the run's connection: its own tier when it has one, else OAuth's for OAuth
     * connections (docs/hubspot.md §3: 110 per installing account), else {@code hubspot.rate-limit}.
     */
    public int perTenSeconds(@ExchangeProperty("run") SyncRun run) {
        if (run == null) {
            return perTenSeconds;
        }
        if (run.getRateLimit() != null) {
            return tenSeconds(run.getRateLimit());
        }
        return "OAUTH".equals(run.getAuthType()) ? TIERS.get("oauth") : perTenSeconds;
    }

    /** Searches per rolling second. */
    public int searchesPerSecond() { return searchesPerSecond; }
}
