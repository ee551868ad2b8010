package io.hubsync.connections;

import io.hubsync.auth.TokenCipher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * The {@code state} of an OAuth install: the connection name, a random nonce and an expiry, signed
 * with HMAC-SHA256 under a key derived from {@code db.token-key} (which OAuth needs anyway, to
 * encrypt the tokens). The callback trusts the connection name only from a state this server
 * signed and that has not expired; the nonce lets the callback refuse a state used before.
 * Format: {@code base64url(name \n nonce \n expiry-epoch-seconds) . base64url(hmac)}.
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

    /** What a verified state says. */
    public record Verified(String connection, String nonce) { }

    public String sign(String connection) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        long expires = clock.instant().plus(TTL).getEpochSecond();
        String payload = B64.encodeToString((connection + "\n" + B64.encodeToString(nonce) + "\n" + expires)
                .getBytes(StandardCharsets.UTF_8));
        return payload + "." + B64.encodeToString(mac(payload));
    }

    /** The state's connection and nonce, or an {@link OAuthRefused} saying why not. */
    public Verified verify(String state) {
        if (state == null || state.isBlank()) {
            throw new OAuthRefused("The callback has no state: start the install again at /oauth/connect.");
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
                    + "db.token-key changed): start the install again at /oauth/connect.");
        }
        String[] parts = new String(Base64.getUrlDecoder().decode(state.substring(0, dot)), StandardCharsets.UTF_8)
                .split("\n");
        if (parts.length != 3) {
            throw new OAuthRefused("The state of this callback is malformed: start the install again at /oauth/connect.");
        }
        if (clock.instant().getEpochSecond() > Long.parseLong(parts[2])) {
            throw new OAuthRefused("This install link expired (it is valid for " + TTL.toMinutes() + " minutes): "
                    + "start again at /oauth/connect?connection=" + parts[0] + ".");
        }
        return new Verified(parts[0], parts[1]);
    }

    private byte[] mac(String payload) {
        return io.hubsync.auth.Digests.hmacSha256(cipher.derivedKey("oauth-state"), io.hubsync.auth.Digests.utf8(payload));
    }
}
