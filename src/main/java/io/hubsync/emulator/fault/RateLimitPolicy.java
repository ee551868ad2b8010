package io.hubsync.emulator.fault;

/**
 * HubSpot's rate-limit policies as a 429 body names them (HUBSPOT.md §2–§3). Clients decide how
 * long to wait by {@code policyName} (the official Node client keys on exactly these), so the
 * names and messages must be HubSpot's to the letter.
 */
public enum RateLimitPolicy {
    /** the per-second search budget [V message, C body] */
    SECONDLY("You have reached your secondly limit.", "secondly"),
    /** the rolling 10-second budget of every other API call [C, many fixtures] */
    TEN_SECONDLY_ROLLING("You have reached your ten_secondly_rolling limit.", "ten-secondly"),
    /** the account's daily budget [V docs] */
    DAILY("You have reached your daily limit.", null);

    private final String message;
    private final String groupSuffix;

    RateLimitPolicy(String message, String groupSuffix) {
        this.message = message;
        this.groupSuffix = groupSuffix;
    }

    public String message() { return message; }

    /** The part of {@code groupName} after {@code <kind>-api-calls-}; null when HubSpot sends no group. */
    String groupSuffix() { return groupSuffix; }

    /** Accepts the policy name in any case, with dashes or underscores. */
    public static RateLimitPolicy parse(String s) {
        String k = s.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        for (RateLimitPolicy p : values()) {
            if (p.name().equals(k)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown rate-limit policy " + s
                + "; use SECONDLY, TEN_SECONDLY_ROLLING or DAILY");
    }
}
