package io.hubsync.observe;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each connection and object type stands, read from the database for {@code hubsync status}
 * (docs/operations.md#status): the checkpoint's phase and lag (now − watermark; during a backfill,
 * since it started, as the hubsync_sync_lag_seconds gauge has it), the newest run and how it ended,
 * the live records (owners: the live owners), and the failed runs of the last {@link #ERROR_WINDOW}. Six queries over the
 * whole database however many connections there are; the records count reads the index
 * records_by_change.
 */
public final class SyncStatus {
    /** Failed runs are counted over this much time back. */
    public static final Duration ERROR_WINDOW = Duration.ofHours(24);

    /** One connection and its object types (none before its first run). */
    public record ConnectionRow(String name, String status, List<TypeRow> types) { }

    /**
     * One object type of a connection. {@code lastRun} is null before the first run, {@code lag}
     * without a watermark or backfill start (the owners, a finished or never-started type).
     */
    public record TypeRow(String objectType, String phase, LastRun lastRun, Duration lag, long records, long errors) { }

    /** The newest run of a connection and object type; {@code result} ok, failed or running. */
    public record LastRun(long id, String phase, Instant startedAt, Instant finishedAt, String result, String error) {
        /** As `status --json` and the dashboard show it: times as ISO-8601 text, fields in this order. */
        public Map<String, Object> toMap() {
            Map<String, Object> v = new java.util.LinkedHashMap<>();
            v.put("id", id);
            v.put("phase", phase);
            v.put("startedAt", startedAt.toString());
            v.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
            v.put("result", result);
            v.put("error", error);
            return v;
        }
    }

    private SyncStatus() { }

    public static List<ConnectionRow> read(DataSource dataSource, Instant now) throws SQLException {
        Map<String, ConnectionRow> connections = new TreeMap<>();
        Map<String, Map<String, String>> phases = new HashMap<>();
        Map<String, Map<String, Duration>> lags = new HashMap<>();
        Map<String, Map<String, LastRun>> runs = new HashMap<>();
        Map<String, Map<String, Long>> records = new HashMap<>();
        Map<String, Map<String, Long>> errors = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT id, status FROM connections")) {
                while (rs.next()) {
                    connections.put(rs.getString(1), new ConnectionRow(rs.getString(1), rs.getString(2), new ArrayList<>()));
                }
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT connection_id, object_type, phase, "
                    + "COALESCE(watermark, backfill_started) FROM sync_state")) {
                while (rs.next()) {
                    phases.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getString(3));
                    Timestamp since = rs.getTimestamp(4);
                    if (since != null) {
                        lags.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2),
                                max0(Duration.between(since.toInstant(), now)));
                    }
                }
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT connection_id, object_type, id, phase, started_at, "
                    + "finished_at, success, error FROM sync_runs WHERE id IN (SELECT MAX(id) FROM sync_runs "
                    + "GROUP BY connection_id, object_type)")) {
                while (rs.next()) {
                    Boolean success = (Boolean) rs.getObject(7);
                    Timestamp finished = rs.getTimestamp(6);
                    String result = success == null ? (finished == null ? "running" : "failed") : success ? "ok" : "failed";
                    runs.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), new LastRun(
                            rs.getLong(3), rs.getString(4), rs.getTimestamp(5).toInstant(),
                            finished == null ? null : finished.toInstant(), result, rs.getString(8)));
                }
            }
            counts(c, "SELECT connection_id, object_type, COUNT(*) FROM records WHERE deleted IS NULL "
                    + "GROUP BY connection_id, object_type", null, records);
            // the owners live in a table of their own (docs/owners.md)
            counts(c, "SELECT connection_id, 'owners', COUNT(*) FROM owners WHERE deleted IS NULL GROUP BY connection_id",
                    null, records);
            counts(c, "SELECT connection_id, object_type, COUNT(*) FROM sync_runs WHERE success = FALSE AND started_at > ? "
                    + "GROUP BY connection_id, object_type", Timestamp.from(now.minus(ERROR_WINDOW)), errors);
        }
        for (ConnectionRow row : connections.values()) {
            // every type any table knows for the connection, in name order
            TreeMap<String, Boolean> types = new TreeMap<>();
            for (Map<String, ? extends Object> m : List.of(phases.getOrDefault(row.name(), Map.of()),
                    runs.getOrDefault(row.name(), Map.of()), records.getOrDefault(row.name(), Map.of()))) {
                m.keySet().forEach(t -> types.put(t, true));
            }
            for (String t : types.keySet()) {
                row.types().add(new TypeRow(t, phases.getOrDefault(row.name(), Map.of()).get(t),
                        runs.getOrDefault(row.name(), Map.of()).get(t), lags.getOrDefault(row.name(), Map.of()).get(t),
                        records.getOrDefault(row.name(), Map.of()).getOrDefault(t, 0L),
                        errors.getOrDefault(row.name(), Map.of()).getOrDefault(t, 0L)));
            }
        }
        return new ArrayList<>(connections.values());
    }

    /**
     * HubSpot's 429s by connection, as the runs that started since {@code since} counted them (a run
     * under way adds its count when it ends).
     */
    public static Map<String, Long> throttledSince(DataSource dataSource, Instant since) throws SQLException {
        Map<String, Map<String, Long>> byConnection = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            counts(c, "SELECT connection_id, 'all', SUM(throttled) FROM sync_runs WHERE started_at >= ? "
                    + "GROUP BY connection_id", Timestamp.from(since), byConnection);
        }
        Map<String, Long> out = new TreeMap<>();
        byConnection.forEach((connection, all) -> out.put(connection, all.get("all")));
        return out;
    }

    private static void counts(Connection c, String sql, Timestamp since, Map<String, Map<String, Long>> into)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (since != null) {
                ps.setTimestamp(1, since);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    into.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getLong(3));
                }
            }
        }
    }

    private static Duration max0(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
