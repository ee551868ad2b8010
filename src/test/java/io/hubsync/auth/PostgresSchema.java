package io.hubsync.auth;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A schema of its own on the PostgreSQL of PostgresTest (127.0.0.1:5432, database test); skips the test
 * when absent. Tests of other packages use it too (AssociationsHttpApiTest).
 */
public final class PostgresSchema {
    public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String USER = "postgres";

    private PostgresSchema() { }

    public static String create() {
        String schema = "hubsync_" + UUID.randomUUID().toString().substring(0, 8);
        String why = null;
        try (Connection c = DriverManager.getConnection(SERVER + "?connectTimeout=3", USER, "")) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            why = e.getMessage();
        }
        assumeTrue(why == null, "SKIPPED: no PostgreSQL at " + SERVER + " as user " + USER + " (" + why + ")");
        return schema;
    }

    public static void drop(String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER, USER, "")) {
            c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
