package io.hubsync.store;

import io.hubsync.auth.PostgresSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On PostgreSQL the writer analyzes a records table whose statistics lag far behind its rows (a bulk
 * load into a fresh database), so that lookups by id are planned on the primary key; and it leaves
 * a table alone that was analyzed since.
 */
class RecordStatisticsTest {
    private String schema;
    private DataSource ds;

    @AfterEach
    void close() throws Exception {
        if (ds != null) {
            ((AutoCloseable) ds).close();
        }
        if (schema != null) {
            PostgresSchema.drop(schema);
        }
    }

    @Test
    void aTableNeverAnalyzedAfterABulkLoadIsAnalyzedOnceAndItsLookupsUseThePrimaryKey() throws Exception {
        schema = PostgresSchema.create();
        ds = Database.open(PostgresSchema.SERVER + "?currentSchema=" + schema, PostgresSchema.USER, "", 2);
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("INSERT INTO records (connection_id, object_type, id, properties, "
                    + "last_modified, archived, change_seq, synced_at) SELECT 'c', 'contacts', g, '{}', "
                    + "CURRENT_TIMESTAMP, FALSE, nextval('record_change_seq'), CURRENT_TIMESTAMP "
                    + "FROM generate_series(1, 20000) g");
            assertEquals(-1, reltuples(c));
            // without statistics the planner takes the pair's equalities for one row: it reads the pair's
            // rows and filters them by id (the index condition has no id)
            String before = lookupPlan(c);
            assertFalse(before.contains("AND (id = "), before);

            // the statistics collector reports the inserted rows within about a second
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> new RecordStatistics().refreshIfStale(c));
            assertEquals(20000, reltuples(c));
            // each id is then a probe of the primary key, not a pass over the pair's 20,000 rows
            String after = lookupPlan(c);
            assertTrue(after.contains("AND (id = "), after);
            // analyzed now: nothing more to do, even for a writer that has not tried yet
            assertFalse(new RecordStatistics().refreshIfStale(c));
        }
    }

    private static long reltuples(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT reltuples FROM pg_class WHERE oid = "
                + "'records'::regclass")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The plan of a page's version lookup on PostgreSQL (RecordVersionRepository.storedVersions), of 3 ids. */
    private static String lookupPlan(Connection c) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (java.sql.PreparedStatement ps = c.prepareStatement("EXPLAIN " + RecordVersionRepository.POSTGRES_LOOKUP)) {
            ps.setString(1, "c");
            ps.setString(2, "contacts");
            ps.setArray(3, c.createArrayOf("bigint", new Long[] {10L, 11L, 12L}));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }
}
