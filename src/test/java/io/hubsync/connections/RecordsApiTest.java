package io.hubsync.connections;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.store.Tombstones;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The records API over real HTTP: paging by change sequence, filters, tombstones, bad parameters and keys. */
class RecordsApiTest {
    private static final String API = "/api/v1/connections/";
    private ServerFixture server;

    @BeforeEach
    void start() throws Exception {
        server = new ServerFixture();
        server.addPrivateApps("acme", "beta");
        server.sync.runOnce();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Every record of the query, page by page; checks the order and that each page but the last has a cursor. */
    private List<JsonNode> readAll(String connection, String query, int limit, String key) {
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        long lastSeq = 0;
        do {
            HttpResponse<String> r = server.send("GET", API + connection + "/records/contacts?limit=" + limit
                    + (query.isEmpty() ? "" : "&" + query) + (cursor == null ? "" : "&cursor=" + cursor), null, key);
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            JsonNode page = ServerFixture.json(r);
            assertTrue(page.get("results").size() <= limit);
            for (JsonNode rec : page.get("results")) {
                assertTrue(rec.get("changeSeq").asLong() > lastSeq, "ascending by changeSeq");
                lastSeq = rec.get("changeSeq").asLong();
                out.add(rec);
            }
            JsonNode next = page.path("paging").path("next").path("cursor");
            cursor = next.isMissingNode() ? null : next.asText();
            if (cursor != null) {
                assertEquals(limit, page.get("results").size(), "only a full page has a next page");
            }
        } while (cursor != null);
        return out;
    }

    private static Set<String> ids(List<JsonNode> records) {
        Set<String> ids = new HashSet<>();
        records.forEach(r -> ids.add(r.get("id").asText()));
        assertEquals(records.size(), ids.size(), "a record came twice");
        return ids;
    }

    @Test
    void pagesByCursorThroughRecordsSharingOneMillisecond() throws Exception {
        List<JsonNode> all = readAll("acme", "", 13, ServerFixture.API_KEY);
        assertEquals(100, all.size());
        assertEquals(100, ids(all).size());
        JsonNode first = all.get(0);
        assertTrue(first.get("properties").isObject());
        assertEquals(first.get("id").asText(), first.get("properties").get("hs_object_id").asText());
        assertFalse(first.get("archived").asBoolean());
        assertTrue(first.get("deleted").isNull());
        assertTrue(first.get("mergedInto").isNull());
        assertTrue(Instant.parse(first.get("updatedAt").asText()).isAfter(Instant.parse(first.get("createdAt").asText()))
                || first.get("updatedAt").asText().equals(first.get("createdAt").asText()));

        // an import stamps 40 records with one millisecond; the next run stores them as updates
        JsonNode touched = server.emu.admin("POST", "/portals/" + server.emu.portalId + "/contacts/bulk-touch",
                "{\"count\":40,\"property\":\"city\",\"value\":\"Boston\"}").json();
        assertTrue(touched.toString().contains("40"), touched.toString());
        server.sync.runOnce();

        List<JsonNode> updated = readAll("acme", "filter=updated", 7, ServerFixture.API_KEY);
        assertEquals(40, updated.size());
        assertEquals(40, ids(updated).size());
        assertEquals(1, updated.stream().map(r -> r.get("updatedAt").asText()).distinct().count(),
                "the 40 share one last-modified millisecond");
        updated.forEach(r -> assertEquals("Boston", r.get("properties").get("city").asText()));

        List<JsonNode> added = readAll("acme", "filter=added", 50, ServerFixture.API_KEY);
        assertEquals(60, added.size());
        Set<String> both = ids(added);
        both.retainAll(ids(updated));
        assertTrue(both.isEmpty(), "a record is either added or updated");
        assertEquals(100, readAll("acme", "filter=added,updated", 1000, ServerFixture.API_KEY).size());

        // modifiedAfter: only what changed after it (ISO-8601 or epoch millis)
        Instant stamp = Instant.parse(updated.get(0).get("updatedAt").asText());
        assertEquals(40, readAll("acme", "modifiedAfter=" + stamp.minusMillis(1), 100, ServerFixture.API_KEY).size());
        assertEquals(40, readAll("acme", "modifiedAfter=" + (stamp.toEpochMilli() - 1), 100, ServerFixture.API_KEY)
                .size());
        assertEquals(0, readAll("acme", "modifiedAfter=" + stamp.toEpochMilli(), 100, ServerFixture.API_KEY).size());

        // the cursor of a page picks up exactly after it, also inside the millisecond
        String cursor = ServerFixture.json(server.send("GET", API + "acme/records/contacts?filter=updated&limit=20",
                null, ServerFixture.API_KEY)).get("paging").get("next").get("cursor").asText();
        JsonNode rest = ServerFixture.json(server.send("GET", API + "acme/records/contacts?filter=updated&limit=1000"
                + "&cursor=" + cursor, null, ServerFixture.API_KEY));
        assertEquals(20, rest.get("results").size());
        assertFalse(rest.has("paging"), "no next page when done");
    }

    @Test
    void tombstonesAreShownWithTheirReason() throws Exception {
        List<Long> gone = new ArrayList<>();
        readAll("acme", "", 100, ServerFixture.API_KEY).subList(0, 3).forEach(r -> gone.add(r.get("id").asLong()));
        Instant at = Instant.now();
        try (Connection c = server.sync.dataSource().getConnection()) {
            assertEquals(3, new io.hubsync.store.Tombstones(java.time.Clock.systemUTC()).archive(c, "acme", "contacts", gone, at));
        }
        List<JsonNode> deleted = readAll("acme", "filter=deleted", 2, ServerFixture.API_KEY);
        assertEquals(3, deleted.size());
        for (JsonNode d : deleted) {
            assertEquals("ARCHIVED", d.get("deleted").asText());
            assertTrue(d.get("archived").asBoolean());
            assertTrue(gone.contains(d.get("id").asLong()));
            assertTrue(d.get("properties").isObject(), "a tombstone keeps its last properties");
        }
        assertEquals(97, readAll("acme", "filter=added,updated", 100, ServerFixture.API_KEY).size());
        List<JsonNode> all = readAll("acme", "", 100, ServerFixture.API_KEY);
        assertEquals(100, all.size());
        // tombstoned last: their change is the newest
        assertEquals(Set.copyOf(gone.stream().map(String::valueOf).toList()), ids(all.subList(97, 100)));
        // archived after modifiedAfter: shown though their last modification is older
        assertEquals(3, readAll("acme", "modifiedAfter=" + at.minusSeconds(1), 100, ServerFixture.API_KEY).size());
        // the other connection's records are its own
        assertEquals(0, readAll("beta", "filter=deleted", 100, ServerFixture.API_KEY).size());
    }

    @Test
    void badParametersAre400sNamingTheParameter() {
        String[][] bad = {{"limit=0", "limit"}, {"limit=1001", "limit"}, {"limit=ten", "limit"}, {"cursor=-1", "cursor"},
            {"cursor=abc", "cursor"}, {"modifiedAfter=yesterday", "modifiedAfter"},
            {"modifiedAfter=2024-01-17T19:55:04", "modifiedAfter"}, {"filter=new", "filter"},
            {"filter=added,removed", "filter"}, {"curosr=5", "curosr"}, {"limit=5&limit=6", "limit"},
            // far past year 9999: its SQL timestamp overflowed into one before 1970, and every record came back
            {"modifiedAfter=%2B292278995-01-01T00:00:00Z", "modifiedAfter"},
            {"modifiedAfter=9223372036854775807", "modifiedAfter"}, {"modifiedAfter=%2B10000-01-01T00:00:00Z",
                "modifiedAfter"}, {"modifiedAfter=1969-12-31T23:59:59Z", "modifiedAfter"},
            {"modifiedAfter=-999999999-01-01T00:00:00Z", "modifiedAfter"}};
        for (String[] b : bad) {
            HttpResponse<String> r = server.send("GET", API + "acme/records/contacts?" + b[0], null,
                    ServerFixture.API_KEY);
            assertEquals(400, r.statusCode(), b[0] + ": " + r.body());
            JsonNode body = ServerFixture.json(r);
            assertEquals(b[1], body.get("field").asText(), r.body());
            assertTrue(body.get("message").asText().length() > 20, r.body());
        }
        assertEquals(404, server.send("GET", API + "ghost/records/contacts", null, ServerFixture.API_KEY).statusCode());
        HttpResponse<String> type = server.send("GET", API + "acme/records/line-items", null, ServerFixture.API_KEY);
        assertEquals(404, type.statusCode(), type.body());
        assertEquals("objectType", ServerFixture.json(type).get("field").asText());
        // a custom object by the name it is stored under, and a new standard type: nothing stored yet, no error
        assertEquals(200, server.send("GET", API + "acme/records/cars", null, ServerFixture.API_KEY).statusCode());
        assertEquals(200, server.send("GET", API + "acme/records/line_items", null, ServerFixture.API_KEY).statusCode());
        assertEquals(405, server.send("DELETE", API + "acme/records/contacts", null, ServerFixture.API_KEY)
                .statusCode());
    }

    @Test
    void adminKeyReadsAllAConnectionKeyOnlyItsOwn() throws Exception {
        HttpResponse<String> issued = server.admin("POST", "/acme/api-keys", null);
        assertEquals(201, issued.statusCode(), issued.body());
        String acmeKey = ServerFixture.json(issued).get("key").asText();
        assertTrue(acmeKey.startsWith("hsk_"), acmeKey);
        String betaKey = cliApiKey("beta");
        assertEquals(404, server.admin("POST", "/ghost/api-keys", null).statusCode());

        String acme = API + "acme/records/contacts?limit=1";
        assertEquals(200, server.send("GET", acme, null, ServerFixture.API_KEY).statusCode());
        assertEquals(200, server.send("GET", acme, null, acmeKey).statusCode());
        assertEquals(200, server.send("GET", API + "beta/records/contacts?limit=1", null, betaKey).statusCode());
        for (String[] denied : new String[][] {{null, "401"}, {"not-a-key", "401"},
            {acmeKey.substring(0, acmeKey.length() - 2) + "xx", "401"}, {"hsk_0000000000000000_x", "401"},
            {betaKey, "403"}}) {
            HttpResponse<String> r = server.send("GET", acme, null, denied[0]);
            assertEquals(Integer.parseInt(denied[1]), r.statusCode(), denied[0] + ": " + r.body());
            assertFalse(r.body().contains("\"results\""), r.body());
        }
        // a key counts only in the Authorization header, not as a query parameter (platform-http makes them headers
        // too), nor does a query parameter override the header or the connection of the path
        for (String key : new String[] {ServerFixture.API_KEY, acmeKey}) {
            HttpResponse<String> r = server.send("GET", acme + "&Authorization="
                    + URLEncoder.encode("Bearer " + key, StandardCharsets.UTF_8), null, null);
            assertEquals(401, r.statusCode(), r.body());
            assertFalse(r.body().contains("\"results\""), r.body());
        }
        HttpResponse<String> upgraded = server.send("GET", acme + "&Authorization="
                + URLEncoder.encode("Bearer " + ServerFixture.API_KEY, StandardCharsets.UTF_8), null, betaKey);
        assertEquals(403, upgraded.statusCode(), upgraded.body());
        HttpResponse<String> renamed = server.send("GET", API + "beta/records/contacts?limit=1&name=acme", null, acmeKey);
        assertEquals(403, renamed.statusCode(), renamed.body());
        assertFalse(renamed.body().contains("\"results\""), renamed.body());
        // another connection's key learns nothing about connections: 403 whether or not one exists
        assertEquals(403, server.send("GET", API + "ghost/records/contacts", null, acmeKey).statusCode());
        // read keys do not reach the admin API, nor make more keys
        assertEquals(401, server.send("GET", "/api/v1/connections", null, acmeKey).statusCode());
        assertEquals(401, server.send("POST", API + "acme/api-keys", null, acmeKey).statusCode());

        // stored as its hash only; deleting the connection deletes its keys
        assertEquals(0, server.sync.count("SELECT COUNT(*) FROM connection_api_keys WHERE key_hash LIKE '%"
                + acmeKey.substring(acmeKey.lastIndexOf('_') + 1) + "%'"));
        assertEquals(200, server.admin("DELETE", "/acme", null).statusCode());
        assertEquals(0, server.sync.count("SELECT COUNT(*) FROM connection_api_keys WHERE connection_id = 'acme'"));
        assertEquals(401, server.send("GET", acme, null, acmeKey).statusCode());
        assertEquals(1, server.sync.count("SELECT COUNT(*) FROM connection_api_keys WHERE connection_id = 'beta'"));

        // no answer but the one that issued it shows a key
        long showing = server.answers.stream().filter(r -> r.body().contains(acmeKey)).count();
        assertEquals(1, showing);
        assertFalse(server.anyAnswerContains(betaKey));
        assertFalse(server.anyAnswerContains(ServerFixture.API_KEY));
    }

    @Test
    void aMethodAPathDoesNotTakeIsA405NamingThoseItTakes() throws Exception {
        long records = server.records("acme");
        String[][] wrong = {{"POST", API + "acme/records/contacts", "GET"}, {"PUT", API + "acme/records/contacts", "GET"},
            {"DELETE", API + "acme/records/contacts", "GET"}, {"PATCH", API + "acme/records/contacts", "GET"},
            {"GET", API + "acme/api-keys", "POST"}, {"DELETE", API + "acme/api-keys", "POST"}};
        for (String[] call : wrong) {
            HttpResponse<String> r = server.send(call[0], call[1], call[0].equals("GET") || call[0].equals("DELETE")
                    ? null : "{}", ServerFixture.API_KEY);
            String what = call[0] + " " + call[1] + ": " + r.body();
            assertEquals(405, r.statusCode(), what);
            assertEquals(call[2], r.headers().firstValue("Allow").orElse(null), what);
            assertEquals("method_not_allowed", ServerFixture.json(r).get("error").asText(), what);
            assertFalse(r.body().contains("\"results\""), what);
        }
        assertEquals(0, server.sync.count("SELECT COUNT(*) FROM connection_api_keys"));
        assertEquals(records, server.records("acme"), "nothing deleted");
        server.assertAnswersHardened();
    }

    /** {@code hubsync connections api-key NAME} on the test's database: the key it printed. */
    private String cliApiKey(String name) throws Exception {
        Path config = Files.createTempFile(Path.of("target"), "records-api", ".properties");
        Files.writeString(config, "db.url = " + server.sync.dbUrl + "\ndb.token-key = " + ServerFixture.TOKEN_KEY + "\n");
        io.hubsync.CommandRun run = io.hubsync.CommandRun.of(CommandLine.defaultFactory(), "connections", config, "api-key", name);
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("shown once"), run.err());
        assertEquals(2, io.hubsync.CommandRun.of(CommandLine.defaultFactory(), "connections", config, "api-key", "ghost").code());
        return run.out().trim();
    }
}
