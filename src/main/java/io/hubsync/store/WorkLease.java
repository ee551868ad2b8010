package io.hubsync.store;

import io.hubsync.core.LeasedWork;
import io.hubsync.core.SyncRun;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The lease of work that is no sync run (the archived sweep, the owners read; {@link LeasedWork}): the
 * node's claim on the connection, a {@code work_leases} row of the work's own name, and the work's row
 * in sync_runs, taken, renewed and given back the same way for each.
 */
final class WorkLease {
    private WorkLease() { }

    /** Claims the connection for this node (or joins the work under way here); null then, else who holds it. */
    static String enterNode(DataSource ds, Leases leases, String connectionId) throws SQLException {
        // one pool connection at a time (CheckpointStore.begin says why)
        if (leases.enter(connectionId)) {
            return null;
        }
        try (Connection c = ds.getConnection()) {
            return "the node working for " + connectionId + ": " + Leases.holder(c, connectionId, Leases.NODE);
        }
    }

    /**
     * Under the node's claim: takes the lease {@code name} and opens the work's row in sync_runs (its run's
     * object type, phase and start), closing as abandoned the unfinished rows of {@code abandonedPhases}
     * (SQL on sync_runs.phase) that a node that died left. False when another holds the lease
     * ({@code heldBy} says who, after {@code other}); the node's claim is given back then.
     */
    static boolean claim(DataSource ds, Leases leases, LeasedWork work, String name, String other,
                         String abandonedPhases) throws SQLException {
        SyncRun run = work.getRun();
        String connectionId = run.getConnectionId();
        String token = UUID.randomUUID().toString();
        boolean claimed = false;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            if (!leases.claimWork(c, connectionId, name, token)) {
                c.rollback();
                work.setHeldBy(other + ": " + Leases.holder(c, connectionId, name));
                return false;
            }
            work.setLeaseToken(token);
            // its run counts as claimed: run --once's exit code and the breaker read it so
            run.setClaimToken(token);
            try (PreparedStatement ps = c.prepareStatement("SELECT nextval('sync_run_seq')");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                work.setRunId(rs.getLong(1));
            }
            CheckpointStore.abandoned(c, connectionId, run.getObjectType(), abandonedPhases, run.getStartedAt());
            CheckpointStore.update(c, "INSERT INTO sync_runs (id, connection_id, object_type, phase, started_at, node) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", work.getRunId(), connectionId, run.getObjectType(), run.getPhase(),
                    Timestamp.from(run.getStartedAt()), leases.node());
            c.commit();
            claimed = true;
        } finally {
            if (claimed) {
                leases.hold(Leases.Kind.WORK, connectionId, name, token);
            } else {
                work.setLeaseToken(null);
                run.setClaimToken(null);
                leases.leave(connectionId);
            }
        }
        return true;
    }

    /**
     * Inside a transaction that writes for the work: renews its lease by its token. Work that lost it
     * fails rather than go on beside the work that took it over; the renewal also keeps a second writer
     * waiting until this transaction ends.
     */
    static void renew(Connection c, Leases leases, LeasedWork work, String name) throws SQLException {
        int n = CheckpointStore.updateCount(c, "UPDATE work_leases SET claimed_until = ? WHERE connection_id = ? "
                + "AND name = ? AND claimed_by = ?", leases.until(), work.getRun().getConnectionId(), name,
                work.getLeaseToken());
        if (n != 1) {
            throw new IllegalStateException(work + " lost its lease (this node did not renew it within "
                    + "sync.claim-lease = " + leases.lease() + "); another holds it now");
        }
    }

    /** Inside the transaction that closes the work's row: its lease row freed. */
    static void free(Connection c, LeasedWork work, String name) throws SQLException {
        CheckpointStore.update(c, "UPDATE work_leases SET claimed_by = NULL, claimed_until = NULL "
                + "WHERE connection_id = ? AND name = ? AND claimed_by = ?", work.getRun().getConnectionId(), name,
                work.getLeaseToken());
    }

    /** After it: no more renewals, and the node's claim given back when no other work of the connection goes on here. */
    static void leave(Leases leases, LeasedWork work, String name) throws SQLException {
        leases.drop(Leases.Kind.WORK, work.getRun().getConnectionId(), name, work.getLeaseToken());
        leases.leave(work.getRun().getConnectionId());
    }
}
