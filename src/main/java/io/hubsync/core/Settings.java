package io.hubsync.core;

/**
 * Reads whole numbers as users write them in application.properties or on the command line, naming
 * the key or option when one is wrong (an IllegalArgumentException: exit 2 on the command line).
 */
public final class Settings {
    private Settings() { }

    /** @param value a String or a number (Camel's bean binding may have converted it already) */
    public static int atLeast(String key, Object value, int min) {
        int n;
        try {
            n = Integer.parseInt(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + value + "'");
        }
        if (n < min) {
            throw new IllegalArgumentException(key + " must be at least " + min + ", got " + n);
        }
        return n;
    }

    /** @param value a String or a number */
    public static int between(String key, Object value, int min, int max) {
        int n = atLeast(key, value, min);
        if (n > max) {
            throw new IllegalArgumentException(key + " must be at most " + max + ", got " + n);
        }
        return n;
    }
}
