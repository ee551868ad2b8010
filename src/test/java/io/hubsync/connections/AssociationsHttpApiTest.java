package io.hubsync.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubsync.auth.PostgresSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Associations over real HTTP (docs/records-api.md): {@code include=associations} answers each record's
 * live rows from its side, grouped by to-type, ended ones absent; {@code /associations} pages every
 * change by change_seq, ended ones included, and from the last cursor only what changed since. The rows
 * are written with SQL beside 30 contacts a sync stored. Both queries run on H2 and on PostgreSQL (a
 * schema of its own at 127.0.0.1:5432; skipped, saying why, where none answers).
 */
class AssociationsHttpApiTest {
    private static final String API = "/api/v1/connections/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private ServerFixture server;
    private List<String> contacts;
    private String schema;

    /** The server on H2 ({@code h2}) or PostgreSQL ({@code postgresql}), 30 contacts synced, no associations. */
    void start(String database) throws Exception {
        Map<String, String> settings = Map.of();
        if (database.equals("postgresql")) {
            schema = PostgresSchema.create();
            settings = Map.of("db.url", PostgresSchema.SERVER + "?currentSchema=" + schema, "db.user", PostgresSchema.USER);
        }
        server = new ServerFixture(c -> c.contacts = 30, settings);
        HttpResponse<String> added = server.admin("POST", "", "{\"name\":\"acme\",\"token\":\"" + server.emu.token + "\"}");
        assertEquals(201, added.statusCode(), added.body());
        server.sync.runOnce();
        contacts = new ArrayList<>();
        readRecords("").forEach(r -> contacts.add(r.get("id").asText()));
        assertEquals(30, contacts.size());
        execute("DELETE FROM associations");
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (schema != null) {
            PostgresSchema.drop(schema);
        }
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void includeAnswersEachRecordsLiveAssociationsByToType(String database) throws Exception {
        start(database);
        String first = contacts.get(0);
        String second = contacts.get(1);
        String onLaterPage = contacts.get(25);
        insert("contacts", first, "companies", 5001, 1, "Primary", null);
        insert("contacts", first, "companies", 5001, 279, null, null);
        insert("contacts", first, "companies", 5002, 279, null, null);
        insert("contacts", first, "deals", 7001, 4, null, null);
        insert("contacts", first, "companies", 5009, 279, null, "REMOVED");
        insert("contacts", second, "companies", 5003, 279, null, "ARCHIVED");
        insert("contacts", onLaterPage, "companies", 5004, 1, "Primary", null);
        // the same id as another type's from side, and another connection's row: neither is a contact's
        insert("companies", contacts.get(2), "contacts", 1, 2, "Primary", null);
        insertFor("beta", "contacts", first, "companies", 5005, 1, "Primary", null);

        // one associations query a page, not one a record: 30 records in pages of 10 (H2 counts each statement;
        // the query is the same on PostgreSQL)
        boolean h2 = database.equals("h2");
        if (h2) {
            execute("SET QUERY_STATISTICS TRUE");
        }
        Map<String, JsonNode> byId = new TreeMap<>();
        readRecords("include=associations").forEach(r -> byId.put(r.get("id").asText(), r.get("associations")));
        assertEquals(30, byId.size());
        if (h2) {
            assertEquals(3, associationQueries(), "one associations query for each of the 3 pages");
        }
        assertEquals(JSON.readTree("""
                {"companies": [
                  {"id": "5001", "types": [
                    {"typeId": 1, "category": "HUBSPOT_DEFINED", "label": "Primary"},
                    {"typeId": 279, "category": "HUBSPOT_DEFINED", "label": null}]},
                  {"id": "5002", "types": [{"typeId": 279, "category": "HUBSPOT_DEFINED", "label": null}]}],
                 "deals": [{"id": "7001", "types": [{"typeId": 4, "category": "HUBSPOT_DEFINED", "label": null}]}]}
                """), byId.get(first));
        assertEquals(JSON.readTree("{}"), byId.get(second), "an ended association is not answered");
        assertEquals(JSON.readTree("{}"), byId.get(contacts.get(2)), "only rows from the record's own type");
        assertEquals(JSON.readTree("{\"companies\":[{\"id\":\"5004\",\"types\":[{\"typeId\":1,"
                + "\"category\":\"HUBSPOT_DEFINED\",\"label\":\"Primary\"}]}]}"), byId.get(onLaterPage));
        assertEquals(28, byId.values().stream().filter(a -> a.isEmpty()).count());

        // without include no record has the key
        readRecords("").forEach(r -> assertTrue(r.path("associations").isMissingNode(), r.toString()));
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void theFeedPagesEveryChangeThenOnlyWhatChangedSince(String database) throws Exception {
        start(database);
        String first = contacts.get(0);
        insert("contacts", first, "companies", 5001, 1, "Primary", null);
        insert("contacts", first, "companies", 5002, 279, null, null);
        insert("contacts", contacts.get(1), "companies", 5003, 279, null, "REMOVED");
        insert("deals", "9001", "contacts", Long.parseLong(first), 3, null, null);
        insert("tickets", "9101", "companies", 5001, 26, "Primary", "MERGED");
        insertFor("beta", "contacts", first, "companies", 5005, 1, "Primary", null);

        List<JsonNode> all = readFeed("", 2);
        assertEquals(5, all.size(), "every row of acme, ended ones too, none of beta's");
        JsonNode removed = all.get(2);
        assertEquals("contacts", removed.get("fromType").asText());
        assertEquals(contacts.get(1), removed.get("fromId").asText());
        assertEquals("5003", removed.get("toId").asText());
        assertEquals("REMOVED", removed.get("deleted").asText());
        assertEquals("MERGED", all.get(4).get("deleted").asText());
        assertTrue(all.get(0).get("deleted").isNull());
        assertEquals(1, all.get(0).get("typeId").asInt());
        assertEquals("Primary", all.get(0).get("label").asText());
        assertTrue(all.get(0).get("syncedAt").asText().endsWith("Z"), all.get(0).toString());
        String cursor = all.get(all.size() - 1).get("changeSeq").asText();

        assertEquals(0, readFeed("cursor=" + cursor, 100).size(), "nothing changed since");
        execute("UPDATE associations SET deleted = 'REMOVED', change_seq = nextval('record_change_seq') "
                + "WHERE connection_id = 'acme' AND to_id = 5002");
        insert("contacts", first, "companies", 5006, 279, null, null);
        List<JsonNode> changed = readFeed("cursor=" + cursor, 100);
        assertEquals(2, changed.size(), changed.toString());
        assertEquals("5002", changed.get(0).get("toId").asText());
        assertEquals("REMOVED", changed.get(0).get("deleted").asText());
        assertEquals("5006", changed.get(1).get("toId").asText());
        assertTrue(changed.get(1).get("deleted").isNull());
    }

    @Test
    void badParametersAndKeysAreAnsweredAsTheRecordsApiAnswersThem() throws Exception {
        start("h2");
        HttpResponse<String> bad = server.send("GET", API + "acme/records/contacts?include=owners", null, ServerFixture.API_KEY);
        assertEquals(400, bad.statusCode(), bad.body());
        JsonNode error = ServerFixture.json(bad);
        assertEquals("include", error.get("field").asText());
        assertTrue(error.get("message").asText().contains("associations"), bad.body());
        assertEquals(400, server.send("GET", API + "acme/records/contacts?include=associations,x", null,
                ServerFixture.API_KEY).statusCode());
        assertEquals(400, server.send("GET", API + "acme/associations?limit=0", null, ServerFixture.API_KEY).statusCode());
        assertEquals(400, server.send("GET", API + "acme/associations?cursor=abc", null, ServerFixture.API_KEY).statusCode());
        HttpResponse<String> unknown = server.send("GET", API + "acme/associations?include=associations", null,
                ServerFixture.API_KEY);
        assertEquals(400, unknown.statusCode());
        assertEquals("include", ServerFixture.json(unknown).get("field").asText());
        assertEquals(404, server.send("GET", API + "ghost/associations", null, ServerFixture.API_KEY).statusCode());
        assertEquals(401, server.send("GET", API + "acme/associations", null, null).statusCode());
        assertEquals(401, server.send("GET", API + "acme/records/contacts?include=associations", null, null).statusCode());
        String acmeKey = ServerFixture.json(server.admin("POST", "/acme/api-keys", null)).get("key").asText();
        assertEquals(200, server.send("GET", API + "acme/associations", null, acmeKey).statusCode());
        assertEquals(200, server.send("GET", API + "acme/records/contacts?include=associations", null, acmeKey).statusCode());
        assertEquals(403, server.send("GET", API + "other/associations", null, acmeKey).statusCode());
        server.assertAnswersHardened();
    }

    private List<JsonNode> readRecords(String query) {
        return readAll("acme/records/contacts", query, 10);
    }

    private List<JsonNode> readFeed(String query, int limit) {
        return readAll("acme/associations", query, limit);
    }

    /** Every item of the path, page by page, ascending by changeSeq; the query's own cursor only for the first page. */
    private List<JsonNode> readAll(String path, String query, int limit) {
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        long lastSeq = 0;
        do {
            HttpResponse<String> r = server.send("GET", API + path + "?limit=" + limit
                    + (query.isEmpty() ? "" : "&" + query) + (cursor == null ? "" : "&cursor=" + cursor), null,
                    ServerFixture.API_KEY);
            assertEquals(200, r.statusCode(), r.body());
            JsonNode page = ServerFixture.json(r);
            for (JsonNode item : page.get("results")) {
                assertTrue(item.get("changeSeq").asLong() > lastSeq, "ascending by changeSeq");
                lastSeq = item.get("changeSeq").asLong();
                out.add(item);
            }
            JsonNode next = page.path("paging").path("next").path("cursor");
            cursor = next.isMissingNode() ? null : next.asText();
            query = cursor == null ? query : query.replaceAll("cursor=[0-9]+&?", "");
        } while (cursor != null);
        return out;
    }

    private void insert(String fromType, String fromId, String toType, long toId, int typeId, String label, String deleted)
            throws SQLException {
        insertFor("acme", fromType, fromId, toType, toId, typeId, label, deleted);
    }

    private void insertFor(String connection, String fromType, String fromId, String toType, long toId, int typeId,
                           String label, String deleted) throws SQLException {
        try (Connection c = server.sync.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO associations (connection_id, from_type, from_id, "
                     + "to_type, to_id, type_id, category, label, deleted, change_seq, synced_at) VALUES "
                     + "(?, ?, ?, ?, ?, ?, 'HUBSPOT_DEFINED', ?, ?, nextval('record_change_seq'), ?)")) {
            s.setString(1, connection);
            s.setString(2, fromType);
            s.setLong(3, Long.parseLong(fromId));
            s.setString(4, toType);
            s.setLong(5, toId);
            s.setInt(6, typeId);
            s.setString(7, label);
            s.setString(8, deleted);
            s.setTimestamp(9, Timestamp.from(Instant.now()));
            s.executeUpdate();
        }
    }

    /** How often H2 ran the page's associations query (its statement names from_id IN). */
    private long associationQueries() throws SQLException {
        try (Connection c = server.sync.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT SQL_STATEMENT, EXECUTION_COUNT FROM "
                     + "INFORMATION_SCHEMA.QUERY_STATISTICS");
             java.sql.ResultSet r = s.executeQuery()) {
            long n = 0;
            while (r.next()) {
                String sql = r.getString(1);
                if (sql.contains("FROM associations") && sql.contains("from_id IN")) {
                    n += r.getLong(2);
                }
            }
            return n;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = server.sync.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.executeUpdate();
        }
    }
}
