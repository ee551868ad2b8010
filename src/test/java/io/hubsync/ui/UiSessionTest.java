package io.hubsync.ui;

import io.hubsync.api.ApiError;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's sign-in, session cookie and CSRF check (docs/dashboard.md). The routes' part (that
 * every /ui/api route but sign-in runs the check before any step, that a refused action changes
 * nothing) is UiRoutesTest's and DashboardIT's.
 */
class UiSessionTest {
    static final String KEY = "admin-key-0123456789-abcdefghijklmnopqrstu";
    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    final MovableClock clock = new MovableClock(NOW);
    final UiSession session = new UiSession("true", KEY, "http://localhost:8080", clock);

    @Test
    void theAdminKeySignsInWithAnHttpOnlyStrictCookieThatHoldsNoSecret() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        Map<String, Object> answer = session.signIn(Map.of("key", KEY), exchange);
        String setCookie = exchange.getMessage().getHeader("Set-Cookie", String.class);
        assertTrue(setCookie.startsWith(UiSession.COOKIE + "=v1."), setCookie);
        assertTrue(setCookie.contains("; HttpOnly"), setCookie);
        assertTrue(setCookie.contains("; SameSite=Strict"), setCookie);
        assertTrue(setCookie.contains("; Path=/ui"), setCookie);
        assertTrue(setCookie.contains("; Max-Age=" + UiSession.TTL.getSeconds()), setCookie);
        assertFalse(setCookie.contains("Secure"), "not over plain http: " + setCookie);
        assertFalse(setCookie.contains(KEY), setCookie);
        assertFalse(setCookie.contains(KEY.substring(0, 16)), setCookie);
        assertEquals(NOW.plus(UiSession.TTL).toString(), answer.get("expiresAt"));
        // the answer says nothing of the cookie's value (the script cannot read it either: HttpOnly)
        assertFalse(answer.toString().contains("v1."), answer.toString());
    }

    @Test
    void behindHttpsTheCookieIsSecure() {
        UiSession https = new UiSession("true", KEY, "https://hubsync.example.com", clock);
        assertTrue(https.cookie("x", Duration.ofHours(1)).endsWith("; Secure"));
    }

    @Test
    void anotherKeyIsRefusedWithoutACookie() {
        for (Map<String, Object> body : new Map[] {Map.of("key", KEY + "x"), Map.of("key", KEY.substring(1)),
                Map.of("key", ""), Map.of(), Map.of("key", 42)}) {
            Exchange exchange = new DefaultExchange(new DefaultCamelContext());
            ApiError e = assertThrows(ApiError.class, () -> session.signIn(body, exchange));
            assertEquals(401, e.getStatus());
            assertFalse(e.getMessage().contains(KEY), e.getMessage());
            assertEquals(null, exchange.getMessage().getHeader("Set-Cookie"));
        }
    }

    @Test
    void aSessionReadsWithoutTheTokenButActsOnlyWithIt() {
        UiSession.Session s = session.start();
        String cookie = "other=1; " + UiSession.COOKIE + "=" + s.cookie();
        assertDoesNotThrow(() -> session.check("GET", cookie, null));
        assertDoesNotThrow(() -> session.check("POST", cookie, s.csrf()));
        assertEquals(403, assertThrows(ApiError.class, () -> session.check("POST", cookie, null)).getStatus());
        assertEquals(403, assertThrows(ApiError.class, () -> session.check("POST", cookie, "")).getStatus());
        assertEquals(403, assertThrows(ApiError.class, () -> session.check("POST", cookie, s.csrf() + "A")).getStatus());
        // another session's token is not this one's
        UiSession.Session other = session.start();
        assertNotEquals(s.csrf(), other.csrf());
        assertEquals(403, assertThrows(ApiError.class, () -> session.check("POST", cookie, other.csrf())).getStatus());
        // the page learns its token from its session
        assertEquals(s.csrf(), session.describe(cookie).get("csrf"));
    }

    @Test
    void noCookieAForgedOneOrAnotherKeysOneIsRefused() {
        UiSession.Session s = session.start();
        assertEquals(401, assertThrows(ApiError.class, () -> session.check("GET", null, null)).getStatus());
        assertEquals(401, assertThrows(ApiError.class, () -> session.check("GET", "x=y", null)).getStatus());
        // a later expiry with the old MAC
        String[] parts = s.cookie().split("\\.");
        String longer = "v1." + (Long.parseLong(parts[1]) + 86_400) + "." + parts[2] + "." + parts[3];
        assertEquals(401, assertThrows(ApiError.class,
                () -> session.check("GET", UiSession.COOKIE + "=" + longer, null)).getStatus());
        assertEquals(401, assertThrows(ApiError.class,
                () -> session.check("GET", UiSession.COOKIE + "=" + s.cookie() + "x", null)).getStatus());
        // signed under another admin key: a new key ends every session
        UiSession rotated = new UiSession("true", KEY.replace('a', 'b'), "http://localhost:8080", clock);
        assertEquals(401, assertThrows(ApiError.class,
                () -> rotated.check("GET", UiSession.COOKIE + "=" + s.cookie(), null)).getStatus());
        assertEquals(false, rotated.describe(UiSession.COOKIE + "=" + s.cookie()).get("signedIn"));
    }

    @Test
    void anotherNodeWithTheSameAdminKeyAcceptsTheSession() {
        // several nodes on one PostgreSQL share their settings, not their memory
        UiSession.Session s = session.start();
        UiSession otherNode = new UiSession("true", KEY, "http://localhost:8080", clock);
        String cookie = UiSession.COOKIE + "=" + s.cookie();
        assertDoesNotThrow(() -> otherNode.check("POST", cookie, s.csrf()));
        assertEquals(s.csrf(), otherNode.describe(cookie).get("csrf"));
    }

    @Test
    void anExpiredCookieIsRefused() {
        UiSession.Session s = session.start();
        String cookie = UiSession.COOKIE + "=" + s.cookie();
        clock.now = NOW.plus(UiSession.TTL).minusSeconds(1);
        assertDoesNotThrow(() -> session.check("POST", cookie, s.csrf()));
        clock.now = NOW.plus(UiSession.TTL);
        assertEquals(401, assertThrows(ApiError.class, () -> session.check("GET", cookie, null)).getStatus());
        assertEquals(401, assertThrows(ApiError.class, () -> session.check("POST", cookie, s.csrf())).getStatus());
    }

    @Test
    void signingOutClearsTheCookie() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        session.signOut(exchange);
        String setCookie = exchange.getMessage().getHeader("Set-Cookie", String.class);
        assertTrue(setCookie.startsWith(UiSession.COOKIE + "=;"), setCookie);
        assertTrue(setCookie.contains("Max-Age=0"), setCookie);
    }

    static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
