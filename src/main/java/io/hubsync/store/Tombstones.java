package io.hubsync.store;

import io.hubsync.core.HubSpotObject;
import io.hubsync.core.MalformedResponseException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deleted records stay as tombstones readers can see (docs/behavior.md rule 6): {@code deleted} says why
 * (ARCHIVED, MERGED, GDPR), {@code archived} is TRUE for every tombstone (so {@code NOT archived}
 * means live), and every change bumps {@code change_seq}, so readers paging by it see the deletion.
 * Each method works inside the caller's transaction and returns how many rows it changed; a row
 * already in that state is left alone, so applying an event twice changes nothing.
 *
 * <ul>
 * <li>An id never stored gets a tombstone row of its own (properties {@code '{}'}): a reader learns
 *     the id is gone, and a page read before the deletion but written after it cannot bring the
 *     record back (last_modified is the deletion time, so that older version is skipped).</li>
 * <li>ARCHIVED is the only tombstone a newer version lifts (HubSpot restores within 90 days and
 *     stamps the record); {@link #restore} lifts it too, for a record HubSpot lists live again.</li>
 * <li>MERGED and GDPR are final: no later write, stale or not, gives such an id properties back
 *     (RecordVersionRepository reports them as seen in every version). GDPR empties the properties.</li>
 * <li>A weaker tombstone never replaces a stronger one: archive leaves MERGED and GDPR rows alone,
 *     merged leaves GDPR rows alone.</li>
 * </ul>
 */
public final class Tombstones {
    public static final String ARCHIVED = "ARCHIVED";
    public static final String MERGED = "MERGED";
    public static final String GDPR = "GDPR";
    /** Where the surviving record of a merge lists the ids merged into it, ';'-separated (docs/hubspot.md §10). */
    public static final String MERGED_IDS_PROPERTY = HubSpotObject.MERGED_IDS_PROPERTY;

    private static final String KEY = " WHERE connection_id = ? AND object_type = ? AND id = ?";
    private static final String TS = "CAST(? AS TIMESTAMP WITH TIME ZONE)";
    /** A tombstone for an id never stored; nothing when a row exists (the UPDATE of each method handles it). */
    private static final String INSERT = "INSERT INTO records (connection_id, object_type, id, properties, created_at, "
            + "last_modified, archived, archived_at, merged_into, deleted, change_seq, synced_at) "
            + "SELECT CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(32)), CAST(? AS BIGINT), '{}', NULL, " + TS + ", TRUE, "
            + TS + ", CAST(? AS BIGINT), CAST(? AS VARCHAR(16)), nextval('record_change_seq'), " + TS
            + " WHERE NOT EXISTS (SELECT 1 FROM records" + KEY + ")";
    private static final String ARCHIVE = "UPDATE records SET deleted = 'ARCHIVED', archived = TRUE, archived_at = "
            + TS + ", last_modified = GREATEST(last_modified, " + TS + "), change_seq = nextval('record_change_seq'), "
            + "synced_at = " + TS + KEY + " AND deleted IS NULL AND last_modified <= " + TS;
    private static final String MERGE = "UPDATE records SET deleted = 'MERGED', merged_into = ?, archived = TRUE, "
            + "archived_at = COALESCE(archived_at, " + TS + "), change_seq = nextval('record_change_seq'), synced_at = "
            + TS + KEY + " AND (deleted IS NULL OR deleted = 'ARCHIVED' OR (deleted = 'MERGED' AND merged_into <> ?))";
    private static final String PRIVACY = "UPDATE records SET deleted = 'GDPR', properties = '{}', merged_into = NULL, "
            + "archived = TRUE, archived_at = COALESCE(archived_at, " + TS + "), change_seq = nextval('record_change_seq'), "
            + "synced_at = " + TS + KEY + " AND (deleted IS NULL OR deleted <> 'GDPR')";
    // last_modified forgotten: the upsert that follows in the same transaction writes HubSpot's live
    // version whatever its updatedAt (a tombstone of an id never stored carries the deletion time)
    private static final String RESTORE = "UPDATE records SET deleted = NULL, archived = FALSE, archived_at = NULL, "
            + "last_modified = CAST('1970-01-01 00:00:00+00' AS TIMESTAMP WITH TIME ZONE), change_seq = nextval('record_change_seq'), synced_at = " + TS + KEY + " AND deleted = 'ARCHIVED'";
    /** SQLSTATE of a unique-key violation, on H2 and PostgreSQL alike */
    private static final String DUPLICATE_KEY = "23505";

    private final Clock clock;
    private final AssociationRows associations;

    public Tombstones(Clock clock) {
        this.clock = clock;
        this.associations = new AssociationRows(clock);
    }

    /** HubSpot archived these ids at {@code at}; rows that are live (not tombstones yet) become ARCHIVED. */
    public int archive(Connection c, String connectionId, String objectType, Collection<Long> ids, Instant at)
            throws SQLException {
        Map<Long, Instant> each = new LinkedHashMap<>();
        ids.forEach(id -> each.put(id, at));
        return archiveEach(c, connectionId, objectType, each);
    }

    /** {@link #archive} with each id's own archivedAt, as the archived listing gives them. */
    public int archiveEach(Connection c, String connectionId, String objectType, Map<Long, Instant> archivedAt)
            throws SQLException {
        Timestamp now = now();
        return tombstone(c, ARCHIVE, connectionId, objectType, archivedAt, null, ARCHIVED, (ps, id, at) -> {
            ps.setTimestamp(1, at);
            ps.setTimestamp(2, at);
            ps.setTimestamp(3, now);
            key(ps, 4, connectionId, objectType, id);
            // a deletion older than the version stored (a restore came in between, a late webhook) is stale
            ps.setTimestamp(7, at);
        });
    }

    /** These ids were merged into {@code survivor} (by {@code at}); they become MERGED tombstones pointing at it. */
    public int merged(Connection c, String connectionId, String objectType, Collection<Long> ids, long survivor,
                      Instant at) throws SQLException {
        Map<Long, Instant> each = new LinkedHashMap<>();
        ids.stream().filter(id -> id != survivor).forEach(id -> each.put(id, at));
        Timestamp now = now();
        return tombstone(c, MERGE, connectionId, objectType, each, survivor, MERGED, (ps, id, when) -> {
            ps.setLong(1, survivor);
            ps.setTimestamp(2, when);
            ps.setTimestamp(3, now);
            key(ps, 4, connectionId, objectType, id);
            ps.setLong(7, survivor);
        });
    }

    /** GDPR deletion: the properties are removed, the GDPR tombstone stays for good. */
    public int privacyDelete(Connection c, String connectionId, String objectType, Collection<Long> ids, Instant at)
            throws SQLException {
        Map<Long, Instant> each = new LinkedHashMap<>();
        ids.forEach(id -> each.put(id, at));
        Timestamp now = now();
        return tombstone(c, PRIVACY, connectionId, objectType, each, null, GDPR, (ps, id, when) -> {
            ps.setTimestamp(1, when);
            ps.setTimestamp(2, now);
            key(ps, 3, connectionId, objectType, id);
        });
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps, long id, Timestamp at) throws SQLException;
    }

    /** Tombstone rows for the ids never stored, then {@code update} (bound per id) for the rows that exist. */
    private int tombstone(Connection c, String update, String connectionId, String objectType, Map<Long, Instant> each,
                          Long mergedInto, String reason, Binder binder) throws SQLException {
        if (each.isEmpty()) {
            return 0;
        }
        int inserted = insertMissing(c, connectionId, objectType, each, mergedInto, reason);
        int n;
        try (PreparedStatement ps = c.prepareStatement(update)) {
            for (Map.Entry<Long, Instant> e : each.entrySet()) {
                binder.bind(ps, e.getKey(), Timestamp.from(e.getValue()));
                ps.addBatch();
            }
            n = inserted + sum(ps.executeBatch());
        }
        // their associations end with them, in the same transaction (docs/associations.md); a merge
        // first moves those toward the merged-away ids to the survivor, as HubSpot does
        if (mergedInto != null) {
            associations.moveToSurvivor(c, connectionId, objectType, each.keySet(), mergedInto);
        }
        associations.recordsGone(c, connectionId, objectType, each.keySet(), reason);
        return n;
    }

    /** HubSpot lists these ids live again: their ARCHIVED tombstones are lifted (MERGED and GDPR stay). */
    public int restore(Connection c, String connectionId, String objectType, Collection<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        Timestamp now = now();
        try (PreparedStatement ps = c.prepareStatement(RESTORE)) {
            for (Long id : ids) {
                ps.setTimestamp(1, now);
                key(ps, 2, connectionId, objectType, id);
                ps.addBatch();
            }
            return sum(ps.executeBatch());
        }
    }

    /**
     * The merges a page tells of: each record's {@code hs_merged_object_ids} become MERGED tombstones
     * pointing at it, as of its updatedAt (the merge stamps the survivor).
     */
    public int mergesOnPage(Connection c, String connectionId, String objectType, List<HubSpotObject> records)
            throws SQLException {
        int n = 0;
        for (HubSpotObject o : records) {
            List<Long> ids = mergedIds(o.id, o.properties == null ? null : o.properties.get(MERGED_IDS_PROPERTY));
            if (!ids.isEmpty()) {
                n += merged(c, connectionId, objectType, ids, o.idAsLong(), o.updated());
            }
        }
        return n;
    }

    /** The ids of a {@code hs_merged_object_ids} value ("12;34"); empty for null or blank. */
    public static List<Long> mergedIds(String survivor, String value) {
        List<Long> out = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        for (String part : value.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            out.add(io.hubsync.core.HubSpotIds.of(p).orElseThrow(() -> new MalformedResponseException("record "
                    + survivor + " has " + MERGED_IDS_PROPERTY + "=" + io.hubsync.core.Quoted.of(value)
                    + ", not ';'-separated HubSpot ids")));
        }
        return out;
    }

    /**
     * Tombstone rows for the ids not stored yet. A writer that stores one of them at the same moment
     * makes the batch fail on the key; it is then run again, and the row that writer made is
     * tombstoned by the caller's UPDATE.
     */
    private int insertMissing(Connection c, String connectionId, String objectType, Map<Long, Instant> ids,
                              Long mergedInto, String reason) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            Savepoint before = c.setSavepoint();
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                Timestamp now = now();
                for (Map.Entry<Long, Instant> e : ids.entrySet()) {
                    Timestamp at = Timestamp.from(e.getValue());
                    key(ps, 1, connectionId, objectType, e.getKey());
                    ps.setTimestamp(4, at);
                    ps.setTimestamp(5, at);
                    ps.setObject(6, mergedInto, java.sql.Types.BIGINT);
                    ps.setString(7, reason);
                    ps.setTimestamp(8, now);
                    key(ps, 9, connectionId, objectType, e.getKey());
                    ps.addBatch();
                }
                int n = sum(ps.executeBatch());
                c.releaseSavepoint(before);
                return n;
            } catch (SQLException e) {
                c.rollback(before);
                if (attempt > 1 || !DUPLICATE_KEY.equals(sqlState(e))) {
                    throw e;
                }
            }
        }
    }

    private static void key(PreparedStatement ps, int first, String connectionId, String objectType, long id)
            throws SQLException {
        ps.setString(first, connectionId);
        ps.setString(first + 1, objectType);
        ps.setLong(first + 2, id);
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private static int sum(int[] counts) {
        int n = 0;
        for (int k : counts) {
            // SUCCESS_NO_INFO (-2): a driver that does not count; the row changed
            n += k == PreparedStatement.SUCCESS_NO_INFO ? 1 : Math.max(0, k);
        }
        return n;
    }

    private static String sqlState(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (x.getSQLState() != null) {
                return x.getSQLState();
            }
        }
        return null;
    }
}
