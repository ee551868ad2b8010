package io.hubsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * What every sweep (archived, association) does with its lease in work_leases and its row in
 * sync_runs, inside the caller's transaction: open the row (closing a dead node's as abandoned),
 * renew the lease with each page, and free it at the end (docs/behavior.md rule 12).
 */
final class SweepRuns {
    private SweepRuns() { }

    /** A new row in sync_runs for the sweep, its unfinished rows of {@code abandonedPhases} closed first; its id. */
    static long open(Connection c, Leases leases, String connectionId, String objectType, String phase,
                     String abandonedPhases, Instant now) throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement("SELECT nextval('sync_run_seq')");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
        }
        CheckpointStore.abandoned(c, connectionId, objectType, abandonedPhases, now);
        CheckpointStore.update(c, "INSERT INTO sync_runs (id, connection_id, object_type, phase, started_at, node) "
                + "VALUES (?, ?, ?, ?, ?, ?)", id, connectionId, objectType, phase, Timestamp.from(now), leases.node());
        return id;
    }

    /** Renews the lease inside a page's transaction; a sweep that lost it fails rather than go on beside another. */
    static void renew(Connection c, Leases leases, String connectionId, String name, String token, Object sweep)
            throws SQLException {
        int n = CheckpointStore.updateCount(c, "UPDATE work_leases SET claimed_until = ? WHERE connection_id = ? "
                + "AND name = ? AND claimed_by = ?", leases.until(), connectionId, name, token);
        if (n != 1) {
            throw new IllegalStateException(sweep + " lost its lease (this node did not renew it within "
                    + "sync.claim-lease = " + leases.lease() + "); another sweep holds it now");
        }
    }

    /** Frees the lease (a crash leaves it to expire). */
    static void free(Connection c, String connectionId, String name, String token) throws SQLException {
        CheckpointStore.update(c, "UPDATE work_leases SET claimed_by = NULL, claimed_until = NULL "
                + "WHERE connection_id = ? AND name = ? AND claimed_by = ?", connectionId, name, token);
    }
}
