package io.hubsync.store;

import io.hubsync.core.ArchivedSweep;
import io.hubsync.core.HubSpotObject;
import io.hubsync.core.HubSpotPage;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The archived sweep's database side (docs/behavior.md rule 6): its lease (no two sweeps of one connection and
 * object type at once, across nodes too), its row in sync_runs (phase ARCHIVED_SWEEP, with the
 * tombstones it made in {@code deleted} and the records it restored in {@code updated}), the
 * tombstones of each archived page, and the ARCHIVED tombstones HubSpot no longer lists.
 */
public final class SweepStore {
    private static final Logger LOG = LoggerFactory.getLogger(SweepStore.class);
    /** Ids per batch read (docs/hubspot.md §9) */
    private static final int BATCH = 100;

    private final DataSource ds;
    private final CheckpointStore checkpoints;
    private final ConnectionStore connections;
    private final Tombstones tombstones;
    private final Leases leases;
    private final Clock clock;
    private final Duration reconcileEvery;

    /**
     * @param reconcileEvery {@code sync.reconcile-every}: how often a sweep also reconciles (0: never). An
     *                       Object: Camel's bean binding turns the text "0" into a number before it looks
     *                       for a constructor
     */
    public SweepStore(DataSource ds, CheckpointStore checkpoints, ConnectionStore connections, Object reconcileEvery) {
        this.reconcileEvery = io.hubsync.core.Durations.parse("sync.reconcile-every", String.valueOf(reconcileEvery));
        this.ds = ds;
        this.checkpoints = checkpoints;
        this.connections = connections;
        this.leases = checkpoints.leases();
        this.clock = checkpoints.clock();
        this.tombstones = new Tombstones(clock);
    }

    /**
     * For {@code run --once}: the connections whose sweep of this object type the schedule
     * ({@code cron}, sync.archived-schedule) would have run since their last successful one, and
     * those never swept. So a cron job running {@code run --once} sweeps as often as {@code run} would.
     */
    public List<String> dueSince(String objectType, String cron) throws SQLException, java.text.ParseException {
        return dueSince(objectType, ArchivedSweep.PHASE, cron);
    }

    /**
     * The same for any work that has rows of its own in sync_runs ({@code objectType} and {@code phase}):
     * the owners read (routes/owners.camel.yaml) asks with object type owners, phase OWNERS.
     */
    public List<String> dueSince(String objectType, String phase, String cron) throws SQLException,
            java.text.ParseException {
        List<String> out = new ArrayList<>();
        for (String id : due()) {
            // `*`: each connection's types are checked one by one once they are found (routes/object-types.camel.yaml)
            if (ObjectTypes.ALL.equals(objectType) || isDue(id, objectType, phase, cron)) {
                out.add(id);
            }
        }
        return out;
    }

    /**
     * Whether sync.archived-schedule ({@code cron}) would have swept this connection's type by now:
     * never swept, or a tick since the last good sweep ({@code run --once} with {@code *}, per type).
     */
    public boolean isDue(String connectionId, String objectType, String cron) throws SQLException,
            java.text.ParseException {
        return isDue(connectionId, objectType, ArchivedSweep.PHASE, cron);
    }

    private boolean isDue(String connectionId, String objectType, String phase, String cron) throws SQLException,
            java.text.ParseException {
        return tickSince(ds, clock, cron, "SELECT MAX(started_at) FROM sync_runs WHERE connection_id = ? "
                + "AND object_type = ? AND phase = ? AND success = TRUE", connectionId, objectType, phase);
    }

