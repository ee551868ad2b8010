package io.hubsync.it;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The database the processes of an integration test share: a schema of its own on the PostgreSQL at
 * 127.0.0.1:5432 (database test; the test is skipped, saying why, where none answers), or an H2 file
 * in the test's folder opened in AUTO_SERVER mode so that the test can read it while hubsync runs.
 */
final class ItDatabase implements AutoCloseable {
    static final String PG_SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String PG_USER = "postgres";

    final String url;
    final String user;
    private final String schema;

    private ItDatabase(String url, String user, String schema) {
        this.url = url;
        this.user = user;
        this.schema = schema;
    }

    static ItDatabase postgres() {
        String schema = "hubsync_it_" + UUID.randomUUID().toString().substring(0, 8);
        String why = null;
        try (Connection c = DriverManager.getConnection(PG_SERVER + "?connectTimeout=3", PG_USER, "")) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            why = e.getMessage();
        }
        assumeTrue(why == null, "SKIPPED: no PostgreSQL at " + PG_SERVER + " as user " + PG_USER + " (" + why + "); "
                + "this test runs hubsync on PostgreSQL, as several nodes must");
        return new ItDatabase(PG_SERVER + "?currentSchema=" + schema, PG_USER, schema);
    }

    static ItDatabase h2(Path dir) {
        return new ItDatabase("jdbc:h2:file:" + dir.toAbsolutePath().resolve("hubsync") + ";AUTO_SERVER=TRUE", "sa", null);
    }

    /** The environment that points hubsync at this database. */
    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("DB_URL", url);
        env.put("DB_USER", user);
        env.put("DB_PASSWORD", "");
        return env;
    }

    /** A fresh db.token-key (DB_TOKEN_KEY): base64 of 32 random bytes, as docs/settings.md asks. */
    static String randomTokenKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, "");
    }

    @Override
    public void close() throws SQLException {
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(PG_SERVER, PG_USER, "")) {
                c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
