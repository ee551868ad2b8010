package io.hubsync.emulator.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How HubSpot signs the requests it sends to an app (docs/hubspot.md §7), from the sender's side: the
 * emulator signs its webhook POSTs with these. A receiver must verify with its own code, so that a
 * mistake here cannot hide itself by being made twice.
 *
 * <p>Strings are signed as UTF-8 bytes.
 */
public final class WebhookSignatures {
    /** The {@code %XX} sequences HubSpot decodes in the URI before signing v3, and what they become. */
    private static final String[][] V3_DECODED = {
        {"%3A", ":"}, {"%2F", "/"}, {"%3F", "?"}, {"%40", "@"}, {"%21", "!"}, {"%24", "$"},
        {"%27", "'"}, {"%28", "("}, {"%29", ")"}, {"%2A", "*"}, {"%2C", ","}, {"%3B", ";"},
    };

    private WebhookSignatures() { }

    /** {@code X-HubSpot-Signature} version v1: hex(SHA-256(secret + body)). */
    public static String v1(String clientSecret, String body) {
        return HexFormat.of().formatHex(sha256(clientSecret + body));
    }

    /** Version v2: hex(SHA-256(secret + method + uri + body)); the URI is used exactly as given. */
    public static String v2(String clientSecret, String method, String uri, String body) {
        return HexFormat.of().formatHex(sha256(clientSecret + method + uri + body));
    }

    /**
     * {@code X-HubSpot-Signature-v3}: base64(HMAC-SHA256(secret, method + uri + body + timestamp)),
     * where the URI is {@link #v3Uri decoded} and the timestamp is the
     * {@code X-HubSpot-Request-Timestamp} header (milliseconds).
     */
    public static String v3(String clientSecret, String method, String uri, String body, long timestampMillis) {
        String message = method + v3Uri(uri) + body + timestampMillis;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /**
     * The URI as v3 signs it: the twelve sequences HubSpot lists decoded (in either hex case, as
     * HubSpot's client libraries accept both), every other {@code %XX} left alone.
     */
    public static String v3Uri(String uri) {
        StringBuilder out = new StringBuilder(uri.length());
        int i = 0;
        while (i < uri.length()) {
            String decoded = uri.charAt(i) == '%' && i + 3 <= uri.length() ? decode(uri.substring(i, i + 3)) : null;
            if (decoded != null) {
                out.append(decoded);
                i += 3;
            } else {
                out.append(uri.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    private static String decode(String escape) {
        String upper = escape.toUpperCase(Locale.ROOT);
        for (String[] pair : V3_DECODED) {
            if (pair[0].equals(upper)) {
                return pair[1];
            }
        }
        return null;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
