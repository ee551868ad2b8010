package io.hubsync.emulator.fidelity;

import io.hubsync.emulator.EmulatorFixture.Reply;
import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.emulator.OAuthFlow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HubSpot's error bodies (400, 401, 403, 404) as the emulator sends them, against the spec's
 * {@code Error}: each test also checks the category, so a wrong error that happens to be
 * well-formed still fails.
 */
class ErrorsFidelityTest {
    static final SpecValidator SPEC = SpecValidator.of("crm-contacts-v3.json");
    static final String BASE = "/crm/v3/objects/contacts";

    static EmulatorFixture emu;

    @BeforeAll
    static void start() {
        emu = new EmulatorFixture(c -> c.contacts = 3);
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static Reply send(String method, String path, String json, String bearer) {
        return SPEC.assertConforms(method, path, emu.send(method, path, json, bearer,
                json == null ? null : "application/json"));
    }

    private static void assertError(Reply r, int status, String category) {
        assertEquals(status, r.status(), r.body());
        assertEquals("error", r.json().get("status").asText(), r.body());
        assertEquals(category, r.json().get("category").asText(), r.body());
        assertEquals(r.json().get("correlationId").asText(), r.header("X-HubSpot-Correlation-Id"));
    }

    @Test
    void unknownPropertyOnCreateIs400PropertyDoesntExist() {
        Reply r = send("POST", BASE, "{\"properties\":{\"email\":\"x@fidelity.test\",\"testproperty\":\"1\"}}",
                emu.token);
        assertError(r, 400, "VALIDATION_ERROR");
        assertEquals("PROPERTY_DOESNT_EXIST", r.json().at("/errors/0/code").asText());
        assertEquals("testproperty", r.json().at("/errors/0/context/propertyName/0").asText());
        assertTrue(r.json().get("message").asText().startsWith("Property values were not valid: "), r.body());
    }

    @Test
    void limitAboveMaximumIs400() {
        assertError(send("GET", BASE + "?limit=101", null, emu.token), 400, "VALIDATION_ERROR");
    }

    @Test
    void tooManySortsInSearchIs400() {
        Reply r = send("POST", BASE + "/search", """
                {"filterGroups":[],"sorts":["firstname","lastname"],"properties":[],"limit":10,"after":"0"}""",
                emu.token);
        assertError(r, 400, "VALIDATION_ERROR");
    }

    @Test
    void bodyThatIsNotJsonIs400WithoutCategory() {
        Reply r = send("POST", BASE, "{\"properties\":", emu.token);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.json().get("message").asText().startsWith("Invalid input JSON"), r.body());
        assertFalse(r.json().has("category"), r.body());
    }

    @Test
    void missingTokenIs401() {
        Reply r = send("GET", BASE, null, null);
        assertError(r, 401, "INVALID_AUTHENTICATION");
        assertEquals("401 Unauthorized", r.header("x-hubspot-auth-failure"));
    }

    @Test
    void unknownTokenIs401() {
        assertError(send("GET", BASE, null, "pat-na1-00000000-0000-0000-0000-000000000000"), 401,
                "INVALID_AUTHENTICATION");
    }

    @Test
    void expiredOAuthTokenIs401ExpiredAuthentication() {
        String access = new OAuthFlow(emu).accessToken("crm.objects.contacts.read");
        assertEquals(200, emu.send("GET", BASE, null, access, null).status());
        emu.admin("POST", "/tokens/expire", "{\"portalId\":" + emu.portalId + "}");

        Reply r = send("GET", BASE, null, access);
        assertError(r, 401, "EXPIRED_AUTHENTICATION");
        assertTrue(r.json().get("message").asText().startsWith("The OAuth token used to make this call expired "),
                r.body());
        assertNotNull(r.json().at("/context/expire time/0").textValue(), r.body());
    }

    @Test
    void writeWithReadOnlyTokenIs403MissingScopes() {
        Reply app = emu.admin("POST", "/private-apps",
                "{\"portalId\":" + emu.portalId + ",\"scopes\":[\"crm.objects.contacts.read\"]}");
        String limited = app.json().get("token").asText();
        assertEquals(200, emu.send("GET", BASE, null, limited, null).status());

        Reply r = send("POST", BASE, "{\"properties\":{\"email\":\"no@fidelity.test\"}}", limited);
        assertError(r, 403, "MISSING_SCOPES");
        assertEquals("crm.objects.contacts.write", r.json().at("/errors/0/context/requiredGranularScopes/0").asText());
        assertEquals("https://developers.hubspot.com/scopes", r.json().at("/links/scopes").asText());
    }

    @Test
    void missingContactIs404() {
        Reply r = send("GET", BASE + "/999999999", null, emu.token);
        assertError(r, 404, "OBJECT_NOT_FOUND");
        assertEquals("999999999", r.json().at("/context/id/0").asText());

        Reply patch = send("PATCH", BASE + "/999999999", "{\"properties\":{\"firstname\":\"X\"}}", emu.token);
        assertError(patch, 404, "OBJECT_NOT_FOUND");
    }
}
