package io.hubsync.emulator.fidelity;

import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.emulator.EmulatorFixture.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The owners API against crm-owners-v3.json: list pages, archived owners, get by id and user id, errors. */
class OwnersFidelityTest {
    static final SpecValidator SPEC = SpecValidator.of("crm-owners-v3.json");
    static final String BASE = "/crm/v3/owners";

    static EmulatorFixture emu;

    @BeforeAll
    static void start() {
        emu = new EmulatorFixture(c -> {
            c.contacts = 0;
            c.owners = 15;
        });
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static Reply call(String path, String bearer) {
        return SPEC.assertConforms("GET", path, emu.send("GET", path, null, bearer, null));
    }

    @Test
    void listPagesConform() {
        Reply first = call(BASE + "?limit=5", emu.token);
        assertEquals(200, first.status(), first.body());
        assertEquals(5, first.json().get("results").size());
        assertTrue(first.json().at("/results/0/teams").isArray(), first.body());
        Reply last = call(BASE + "?after=" + first.json().at("/paging/next/after").asText(), emu.token);
        assertEquals(7, last.json().get("results").size(), last.body());
        assertFalse(last.json().has("paging"), last.body());
    }

    @Test
    void archivedOwnersConformWithoutUserId() {
        Reply r = call(BASE + "?archived=true", emu.token);
        assertEquals(3, r.json().get("results").size(), r.body());
        assertFalse(r.json().at("/results/0").has("userId"), r.body());
        String id = r.json().at("/results/0/id").asText();
        assertEquals(200, call(BASE + "/" + id + "?archived=true", emu.token).status());
    }

    @Test
    void getByIdAndUserIdConform() {
        Reply one = call(BASE + "/101", emu.token);
        assertEquals(200, one.status(), one.body());
        Reply byUser = call(BASE + "/" + one.json().get("userId").asInt() + "?idProperty=userId", emu.token);
        assertEquals(one.json(), byUser.json());
    }

    /** The check can fail: an owner without the required type and archived, with a numeric id, is refused. */
    @Test
    void aMalformedOwnerIsRefused() {
        var bad = SPEC.violations(SpecValidator.Exchange.json("GET", BASE + "/101", 200,
                "{\"id\":101,\"createdAt\":\"2024-01-01T00:00:00.000Z\",\"updatedAt\":\"2024-01-01T00:00:00.000Z\"}"));
        assertEquals(2, bad.size(), bad.toString());
    }

    @Test
    void errorsConform() {
        Reply missing = call(BASE + "/999", emu.token);
        assertEquals(404, missing.status());
        assertEquals("OBJECT_NOT_FOUND", missing.json().get("category").asText());
        assertEquals(400, call(BASE + "?limit=501", emu.token).status());
        Reply unauth = call(BASE, "not-a-token");
        assertEquals(401, unauth.status());
        String limited = emu.admin("POST", "/private-apps", "{\"portalId\":" + emu.portalId
                + ",\"scopes\":[\"crm.objects.contacts.read\"]}").json().get("token").asText();
        Reply denied = call(BASE, limited);
        assertEquals(403, denied.status());
        assertEquals("MISSING_SCOPES", denied.json().get("category").asText());
    }
}
