package io.hubsync.store;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `run --once` skips Flyway for a schema that is current (Database.openingCurrentWithoutFlyway), and only
 * then: a new database, one behind or with a failed migration still goes to Flyway; `run` always does.
 */
class DatabaseTest {

    @Test
    void theNewestMigrationIsTheOneTheCheckKnows() throws IOException {
        Pattern version = Pattern.compile("V(\\d+)__.*\\.sql");
        int newest = 0;
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/db/migration"))) {
            for (Path f : files.toList()) {
                Matcher m = version.matcher(f.getFileName().toString());
                if (m.matches()) {
                    newest = Math.max(newest, Integer.parseInt(m.group(1)));
                }
            }
        }
        assertEquals(newest, Database.NEWEST_MIGRATION, "raise Database.NEWEST_MIGRATION with a new migration");
    }

    @Test
    void aCurrentSchemaSkipsFlywayOnlyWhenAsked() throws Exception {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        // a new database: no history, so Flyway migrates it even when asked to skip a current one
        DataSource first = Database.openingCurrentWithoutFlyway(() -> Database.open(url, "sa", "", 2));
        assertTrue(Database.isCurrent(first));
        // an applied migration whose checksum no longer matches its file: Flyway refuses to start
        sql(first, "UPDATE \"flyway_schema_history\" SET \"checksum\" = 1 WHERE \"version\" = '1'");
        close(first);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> close(Database.open(url, "sa", "", 2)));
        assertTrue(refused.getMessage().startsWith("Cannot migrate the database"), refused.getMessage());
        // run --once does not ask Flyway about a current schema: it starts
        close(Database.openingCurrentWithoutFlyway(() -> Database.open(url, "sa", "", 2)));

        // a failed migration in the history, or a schema behind: not current, Flyway decides
        DataSource ds = Database.openingCurrentWithoutFlyway(() -> Database.open(url, "sa", "", 2));
        sql(ds, "UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '" + Database.NEWEST_MIGRATION + "'");
        assertFalse(Database.isCurrent(ds));
        sql(ds, "DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '" + Database.NEWEST_MIGRATION + "'");
        assertFalse(Database.isCurrent(ds));
        sql(ds, "DROP TABLE \"flyway_schema_history\"");
        assertFalse(Database.isCurrent(ds));
        close(ds);
        sqlOnce(url, "SHUTDOWN");
    }

    private static void sql(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void sqlOnce(String url, String sql) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void close(DataSource ds) throws IOException {
        ((java.io.Closeable) ds).close();
    }
}
