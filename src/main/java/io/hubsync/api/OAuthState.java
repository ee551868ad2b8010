package io.hubsync.api;

import io.hubsync.api.ConnectLinks;
import io.hubsync.core.TokenCipher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * The {@code state} of an OAuth install: the connection name, a random nonce, an expiry and the
 * install link it came from (whether it adopts a deleted connection's data, and its id), signed
 * with HMAC-SHA256 under a key derived from {@code db.token-key} (which OAuth needs anyway, to
 * encrypt the tokens). The callback trusts the connection name only from a state this server
 * signed and that has not expired; the nonce lets the callback refuse a state used before.
 * Format: {@code base64url(name \n nonce \n expiry-epoch-seconds \n adopt(1|0) \n link id) . base64url(hmac)}.
 */
public final class OAuthState {
    public static final Duration TTL = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final TokenCipher cipher;
    private final Clock clock;

    public OAuthState(TokenCipher cipher) {
        this(cipher, Clock.systemUTC());
    }

    public OAuthState(TokenCipher cipher, Clock clock) {
        this.cipher = cipher;
        this.clock = clock;
    }

    /** What a verified state says: the install link's consent, and the state's own nonce. */
    public record Verified(String connection, String nonce, ConnectLinks.Verified link) { }

    /** A state for the install an admin's link allows. */
    public String sign(ConnectLinks.Verified link) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        long expires = clock.instant().plus(TTL).getEpochSecond();
        String payload = B64.encodeToString((link.connection() + "\n" + B64.encodeToString(nonce) + "\n" + expires
                + "\n" + (link.adoptRecords() ? "1" : "0") + "\n" + link.id()).getBytes(StandardCharsets.UTF_8));
        return payload + "." + B64.encodeToString(mac(payload));
    }

    /** The state's connection and nonce, or an {@link OAuthRefused} saying why not. */
    public Verified verify(String state) {
        if (state == null || state.isBlank()) {
            throw new OAuthRefused("The callback has no state: open your install link again.");
        }
        int dot = state.indexOf('.');
        byte[] given;
        try {
            given = dot < 0 ? null : Base64.getUrlDecoder().decode(state.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            given = null;
        }
        if (given == null || !MessageDigest.isEqual(given, mac(state.substring(0, dot)))) {
            throw new OAuthRefused("The state of this callback is not one this server signed (it was changed, or "
                    + "db.token-key changed): open your install link again.");
        }
        String[] parts = new String(Base64.getUrlDecoder().decode(state.substring(0, dot)), StandardCharsets.UTF_8)
                .split("\n");
        if (parts.length != 5) {
            throw new OAuthRefused("The state of this callback is malformed: open your install link again.");
        }
        if (clock.instant().getEpochSecond() > Long.parseLong(parts[2])) {
            throw new OAuthRefused("This install attempt expired: the consent took longer than " + TTL.toMinutes()
                    + " minutes. Open your install link again (it works until it expires).");
        }
        return new Verified(parts[0], parts[1], new ConnectLinks.Verified(parts[0], "1".equals(parts[3]), parts[4]));
    }

    private byte[] mac(String payload) {
        return io.hubsync.core.Digests.hmacSha256(cipher.derivedKey("oauth-state"), io.hubsync.core.Digests.utf8(payload));
    }
}
