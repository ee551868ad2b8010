package io.hubsync.store;

import io.hubsync.core.AssociationRead;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The table {@code associations} (docs/associations.md), inside the caller's transaction. Rows are never
 * deleted: a row that ends keeps its key with {@code deleted} saying why (REMOVED, or its record's
 * tombstone ARCHIVED, MERGED, GDPR), and every change takes a new {@code change_seq} from the records'
 * sequence, so a reader paging by it sees each change. A row in the state asked for is left alone:
 * writing the same associations twice changes nothing (docs/behavior.md rule 5).
 */
public final class AssociationRows {
    /** HubSpot no longer lists the association. */
    public static final String REMOVED = "REMOVED";

    private static final String INSERT = "INSERT INTO associations (connection_id, from_type, from_id, to_type, to_id, "
            + "type_id, category, label, deleted, change_seq, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, "
            + "nextval('record_change_seq'), ?)";
    private static final String KEY = " WHERE connection_id = ? AND from_type = ? AND from_id = ? AND to_type = ? "
            + "AND to_id = ? AND type_id = ?";
    private static final String REVIVE = "UPDATE associations SET category = ?, label = ?, deleted = NULL, "
            + "change_seq = nextval('record_change_seq'), synced_at = ?" + KEY;
    private static final String END = "UPDATE associations SET deleted = ?, change_seq = nextval('record_change_seq'), "
            + "synced_at = ?" + KEY + " AND deleted IS NULL";

    private final Clock clock;

    public AssociationRows(Clock clock) {
        this.clock = clock;
    }

    /**
     * What a replace changed: rows live now that were not (new, or ended and listed again), rows whose
     * label or category changed, live rows ended (REMOVED). Completion notices carry them (docs/notices.md).
     */
    public record Changes(int added, int changed, int removed) {
        public int total() { return added + changed + removed; }

        public Changes plus(Changes o) {
            return new Changes(added + o.added, changed + o.changed, removed + o.removed);
        }
    }

    /** A stored row's state, keyed by (from id, to id, type id). */
    private record Stored(String category, String label, String deleted) { }

    /** In key order: two writers that insert the same keys in one order wait for each other without a cycle. */
    private record Key(long from, long to, int type) implements Comparable<Key> {
        private static final java.util.Comparator<Key> ORDER = java.util.Comparator.comparingLong(Key::from)
                .thenComparingLong(Key::to).thenComparingInt(Key::type);

        @Override
        public int compareTo(Key o) {
            return ORDER.compare(this, o);
        }
    }

    /** How often a replace or a move runs when PostgreSQL cancels it to end a deadlock. */
    private static final int ATTEMPTS = 4;

    /**
     * Makes the stored associations of the read's ids (toward its to-type) what HubSpot answered: new
     * ones inserted, changed category or label updated, ended ones revived, those HubSpot no longer
     * lists REMOVED; the rest untouched.
     */
    public Changes replace(Connection c, String connectionId, AssociationRead read) throws SQLException {
        // a merge of a to-record, written under its own type's lock, may insert a row this replace is
        // about to insert (moveToSurvivor): then the replace runs again, seeing that row. On PostgreSQL the
        // two may also wait for each other's rows (a deadlock, found by CrashAndSettleIT): the one
        // PostgreSQL cancels undoes its part and runs again once the other has committed
        for (int attempt = 1; ; attempt++) {
            java.sql.Savepoint before = c.setSavepoint();
            try {
                Changes changes = replaceOnce(c, connectionId, read);
                c.releaseSavepoint(before);
                return changes;
            } catch (SQLException e) {
                c.rollback(before);
                if (!(attempt == 1 && duplicateKey(e)) && !(attempt < ATTEMPTS && deadlock(e))) {
                    throw e;
                }
            }
        }
    }

    /**
     * What a replace of the read's ids would change, without changing it (verify compares with it): rows
     * to add (new, or ended and listed again), rows whose label or category differ, live rows to end.
     */
    public Changes diff(Connection c, String connectionId, AssociationRead read) throws SQLException {
        return plan(c, connectionId, read).changes();
    }

