package io.hubsync.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A schema of its own for one benchmark run on a PostgreSQL server ({@code bench sync --db-url}): created
 * empty before the run (so the run sees what a fresh installation sees: tables never analyzed), reached
 * through the URL's {@code currentSchema}, and dropped at the end.
 */
final class BenchSchema {
    private BenchSchema() { }

    static String create(String url, String user, String password) throws SQLException {
        String schema = "hubsync_bench_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        }
        return schema;
    }

    /** The URL with {@code currentSchema} set to the schema (any other parameters kept). */
    static String url(String url, String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** pg_stat_user_tables of the schema's records table: live and dead rows, rows changed since the last analyze. */
    static String recordsStats(String url, String user, String password, String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password);
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT n_live_tup, n_dead_tup, n_mod_since_analyze, "
                     + "last_analyze, last_autoanalyze, autoanalyze_count FROM pg_stat_user_tables "
                     + "WHERE schemaname = ? AND relname = 'records'")) {
            ps.setString(1, schema);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "records: no statistics";
                }
                return String.format("records: %,d live rows, %,d dead, %,d changed since analyze, last analyze %s, "
                        + "last autoanalyze %s (%d autoanalyzes)", rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getTimestamp(4), rs.getTimestamp(5), rs.getLong(6));
            }
        }
    }

    static void drop(String url, String user, String password, String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
