package io.hubsync.emulator.ratelimit;

import java.util.Locale;

/**
 * The budgets a call can run out of, named as HubSpot names them in a 429's {@code policyName}
 * (docs/hubspot.md §2–§3); clients (HubSpot's own SDKs, hubsync) decide how long to wait by that name
 * alone, so names and messages must be HubSpot's to the letter. The rate limiter refuses with them
 * and fault injection fakes them.
 */
public enum Policy {
    /** the per-(portal, app) 10-second rolling window [C, many fixtures] */
    TEN_SECONDLY_ROLLING("You have reached your ten_secondly_rolling limit.", "ten-secondly"),
    /** the per-portal search budget [V message, C body] */
    SECONDLY("You have reached your secondly limit.", "secondly"),
    /** the per-portal private-app day [V docs] */
    DAILY("You have reached your daily limit.", null);

    private final String message;
    private final String groupWindow;

    Policy(String message, String groupWindow) {
        this.message = message;
        this.groupWindow = groupWindow;
    }

    /** The exact {@code message} of HubSpot's 429 body. */
    public String message() { return message; }

    /**
     * The part of an {@code …-api-calls-<window>:…} {@code groupName} that names this budget; null
     * for {@link #DAILY}, whose body carries no group.
     */
    String groupWindow() { return groupWindow; }

    /** Accepts the policy name in any case, with dashes or underscores. */
    public static Policy parse(String s) {
        String k = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Policy p : values()) {
            if (p.name().equals(k)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown rate-limit policy " + s
                + "; use SECONDLY, TEN_SECONDLY_ROLLING or DAILY");
    }
}
