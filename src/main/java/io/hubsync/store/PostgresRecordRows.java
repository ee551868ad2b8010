package io.hubsync.store;

import io.hubsync.core.HubSpotObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's writes of one page's records for {@link RecordWriter}: ONE statement per page, its rows
 * passed as four arrays that {@code unnest} turns back into rows, in place of a JDBC batch of a row per
 * statement (H2 keeps its batch and MERGE): PostgreSQL plans and runs one statement for 100 or 200
 * rows instead of one per row, and its text is the same for every page, so pgjdbc prepares it once per
 * connection (the batch against this: docs/performance.md, "One statement a page"). The times go as
 * epoch microseconds (PostgreSQL's resolution), exact and cheaper to send than timestamps as text.
 *
 * <p>The upsert is {@code INSERT … ON CONFLICT … DO UPDATE … WHERE}: ON CONFLICT finds a stored row by
 * probing its arbiter, the primary key, whatever the statistics say (a MERGE's join on a table never
 * analyzed scanned the pair's rows, docs/performance.md); the WHERE is rule 5 (docs/behavior.md): an
 * older or equal version, or a MERGED or GDPR tombstone, leaves the row as it is, ARCHIVED revives.
 */
final class PostgresRecordRows {
    private static final String FROM_MICROS = "TIMESTAMP WITH TIME ZONE 'epoch' + %s * INTERVAL '1 microsecond'";
    /** What tells the statement that writes the rows (PostgresPageWriteTest checks it is the one used). */
    static final String ROWS = "FROM unnest(";
    private static final String INSERT = "INSERT INTO records AS t (connection_id, object_type, id, properties, "
            + "created_at, last_modified, archived, change_seq, synced_at) SELECT ?, ?, u.id, u.properties, "
            + String.format(FROM_MICROS, "u.created_at") + ", " + String.format(FROM_MICROS, "u.last_modified")
            + ", FALSE, nextval('record_change_seq'), ? " + ROWS + "?::bigint[], ?::varchar[], ?::bigint[], "
            + "?::bigint[]) AS u(id, properties, created_at, last_modified)";
    /**
     * first_seq keeps the change_seq of the first stored version (SET reads the old row), which tells the
     * records API added from updated.
     */
    static final String UPSERT = INSERT + " ON CONFLICT (connection_id, object_type, id) DO UPDATE SET "
            + "properties = EXCLUDED.properties, created_at = EXCLUDED.created_at, last_modified = EXCLUDED.last_modified, "
            + "archived = FALSE, archived_at = NULL, merged_into = NULL, deleted = NULL, "
            + "first_seq = COALESCE(t.first_seq, t.change_seq), change_seq = nextval('record_change_seq'), "
            + "synced_at = EXCLUDED.synced_at "
            + "WHERE t.last_modified < EXCLUDED.last_modified AND (t.deleted IS NULL OR t.deleted = 'ARCHIVED')";

    private PostgresRecordRows() { }

    /**
     * New records: a plain INSERT. An id stored since the writer looked fails it with a unique-key
     * violation (SQLSTATE 23505), as the batch did; the writer then upserts the page.
     */
    static void insert(Connection c, String connectionId, String objectType, List<HubSpotObject> records,
                       List<String> json, Timestamp synced) throws SQLException {
        write(c, INSERT, connectionId, objectType, records, json, synced);
    }

    /** Newer versions: the idempotent upsert. */
    static void upsert(Connection c, String connectionId, String objectType, List<HubSpotObject> records,
                       List<String> json, Timestamp synced) throws SQLException {
        write(c, UPSERT, connectionId, objectType, records, json, synced);
    }

    /** @param json the properties of each record as the writer stores them, in the records' order */
    private static void write(Connection c, String sql, String connectionId, String objectType,
                              List<HubSpotObject> records, List<String> json, Timestamp synced) throws SQLException {
        // one statement may not change a row twice: of an id a page lists twice, its newest version (the
        // first of equal ones), which is what a batch of a row per statement left
        Map<Long, Integer> newest = new LinkedHashMap<>();
        long[] modified = new long[records.size()];
        for (int i = 0; i < records.size(); i++) {
            modified[i] = micros(records.get(i).updated());
            Integer seen = newest.putIfAbsent(records.get(i).idAsLong(), i);
            if (seen != null && modified[seen] < modified[i]) {
                newest.put(records.get(i).idAsLong(), i);
            }
        }
        int n = newest.size();
        Long[] ids = new Long[n];
        String[] properties = new String[n];
        Long[] created = new Long[n];
        Long[] lastModified = new Long[n];
        int k = 0;
        for (int i : newest.values()) {
            HubSpotObject o = records.get(i);
            Instant createdAt = o.created();
            ids[k] = o.idAsLong();
            properties[k] = json.get(i);
            created[k] = createdAt == null ? null : micros(createdAt);
            lastModified[k] = modified[i];
            k++;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, connectionId);
            ps.setString(2, objectType);
            ps.setTimestamp(3, synced);
            ps.setArray(4, c.createArrayOf("bigint", ids));
            ps.setArray(5, c.createArrayOf("varchar", properties));
            ps.setArray(6, c.createArrayOf("bigint", created));
            ps.setArray(7, c.createArrayOf("bigint", lastModified));
            ps.executeUpdate();
        }
    }

    /** Epoch microseconds: PostgreSQL keeps timestamps to the microsecond. */
    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }
}
