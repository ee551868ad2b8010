package io.hubsync.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.sync.SyncHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A custom object's webhook events (HubSpot's generic {@code object.*}, naming the type only by its
 * {@code objectTypeId}, docs/hubspot.md §7) are stored under the name a run found and applied with the
 * object type id: creations and changes read by id, deletes as tombstones, association changes read
 * again (docs/deletes-and-webhooks.md, docs/associations.md).
 */
class CustomObjectWebhooksTest {
    EmulatorFixture emu;
    SyncHarness sync;

    @AfterEach
    void stop() {
        if (emu != null) {
            emu.admin("DELETE", "/webhooks", null);
        }
        if (sync != null) {
            sync.close();
        }
        if (emu != null) {
            emu.close();
        }
    }

    @Test
    void objectEventsOfACustomObjectAreAppliedUnderItsName() throws Exception {
        emu = new EmulatorFixture(c -> {
            c.contacts = 20;
            c.customObjects.put("cars", 30);
        });
        JsonNode schema = emu.get("/crm-object-schemas/v3/schemas").json().get("results").get(0);
        String carsId = schema.get("objectTypeId").asText();
        int port = SyncHarness.freePort();
        String base = "http://127.0.0.1:" + port;
        // named by its fully qualified name in sync.objects: the events name it by its id
        sync = new SyncHarness(emu)
                .set("sync.objects", "contacts," + schema.get("fullyQualifiedName").asText())
                .set("sync.associations.cars", "contacts")
                .set("server.enabled", "true")
                .set("server.port", String.valueOf(port))
                .set("server.api-key", "test-admin-key-0123456789-abcdefghijklmnop")
                .set("server.public-url", base)
                .set("hubspot.oauth.client-secret", WebhooksTest.SECRET)
                .set("hubspot.portal-id", String.valueOf(emu.portalId))
                .set("webhooks.poll-interval", "200ms");
        sync.start();
        sync.runOnce();
        assertEquals(30, sync.count("SELECT COUNT(*) FROM records WHERE object_type = 'cars'"));
        assertEquals(200, emu.admin("POST", "/webhooks", "{\"targetUrl\":\"" + base + "/webhooks/hubspot\","
                + "\"subscriptions\":[\"*\"],\"properties\":[\"*\"],\"maxRetries\":3,\"retryBaseMillis\":50}").status());

        JsonNode cars = emu.get("/crm/v3/objects/" + carsId + "?limit=3").json().get("results");
        long edited = cars.get(0).get("id").asLong();
        long archived = cars.get(1).get("id").asLong();
        long associated = cars.get(2).get("id").asLong();
        long created = emu.post("/crm/v3/objects/" + carsId, "{\"properties\":{\"name\":\"Hooked car\"}}")
                .json().get("id").asLong();
        assertEquals(200, emu.send("PATCH", "/crm/v3/objects/" + carsId + "/" + edited,
                "{\"properties\":{\"name\":\"Renamed by a webhook\"}}", emu.token, "application/json").status());
        assertEquals(204, emu.send("DELETE", "/crm/v3/objects/" + carsId + "/" + archived, null, emu.token, null)
                .status());
        long contact = emu.get("/crm/v3/objects/contacts?limit=20").json().get("results").get(19).get("id").asLong();
        assertEquals(200, emu.post("/crm/v4/associations/" + carsId + "/contacts/batch/associate/default",
                "{\"inputs\":[{\"from\":{\"id\":\"" + associated + "\"},\"to\":{\"id\":\"" + contact + "\"}}]}")
                .status());

        await().atMost(WebhooksTest.WAIT).untilAsserted(() -> {
            assertEquals(1, sync.count("SELECT COUNT(*) FROM records WHERE object_type = 'cars' AND id = " + created
                    + " AND properties LIKE '%Hooked car%'"));
            assertEquals(1, sync.count("SELECT COUNT(*) FROM records WHERE object_type = 'cars' AND id = " + edited
                    + " AND properties LIKE '%Renamed by a webhook%'"));
            assertEquals("ARCHIVED", sync.jdbcString("SELECT deleted FROM records WHERE id = " + archived));
            assertEquals(1, sync.count("SELECT COUNT(*) FROM associations WHERE from_type = 'cars' AND from_id = "
                    + associated + " AND to_type = 'contacts' AND to_id = " + contact + " AND deleted IS NULL"));
            assertEquals(0, sync.count("SELECT COUNT(*) FROM webhook_inbox"));
        });
        assertEquals(31, sync.count("SELECT COUNT(*) FROM records WHERE object_type = 'cars'"));
        assertEquals(0, sync.count("SELECT COUNT(*) FROM records WHERE object_type NOT IN ('cars', 'contacts')"),
                "stored under the name, whatever the events and sync.objects call it");
    }
}
