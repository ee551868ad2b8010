package io.hubsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OAuth install flow, token expiry and refresh, and HubSpot's auth error bodies. */
class OAuthTest {
    static final String REDIRECT = "http://localhost:9999/oauth/callback";
    EmulatorFixture emu;
    EmulatorConfig config;

    @BeforeEach
    void start() {
        emu = new EmulatorFixture(c -> {
            c.accessTokenTtlSeconds = 1800;
            config = c;
        });
        emu.emulator.clock().freeze();
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    String code(String scope, String state) {
        EmulatorFixture.Reply r = emu.send("GET", "/oauth/authorize?client_id=" + config.clientId + "&redirect_uri="
                + enc(REDIRECT) + "&scope=" + enc(scope) + "&state=" + enc(state), null, null, null);
        assertEquals(302, r.status(), r.body());
        URI location = URI.create(r.header("Location"));
        assertTrue(location.toString().startsWith(REDIRECT + "?"));
        Map<String, String> q = query(location);
        assertEquals(state, q.get("state"));
        return q.get("code");
    }

    EmulatorFixture.Reply token(Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return emu.send("POST", "/oauth/v1/token", body, null, "application/x-www-form-urlencoded");
    }

    JsonNode exchange(String code) {
        EmulatorFixture.Reply r = token(Map.of("grant_type", "authorization_code", "client_id", config.clientId,
                "client_secret", config.clientSecret, "redirect_uri", REDIRECT, "code", code));
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    EmulatorFixture.Reply refresh(String refreshToken) {
        return token(Map.of("grant_type", "refresh_token", "client_id", config.clientId,
                "client_secret", config.clientSecret, "refresh_token", refreshToken));
    }

    EmulatorFixture.Reply list(String accessToken) {
        return emu.send("GET", "/crm/v3/objects/contacts?limit=1", null, accessToken, null);
    }

    @Test
    void installFlowGivesTokensThatReadContacts() {
        JsonNode t = exchange(code("crm.objects.contacts.read", "s1"));
        assertEquals("bearer", t.get("token_type").asText());
        assertEquals(1800, t.get("expires_in").asInt());
        assertEquals(emu.portalId, t.get("hub_id").asLong());
        assertEquals("access_token", t.get("token_use").asText());
        assertEquals(200, list(t.get("access_token").asText()).status());
        JsonNode info = emu.send("GET", "/oauth/v1/access-tokens/" + t.get("access_token").asText(), null, null, null)
                .json();
        assertEquals(emu.portalId, info.get("hub_id").asLong());
        assertEquals(1800, info.get("expires_in").asInt());
    }

    @Test
    void accessTokenExpiresAndRefreshGivesANewOne() {
        JsonNode t = exchange(code("crm.objects.contacts.read", "s"));
        String access = t.get("access_token").asText();
        emu.emulator.clock().advance(Duration.ofSeconds(1799));
        assertEquals(200, list(access).status());
        emu.emulator.clock().advance(Duration.ofSeconds(76));
        EmulatorFixture.Reply expired = list(access);
        assertEquals(401, expired.status());
        assertEquals("EXPIRED_AUTHENTICATION", expired.json().get("category").asText());
        assertEquals("The OAuth token used to make this call expired 75 second(s) ago.",
                expired.json().get("message").asText());
        JsonNode fresh = refresh(t.get("refresh_token").asText()).json();
        assertNotEquals(access, fresh.get("access_token").asText());
        // HubSpot keeps the refresh token unless rotation is on
        assertEquals(t.get("refresh_token").asText(), fresh.get("refresh_token").asText());
        assertEquals(200, list(fresh.get("access_token").asText()).status());
    }

    @Test
    void rotationIssuesANewRefreshTokenAndRetiresTheOld() {
        config.rotateRefreshTokens = true;
        JsonNode t = exchange(code("crm.objects.contacts.read", "s"));
        JsonNode fresh = refresh(t.get("refresh_token").asText()).json();
        assertNotEquals(t.get("refresh_token").asText(), fresh.get("refresh_token").asText());
        assertEquals("BAD_REFRESH_TOKEN", refresh(t.get("refresh_token").asText()).json().get("status").asText());
    }

    @Test
    void badAndRevokedRefreshTokensGetBadRefreshToken() {
        EmulatorFixture.Reply bad = refresh("na1-nope");
        assertEquals(400, bad.status());
        assertEquals("BAD_REFRESH_TOKEN", bad.json().get("status").asText());
        assertEquals("invalid_grant", bad.json().get("error").asText());
        JsonNode t = exchange(code("crm.objects.contacts.read", "s"));
        String rt = t.get("refresh_token").asText();
        assertEquals(204, emu.send("DELETE", "/oauth/v1/refresh-tokens/" + rt, null, null, null).status());
        assertEquals("BAD_REFRESH_TOKEN", refresh(rt).json().get("status").asText());
        // revoking does not end access tokens already issued
        assertEquals(200, list(t.get("access_token").asText()).status());
    }

    @Test
    void codesAreSingleUseAndClientCredentialsAreChecked() {
        String code = code("crm.objects.contacts.read", "s");
        exchange(code);
        EmulatorFixture.Reply again = token(Map.of("grant_type", "authorization_code", "client_id", config.clientId,
                "client_secret", config.clientSecret, "redirect_uri", REDIRECT, "code", code));
        assertEquals("BAD_AUTH_CODE", again.json().get("status").asText());
        EmulatorFixture.Reply wrongId = token(Map.of("grant_type", "refresh_token", "client_id", "x",
                "client_secret", config.clientSecret, "refresh_token", "y"));
        assertEquals("BAD_CLIENT_ID", wrongId.json().get("status").asText());
        EmulatorFixture.Reply wrongSecret = token(Map.of("grant_type", "refresh_token", "client_id", config.clientId,
                "client_secret", "nope", "refresh_token", "y"));
        assertEquals("BAD_CLIENT_SECRET", wrongSecret.json().get("status").asText());
        EmulatorFixture.Reply wrongRedirect = token(Map.of("grant_type", "authorization_code", "client_id",
                config.clientId, "client_secret", config.clientSecret, "redirect_uri", "http://evil/cb",
                "code", code("crm.objects.contacts.read", "s")));
        assertEquals("BAD_REDIRECT_URI", wrongRedirect.json().get("status").asText());
        EmulatorFixture.Reply grant = token(Map.of("grant_type", "password", "client_id", config.clientId,
                "client_secret", config.clientSecret));
        assertEquals("BAD_GRANT_TYPE", grant.json().get("status").asText());
    }

    @Test
    void scopesAreEnforced() {
        JsonNode t = exchange(code("crm.objects.contacts.read", "s"));
        EmulatorFixture.Reply write = emu.send("POST", "/crm/v3/objects/contacts", "{\"properties\":{}}",
                t.get("access_token").asText(), "application/json");
        assertEquals(403, write.status());
        assertEquals("MISSING_SCOPES", write.json().get("category").asText());
        assertEquals("crm.objects.contacts.write",
                write.json().at("/errors/0/context/requiredGranularScopes/0").asText());
        EmulatorFixture.Reply companies = emu.send("GET", "/crm/v3/objects/companies", null,
                t.get("access_token").asText(), null);
        assertEquals(403, companies.status());
    }

    @Test
    void missingAndUnknownTokensGet401InvalidAuthentication() {
        EmulatorFixture.Reply none = emu.send("GET", "/crm/v3/objects/contacts", null, null, null);
        assertEquals(401, none.status());
        assertEquals("INVALID_AUTHENTICATION", none.json().get("category").asText());
        assertEquals("401 Unauthorized", none.header("x-hubspot-auth-failure"));
        assertEquals(401, list("CNotAToken").status());
    }

    @Test
    void expireEndpointEndsTokensMidRun() {
        JsonNode t = exchange(code("crm.objects.contacts.read", "s"));
        emu.admin("POST", "/tokens/expire", "{\"portalId\":" + emu.portalId + "}");
        assertEquals("EXPIRED_AUTHENTICATION", list(t.get("access_token").asText()).json().get("category").asText());
    }

    @Test
    void introspectionTellsActiveFromInactive() {
        JsonNode t = exchange(code("crm.objects.contacts.read", "s"));
        String form = "client_id=" + config.clientId + "&client_secret=" + config.clientSecret + "&token=";
        JsonNode active = emu.send("POST", "/oauth/v3/token/introspect", form + enc(t.get("access_token").asText()),
                null, "application/x-www-form-urlencoded").json();
        assertTrue(active.get("active").asBoolean());
        JsonNode inactive = emu.send("POST", "/oauth/v3/token/introspect", form + "nope", null,
                "application/x-www-form-urlencoded").json();
        assertFalse(inactive.get("active").asBoolean());
    }

    @Test
    void consentPageRefusesUnknownClientsAndRedirects() {
        assertEquals(400, emu.send("GET", "/oauth/authorize?client_id=nope&redirect_uri=" + enc(REDIRECT), null,
                null, null).status());
        EmulatorFixture.Reply badScope = emu.send("GET", "/oauth/authorize?client_id=" + config.clientId
                + "&redirect_uri=" + enc(REDIRECT) + "&scope=not.a.scope&state=z", null, null, null);
        assertEquals(302, badScope.status());
        assertTrue(badScope.header("Location").contains("error=invalid_scope"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(URI uri) {
        return java.util.Arrays.stream(uri.getRawQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> java.net.URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }
}
