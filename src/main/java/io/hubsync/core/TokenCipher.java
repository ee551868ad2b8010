package io.hubsync.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts tokens at rest (docs/behavior.md, "Data"): AES-256-GCM with a random 96-bit nonce per value, the
 * connection id and column name as associated data (a ciphertext copied to another row or column
 * does not decrypt). Stored as {@code v1:<base64(nonce ‖ ciphertext ‖ tag)>}. The JDK's own cipher:
 * no library adds anything here.
 */
public final class TokenCipher {
    static final String HOW_TO = "make one with `openssl rand -base64 32` (or `java -jar hubsync.jar connections "
            + "new-key`) and export it as DB_TOKEN_KEY, or set db.token-key";
    private static final String PREFIX = "v1:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private TokenCipher(SecretKeySpec key) {
        this.key = key;
    }

    /**
     * From {@code db.token-key}: base64 of 32 random bytes. Empty gives a cipher that refuses to work
     * (so a private-app setup without stored tokens needs no key); a short or patterned key fails.
     */
    public static TokenCipher fromKey(String base64) {
        if (base64 == null || base64.isBlank()) {
            return new TokenCipher(null);
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("db.token-key is not base64: " + HOW_TO);
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("db.token-key holds " + raw.length + " bytes; AES-256 needs 32 random "
                    + "bytes: " + HOW_TO);
        }
        if (weak(raw)) {
            throw new IllegalArgumentException("db.token-key is too weak (it repeats a few byte values, not random "
                    + "bytes): " + HOW_TO);
        }
        return new TokenCipher(new SecretKeySpec(raw, "AES"));
    }

    /** A new random key, base64, for {@code connections new-key}. */
    public static String newKey() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    /** 32 random bytes have ~30 distinct values; a typed passphrase or a pattern has far fewer. */
    private static boolean weak(byte[] raw) {
        boolean[] seen = new boolean[256];
        int distinct = 0;
        for (byte b : raw) {
            if (!seen[b & 0xff]) {
                seen[b & 0xff] = true;
                distinct++;
            }
        }
        return distinct < 16;
    }

    public boolean configured() {
        return key != null;
    }

    /** Fails with how to make a key when none is set. */
    public void require(String why) {
        if (key == null) {
            throw new IllegalArgumentException("db.token-key is not set, and " + why + ": " + HOW_TO);
        }
    }

    /**
     * A key of its own for another purpose (e.g. signing OAuth states), derived from db.token-key with
     * HMAC-SHA256 over the purpose, so that one secret serves both and neither use reveals the other.
     */
    public byte[] derivedKey(String purpose) {
        require(purpose + " uses a key derived from it");
        return Digests.hmacSha256(key.getEncoded(), Digests.utf8("hubsync/" + purpose));
    }

    public String encrypt(String plain, String connectionId, String column) {
        if (plain == null) {
            return null;
        }
        require("tokens are stored encrypted");
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(aad(connectionId, column));
            byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt a token: " + e.getClass().getSimpleName());
        }
    }

    public String decrypt(String stored, String connectionId, String column) {
        if (stored == null) {
            return null;
        }
        require("connection " + connectionId + " has stored tokens");
        if (!stored.startsWith(PREFIX)) {
            throw new IllegalStateException("The " + column + " of connection " + connectionId + " is not in a format "
                    + "this version reads");
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, 12));
            c.updateAAD(aad(connectionId, column));
            return new String(c.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // never the value itself, only what to do
            throw new IllegalStateException("The " + column + " of connection " + connectionId + " does not decrypt "
                    + "with db.token-key: the key changed since it was stored. Restore the old key, or reconnect the "
                    + "connection (OAuth) / add its token again (private app).");
        }
    }

    private static byte[] aad(String connectionId, String column) {
        return (connectionId + "/" + column).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "TokenCipher[" + (key == null ? "no key" : "AES-256-GCM") + "]";
    }
}
