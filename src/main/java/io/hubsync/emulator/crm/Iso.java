package io.hubsync.emulator.crm;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * HubSpot's datetime text: ISO-8601 UTC with milliseconds and {@code Z}, e.g.
 * {@code 2024-01-17T19:55:04.281Z}. Hand-written because the emulator formats hundreds of
 * thousands of timestamps a second while serving pages, and {@code DateTimeFormatter} costs about
 * ten times as much; {@code Instant.toString()} drops zero milliseconds, which HubSpot never does.
 */
public final class Iso {
    private Iso() { }

    public static String format(long epochMillis) {
        long days = Math.floorDiv(epochMillis, 86_400_000L);
        long msOfDay = Math.floorMod(epochMillis, 86_400_000L);
        // civil-from-days (Howard Hinnant's algorithm)
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2) {
            y++;
        }
        char[] c = new char[24];
        put(c, 0, y, 4);
        c[4] = '-';
        put(c, 5, m, 2);
        c[7] = '-';
        put(c, 8, d, 2);
        c[10] = 'T';
        put(c, 11, msOfDay / 3_600_000, 2);
        c[13] = ':';
        put(c, 14, msOfDay / 60_000 % 60, 2);
        c[16] = ':';
        put(c, 17, msOfDay / 1000 % 60, 2);
        c[19] = '.';
        put(c, 20, msOfDay % 1000, 3);
        c[23] = 'Z';
        return new String(c);
    }

    private static void put(char[] c, int at, long v, int width) {
        for (int i = width - 1; i >= 0; i--) {
            c[at + i] = (char) ('0' + v % 10);
            v /= 10;
        }
    }

    /**
     * Reads a datetime as HubSpot accepts it in inputs and filters: epoch milliseconds, an ISO
     * instant, or a date (midnight UTC). Throws IllegalArgumentException naming the value.
     */
    public static long parse(String s) {
        String t = s.trim();
        if (!t.isEmpty() && (Character.isDigit(t.charAt(0)) || t.charAt(0) == '-') && t.chars().skip(1)
                .allMatch(Character::isDigit)) {
            return Long.parseLong(t);
        }
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            return Instant.parse(t).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + s + "' is not a datetime: use epoch milliseconds or ISO-8601");
        }
    }
}