    /**
     * Whether the schedule {@code cron} had a tick between the time {@code sql} answers (the start of the last
     * good run of some work, {@code args} its parameters) and now; true when it answers none (never ran).
     */
    static boolean tickSince(DataSource ds, Clock clock, String cron, String sql, String... args) throws SQLException,
            java.text.ParseException {
        org.quartz.CronExpression schedule = new org.quartz.CronExpression(cron);
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                Timestamp last = rs.next() ? rs.getTimestamp(1) : null;
                java.util.Date next = last == null ? null : schedule.getNextValidTimeAfter(last);
                return last == null || next != null && !next.toInstant().isAfter(clock.instant());
            }
        }
    }

    /**
     * What a tick of a sweep's (or the owners') schedule queues ({@link #due}); at start
     * ({@code sync.run-at-start}, when the exchange properties {@code sincePhase} and {@code sinceCron} are
     * set) only those the schedule would have run by now ({@link #dueSince(String, String, String)}).
     */
    public List<String> dueNow(@ExchangeProperty("objectType") String objectType,
                               @ExchangeProperty("sincePhase") String sincePhase,
                               @ExchangeProperty("sinceCron") String sinceCron)
            throws SQLException, java.text.ParseException {
        return sinceCron == null ? due() : dueSince(objectType, sincePhase, sinceCron);
    }

    /** The connections a sweep tick visits: ACTIVE and not paused, whatever their sync schedule. */
    public List<String> due() throws SQLException {
        Instant now = clock.instant();
        List<String> out = new ArrayList<>();
        for (ConnectionStore.Info c : connections.list()) {
            if (c.active() && (c.pausedUntil() == null || !c.pausedUntil().isAfter(now))) {
                out.add(c.id());
            }
        }
        return out;
    }

    /**
     * Claims the sweep's lease and opens its run row; a sweep not claimed (another sweep of the pair
     * runs, or another node works for the connection) must not proceed.
     */
    public ArchivedSweep begin(String connectionId, String objectType) throws SQLException {
        SyncRun probe = new SyncRun(connectionId, objectType, ObjectTypes.lastModifiedProperty(objectType), clock.instant());
        try (Connection c = ds.getConnection()) {
            checkpoints.loadConnection(c, probe);
        }
        String node = WorkLease.enterNode(ds, leases, connectionId);
        if (node != null) {
            ArchivedSweep skipped = new ArchivedSweep(probe);
            skipped.setHeldBy(node);
            LOG.debug("{}: {}; this tick skips it", skipped, skipped.getHeldBy());
            return skipped;
        }
        // the sweep starts when it holds its leases (sync_runs.started_at)
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        SyncRun run = new SyncRun(connectionId, objectType, probe.getLastModifiedProperty(), now);
        run.setConnection(probe.getPortalId(), probe.getAuthType(), probe.getRateLimit(), probe.getPropertiesOverride());
        ArchivedSweep sweep = new ArchivedSweep(run);
        // a reconciliation runs inside its sweep: a node that died in one left both rows open
        if (!WorkLease.claim(ds, leases, sweep, leaseName(objectType), "another sweep", "phase IN ('"
                + ArchivedSweep.PHASE + "', '" + ArchivedSweep.RECONCILE + "')")) {
            LOG.debug("{}: held by {}; this tick skips it", sweep, sweep.getHeldBy());
        }
        return sweep;
    }

    /**
     * One page of archived records: tombstones (as of each archivedAt), the ids merged into them
     * tombstoned as MERGED, and the lease renewed, in one transaction.
     */
    public void tombstonePage(@ExchangeProperty("sweep") ArchivedSweep sweep, HubSpotPage page) throws SQLException {
        page.validated();
        Map<Long, Instant> archivedAt = new LinkedHashMap<>();
        for (HubSpotObject o : page.results) {
            Instant at = o.archivedInstant();
            archivedAt.put(o.idAsLong(), at != null ? at : o.updated());
        }
        SyncRun run = sweep.getRun();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                PairLock.lock(c, run.getConnectionId(), run.getObjectType());
                int n = tombstones.archiveEach(c, run.getConnectionId(), run.getObjectType(), archivedAt);
                for (HubSpotObject o : page.results) {
                    // merged into a record archived since: no sync page will ever show that merge
                    String merged = o.properties == null ? null : o.properties.get(Tombstones.MERGED_IDS_PROPERTY);
                    List<Long> ids = Tombstones.mergedIds(o.id, merged);
                    if (!ids.isEmpty()) {
                        n += tombstones.merged(c, run.getConnectionId(), run.getObjectType(), ids, o.idAsLong(),
                                archivedAt.get(o.idAsLong()));
                    }
                }
                renew(c, sweep);
                c.commit();
                sweep.countDeleted(n);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        sweep.listed(archivedAt.keySet());
    }

    /**
     * The ARCHIVED tombstones HubSpot did not list in this sweep, in chunks for batch read: restored,
     * or gone for good (purged after 90 days, GDPR-deleted); the batch read tells which.
     */
    public List<List<Long>> restoreCandidates(@ExchangeProperty("sweep") ArchivedSweep sweep) throws SQLException {
        SyncRun run = sweep.getRun();
        List<Long> ids = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM records WHERE connection_id = ? "
                     + "AND object_type = ? AND deleted = ? ORDER BY id")) {
            ps.setString(1, run.getConnectionId());
            ps.setString(2, run.getObjectType());
            ps.setString(3, Tombstones.ARCHIVED);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!sweep.wasListed(rs.getLong(1))) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
        }
        return UnlistedRecords.chunks(ids, BATCH);
    }

    /** Counts what became of one chunk of unlisted tombstones, and renews the lease as a page does. */
    public void settled(@ExchangeProperty("sweep") ArchivedSweep sweep,
                        @ExchangeProperty("unlisted") UnlistedRecords.Chunk chunk) throws SQLException {
        sweep.countRestored(chunk.getRestored());
        sweep.countDeleted(chunk.getErased());
        try (Connection c = ds.getConnection()) {
            renew(c, sweep);
        }
    }

    /**
     * Whether this sweep also reconciles: the pair's backfill is complete (a backfill under way reads
     * every record anyway), and neither it nor a reconciliation started within sync.reconcile-every.
     */
    public boolean reconcileDue(@ExchangeProperty("sweep") ArchivedSweep sweep) throws SQLException {
        if (reconcileEvery.isZero()) {
            return false;
        }
        SyncRun run = sweep.getRun();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT s.phase, s.backfill_started, (SELECT MAX(r.started_at) "
                     + "FROM sync_runs r WHERE r.connection_id = s.connection_id AND r.object_type = s.object_type "
                     + "AND r.phase = ? AND r.success = TRUE) FROM sync_state s WHERE s.connection_id = ? "
                     + "AND s.object_type = ?")) {
            ps.setString(1, ArchivedSweep.RECONCILE);
            ps.setString(2, run.getConnectionId());
            ps.setString(3, run.getObjectType());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !SyncRun.INCREMENTAL.equals(rs.getString(1))) {
                    return false;
                }
                Instant since = CheckpointStore.instant(rs.getTimestamp(2));
                Instant reconciled = CheckpointStore.instant(rs.getTimestamp(3));
                if (since == null || reconciled != null && reconciled.isAfter(since)) {
                    since = reconciled;
                }
                return since == null || !since.plus(reconcileEvery).isAfter(clock.instant());
            }
        }
    }

    /** The reconciliation's own row in sync_runs (phase RECONCILE), under the sweep's lease. */
    public void beginReconcile(@ExchangeProperty("sweep") ArchivedSweep sweep) throws SQLException {
        SyncRun run = sweep.getRun();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT nextval('sync_run_seq')");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                sweep.setReconcileRunId(rs.getLong(1));
            }
            CheckpointStore.update(c, "INSERT INTO sync_runs (id, connection_id, object_type, phase, started_at, node) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", sweep.getReconcileRunId(), run.getConnectionId(), run.getObjectType(),
                    ArchivedSweep.RECONCILE, Timestamp.from(clock.instant()), leases.node());
            renew(c, sweep);
            c.commit();
        }
        LOG.debug("{}: reconciling every id HubSpot lists with the database (sync.reconcile-every)", sweep);
    }

    /**
     * What the reconciliation found and repaired (routes/archived.camel.yaml passes verify's counts), in
     * its row: missing and stale written, extras tombstoned; the association drift per pair in its
     * checkpoint_to (Drift.getAssociationCounts: {@code companies:1/0/2}, missing/extra/changed rows).
     */
    public void reconciled(ArchivedSweep sweep, long checked, long missing, long stale, long extra, long written,
                           long tombstoned, String associations, long associationsWritten) throws SQLException {
        boolean pairs = associations != null && !associations.isEmpty();
        closeReconcile(sweep, true, missing, stale, tombstoned, CheckpointStore.truncate("checked=" + checked
                + (pairs ? " associations=" + associations : ""), 128), null);
        sweep.countDeleted(tombstoned);
        LOG.info("{} reconciled: {} records checked, {} missing, {} stale, {} extra; {} written, {} tombstoned; "
                + "associations {}, {} rows written", sweep, checked, missing, stale, extra, written, tombstoned,
                pairs ? associations : "(no pairs)", associationsWritten);
    }

    public void reconcileFailed(@ExchangeProperty("sweep") ArchivedSweep sweep, org.apache.camel.Exchange exchange)
            throws SQLException {
        String error = io.hubsync.core.RunOutcome.describe(exchange.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT,
                Throwable.class));
        closeReconcile(sweep, false, 0, 0, 0, null, error);
        LOG.warn("{}: reconciliation failed, the next sweep tries again: {}", sweep, error);
    }

    private void closeReconcile(ArchivedSweep sweep, boolean success, long missing, long stale, long tombstoned,
                                String checkpoint, String error) throws SQLException {
        try (Connection c = ds.getConnection()) {
            CheckpointStore.update(c, "UPDATE sync_runs SET finished_at = ?, success = ?, added = ?, updated = ?, "
                    + "deleted = ?, checkpoint_to = ?, error = ? WHERE id = ? AND abandoned = FALSE",
                    Timestamp.from(clock.instant()), success, missing, stale, tombstoned, checkpoint,
                    error == null ? null : CheckpointStore.truncate(error, 2000), sweep.getReconcileRunId());
        }
    }

    /** Records the sweep's outcome in its run row and releases the lease (a crash leaves it to expire). */
    public void finish(@ExchangeProperty("sweep") ArchivedSweep sweep) throws SQLException {
        SyncRun run = sweep.getRun();
        run.setFinishedAt(clock.instant());
        if (!sweep.isClaimed()) {
            return;
        }
        try {
            close(sweep);
        } finally {
            WorkLease.leave(leases, sweep, leaseName(run.getObjectType()));
        }
    }

    private void close(ArchivedSweep sweep) throws SQLException {
        SyncRun run = sweep.getRun();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            if (run.isSkipped()) {
                // the token may not read the type (docs/behavior.md rule 13): no sweep to show, no notice
                CheckpointStore.update(c, "DELETE FROM sync_runs WHERE id = ?", sweep.getRunId());
                WorkLease.free(c, sweep, leaseName(run.getObjectType()));
                c.commit();
                return;
            }
            CheckpointStore.update(c, "UPDATE sync_runs SET finished_at = ?, success = ?, deleted = ?, updated = ?, "
                    + "requests = ?, throttled = ?, checkpoint_to = ?, error = ? WHERE id = ? AND abandoned = FALSE",
                    Timestamp.from(clock.instant()), run.isSucceeded(), sweep.getDeleted(), sweep.getRestored(),
                    run.getRequests(), run.getThrottled(), "archived=" + sweep.getListed(),
                    run.getError() == null ? null : CheckpointStore.truncate(run.getError(), 2000), sweep.getRunId());
            WorkLease.free(c, sweep, leaseName(run.getObjectType()));
            // its notice, like a sync run's: deleted = new tombstones, updated = restored records
            run.setStartPhase(ArchivedSweep.PHASE);
            run.countDeleted(sweep.getDeleted() - run.getDeleted());
            run.countPage(0, sweep.getRestored() - run.getUpdated(), 0);
            checkpoints.notice(c, run, null);
            c.commit();
        }
        if (run.isSucceeded()) {
            LOG.info("{}: {} archived at HubSpot, {} tombstoned now, {} restored, {} requests", sweep,
                    sweep.getListed(), sweep.getDeleted(), sweep.getRestored(), run.getRequests());
        } else {
            LOG.warn("{} failed: {}", sweep, run.getError());
        }
    }

    static String leaseName(String objectType) {
        return objectType + ":archived";
    }

    /** Renews the lease inside a page's transaction; a sweep that lost it fails rather than go on beside another. */
    private void renew(Connection c, ArchivedSweep sweep) throws SQLException {
        WorkLease.renew(c, leases, sweep, leaseName(sweep.getRun().getObjectType()));
    }
}
