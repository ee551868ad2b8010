package io.hubsync.verify;

import io.hubsync.app.VerifyCommand;
import io.hubsync.auth.LogCapture;
import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.store.Tombstones;
import io.hubsync.sync.AssociationsFixture;
import io.hubsync.sync.SyncHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
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
        // companies, so that contacts have associations (contacts→companies is a default pair)
        emu = new EmulatorFixture(c -> c.companies = 10);
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
        io.hubsync.CommandRun run = io.hubsync.CommandRun.of(CommandLine.defaultFactory(), "verify", config, args);
        out = run.out();
        err = run.err();
        return run.code();
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
    void findsAssociationDriftNoRecordShowsAndRepairsIt() throws Exception {
        AssociationsFixture links = new AssociationsFixture(emu, sync);
        links.assertSame("contacts", "companies");
        List<Long> contacts = links.ids("contacts");
        long gained = contacts.get(3);
        long lost = contacts.get(40);
        long relabeled = contacts.get(80);
        long company = links.ids("companies").stream().filter(id -> !links.linked(gained, id)).findFirst()
                .orElseThrow();
        long lostCompany = sync.count("SELECT to_id FROM associations WHERE from_id = " + lost + " AND type_id = 1");
        long lostRows = sync.count("SELECT COUNT(*) FROM associations WHERE from_id = " + lost + " AND to_id = "
                + lostCompany + " AND deleted IS NULL");
        String label = sync.jdbcString("SELECT label FROM associations WHERE from_id = " + relabeled
                + " AND type_id = 1");
        // in HubSpot only, no record touched: one association made, one ended
        links.associate("contacts", "companies", List.of(new long[] {gained, company}));
        assertEquals(204, emu.post("/crm/v4/associations/contacts/companies/batch/archive", "{\"inputs\":[{\"from\":"
                + "{\"id\":\"" + lost + "\"},\"to\":[{\"id\":\"" + lostCompany + "\"}]}]}").status());
        // in the table only: a label HubSpot does not have
        try (Connection c = sync.jdbc(); PreparedStatement ps = c.prepareStatement("UPDATE associations SET "
                + "label = 'Not HubSpot''s' WHERE from_id = ? AND type_id = 1")) {
            ps.setLong(1, relabeled);
            assertEquals(1, ps.executeUpdate());
        }
        long seq = sync.count("SELECT MAX(change_seq) FROM associations");

        assertEquals(VerifyCommand.DRIFT, hubsync("--connection", "default"), out + err);
        assertTrue(out.matches("(?s).*missing\\s+0\n.*"), "no record drift: " + out);
        assertTrue(out.contains("associations of contacts with companies: 1 missing, " + lostRows + " extra, 1 changed"), out);
        assertEquals(seq, sync.count("SELECT MAX(change_seq) FROM associations"), "finding changes nothing");

        assertEquals(0, hubsync("--connection", "default", "--repair"), out + err);
        long fixed = 1 + lostRows + 1;
        assertTrue(out.contains("repaired: 0 records written, 0 tombstoned, " + fixed + " association rows written"),
                out);
        links.assertSame("contacts", "companies");
        assertEquals(label, sync.jdbcString("SELECT label FROM associations WHERE from_id = " + relabeled
                + " AND type_id = 1"));
        // written as the sync writes: new change_seq values, so readers paging by them see the fix
        assertEquals(fixed, sync.count("SELECT COUNT(*) FROM associations WHERE change_seq > " + seq));
        assertEquals(lostRows, sync.count("SELECT COUNT(*) FROM associations WHERE change_seq > " + seq
                + " AND deleted = 'REMOVED' AND from_id = " + lost));

        assertEquals(0, hubsync("--connection", "default"), out + err);
        assertTrue(out.contains("associations of contacts with companies: 0 missing, 0 extra, 0 changed"), out);
        assertTrue(out.contains("no drift"), out);
    }

    @Test
    void theArchivedSweepsReconciliationRepairsAssociationsAndStoresTheirCounts() throws Exception {
        AssociationsFixture links = new AssociationsFixture(emu, sync);
        long contact = links.ids("contacts").get(5);
        long company = links.ids("companies").stream().filter(id -> !links.linked(contact, id)).findFirst()
                .orElseThrow();
        links.associate("contacts", "companies", List.of(new long[] {contact, company}));
        // the backfill two days ago: a day of sync.reconcile-every has passed, so the sweep reconciles
        try (Connection c = sync.jdbc(); PreparedStatement ps = c.prepareStatement("UPDATE sync_state SET "
                + "backfill_started = ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now().minus(java.time.Duration.ofDays(2))));
            assertEquals(1, ps.executeUpdate());
        }
        try (org.apache.camel.ProducerTemplate t = sync.context().createProducerTemplate()) {
            org.apache.camel.Exchange done = t.request("direct:archived-sweep", e -> {
                e.setProperty("connectionId", "default");
                e.setProperty("objectType", "contacts");
            });
            assertEquals(null, done.getException());
        }
        links.assertSame("contacts", "companies");
        assertEquals("checked=100 associations=companies:1/0/0", sync.jdbcString("SELECT checkpoint_to FROM "
                + "sync_runs WHERE phase = 'RECONCILE' AND success"));
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