    /** The rows a replace writes, by kind (revived rows among {@code added}: they are live again). */
    private record Plan(Map<Key, AssociationRead.Link> want, Map<Key, Stored> stored, List<Key> added,
                        List<Key> changed, List<Key> removed) {
        Changes changes() {
            return new Changes(added.size(), changed.size(), removed.size());
        }
    }

    private Plan plan(Connection c, String connectionId, AssociationRead read) throws SQLException {
        Map<Long, List<AssociationRead.Link>> links = read.getLinks();
        Map<Key, AssociationRead.Link> want = new LinkedHashMap<>();
        List<Key> added = new ArrayList<>();
        List<Key> changed = new ArrayList<>();
        List<Key> removed = new ArrayList<>();
        if (links.isEmpty()) {
            return new Plan(want, Map.of(), added, changed, removed);
        }
        Map<Key, Stored> stored = stored(c, connectionId, read.getFromType(), read.getToType(), links.keySet());
        links.forEach((from, list) -> list.forEach(l -> want.put(new Key(from, l.toId(), l.typeId()), l)));
        want.forEach((k, l) -> {
            Stored s = stored.get(k);
            if (s == null || s.deleted() != null) {
                added.add(k);
            } else if (!Objects.equals(s.category(), l.category()) || !Objects.equals(s.label(), l.label())) {
                changed.add(k);
            }
        });
        stored.forEach((k, s) -> {
            if (s.deleted() == null && !want.containsKey(k)) {
                removed.add(k);
            }
        });
        return new Plan(want, stored, added, changed, removed);
    }

