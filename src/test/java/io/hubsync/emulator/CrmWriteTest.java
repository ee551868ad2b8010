package io.hubsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.emulator.crm.CrmRecord;
import io.hubsync.emulator.crm.ObjectStore;
import io.hubsync.emulator.crm.ObjectType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writes, deletes, merges, batch calls and the admin tools tests rely on. */
class CrmWriteTest {
    EmulatorFixture emu;
    ObjectStore contacts;

    @BeforeEach
    void start() {
        emu = new EmulatorFixture(c -> c.contacts = 300);
        contacts = emu.emulator.portal(emu.portalId).store(ObjectType.CONTACTS);
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    JsonNode create(String props) {
        EmulatorFixture.Reply r = emu.post("/crm/v3/objects/contacts", "{\"properties\":" + props + "}");
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    @Test
    void createPatchAndReadBack() {
        JsonNode c = create("{\"email\":\"new@x.com\",\"firstname\":\"New\"}");
        String id = c.get("id").asText();
        assertEquals("new@x.com", c.at("/properties/email").asText());
        assertEquals(c.at("/properties/hs_object_id").asText(), id);
        EmulatorFixture.Reply p = emu.send("PATCH", "/crm/v3/objects/contacts/" + id,
                "{\"properties\":{\"firstname\":\"Renamed\"}}", emu.token, "application/json");
        assertEquals(200, p.status());
        JsonNode got = emu.get("/crm/v3/objects/contacts/" + id + "?properties=firstname").json();
        assertEquals("Renamed", got.at("/properties/firstname").asText());
        assertTrue(got.get("updatedAt").asText().compareTo(c.get("updatedAt").asText()) >= 0);
    }

    @Test
    void unknownPropertyOnCreateIsRefusedWithHubSpotsBody() {
        EmulatorFixture.Reply r = emu.post("/crm/v3/objects/contacts", "{\"properties\":{\"testproperty\":\"x\"}}");
        assertEquals(400, r.status());
        assertEquals("PROPERTY_DOESNT_EXIST", r.json().at("/errors/0/code").asText());
        assertEquals(300, contacts.liveCount());
    }

    @Test
    void archivedRecordsLeaveTheListAndAppearOnlyWithArchivedTrue() {
        long id = contacts.page(0, 1, false).get(0).id();
        assertEquals(204, emu.send("DELETE", "/crm/v3/objects/contacts/" + id, null, emu.token, null).status());
        assertEquals(404, emu.get("/crm/v3/objects/contacts/" + id).status());
        JsonNode archived = emu.get("/crm/v3/objects/contacts?archived=true&limit=100").json();
        assertEquals(1, archived.get("results").size());
        assertTrue(archived.at("/results/0/archived").asBoolean());
        assertTrue(archived.at("/results/0/archivedAt").isTextual());
        JsonNode live = emu.get("/crm/v3/objects/contacts?limit=100").json();
        assertNotEquals(String.valueOf(id), live.at("/results/0/id").asText());
    }

    @Test
    void mergeKeepsThePrimaryAndListsTheMergedIds() {
        List<CrmRecord> two = contacts.page(0, 2, false);
        long primary = two.get(0).id();
        long secondary = two.get(1).id();
        EmulatorFixture.Reply r = emu.post("/crm/v3/objects/contacts/merge",
                "{\"primaryObjectId\":\"" + primary + "\",\"objectIdToMerge\":\"" + secondary + "\"}");
        assertEquals(200, r.status(), r.body());
        JsonNode survivor = emu.get("/crm/v3/objects/contacts/" + primary + "?properties=hs_merged_object_ids").json();
        assertEquals(String.valueOf(secondary), survivor.at("/properties/hs_merged_object_ids").asText());
        // reading the merged id answers with the survivor
        assertEquals(String.valueOf(primary), emu.get("/crm/v3/objects/contacts/" + secondary).json().get("id").asText());
        assertEquals(299, contacts.liveCount());
        assertEquals(0, contacts.archivedCount());
    }

    @Test
    void gdprDeleteIsPermanent() {
        long id = contacts.page(0, 1, false).get(0).id();
        assertEquals(204, emu.post("/crm/v3/objects/contacts/gdpr-delete", "{\"objectId\":\"" + id + "\"}").status());
        assertEquals(404, emu.get("/crm/v3/objects/contacts/" + id).status());
        assertEquals(0, emu.get("/crm/v3/objects/contacts?archived=true").json().get("results").size());
        JsonNode dump = emu.admin("GET", "/portals/" + emu.portalId + "/contacts/dump", null).json();
        boolean found = false;
        for (JsonNode r : dump.get("records")) {
            if (r.get("id").asLong() == id) {
                assertEquals("gdpr-deleted", r.get("state").asText());
                found = true;
            }
        }
        assertTrue(found);
    }

    @Test
    void batchReadAnswers207ForMissingIds() {
        long id = contacts.page(0, 1, false).get(0).id();
        EmulatorFixture.Reply r = emu.post("/crm/v3/objects/contacts/batch/read",
                "{\"inputs\":[{\"id\":\"" + id + "\"},{\"id\":\"999999999\"}],\"properties\":[\"email\"]}");
        assertEquals(207, r.status());
        assertEquals(1, r.json().get("numErrors").asInt());
        assertEquals("999999999", r.json().at("/errors/0/context/ids/0").asText());
        assertEquals(1, r.json().get("results").size());
        EmulatorFixture.Reply tooMany = emu.post("/crm/v3/objects/contacts/batch/read",
                "{\"inputs\":[" + "{\"id\":\"1\"},".repeat(100) + "{\"id\":\"1\"}]}");
        assertEquals(400, tooMany.status());
    }

    @Test
    void bulkTouchStampsRecordsWithOneMillisecond() {
        JsonNode r = emu.admin("POST", "/portals/" + emu.portalId + "/contacts/bulk-touch",
                "{\"count\":150,\"property\":\"hs_lead_status\",\"value\":\"CONNECTED\"}").json();
        assertEquals(150, r.get("touched").asInt());
        Set<Long> stamps = new HashSet<>();
        int connected = 0;
        for (CrmRecord c : contacts.page(0, 150, false).subList(0, 150)) {
            stamps.add(c.updatedAt());
            if ("CONNECTED".equals(contacts.value(c, contacts.schema().get("hs_lead_status")))) {
                connected++;
            }
        }
        assertEquals(1, stamps.size());
        assertEquals(150, connected);
    }

    @Test
    void sameSeedSamePortal() {
        try (EmulatorFixture other = new EmulatorFixture(c -> c.contacts = 300)) {
            // timestamps follow the clock; ids and values follow the seed
            String q = "/contacts/dump?properties=email,firstname,lastname,city,phone";
            String a = emu.admin("GET", "/portals/" + emu.portalId + q, null).json().get("records").toString();
            String b = other.admin("GET", "/portals/" + other.portalId + q, null).json().get("records").toString();
            String noTimes = "\"lastModified\":\\d+";
            assertTrue(a.replaceAll(noTimes, "").equals(b.replaceAll(noTimes, "")), "same seed, same records");
        }
    }

    @Test
    void activityGeneratorChangesRecordsUntilStopped() {
        emu.admin("POST", "/activity", "{\"perSecond\":200}");
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> emu.emulator.activity().changes() >= 100);
        JsonNode state = emu.admin("DELETE", "/activity", null).json();
        long changes = state.get("changes").asLong();
        assertTrue(changes >= 100);
        assertEquals(changes, emu.admin("GET", "/activity", null).json().get("changes").asLong());
    }

    @Test
    void customPropertiesCanBeCreatedAndWritten() {
        EmulatorFixture.Reply p = emu.post("/crm/v3/properties/contacts", "{\"name\":\"favorite_color\",\"label\":"
                + "\"Favorite color\",\"type\":\"string\",\"fieldType\":\"text\",\"groupName\":\"contactinformation\"}");
        assertEquals(201, p.status(), p.body());
        assertEquals(409, emu.post("/crm/v3/properties/contacts", "{\"name\":\"favorite_color\",\"label\":\"x\","
                + "\"type\":\"string\",\"fieldType\":\"text\",\"groupName\":\"g\"}").status());
        JsonNode c = create("{\"favorite_color\":\"teal\"}");
        assertEquals("teal", c.at("/properties/favorite_color").asText());
        boolean listed = false;
        for (JsonNode d : emu.get("/crm/v3/properties/contacts").json().get("results")) {
            listed |= d.get("name").asText().equals("favorite_color");
        }
        assertTrue(listed);
    }

    @Test
    void otherObjectTypesUseHsLastmodifieddate() {
        emu.admin("POST", "/portals/" + emu.portalId + "/seed", "{\"companies\":20,\"deals\":20,\"tickets\":20}");
        for (String t : new String[] {"companies", "deals", "tickets"}) {
            JsonNode r = emu.get("/crm/v3/objects/" + t + "?limit=5").json();
            assertEquals(5, r.get("results").size(), t);
            assertTrue(r.at("/results/0/properties/hs_lastmodifieddate").isTextual(), t);
            assertTrue(r.at("/results/0/properties/createdate").isTextual(), t);
        }
    }
}
