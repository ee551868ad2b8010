package io.hubsync.store;

import io.hubsync.hubspot.HubSpotObject;
import io.hubsync.hubspot.HubSpotPage;
import io.hubsync.hubspot.ObjectTypes;
import io.hubsync.sync.ArchivedSweep;
import io.hubsync.sync.SyncRun;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
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
import java.util.UUID;

/**
 * The archived sweep's database side (DESIGN rule 6): its lease (no two sweeps of one connection and
 * object type at once, across nodes too), its row in sync_runs (phase ARCHIVED_SWEEP, with the
 * tombstones it made in {@code deleted} and the records it restored in {@code updated}), the
 * tombstones of each archived page, and the ARCHIVED tombstones HubSpot no longer lists.
 */
public final class SweepStore {
    private static final Logger LOG = LoggerFactory.getLogger(SweepStore.class);
    /** Ids per batch read (HUBSPOT.md §9) */
    private static final int BATCH = 100;

    private final DataSource ds;
    private final CheckpointStore checkpoints;
    private final ConnectionStore connections;
    private final Tombstones tombstones;
    private final Duration lease;
    private final Clock clock;

    /** @param claimLease {@code sync.claim-lease}: how long a sweep holds its lease between pages */
    public SweepStore(DataSource ds, CheckpointStore checkpoints, ConnectionStore connections, String claimLease) {
        this.ds = ds;
        this.checkpoints = checkpoints;
        this.connections = connections;
        this.lease = io.hubsync.Durations.parse("sync.claim-lease", claimLease);
        this.clock = checkpoints.clock();
        this.tombstones = new Tombstones(clock);
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

    /** Claims the sweep's lease and opens its run row; a sweep not claimed must not proceed. */
    public ArchivedSweep begin(String connectionId, String objectType) throws SQLException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        SyncRun run = new SyncRun(connectionId, objectType, ObjectTypes.lastModifiedProperty(objectType), now);
        ArchivedSweep sweep = new ArchivedSweep(run);
        String token = UUID.randomUUID().toString();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            checkpoints.loadConnection(c, run);
            if (!claim(c, connectionId, leaseName(objectType), now, token)) {
                c.rollback();
                sweep.setHeldBy(heldBy(c, connectionId, leaseName(objectType)));
                LOG.debug("{}: held by {}; this tick skips it", sweep, sweep.getHeldBy());
                return sweep;
            }
            sweep.setLeaseToken(token);
            try (PreparedStatement ps = c.prepareStatement("SELECT nextval('sync_run_seq')");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                sweep.setRunId(rs.getLong(1));
            }
            CheckpointStore.update(c, "INSERT INTO sync_runs (id, connection_id, object_type, phase, started_at) "
                    + "VALUES (?, ?, ?, ?, ?)", sweep.getRunId(), connectionId, objectType, ArchivedSweep.PHASE,
                    Timestamp.from(now));
            c.commit();
        }
        return sweep;
    }

    /** One page of archived records: tombstones (as of each archivedAt) and the lease renewed, in one transaction. */
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
                renew(c, sweep);
                c.commit();
                sweep.countDeleted(n);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        sweep.listed(archivedAt.keySet(), page.nextAfter());
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
        List<List<Long>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += BATCH) {
            chunks.add(List.copyOf(ids.subList(i, Math.min(ids.size(), i + BATCH))));
        }
        return chunks;
    }

    /** Counts what the writer restored (its return value, the body). */
    public void restored(@ExchangeProperty("sweep") ArchivedSweep sweep, int restored) throws SQLException {
        sweep.countRestored(restored);
        // a long restore phase keeps its lease as the listing does, chunk by chunk
        try (Connection c = ds.getConnection()) {
            renew(c, sweep);
        }
    }

    /** Records the sweep's outcome in its run row and releases the lease (a crash leaves it to expire). */
    public void finish(@ExchangeProperty("sweep") ArchivedSweep sweep) throws SQLException {
        SyncRun run = sweep.getRun();
        run.setFinishedAt(clock.instant());
        if (!sweep.isClaimed()) {
            return;
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            CheckpointStore.update(c, "UPDATE sync_runs SET finished_at = ?, success = ?, deleted = ?, updated = ?, "
                    + "requests = ?, throttled = ?, checkpoint_to = ?, error = ? WHERE id = ?",
                    Timestamp.from(clock.instant()), run.isSucceeded(), sweep.getDeleted(), sweep.getRestored(),
                    run.getRequests(), run.getThrottled(), "archived=" + sweep.getListed(),
                    run.getError() == null ? null : CheckpointStore.truncate(run.getError(), 2000), sweep.getRunId());
            CheckpointStore.update(c, "UPDATE work_leases SET claimed_by = NULL, claimed_until = NULL "
                    + "WHERE connection_id = ? AND name = ? AND claimed_by = ?", run.getConnectionId(),
                    leaseName(run.getObjectType()), sweep.getLeaseToken());
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

    private boolean claim(Connection c, String connectionId, String name, Instant now, String token)
            throws SQLException {
        Timestamp until = Timestamp.from(now.plus(lease));
        int n = CheckpointStore.updateCount(c, "UPDATE work_leases SET claimed_by = ?, claimed_until = ? "
                + "WHERE connection_id = ? AND name = ? AND (claimed_by IS NULL OR claimed_until < ?)",
                token, until, connectionId, name, Timestamp.from(now));
        if (n == 1) {
            return true;
        }
        java.sql.Savepoint before = c.setSavepoint();
        try {
            CheckpointStore.update(c, "INSERT INTO work_leases (connection_id, name, claimed_by, claimed_until) "
                    + "VALUES (?, ?, ?, ?)", connectionId, name, token, until);
            return true;
        } catch (SQLException e) {
            // the row exists (held, or another node inserted it first)
            c.rollback(before);
            return false;
        }
    }

    private String heldBy(Connection c, String connectionId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT claimed_until FROM work_leases "
                + "WHERE connection_id = ? AND name = ?")) {
            ps.setString(1, connectionId);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getTimestamp(1) != null ? "another sweep until " + rs.getTimestamp(1).toInstant()
                        : "another sweep";
            }
        }
    }

    /** Renews the lease inside a page's transaction; a sweep that lost it fails rather than go on beside another. */
    private void renew(Connection c, ArchivedSweep sweep) throws SQLException {
        SyncRun run = sweep.getRun();
        int n = CheckpointStore.updateCount(c, "UPDATE work_leases SET claimed_until = ? WHERE connection_id = ? "
                + "AND name = ? AND claimed_by = ?", Timestamp.from(clock.instant().plus(lease)),
                run.getConnectionId(), leaseName(run.getObjectType()), sweep.getLeaseToken());
        if (n != 1) {
            throw new IllegalStateException(sweep + " lost its lease (a page took longer than sync.claim-lease = "
                    + lease + "); another sweep holds it now");
        }
    }

}
