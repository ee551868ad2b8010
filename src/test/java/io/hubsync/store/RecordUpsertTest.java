package io.hubsync.store;

import io.hubsync.auth.PostgresSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The writer's upsert of newer versions, as each database runs it: MERGE on H2 (RecordWriter), INSERT … ON
 * CONFLICT … DO UPDATE … WHERE over the page's rows as arrays on PostgreSQL (PostgresRecordRows). Its condition is the last guard of docs/behavior.md rule 5
 * should two writers race on one record: an older or an equal version never overwrites the stored one,
 * a MERGED or GDPR tombstone stays final, an ARCHIVED one is revived by a newer version. On PostgreSQL
 * the upsert must also find the stored row by its primary key on a table never analyzed (the cause of
 * the 82 records/s incremental in docs/performance.md).
 */
class RecordUpsertTest {
    private final List<AutoCloseable> closeLater = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeLater) {
            c.close();
        }
    }

    @Test
    void h2MergeKeepsTheNewestVersion() throws Exception {
        DataSource ds = Database.open("jdbc:h2:mem:upsert-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
        closeLater.add((AutoCloseable) ds);
        assertNewestVersionKept(ds, (c, id, lastModified, properties) -> {
            try (PreparedStatement ps = c.prepareStatement(RecordWriter.mergeSql())) {
                bind(ps, id, lastModified, properties);
                ps.executeUpdate();
            }
        });
    }

    @Test
    void postgresUpsertKeepsTheNewestVersion() throws Exception {
        DataSource ds = postgres();
        assertNewestVersionKept(ds, (c, id, lastModified, properties) -> {
            io.hubsync.core.HubSpotObject o = new io.hubsync.core.HubSpotObject();
            o.id = Long.toString(id);
            o.createdAt = "1970-01-01T00:00:00Z";
            o.updatedAt = java.time.Instant.ofEpochMilli(lastModified).toString();
            // in a transaction, as the writer runs it
            c.setAutoCommit(false);
            PostgresRecordRows.upsert(c, "c", "contacts", List.of(o), List.of(properties),
                    new Timestamp(System.currentTimeMillis()));
            c.commit();
            c.setAutoCommit(true);
        });
    }

    @Test
    void postgresUpsertFindsTheRowByItsKeyOnATableNeverAnalyzed() throws Exception {
        DataSource ds = postgres();
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("INSERT INTO records (connection_id, object_type, id, properties, "
                    + "last_modified, archived, change_seq, synced_at) SELECT 'c', 'contacts', g, '{}', "
                    + "TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00', FALSE, nextval('record_change_seq'), "
                    + "CURRENT_TIMESTAMP FROM generate_series(1, 5000) g");
            try (ResultSet rs = c.createStatement().executeQuery("SELECT reltuples FROM pg_class WHERE oid = "
                    + "'records'::regclass")) {
                rs.next();
                // -1: never analyzed, the planner has no statistics (as right after a backfill)
                assertEquals(-1, rs.getLong(1));
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) "
                    + PostgresRecordRows.UPSERT)) {
                ps.setString(1, "c");
                ps.setString(2, "contacts");
                ps.setTimestamp(3, new Timestamp(System.currentTimeMillis()));
                ps.setArray(4, c.createArrayOf("bigint", new Long[] {2500L, 2501L}));
                ps.setArray(5, c.createArrayOf("varchar", new String[] {"{\"v\":\"new\"}", "{\"v\":\"new\"}"}));
                ps.setArray(6, c.createArrayOf("bigint", new Long[] {0L, 0L}));
                ps.setArray(7, c.createArrayOf("bigint", new Long[] {2_000_000_000_000_000L, 2_000_000_000_000_000L}));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    String plan = rs.getString(1);
                    // no scan of the pair's rows: MERGE's plan on such a table takes records_by_change
                    // (connection_id, object_type, change_seq) and filters 4,999 rows out to find one
                    assertTrue(!plan.contains("records_by_change")
                            && !plan.matches("(?s).*\"Rows Removed by Filter\": [1-9].*"), plan);
                }
            } finally {
                c.rollback();
            }
        }
    }

    private DataSource postgres() throws SQLException {
        String schema = PostgresSchema.create();
        closeLater.add(() -> PostgresSchema.drop(schema));
        DataSource ds = Database.open(PostgresSchema.SERVER + "?currentSchema=" + schema, PostgresSchema.USER, "", 2);
        closeLater.add(0, (AutoCloseable) ds);
        return ds;
    }

    /** One database's upsert of one version of record {@code id} of connection c's contacts. */
    @FunctionalInterface
    private interface Upsert {
        void run(Connection c, long id, long lastModified, String properties) throws SQLException;
    }

    private static void assertNewestVersionKept(DataSource ds, Upsert sql) throws SQLException {
        try (Connection c = ds.getConnection()) {
            upsert(c, sql, 7, 2000, "{\"v\":\"first\"}");
            Row first = row(c, 7);
            assertEquals("{\"v\":\"first\"}", first.properties);
            assertNull(first.firstSeq);

            // an older version: nothing changes, not even change_seq
            upsert(c, sql, 7, 1000, "{\"v\":\"older\"}");
            assertEquals(first, row(c, 7));
            // an equal version: nothing changes either
            upsert(c, sql, 7, 2000, "{\"v\":\"equal\"}");
            assertEquals(first, row(c, 7));

            // a newer version replaces it; first_seq keeps the change_seq of the first stored version
            upsert(c, sql, 7, 3000, "{\"v\":\"newer\"}");
            Row newer = row(c, 7);
            assertEquals("{\"v\":\"newer\"}", newer.properties);
            assertEquals(3000, newer.lastModified);
            assertTrue(newer.changeSeq > first.changeSeq);
            assertEquals(first.changeSeq, newer.firstSeq);

            // an ARCHIVED tombstone is revived by a newer version, a MERGED one stays final
            c.createStatement().execute("UPDATE records SET deleted = 'ARCHIVED', archived = TRUE WHERE id = 7");
            upsert(c, sql, 7, 4000, "{\"v\":\"restored\"}");
            assertNull(row(c, 7).deleted);
            c.createStatement().execute("UPDATE records SET deleted = 'MERGED' WHERE id = 7");
            Row merged = row(c, 7);
            upsert(c, sql, 7, 9000, "{\"v\":\"after merge\"}");
            assertEquals(merged, row(c, 7));
        }
    }

    private record Row(String properties, long lastModified, long changeSeq, Long firstSeq, String deleted) { }

    private static Row row(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT properties, last_modified, change_seq, first_seq, deleted "
                + "FROM records WHERE connection_id = 'c' AND object_type = 'contacts' AND id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                long firstSeq = rs.getLong(4);
                Long first = rs.wasNull() ? null : firstSeq;
                return new Row(rs.getString(1), rs.getTimestamp(2).getTime(), rs.getLong(3), first, rs.getString(5));
            }
        }
    }

    private static void upsert(Connection c, Upsert sql, long id, long lastModified, String properties)
            throws SQLException {
        sql.run(c, id, lastModified, properties);
    }

    /** The parameters in the H2 writer's order (RecordWriter.batch). */
    private static void bind(PreparedStatement ps, long id, long lastModified, String properties) throws SQLException {
        ps.setString(1, "c");
        ps.setString(2, "contacts");
        ps.setLong(3, id);
        ps.setString(4, properties);
        ps.setTimestamp(5, new Timestamp(0));
        ps.setTimestamp(6, new Timestamp(lastModified));
        ps.setTimestamp(7, new Timestamp(System.currentTimeMillis()));
    }
}
