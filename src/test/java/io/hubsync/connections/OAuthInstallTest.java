package io.hubsync.connections;

import io.hubsync.api.ConnectLinks;
import io.hubsync.api.OAuthState;
import io.hubsync.auth.LogCapture;
import io.hubsync.core.TokenCipher;
import io.hubsync.store.ConnectionStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OAuth install end to end on real HTTP: hubsync's /oauth/connect, the emulator's consent page,
 * hubsync's /oauth/callback; and every way a callback is refused, each storing nothing.
 */
class OAuthInstallTest {
    private ServerFixture server;

    @BeforeEach
    void start() throws Exception {
        server = new ServerFixture();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void installStoresTheConnectionWithEncryptedTokensThatWork() throws Exception {
        String link = server.link("acme", null);
        String callback = server.consent(link, null);
        HttpResponse<String> page = server.send("GET", callback, null, null);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("portal " + server.emu.portalId), page.body());

        ConnectionStore.Info c = server.connections().get("acme");
        assertEquals(ConnectionStore.OAUTH, c.authType());
        assertEquals(ConnectionStore.ACTIVE, c.status());
        assertEquals(server.emu.portalId, c.portalId());
        assertEquals("portal-" + server.emu.portalId + ".example.com", c.hubDomain());
        assertTrue(c.scopes().contains("crm.objects.contacts.read"), c.scopes());
        assertTrue(c.tokenExpiresAt().isAfter(Instant.now()));

        io.hubsync.store.TokenStore.Tokens tokens = server.tokenStore().tokens("acme");
        Map<String, String> raw = rawTokens("acme");
        assertTrue(raw.get("access_token").startsWith("v1:"));
        assertFalse(raw.get("access_token").contains(tokens.accessToken()), "the access token is stored in clear");
        assertFalse(raw.get("refresh_token").contains(tokens.refreshToken()), "the refresh token is stored in clear");
        // the stored access token works against HubSpot's (the emulator's) CRM API
        assertEquals(200, server.emu.send("GET", "/crm/v3/objects/contacts?limit=1", null, tokens.accessToken(), null)
                .status());

        // a replayed callback (the same state and code) is refused and changes nothing
        HttpResponse<String> replay = server.send("GET", callback, null, null);
        assertEquals(400, replay.statusCode(), replay.body());
        assertTrue(replay.body().contains("used already"), replay.body());
        assertEquals(raw, rawTokens("acme"));
        // and the admin's link is spent: reconnecting needs a new one
        HttpResponse<String> again = server.send("GET", link, null, null);
        assertEquals(403, again.statusCode(), again.body());
        assertTrue(again.body().contains("used already"), again.body());
        assertEquals(raw, rawTokens("acme"));

        String code = query(callback).get("code");
        assertFalse(server.anyAnswerContains(code), "an answer holds the code");
        assertFalse(server.anyAnswerContains(tokens.accessToken()), "an answer holds the access token");
        assertFalse(server.anyAnswerContains(tokens.refreshToken()), "an answer holds the refresh token");
        assertFalse(server.anyAnswerContains("hubsync-emulator-secret"), "an answer holds the client secret");
        // the pages, the redirect and the refusal of the replay
        server.assertAnswersHardened();
    }

    @Test
    void connectRedirectsToHubSpotWithASignedState() throws Exception {
        String link = server.link("acme", "{\"expires\":\"1h\"}");
        assertTrue(link.startsWith(server.base + "/oauth/connect?connection=acme&expires="), link);
        HttpResponse<String> r = server.send("GET", link, null, null);
        assertEquals(302, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(server.emu.base + "/oauth/authorize?"), location);
        // the default scopes cover what the default settings read: contacts, their companies, owners
        assertTrue(location.contains("scope=oauth%20crm.objects.contacts.read%20crm.schemas.contacts.read"
                + "%20crm.objects.companies.read%20crm.objects.owners.read"), location);
        Map<String, String> q = query(location);
        assertEquals("hubsync-emulator-client", q.get("client_id"));
        assertEquals(server.base + "/oauth/callback", q.get("redirect_uri"));
        OAuthState.Verified state = new OAuthState(TokenCipher.fromKey(ServerFixture.TOKEN_KEY)).verify(q.get("state"));
        assertEquals("acme", state.connection());
        assertEquals(query(link).get("nonce"), state.link().id());
        assertFalse(state.link().adoptRecords());
        // the link can be opened again until an install through it succeeds (a declined consent is retried)
        assertEquals(302, server.send("GET", link, null, null).statusCode());
        // also by a browser, which sends `Connection: keep-alive` (HttpURLConnection does, HttpClient cannot)
        HttpURLConnection browser = (HttpURLConnection) URI.create(link).toURL().openConnection();
        browser.setInstanceFollowRedirects(false);
        try {
            assertEquals(302, browser.getResponseCode());
            assertTrue(browser.getHeaderField("Location").startsWith(server.emu.base + "/oauth/authorize?"));
        } finally {
            browser.disconnect();
        }
    }

