package io.hubsync.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.core.SyncRun;
import io.hubsync.store.ConnectionStore;
import org.apache.camel.builder.AdviceWith;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Syncs of OAuth connections through the routes: refresh, EXPIRED_AUTHENTICATION, revoked installs, scopes, secrets. */
class OAuthSyncTest {
    OAuthFixture oauth;

    @AfterEach
    void stop() {
        if (oauth != null) {
            oauth.close();
        }
    }

    SyncRun onlyRun() {
        List<SyncRun> runs = oauth.runOnce();
        assertEquals(1, runs.size());
        return runs.get(0);
    }

    /** The emulator ends the portal's access tokens after the given backfill page is written. */
    void expireTokensAfterPage(int page) throws Exception {
        AtomicInteger pages = new AtomicInteger();
        AdviceWith.adviceWith(oauth.sync.context(), "backfill-list", a -> a.weaveById("write-list-page").after()
                .process(e -> {
                    if (pages.incrementAndGet() == page) {
                        assertEquals(200, oauth.emu.admin("POST", "/tokens/expire",
                                "{\"portalId\":" + oauth.emu.portalId + "}").status());
                    }
                }));
    }

    @Test
    void expiredAuthenticationMidRunRefreshesOnceAndRetriesTheRequestOnce() throws Exception {
        oauth = new OAuthFixture(c -> c.contacts = 2_000).start();
        JsonNode installed = oauth.install("acme", OAuthFixture.CONTACTS_READ, null);
        expireTokensAfterPage(3);
        SyncRun run = onlyRun();
        assertTrue(run.isSucceeded(), run.getError());
        assertEquals(2_000, run.getAdded());
        assertEquals(1, oauth.emu.emulator.stats().count("crm.list", 401, 0), "one request was refused");
        assertEquals(1, oauth.tokenRequests(), "one refresh, although the stored expiry said the token was valid");
        assertEquals(1, oauth.sync.counter("hubsync.oauth.refreshes", "connection", "acme", "outcome", "refreshed"));
        long listed = oauth.emu.emulator.stats().count("crm.list", 200, 0);
        assertEquals(run.getPages(), listed, "every page read once, the refused one retried once");
        assertEquals(List.of(), oauth.sync.differences("acme", installed.get("hub_id").asLong(), "contacts",
                OAuthFixture.STORED));
        String stored = oauth.tokenStore().tokens("acme").accessToken();
        assertFalse(stored.equals(installed.get("access_token").asText()), "the rejected token was replaced");
    }

    @Test
    void revokedRefreshTokenMarksTheConnectionNeedsReauthOnce() throws Exception {
        oauth = new OAuthFixture(c -> { });
        // notices on, toward a port where nothing listens: they wait in the outbox, where this test reads them
        oauth.sync.set("notify.url", "http://127.0.0.1:9/hubsync").set("notify.secret",
                "notice-secret-0123456789-abcdefghijklmnopq").start();
        JsonNode installed = oauth.install("acme", OAuthFixture.CONTACTS_READ, Instant.now().minusSeconds(60));
        String refresh = installed.get("refresh_token").asText();
        assertEquals(204, oauth.emu.send("DELETE", "/oauth/v1/refresh-tokens/" + refresh, null, null, null).status());
        oauth.emu.emulator.stats().reset();
        SyncRun run;
        try (LogCapture logs = new LogCapture()) {
            run = onlyRun();
            List<LogCapture.Line> reauth = logs.at(Level.ERROR).stream()
                    .filter(l -> l.logger().equals(OAuthTokens.class.getName())).toList();
            assertEquals(1, reauth.size(), logs.all());
            // besides it only the run's own summary, and no stack trace
            assertEquals(2, logs.at(Level.ERROR).size(), logs.all());
            assertFalse(logs.all().contains("\tat "), logs.all());
            assertTrue(reauth.get(0).text().contains("'acme'")
                    && reauth.get(0).text().contains("hubsync connections connect-link acme"), reauth.get(0).text());
            assertFalse(logs.all().contains(refresh), "the refresh token is not logged");
            assertFalse(logs.all().contains(oauth.flow.clientSecret), "the client secret is not logged");
        }
        assertFalse(run.isSucceeded());
        assertTrue(run.getError().contains("NEEDS_REAUTH") && run.getError().contains("hubsync connections connect-link acme")
                && run.getError().contains("refresh token is invalid, expired or revoked"), run.getError());
        assertEquals(1, oauth.tokenRequests(), "exactly one token request");
        assertEquals(1, oauth.sync.counter("hubsync.oauth.refreshes", "connection", "acme", "outcome", "refused"));
        assertEquals(0, oauth.sync.counter("hubsync.oauth.refreshes", "connection", "acme", "outcome", "refreshed"));
        assertEquals(1, oauth.emu.emulator.stats().count(null, 0, 0), "and no CRM call");
        ConnectionStore.Info info = oauth.connections().get("acme");
        assertEquals(ConnectionStore.NEEDS_REAUTH, info.status());
        assertTrue(info.statusReason().contains("refresh token is invalid, expired or revoked"), info.statusReason());

        // the schedules skip it: nothing is due, nothing reaches HubSpot
        assertEquals(List.of(), oauth.connectionStatus().due("contacts"));
        assertEquals(List.of(), oauth.runOnce(), "no run");
        // and a direct caller fails fast, without HubSpot
        NeedsReauthException e = assertThrows(NeedsReauthException.class, () -> oauth.tokens().accessToken("acme"));
        assertTrue(e.getMessage().contains("hubsync connections connect-link acme"), e.getMessage());
        assertEquals(1, oauth.emu.emulator.stats().count(null, 0, 0));
        // one notice that the connection needs a new install, beside the failed run's; no token in either
        assertEquals(1, oauth.sync.count("SELECT COUNT(*) FROM notices WHERE event = 'connection.needs_reauth' "
                + "AND connection_id = 'acme'"));
        assertEquals(1, oauth.sync.count("SELECT COUNT(*) FROM notices WHERE event = 'run.failed'"));
        assertEquals(0, oauth.sync.count("SELECT COUNT(*) FROM notices WHERE body LIKE '%" + refresh + "%'"));
    }

