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

    /**
     * What a tick of the shared schedule of {@code objectType} queues ({@link #due}); at start
     * ({@code sync.run-at-start}, when the exchange property {@code sinceCron} holds the schedule's cron)
     * only those the schedule would have run by now ({@link #missedTick}): a restart does not run again
     * what ran since the last tick, and several nodes starting together queue only what is due.
     */
    public List<String> dueNow(@org.apache.camel.ExchangeProperty("objectType") String objectType,
                               @org.apache.camel.ExchangeProperty("sinceCron") String sinceCron)
            throws SQLException, java.text.ParseException {
        List<String> due = due(objectType);
        if (sinceCron == null || io.hubsync.core.ObjectTypes.ALL.equals(objectType)) {
            // `*`: each type's checkpoint decides what its run reads
            return due;
        }
        List<String> out = new ArrayList<>();
        for (String id : due) {
            if (missedTick(id, objectType, sinceCron)) {
                out.add(id);
            }
        }
        return out;
    }

    /**
     * Whether the schedule {@code cron} would have run this connection's object type by now: it never
     * ran with success, or the schedule had a tick since its last good run started.
     */
    public boolean missedTick(String connectionId, String objectType, String cron) throws SQLException,
            java.text.ParseException {
        // the sync's runs of the type, not its sweeps (nor the owners reads)
        return SweepStore.tickSince(ds, clock, cron, "SELECT MAX(started_at) FROM sync_runs WHERE connection_id = ? "
                + "AND object_type = ? AND success = TRUE AND phase NOT IN ('ARCHIVED_SWEEP', 'ASSOC_SWEEP', 'OWNERS')",
                connectionId, objectType);
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