    @Test
    void connectWithoutAValidLinkIsForbiddenAndStoresNothing() throws Exception {
        String link = server.link("acme", null);
        Map<String, String> q = query(link);
        String expires = q.get("expires");
        String nonce = q.get("nonce");
        String sig = q.get("sig");
        String signed = "&expires=" + expires + "&nonce=" + nonce;
        ConnectLinks past = new ConnectLinks(TokenCipher.fromKey(ServerFixture.TOKEN_KEY), server.base, null,
                Clock.fixed(Instant.now().minus(Duration.ofDays(8)), ZoneOffset.UTC));
        String[] forbidden = {
            "/oauth/connect?connection=acme",                                                  // no signature
            "/oauth/connect",
            "/oauth/connect?connection=acme" + signed,
            "/oauth/connect?connection=evil" + signed + "&sig=" + sig,                         // another name
            "/oauth/connect?connection=acme&expires=" + (Long.parseLong(expires) + 86400) + "&nonce=" + nonce
                + "&sig=" + sig,                                                               // a later expiry
            "/oauth/connect?connection=acme" + signed + "&adoptRecords=true&sig=" + sig,       // a flag added
            "/oauth/connect?connection=acme" + signed + "&sig=" + sig + "&sig=" + sig,         // twice
            "/oauth/connect?connection=acme" + signed + "&sig=" + (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1),
            "/oauth/connect?connection=acme" + signed + "&sig=%25%25",
            past.make("acme", Duration.ofDays(7), false).url(),                                 // expired a day ago
            "/oauth/connect?connection=%3Cscript%3Ealert(1)%3C%2Fscript%3E&expires=1&nonce=x&sig=abc", // never echoed
        };
        for (String url : forbidden) {
            HttpResponse<String> r = server.send("GET", url, null, null);
            assertEquals(403, r.statusCode(), url + ": " + r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), url);
            assertTrue(r.headers().firstValue("Location").isEmpty(), url);
            assertFalse(r.body().contains("script") || r.body().contains("evil") || r.body().contains("Exception"),
                    url + ": " + r.body());
        }
        HttpResponse<String> expired = server.send("GET", past.make("acme", Duration.ofDays(7), false).url(), null, null);
        assertTrue(expired.body().contains("expired"), expired.body());
        assertEquals(0, server.connectionsCount());
        assertFalse(server.anyAnswerContains("state="), "no answer started an install");
        // the genuine link still works
        assertEquals(302, server.send("GET", link, null, null).statusCode());
    }

    @Test
    void aConnectionParameterThatIsNoNameIsRefusedBeforeItReachesTheLog() {
        for (String forged : new String[] {"x%0aFORGED-LINE", "x%0d%0aFORGED-LINE", "x%0AFORGED-LINE%0A"}) {
            HttpResponse<String> r;
            String logged;
            // the capture writes messages as they are: only the check keeps the line out
            try (LogCapture logs = new LogCapture()) {
                r = server.send("GET", "/oauth/connect?connection=" + forged, null, null);
                logged = logs.all();
            }
            // no admin's link: refused before the value is used, and the refusal repeats nothing of it
            assertEquals(403, r.statusCode(), r.body());
            assertTrue(r.body().contains("install link"), r.body());
            assertFalse(r.body().contains("FORGED-LINE"), r.body());
            assertFalse(logged.lines().anyMatch(l -> l.startsWith("FORGED-LINE")), logged);
            assertFalse(logged.contains("FORGED-LINE"), "the refusal repeats what was sent: " + logged);
        }
    }

    @Test
    void tamperedExpiredAndDeclinedCallbacksStoreNothing() throws Exception {
        // tampered: the connection name in the state changed, the signature kept
        String callback = server.consent(server.link("acme", null), null);
        Map<String, String> q = query(callback);
        String state = q.get("state");
        String payload = new String(Base64.getUrlDecoder().decode(state.substring(0, state.indexOf('.'))),
                StandardCharsets.UTF_8).replace("acme", "evil");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + state.substring(state.indexOf('.'));
        HttpResponse<String> tampered = server.send("GET", "/oauth/callback?code=" + q.get("code") + "&state="
                + forged, null, null);
        assertEquals(400, tampered.statusCode(), tampered.body());
        assertTrue(tampered.body().contains("not one this server signed"), tampered.body());

        // expired: signed with this server's key eleven minutes ago
        String old = new OAuthState(TokenCipher.fromKey(ServerFixture.TOKEN_KEY),
                Clock.fixed(Instant.now().minusSeconds(11 * 60), ZoneOffset.UTC)).sign(link("late"));
        HttpResponse<String> expired = server.send("GET", "/oauth/callback?code=" + q.get("code") + "&state=" + old,
                null, null);
        assertEquals(400, expired.statusCode(), expired.body());
        assertTrue(expired.body().contains("expired"), expired.body());

        // HubSpot's error redirect (the user declined)
        HttpResponse<String> declined = server.send("GET", "/oauth/callback?error=access_denied&error_description="
                + "User%20declined&state=" + state, null, null);
        assertEquals(400, declined.statusCode(), declined.body());
        assertTrue(declined.body().contains("access_denied"), declined.body());

        // a fresh, genuine state with a code HubSpot does not know: HubSpot's refusal, as a 502
        String fresh = new OAuthState(TokenCipher.fromKey(ServerFixture.TOKEN_KEY)).sign(link("acme"));
        HttpResponse<String> badCode = server.send("GET", "/oauth/callback?code=bogus-code&state=" + fresh, null, null);
        assertEquals(502, badCode.statusCode(), badCode.body());
        assertTrue(badCode.body().contains("BAD_AUTH_CODE"), badCode.body());

        // no state, no code
        assertEquals(400, server.send("GET", "/oauth/callback?code=" + q.get("code"), null, null).statusCode());
        assertEquals(400, server.send("GET", "/oauth/callback?state=" + state, null, null).statusCode());

        assertEquals(0, server.connectionsCount());
        // the genuine callback still works: none of the refusals used its state or code
        assertEquals(200, server.send("GET", callback, null, null).statusCode());
        assertEquals(1, server.connectionsCount());
        // refusal and failure pages too
        server.assertAnswersHardened();
    }

    @Test
    void reconnectMakesANeedsReauthConnectionActiveAgain() throws Exception {
        assertEquals(200, server.send("GET", server.consent(server.link("acme", null), null), null, null).statusCode());
        String before = rawTokens("acme").get("access_token");
        server.tokenStore().withTokenLock("acme", t -> {
            t.needsReauth("BAD_REFRESH_TOKEN");
            return null;
        });
        assertEquals(ConnectionStore.NEEDS_REAUTH, server.connections().get("acme").status());

        assertEquals(200, server.send("GET", server.consent(server.link("acme", null), null), null, null).statusCode());
        ConnectionStore.Info c = server.connections().get("acme");
        assertEquals(ConnectionStore.ACTIVE, c.status());
        assertEquals(null, c.statusReason());
        assertNotEquals(before, rawTokens("acme").get("access_token"));
    }

    @Test
    void anInstallNeverTakesOverAPrivateAppConnection() throws Exception {
        // the install starts while the name is free; meanwhile a private app is added under it
        String link = server.link("acme", null);
        String callback = server.consent(link, null);
        long portal = 4242;
        server.connections().addPrivateApp("acme", "pat-na1-11111111-2222-3333-4444-555555555555", portal);
        String before = rawTokens("acme").get("access_token");

        HttpResponse<String> page = server.send("GET", callback, null, null);
        assertEquals(400, page.statusCode(), page.body());
        assertTrue(page.body().contains("uses a private-app token"), page.body());
        ConnectionStore.Info c = server.connections().get("acme");
        assertEquals(ConnectionStore.PRIVATE_APP, c.authType());
        assertEquals(portal, c.portalId());
        assertEquals(before, rawTokens("acme").get("access_token"), "the private app's token is untouched");
        // and a new install under that name is refused at once: the open link, and a new one
        assertEquals(400, server.send("GET", link, null, null).statusCode());
        HttpResponse<String> another = server.admin("POST", "/acme/connect-link", null);
        assertEquals(409, another.statusCode(), another.body());
        assertTrue(ServerFixture.json(another).get("message").asText().contains("private-app"), another.body());
    }

    @Test
    void theFirstInstallThroughALinkSpendsIt() throws Exception {
        String link = server.link("acme", null);
        // two consents through the same link (two tabs, or a forwarded link): only the first install stores
        String first = server.consent(link, null);
        String second = server.consent(link, null);
        assertEquals(200, server.send("GET", first, null, null).statusCode());
        Map<String, String> stored = rawTokens("acme");
        HttpResponse<String> late = server.send("GET", second, null, null);
        assertEquals(400, late.statusCode(), late.body());
        assertTrue(late.body().contains("used already"), late.body());
        assertEquals(stored, rawTokens("acme"));
        assertEquals(403, server.send("GET", link, null, null).statusCode());
    }

    @Test
    void aLinkForAConnectionNeverLetsAnotherPortalTakeItOver() throws Exception {
        server.close();
        server = new ServerFixture(c -> c.portals = 2);
        long own = server.emu.emulator.config().portalId(0);
        long other = server.emu.emulator.config().portalId(1);
        assertEquals(200, server.send("GET", server.consent(server.link("acme", null), own), null, null).statusCode());
        Map<String, String> stored = rawTokens("acme");

        // a reconnect link, consented to by the admin of another portal: refused, nothing stored
        String link = server.link("acme", null);
        HttpResponse<String> taken = server.send("GET", server.consent(link, other), null, null);
        assertEquals(400, taken.statusCode(), taken.body());
        assertTrue(taken.body().contains("belongs to portal " + own), taken.body());
        assertEquals(own, server.connections().get("acme").portalId());
        assertEquals(stored, rawTokens("acme"));
        assertEquals(1, server.connectionsCount());
        // the refused install did not spend the link: the right portal reconnects with it
        assertEquals(200, server.send("GET", server.consent(link, own), null, null).statusCode());
        assertNotEquals(stored.get("access_token"), rawTokens("acme").get("access_token"));
    }

    @Test
    void anInstallStartsOnADeletedConnectionsRecordsOnlyThroughALinkThatAdoptsThem() throws Exception {
        assertEquals(200, server.send("GET", server.consent(server.link("acme", null), null), null, null).statusCode());
        server.sync.runOnce();
        long records = server.records("acme");
        assertTrue(records > 0);
        // an install under way when the connection is deleted without its records
        String underWay = server.consent(server.link("acme", null), null);
        assertEquals(200, server.admin("DELETE", "/acme", null).statusCode());

        HttpResponse<String> refused = server.send("GET", underWay, null, null);
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("deleted connection") && refused.body().contains("Nothing was stored"),
                refused.body());
        assertEquals(0, server.connectionsCount());
        HttpResponse<String> noLink = server.admin("POST", "/acme/connect-link", null);
        assertEquals(409, noLink.statusCode(), noLink.body());
        assertEquals("adoptRecords", ServerFixture.json(noLink).get("field").asText());
        String message = ServerFixture.json(noLink).get("message").asText();
        assertTrue(message.contains("connect-link acme --adopt-records") && message.contains("same HubSpot portal")
                && message.contains("delete acme --records"), message);

        // the admin adopts them (the same portal): the install keeps them, and the next run starts on them
        String adopting = server.link("acme", "{\"adoptRecords\":true}");
        assertTrue(adopting.contains("&adoptRecords=true&"), adopting);
        assertEquals(200, server.send("GET", server.consent(adopting, null), null, null).statusCode());
        assertEquals(records, server.records("acme"));
        assertEquals(0, server.sync.runOnce().get(0).getAdded(), "the adopted records were there already");
        assertEquals(records, server.records("acme"));
    }

    /** A link's consent as /oauth/connect hands it on (its id is no spent link's). */
    private static ConnectLinks.Verified link(String connection) {
        return new ConnectLinks.Verified(connection, false, "test-" + connection);
    }

    private static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : URI.create(url).getRawQuery().split("&")) {
            int eq = p.indexOf('=');
            out.put(p.substring(0, eq), URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private Map<String, String> rawTokens(String connection) throws Exception {
        try (Connection c = server.sync.jdbc();
             PreparedStatement ps = c.prepareStatement("SELECT access_token, refresh_token FROM connections WHERE id = ?")) {
            ps.setString(1, connection);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                Map<String, String> out = new LinkedHashMap<>();
                out.put("access_token", rs.getString(1));
                out.put("refresh_token", rs.getString(2));
                return out;
            }
        }
    }
}
