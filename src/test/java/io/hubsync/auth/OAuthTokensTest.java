package io.hubsync.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.core.TokenCipher;
import io.hubsync.store.ConnectionStore;
import io.hubsync.store.Database;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One refresh per connection at a time, across threads and across nodes sharing the database (DESIGN rule 9). */
class OAuthTokensTest {
    static final Instant PAST = Instant.now().minusSeconds(60);
    OAuthFixture oauth;
    final List<AutoCloseable> closeLater = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeLater) {
            c.close();
        }
        if (oauth != null) {
            oauth.close();
        }
    }

    /** Runs every caller at once (a barrier) and returns the tokens they got. */
    static List<String> concurrently(List<Supplier<String>> callers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers.size());
        try {
            CyclicBarrier start = new CyclicBarrier(callers.size());
            List<Future<String>> results = new ArrayList<>();
            for (Supplier<String> caller : callers) {
                results.add(pool.submit(() -> {
                    start.await();
                    return caller.get();
                }));
            }
            List<String> tokens = new ArrayList<>();
            for (Future<String> f : results) {
                tokens.add(f.get());
            }
            return tokens;
        } finally {
            pool.shutdownNow();
        }
    }

    void assertWorks(String accessToken) {
        assertEquals(200, oauth.emu.send("GET", "/crm/v3/objects/contacts?limit=1", null, accessToken, null).status());
    }

    @Test
    void fiftyCallersOnAnExpiredTokenShareOneRefresh() throws Exception {
        oauth = new OAuthFixture(c -> { }).start();
        JsonNode installed = oauth.install("acme", OAuthFixture.CONTACTS_READ, PAST);
        OAuthTokens tokens = oauth.tokens();
        List<Supplier<String>> callers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            callers.add(() -> tokens.accessToken("acme"));
        }
        List<String> got = concurrently(callers);
        assertEquals(1, oauth.tokenRequests(), "exactly one refresh reached HubSpot");
        Set<String> distinct = new HashSet<>(got);
        assertEquals(1, distinct.size(), "all 50 callers got the same token");
        String fresh = got.get(0);
        assertNotEquals(installed.get("access_token").asText(), fresh);
        assertWorks(fresh);
        // stored, and from memory afterwards: no more token requests
        assertEquals(fresh, oauth.tokenStore().tokens("acme").accessToken());
        assertTrue(oauth.tokenStore().tokens("acme").expiresAt().isAfter(Instant.now().plusSeconds(1700)));
        assertEquals(fresh, tokens.accessToken("acme"));
        assertEquals(1, oauth.tokenRequests());
    }

    @Test
    void twoNodesOnOneDatabaseShareOneRefresh() throws Exception {
        oauth = new OAuthFixture(c -> { }).start();
        assertTwoNodesRefreshOnce(oauth.sync.dbUrl + ";IFEXISTS=TRUE", "sa",
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL");
    }

    @Test
    void twoNodesOnPostgresShareOneRefresh() throws Exception {
        String schema = PostgresSchema.create();
        closeLater.add(() -> PostgresSchema.drop(schema));
        oauth = new OAuthFixture(c -> { });
        oauth.sync.set("db.url", PostgresSchema.SERVER + "?currentSchema=" + schema).set("db.user", PostgresSchema.USER);
        oauth.start();
        // another pool on the same database: a different URL string, so Database opens a pool of its own
        assertTwoNodesRefreshOnce(PostgresSchema.SERVER + "?currentSchema=" + schema + "&ApplicationName=node-b",
                PostgresSchema.USER, "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                        + "AND datname = current_database()");
    }

    /**
     * 25 callers on this node's store and 25 on a second node's, with a pool of its own. The first
     * refresh holds HubSpot's answer back until the other node's refresh waits on the row lock
     * (seen in the database's sessions), so the test proves the lock, not a lucky timing.
     */
    void assertTwoNodesRefreshOnce(String otherUrl, String user, String blockedSessions) throws Exception {
        oauth.install("acme", OAuthFixture.CONTACTS_READ, PAST);
        DataSource otherPool = Database.open(otherUrl, user, "", 4);
        closeLater.add(0, (AutoCloseable) otherPool);
        TokenEndpoint real = new CamelTokenEndpoint(oauth.sync.context());
        AtomicBoolean first = new AtomicBoolean(true);
        TokenEndpoint gated = (id, refreshToken) -> {
            if (first.getAndSet(false)) {
                Awaitility.await("the other node waits on the row lock").atMost(Duration.ofSeconds(20))
                        .until(() -> count(otherPool, blockedSessions) > 0);
            }
            return real.refresh(id, refreshToken);
        };
        OAuthTokens nodeA = new OAuthTokens(oauth.connections(), oauth.tokenStore(), gated, "5m");
        OAuthTokens nodeB = new OAuthTokens(new ConnectionStore(otherPool, TokenCipher.fromKey(oauth.tokenKey)),
                new io.hubsync.store.TokenStore(otherPool, TokenCipher.fromKey(oauth.tokenKey),
                        new io.hubsync.store.ConnectionNotices(null)), gated, "5m");
        List<Supplier<String>> callers = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            callers.add(() -> nodeA.accessToken("acme"));
            callers.add(() -> nodeB.accessToken("acme"));
        }
        List<String> got = concurrently(callers);
        assertEquals(1, oauth.tokenRequests(), "one refresh across both nodes");
        assertEquals(1, new HashSet<>(got).size(), "both nodes use the token the first one stored");
        assertWorks(got.get(0));
    }

    static long count(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aRotatedRefreshTokenIsStoredEncryptedAndUsedNext() throws Exception {
        oauth = new OAuthFixture(c -> c.rotateRefreshTokens = true).start();
        JsonNode installed = oauth.install("acme", OAuthFixture.CONTACTS_READ, PAST);
        String firstRefresh = installed.get("refresh_token").asText();
        OAuthTokens tokens = oauth.tokens();
        String second = tokens.accessToken("acme");
        String rotated = oauth.tokenStore().tokens("acme").refreshToken();
        assertNotEquals(firstRefresh, rotated, "HubSpot handed out a new refresh token and it was kept");
        String raw = rawColumns("acme");
        assertFalse(raw.contains(rotated) || raw.contains(second) || raw.contains(firstRefresh), "stored encrypted");
        assertTrue(raw.startsWith("v1:"), raw);
        // the old refresh token is gone at HubSpot: the next refresh works only with the newest
        tokens.rejected("acme", second);
        String third = tokens.accessToken("acme");
        assertNotEquals(second, third);
        assertWorks(third);
        assertEquals(2, oauth.tokenRequests());
        assertNotEquals(rotated, oauth.tokenStore().tokens("acme").refreshToken());
        assertEquals(ConnectionStore.ACTIVE, oauth.connections().get("acme").status());
    }

    String rawColumns(String id) throws Exception {
        try (Connection c = oauth.sync.jdbc();
             ResultSet rs = c.createStatement().executeQuery("SELECT refresh_token, access_token FROM connections "
                     + "WHERE id = '" + id + "'")) {
            assertTrue(rs.next());
            return rs.getString(1) + " " + rs.getString(2);
        }
    }

    @Test
    void aTokenRememberedForOnePortalIsNeverUsedForAnotherInstallUnderTheSameName() throws Exception {
        oauth = new OAuthFixture(c -> { }).start();
        JsonNode installed = oauth.install("acme", OAuthFixture.CONTACTS_READ, null);
        long portal = installed.get("hub_id").asLong();
        OAuthTokens tokens = oauth.tokens();
        assertEquals(installed.get("access_token").asText(), tokens.accessToken("acme", ConnectionStore.OAUTH, portal));
        // deleted and installed again for another portal (by the CLI: another process, no word to this one)
        oauth.connections().delete("acme", true);
        oauth.connections().saveOAuth("acme", portal + 1, "other.example.com", OAuthFixture.CONTACTS_READ,
                "other-portal-access", "other-portal-refresh", Instant.now().plusSeconds(1800));
        assertEquals("other-portal-access", tokens.accessToken("acme", ConnectionStore.OAUTH, portal + 1));
        // a run still under way for the old portal stops instead of reading the new one's records
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> tokens.accessToken("acme", ConnectionStore.OAUTH, portal));
        assertTrue(e.getMessage().contains("installed again"), e.getMessage());
        assertFalse(e.getMessage().contains("other-portal-access"));
    }
}
