package io.hubsync.store;

import io.hubsync.core.BackfillRanges;
import io.hubsync.core.SyncRun;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The table backfill_ranges: the id ranges of a backfill split between the list chain and search
 * chains (docs/behavior.md rule 11). Each change happens in the transaction of what it records: a
 * range's progress with its page (RecordWriter), a split in one of its own that also proves the run
 * still holds its lease, the end of the split with the checkpoint that turns incremental.
 */
public final class BackfillRangeStore {
    private final DataSource ds;
    private final CheckpointStore checkpoints;

    public BackfillRangeStore(DataSource ds, CheckpointStore checkpoints) {
        this.ds = ds;
        this.checkpoints = checkpoints;
    }

    /** The ranges a stopped backfill left, in id order (none: the backfill is not split). */
    public List<BackfillRanges.Range> load(SyncRun run) throws SQLException {
        List<BackfillRanges.Range> ranges = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT reader, range_start, last_id, range_end, done "
                     + "FROM backfill_ranges WHERE connection_id = ? AND object_type = ? ORDER BY range_start")) {
            ps.setString(1, run.getConnectionId());
            ps.setString(2, run.getObjectType());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long end = rs.getLong(4);
                    boolean noEnd = rs.wasNull();
                    ranges.add(new BackfillRanges.Range("list".equals(rs.getString(1)), rs.getLong(2), rs.getLong(3),
                            noEnd ? Long.MAX_VALUE : end, rs.getBoolean(5)));
                }
            }
        }
        return ranges;
    }

    /** A fresh split, stored at once (under the run's lease) before any of its ranges is read. */
    public void create(SyncRun run, List<BackfillRanges.Range> plan) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                checkpoints.renew(c, run);
                CheckpointStore.update(c, "DELETE FROM backfill_ranges WHERE connection_id = ? AND object_type = ?",
                        run.getConnectionId(), run.getObjectType());
                for (BackfillRanges.Range r : plan) {
                    insert(c, run, r);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** A split: the victim's new end and the range taken from it, in one transaction under the lease. */
    public void split(SyncRun run, BackfillRanges.Split split) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                checkpoints.renew(c, run);
                CheckpointStore.update(c, "UPDATE backfill_ranges SET range_end = ?, done = ? WHERE connection_id = ? "
                        + "AND object_type = ? AND range_start = ?", split.victimEnd(), split.victimDone(),
                        run.getConnectionId(), run.getObjectType(), split.victim().getStart());
                insert(c, run, split.taken());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Inside a page's transaction: the range was read up to {@code lastId}, and whether it is done. */
    static void read(Connection c, SyncRun run, BackfillRanges.Range range, long lastId, boolean done) throws SQLException {
        int n = CheckpointStore.updateCount(c, "UPDATE backfill_ranges SET last_id = ?, done = ? WHERE connection_id = ? "
                + "AND object_type = ? AND range_start = ?", Math.max(range.getLastId(), lastId),
                done || range.endsAt(lastId),
                run.getConnectionId(), run.getObjectType(), range.getStart());
        if (n != 1) {
            throw new IllegalStateException(CheckpointStore.label(run) + ": the backfill range " + range
                    + " is not stored; another run has reset this backfill");
        }
    }

    /** Inside the transaction that turns the checkpoint incremental: the split is over. */
    static void delete(Connection c, SyncRun run) throws SQLException {
        CheckpointStore.update(c, "DELETE FROM backfill_ranges WHERE connection_id = ? AND object_type = ?",
                run.getConnectionId(), run.getObjectType());
    }

    private static void insert(Connection c, SyncRun run, BackfillRanges.Range r) throws SQLException {
        CheckpointStore.update(c, "INSERT INTO backfill_ranges (connection_id, object_type, range_start, reader, last_id, "
                + "range_end, done) VALUES (?, ?, ?, ?, ?, ?, ?)", run.getConnectionId(), run.getObjectType(),
                r.getStart(), r.isList() ? "list" : "search", r.getLastId(), r.getEndOrNull(), r.isDone());
    }
}
