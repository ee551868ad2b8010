package io.hubsync.connections;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /api/v1/connections/{name}/runs} over real HTTP: every run of the connection once, newest
 * first, page by page; the backfill's counts as the run wrote them; another connection's runs never;
 * keys and bad parameters answered as the records API answers them.
 */
class RunsHttpApiTest {
    private static final String API = "/api/v1/connections/";
    private ServerFixture server;

    @BeforeEach
    void start() throws Exception {
        server = new ServerFixture();
        server.addPrivateApps("acme", "beta");
        // a backfill, then two incremental runs, of each connection
        for (int i = 0; i < 3; i++) {
            server.sync.runOnce();
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyRunOnceNewestFirstPageByPage() throws Exception {
        List<Long> stored = ids("acme");
        assertTrue(stored.size() >= 3, "runs stored: " + stored);
        List<JsonNode> read = readAll("acme", 2, ServerFixture.API_KEY);
        assertEquals(stored, read.stream().map(r -> r.get("id").asLong()).toList(), "every run once, newest first");

        JsonNode backfill = read.stream().filter(r -> r.get("phase").asText().equals("INITIAL")).findFirst()
                .orElseThrow(() -> new AssertionError(read.toString()));
        assertEquals("contacts", backfill.get("objectType").asText());
        assertTrue(backfill.get("success").asBoolean(), backfill.toString());
        assertEquals(server.records("acme"), backfill.get("added").asLong(), backfill.toString());
        assertEquals(0, backfill.get("updated").asLong());
        assertTrue(backfill.get("error").isNull(), backfill.toString());
        assertTrue(backfill.get("node").isTextual(), backfill.toString());
        assertTrue(backfill.get("startedAt").asText().endsWith("Z") && backfill.get("finishedAt").asText().endsWith("Z"),
                backfill.toString());
        assertTrue(read.stream().filter(r -> r.get("phase").asText().equals("INCREMENTAL"))
                .allMatch(r -> r.get("added").asLong() == 0 && r.get("unchanged").asLong() >= 0), read.toString());

        // a page from a cursor holds only older runs
        HttpResponse<String> older = server.send("GET", API + "acme/runs?cursor=" + stored.get(1), null,
                ServerFixture.API_KEY);
        assertEquals(200, older.statusCode(), older.body());
        assertEquals(stored.subList(2, stored.size()), ids(ServerFixture.json(older).get("results")));
    }

    @Test
    void keysAndBadParametersAreAnsweredAsTheRecordsApiAnswersThem() throws Exception {
        assertEquals(401, server.send("GET", API + "acme/runs", null, null).statusCode());
        assertEquals(401, server.send("GET", API + "acme/runs", null, "not-a-key").statusCode());
        assertEquals(404, server.send("GET", API + "ghost/runs", null, ServerFixture.API_KEY).statusCode());
        HttpResponse<String> badLimit = server.send("GET", API + "acme/runs?limit=0", null, ServerFixture.API_KEY);
        assertEquals(400, badLimit.statusCode());
        assertEquals("limit", ServerFixture.json(badLimit).get("field").asText());
        assertEquals(400, server.send("GET", API + "acme/runs?cursor=abc", null, ServerFixture.API_KEY).statusCode());
        assertEquals(400, server.send("GET", API + "acme/runs?since=1", null, ServerFixture.API_KEY).statusCode());

        String acmeKey = ServerFixture.json(server.admin("POST", "/acme/api-keys", null)).get("key").asText();
        assertEquals(403, server.send("GET", API + "beta/runs", null, acmeKey).statusCode());
        assertEquals(ids("acme"), readAll("acme", 100, acmeKey).stream().map(r -> r.get("id").asLong()).toList());
        server.assertAnswersHardened();
    }

    private List<JsonNode> readAll(String connection, int limit, String key) {
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        do {
            HttpResponse<String> r = server.send("GET", API + connection + "/runs?limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + cursor), null, key);
            assertEquals(200, r.statusCode(), r.body());
            JsonNode page = ServerFixture.json(r);
            assertTrue(page.get("results").size() <= limit);
            page.get("results").forEach(out::add);
            JsonNode next = page.path("paging").path("next").path("cursor");
            cursor = next.isMissingNode() ? null : next.asText();
            if (cursor != null) {
                assertEquals(limit, page.get("results").size(), "only a full page has a next page");
            }
        } while (cursor != null);
        return out;
    }

    /** The connection's run ids in the database, newest first. */
    private List<Long> ids(String connection) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = server.sync.jdbc(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT id FROM sync_runs WHERE connection_id = '" + connection + "' ORDER BY id DESC")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    private static List<Long> ids(JsonNode results) {
        List<Long> ids = new ArrayList<>();
        results.forEach(r -> ids.add(r.get("id").asLong()));
        return ids;
    }
}
