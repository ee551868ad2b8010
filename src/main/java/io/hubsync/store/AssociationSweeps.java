package io.hubsync.store;

import io.hubsync.core.AssociationRead;
import io.hubsync.core.AssociationSweep;
import io.hubsync.core.ObjectTypes;
import io.hubsync.core.PageAssociations;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The association sweep's database side (docs/associations.md, path 3): its lease (one sweep of a
 * connection and object type at a time, across nodes too), its row in sync_runs (phase ASSOC_SWEEP: the
 * from-ids checked in {@code unchanged}, the association rows it changed in {@code updated}), and its
 * cursor per pair in {@code association_sweeps}, saved with each chunk's associations in one transaction,
 * so a sweep that stops resumes at the chunk it was on.
 */
public final class AssociationSweeps {
    private static final Logger LOG = LoggerFactory.getLogger(AssociationSweeps.class);
    /** Stored ids per chunk: one batch read's worth (docs/hubspot.md §14) */
    static final int CHUNK = AssociationRead.MAX_INPUTS;

    private final DataSource ds;
    private final CheckpointStore checkpoints;
    private final Leases leases;
    private final Clock clock;
    private final AssociationRows rows;

    public AssociationSweeps(DataSource ds, CheckpointStore checkpoints) {
        this.ds = ds;
        this.checkpoints = checkpoints;
        this.leases = checkpoints.leases();
        this.clock = checkpoints.clock();
        this.rows = new AssociationRows(clock);
    }

    /**
     * Claims the sweep's lease and opens its run row; a sweep not claimed (another sweep of the pair
     * runs, or another node works for the connection) must not proceed.
     */
    public AssociationSweep begin(@ExchangeProperty("connectionId") String connectionId,
                                  @ExchangeProperty("objectType") String objectType,
                                  @ExchangeProperty("toTypes") List<String> toTypes) throws SQLException {
        SyncRun probe = new SyncRun(connectionId, objectType, ObjectTypes.lastModifiedProperty(objectType), clock.instant());
        try (Connection c = ds.getConnection()) {
            checkpoints.loadConnection(c, probe);
        }
        String node = WorkLease.enterNode(ds, leases, connectionId);
        if (node != null) {
            AssociationSweep skipped = new AssociationSweep(probe, toTypes);
            skipped.setHeldBy(node);
            return skipped;
        }
        // the sweep starts when it holds its leases (sync_runs.started_at)
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        SyncRun run = new SyncRun(connectionId, objectType, probe.getLastModifiedProperty(), now);
        run.setConnection(probe.getPortalId(), probe.getAuthType(), probe.getRateLimit(), probe.getPropertiesOverride());
        AssociationSweep sweep = new AssociationSweep(run, toTypes);
        if (!WorkLease.claim(ds, leases, sweep, leaseName(objectType), "another sweep",
                "phase = '" + AssociationSweep.PHASE + "'")) {
            return sweep;
        }
        // for the estimate only: a failure here is the first chunk's to meet, inside the sweep's own handling
        try (Connection c = ds.getConnection()) {
            run.setExpectedTotal(toDo(c, sweep));
        } catch (SQLException e) {
            LOG.debug("{}: no estimate ({})", sweep, e.getMessage());
        }
        LOG.debug("{}: checking the associations toward {} of ~{} stored records", sweep,
                String.join(", ", toTypes), String.format("%,d", run.getExpectedTotal()));
        return sweep;
    }

