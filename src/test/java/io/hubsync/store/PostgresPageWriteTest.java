package io.hubsync.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubsync.auth.PostgresSchema;
import io.hubsync.core.HubSpotPage;
import io.hubsync.core.SyncRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The writer's path on PostgreSQL (docs/performance.md, "On PostgreSQL"): a page's records go in one
 * statement, not a statement per row, and that statement keeps rule 5 (docs/behavior.md) as the row
 * batch did: newer versions replace, older and equal ones change nothing, a page that lists an id twice
 * keeps its newest version, and an id stored since the lookup is upserted, not lost.
 */
class PostgresPageWriteTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private String schema;
    private DataSource ds;
    /** The SQL of every statement the writer prepared or ran through {@link #recording}. */
    private final List<String> statements = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void open() {
        schema = PostgresSchema.create();
        ds = Database.open(PostgresSchema.SERVER + "?currentSchema=" + schema, PostgresSchema.USER, "", 2);
    }

    @AfterEach
    void close() throws Exception {
        ((AutoCloseable) ds).close();
        PostgresSchema.drop(schema);
    }

    @Test
    void aPageOfRecordsIsOneStatementNotOneRowEach() throws Exception {
        RecordWriter writer = writer();
        writer.writeRecords(run(), page(200, 1, "2026-01-01T00:00:00.123Z", "first"));
        assertEquals(200, count("SELECT COUNT(*) FROM records"));
        List<String> writes = recordWrites();
        assertEquals(1, writes.size(), "one statement for the page's 200 new records: " + writes);
        assertTrue(writes.get(0).contains(PostgresRecordRows.ROWS), writes.get(0));

        // the same ids in a newer version: one upsert
        statements.clear();
        writer.writeRecords(run(), page(200, 1, "2026-01-02T00:00:00Z", "second"));
        writes = recordWrites();
        assertEquals(1, writes.size(), writes.toString());
        assertTrue(writes.get(0).contains("ON CONFLICT"), writes.get(0));
        assertEquals(200, count("SELECT COUNT(*) FROM records WHERE properties LIKE '%second%'"));
        assertEquals("second|null", row(1));
        assertTrue(row(200).startsWith("second"));
        // the stored version to the millisecond, and created_at as HubSpot sent it
        assertEquals(Instant.parse("2026-01-02T00:00:00Z").toEpochMilli(), millis("SELECT MAX(last_modified) FROM records"));
        assertEquals(Instant.parse("2025-06-01T10:00:00.5Z").toEpochMilli(), millis("SELECT MIN(created_at) FROM records"));
    }

    @Test
    void olderAndEqualVersionsChangeNothingAndArchivedRevivesWhileMergedStays() throws Exception {
        RecordWriter writer = writer();
        writer.writeRecords(run(), page(3, 1, "2026-01-02T00:00:00Z", "stored"));
        long seq = count("SELECT MAX(change_seq) FROM records");
        // the writer's own lookup skips these: the statement itself must too (a writer that raced it)
        try (Connection c = ds.getConnection()) {
            PostgresRecordRows.upsert(c, "default", "contacts", page(3, 1, "2026-01-01T00:00:00Z", "older").results,
                    List.of("{\"v\":\"older\"}", "{\"v\":\"older\"}", "{\"v\":\"older\"}"), now());
            PostgresRecordRows.upsert(c, "default", "contacts", page(3, 1, "2026-01-02T00:00:00Z", "equal").results,
                    List.of("{\"v\":\"equal\"}", "{\"v\":\"equal\"}", "{\"v\":\"equal\"}"), now());
        }
        assertEquals(seq, count("SELECT MAX(change_seq) FROM records"), "nothing changed, not even change_seq");
        assertEquals(3, count("SELECT COUNT(*) FROM records WHERE properties LIKE '%stored%' AND first_seq IS NULL"));

        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("UPDATE records SET deleted = 'ARCHIVED', archived = TRUE WHERE id = 1");
            c.createStatement().execute("UPDATE records SET deleted = 'MERGED' WHERE id = 2");
            PostgresRecordRows.upsert(c, "default", "contacts", page(3, 1, "2026-01-03T00:00:00Z", "newer").results,
                    List.of("{\"v\":\"newer\"}", "{\"v\":\"newer\"}", "{\"v\":\"newer\"}"), now());
        }
        assertEquals("newer|null", row(1), "ARCHIVED revives");
        assertEquals("stored|MERGED", row(2), "MERGED stays");
        assertEquals("newer|null", row(3));
        assertEquals(2, count("SELECT COUNT(*) FROM records WHERE first_seq IS NOT NULL"), "first_seq kept on update");
    }

    @Test
    void aPageListingAnIdTwiceKeepsItsNewestVersion() throws Exception {
        HubSpotPage twice = JSON.readValue("{\"results\":["
                + record(5, "2026-01-02T00:00:00Z", "newest") + "," + record(5, "2026-01-01T00:00:00Z", "older") + ","
                + record(6, "2026-01-01T00:00:00Z", "six") + "]}", HubSpotPage.class);
        writer().writeRecords(run(), twice);
        assertEquals("newest|null", row(5));
        assertEquals("six|null", row(6));
        // and once stored, the same page again (both copies now in the upsert) changes nothing
        long seq = count("SELECT MAX(change_seq) FROM records");
        writer().writeRecords(run(), twice);
        assertEquals(seq, count("SELECT MAX(change_seq) FROM records"));
    }

    @Test
    void aRecordStoredSinceTheLookupFailsTheInsertSoTheWriterUpserts() throws Exception {
        try (Connection c = ds.getConnection()) {
            PostgresRecordRows.insert(c, "default", "contacts", page(1, 9, "2026-01-01T00:00:00Z", "x").results,
                    List.of("{\"v\":\"x\"}"), now());
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () ->
                    PostgresRecordRows.insert(c, "default", "contacts", page(1, 9, "2026-01-02T00:00:00Z", "y").results,
                            List.of("{\"v\":\"y\"}"), now()));
            // RecordWriter rolls back to its savepoint on this state and upserts the page's records
            assertEquals("23505", e.getSQLState());
        }
    }

    private RecordWriter writer() {
        DataSource recording = recording(ds);
        Leases leases = new Leases(recording, "60s");
        return new RecordWriter(recording, new RecordVersionRepository(recording),
                new CheckpointStore(recording, "0s", leases));
    }

    private static SyncRun run() {
        return new SyncRun("default", "contacts", "lastmodifieddate", Instant.now());
    }

    private static java.sql.Timestamp now() {
        return new java.sql.Timestamp(System.currentTimeMillis());
    }

    /** The statements that wrote records (not the lock, the lookups, the statistics). */
    private List<String> recordWrites() {
        List<String> out = new ArrayList<>();
        for (String s : statements) {
            if (s.startsWith("INSERT INTO records") || s.startsWith("MERGE") || s.startsWith("COPY")) {
                out.add(s);
            }
        }
        return out;
    }

    private static HubSpotPage page(int n, long firstId, String updatedAt, String value) throws Exception {
        StringBuilder json = new StringBuilder("{\"results\":[");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",").append(record(firstId + i, updatedAt, value));
        }
        return JSON.readValue(json.append("]}").toString(), HubSpotPage.class);
    }

    /** A record whose properties need quoting and escaping in any text encoding. */
    private static String record(long id, String updatedAt, String value) {
        return "{\"id\":\"" + id + "\",\"properties\":{\"v\":\"" + value + "\",\"note\":\"tab\\there, \\\"quoted\\\", "
                + "back\\\\slash\\nnew line, {braces}, NULL\"},\"createdAt\":\"2025-06-01T10:00:00.500Z\","
                + "\"updatedAt\":\"" + updatedAt + "\",\"archived\":false}";
    }

    private String row(long id) throws SQLException {
        try (Connection c = ds.getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT properties, deleted FROM records WHERE id = " + id)) {
            assertTrue(rs.next());
            var props = JSON.readTree(rs.getString(1));
            // the escaped characters came through as HubSpot sent them (the pages' records have them)
            if (props.has("note")) {
                assertEquals("tab\there, \"quoted\", back\\slash\nnew line, {braces}, NULL", props.get("note").asText());
            }
            return props.get("v").asText() + "|" + rs.getString(2);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long millis(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getTimestamp(1).getTime();
        }
    }

    /** The data source, its connections recording the SQL of every statement prepared, run or copied. */
    private DataSource recording(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, m, args) -> {
                    Object r = invoke(target, m, args);
                    if (r instanceof Connection c) {
                        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                                (p2, m2, a2) -> {
                                    if (a2 != null && a2.length > 0 && a2[0] instanceof String sql
                                            && (m2.getName().startsWith("prepare"))) {
                                        statements.add(sql);
                                    }
                                    return invoke(c, m2, a2);
                                });
                    }
                    return r;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
