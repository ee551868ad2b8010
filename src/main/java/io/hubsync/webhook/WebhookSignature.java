package io.hubsync.webhook;

import org.apache.camel.Body;
import org.apache.camel.Header;

import io.hubsync.core.Digests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Checks HubSpot's {@code X-HubSpot-Signature-v3} (docs/hubspot.md §7): base64(HMAC-SHA256(client secret,
 * method + URI + raw body + X-HubSpot-Request-Timestamp)), where the URI is the one HubSpot posted to
 * ({@code server.public-url} + the path) with twelve escapes decoded. Compared in constant time; a
 * timestamp further than {@code webhooks.max-age} from now is a replay and refused. Written here,
 * not shared with the emulator's signer, so that a mistake cannot hide itself by being made twice.
 */
public final class WebhookSignature {
    /** The escapes v3 decodes in the URI before signing. */
    private static final String[][] DECODED = {
        {"%3A", ":"}, {"%2F", "/"}, {"%3F", "?"}, {"%40", "@"}, {"%21", "!"}, {"%24", "$"},
        {"%27", "'"}, {"%28", "("}, {"%29", ")"}, {"%2A", "*"}, {"%2C", ","}, {"%3B", ";"},
    };

    private final List<byte[]> secrets = new ArrayList<>();
    private final String publicUrl;
    private final Duration maxAge;
    private final Clock clock;

    /**
     * @param clientSecret  {@code hubspot.oauth.client-secret}: the app whose webhooks these are
     * @param extraSecret   {@code webhooks.secret}: another app's secret accepted too (empty: none)
     * @param publicUrl     {@code server.public-url}: where HubSpot reaches this server
     * @param maxAge        {@code webhooks.max-age}, e.g. 5m
     */
    public WebhookSignature(Object clientSecret, Object extraSecret, Object publicUrl, Object maxAge) {
        this(clientSecret, extraSecret, publicUrl, io.hubsync.core.Durations.parse("webhooks.max-age", String.valueOf(maxAge)),
                Clock.systemUTC());
    }

    public WebhookSignature(Object clientSecret, Object extraSecret, Object publicUrl, Duration maxAge, Clock clock) {
        for (Object s : new Object[] {clientSecret, extraSecret}) {
            if (s != null && !String.valueOf(s).isBlank()) {
                secrets.add(String.valueOf(s).getBytes(StandardCharsets.UTF_8));
            }
        }
        String url = publicUrl == null ? "" : String.valueOf(publicUrl).trim();
        this.publicUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** Passes a genuine, fresh request; refuses anything else with 401 (503 when no secret is set). */
    public void verify(@Header("X-HubSpot-Signature-v3") String signature,
                       @Header("X-HubSpot-Request-Timestamp") String timestamp,
                       @Header("CamelHttpQuery") String query, @Body byte[] body) {
        if (secrets.isEmpty()) {
            throw new WebhookRefused(503, "webhooks are not set up: set hubspot.oauth.client-secret (the HubSpot "
                    + "app's client secret) or webhooks.secret");
        }
        if (signature == null || signature.isBlank()) {
            throw new WebhookRefused(401, "X-HubSpot-Signature-v3 is missing");
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp == null ? "" : timestamp.trim());
        } catch (NumberFormatException e) {
            throw new WebhookRefused(401, "X-HubSpot-Request-Timestamp is missing or not milliseconds since the epoch");
        }
        long age = clock.millis() - ts;
        if (Math.abs(age) > maxAge.toMillis()) {
            throw new WebhookRefused(401, "X-HubSpot-Request-Timestamp is " + Math.abs(age) / 1000 + " s "
                    + (age > 0 ? "old" : "in the future") + ", more than webhooks.max-age (" + maxAge.toSeconds()
                    + " s): a replay, or this server's clock is off");
        }
        String uri = publicUrl + "/webhooks/hubspot" + (query == null || query.isEmpty() ? "" : "?" + query);
        byte[] given = signature.trim().getBytes(StandardCharsets.US_ASCII);
        for (byte[] secret : secrets) {
            if (MessageDigest.isEqual(given, sign(secret, "POST", decodeUri(uri), body, timestamp.trim()))) {
                return;
            }
        }
        throw new WebhookRefused(401, "X-HubSpot-Signature-v3 does not match: check that hubspot.oauth.client-secret "
                + "(or webhooks.secret) is the app's client secret and that server.public-url is the URL HubSpot "
                + "posts to (without /webhooks/hubspot)");
    }

    static byte[] sign(byte[] secret, String method, String uri, byte[] body, String timestamp) {
        return Base64.getEncoder().encode(Digests.hmacSha256(secret, Digests.utf8(method + uri), body,
                Digests.utf8(timestamp)));
    }

    /** The URI as v3 signs it: HubSpot's twelve escapes decoded (either hex case), others left alone. */
    static String decodeUri(String uri) {
        StringBuilder out = new StringBuilder(uri.length());
        int i = 0;
        while (i < uri.length()) {
            String d = null;
            if (uri.charAt(i) == '%' && i + 3 <= uri.length()) {
                String escape = uri.substring(i, i + 3).toUpperCase(Locale.ROOT);
                for (String[] pair : DECODED) {
                    if (pair[0].equals(escape)) {
                        d = pair[1];
                    }
                }
            }
            out.append(d != null ? d : String.valueOf(uri.charAt(i)));
            i += d != null ? 3 : 1;
        }
        return out.toString();
    }
}
