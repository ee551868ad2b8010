package io.hubsync.ui;

import io.hubsync.api.ApiError;
import io.hubsync.api.ApiKey;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard's sign-in (routes/ui.camel.yaml, docs/dashboard.md): the admin key once, then a session
 * cookie, and a CSRF token for every request that changes something.
 *
 * <p>The cookie is stateless: {@code v1.<expires>.<nonce>.<mac>}, the MAC an HMAC-SHA256 over the rest
 * under a key derived from the admin key (server.api-key). Stateless because several nodes serve one
 * PostgreSQL behind a load balancer with nothing shared but the database and their settings: every node
 * has the admin key, so every node checks every cookie, with no table to write at sign-in, no lookup per
 * request and no sessions to clean up. A new admin key ends every session at once. The cookie holds no
 * secret: the expiry, 16 random bytes and the MAC; it is HttpOnly (no script reads it), SameSite=Strict
 * (no other site's page sends it), Path=/ui, Secure when server.public-url is https.
 *
 * <p>The CSRF token is an HMAC of the session's nonce under the same key, handed to the page's script
 * by {@code GET /ui/api/session} and sent back as the {@code X-CSRF-Token} header on every POST. A
 * forged request from another site has neither the cookie (SameSite) nor the token (it cannot read the
 * page). The cookie and the token are read from the HTTP request itself, as {@link ApiKey}'s key is:
 * platform-http also copies query parameters into the message's headers.
 *
 * <p>Signing out clears the browser's cookie; a copy taken before stays valid until it expires
 * ({@link #TTL}), as with any stateless session: a new admin key is the way to end them all.
 */
public final class UiSession {
    /** How long a session lasts from sign-in. */
    public static final Duration TTL = Duration.ofHours(8);
    public static final String COOKIE = "hubsync_ui";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiKey adminKey;
    private final byte[] sessionKey;
    private final boolean secure;
    private final Clock clock;

    /**
     * @param enabled {@code server.enabled}
     * @param key {@code server.api-key} (Object: Camel turns a key of digits into a number)
     * @param publicUrl {@code server.public-url}: https makes the cookie Secure
     */
    public UiSession(Object enabled, Object key, String publicUrl) {
        this(enabled, key, publicUrl, Clock.systemUTC());
    }

    public UiSession(Object enabled, Object key, String publicUrl, Clock clock) {
        // the admin API's check of the key, as its own instance: beans of another route file may not be made yet
        this.adminKey = new ApiKey(enabled, key);
        String k = key == null ? "" : key.toString().trim();
        // a key of its own for the cookies, so that a MAC never is a digest of the admin key itself
        this.sessionKey = k.isEmpty() ? null : hmac(k.getBytes(StandardCharsets.UTF_8), "hubsync ui session v1");
        this.secure = publicUrl != null && publicUrl.trim().toLowerCase(Locale.ROOT).startsWith("https:");
        this.clock = clock;
    }

    /** A signed-in session: the cookie's value and its CSRF token. */
    public record Session(String cookie, String csrf, Instant expiresAt) { }

    /**
     * {@code {"key": "<admin key>"}}: a new session, or 401 (nothing said about how close the key was).
     * Sets the Set-Cookie header on the answer.
     */
    public Map<String, Object> signIn(Map<String, Object> body, Exchange exchange) {
        Object key = body == null ? null : body.get("key");
        if (!(key instanceof String s) || !adminKey.accepts(s)) {
            throw new ApiError(401, "unauthorized", "key", "that is not the admin key (server.api-key)");
        }
        Session session = start();
        exchange.getMessage().setHeader("Set-Cookie", cookie(session.cookie(), TTL));
        return Map.of("expiresAt", session.expiresAt().toString());
    }

    /** A new session from now. */
    Session start() {
        Instant expires = clock.instant().plus(TTL);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String payload = "v1." + expires.getEpochSecond() + "." + B64.encodeToString(nonce);
        String value = payload + "." + B64.encodeToString(hmac(sessionKey, payload));
        return new Session(value, csrf(payload), expires);
    }

    /**
     * Before every /ui/api route but sign-in: a valid, unexpired cookie, and for anything but GET the
     * session's CSRF token; 401 or 403 otherwise.
     */
    public void check(Exchange exchange) {
        check(exchange.getMessage().getHeader(Exchange.HTTP_METHOD, "GET", String.class), sent(exchange, "Cookie"),
                sent(exchange, CSRF_HEADER));
    }

    void check(String method, String cookieHeader, String token) {
        String payload = payload(cookieHeader);
        if (payload == null) {
            throw new ApiError(401, "unauthorized", null, "sign in with the admin key");
        }
        if (!method.equalsIgnoreCase("GET") && !method.equalsIgnoreCase("HEAD")) {
            if (token == null || !MessageDigest.isEqual(token.trim().getBytes(StandardCharsets.US_ASCII),
                    csrf(payload).getBytes(StandardCharsets.US_ASCII))) {
                throw new ApiError(403, "forbidden", CSRF_HEADER, "missing or wrong CSRF token: reload the page");
            }
        }
    }

    /** {@code GET /ui/api/session}: whether a session is on, its CSRF token and when it ends. */
    public Map<String, Object> describe(Exchange exchange) {
        return describe(sent(exchange, "Cookie"));
    }

    Map<String, Object> describe(String cookieHeader) {
        String payload = payload(cookieHeader);
        if (payload == null) {
            // an answer, not a 401: the page asks before it knows, and a browser logs every 401 as an error
            return Map.of("signedIn", false);
        }
        return Map.of("signedIn", true, "csrf", csrf(payload),
                "expiresAt", Instant.ofEpochSecond(expiry(payload)).toString());
    }

    /** Signing out: the browser drops its cookie. */
    public Map<String, Object> signOut(Exchange exchange) {
        exchange.getMessage().setHeader("Set-Cookie", cookie("", Duration.ZERO));
        return Map.of("signedOut", true);
    }

    /** The Set-Cookie value: HttpOnly, SameSite=Strict, Path=/ui, Secure behind https. */
    String cookie(String value, Duration maxAge) {
        return COOKIE + "=" + value + "; Path=/ui; Max-Age=" + maxAge.getSeconds() + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    /** The signed part of a valid, unexpired cookie in a Cookie header, or null. */
    String payload(String cookieHeader) {
        if (cookieHeader == null || sessionKey == null) {
            return null;
        }
        for (String part : cookieHeader.split(";")) {
            String p = part.trim();
            if (!p.startsWith(COOKIE + "=")) {
                continue;
            }
            String value = p.substring(COOKIE.length() + 1);
            int mac = value.lastIndexOf('.');
            if (mac < 0) {
                return null;
            }
            String payload = value.substring(0, mac);
            byte[] expected = B64.encode(hmac(sessionKey, payload));
            if (!MessageDigest.isEqual(expected, value.substring(mac + 1).getBytes(StandardCharsets.US_ASCII))) {
                return null;
            }
            long expires = expiry(payload);
            return expires > clock.instant().getEpochSecond() ? payload : null;
        }
        return null;
    }

    private static long expiry(String payload) {
        String[] parts = payload.split("\\.");
        try {
            return parts.length == 3 && parts[0].equals("v1") ? Long.parseLong(parts[1]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private String csrf(String payload) {
        return B64.encodeToString(hmac(sessionKey, "csrf." + payload));
    }

    /** A header as the browser sent it: platform-http's message headers also hold the query's parameters. */
    private static String sent(Exchange exchange, String name) {
        if (!(exchange.getIn() instanceof HttpMessage http) || http.getRequest() == null) {
            return null;
        }
        return http.getRequest().getHeader(name);
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "UiSession[***]";
    }
}
