package io.hubsync.verify;

import io.hubsync.app.Application;
import io.hubsync.app.VerifyCommand;
import io.hubsync.auth.LogCapture;
import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.store.Tombstones;
import io.hubsync.sync.SyncHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code hubsync verify} as users run it (the CLI, a --config file) against the emulator and an H2 file. */
class VerifyTest {
    private static final List<String> STORED = List.of("hs_object_id", "createdate", "hs_merged_object_ids",
            "lastmodifieddate", "email", "firstname", "lastname", "phone", "mobilephone", "company", "jobtitle",
            "lifecyclestage", "hs_lead_status", "city", "state", "country", "hubspot_owner_id");

    private EmulatorFixture emu;
    private SyncHarness sync;
    private Path config;
    private String out;
    private String err;

    @BeforeEach
    void start() throws Exception {
        emu = new EmulatorFixture(c -> { });
        sync = new SyncHarness(emu);
        sync.start();
        sync.runOnce();
        assertEquals(List.of(), sync.differences("contacts", STORED));
        Path dir = Files.createDirectories(Path.of("target", "verify-test"));
        config = Files.createTempFile(dir, "application", ".properties");
        Files.writeString(config, sync.overrides().entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                .collect(Collectors.joining("\n")) + "\n");
    }

    @AfterEach
    void stop() {
        sync.close();
        emu.close();
    }

    private int hubsync(String... args) {
        CommandLine cli = Application.commandLine(CommandLine.defaultFactory());
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        cli.setOut(new PrintWriter(o, true));
        cli.setErr(new PrintWriter(e, true));
        List<String> all = new ArrayList<>(List.of("verify", "--config", config.toString()));
        all.addAll(List.of(args));
        int code = cli.execute(all.toArray(String[]::new));
        out = o.toString();
        err = e.toString();
        return code;
    }

    private long firstId(String orderBy, int offset) throws Exception {
        return sync.count("SELECT id FROM records WHERE deleted IS NULL ORDER BY " + orderBy + " OFFSET " + offset
                + " ROWS FETCH FIRST 1 ROWS ONLY");
    }

    @Test
    void findsInjectedDriftAndRepairsIt() throws Exception {
        long deleted = firstId("id", 0);
        long aged = firstId("id", 50);
        long tombstoned = firstId("id", 99);
        long archivedAtHubSpot = firstId("id", 70);
        long extra = 9_000_000_000L;
        try (Connection c = sync.jdbc()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM records WHERE id = ?")) {
                ps.setLong(1, deleted);
                assertEquals(1, ps.executeUpdate());
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE records SET last_modified = last_modified - "
                    + "INTERVAL '1' DAY, properties = '{}' WHERE id = ?")) {
                ps.setLong(1, aged);
                assertEquals(1, ps.executeUpdate());
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO records (connection_id, object_type, id, "
                    + "properties, last_modified, archived, change_seq, synced_at) VALUES ('default', 'contacts', ?, "
                    + "'{}', ?, FALSE, nextval('record_change_seq'), ?)")) {
                ps.setLong(1, extra);
                ps.setTimestamp(2, Timestamp.from(Instant.now().minusSeconds(3600)));
                ps.setTimestamp(3, Timestamp.from(Instant.now().minusSeconds(3600)));
                assertEquals(1, ps.executeUpdate());
            }
            // a tombstone HubSpot still has live, at the same version
            assertEquals(1, new io.hubsync.store.Tombstones(java.time.Clock.systemUTC()).archive(c, "default", "contacts", List.of(tombstoned), Instant.now()));
        }
        // archived at HubSpot without hubsync hearing of it: stored live, listed no more
        assertEquals(204, emu.send("DELETE", "/crm/v3/objects/contacts/" + archivedAtHubSpot, null, emu.token, null)
                .status());
        assertTrue(sync.differences("contacts", STORED).size() > 1);

        assertEquals(VerifyCommand.DRIFT, hubsync("--connection", "default"), out + err);
        assertTrue(out.contains("99 records in HubSpot"), out);
        assertTrue(out.matches("(?s).*missing\\s+2 .*\\b" + deleted + "\\b.*"), out);
        assertTrue(out.matches("(?s).*missing\\s+2 [^\\n]*\\b" + tombstoned + "\\b.*"), out);
        assertTrue(out.matches("(?s).*stale\\s+1\\s+" + aged + "\n.*"), out);
        assertTrue(out.matches("(?s).*extra\\s+2\\s+" + archivedAtHubSpot + " " + extra + "\n.*"), out);
        assertTrue(out.contains("--repair"), out);
        // finding changes nothing
        assertEquals(0, sync.count("SELECT COUNT(*) FROM records WHERE id = " + deleted));

        assertEquals(0, hubsync("--connection", "default", "--type", "contacts", "--repair"), out + err);
        assertTrue(out.contains("repaired: 3 records written, 2 tombstoned"), out);
        assertEquals(List.of(), sync.differences("contacts", STORED));
        // extras become what HubSpot says they are: archived, or gone for good (never there): erased
        assertEquals("ARCHIVED", sync.jdbcString("SELECT deleted FROM records WHERE id = " + archivedAtHubSpot));
        assertTrue(sync.jdbcString("SELECT properties FROM records WHERE id = " + archivedAtHubSpot).length() > 2);
        assertEquals("GDPR", sync.jdbcString("SELECT deleted FROM records WHERE id = " + extra));
        assertEquals(null, sync.jdbcString("SELECT deleted FROM records WHERE id = " + tombstoned));

        assertEquals(0, hubsync("--connection", "default"), out + err);
        assertTrue(out.contains("no drift"), out);
    }

    @Test
    void anExtraMergedAwayBeforeAnySyncSawTheMergeBecomesMergedNotErased() throws Exception {
        long primary = firstId("id", 10);
        long secondary = firstId("id", 11);
        assertEquals(200, emu.post("/crm/v3/objects/contacts/merge", "{\"primaryObjectId\":\"" + primary
                + "\",\"objectIdToMerge\":\"" + secondary + "\"}").status());
        // no sync ran since: the secondary is stored live, and HubSpot lists it nowhere any more
        assertEquals(0, hubsync("--connection", "default", "--repair"), out + err);
        assertEquals("MERGED", sync.jdbcString("SELECT deleted FROM records WHERE id = " + secondary));
        assertEquals(primary, sync.count("SELECT merged_into FROM records WHERE id = " + secondary));
        assertTrue(sync.jdbcString("SELECT properties FROM records WHERE id = " + secondary).length() > 2,
                "merged, not erased");
        assertEquals(List.of(), sync.differences("contacts", STORED));
    }

    @Test
    void badOptionsExitWith2() {
        // one line on stderr; not a failed route, whose error handler logs the exception and its stack
        try (LogCapture logs = new LogCapture()) {
            assertEquals(2, hubsync("--connection", "no-such"), out + err);
            assertEquals("hubsync: --connection: no connection named 'no-such'; `hubsync connections list` shows them",
                    err.trim());
            assertEquals(List.of(), logs.at(org.apache.logging.log4j.Level.ERROR), logs.all());
            assertFalse(logs.all().contains("IllegalArgumentException"), logs.all());
        }
        assertEquals(2, hubsync("--connection", "ghost"), out + err);
        assertTrue(err.contains("no connection named 'ghost'"), err);
        assertEquals(2, hubsync("--connection", "default", "--type", "widgets"), out + err);
        assertTrue(err.contains("--type"), err);
        assertEquals(2, hubsync(), out + err);
        assertTrue(err.contains("--connection"), err);
    }
}
