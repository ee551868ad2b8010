package io.hubsync.api;

/** The {@code limit} query parameter of the admin and records APIs: a whole number in range, or the default. */
public final class PageLimit {
    private PageLimit() { }

    public static int parse(String s, int defaultLimit, int max) {
        if (s == null || s.isBlank()) {
            return defaultLimit;
        }
        try {
            int n = Integer.parseInt(s.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.badRequest("limit", "limit must be a whole number from 1 to " + max + ", got "
                + io.hubsync.core.Quoted.of(s) + "; leave it out for " + defaultLimit);
    }
}