    private Changes replaceOnce(Connection c, String connectionId, AssociationRead read) throws SQLException {
        Plan plan = plan(c, connectionId, read);
        Map<Key, AssociationRead.Link> want = plan.want();
        // an ended row listed again is revived in place (its key exists), a new one inserted
        List<Key> added = new ArrayList<>();
        List<Key> changed = new ArrayList<>(plan.changed());
        for (Key k : plan.added()) {
            (plan.stored().containsKey(k) ? changed : added).add(k);
        }
        List<Key> removed = new ArrayList<>(plan.removed());
        // in key order: two writers that insert the same keys in one order wait for each other without a cycle
        java.util.Collections.sort(added);
        java.util.Collections.sort(changed);
        java.util.Collections.sort(removed);
        Timestamp now = Timestamp.from(clock.instant());
        String from = read.getFromType();
        String to = read.getToType();
        if (!added.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (Key k : added) {
                    AssociationRead.Link l = want.get(k);
                    key(ps, 1, connectionId, from, k.from(), to, k.to(), k.type());
                    ps.setString(7, l.category());
                    ps.setString(8, l.label());
                    ps.setTimestamp(9, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!changed.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(REVIVE)) {
                for (Key k : changed) {
                    AssociationRead.Link l = want.get(k);
                    ps.setString(1, l.category());
                    ps.setString(2, l.label());
                    ps.setTimestamp(3, now);
                    key(ps, 4, connectionId, from, k.from(), to, k.to(), k.type());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!removed.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(END)) {
                for (Key k : removed) {
                    ps.setString(1, REMOVED);
                    ps.setTimestamp(2, now);
                    key(ps, 3, connectionId, from, k.from(), to, k.to(), k.type());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        return plan.changes();
    }

    private static Map<Key, Stored> stored(Connection c, String connectionId, String fromType, String toType,
                                           Collection<Long> ids) throws SQLException {
        Map<Key, Stored> out = new HashMap<>();
        // a join with the ids as a VALUES table, as RecordVersionRepository does: H2 then looks each id up
        // in the primary key, where "from_id IN (…)" makes it scan every row of the connection and type
        try (PreparedStatement ps = c.prepareStatement("SELECT a.from_id, a.to_id, a.type_id, a.category, a.label, "
                + "a.deleted FROM " + values(ids.size()) + " JOIN associations a ON a.connection_id = ? "
                + "AND a.from_type = ? AND a.from_id = v.id AND a.to_type = ?")) {
            int i = bind(ps, ids);
            ps.setString(i++, connectionId);
            ps.setString(i++, fromType);
            ps.setString(i, toType);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(new Key(rs.getLong(1), rs.getLong(2), rs.getInt(3)),
                            new Stored(rs.getString(4), rs.getString(5), rs.getString(6)));
                }
            }
        }
        return out;
    }

    /** Which of these ids of {@code objectType} are stored live (no tombstone). */
    public static java.util.Set<Long> liveIds(Connection c, String connectionId, String objectType, Collection<Long> ids)
            throws SQLException {
        java.util.Set<Long> out = new java.util.HashSet<>();
        if (ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT r.id FROM " + values(ids.size()) + " JOIN records r "
                + "ON r.connection_id = ? AND r.object_type = ? AND r.id = v.id AND r.deleted IS NULL")) {
            int i = bind(ps, ids);
            ps.setString(i++, connectionId);
            ps.setString(i, objectType);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    /** {@code (VALUES (?),(?)) AS v(id)} for n ids. */
    private static String values(int n) {
        StringBuilder sql = new StringBuilder("(VALUES ");
        for (int i = 0; i < n; i++) {
            sql.append(i == 0 ? "(CAST(? AS BIGINT))" : ",(?)");
        }
        return sql.append(") AS v(id)").toString();
    }

    /** Binds the ids from parameter 1; returns the next parameter's index. */
    private static int bind(PreparedStatement ps, Collection<Long> ids) throws SQLException {
        int i = 1;
        for (Long id : ids) {
            ps.setLong(i++, id);
        }
        return i;
    }

    /**
     * Records of {@code objectType} that got the tombstone {@code reason} (ARCHIVED, MERGED, GDPR): their
     * live associations end with the same reason, from their side and toward them. Only ids whose record
     * row holds that tombstone now count, so a stale deletion that the records table refused ends none.
     * A MERGED record's associations toward it move to the survivor first ({@link #moveToSurvivor}).
     */
    public int recordsGone(Connection c, String connectionId, String objectType, Collection<Long> ids, String reason)
            throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        Timestamp now = Timestamp.from(clock.instant());
        String gone = " AND deleted IS NULL AND EXISTS (SELECT 1 FROM records r WHERE r.connection_id = ? "
                + "AND r.object_type = ? AND r.id = ? AND r.deleted = ?)";
        int n = 0;
        for (String side : List.of("from", "to")) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE associations SET deleted = ?, "
                    + "change_seq = nextval('record_change_seq'), synced_at = ? WHERE connection_id = ? AND "
                    + side + "_type = ? AND " + side + "_id = ?" + gone)) {
                for (Long id : ids) {
                    ps.setString(1, reason);
                    ps.setTimestamp(2, now);
                    ps.setString(3, connectionId);
                    ps.setString(4, objectType);
                    ps.setLong(5, id);
                    ps.setString(6, connectionId);
                    ps.setString(7, objectType);
                    ps.setLong(8, id);
                    ps.setString(9, reason);
                    ps.addBatch();
                }
                n += sum(ps.executeBatch());
            }
        }
        return n;
    }

    /**
     * HubSpot moves a merged record's associations to the survivor (docs/hubspot.md §14): the live rows
     * toward each merged-away id of {@code objectType} get a row toward {@code survivor} with the same
     * type (unless one is live already), and end as MERGED. Rows from the merged-away ids end in
     * {@link #recordsGone}; the survivor's own are read again with its page.
     */
    public int moveToSurvivor(Connection c, String connectionId, String objectType, Collection<Long> ids,
                              long survivor) throws SQLException {
        // the from records' pages write the same rows under their own types' locks: on PostgreSQL one may
        // wait for the other's rows while the other waits for its own (a deadlock, found by
        // CrashAndSettleIT); the one PostgreSQL cancels undoes its part and runs again
        for (int attempt = 1; ; attempt++) {
            java.sql.Savepoint before = c.setSavepoint();
            try {
                int n = moveOnce(c, connectionId, objectType, new java.util.TreeSet<>(ids), survivor);
                c.releaseSavepoint(before);
                return n;
            } catch (SQLException e) {
                c.rollback(before);
                if (attempt == ATTEMPTS || !deadlock(e)) {
                    throw e;
                }
            }
        }
    }

