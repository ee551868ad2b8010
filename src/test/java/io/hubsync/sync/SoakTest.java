package io.hubsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubsync.emulator.EmulatorFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole product at once against the emulator: schedules on (sync and archived sweep), HubSpot's
 * webhooks on (with duplicates), search index delay, and users creating, editing, archiving,
 * restoring, merging and GDPR-deleting records throughout. Once the users stop and hubsync settles,
 * what a reader sees through the records API equals the emulator's dump, record by record: every live
 * record at its last version, every deleted one as a tombstone with the right reason.
 */
class SoakTest {
    static final String API_KEY = "test-admin-key-0123456789-abcdefghijklmnop";
    static final ObjectMapper JSON = new ObjectMapper();
    EmulatorFixture emu;
    SyncHarness sync;
    String base;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        emu = new EmulatorFixture(c -> {
            c.contacts = 1_500;
            c.indexDelayMillis = 300;
        });
        int port = SyncHarness.freePort();
        base = "http://127.0.0.1:" + port;
        sync = new SyncHarness(emu)
                .set("server.enabled", "true")
                .set("server.port", String.valueOf(port))
                .set("server.api-key", API_KEY)
                .set("server.public-url", base)
                .set("hubspot.oauth.client-secret", "hubsync-emulator-secret")
                .set("hubspot.portal-id", String.valueOf(emu.portalId))
                // the index trails writes by 300 ms: windows end 1 s before now (DESIGN rule 2)
                .set("sync.search-lag", "1s")
                .set("sync.schedule", "0/2 * * * * ?")
                .set("sync.archived-schedule", "1/3 * * * * ?")
                .set("webhooks.poll-interval", "500ms")
                .set("webhooks.retry-delay", "200ms");
    }

    @AfterEach
    void stop() {
        emu.admin("DELETE", "/activity", null);
        emu.admin("DELETE", "/webhooks", null);
        sync.close();
        emu.close();
    }

    @Test
    void afterABusyPeriodTheRecordsApiShowsExactlyWhatHubSpotHas() throws Exception {
        sync.start(true);
        assertEquals(200, emu.admin("POST", "/webhooks", "{\"targetUrl\":\"" + base + "/webhooks/hubspot\","
                + "\"subscriptions\":[\"*\"],\"properties\":[\"*\"],\"duplicates\":true,\"maxRetries\":5,"
                + "\"retryBaseMillis\":100}").status());
        // users start while the backfill runs
        assertTrue(emu.admin("POST", "/activity", "{\"perSecond\":60,\"mix\":{\"create\":20,\"edit\":45,"
                + "\"archive\":12,\"restore\":6,\"merge\":10,\"gdprDelete\":7}}").status() < 300);
        await().atMost(Duration.ofSeconds(60)).until(() -> emu.emulator.activity().changes() >= 600);
        emu.admin("DELETE", "/activity", null);
        long changes = emu.emulator.activity().changes();

        // settled: the reader's view equals HubSpot's, and stays so
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertEquals(List.of(), differences()));
        assertEquals(List.of(), sync.differences("contacts", BackfillAndIncrementalTest.STORED),
                "live records carry HubSpot's property values");
        Map<String, Long> reasons = new HashMap<>();
        for (JsonNode r : recordsApi().values()) {
            reasons.merge(r.get("deleted").isNull() ? "live" : r.get("deleted").asText(), 1L, Long::sum);
        }
        // the activity really exercised every kind of delete
        for (String reason : List.of("live", "ARCHIVED", "MERGED", "GDPR")) {
            assertTrue(reasons.getOrDefault(reason, 0L) > 0, reason + " in " + reasons + " after " + changes + " changes");
        }
    }

    /** Where the records API and the emulator's dump disagree, one line each (empty: none). */
    private List<String> differences() throws Exception {
        Map<Long, JsonNode> api = recordsApi();
        Map<Long, JsonNode> dump = new HashMap<>();
        for (JsonNode e : emu.admin("GET", "/portals/" + emu.portalId + "/contacts/dump", null).json().get("records")) {
            dump.put(e.get("id").asLong(), e);
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<Long, JsonNode> d : dump.entrySet()) {
            long id = d.getKey();
            JsonNode want = d.getValue();
            JsonNode got = api.get(id);
            String state = want.get("state").asText();
            String deleted = got == null || got.get("deleted").isNull() ? null : got.get("deleted").asText();
            String expected = switch (state) {
                case "live" -> null;
                case "archived" -> "ARCHIVED";
                case "merged" -> "MERGED";
                case "gdpr-deleted" -> "GDPR";
                default -> throw new IllegalStateException("unknown state " + state);
            };
            if (got == null) {
                out.add(id + ": " + state + " at HubSpot, missing from the records API");
            } else if (!java.util.Objects.equals(expected, deleted)) {
                out.add(id + ": " + state + " at HubSpot, deleted=" + deleted + " in the records API");
            } else if (expected == null && java.time.Instant.parse(got.get("updatedAt").asText()).toEpochMilli()
                    != want.get("lastModified").asLong()) {
                out.add(id + ": HubSpot's version " + want.get("lastModified").asLong() + ", stored "
                        + got.get("updatedAt").asText());
            } else if ("merged".equals(state) && survivor(api, id) != survivor(dump, id)) {
                out.add(id + ": merged into " + survivor(dump, id) + " at HubSpot, into " + survivor(api, id) + " here");
            }
        }
        for (Long id : api.keySet()) {
            if (!dump.containsKey(id)) {
                out.add(id + ": in the records API, unknown to HubSpot");
            }
        }
        return out;
    }

    /** The live record a merged id ended in, following merges of merges. */
    private static long survivor(Map<Long, JsonNode> records, long id) {
        long at = id;
        for (int hops = 0; hops < 100; hops++) {
            JsonNode r = records.get(at);
            JsonNode next = r == null ? null : r.get("mergedInto");
            if (next == null || next.isNull()) {
                return at;
            }
            at = next.asLong();
        }
        throw new IllegalStateException("a merge cycle from " + id);
    }

    /** Every record of the connection through the records API, page by page. */
    private Map<Long, JsonNode> recordsApi() throws Exception {
        Map<Long, JsonNode> out = new HashMap<>();
        String cursor = null;
        do {
            String url = base + "/api/v1/connections/default/records/contacts?limit=1000"
                    + (cursor == null ? "" : "&cursor=" + cursor);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + API_KEY).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode page = JSON.readTree(r.body());
            for (JsonNode rec : page.get("results")) {
                // a record that changed while the pages were read comes again later: its newest answer wins
                out.put(rec.get("id").asLong(), rec);
            }
            cursor = page.at("/paging/next/cursor").isMissingNode() ? null : page.at("/paging/next/cursor").asText();
        } while (cursor != null);
        return out;
    }
}
