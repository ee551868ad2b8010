package io.hubsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubsync.emulator.admin.ActivityGenerator;
import io.hubsync.emulator.crm.ObjectType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Custom objects end to end over HTTP: a schema made through the schemas API, its records through
 * the generic object endpoints under each of its names, search with the 10,000 cap, scopes, and
 * associations with contacts (docs/hubspot.md §18).
 */
class CustomObjectsTest {
    static final int SEEDED = 10_050;
    static EmulatorFixture emu;

    @BeforeAll
    static void start() {
        emu = new EmulatorFixture(c -> {
            c.contacts = SEEDED;
            c.customObjects.put("cars", SEEDED);
        });
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static String pets() {
        return "{\"name\":\"pets\",\"labels\":{\"singular\":\"Pet\",\"plural\":\"Pets\"},"
                + "\"primaryDisplayProperty\":\"pet_name\",\"requiredProperties\":[\"pet_name\"],"
                + "\"searchableProperties\":[\"pet_name\"],\"associatedObjects\":[\"CONTACT\"],"
                + "\"properties\":[{\"name\":\"pet_name\",\"label\":\"Pet name\",\"type\":\"string\",\"fieldType\":\"text\"},"
                + "{\"name\":\"species\",\"label\":\"Species\",\"type\":\"enumeration\",\"fieldType\":\"select\","
                + "\"options\":[{\"label\":\"Dog\",\"value\":\"dog\"},{\"label\":\"Cat\",\"value\":\"cat\"}]}]}";
    }

    /** The pets schema, made once for the tests that need it. */
    private static synchronized JsonNode petsSchema() {
        EmulatorFixture.Reply r = emu.get("/crm-object-schemas/v3/schemas/pets");
        if (r.status() == 200) {
            return r.json();
        }
        EmulatorFixture.Reply created = emu.post("/crm-object-schemas/v3/schemas", pets());
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    @Test
    void aCreatedSchemaIsServedUnderItsTypeIdItsFullyQualifiedNameAndItsName() {
        JsonNode s = petsSchema();
        String typeId = s.get("objectTypeId").asText();
        assertTrue(typeId.matches("2-\\d+"), typeId);
        assertEquals("p" + emu.portalId + "_pets", s.get("fullyQualifiedName").asText());
        assertEquals(typeId.substring(2), s.get("id").asText());
        assertEquals("pets", s.get("name").asText());
        List<String> props = new ArrayList<>();
        s.get("properties").forEach(p -> props.add(p.get("name").asText()));
        assertTrue(props.containsAll(List.of("pet_name", "species", "hs_object_id", "hs_createdate",
                "hs_lastmodifieddate")), props.toString());
        assertEquals("0-1", s.get("associations").get(0).get("toObjectTypeId").asText());
        for (String name : List.of(typeId, s.get("fullyQualifiedName").asText(), "pets")) {
            assertEquals(typeId, emu.get("/crm-object-schemas/v3/schemas/" + name).json().get("objectTypeId").asText());
            assertEquals(typeId, emu.get("/crm/v3/schemas/" + name).json().get("objectTypeId").asText(), "the alias");
        }
        JsonNode list = emu.get("/crm/v3/schemas").json().get("results");
        assertTrue(list.findValuesAsText("name").containsAll(List.of("cars", "pets")), list.toString());
        JsonNode batch = emu.post("/crm-object-schemas/v3/schemas/batch/read", "{\"inputs\":[\"" + typeId
                + "\"],\"includeAssociationDefinitions\":false,\"includeAuditMetadata\":false,"
                + "\"includePropertyDefinitions\":false}").json().get("results");
        assertEquals(1, batch.size());
        assertEquals(0, batch.get(0).get("properties").size());
        assertFalse(batch.get(0).has("createdAt"));
        assertEquals(409, emu.post("/crm-object-schemas/v3/schemas", pets()).status(), "the name is taken");
        assertEquals(404, emu.get("/crm-object-schemas/v3/schemas/2-999").status());
    }

    @Test
    void recordsAreWrittenAndReadUnderEveryNameOfTheType() {
        JsonNode s = petsSchema();
        String typeId = s.get("objectTypeId").asText();
        EmulatorFixture.Reply created = emu.post("/crm/v3/objects/" + typeId,
                "{\"properties\":{\"pet_name\":\"Paul Anka\",\"species\":\"dog\"}}");
        assertEquals(201, created.status(), created.body());
        String id = created.json().get("id").asText();
        JsonNode props = created.json().get("properties");
        assertEquals("Paul Anka", props.get("pet_name").asText());
        assertNotNull(props.get("hs_createdate"));
        for (String name : List.of(typeId, s.get("fullyQualifiedName").asText(), "pets")) {
            EmulatorFixture.Reply got = emu.get("/crm/v3/objects/" + name + "/" + id + "?properties=pet_name");
            assertEquals(200, got.status(), name + ": " + got.body());
            assertEquals("Paul Anka", got.json().get("properties").get("pet_name").asText());
        }
        EmulatorFixture.Reply missing = emu.post("/crm/v3/objects/pets", "{\"properties\":{\"species\":\"cat\"}}");
        assertEquals(400, missing.status(), "pet_name is required by the schema");
        assertEquals(400, emu.get("/crm/v3/objects/2-999").status());
        EmulatorFixture.Reply patched = emu.send("PATCH", "/crm/v3/objects/pets/" + id,
                "{\"properties\":{\"species\":\"cat\"}}", emu.token, "application/json");
        assertEquals(200, patched.status(), patched.body());
        JsonNode list = emu.get("/crm/v3/objects/pets?properties=species").json().get("results");
        assertEquals("cat", list.get(list.size() - 1).get("properties").get("species").asText());
    }

    @Test
    void searchByLastModifiedWindowStopsAtTenThousandLikeContacts() {
        String window = "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"%s\",\"operator\":\"BETWEEN\","
                + "\"value\":\"0\",\"highValue\":\"" + Instant.now().plusSeconds(3600).toEpochMilli() + "\"}]}],"
                + "\"sorts\":[{\"propertyName\":\"%s\",\"direction\":\"ASCENDING\"}],\"limit\":200,\"after\":\"%s\"}";
        EmulatorFixture.Reply first = emu.search("cars", String.format(window, "hs_lastmodifieddate",
                "hs_lastmodifieddate", "0"));
        assertEquals(200, first.status(), first.body());
        assertEquals(SEEDED, first.json().get("total").asInt());
        EmulatorFixture.Reply last = emu.search("cars", String.format(window, "hs_lastmodifieddate",
                "hs_lastmodifieddate", "9800"));
        assertEquals(200, last.status(), last.body());
        assertEquals(200, last.json().get("results").size());
        EmulatorFixture.Reply cars = emu.search("cars", String.format(window, "hs_lastmodifieddate",
                "hs_lastmodifieddate", "10000"));
        EmulatorFixture.Reply contacts = emu.search("contacts", String.format(window, "lastmodifieddate",
                "lastmodifieddate", "10000"));
        assertEquals(400, cars.status(), cars.body());
        assertEquals(contacts.status(), cars.status());
        assertEquals(contacts.json().get("category"), cars.json().get("category"));
        assertEquals(contacts.json().get("message"), cars.json().get("message"));
    }

    @Test
    void schemaReadsNeedEitherCustomScopeAndRecordsTheObjectsScope() {
        String contactsOnly = token("crm.objects.contacts.read");
        EmulatorFixture.Reply denied = emu.send("GET", "/crm-object-schemas/v3/schemas", null, contactsOnly, null);
        assertEquals(403, denied.status(), denied.body());
        assertEquals("MISSING_SCOPES", denied.json().get("category").asText());
        assertEquals(List.of("crm.schemas.custom.read", "crm.objects.custom.read"),
                texts(denied.json().get("errors").get(0).get("context").get("requiredGranularScopes")),
                "either scope will do");
        assertEquals(403, emu.send("GET", "/crm/v3/objects/cars", null, contactsOnly, null).status());

        String schemasOnly = token("crm.schemas.custom.read");
        assertEquals(200, emu.send("GET", "/crm/v3/schemas/cars", null, schemasOnly, null).status());
        assertEquals(403, emu.send("GET", "/crm/v3/objects/cars", null, schemasOnly, null).status());
        assertEquals(403, emu.send("POST", "/crm/v3/schemas", pets(), schemasOnly, "application/json").status(),
                "writes need crm.schemas.custom.write");

        String objectsRead = token("crm.objects.custom.read");
        assertEquals(200, emu.send("GET", "/crm/v3/schemas", null, objectsRead, null).status());
        assertEquals(200, emu.send("GET", "/crm/v3/objects/cars?limit=1", null, objectsRead, null).status());
        assertEquals(403, emu.send("POST", "/crm/v3/objects/cars", "{\"properties\":{\"name\":\"x\"}}", objectsRead,
                "application/json").status(), "writes need crm.objects.custom.write");
    }

    @Test
    void aCarAssociatesWithAContactThroughV4BothWays() {
        JsonNode cars = emu.get("/crm/v3/schemas/cars").json();
        JsonNode toContact = null;
        for (JsonNode d : cars.get("associations")) {
            if (d.get("toObjectTypeId").asText().equals("0-1")) {
                toContact = d;
            }
        }
        assertNotNull(toContact, cars.toString());
        int there = toContact.get("id").asInt();
        String car = emu.get("/crm/v3/objects/cars?limit=1").json().get("results").get(0).get("id").asText();
        String contact = emu.get("/crm/v3/objects/contacts?limit=1").json().get("results").get(0).get("id").asText();
        EmulatorFixture.Reply put = emu.send("PUT", "/crm/v4/objects/cars/" + car + "/associations/contacts/" + contact,
                "[{\"associationCategory\":\"USER_DEFINED\",\"associationTypeId\":" + there + "}]", emu.token,
                "application/json");
        assertEquals(201, put.status(), put.body());
        assertEquals(cars.get("objectTypeId").asText(), put.json().get("fromObjectTypeId").asText());
        JsonNode back = emu.get("/crm/v4/objects/contacts/" + contact + "/associations/" + cars.get("objectTypeId")
                .asText()).json().get("results");
        assertEquals(car, back.get(0).get("toObjectId").asText());
        assertEquals(there + 1, back.get(0).get("associationTypes").get(0).get("typeId").asInt());
        assertEquals("USER_DEFINED", back.get(0).get("associationTypes").get(0).get("category").asText());
        JsonNode v3 = emu.get("/crm/v3/objects/" + cars.get("fullyQualifiedName").asText() + "/" + car
                + "?associations=contacts").json();
        assertEquals(contact, v3.get("associations").get("contacts").get("results").get(0).get("id").asText());
        JsonNode labels = emu.get("/crm/associations/v4/contacts/cars/labels").json().get("results");
        assertEquals(there + 1, labels.get(0).get("typeId").asInt());
        EmulatorFixture.Reply wrong = emu.send("PUT", "/crm/v4/objects/cars/" + car + "/associations/contacts/" + contact,
                "[{\"associationCategory\":\"HUBSPOT_DEFINED\",\"associationTypeId\":279}]", emu.token, "application/json");
        assertEquals(400, wrong.status(), "279 is contact→company's, not the car's");
    }

    @Test
    void seededCarsHaveAContactEachReadByEveryNameAndReadsNeedBothTypesScopes() {
        JsonNode cars = emu.get("/crm/v3/schemas/cars").json();
        List<String> ids = new ArrayList<>();
        for (JsonNode r : emu.get("/crm/v3/objects/cars?limit=3").json().get("results")) {
            ids.add(r.get("id").asText());
        }
        String body = "{\"inputs\":[{\"id\":\"" + String.join("\"},{\"id\":\"", ids) + "\"}]}";
        for (String name : List.of("cars", cars.get("fullyQualifiedName").asText(), cars.get("objectTypeId").asText())) {
            JsonNode results = emu.post("/crm/v4/associations/" + name + "/contacts/batch/read", body).json().get("results");
            assertEquals(3, results.size(), name);
            for (JsonNode r : results) {
                assertEquals(1, r.get("to").size(), name + ": one seeded contact each");
                assertEquals("USER_DEFINED", r.get("to").get(0).get("associationTypes").get(0).get("category").asText());
            }
        }
        // a read needs the read scope of both its types ([U] docs/hubspot.md §14): 403 naming the missing one
        String path = "/crm/v4/associations/contacts/" + cars.get("objectTypeId").asText() + "/batch/read";
        String contact = "{\"inputs\":[{\"id\":\"" + emu.get("/crm/v3/objects/contacts?limit=1").json().get("results")
                .get(0).get("id").asText() + "\"}]}";
        for (String[] c : List.of(new String[] {"crm.objects.contacts.read", "crm.objects.custom.read"},
                new String[] {"crm.objects.custom.read", "crm.objects.contacts.read"})) {
            EmulatorFixture.Reply denied = emu.send("POST", path, contact, token(c[0]), "application/json");
            assertEquals(403, denied.status(), denied.body());
            assertEquals("MISSING_SCOPES", denied.json().get("category").asText());
            assertEquals(List.of(c[1]), texts(denied.json().get("errors").get(0).get("context")
                    .get("requiredGranularScopes")));
        }
        assertEquals(200, emu.send("POST", path, contact, token("crm.objects.contacts.read", "crm.objects.custom.read"),
                "application/json").status());
    }

    @Test
    void associationDefinitionsAreAddedAndRemovedThroughTheSchema() {
        String typeId = petsSchema().get("objectTypeId").asText();
        EmulatorFixture.Reply added = emu.post("/crm-object-schemas/v3/schemas/pets/associations",
                "{\"fromObjectTypeId\":\"" + typeId + "\",\"toObjectTypeId\":\"0-3\",\"name\":\"pet_to_deal\"}");
        assertEquals(201, added.status(), added.body());
        String id = added.json().get("id").asText();
        assertEquals("0-3", added.json().get("toObjectTypeId").asText());
        String pet = emu.post("/crm/v3/objects/pets", "{\"properties\":{\"pet_name\":\"Rex\"}}").json().get("id").asText();
        String deal = emu.post("/crm/v3/objects/deals", "{\"properties\":{\"dealname\":\"Rex's deal\"}}").json()
                .get("id").asText();
        assertEquals(200, emu.send("PUT", "/crm/v4/objects/pets/" + pet + "/associations/default/deals/" + deal, null,
                emu.token, null).status());
        assertEquals(204, emu.send("DELETE", "/crm-object-schemas/v3/schemas/pets/associations/" + id, null,
                emu.token, null).status());
        assertEquals(400, emu.send("PUT", "/crm/v4/objects/pets/" + pet + "/associations/default/deals/" + deal, null,
                emu.token, null).status(), "no definition, no association");
        assertEquals(404, emu.send("DELETE", "/crm-object-schemas/v3/schemas/pets/associations/" + id, null,
                emu.token, null).status());
    }

    @Test
    void patchChangesLabelsAndSearchableProperties() {
        emu.post("/crm/v3/schemas", "{\"name\":\"boats\",\"labels\":{\"singular\":\"Boat\",\"plural\":\"Boats\"},"
                + "\"requiredProperties\":[],\"associatedObjects\":[],\"properties\":[{\"name\":\"hull\",\"label\":\"Hull\","
                + "\"type\":\"string\",\"fieldType\":\"text\"}]}");
        EmulatorFixture.Reply patched = emu.send("PATCH", "/crm/v3/schemas/boats",
                "{\"labels\":{\"singular\":\"Ship\",\"plural\":\"Ships\"},\"searchableProperties\":[\"hull\"]}",
                emu.token, "application/json");
        assertEquals(200, patched.status(), patched.body());
        assertEquals("Ship", patched.json().get("labels").get("singular").asText());
        assertEquals(emu.portalId, patched.json().get("portalId").asLong());
        assertFalse(patched.json().has("properties"), "PATCH answers an ObjectTypeDefinition");
        emu.post("/crm/v3/objects/boats", "{\"properties\":{\"hull\":\"steel trawler\"}}");
        ObjectNode q = EmulatorFixture.JSON.createObjectNode();
        q.put("query", "trawler");
        assertEquals(1, emu.search("boats", q.toString()).json().get("total").asInt());
        assertEquals(400, emu.send("PATCH", "/crm/v3/schemas/boats", "{\"requiredProperties\":[\"nope\"]}", emu.token,
                "application/json").status());
    }

    @Test
    void aSchemaWithRecordsCannotBeDeletedAndAnEmptyOneIsArchivedThenPurged() {
        emu.post("/crm/v3/schemas", "{\"name\":\"kites\",\"labels\":{\"singular\":\"Kite\",\"plural\":\"Kites\"},"
                + "\"requiredProperties\":[],\"associatedObjects\":[],\"properties\":[]}");
        String kite = emu.post("/crm/v3/objects/kites", "{\"properties\":{}}").json().get("id").asText();
        assertEquals(400, emu.send("DELETE", "/crm/v3/schemas/kites", null, emu.token, null).status());
        assertEquals(204, emu.send("DELETE", "/crm/v3/objects/kites/" + kite, null, emu.token, null).status());
        assertEquals(204, emu.send("DELETE", "/crm/v3/schemas/kites", null, emu.token, null).status());
        assertEquals(404, emu.get("/crm/v3/schemas/kites").status());
        assertEquals(400, emu.get("/crm/v3/objects/kites").status(), "an archived schema's records are not served");
        assertTrue(emu.get("/crm/v3/schemas?archived=true").json().get("results").findValuesAsText("name")
                .contains("kites"));
        assertEquals(204, emu.send("DELETE", "/crm/v3/schemas/kites?archived=true", null, emu.token, null).status());
        assertFalse(emu.get("/crm/v3/schemas?archived=true").json().get("results").findValuesAsText("name")
                .contains("kites"));
    }

    @Test
    void theAdminApiMakesOneAtRunTimeAndTheActivityGeneratorAndDumpSeeIt() {
        EmulatorFixture.Reply made = emu.admin("POST", "/portals/" + emu.portalId + "/custom-objects",
                "{\"name\":\"bikes\",\"records\":40}");
        assertEquals(201, made.status(), made.body());
        String typeId = made.json().get("objectTypeId").asText();
        assertEquals(40, made.json().get("records").asInt());
        assertEquals(409, emu.admin("POST", "/portals/" + emu.portalId + "/custom-objects",
                "{\"name\":\"bikes\"}").status());
        assertEquals(40, emu.admin("GET", "/portals", null).json().get("portals").get(0).get("records").get(typeId)
                .asInt());

        JsonNode before = emu.admin("GET", "/portals/" + emu.portalId + "/bikes/dump?properties=name,status", null).json();
        assertEquals(40, before.get("records").size());
        assertEquals(typeId, before.get("objectType").asText());
        ObjectType bikes = emu.emulator.portal(emu.portalId).type("bikes");
        emu.emulator.activity().start(0.001, new ActivityGenerator.Mix(0, 1, 0, 0, 0, 0, 0), List.of(bikes), 5);
        try {
            for (int i = 0; i < 10; i++) {
                emu.emulator.activity().step();
            }
        } finally {
            emu.emulator.activity().stop();
        }
        JsonNode after = emu.admin("GET", "/portals/" + emu.portalId + "/" + typeId + "/dump?properties=name,status",
                null).json();
        assertNotEquals(before.get("records"), after.get("records"), "the activity edited bikes");
    }

    private static String token(String... scopes) {
        ObjectNode b = EmulatorFixture.JSON.createObjectNode();
        b.put("portalId", emu.portalId);
        for (String s : scopes) {
            b.withArray("scopes").add(s);
        }
        return emu.admin("POST", "/private-apps", b.toString()).json().get("token").asText();
    }

    private static List<String> texts(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }
}
