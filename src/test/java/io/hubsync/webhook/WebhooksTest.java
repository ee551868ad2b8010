package io.hubsync.webhook;

import io.hubsync.auth.LogCapture;
import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.emulator.webhook.WebhookSignatures;
import io.hubsync.sync.SyncHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HubSpot's webhooks into hubsync (DESIGN "Edges", rule 6): the emulator's signed deliveries reach
 * POST /webhooks/hubspot on a real port, are stored in the inbox, answered 204, and applied: deletes,
 * GDPR deletes, merges and restores as tombstones with their reasons, creations and changes read by
 * id. Forged, stale, misrouted and duplicate requests change nothing.
 */
class WebhooksTest {
    static final String SECRET = "hubsync-emulator-secret";
    static final Duration WAIT = Duration.ofSeconds(30);

    EmulatorFixture emu;
    SyncHarness sync;
    String base;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        emu = new EmulatorFixture(c -> c.contacts = 20);
        int port = SyncHarness.freePort();
        base = "http://127.0.0.1:" + port;
        sync = new SyncHarness(emu)
                .set("server.enabled", "true")
                .set("server.port", String.valueOf(port))
                .set("server.api-key", "test-admin-key-0123456789-abcdefghijklmnop")
                .set("server.public-url", base)
                .set("hubspot.oauth.client-secret", SECRET)
                .set("hubspot.portal-id", String.valueOf(emu.portalId))
                .set("webhooks.poll-interval", "200ms")
                // long enough that a test sees a failed event waiting for its retry on a loaded machine
                .set("webhooks.retry-delay", "1500ms");
        sync.start();
        sync.runOnce();
    }

    @AfterEach
    void stop() {
        emu.admin("DELETE", "/webhooks", null);
        sync.close();
        emu.close();
    }

    @Test
    void deliveredEventsBecomeTombstonesAndFreshRecords() throws Exception {
        deliverTo(base + "/webhooks/hubspot", false);
        List<Long> ids = sync.liveIds();
        long edited = ids.get(0);
        long archived = ids.get(1);
        long forgotten = ids.get(2);
        long primary = ids.get(3);
        long secondary = ids.get(4);
        long restored = ids.get(5);

        long created = emu.post("/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"new@example.com\"}}")
                .json().get("id").asLong();
        assertEquals(200, emu.send("PATCH", "/crm/v3/objects/contacts/" + edited,
                "{\"properties\":{\"firstname\":\"Webhooked\"}}", emu.token, "application/json").status());
        archive(archived);
        assertEquals(204, emu.post("/crm/v3/objects/contacts/gdpr-delete", "{\"objectId\":\"" + forgotten + "\"}").status());
        assertEquals(200, emu.post("/crm/v3/objects/contacts/merge",
                "{\"primaryObjectId\":\"" + primary + "\",\"objectIdToMerge\":\"" + secondary + "\"}").status());
        archive(restored);
        assertEquals(204, emu.admin("POST", "/portals/" + emu.portalId + "/contacts/" + restored + "/restore", null).status());

        await().atMost(WAIT).untilAsserted(() -> {
            assertEquals("new@example.com", property(created, "email"));
            assertEquals("Webhooked", property(edited, "firstname"));
            assertEquals("ARCHIVED", deleted(archived));
            assertEquals("GDPR", deleted(forgotten));
            assertEquals("MERGED", deleted(secondary));
            assertEquals(0, sync.count("SELECT COUNT(*) FROM webhook_inbox"));
        });
        assertEquals("{}", sync.jdbcString("SELECT properties FROM records WHERE id = " + forgotten),
                "a GDPR deletion removes the properties and keeps the tombstone");
        assertEquals(String.valueOf(primary), sync.jdbcString("SELECT merged_into FROM records WHERE id = " + secondary));
        assertTrue(property(primary, "hs_merged_object_ids").contains(String.valueOf(secondary)), "the survivor was read");
        assertNull(deleted(restored), "deleted, then restored: live");
        assertNull(deleted(primary));
        // the metrics count what the events wrote, under their own source
        String connection = sync.jdbcString("SELECT MIN(connection_id) FROM records");
        assertTrue(sync.counter("hubsync.records.written", "connection", connection, "type", "contacts", "kind", "added",
                "source", "webhook") >= 1, "the created contact");
        assertTrue(sync.counter("hubsync.records.written", "connection", connection, "type", "contacts", "kind", "deleted",
                "source", "webhook") >= 3, "the archived, forgotten and merged contacts");
        assertTrue(sync.count("SELECT COUNT(*) FROM records WHERE id = " + archived + " AND archived") == 1);
    }

    @Test
    void associationChangesAreReadAgainFromTheirFromSide() throws Exception {
        deliverTo(base + "/webhooks/hubspot", false);
        List<Long> ids = sync.liveIds();
        long company = emu.post("/crm/v3/objects/companies", "{\"properties\":{\"name\":\"Hooked\"}}")
                .json().get("id").asLong();
        // neither record's last-modified date moves: only the associationChange events tell
        assertEquals(200, emu.post("/crm/v4/associations/contacts/companies/batch/associate/default",
                "{\"inputs\":[{\"from\":{\"id\":\"" + ids.get(0) + "\"},\"to\":{\"id\":\"" + company + "\"}},"
                        + "{\"from\":{\"id\":\"" + ids.get(1) + "\"},\"to\":{\"id\":\"" + company + "\"}}]}").status());
        await().atMost(WAIT).untilAsserted(() -> {
            assertEquals(2, sync.count("SELECT COUNT(*) FROM contact_companies WHERE company_id = " + company));
            assertEquals(0, sync.count("SELECT COUNT(*) FROM webhook_inbox"));
        });
        assertEquals(0, sync.count("SELECT COUNT(*) FROM associations WHERE from_type = 'companies'"),
                "companies keep no pairs: their side of the events is dropped");

        assertEquals(204, emu.post("/crm/v4/associations/contacts/companies/batch/archive",
                "{\"inputs\":[{\"from\":{\"id\":\"" + ids.get(0) + "\"},\"to\":[{\"id\":\"" + company + "\"}]}]}")
                .status());
        await().atMost(WAIT).untilAsserted(() -> assertEquals("REMOVED", sync.jdbcString(
                "SELECT deleted FROM associations WHERE from_id = " + ids.get(0) + " AND to_id = " + company)));
        assertEquals(1, sync.count("SELECT COUNT(*) FROM contact_companies WHERE company_id = " + company));
    }

    @Test
    void duplicateDeliveriesApplyOnce() throws Exception {
        deliverTo(base + "/webhooks/hubspot", true);
        long id = sync.liveIds().get(0);
        long before = sync.count("SELECT MAX(change_seq) FROM records");
        archive(id);
        await().atMost(WAIT).until(() -> "ARCHIVED".equals(deleted(id))
                && emu.admin("GET", "/webhooks", null).json().get("stats").get("pending").asLong() == 0);
        assertEquals(1, sync.count("SELECT COUNT(*) FROM records WHERE change_seq > " + before),
                "the tombstone was written once");
        assertTrue(emu.admin("GET", "/webhooks", null).json().get("stats").get("deliveredEvents").asLong() >= 2,
                "the emulator sent the event twice");
    }

    @Test
    void answeredBeforeApplied() throws Exception {
        // nothing applies the inbox: no polls, no applier
        sync.context().getRouteController().stopRoute("webhook-poll");
        sync.context().getRouteController().stopRoute("webhook-apply");
        long id = sync.liveIds().get(0);
        String body = event(4_200_000_001L, emu.portalId, "contact.deletion", id);
        HttpResponse<String> first = post(body, System.currentTimeMillis(), null);
        HttpResponse<String> again = post(body, System.currentTimeMillis(), null);
        assertEquals(204, first.statusCode(), first.body());
        assertEquals(204, again.statusCode(), "a duplicate is answered like the first");
        assertFalse(first.headers().firstValue("X-HubSpot-Signature-v3").isPresent(), "request headers are not echoed");
        // answered while nothing is applied yet: the event waits in the inbox, once
        assertEquals(1, sync.count("SELECT COUNT(*) FROM webhook_inbox"));
        assertNull(deleted(id));

        sync.context().getRouteController().startRoute("webhook-apply");
        sync.context().getRouteController().startRoute("webhook-poll");
        await().atMost(WAIT).until(() -> "ARCHIVED".equals(deleted(id)));
        await().atMost(WAIT).until(() -> sync.count("SELECT COUNT(*) FROM webhook_inbox") == 0);
    }

    @Test
    void forgedStaleAndMisroutedRequestsChangeNothing() throws Exception {
        long id = sync.liveIds().get(0);
        long seq = sync.count("SELECT MAX(change_seq) FROM records");
        String deletion = event(4_200_000_002L, emu.portalId, "contact.deletion", id);

        HttpResponse<String> forged = post(deletion, System.currentTimeMillis(), "not-the-secret");
        assertEquals(401, forged.statusCode());
        assertTrue(forged.body().contains("X-HubSpot-Signature-v3 does not match"), forged.body());
        assertFalse(forged.body().contains(SECRET));

        HttpResponse<String> stale = post(deletion, System.currentTimeMillis() - Duration.ofMinutes(6).toMillis(), null);
        assertEquals(401, stale.statusCode());
        assertTrue(stale.body().contains("old"), stale.body());
        HttpResponse<String> future = post(deletion, System.currentTimeMillis() + Duration.ofMinutes(6).toMillis(), null);
        assertEquals(401, future.statusCode());

        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/hubspot"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(deletion)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, unsigned.statusCode());

        // HubSpot sends JSON: a form (even signed) or a body without a type is refused on its Content-Type alone
        for (String type : new String[] {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null}) {
            long now = System.currentTimeMillis();
            HttpRequest.Builder form = HttpRequest.newBuilder(URI.create(base + "/webhooks/hubspot"))
                    .header("X-HubSpot-Signature-v3", WebhookSignatures.v3(SECRET, "POST", base + "/webhooks/hubspot",
                            deletion, now))
                    .header("X-HubSpot-Request-Timestamp", Long.toString(now))
                    .POST(HttpRequest.BodyPublishers.ofString(deletion));
            if (type != null) {
                form.header("Content-Type", type);
            }
            HttpResponse<String> refused = http.send(form.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(415, refused.statusCode(), type + ": " + refused.body());
            assertTrue(refused.body().contains("application/json"), refused.body());
        }

        // every event of the request is for a portal hubsync does not sync: refused
        HttpResponse<String> misrouted = post(event(4_200_000_004L, 999_999L, "contact.deletion", id),
                System.currentTimeMillis(), null);
        assertEquals(400, misrouted.statusCode());
        assertTrue(misrouted.body().contains("portal 999999"), misrouted.body());

        HttpResponse<String> notJson = post("{oops", System.currentTimeMillis(), null);
        assertEquals(400, notJson.statusCode());

        assertEquals(0, sync.count("SELECT COUNT(*) FROM webhook_inbox"));
        assertEquals(seq, sync.count("SELECT MAX(change_seq) FROM records"));
        assertNull(deleted(id));
    }

    @Test
    void aPortalNoLongerSyncedCostsTheOthersNoEvents() throws Exception {
        long id = sync.liveIds().get(0);
        // HubSpot batches an app's events across its installs: one of them is for a portal hubsync dropped
        String mixed = "[" + event(4_200_000_003L, emu.portalId, "contact.deletion", id).replaceAll("^\\[|\\]$", "")
                + "," + event(4_200_000_004L, 999_999L, "contact.deletion", id).replaceAll("^\\[|\\]$", "") + "]";
        assertEquals(204, post(mixed, System.currentTimeMillis(), null).statusCode());
        await().atMost(WAIT).until(() -> "ARCHIVED".equals(deleted(id)));
    }

    @Test
    void malformedIdsAreDroppedAndLoggedAndTheRestOfTheBatchIsKept() throws Exception {
        List<Long> ids = sync.liveIds();
        long deleted = ids.get(0);
        long primary = ids.get(1);
        long secondary = ids.get(2);
        long seq = sync.count("SELECT MAX(change_seq) FROM records");
        String batch = "[" + String.join(",",
                // good: applied
                event(4_200_000_010L, emu.portalId, "contact.deletion", deleted).replaceAll("^\\[|\\]$", ""),
                // each names a record that is no HubSpot id: none may be written
                merge(4_200_000_011L, "\"objectId\":" + primary + ",\"primaryObjectId\":" + primary
                        + ",\"mergedObjectIds\":[\"abc\"]"),
                merge(4_200_000_012L, "\"objectId\":" + secondary + ",\"primaryObjectId\":" + secondary
                        + ",\"newObjectId\":\"zzz\",\"mergedObjectIds\":[" + primary + "]"),
                merge(4_200_000_013L, "\"objectId\":" + primary + ",\"mergedObjectIds\":[-7]"),
                event(4_200_000_014L, emu.portalId, "contact.deletion", -5).replaceAll("^\\[|\\]$", ""),
                event(4_200_000_015L, emu.portalId, "contact.deletion", 0).replaceAll("^\\[|\\]$", "")) + "]";
        HttpResponse<String> answer;
        List<LogCapture.Line> warnings;
        try (LogCapture logs = new LogCapture()) {
            answer = post(batch, System.currentTimeMillis(), null);
            warnings = logs.at(org.apache.logging.log4j.Level.WARN).stream()
                    .filter(l -> l.logger().equals(WebhookEvents.class.getName())).toList();
            assertFalse(logs.all().contains(SECRET), "the secret reached the log");
        }
        // HubSpot retries a 4xx with the same events: the good one is kept, the bad ones would never get better
        assertEquals(204, answer.statusCode(), answer.body());
        await().atMost(WAIT).until(() -> "ARCHIVED".equals(deleted(deleted))
                && sync.count("SELECT COUNT(*) FROM webhook_inbox") == 0);

        assertEquals(0, sync.count("SELECT COUNT(*) FROM records WHERE id <= 0 OR merged_into <= 0"),
                "a record or merge with an id that is not HubSpot's was written");
        assertNull(deleted(primary), "a real contact was marked MERGED into a record that is no id");
        assertNull(deleted(secondary));
        assertEquals(1, sync.count("SELECT COUNT(*) FROM records WHERE change_seq > " + seq), "only the good event");
        String logged = warnings.stream().map(LogCapture.Line::text).reduce("", String::concat);
        assertEquals(5, warnings.size(), logged);
        for (String named : new String[] {"eventId 4200000011) has mergedObjectIds[0] '\"abc\"'",
            "eventId 4200000012) has newObjectId '\"zzz\"'", "eventId 4200000013) has mergedObjectIds[0] '-7'",
            "eventId 4200000014) has objectId '-5'", "eventId 4200000015) has objectId '0'"}) {
            assertTrue(logged.contains(named), named + " in " + logged);
        }
    }

    @Test
    void aRequestWhoseEveryEventIsMalformedIsRefusedAndStoresNothing() throws Exception {
        long id = sync.liveIds().get(0);
        String bad = merge(4_200_000_020L, "\"objectId\":" + id + ",\"newObjectId\":\"zzz\"");
        String deletion = event(4_200_000_021L, emu.portalId, "contact.deletion", id).replaceAll("^\\[|\\]$", "");
        HttpResponse<String> r = post("[" + bad + "," + deletion.replace("\"objectId\":" + id, "\"objectId\":1.5")
                + "," + deletion.replace("\"objectId\":" + id, "\"objectId\":99999999999999999999") + "]",
                System.currentTimeMillis(), null);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("eventId 4200000020") && r.body().contains("newObjectId")
                && r.body().contains("2 more"), r.body());
        assertEquals(0, sync.count("SELECT COUNT(*) FROM webhook_inbox"));
        assertNull(deleted(id));
    }

    @Test
    void aFailedBatchStaysForARetry() throws Exception {
        long created;
        // HubSpot's batch read fails past the call's own retries (hubspot.max-retries = 5), then recovers
        emu.admin("POST", "/faults", "{\"endpoint\":\"crm.batch.read\",\"steps\":[503,503,503,503,503,503,\"ok\"]}");
        deliverTo(base + "/webhooks/hubspot", false);
        created = emu.post("/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"later@example.com\"}}")
                .json().get("id").asLong();
        await().atMost(WAIT).until(() -> sync.count("SELECT COUNT(*) FROM webhook_inbox WHERE attempts > 0") > 0);
        assertTrue(sync.jdbcString("SELECT last_error FROM webhook_inbox").contains("503"));
        await().atMost(WAIT).until(() -> "later@example.com".equals(property(created, "email")));
        await().atMost(WAIT).until(() -> sync.count("SELECT COUNT(*) FROM webhook_inbox") == 0);
    }

    // ---------------------------------------------------------------- helpers

    void deliverTo(String url, boolean duplicates) {
        assertEquals(200, emu.admin("POST", "/webhooks", "{\"targetUrl\":\"" + url + "\",\"subscriptions\":[\"*\"],"
                + "\"properties\":[\"*\"],\"duplicates\":" + duplicates + ",\"maxRetries\":3,\"retryBaseMillis\":50}")
                .status());
    }

    void archive(long id) {
        assertEquals(204, emu.send("DELETE", "/crm/v3/objects/contacts/" + id, null, emu.token, null).status());
    }

    static String event(long eventId, long portalId, String type, long objectId) {
        return "[{\"eventId\":" + eventId + ",\"subscriptionId\":7560002,\"portalId\":" + portalId
                + ",\"appId\":1234567,\"occurredAt\":" + System.currentTimeMillis() + ",\"subscriptionType\":\"" + type
                + "\",\"attemptNumber\":0,\"objectId\":" + objectId + ",\"changeFlag\":\"DELETED\","
                + "\"changeSource\":\"CRM_UI\"}]";
    }

    /** One contact.merge event of the test's portal, its id fields given as JSON members. */
    String merge(long eventId, String idFields) {
        return "{\"eventId\":" + eventId + ",\"subscriptionId\":7560003,\"portalId\":" + emu.portalId
                + ",\"appId\":1234567,\"occurredAt\":" + System.currentTimeMillis()
                + ",\"subscriptionType\":\"contact.merge\",\"attemptNumber\":0," + idFields
                + ",\"numberOfPropertiesMoved\":3,\"changeSource\":\"CRM_UI\"}";
    }

    /** A request as HubSpot would sign it (the emulator's signer), or under another secret. */
    HttpResponse<String> post(String body, long timestamp, String secret) throws Exception {
        String url = base + "/webhooks/hubspot";
        String signature = WebhookSignatures.v3(secret == null ? SECRET : secret, "POST", url, body, timestamp);
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-HubSpot-Signature-v3", signature)
                .header("X-HubSpot-Request-Timestamp", Long.toString(timestamp))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String deleted(long id) throws Exception {
        return sync.jdbcString("SELECT deleted FROM records WHERE id = " + id);
    }

    String property(long id, String name) throws IOException {
        try (Connection c = sync.jdbc(); PreparedStatement ps = c.prepareStatement(
                "SELECT properties FROM records WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? EmulatorFixture.JSON.readTree(rs.getString(1)).path(name).asText(null) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IOException(e);
        }
    }
}
