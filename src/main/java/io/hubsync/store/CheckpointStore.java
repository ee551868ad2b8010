package io.hubsync.store;

import io.hubsync.core.Checkpoint;
import io.hubsync.core.ObjectTypes;
import io.hubsync.core.SyncRun;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * The checkpoint of each (connection, object type) and the lease that keeps two runs of it apart.
 * Phase changes follow docs/behavior.md: a finished backfill sets the watermark to the time the backfill
 * STARTED minus the search lag (rule 1); a window ends at now minus the lag (rule 2) and, once read
 * to its end, moves the watermark past it.
 */
public final class CheckpointStore {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);

    private final DataSource ds;
    private final Duration lag;
    private final Leases leases;
    private final Clock clock;

    /**
     * @param searchLag {@code sync.search-lag}, e.g. 30s (an Object: Camel's bean binding makes a number of
     *                  plain digits before it picks a constructor); the leases of this node ({@code sync.claim-lease})
     */
    public CheckpointStore(DataSource ds, Object searchLag, Leases leases) {
        Duration lag = io.hubsync.core.Durations.parse("sync.search-lag", String.valueOf(searchLag));
        if (lag.isNegative()) {
            throw new IllegalArgumentException("sync.search-lag must not be negative, got " + lag.toMillis() + " ms");
        }
        this.ds = ds;
        this.lag = lag;
        this.leases = leases;
        this.clock = leases.clock();
    }

    /** Where completion notices go (routes/beans.camel.yaml sets it; without one, runs send none). */
    public void setNotices(NoticeOutbox notices) { this.notices = notices; }

    public Duration lag() { return lag; }
    public Clock clock() { return clock; }
    public Leases leases() { return leases; }
    private final java.util.concurrent.atomic.AtomicLong claims = new java.util.concurrent.atomic.AtomicLong();
    private NoticeOutbox notices;

    /**
     * Claims the (connection, object type) and loads its checkpoint into a new run. When another
     * run holds the lease, or another node works for the connection, the returned run is not
     * claimed and must not proceed.
     */
    public SyncRun begin(String connectionId, String objectType) throws SQLException {
        SyncRun run = new SyncRun(connectionId, objectType, ObjectTypes.lastModifiedProperty(objectType),
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        // a run of an unknown connection fails here, before it claims anything
        try (Connection c = ds.getConnection()) {
            loadConnection(c, run);
        }
        // one pool connection at a time: a thread that holds one while it waits for another can starve
        // the pool with its peers (each holding one, all waiting)
        if (!leases.enter(connectionId)) {
            try (Connection c = ds.getConnection()) {
                run.setHeldBy("the node working for " + connectionId + ": " + Leases.holder(c, connectionId, Leases.NODE));
            }
            return run;
        }
        // the run starts when it holds its leases (sync_runs.started_at): waits before do not count
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        run = new SyncRun(connectionId, objectType, run.getLastModifiedProperty(), now);
        // one token per run, not per process: a second run of the same pair in this JVM (its own
        // schedule and the shared one, a run --once beside the server) finds the lease taken too
        String token = leases.node() + "#" + claims.incrementAndGet();
        boolean claimed = false;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            loadConnection(c, run);
            String holder = claim(c, connectionId, objectType, now, token);
            if (holder != null) {
                c.rollback();
                run.setHeldBy(holder);
                return run;
            }
            run.moveTo(load(c, run));
            run.setClaimToken(token);
            if (run.isInitial()) {
                // the backfill starts now; a resumed one keeps its first start (docs/behavior.md rule 1)
                Checkpoint starting = run.getCheckpoint().backfillStarting(now);
                save(c, run, starting);
                run.moveTo(starting); // a failed begin discards the run, so moving before the commit is safe
            }
            run.setStartPhase(run.getPhase());
            run.setModifiedAfter(run.isInitial() ? null : run.getWatermark());
            run.setCheckpointFrom(run.checkpoint());
            run.setRunId(nextRunId(c));
            abandoned(c, connectionId, objectType, SYNC_PHASES, now);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_runs (id, connection_id, object_type, "
                    + "phase, started_at, modified_after, checkpoint_from, node) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, run.getRunId());
                ps.setString(2, connectionId);
                ps.setString(3, objectType);
                ps.setString(4, run.getPhase());
                ps.setTimestamp(5, ts(now));
                ps.setTimestamp(6, run.getWatermark() == null ? null : ts(run.getWatermark()));
                ps.setString(7, run.getCheckpointFrom());
                ps.setString(8, leases.node());
                ps.executeUpdate();
            }
            c.commit();
            claimed = true;
        } finally {
            if (claimed) {
                leases.hold(Leases.Kind.PAIR, connectionId, objectType, token);
            } else {
                run.setClaimToken(null);
                leases.leave(connectionId);
            }
        }
        return run;
    }

    /** The phases of sync runs' rows (an archived sweep's row has its own). */
    static final String SYNC_PHASES = "phase IN ('" + SyncRun.INITIAL + "', '" + SyncRun.INCREMENTAL + "')";

    /**
     * Inside the transaction of a claim that holds the pair's lease now: rows of runs of the pair
     * that never finished are closed as abandoned. Their node died (or stopped renewing its lease
     * for longer than the lease), so no run of theirs can write any more: the lease fences it.
     */
    static void abandoned(Connection c, String connectionId, String objectType, String phases, Instant now)
            throws SQLException {
        int n = updateCount(c, "UPDATE sync_runs SET finished_at = ?, success = FALSE, abandoned = TRUE, error = ? "
                + "WHERE connection_id = ? AND object_type = ? AND finished_at IS NULL AND " + phases, ts(now),
                "abandoned: its node stopped (killed, or it lost the database) and stopped renewing its lease; "
                        + "another run took over at " + now, connectionId, objectType);
        if (n > 0) {
            LOG.warn("{}[{}]: {} unfinished run(s) of a node that stopped closed as abandoned; this run resumes from "
                    + "their last checkpoint", objectType, connectionId, n);
        }
    }

    /**
     * A run that claims nothing, for a HubSpot call on the connection's behalf outside any run (its
     * custom object schemas, routes/object-types.camel.yaml): the token step and the budgets work from it.
     */
    public SyncRun probe(String connectionId, String objectType) throws SQLException {
        SyncRun run = new SyncRun(connectionId, objectType, "hs_lastmodifieddate", clock.instant());
        try (Connection c = ds.getConnection()) {
            loadConnection(c, run);
        }
        return run;
    }

    /** The connection's settings the run follows; a run of an unknown connection fails here, before any request. */
    void loadConnection(Connection c, SyncRun run) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT c.portal_id, c.auth_type, c.rate_limit, p.properties "
                + "FROM connections c LEFT JOIN connection_properties p ON p.connection_id = c.id AND p.object_type = ? "
                + "WHERE c.id = ?")) {
            ps.setString(1, run.getObjectType());
            ps.setString(2, run.getConnectionId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no connection named '" + run.getConnectionId() + "': add it "
                            + "with `hubsync connections add`, or set hubspot.access-token for sync.connection");
                }
                run.setConnection(rs.getObject(1, Long.class), rs.getString(2), rs.getString(3), rs.getString(4));
            }
        }
    }

    /**
     * Takes the pair's lease when it is free or expired; null when taken, else who holds it. The
     * checkpoint row is made on a pair's first claim; a claim racing another node's first claim tries
     * once more, since that node may have released the lease in between.
     */
    private String claim(Connection c, String connectionId, String objectType, Instant now, String token)
            throws SQLException {
        if (takeOver(c, connectionId, objectType, now, token)) {
            return null;
        }
        java.sql.Savepoint before = c.setSavepoint();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_state (connection_id, object_type, "
                + "phase, claimed_by, claimed_until, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, connectionId);
            ps.setString(2, objectType);
            ps.setString(3, SyncRun.INITIAL);
            ps.setString(4, token);
            ps.setTimestamp(5, leases.until());
            ps.setTimestamp(6, ts(now));
            ps.executeUpdate();
            return null;
        } catch (SQLException e) {
            // the row exists: held by another run, or another node inserted it first
            c.rollback(before);
        }
        if (takeOver(c, connectionId, objectType, now, token)) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT claimed_by, claimed_until FROM sync_state "
                + "WHERE connection_id = ? AND object_type = ?")) {
            ps.setString(1, connectionId);
            ps.setString(2, objectType);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? "another run: " + Leases.describe(rs.getString(1), rs.getTimestamp(2)) : "another run";
            }
        }
    }

    private boolean takeOver(Connection c, String connectionId, String objectType, Instant now, String token)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sync_state SET claimed_by = ?, claimed_until = ? "
                + "WHERE connection_id = ? AND object_type = ? AND (claimed_by IS NULL OR claimed_until < ?)")) {
            ps.setString(1, token);
            ps.setTimestamp(2, leases.until());
            ps.setString(3, connectionId);
            ps.setString(4, objectType);
            ps.setTimestamp(5, ts(now));
            return ps.executeUpdate() == 1;
        }
    }

    private Checkpoint load(Connection c, SyncRun run) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT phase, list_after, backfill_started, watermark, "
                + "window_end, window_last_id FROM sync_state WHERE connection_id = ? AND object_type = ?")) {
            ps.setString(1, run.getConnectionId());
            ps.setString(2, run.getObjectType());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("No checkpoint row for " + run);
                }
                return new Checkpoint(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3)),
                        instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5)), rs.getLong(6));
            }
        }
    }

    private long nextRunId(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT nextval('sync_run_seq')");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The backfill read its last page (whose transaction already switched the checkpoint to incremental). */
    public void completeBackfill(@ExchangeProperty("run") SyncRun run) throws SQLException {
        io.hubsync.core.BackfillRanges ranges = run.getRanges();
        if (ranges != null) {
            // split between chains (docs/behavior.md rule 11): every range read, the checkpoint turns
            // incremental and the ranges go, in one transaction; a crash before it re-reads nothing
            if (!ranges.allDone()) {
                throw new IllegalStateException(label(run) + ": the backfill's chains ended with ranges unread: "
                        + ranges.ranges());
            }
            Checkpoint done = run.getCheckpoint().incremental(lag);
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try {
                    save(c, run, done);
                    BackfillRangeStore.delete(c, run);
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
            run.moveTo(done);
        }
        LOG.debug("{} backfill complete: incremental windows start at {} (backfill start {} minus lag {} s)",
                label(run), run.getWatermark(), run.getBackfillStarted(), lag.toSeconds());
    }

    /**
     * The checkpoint after a list page: the cursor after it, or, after the last page, incremental
     * with the watermark at the backfill's start minus the lag (docs/behavior.md rule 1), so that a crash
     * between the last page and the end of the run re-reads nothing.
     */
    Checkpoint afterListPage(SyncRun run, String next) {
        if (run.getRanges() != null) {
            // split: the list chain's end is not the backfill's (completeBackfill); the cursor stays at
            // the last page, and the list's range row says it is read
            return next != null ? run.getCheckpoint().listedUpTo(next) : run.getCheckpoint();
        }
        Checkpoint listed = run.getCheckpoint().listedUpTo(next);
        return next != null ? listed : listed.incremental(lag);
    }

    /**
     * Inside the caller's transaction: the run's checkpoint becomes {@code next}, as long as the run
     * holds its lease; the caller moves the run to it once the transaction commits.
     */
    void save(Connection c, SyncRun run, Checkpoint next) throws SQLException {
        owned(c, run, "UPDATE sync_state SET phase = ?, list_after = ?, backfill_started = ?, watermark = ?, "
                + "window_end = ?, window_last_id = ?, updated_at = ?", next.phase(), next.listAfter(),
                next.backfillStarted() == null ? null : ts(next.backfillStarted()),
                next.watermark() == null ? null : ts(next.watermark()),
                next.windowEnd() == null ? null : ts(next.windowEnd()), next.windowOpen() ? next.windowLastId() : null,
                ts(clock.instant()));
    }

    /** {@link #save} in a transaction of its own, then the run moves on. */
    private void saveNow(SyncRun run, Checkpoint next) throws SQLException {
        try (Connection c = ds.getConnection()) {
            save(c, run, next);
        }
        run.moveTo(next);
    }

    /**
     * An update of this run's checkpoint that takes effect only while the run holds the lease; a run
     * whose lease expired (its node stopped renewing it for longer than sync.claim-lease) fails instead of overwriting the
     * checkpoint of the run that took over.
     */
    private void owned(Connection c, SyncRun run, String update, Object... args) throws SQLException {
        Object[] all = new Object[args.length + 3];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = run.getConnectionId();
        all[args.length + 1] = run.getObjectType();
        all[args.length + 2] = run.getClaimToken();
        int n = updateCount(c, update + " WHERE connection_id = ? AND object_type = ? AND claimed_by = ?", all);
        if (n != 1) {
            throw new IllegalStateException(label(run) + ": the run lost its lease (this node did not renew it "
                    + "within sync.claim-lease = " + leases.lease() + "); the run that holds it now keeps the checkpoint");
        }
    }

    /**
     * Opens the window [watermark, now − lag], or resumes the one an earlier run left open (from its
     * last id). A window that would end before it starts is skipped: nothing to read yet.
     */
    public void openWindow(@ExchangeProperty("run") SyncRun run) throws SQLException {
        if (run.getCheckpoint().windowOpen()) {
            LOG.info("{} resumes window [{}, {}] after id {}", label(run), run.getWatermark(), run.getWindowEnd(),
                    run.getWindowLastId());
            return;
        }
        Instant end = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).minus(lag);
        if (!end.isAfter(run.getWatermark())) {
            LOG.info("{}: nothing to read yet, the window would end at {} before its start {}", label(run), end,
                    run.getWatermark());
            return;
        }
        saveNow(run, run.getCheckpoint().windowOpened(end));
    }

    /** The window was read to its end: nothing can enter it any more, so the next one starts after it. */
    public void closeWindow(@ExchangeProperty("run") SyncRun run) throws SQLException {
        if (run.getCheckpoint().windowOpen()) {
            saveNow(run, run.getCheckpoint().windowClosed());
        }
    }

    /** Ends the run: records the outcome and releases the lease (a crash leaves it to expire). */
    public void finish(@ExchangeProperty("run") SyncRun run) throws SQLException {
        run.setFinishedAt(clock.instant());
        if (!run.isClaimed()) {
            return;
        }
        try {
            close(run);
        } finally {
            leases.drop(Leases.Kind.PAIR, run.getConnectionId(), run.getObjectType(), run.getClaimToken());
            leases.leave(run.getConnectionId());
        }
    }

    private void close(SyncRun run) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            if (run.isSkipped()) {
                // the token may not read the type (docs/behavior.md rule 13): no run to show, no notice
                update(c, "DELETE FROM sync_runs WHERE id = ?", run.getRunId());
                update(c, "UPDATE sync_state SET claimed_by = NULL, claimed_until = NULL WHERE connection_id = ? "
                        + "AND object_type = ? AND claimed_by = ?", run.getConnectionId(), run.getObjectType(),
                        run.getClaimToken());
                c.commit();
                return;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE sync_runs SET finished_at = ?, success = ?, "
                    + "added = ?, updated = ?, unchanged = ?, requests = ?, throttled = ?, checkpoint_to = ?, error = ?, "
                    + "deleted = ? WHERE id = ? AND abandoned = FALSE")) {
                ps.setTimestamp(1, ts(clock.instant()));
                ps.setBoolean(2, run.isSucceeded());
                ps.setLong(3, run.getAdded());
                ps.setLong(4, run.getUpdated());
                ps.setLong(5, run.getUnchanged());
                ps.setLong(6, run.getRequests());
                ps.setLong(7, run.getThrottled());
                ps.setString(8, run.checkpoint());
                ps.setString(9, run.getError() == null ? null : truncate(run.getError(), 2000));
                ps.setLong(10, run.getDeleted());
                ps.setLong(11, run.getRunId());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE sync_state SET claimed_by = NULL, "
                    + "claimed_until = NULL WHERE connection_id = ? AND object_type = ? AND claimed_by = ?")) {
                ps.setString(1, run.getConnectionId());
                ps.setString(2, run.getObjectType());
                ps.setString(3, run.getClaimToken());
                ps.executeUpdate();
            }
            notice(c, run, run.checkpoint());
            c.commit();
        }
    }

    /**
     * In the transaction that closes the run: its completion notice, when it changed something or
     * failed. The notice covers the change sequences from the last one announced for this pair to
     * the highest stored, so the changes of a run that crashed before its notice go out with this one.
     * Association rows share the sequence: the range reaches the highest of the type's pairs
     * ({@code from_type}) and of those its tombstones ended or moved toward it ({@code to_type}), both
     * written under this type's lock (docs/notices.md).
     */
    void notice(Connection c, SyncRun run, String checkpointTo) throws SQLException {
        if (notices == null || !notices.enabled()) {
            return;
        }
        // no writer of the pair is between taking a change_seq and committing it while we hold this
        PairLock.lock(c, run.getConnectionId(), run.getObjectType());
        long after;
        long through;
        try (PreparedStatement ps = c.prepareStatement("SELECT s.notified_seq, (SELECT MAX(r.change_seq) FROM records r "
                + "WHERE r.connection_id = s.connection_id AND r.object_type = s.object_type) FROM sync_state s "
                + "WHERE s.connection_id = ? AND s.object_type = ?")) {
            ps.setString(1, run.getConnectionId());
            ps.setString(2, run.getObjectType());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return; // the pair has never synced: its first run's notice covers everything
                }
                after = rs.getLong(1);
                through = Math.max(after, rs.getLong(2));
            }
        }
        // only the rows changed since the last notice: the (connection_id, change_seq) index bounds the scan
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(change_seq) FROM associations WHERE connection_id = ? "
                + "AND change_seq > ? AND (from_type = ? OR to_type = ?)")) {
            ps.setString(1, run.getConnectionId());
            ps.setLong(2, after);
            ps.setString(3, run.getObjectType());
            ps.setString(4, run.getObjectType());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    through = Math.max(through, rs.getLong(1));
                }
            }
        }
        if (through == after && run.isSucceeded()) {
            return; // nothing changed: no notice
        }
        com.fasterxml.jackson.databind.node.ObjectNode body = notices.newBody(
                run.isSucceeded() ? "run.completed" : "run.failed", run.getConnectionId());
        body.put("portal", run.getPortalId());
        body.put("objectType", run.getObjectType());
        body.put("phase", run.getStartPhase());
        body.put("success", run.isSucceeded());
        body.put("added", run.getAdded());
        body.put("updated", run.getUpdated());
        body.put("deleted", run.getDeleted());
        // the window includes its lower bound; readers filter "after", so one millisecond before it
        body.put("modifiedAfter", run.getModifiedAfter() == null ? null : run.getModifiedAfter().minusMillis(1).toString());
        body.put("checkpointFrom", run.getCheckpointFrom());
        body.put("checkpointTo", checkpointTo);
        body.put("startedAt", run.getStartedAt().toString());
        body.put("finishedAt", run.getFinishedAt().toString());
        body.put("error", run.getError());
        // association rows the run's own reads changed (tombstones' ended rows are in the range, not here)
        com.fasterxml.jackson.databind.node.ObjectNode links = body.putObject("associations");
        links.put("added", run.getAssociationsAdded());
        links.put("changed", run.getAssociationsChanged());
        links.put("removed", run.getAssociationsRemoved());
        com.fasterxml.jackson.databind.node.ObjectNode changes = body.putObject("changes");
        changes.put("afterSequence", after);
        changes.put("throughSequence", through);
        notices.add(c, body);
        update(c, "UPDATE sync_state SET notified_seq = ? WHERE connection_id = ? AND object_type = ?", through,
                run.getConnectionId(), run.getObjectType());
    }

    /** Renews the lease inside a page's transaction (the heartbeat renews it too, between pages). */
    void renew(Connection c, SyncRun run) throws SQLException {
        owned(c, run, "UPDATE sync_state SET claimed_until = ?", leases.until());
    }

    static String label(SyncRun run) {
        return run.getObjectType() + "[" + run.getConnectionId() + "]";
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    static void update(Connection c, String sql, Object... args) throws SQLException {
        updateCount(c, sql, args);
    }

    static int updateCount(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }

    static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }

    static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
