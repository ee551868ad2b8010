package io.hubsync.sync;

import io.hubsync.core.OwnersRead;
import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.emulator.crm.CrmRecord;
import io.hubsync.emulator.crm.ObjectStore;
import io.hubsync.emulator.crm.ObjectType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The same migrations and the same sync on PostgreSQL, in a schema of its own. Runs where a
 * PostgreSQL answers on 127.0.0.1:5432 (database test, trust auth, as on CI); elsewhere it is
 * reported as skipped with the reason.
 */
class PostgresTest {
    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String USER = "postgres";
    String schema;
    EmulatorFixture emu;
    SyncHarness sync;

    @BeforeEach
    void start() throws Exception {
        String why = null;
        try (Connection c = DriverManager.getConnection(SERVER + "?connectTimeout=3", USER, "")) {
            schema = "hubsync_" + UUID.randomUUID().toString().substring(0, 8);
            c.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            why = e.getMessage();
        }
        assumeTrue(why == null, "SKIPPED: no PostgreSQL at " + SERVER + " as user " + USER + " (" + why
                + "); start one to run the PostgreSQL path");
        emu = new EmulatorFixture(c -> c.contacts = 3_000);
        sync = new SyncHarness(emu).set("db.url", SERVER + "?currentSchema=" + schema).set("db.user", USER);
        sync.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (sync != null) {
            sync.close();
            emu.close();
        }
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(SERVER, USER, "")) {
                c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    static long migrations(String folder) throws Exception {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration", folder))) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }

    @Test
    void migrationsAndSyncRunOnPostgres() throws Exception {
        // every migration (common and PostgreSQL's own) ran
        assertEquals(migrations("common") + migrations("postgresql"),
                sync.count("SELECT COUNT(*) FROM flyway_schema_history WHERE success"));
        assertEquals(3_000, sync.runOnce().get(0).getAdded());
        ObjectStore contacts = emu.emulator.portal(emu.portalId).store(ObjectType.CONTACTS);
        for (CrmRecord r : contacts.page(0, 500, false).subList(0, 500)) {
            contacts.update(r.id(), Map.of("city", "Porto"), "TEST");
        }
        assertEquals(500, sync.runOnce().get(0).getUpdated());
        assertEquals(List.of(), sync.differences("contacts", BackfillAndIncrementalTest.STORED));
        // plain SQL by property name, the same on PostgreSQL as on H2
        assertEquals(500, sync.count("SELECT COUNT(*) FROM records WHERE hs_prop(properties, 'city') = 'Porto'"));
    }

    @Test
    void ownersAreReadAndJoinRecordsOnPostgres() throws Exception {
        sync.runOnce();
        // the emulator's ten owners: eight live, two archived
        OwnersRead read = OwnersSyncTest.read(sync);
        assertTrue(read.getRun().isSucceeded(), read.getRun().getError());
        assertEquals(8, sync.count("SELECT COUNT(*) FROM owners WHERE deleted IS NULL"));
        assertEquals(2, sync.count("SELECT COUNT(*) FROM owners WHERE deleted = 'ARCHIVED'"));
        long assigned = sync.count("SELECT COUNT(*) FROM records WHERE hs_prop(properties, 'hubspot_owner_id') IS NOT NULL");
        assertTrue(assigned > 0);
        assertEquals(assigned, sync.count("SELECT COUNT(*) FROM records r JOIN owners o ON o.connection_id = "
                + "r.connection_id AND o.id = hs_prop(r.properties, 'hubspot_owner_id')"));
        long seq = sync.count("SELECT MAX(change_seq) FROM owners");
        emu.admin("PATCH", "/portals/" + emu.portalId + "/owners/102", "{\"email\":\"new@example.com\"}");
        assertEquals(1, OwnersSyncTest.read(sync).getRun().getUpdated());
        assertEquals(1, sync.count("SELECT COUNT(*) FROM owners WHERE change_seq > " + seq));
        assertEquals("new@example.com", sync.jdbcString("SELECT email FROM owners WHERE id = '102'"));
    }
}