    /** The from-ids this sweep has left to check, over all its pairs (each from its cursor), for the estimate. */
    private long toDo(Connection c, AssociationSweep sweep) throws SQLException {
        long n = 0;
        SyncRun run = sweep.getRun();
        for (String to : sweep.getToTypes()) {
            Long after = cursor(c, run.getConnectionId(), run.getObjectType(), run.getCustomObjects().stored(to));
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM records WHERE connection_id = ? "
                    + "AND object_type = ? AND deleted IS NULL AND id > ?")) {
                ps.setString(1, run.getConnectionId());
                ps.setString(2, run.getObjectType());
                ps.setLong(3, after == null ? 0 : after);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    n += rs.getLong(1);
                }
            }
        }
        return n;
    }

    /**
     * The next chunk to read: up to 1,000 stored live ids after the pair's cursor, in id order; a pair
     * with none left is done (its cursor cleared, so the next sweep starts it over) and the next pair
     * begins. False when every pair is done. The chunk becomes the exchange property the reads fill.
     */
    public boolean nextChunk(@ExchangeProperty("sweep") AssociationSweep sweep) throws SQLException {
        SyncRun run = sweep.getRun();
        try (Connection c = ds.getConnection()) {
            while (sweep.getPair() < sweep.getToTypes().size()) {
                // stored under the to-type's name, asked for by HubSpot's (a custom object's id, PortalObjectTypes)
                String named = sweep.getToType();
                String to = run.getCustomObjects().stored(named);
                Long after = cursor(c, run.getConnectionId(), run.getObjectType(), to);
                List<Long> ids = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT id FROM records WHERE connection_id = ? "
                        + "AND object_type = ? AND deleted IS NULL AND id > ? ORDER BY id FETCH FIRST " + CHUNK
                        + " ROWS ONLY")) {
                    ps.setString(1, run.getConnectionId());
                    ps.setString(2, run.getObjectType());
                    ps.setLong(3, after == null ? 0 : after);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                        }
                    }
                }
                if (!ids.isEmpty()) {
                    sweep.setChunk(new PageAssociations(List.of(new AssociationRead(run.getObjectType(), to, ids,
                            run.getHubspotType(), run.getCustomObjects().hubspot(named)))),
                            ids.get(ids.size() - 1));
                    return true;
                }
                saveCursor(c, sweep, to, null, true);
                LOG.debug("{}: every stored record checked toward {}", sweep, to);
                sweep.nextPair();
            }
        }
        sweep.setChunk(null, 0);
        return false;
    }

    /** One chunk read: its associations replaced, the pair's cursor moved past it and the lease renewed, in one transaction. */
    public void writeChunk(@ExchangeProperty("sweep") AssociationSweep sweep,
                           @ExchangeProperty("associations") PageAssociations chunk) throws SQLException {
        SyncRun run = sweep.getRun();
        if (chunk.isPending()) {
            throw new IllegalStateException("the chunk's associations are not all read: " + chunk.getCurrent());
        }
        if (chunk.getReads().isEmpty()) {
            // the token may not read the to-type (MissingScopes said so): the pair's rows and cursor stay
            sweep.nextPair();
            return;
        }
        AssociationRead read = chunk.getReads().get(0);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                // the page writers of this type hold the same lock: no page and chunk interleave
                PairLock.lock(c, run.getConnectionId(), run.getObjectType());
                renew(c, sweep);
                AssociationRows.Changes changes = rows.replace(c, run.getConnectionId(), read);
                saveCursor(c, sweep, read.getToType(), sweep.getLastId(), false);
                c.commit();
                sweep.count(read.getLinks().size(), changes.added(), changes.changed(), changes.removed());
                if (changes.total() > 0) {
                    LOG.debug("{}: {} ids toward {}: {} added, {} changed, {} removed", sweep, read.getLinks().size(),
                            read.getToType(), changes.added(), changes.changed(), changes.removed());
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static Long cursor(Connection c, String connectionId, String fromType, String toType) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT after_id FROM association_sweeps WHERE connection_id = ? "
                + "AND from_type = ? AND to_type = ?")) {
            ps.setString(1, connectionId);
            ps.setString(2, fromType);
            ps.setString(3, toType);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long v = rs.getLong(1);
                return rs.wasNull() ? null : v;
            }
        }
    }

    private void saveCursor(Connection c, AssociationSweep sweep, String toType, Long after, boolean finished)
            throws SQLException {
        SyncRun run = sweep.getRun();
        Timestamp now = Timestamp.from(clock.instant());
        int n = CheckpointStore.updateCount(c, "UPDATE association_sweeps SET after_id = ?, updated_at = ?, "
                + "started_at = CASE WHEN after_id IS NULL THEN ? ELSE started_at END, "
                + "finished_at = CASE WHEN ? THEN ? ELSE finished_at END "
                + "WHERE connection_id = ? AND from_type = ? AND to_type = ?", after, now, now, finished, now,
                run.getConnectionId(), run.getObjectType(), toType);
        if (n == 0) {
            CheckpointStore.update(c, "INSERT INTO association_sweeps (connection_id, from_type, to_type, after_id, "
                    + "started_at, finished_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", run.getConnectionId(),
                    run.getObjectType(), toType, after, now, finished ? now : null, now);
        }
    }

    /** Records the sweep's outcome in its run row and releases the lease (a crash leaves it to expire). */
    public void finish(@ExchangeProperty("sweep") AssociationSweep sweep) throws SQLException {
        SyncRun run = sweep.getRun();
        run.setFinishedAt(clock.instant());
        if (!sweep.isClaimed()) {
            LOG.debug("{} skipped: held by {}", sweep, sweep.getHeldBy());
            return;
        }
        String name = leaseName(run.getObjectType());
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            CheckpointStore.update(c, "UPDATE sync_runs SET finished_at = ?, success = ?, unchanged = ?, updated = ?, "
                    + "requests = ?, throttled = ?, checkpoint_to = ?, error = ? WHERE id = ? AND abandoned = FALSE",
                    Timestamp.from(clock.instant()), run.isSucceeded(), sweep.getChecked(), sweep.getChanged(),
                    run.getRequests(), run.getThrottled(), "checked=" + sweep.getChecked(),
                    run.getError() == null ? null : CheckpointStore.truncate(run.getError(), 2000), sweep.getRunId());
            WorkLease.free(c, sweep, name);
            // its notice, like a sync run's (phase ASSOC_SWEEP): only when it changed rows or failed, so a
            // backend learns of association changes no record shows (docs/notices.md)
            checkpoints.notice(c, run, "checked=" + sweep.getChecked());
            c.commit();
        } finally {
            WorkLease.leave(leases, sweep, name);
        }
        double secs = Math.max(0.001, run.elapsed().toMillis() / 1000.0);
        if (run.isSucceeded()) {
            LOG.info("{} done: {} records checked in {} s ({}/s), {} association rows changed, {} requests", sweep,
                    String.format("%,d", sweep.getChecked()), String.format("%.1f", secs),
                    String.format("%,d", Math.round(sweep.getChecked() / secs)),
                    String.format("%,d", sweep.getChanged()), String.format("%,d", run.getRequests()));
        } else {
            LOG.warn("{} failed after {} records checked (the next sweep resumes there): {}", sweep,
                    String.format("%,d", sweep.getChecked()), run.getError());
        }
    }

    static String leaseName(String objectType) {
        return objectType + ":associations";
    }

    /** Renews the lease inside a chunk's transaction (WorkLease.renew). */
    private void renew(Connection c, AssociationSweep sweep) throws SQLException {
        WorkLease.renew(c, leases, sweep, leaseName(sweep.getRun().getObjectType()));
    }
}
