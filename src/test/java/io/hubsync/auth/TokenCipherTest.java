package io.hubsync.auth;

import io.hubsync.core.TokenCipher;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenCipherTest {
    static final String TOKEN = "CIrToaSYMBOLSx-access-token-0123456789";

    @Test
    void sealsAndOpensBoundToItsRowAndColumn() {
        TokenCipher cipher = TokenCipher.fromKey(TokenCipher.newKey());
        String a = cipher.encrypt(TOKEN, "acme", "access_token");
        String b = cipher.encrypt(TOKEN, "acme", "access_token");
        assertTrue(a.startsWith("v1:"));
        assertFalse(a.contains(TOKEN));
        assertNotEquals(a, b, "a fresh nonce each time");
        assertEquals(TOKEN, cipher.decrypt(a, "acme", "access_token"));
        // copied to another connection or column, it does not open
        assertThrows(IllegalStateException.class, () -> cipher.decrypt(a, "other", "access_token"));
        assertThrows(IllegalStateException.class, () -> cipher.decrypt(a, "acme", "refresh_token"));
        // another key does not open it, and says what to do without the value
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TokenCipher.fromKey(TokenCipher.newKey()).decrypt(a, "acme", "access_token"));
        assertTrue(e.getMessage().contains("db.token-key"), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN));
    }

    @Test
    void refusesMissingShortWeakAndMalformedKeys() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        String weak = Base64.getEncoder().encodeToString("aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb".getBytes());
        for (String bad : new String[] {shortKey, weak, "not base64 !!"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenCipher.fromKey(bad));
            assertTrue(e.getMessage().startsWith("db.token-key"), e.getMessage());
            assertTrue(e.getMessage().contains("openssl rand -base64 32"), e.getMessage());
        }
        TokenCipher none = TokenCipher.fromKey("");
        assertFalse(none.configured());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> none.encrypt(TOKEN, "acme", "access_token"));
        assertTrue(e.getMessage().contains("db.token-key is not set"), e.getMessage());
    }
}
