package io.hubsync.emulator.fidelity;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.emulator.EmulatorFixture.Reply;
import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.emulator.OAuthFlow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OAuth token endpoint and token information against oauth-v1.json and oauth-v3.json. */
class OAuthFidelityTest {
    static final String SCOPE = "crm.objects.contacts.read";

    static EmulatorFixture emu;
    static OAuthFlow oauth;

    @BeforeAll
    static void start() {
        emu = new EmulatorFixture(c -> c.contacts = 2);
        oauth = new OAuthFlow(emu);
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static SpecValidator spec(String version) {
        return SpecValidator.of("oauth-" + version + ".json");
    }

    private static Reply token(String version, String form) {
        return spec(version).assertConforms("POST", "/oauth/" + version + "/token", oauth.token(version, form));
    }

    private static void assertIssued(Reply r) {
        assertEquals(200, r.status(), r.body());
        JsonNode t = r.json();
        assertEquals("bearer", t.get("token_type").asText());
        assertEquals("access_token", t.get("token_use").asText());
        assertEquals(1800, t.get("expires_in").asInt());
        assertEquals(emu.portalId, t.get("hub_id").asLong());
        Set<String> scopes = new HashSet<>();
        t.get("scopes").forEach(s -> scopes.add(s.asText()));
        assertTrue(scopes.contains(SCOPE), r.body());
        // and the token is good for the API
        assertEquals(200, emu.send("GET", "/crm/v3/objects/contacts", null, t.get("access_token").asText(), null)
                .status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v3"})
    void authorizationCodeGrant(String version) {
        assertIssued(token(version, oauth.authorizationCodeForm(oauth.code(SCOPE))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v3"})
    void refreshTokenGrant(String version) {
        JsonNode first = oauth.tokens(SCOPE);
        Reply r = token(version, oauth.refreshForm(first.get("refresh_token").asText()));
        assertIssued(r);
        assertNotEquals(first.get("access_token").asText(), r.json().get("access_token").asText());
        // HubSpot keeps the refresh token by default (HUBSPOT.md §5)
        assertEquals(first.get("refresh_token").asText(), r.json().get("refresh_token").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v3"})
    void unknownRefreshTokenIsBadRefreshToken(String version) {
        Reply r = token(version, oauth.refreshForm("na1-0000-00000000-0000-0000-0000-000000000000"));
        assertEquals(400, r.status(), r.body());
        assertEquals("BAD_REFRESH_TOKEN", r.json().get("status").asText());
        assertEquals("invalid_grant", r.json().get("error").asText());
        assertTrue(r.json().get("message").isTextual(), r.body());
    }

    @Test
    void reusedCodeIsBadAuthCode() {
        String code = oauth.code(SCOPE);
        assertEquals(200, token("v1", oauth.authorizationCodeForm(code)).status());
        Reply again = token("v1", oauth.authorizationCodeForm(code));
        assertEquals(400, again.status(), again.body());
        assertEquals("BAD_AUTH_CODE", again.json().get("status").asText());
    }

    @Test
    void accessTokenInfo() {
        JsonNode t = oauth.tokens(SCOPE);
        String path = "/oauth/v1/access-tokens/" + t.get("access_token").asText();
        Reply r = spec("v1").assertConforms("GET", path, emu.send("GET", path, null, null, null));
        assertEquals(200, r.status(), r.body());
        JsonNode info = r.json();
        assertEquals(t.get("access_token").asText(), info.get("token").asText());
        assertEquals(emu.portalId, info.get("hub_id").asLong());
        assertEquals(emu.portalId, info.at("/signed_access_token/hubId").asLong());
        assertTrue(info.get("expires_in").asInt() > 0 && info.get("expires_in").asInt() <= 1800, r.body());
        assertEquals(t.get("scopes"), info.get("scopes"));
    }

    @Test
    void unknownAccessTokenInfoIsAnError() {
        String path = "/oauth/v1/access-tokens/CNoSuchToken";
        Reply r = spec("v1").assertConforms("GET", path, emu.send("GET", path, null, null, null));
        assertTrue(r.status() >= 400, r.body());
    }

    @Test
    void refreshTokenInfoAndRevocation() {
        String refresh = oauth.tokens(SCOPE).get("refresh_token").asText();
        String path = "/oauth/v1/refresh-tokens/" + refresh;
        Reply info = spec("v1").assertConforms("GET", path, emu.send("GET", path, null, null, null));
        assertEquals(200, info.status(), info.body());
        assertEquals(refresh, info.json().get("token").asText());
        assertEquals(oauth.clientId, info.json().get("client_id").asText());
        assertEquals(emu.portalId, info.json().get("hub_id").asLong());

        Reply deleted = spec("v1").assertConforms("DELETE", path, emu.send("DELETE", path, null, null, null));
        assertEquals(204, deleted.status(), deleted.body());
        Reply refused = token("v1", oauth.refreshForm(refresh));
        assertEquals(400, refused.status(), refused.body());
        assertEquals("BAD_REFRESH_TOKEN", refused.json().get("status").asText());
    }
}