    private int moveOnce(Connection c, String connectionId, String objectType, Collection<Long> ids, long survivor)
            throws SQLException {
        int n = 0;
        Timestamp now = Timestamp.from(clock.instant());
        for (Long id : ids) {
            if (id == survivor) {
                continue;
            }
            List<Object[]> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT from_type, from_id, type_id, category, label "
                    + "FROM associations WHERE connection_id = ? AND to_type = ? AND to_id = ? AND deleted IS NULL "
                    + "AND EXISTS (SELECT 1 FROM records r WHERE r.connection_id = ? AND r.object_type = ? "
                    + "AND r.id = ? AND r.deleted = 'MERGED') ORDER BY from_type, from_id, type_id")) {
                ps.setString(1, connectionId);
                ps.setString(2, objectType);
                ps.setLong(3, id);
                ps.setString(4, connectionId);
                ps.setString(5, objectType);
                ps.setLong(6, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Object[] {rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getString(4),
                                rs.getString(5)});
                    }
                }
            }
            for (Object[] r : rows) {
                String fromType = (String) r[0];
                long fromId = (Long) r[1];
                int type = (Integer) r[2];
                String state = state(c, connectionId, fromType, fromId, objectType, survivor, type);
                if (state == null) {
                    // the from record's page, under its own type's lock, may insert the same row meanwhile:
                    // then it is there, as wanted
                    java.sql.Savepoint before = c.setSavepoint();
                    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                        key(ps, 1, connectionId, fromType, fromId, objectType, survivor, type);
                        ps.setString(7, (String) r[3]);
                        ps.setString(8, (String) r[4]);
                        ps.setTimestamp(9, now);
                        n += ps.executeUpdate();
                        c.releaseSavepoint(before);
                    } catch (SQLException e) {
                        c.rollback(before);
                        if (!duplicateKey(e)) {
                            throw e;
                        }
                    }
                } else if (!state.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement(REVIVE)) {
                        ps.setString(1, (String) r[3]);
                        ps.setString(2, (String) r[4]);
                        ps.setTimestamp(3, now);
                        key(ps, 4, connectionId, fromType, fromId, objectType, survivor, type);
                        n += ps.executeUpdate();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(END)) {
                    ps.setString(1, Tombstones.MERGED);
                    ps.setTimestamp(2, now);
                    key(ps, 3, connectionId, fromType, fromId, objectType, id, type);
                    n += ps.executeUpdate();
                }
            }
        }
        return n;
    }

    /** A row's {@code deleted}: null when there is no row, "" when it is live. */
    private static String state(Connection c, String connectionId, String fromType, long fromId, String toType,
                                long toId, int type) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT deleted FROM associations" + KEY)) {
            key(ps, 1, connectionId, fromType, fromId, toType, toId, type);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String d = rs.getString(1);
                return d == null ? "" : d;
            }
        }
    }

    private static void key(PreparedStatement ps, int first, String connectionId, String fromType, long fromId,
                            String toType, long toId, int type) throws SQLException {
        ps.setString(first, connectionId);
        ps.setString(first + 1, fromType);
        ps.setLong(first + 2, fromId);
        ps.setString(first + 3, toType);
        ps.setLong(first + 4, toId);
        ps.setInt(first + 5, type);
    }

    /** A unique-key violation (SQLSTATE 23505, on H2 and PostgreSQL alike), also inside a batch's chain. */
    private static boolean duplicateKey(SQLException e) {
        return sqlState(e, "23505");
    }

    /** PostgreSQL cancelled the statement to end a deadlock (SQLSTATE 40P01), also inside a batch's chain. */
    private static boolean deadlock(SQLException e) {
        return sqlState(e, "40P01");
    }

    private static boolean sqlState(SQLException e, String state) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (state.equals(x.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static int sum(int[] counts) {
        int n = 0;
        for (int k : counts) {
            n += k == PreparedStatement.SUCCESS_NO_INFO ? 1 : Math.max(0, k);
        }
        return n;
    }
}
