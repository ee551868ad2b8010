package io.hubsync.emulator.owners;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.emulator.EmulatorFixture.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The owners API over real HTTP: paging, archived, get by id and user id, 404, auth, budgets and the admin hooks. */
class OwnersApiTest {
    static final String OWNERS = "/crm/v3/owners";

    static EmulatorFixture emu;

    @BeforeAll
    static void start() {
        emu = new EmulatorFixture(c -> {
            c.contacts = 30;
            c.rateLimits = "professional";
        });
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void freshState() {
        emu.admin("POST", "/reset", "{}");
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("results").forEach(o -> out.add(o.get("id").asText()));
        return out;
    }

    @Test
    void tenSeededOwnersEightLiveTwoArchivedWithHubSpotsFields() {
        JsonNode live = emu.get(OWNERS).json();
        assertEquals(List.of("101", "102", "103", "104", "105", "106", "107", "108"), ids(live));
        assertFalse(live.has("paging"), live.toString());
        JsonNode first = live.at("/results/0");
        assertEquals("PERSON", first.get("type").asText());
        assertTrue(first.get("email").asText().endsWith("@example.com"), first.toString());
        assertTrue(first.get("userId").isInt(), first.toString());
        assertEquals(first.get("userId"), first.get("userIdIncludingInactive"));
        assertTrue(first.get("createdAt").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertFalse(first.get("archived").asBoolean());
        assertTrue(first.get("teams").isArray());

        JsonNode archived = emu.get(OWNERS + "?archived=true").json();
        assertEquals(List.of("109", "110"), ids(archived));
        assertTrue(archived.at("/results/0/archived").asBoolean());
        assertFalse(archived.at("/results/0").has("userId"), archived.toString());
        assertTrue(archived.at("/results/0/userIdIncludingInactive").isInt());
    }

    @Test
    void seededRecordsOwnersAreLiveOwners() {
        Set<String> live = new HashSet<>(ids(emu.get(OWNERS).json()));
        JsonNode contacts = emu.get("/crm/v3/objects/contacts?limit=30&properties=hubspot_owner_id").json();
        int owned = 0;
        for (JsonNode c : contacts.get("results")) {
            JsonNode owner = c.at("/properties/hubspot_owner_id");
            if (!owner.isNull()) {
                assertTrue(live.contains(owner.asText()), c.toString());
                owned++;
            }
        }
        assertTrue(owned > 0, contacts.toString());
    }

    @Test
    void pagesWithLimitAndAfterUntilNoPaging() {
        Reply first = emu.get(OWNERS + "?limit=3");
        assertEquals(List.of("101", "102", "103"), ids(first.json()));
        assertEquals("104", first.json().at("/paging/next/after").asText());
        assertTrue(first.json().at("/paging/next/link").asText().contains("after=104"), first.body());
        List<String> seen = new ArrayList<>(ids(first.json()));
        String after = "104";
        while (after != null) {
            JsonNode page = emu.get(OWNERS + "?limit=3&after=" + after).json();
            seen.addAll(ids(page));
            after = page.has("paging") ? page.at("/paging/next/after").asText() : null;
        }
        assertEquals(List.of("101", "102", "103", "104", "105", "106", "107", "108"), seen);
        // a base64 cursor wraps the same id ("104\n")
        assertEquals("104", ids(emu.get(OWNERS + "?limit=1&after=MTA0Cg%3D%3D").json()).get(0));
    }

    @Test
    void limitDefaultsTo100AndStopsAt500() {
        // 8 live + 560 of 700 more
        emu.admin("POST", "/portals/" + emu.portalId + "/seed", "{\"owners\":700}");
        assertEquals(100, emu.get(OWNERS).json().get("results").size());
        JsonNode most = emu.get(OWNERS + "?limit=500").json();
        assertEquals(500, most.get("results").size());
        assertEquals(68, emu.get(OWNERS + "?limit=500&after=" + most.at("/paging/next/after").asText()).json()
                .get("results").size());
        assertEquals(400, emu.get(OWNERS + "?limit=501").status());
        assertEquals(400, emu.get(OWNERS + "?limit=0").status());
    }

    @Test
    void emailFiltersToTheOneOwner() {
        String email = emu.get(OWNERS + "/102").json().get("email").asText();
        JsonNode found = emu.get(OWNERS + "?email=" + email.toUpperCase()).json();
        assertEquals(List.of("102"), ids(found));
        assertEquals(0, emu.get(OWNERS + "?email=nobody@example.com").json().get("results").size());
    }

    @Test
    void getByIdAndByUserIdAndArchived() {
        JsonNode owner = emu.get(OWNERS + "/103").json();
        assertEquals("103", owner.get("id").asText());
        JsonNode byUser = emu.get(OWNERS + "/" + owner.get("userId").asInt() + "?idProperty=userId").json();
        assertEquals(owner, byUser);
        assertEquals(400, emu.get(OWNERS + "/103?idProperty=email").status());

        assertEquals(404, emu.get(OWNERS + "/109").status());
        Reply archived = emu.get(OWNERS + "/109?archived=true");
        assertEquals(200, archived.status(), archived.body());
        assertTrue(archived.json().get("archived").asBoolean());
    }

    @Test
    void missingOwnerIsHubSpots404() {
        Reply r = emu.get(OWNERS + "/999");
        assertEquals(404, r.status());
        assertEquals("error", r.json().get("status").asText());
        assertEquals("OBJECT_NOT_FOUND", r.json().get("category").asText());
        assertEquals("999", r.json().at("/context/id/0").asText());
        assertEquals(r.json().get("correlationId").asText(), r.header("X-HubSpot-Correlation-Id"));
        assertEquals(400, emu.get(OWNERS + "/abc").status());
    }

    @Test
    void needsATokenWithTheOwnersScopeAndCountsAgainstTheBudget() {
        Reply none = emu.send("GET", OWNERS, null, null, null);
        assertEquals(401, none.status());
        assertEquals("INVALID_AUTHENTICATION", none.json().get("category").asText());

        String contactsOnly = emu.admin("POST", "/private-apps", "{\"portalId\":" + emu.portalId
                + ",\"scopes\":[\"crm.objects.contacts.read\"]}").json().get("token").asText();
        Reply denied = emu.send("GET", OWNERS + "/101", null, contactsOnly, null);
        assertEquals(403, denied.status());
        assertEquals("MISSING_SCOPES", denied.json().get("category").asText());
        assertEquals(OwnersApi.SCOPE, denied.json().at("/errors/0/context/requiredGranularScopes/0").asText());

        Reply one = emu.get(OWNERS);
        Reply two = emu.get(OWNERS + "/101");
        assertNotNull(one.header("X-HubSpot-RateLimit-Remaining"));
        assertEquals(Integer.parseInt(one.header("X-HubSpot-RateLimit-Remaining")) - 1,
                Integer.parseInt(two.header("X-HubSpot-RateLimit-Remaining")));
    }

    @Test
    void adminArchivesRestoresEditsAndCreatesOwners() {
        String p = "/portals/" + emu.portalId + "/owners";
        String before = emu.get(OWNERS + "/102").json().get("updatedAt").asText();
        emu.emulator.clock().advance(java.time.Duration.ofMinutes(1));
        assertEquals(200, emu.admin("DELETE", p + "/102", null).status());
        assertEquals(404, emu.get(OWNERS + "/102").status());
        JsonNode archived = emu.get(OWNERS + "/102?archived=true").json();
        assertFalse(archived.has("userId"));
        assertFalse(before.equals(archived.get("updatedAt").asText()), archived.toString());

        assertEquals(200, emu.admin("POST", p + "/102/restore", null).status());
        JsonNode edited = emu.admin("PATCH", p + "/102", "{\"firstName\":\"Renamed\",\"teams\":[]}").json();
        assertEquals("Renamed", edited.get("firstName").asText());
        assertEquals(0, edited.get("teams").size());
        assertEquals(edited, emu.get(OWNERS + "/102").json());
        assertEquals(404, emu.admin("PATCH", p + "/999", "{}").status());

        JsonNode created = emu.admin("POST", p, "{\"email\":\"new@example.com\"}").json();
        assertEquals("111", created.get("id").asText());
        assertEquals(List.of("111"), ids(emu.get(OWNERS + "?email=new@example.com").json()));

        JsonNode dump = emu.admin("GET", p + "/dump", null).json();
        assertEquals(11, dump.get("owners").size());
        assertEquals(9, emu.admin("GET", "/portals", null).json().at("/portals/0/owners").asInt());
    }

    @Test
    void ownersArePerPortalAndResetReseedsThem() {
        emu.admin("DELETE", "/portals/" + emu.portalId + "/owners/101", null);
        assertNull(emu.emulator.owners().of(emu.portalId).find(101, false, false));
        emu.admin("POST", "/reset", "{}");
        assertNotNull(emu.emulator.owners().of(emu.portalId).find(101, false, false));
        assertEquals(0, emu.emulator.owners().of(emu.portalId + 1).all().size());
        assertEquals(404, emu.admin("GET", "/portals/123/owners/dump", null).status());
    }
}
