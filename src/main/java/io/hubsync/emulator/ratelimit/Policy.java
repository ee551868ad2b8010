package io.hubsync.emulator.ratelimit;

/**
 * The budgets a call can run out of, named as HubSpot names them in a 429's {@code policyName};
 * clients (HubSpot's own SDKs, hubsync) decide how long to wait by that name alone.
 */
public enum Policy {
    /** the per-(portal, app) 10-second rolling window */
    TEN_SECONDLY_ROLLING("You have reached your ten_secondly_rolling limit."),
    /** the per-portal search budget */
    SECONDLY("You have reached your secondly limit."),
    /** the per-portal private-app day */
    DAILY("You have reached your daily limit.");

    private final String message;

    Policy(String message) {
        this.message = message;
    }

    /** The exact {@code message} of HubSpot's 429 body (HUBSPOT.md §2–§3). */
    public String message() { return message; }
}
