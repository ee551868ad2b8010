package io.hubsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Whether a connection runs now, and who is due: its status (ACTIVE, PAUSED by hand, NEEDS_REAUTH
 * from the token step), a pause until HubSpot's daily reset, and the order in which the shared
 * schedule serves connections (the least recently synced first).
 */
public final class ConnectionStatus {
    private final DataSource ds;
    private final ConnectionStore connections;
    private final ConnectionNotices notices;
    private final Clock clock;

    public ConnectionStatus(DataSource ds, ConnectionStore connections, ConnectionNotices notices) {
        this(ds, connections, notices, Clock.systemUTC());
    }

    public ConnectionStatus(DataSource ds, ConnectionStore connections, ConnectionNotices notices, Clock clock) {
        this.ds = ds;
        this.connections = connections;
        this.notices = notices;
        this.clock = clock;
    }

    /**
     * The connections the shared schedule of an object type runs now: ACTIVE, not paused until a
     * later time, without a schedule of their own; the least recently started first, so that a
     * bounded pool serves them in turn (fairness).
     */
    public List<String> due(String objectType) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT c.id FROM connections c LEFT JOIN "
                     + "(SELECT connection_id, MAX(started_at) AS last_started FROM sync_runs WHERE object_type = ? "
                     // archived sweeps (routes/archived.camel.yaml) run on their own schedule: not a sync
                     + "AND phase <> 'ARCHIVED_SWEEP' GROUP BY connection_id) r ON r.connection_id = c.id "
                     + "WHERE c.status = ? AND (c.paused_until IS NULL OR c.paused_until <= ?) AND c.schedule IS NULL "
                     + "ORDER BY r.last_started NULLS FIRST, c.id")) {
            ps.setString(1, objectType);
            ps.setString(2, ConnectionStore.ACTIVE);
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }

    /** Whether a connection's own schedule runs it now: ACTIVE and not paused until later. */
    public boolean runnable(String id) throws SQLException {
        Optional<ConnectionStore.Info> info = connections.find(id);
        return info.isPresent() && info.get().active()
                && (info.get().pausedUntil() == null || !info.get().pausedUntil().isAfter(clock.instant()));
    }

    /** ACTIVE or PAUSED by hand; NEEDS_REAUTH is set by the token step and cleared by a new install. */
    public void setStatus(String id, String status, String reason) throws SQLException {
        try (Connection c = ds.getConnection()) {
            if (CheckpointStore.updateCount(c, "UPDATE connections SET status = ?, status_reason = ?, paused_until = NULL, "
                    + "updated_at = ? WHERE id = ?", status, reason, Timestamp.from(clock.instant()), id) != 1) {
                throw new IllegalArgumentException("no connection named '" + id + "'");
            }
        }
    }

    /** Skipped by the schedules until {@code until} (HubSpot's daily limit is spent). */
    public void pauseUntil(String id, Instant until, String reason) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                Instant before = null;
                try (PreparedStatement ps = c.prepareStatement("SELECT paused_until FROM connections WHERE id = ? "
                        + "FOR UPDATE")) {
                    ps.setString(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new IllegalArgumentException("no connection named '" + id + "'");
                        }
                        before = CheckpointStore.instant(rs.getTimestamp(1));
                    }
                }
                CheckpointStore.update(c, "UPDATE connections SET paused_until = ?, status_reason = ?, updated_at = ? "
                        + "WHERE id = ?", Timestamp.from(until), reason, Timestamp.from(clock.instant()), id);
                // every object type's run meets the same DAILY limit: one notice per pause
                if (!until.equals(before)) {
                    notices.add(c, "connection.paused", id, reason, until);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
