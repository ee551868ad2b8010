package io.hubsync.core;

import java.time.Duration;
import java.util.Locale;

/** Reads durations as users write them in options and application.properties: 500ms, 2s, 30m, 1h, 30d, or ms. */
public final class Durations {
    private Durations() { }

    /** @param key the option or property name, so a bad value names what to fix */
    public static Duration parse(String key, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(key + " is empty; write a duration such as 500ms, 2s, 30m");
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
            if (d.isNegative()) {
                throw new IllegalArgumentException(key + " must not be negative, got '" + text + "'");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not a duration; write e.g. 500ms, 2s, 30m");
        }
    }

    public static long millis(String key, String text) {
        return parse(key, text).toMillis();
    }
}
