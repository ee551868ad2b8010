package io.hubsync.api;

import io.hubsync.connections.InvalidSetting;
import io.hubsync.core.Digests;
import io.hubsync.core.TokenCipher;
import io.hubsync.store.ConnectionStore;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.util.URISupport;

import java.net.URISyntaxException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * An admin's consent to one OAuth install: a link to {@code /oauth/connect} naming the connection,
 * when it expires, whether the install adopts the data a deleted connection left under the name and
 * a random nonce (the link's id), signed with HMAC-SHA256 under a key derived from {@code db.token-key} (as OAuth states are).
 * The install pages are open to any browser; only such a link starts an install.
 * <p>
 * A link can be opened again until it expires, so a declined or failed consent can be retried; the
 * first install that stores its connection spends it. Spent links are kept in Camel's JDBC
 * idempotent repository (the server's; the CLI only makes links).
 */
public final class ConnectLinks {
    public static final Duration DEFAULT_TTL = Duration.ofDays(7);
    public static final Duration MAX_TTL = Duration.ofDays(30);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TokenCipher cipher;
    private final String connectUrl;
    private final IdempotentRepository spent;
    private final Clock clock;

    /** For making links only (the CLI). */
    public ConnectLinks(TokenCipher cipher, String publicUrl) {
        this(cipher, publicUrl, null, Clock.systemUTC());
    }

    /** @param spent the links whose install succeeded (routes/oauth-install.camel.yaml) */
    public ConnectLinks(TokenCipher cipher, String publicUrl, IdempotentRepository spent) {
        this(cipher, publicUrl, spent, Clock.systemUTC());
    }

    public ConnectLinks(TokenCipher cipher, String publicUrl, IdempotentRepository spent, Clock clock) {
        this.cipher = cipher;
        this.connectUrl = publicUrl.trim().replaceAll("/+$", "") + "/oauth/connect";
        this.spent = spent;
        this.clock = clock;
    }

    /** A link to give the portal's admin. */
    public record Link(String connection, String url, Instant expiresAt) { }

    /** A link this server signed, not expired and not spent; {@code id} (its nonce) is what spends it. */
    public record Verified(String connection, boolean adoptRecords, String id) { }

    /** @param ttl how long the link works ({@link ConnectionSettings#linkTtl} checks a user's value) */
    public Link make(String connection, Duration ttl, boolean adoptRecords) {
        ConnectionStore.checkId(connection);
        cipher.require("install links are signed with a key derived from it");
        String expires = String.valueOf(clock.instant().plus(ttl).getEpochSecond());
        // every link its own: the first install through it spends only it
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String nonce = B64.encodeToString(random);
        String sig = B64.encodeToString(mac(connection, expires, nonce, adoptRecords));
        return new Link(connection, connectUrl + "?connection=" + OAuthInstall.enc(connection) + "&expires=" + expires
                + (adoptRecords ? "&adoptRecords=true" : "") + "&nonce=" + nonce + "&sig=" + sig,
                Instant.ofEpochSecond(Long.parseLong(expires)));
    }

    /**
     * The consent of the link whose query string this is, or a 403 {@link OAuthRefused} when it is
     * not one this server signed, has expired or was spent. The refusal never repeats what the
     * request gave: it is shown and logged.
     * <p>
     * Read from the raw query, not from message headers: Camel's headers are case-insensitive, so
     * the {@code connection} parameter meets the browser's {@code Connection: keep-alive} there.
     */
    public Verified verify(String query) {
        if (!cipher.configured()) {
            throw new OAuthRefused(503, "This server cannot store OAuth tokens yet: db.token-key is not set.");
        }
        Map<String, Object> params;
        try {
            params = query == null ? Map.of() : URISupport.parseQuery(query);
        } catch (URISyntaxException | IllegalArgumentException e) {
            params = Map.of();
        }
        String connection = param(params, "connection");
        String expires = param(params, "expires");
        String nonce = param(params, "nonce");
        String adoptRecords = param(params, "adoptRecords");
        byte[] given = decode(param(params, "sig"));
        boolean adopt = "true".equals(adoptRecords);
        if (connection == null || expires == null || nonce == null || !expires.matches("[0-9]{1,12}") || given == null
                || (adoptRecords != null && !adopt)
                || !MessageDigest.isEqual(given, mac(connection, expires, nonce, adopt))) {
            throw new OAuthRefused(403, "This is not an install link of this server. Installing needs a link "
                    + "from hubsync's admin (`hubsync connections connect-link NAME`).");
        }
        Instant at = Instant.ofEpochSecond(Long.parseLong(expires));
        if (clock.instant().isAfter(at)) {
            throw new OAuthRefused(403, "This install link expired at " + at + ": ask hubsync's admin for a new one.");
        }
        if (spent != null && spent.contains(nonce)) {
            throw new OAuthRefused(403, "This install link was used already: connection '" + connection + "' is "
                    + "installed. To reconnect it, ask hubsync's admin for a new link.");
        }
        return new Verified(connection, adopt, nonce);
    }

    /** One value of the parameter, or null (absent, or given twice). */
    private static String param(Map<String, Object> params, String name) {
        return params.get(name) instanceof String s ? s : null;
    }

    /** Spends the link for the install that is about to store its connection; false: another install did first. */
    boolean spend(Verified link) {
        return spent.add(link.id());
    }

    /** The install stored nothing: the link works again (until it expires). */
    void giveBack(Verified link) {
        spent.remove(link.id());
    }

    private byte[] mac(String connection, String expires, String nonce, boolean adoptRecords) {
        return Digests.hmacSha256(cipher.derivedKey("oauth-connect-link"), Digests.utf8(connection + "\n" + expires
                + "\n" + nonce + "\n" + (adoptRecords ? "adoptRecords" : "")));
    }

    private static byte[] decode(String sig) {
        try {
            return sig == null ? null : Base64.getUrlDecoder().decode(sig);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "ConnectLinks[" + connectUrl + "]";
    }

    /** How long an install link works: a duration up to {@link #MAX_TTL}; null or blank: 7 days. */
    public static java.time.Duration ttl(String field, String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_TTL;
        }
        java.time.Duration ttl;
        try {
            ttl = io.hubsync.core.Durations.parse(field, text);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting(field, "'" + text + "' is not a duration; write e.g. 1h or 7d");
        }
        if (ttl.toSeconds() < 60 || ttl.compareTo(MAX_TTL) > 0) {
            throw new InvalidSetting(field, "a link works from 1 minute to " + MAX_TTL.toDays()
                    + " days, not '" + text + "'");
        }
        return ttl;
    }
}
