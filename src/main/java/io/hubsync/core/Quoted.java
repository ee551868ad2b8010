package io.hubsync.core;

/**
 * Text a user or a request gave, for an error message: one line (control characters, CR and LF
 * among them, become spaces) and not too long, so a refusal can name the value without carrying a
 * forged log line or a megabyte of input along.
 */
public final class Quoted {
    /** The most characters of a value a message repeats. */
    public static final int MAX = 100;

    private Quoted() { }

    /** {@code 'value'}, one line, abbreviated to {@link #MAX} characters. */
    public static String of(Object value) {
        return "'" + oneLine(String.valueOf(value), MAX) + "'";
    }

    /** The text on one line, cut to {@code max} characters with an ellipsis. */
    public static String oneLine(String s, int max) {
        String line = s.replaceAll("\\p{Cntrl}", " ");
        return line.length() <= max ? line : line.substring(0, max) + "…";
    }
}