    @Test
    void missingScopesSkipTheTypeNamingTheScopeAndAreNotRetried() throws Exception {
        oauth = new OAuthFixture(c -> { }).start();
        oauth.install("acme", "crm.objects.companies.read", null);
        SyncRun run = onlyRun();
        // docs/behavior.md rule 13: skipped, naming the scope HubSpot asked for; no failed run
        assertFalse(run.isSucceeded());
        assertEquals("crm.objects.contacts.read", run.getSkippedFor());
        assertEquals(0, oauth.sync.count("SELECT COUNT(*) FROM sync_runs"));
        assertEquals(0, oauth.sync.count("SELECT COUNT(*) FROM notices WHERE event = 'run.failed'"));
        assertEquals(1, oauth.emu.emulator.stats().count("crm.list", 403, 0), "not retried");
        assertEquals(0, oauth.tokenRequests(), "a 403 is not a token problem");
        assertEquals(ConnectionStore.ACTIVE, oauth.connections().get("acme").status());
    }

    @Test
    void invalidAuthenticationFailsTheRunAtOnce() throws Exception {
        oauth = new OAuthFixture(c -> { }).start();
        JsonNode t = oauth.flow.tokens(OAuthFixture.CONTACTS_READ);
        oauth.connections().saveOAuth("acme", t.get("hub_id").asLong(), "portal.example.com",
                OAuthFixture.CONTACTS_READ, "C-not-a-token", t.get("refresh_token").asText(),
                Instant.now().plusSeconds(1800));
        oauth.emu.emulator.stats().reset();
        SyncRun run = onlyRun();
        assertFalse(run.isSucceeded());
        assertTrue(run.getError().contains("401") && run.getError().contains("Authentication credentials not found"),
                run.getError());
        assertEquals(1, oauth.emu.emulator.stats().count("crm.list", 401, 0), "not retried");
        assertEquals(0, oauth.tokenRequests(), "only EXPIRED_AUTHENTICATION refreshes");
    }

    @Test
    void noTokenNorSecretReachesTheLogsOrTheRunErrors() throws Exception {
        oauth = new OAuthFixture(c -> {
            c.contacts = 1_000;
            c.rotateRefreshTokens = true;
        });
        List<String> secrets = new ArrayList<>();
        secrets.add(oauth.flow.clientSecret);
        secrets.add(oauth.tokenKey);
        String all;
        // Camel's summary of the properties it resolved is off by default (application.properties); an operator
        // who turns it on must still see no secret in it
        oauth.sync.set("camel.main.auto-configuration-log-summary", "true");
        try (LogCapture logs = new LogCapture()) {
            oauth.start(); // start-up logs too: Camel's summary of the properties it resolved
            JsonNode installed = oauth.install("acme", OAuthFixture.CONTACTS_READ, null);
            secrets.add(installed.get("access_token").asText());
            secrets.add(installed.get("refresh_token").asText());
            expireTokensAfterPage(4);
            SyncRun backfill = onlyRun();
            assertTrue(backfill.isSucceeded(), backfill.getError());
            io.hubsync.store.TokenStore.Tokens refreshed = oauth.tokenStore().tokens("acme");
            secrets.add(refreshed.accessToken());
            secrets.add(refreshed.refreshToken());
            assertTrue(onlyRun().isSucceeded());
            // and a failing run: its refresh token revoked, the stored expiry passed
            oauth.tokens().rejected("acme", refreshed.accessToken());
            oauth.emu.send("DELETE", "/oauth/v1/refresh-tokens/" + refreshed.refreshToken(), null, null, null);
            SyncRun failed = onlyRun();
            assertFalse(failed.isSucceeded());
            all = logs.all() + "\n" + backfill.getError() + "\n" + failed.getError() + "\n" + runErrors();
        }
        assertEquals(2, oauth.tokenRequests(), "the mid-run refresh and the refused one");
        assertEquals(6, secrets.stream().distinct().count(), "rotation gave new tokens of both kinds");
        assertTrue(all.contains("OAuth access token refreshed") && all.contains("hubspot.oauth.client-secret"),
                "the capture saw the sync's logs, start-up included");
        for (String secret : secrets) {
            assertFalse(all.contains(secret), "a secret reached the logs or a run error: " + secret.substring(0, 4)
                    + "…");
        }
    }

    String runErrors() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = oauth.sync.jdbc();
             ResultSet rs = c.createStatement().executeQuery("SELECT error FROM sync_runs")) {
            while (rs.next()) {
                sb.append(rs.getString(1)).append('\n');
            }
        }
        return sb.toString();
    }
}
