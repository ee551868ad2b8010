package io.hubsync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU of the PostgreSQL server processes that serve one bench run: the backends whose
 * {@code application_name} is the run's schema (the bench's URL sets it), read from
 * {@code /proc/<pid>/stat} (so only with the server on this machine, Linux). Other work on the same
 * server is not counted.
 */
final class PgBackends {
    /** clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ: 100 on Linux) */
    private static final double TICKS_PER_SECOND = 100.0;

    private PgBackends() { }

    /** The user + system ticks of each backend of the run, by pid; empty where /proc cannot be read. */
    static Map<Integer, Long> cpuTicks(String url, String user, String password, String schema) throws SQLException {
        Map<Integer, Long> ticks = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url, user, password);
             PreparedStatement ps = c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int pid = rs.getInt(1);
                    try {
                        String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        // after the command: state is field 3, utime 14 and stime 15 (1-based over the whole line)
                        ticks.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                    } catch (IOException | RuntimeException e) {
                        // not on this machine, or gone since: not counted
                    }
                }
            }
        }
        return ticks;
    }

    /** Seconds of CPU between two readings: new backends count whole, backends gone since count what was read. */
    static double seconds(Map<Integer, Long> before, Map<Integer, Long> after) {
        long sum = 0;
        for (Map.Entry<Integer, Long> e : after.entrySet()) {
            sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return sum / TICKS_PER_SECOND;
    }
}
