package io.hubsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.emulator.crm.ObjectType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The standard types beyond the first four: seeded by {@code objects}, served by the generic endpoints. */
class StandardTypesTest {
    static EmulatorFixture emu;

    @BeforeAll
    static void start() {
        emu = new EmulatorFixture(c -> {
            c.contacts = 20;
            c.objects.put("calls", 150);
            c.objects.put("products", 30);
            for (String t : List.of("line_items", "quotes", "emails", "meetings", "notes", "tasks", "communications",
                    "postal_mail", "leads")) {
                c.objects.put(t, 5);
            }
        });
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @Test
    void everyStandardTypeListsWithItsDefaultProperties() {
        for (ObjectType t : ObjectType.standard()) {
            EmulatorFixture.Reply r = emu.get("/crm/v3/objects/" + t.path() + "?limit=2");
            assertEquals(200, r.status(), t + ": " + r.body());
            JsonNode results = r.json().get("results");
            if (t.index() < 4 && t != ObjectType.CONTACTS) {
                continue; // not seeded here
            }
            assertEquals(2, results.size(), t.path());
            JsonNode props = results.get(0).get("properties");
            List<String> names = new ArrayList<>();
            props.fieldNames().forEachRemaining(names::add);
            assertEquals(t.defaultProperties(), names, t.path());
            assertEquals(results.get(0).get("id").asText(), props.get("hs_object_id").asText());
            assertNotNull(props.get(t.lastModifiedProperty()).asText(null), t.path());
            // the type id and the singular name reach the same records
            assertEquals(results, emu.get("/crm/v3/objects/" + t.typeId() + "?limit=2").json().get("results"));
        }
    }

    @Test
    void engagementsCarryHsCreatedateAndHsLastmodifieddate() {
        JsonNode props = emu.get("/crm/v3/objects/calls?limit=1&properties=hs_call_title").json()
                .get("results").get(0).get("properties");
        assertTrue(props.has("hs_createdate"), props.toString());
        assertTrue(props.has("hs_lastmodifieddate"), props.toString());
        assertFalse(props.has("createdate"), props.toString());
        assertFalse(props.get("hs_call_title").asText().isEmpty());
        JsonNode product = emu.get("/crm/v3/objects/products?limit=1").json().get("results").get(0).get("properties");
        assertTrue(product.has("createdate") && product.has("price") && product.has("name"), product.toString());
    }

    @Test
    void callsPageSearchAndBatchRead() {
        List<String> ids = new ArrayList<>();
        String after = "";
        do {
            JsonNode body = emu.get("/crm/v3/objects/calls?limit=100" + after).json();
            body.get("results").forEach(n -> ids.add(n.get("id").asText()));
            JsonNode next = body.path("paging").path("next");
            after = next.isMissingNode() ? null : "&after=" + next.get("after").asText();
        } while (after != null);
        assertEquals(150, ids.size());

        JsonNode search = emu.search("calls", "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"hs_lastmodifieddate\","
                + "\"operator\":\"GTE\",\"value\":\"0\"}]}],\"sorts\":[{\"propertyName\":\"hs_lastmodifieddate\","
                + "\"direction\":\"ASCENDING\"}],\"limit\":100}").json();
        assertEquals(150, search.get("total").asInt());
        long previous = 0;
        for (JsonNode n : search.get("results")) {
            long modified = java.time.Instant.parse(n.get("properties").get("hs_lastmodifieddate").asText()).toEpochMilli();
            assertTrue(modified >= previous);
            previous = modified;
        }

        EmulatorFixture.Reply batch = emu.post("/crm/v3/objects/calls/batch/read", "{\"inputs\":[{\"id\":\"" + ids.get(0)
                + "\"},{\"id\":\"" + ids.get(149) + "\"}],\"properties\":[\"hs_call_direction\"]}");
        assertEquals(200, batch.status(), batch.body());
        assertEquals(2, batch.json().get("results").size());
        assertTrue(batch.json().get("results").get(0).get("properties").has("hs_call_direction"));
    }

    @Test
    void aNoteCreatedAndAssociatedWithAContactListsOnBothSides() {
        EmulatorFixture.Reply created = emu.post("/crm/v3/objects/notes",
                "{\"properties\":{\"hs_note_body\":\"Called back\",\"hs_timestamp\":\"2024-01-17T19:55:04.281Z\"}}");
        assertEquals(201, created.status(), created.body());
        String note = created.json().get("id").asText();
        String contact = emu.get("/crm/v3/objects/contacts?limit=1").json().get("results").get(0).get("id").asText();
        EmulatorFixture.Reply put = emu.send("PUT", "/crm/v4/objects/notes/" + note + "/associations/default/contacts/"
                + contact, null, emu.token, null);
        assertEquals(200, put.status(), put.body());
        JsonNode back = emu.get("/crm/v4/objects/contacts/" + contact + "/associations/notes").json();
        assertEquals(note, back.get("results").get(0).get("toObjectId").asText());
        assertEquals(201, back.get("results").get(0).get("associationTypes").get(0).get("typeId").asInt(),
                "contact→note is 201 (docs/hubspot.md §14)");
    }

    @Test
    void productAndLineItemWebhooksAreAddedAfterTheFirstFourTypesWhoseIdsStay() {
        // ids before the new types: 21 record kinds of the first four types, then their associationChange
        assertEquals(7_560_001L, io.hubsync.emulator.webhook.WebhookSubscriptions.id("contact.creation"));
        assertEquals(7_560_025L, io.hubsync.emulator.webhook.WebhookSubscriptions.id("ticket.associationChange"));
        assertTrue(io.hubsync.emulator.webhook.WebhookSubscriptions.supported("product.propertyChange"));
        assertTrue(io.hubsync.emulator.webhook.WebhookSubscriptions.supported("line_item.associationChange"));
        assertFalse(io.hubsync.emulator.webhook.WebhookSubscriptions.supported("product.associationChange"),
                "not in the spec's list");
        assertFalse(io.hubsync.emulator.webhook.WebhookSubscriptions.supported("call.creation"),
                "calls exist only as object.* events");
    }

    @Test
    void aTokenWithoutTheCallsScopeGets403() {
        JsonNode app = emu.admin("POST", "/private-apps", "{\"portalId\":" + emu.portalId
                + ",\"scopes\":[\"crm.objects.contacts.read\"]}").json();
        EmulatorFixture.Reply r = emu.send("GET", "/crm/v3/objects/calls", null, app.get("token").asText(), null);
        assertEquals(403, r.status(), r.body());
        assertEquals("MISSING_SCOPES", r.json().get("category").asText());
        assertEquals(200, emu.send("GET", "/crm/v3/objects/communications", null, app.get("token").asText(), null)
                .status(), "communications take the contacts scope ([U] docs/hubspot.md §18)");
    }
}
