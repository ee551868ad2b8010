package io.hubsync.bench;

import java.nio.charset.StandardCharsets;

/**
 * Reads what the benchmark's clients need from a list page without parsing its JSON: the
 * {@code paging.next.after} cursor and the number of records. A full parse would cost the client
 * CPU that the server, on the same two cores, should get; the first page is checked in full once.
 */
final class PageScan {
    private static final byte[] AFTER = "\"after\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECORD = "{\"id\":\"".getBytes(StandardCharsets.US_ASCII);

    private PageScan() { }

    /** The cursor of the next page, or null on the last page. The paging object ends the document. */
    static String nextAfter(byte[] body, int length) {
        for (int i = length - AFTER.length; i >= 0; i--) {
            if (matches(body, i, AFTER)) {
                int from = i + AFTER.length;
                int to = from;
                while (to < length && body[to] != '"') {
                    to++;
                }
                return new String(body, from, to - from, StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    /** Records on the page: every result starts with {@code {"id":"}. */
    static int records(byte[] body, int length) {
        int n = 0;
        for (int i = 0; i <= length - RECORD.length; i++) {
            if (body[i] == '{' && matches(body, i, RECORD)) {
                n++;
                i += RECORD.length - 1;
            }
        }
        return n;
    }

    private static boolean matches(byte[] body, int at, byte[] what) {
        for (int j = 0; j < what.length; j++) {
            if (body[at + j] != what[j]) {
                return false;
            }
        }
        return true;
    }
}
