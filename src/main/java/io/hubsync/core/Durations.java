package io.hubsync.core;

import java.time.Duration;
import java.util.Locale;

/**
 * Reads durations as users write them in options and application.properties: 500ms, 2s, 30m, 1h,
 * 30d, or plain digits for milliseconds. Every duration setting is written this way
 * (docs/settings.md); Camel options that want a number of milliseconds read one through
 * {@code {{millis:key}}} ({@link MillisFunction}).
 */
public final class Durations {
    /** What a duration looks like, for the line that names a bad one. */
    public static final String EXPECTED = "is not a duration; use e.g. 30s, 5m, 1h, 500ms (plain digits: milliseconds)";

    private Durations() { }

    /** @param key the option or property name, so a bad value names what to fix */
    public static Duration parse(String key, String text) {
        Duration d = parseOrNull(text);
        if (d == null) {
            throw new IllegalArgumentException(key + ": '" + text + "' " + EXPECTED);
        }
        return d;
    }

    public static long millis(String key, String text) {
        return parse(key, text).toMillis();
    }

    /** The duration, or null when the text is none (empty, no number, an unknown unit, negative). */
    public static Duration parseOrNull(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            } else if (t.endsWith("s")) {
                d = Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1).trim()) * 1000));
            } else if (t.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1).trim()));
            } else if (t.endsWith("d")) {
                d = Duration.ofDays(Long.parseLong(t.substring(0, t.length() - 1).trim()));
            } else if (t.endsWith("h")) {
                d = Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1).trim()));
            } else {
                d = Duration.ofMillis(Long.parseLong(t));
            }
            return d.isNegative() ? null : d;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** As a user would write it: the largest unit that divides it (90000 ms is 90s, 60000 ms is 1m). */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (ms % units[i] == 0) {
                return ms / units[i] + names[i];
            }
        }
        return ms + "ms";
    }
}
