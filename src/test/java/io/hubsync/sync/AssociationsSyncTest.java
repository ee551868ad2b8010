package io.hubsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.core.AssociationSweep;
import io.hubsync.core.SyncRun;
import io.hubsync.emulator.EmulatorFixture;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Associations (docs/associations.md) against the emulator over HTTP, on an H2 file: the database's live
 * rows must equal the emulator's own (its admin dump with {@code associations=}), pair by pair, after a
 * backfill, after changes no record shows (only the sweep sees them), after merges and archives, and a
 * run whose association read fails stores nothing of that page.
 */
class AssociationsSyncTest {
    EmulatorFixture emu;
    SyncHarness sync;

    void start(Consumer<io.hubsync.emulator.EmulatorConfig> tune, String objects) throws Exception {
        emu = new EmulatorFixture(c -> {
            c.indexDelayMillis = 0;
            tune.accept(c);
        });
        sync = new SyncHarness(emu).set("sync.objects", objects);
        sync.start();
    }

    @AfterEach
    void stop() {
        if (sync != null) {
            sync.close();
        }
        if (emu != null) {
            emu.close();
        }
    }

    @Test
    void aBackfillStoresEveryConfiguredPairAsHubSpotHasIt() throws Exception {
        // pages of 3 associations per input: a contact's or deal's associations span several requests
        start(c -> {
            c.contacts = 300;
            c.companies = 40;
            c.deals = 120;
            c.associationBatchPageSize = 3;
        }, "contacts,companies,deals");
        List<Long> contacts = ids("contacts");
        List<Long> companies = ids("companies");
        List<Long> deals = ids("deals");
        // every deal with 1 to 7 contacts and a company
        List<long[]> dealContacts = new ArrayList<>();
        List<long[]> dealCompanies = new ArrayList<>();
        for (int i = 0; i < deals.size(); i++) {
            for (int k = 0; k <= i % 7; k++) {
                dealContacts.add(new long[] {deals.get(i), contacts.get((i * 7 + k * 13) % contacts.size())});
            }
            dealCompanies.add(new long[] {deals.get(i), companies.get(i % companies.size())});
        }
        associate("deals", "contacts", dealContacts);
        associate("deals", "companies", dealCompanies);

        sync.runOnce();

        assertSame("contacts", "companies");
        assertSame("deals", "contacts");
        assertSame("deals", "companies");
        assertEquals(0, sync.count("SELECT COUNT(*) FROM associations WHERE from_type = 'companies'"),
                "companies keep none by default: the reverse of contacts'");
        // the views: one row per pair of records, the primary flag from type 1 (and 5 for deals)
        assertEquals(300, sync.count("SELECT COUNT(*) FROM contact_companies WHERE is_primary"));
        assertEquals(sync.count("SELECT COUNT(DISTINCT from_id * 1000000 + to_id) FROM associations "
                + "WHERE from_type = 'deals' AND to_type = 'contacts'"), sync.count("SELECT COUNT(*) FROM deal_contacts"));
        assertEquals(120, sync.count("SELECT COUNT(*) FROM deal_companies"));
        assertEquals(300, sync.count("SELECT COUNT(*) FROM contact_companies cc JOIN records r ON r.connection_id = "
                + "cc.connection_id AND r.object_type = 'companies' AND r.id = cc.company_id"));

        // read again with nothing changed: no row moves
        long seq = sync.count("SELECT MAX(change_seq) FROM associations");
        sync.runOnce();
        assertEquals(seq, sync.count("SELECT MAX(change_seq) FROM associations"));
    }

    @Test
    void changesNoRecordShowsAreMissedByWindowsAndFixedByTheSweep() throws Exception {
        start(c -> {
            c.contacts = 1_000;
            c.companies = 50;
        }, "contacts");
        sync.runOnce();
        assertSame("contacts", "companies");
        List<Long> contacts = ids("contacts");
        List<Long> companies = ids("companies");
        // 15,000 association-only changes: HubSpot moves neither record's last-modified date
        List<long[]> added = new ArrayList<>();
        for (int i = 0; i < contacts.size(); i++) {
            for (int k = 1; added.size() < 15 * (i + 1); k++) {
                long company = companies.get((i + k * 3) % companies.size());
                if (!linked(contacts.get(i), company)) {
                    added.add(new long[] {contacts.get(i), company});
                }
            }
        }
        assertEquals(15_000, added.size());
        associate("contacts", "companies", added);

        SyncRun window = sync.runOnce().get(0);
        assertEquals(0, window.getAdded() + window.getUpdated(), "no record changed");
        Map<Long, Map<Long, Set<Integer>>> want = expected("contacts", "companies");
        assertNotEquals(want, stored("contacts", "companies"), "a window cannot see association-only changes");

        AssociationSweep sweep = sweep("contacts");
        assertTrue(sweep.getRun().isSucceeded(), sweep.getRun().getError());
        assertEquals(1_000, sweep.getChecked());
        assertEquals(15_000, sweep.getChanged(), "each new pair has its unlabeled type and nothing else");
        assertEquals(want, stored("contacts", "companies"));
        assertEquals(1, sync.count("SELECT COUNT(*) FROM sync_runs WHERE phase = 'ASSOC_SWEEP' AND success "
                + "AND unchanged = 1000 AND updated = 15000"));
        assertEquals(1, sync.count("SELECT COUNT(*) FROM association_sweeps WHERE after_id IS NULL "
                + "AND finished_at IS NOT NULL"), "a pair swept to its end starts over next time");
        // 0 × 429 even so: the reads have a budget of their own
        assertEquals(0, emu.emulator.stats().count("assoc.batch.read", 429, 0));

        // the next sweep finds nothing to do
        long seq = sync.count("SELECT MAX(change_seq) FROM associations");
        assertEquals(0, sweep("contacts").getChanged());
        assertEquals(seq, sync.count("SELECT MAX(change_seq) FROM associations"));
    }

    @Test
    void removalsAndChangesDuringABackfillAreSettledByTheSweep() throws Exception {
        start(c -> {
            c.contacts = 2_000;
            c.companies = 100;
        }, "contacts");
        // association changes (adds and removes) at 300 a second while the backfill reads
        emu.admin("POST", "/activity", "{\"perSecond\":300,\"seed\":5,\"mix\":{\"create\":0,\"edit\":0,\"archive\":0,"
                + "\"restore\":0,\"merge\":0,\"gdprDelete\":0,\"associate\":100}}");
        try {
            sync.runOnce();
        } finally {
            emu.admin("DELETE", "/activity", null);
        }
        assertTrue(sync.count("SELECT COUNT(*) FROM associations WHERE deleted IS NULL") > 0);
        // and some removed afterwards
        List<Long> contacts = ids("contacts");
        StringBuilder in = new StringBuilder("{\"inputs\":[");
        for (int i = 0; i < 100; i++) {
            JsonNode links = emu.get("/crm/v4/objects/contacts/" + contacts.get(i) + "/associations/companies").json();
            for (JsonNode l : links.get("results")) {
                in.append(in.charAt(in.length() - 1) == '[' ? "" : ",").append("{\"from\":{\"id\":\"")
                  .append(contacts.get(i)).append("\"},\"to\":[{\"id\":\"").append(l.get("toObjectId").asText())
                  .append("\"}]}");
            }
        }
        assertEquals(204, emu.post("/crm/v4/associations/contacts/companies/batch/archive", in + "]}").status());

        AssociationSweep sweep = sweep("contacts");
        assertTrue(sweep.getRun().isSucceeded(), sweep.getRun().getError());
        assertSame("contacts", "companies");
        assertTrue(sync.count("SELECT COUNT(*) FROM associations WHERE deleted = 'REMOVED'") >= 100);
    }

    @Test
    void aMergeMovesAssociationsToTheSurvivorAndAnArchiveEndsThem() throws Exception {
        start(c -> {
            c.contacts = 50;
            c.companies = 10;
            c.deals = 20;
        }, "contacts,deals");
        List<Long> contacts = ids("contacts");
        List<Long> deals = ids("deals");
        long survivor = contacts.get(0);
        long merged = contacts.get(1);
        long archived = contacts.get(2);
        List<long[]> links = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            links.add(new long[] {deals.get(i), merged});
            links.add(new long[] {deals.get(i + 6), archived});
        }
        links.add(new long[] {deals.get(0), survivor});
        associate("deals", "contacts", links);
        sync.runOnce();
        assertSame("deals", "contacts");
        assertEquals(6, sync.count("SELECT COUNT(*) FROM deal_contacts WHERE contact_id = " + merged));

        assertEquals(200, emu.post("/crm/v3/objects/contacts/merge", "{\"primaryObjectId\":\"" + survivor
                + "\",\"objectIdToMerge\":\"" + merged + "\"}").status());
        assertEquals(204, emu.send("DELETE", "/crm/v3/objects/contacts/" + archived, null, emu.token, null).status());
        // the merge stamps the survivor: the contacts' window reads it and tombstones the merged id; no deal moved
        sync.runOnce();
        assertEquals("MERGED", sync.jdbcString("SELECT deleted FROM records WHERE id = " + merged));
        assertEquals(0, sync.count("SELECT COUNT(*) FROM deal_contacts WHERE contact_id = " + merged));
        assertEquals(6, sync.count("SELECT COUNT(*) FROM deal_contacts WHERE contact_id = " + survivor),
                "moved to the survivor, the deal that had both once");
        assertEquals(6, sync.count("SELECT COUNT(*) FROM associations WHERE to_id = " + merged + " AND deleted = 'MERGED'"));
        assertEquals(sync.count("SELECT COUNT(*) FROM associations WHERE from_type = 'contacts' AND from_id = "
                + merged), sync.count("SELECT COUNT(*) FROM associations WHERE from_type = 'contacts' AND from_id = "
                + merged + " AND deleted = 'MERGED'"), "the merged-away contact's own end with it");

        // the archive: the archived sweep tombstones the contact, and its associations end with it
        try (ProducerTemplate t = sync.context().createProducerTemplate()) {
            t.request("direct:archived-sweep", e -> {
                e.setProperty("connectionId", "default");
                e.setProperty("objectType", "contacts");
            });
        }
        assertEquals("ARCHIVED", sync.jdbcString("SELECT deleted FROM records WHERE id = " + archived));
        assertEquals(0, sync.count("SELECT COUNT(*) FROM associations WHERE deleted IS NULL AND (to_id = " + archived
                + " OR from_id = " + archived + ")"));
        assertTrue(sync.count("SELECT COUNT(*) FROM associations WHERE to_id = " + archived + " AND deleted = 'ARCHIVED'") == 6);
        assertSame("deals", "contacts");
        assertSame("contacts", "companies");
    }

    @Test
    void aFailedAssociationReadFailsTheRunAndLeavesNoRowOfItsPage() throws Exception {
        // the first page's read answers; the second's answers truncated JSON, every retry too
        failingAssociationReads(300, 20, "\"ok\",\"truncate\",\"truncate\",\"truncate\"");
        assertEquals(100, sync.count("SELECT COUNT(*) FROM records"), "the first page only");
        assertEquals(100, sync.count("SELECT COUNT(DISTINCT from_id) FROM associations"));
        assertEquals(0, sync.count("SELECT COUNT(*) FROM associations a WHERE NOT EXISTS (SELECT 1 FROM records r "
                + "WHERE r.id = a.from_id)"), "no association of a record not stored");
        String after = sync.jdbcString("SELECT list_after FROM sync_state WHERE object_type = 'contacts'");
        assertTrue(after != null, "the checkpoint stands after the first page");

        // the next run resumes there and ends equal
        sync.runOnce();
        assertEquals(300, sync.count("SELECT COUNT(*) FROM records"));
        assertSame("contacts", "companies");
    }

    @Test
    void aPrefetchedAssociationReadFailingFailsTheRunAtTheLastWrittenPage() throws Exception {
        // each page's associations are read with the page ahead (io.hubsync.sync.PagePrefetch): page 1's
        // with the run's first page, pages 2-4's while the page before was written; page 5's, asked for
        // while page 4 was written, fails on its first try and both retries
        SyncRun failed = failingAssociationReads(700, 30, "\"ok\",\"ok\",\"ok\",\"ok\",503,503,503");
        assertTrue(failed.getError().contains("503"), failed.getError());
        assertEquals(3, emu.emulator.stats().count("assoc.batch.read", 503, 0), "the prefetched read got its 2 retries");

        // pages 1-4 and their associations, nothing of page 5: its records were not written without them
        List<Long> contacts = new ArrayList<>(new TreeSet<>(ids("contacts")));  // list order: by id
        assertEquals(new TreeSet<>(contacts.subList(0, 400)), storedIds(), "pages 1-4 exactly");
        assertEquals(failed.getListAfter(), sync.jdbcString("SELECT list_after FROM sync_state "
                + "WHERE object_type = 'contacts'"), "the checkpoint is the cursor after page 4");
        Map<Long, Map<Long, Set<Integer>>> want = expected("contacts", "companies");
        want.keySet().retainAll(contacts.subList(0, 400));
        assertFalse(want.isEmpty(), "the emulator associates contacts with companies");
        assertEquals(want, stored("contacts", "companies"), "every written page's associations, none of page 5");
        assertEachPageWroteItsOwnAssociations(contacts);

        // the next run resumes after page 4 and ends equal, each page with its own associations still
        sync.runOnce();
        assertEquals(700, sync.count("SELECT COUNT(*) FROM records"));
        assertSame("contacts", "companies");
        assertEachPageWroteItsOwnAssociations(contacts);
    }

    @Test
    void theReadsKeepToABudgetOfTheirOwn() throws Exception {
        // HubSpot's limits on: 40 calls per 10 s for lists, the association reads exempt (docs/hubspot.md §17)
        start(c -> {
            c.contacts = 1_000;
            c.companies = 20;
            c.rateLimits = "40";
        }, "contacts");
        sync.stop();
        sync.set("hubspot.rate-limit", "40").set("hubspot.searches-per-second", "5")
            .set("hubspot.associations.rate-per-second", "2");
        sync.start();
        long started = System.nanoTime();
        SyncRun backfill = sync.runOnce().get(0);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(1_000, backfill.getAdded());
        // 10 pages, a read each, 2 a rolling second: the fifth pair of reads cannot start before 4 s
        assertEquals(10, emu.emulator.stats().count("assoc.batch.read", 200, 0));
        assertTrue(millis >= 4_000, "paced at 2 a second: " + millis + " ms");
        assertEquals(0, emu.emulator.stats().count(null, 429, 0), "no request was refused");
        assertSame("contacts", "companies");
    }

    @Test
    void theSamePathsHoldOnPostgres() throws Exception {
        String schema = "hubsync_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String why = null;
        try (Connection c = java.sql.DriverManager.getConnection(PostgresTest.SERVER + "?connectTimeout=3",
                PostgresTest.USER, "")) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (java.sql.SQLException e) {
            why = e.getMessage();
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(why == null, "SKIPPED: no PostgreSQL at " + PostgresTest.SERVER
                + " (" + why + "); start one to run the PostgreSQL path");
        try {
            emu = new EmulatorFixture(c -> {
                c.indexDelayMillis = 0;
                c.contacts = 400;
                c.companies = 30;
                c.deals = 40;
            });
            sync = new SyncHarness(emu).set("sync.objects", "contacts,deals")
                    .set("db.url", PostgresTest.SERVER + "?currentSchema=" + schema).set("db.user", PostgresTest.USER);
            sync.start();
            List<Long> contacts = ids("contacts");
            List<Long> deals = ids("deals");
            List<long[]> links = new ArrayList<>();
            for (int i = 0; i < deals.size(); i++) {
                links.add(new long[] {deals.get(i), contacts.get(i + 1)});
            }
            associate("deals", "contacts", links);
            sync.runOnce();
            assertSame("contacts", "companies");
            assertSame("deals", "contacts");
            assertEquals(400, sync.count("SELECT COUNT(*) FROM contact_companies WHERE is_primary"));

            // a merge moves the deals' association; an association-only change waits for the sweep
            assertEquals(200, emu.post("/crm/v3/objects/contacts/merge", "{\"primaryObjectId\":\"" + contacts.get(0)
                    + "\",\"objectIdToMerge\":\"" + contacts.get(1) + "\"}").status());
            associate("contacts", "companies", List.of(new long[] {contacts.get(5), ids("companies").get(7)}));
            sync.runOnce();
            assertEquals(1, sync.count("SELECT COUNT(*) FROM deal_contacts WHERE contact_id = " + contacts.get(0)));
            AssociationSweep sweep = sweep("contacts");
            assertTrue(sweep.getRun().isSucceeded(), sweep.getRun().getError());
            assertSame("contacts", "companies");
            assertSame("deals", "contacts");
        } finally {
            stop();
            sync = null;
            emu = null;
            try (Connection c = java.sql.DriverManager.getConnection(PostgresTest.SERVER, PostgresTest.USER, "")) {
                c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    @Test
    void aCustomObjectsAssociationsEqualTheDumpThroughBackfillWindowsAndTheSweep() throws Exception {
        // every car seeded with a contact (the schema's definition toward contacts)
        emu = withCars(200, 300);
        JsonNode schema = emu.get("/crm-object-schemas/v3/schemas").json().get("results").get(0);
        String carsId = schema.get("objectTypeId").asText();
        String fqn = schema.get("fullyQualifiedName").asText();
        // the custom to-type named by its fully qualified name: stored under its name all the same
        sync = new SyncHarness(emu).set("sync.objects", "cars,contacts")
                .set("sync.associations.cars", "contacts").set("sync.associations.contacts", "companies," + fqn);
        sync.start();
        List<SyncRun> backfill = sync.runOnce();
        for (SyncRun r : backfill) {
            assertEquals(carsId, r.getCustomObjects().hubspot(fqn), "HubSpot is called with the objectTypeId");
        }
        assertSame("cars", "contacts");
        assertSame("contacts", "cars");
        assertSame("contacts", "companies");
        assertEquals(300, sync.count("SELECT COUNT(*) FROM associations WHERE from_type = 'cars' AND deleted IS NULL"));
        assertEquals(300, sync.count("SELECT COUNT(*) FROM associations WHERE to_type = 'cars' AND deleted IS NULL"));
        assertEquals(0, sync.count("SELECT COUNT(*) FROM associations WHERE to_type NOT IN ('cars', 'contacts', "
                + "'companies')"), "rows under the type names, as records");

        // association-only changes through the v4 API (the custom type by its FQN and by its id), and some edits
        List<Long> cars = ids("cars");
        List<Long> contacts = ids("contacts");
        List<long[]> added = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            added.add(new long[] {cars.get(i), contacts.get((i * 7 + 3) % contacts.size())});
        }
        associate(fqn, "contacts", added);
        StringBuilder archive = new StringBuilder("{\"inputs\":[");
        for (int i = 200; i < 260; i++) {
            JsonNode links = emu.get("/crm/v4/objects/" + carsId + "/" + cars.get(i) + "/associations/contacts").json();
            for (JsonNode l : links.get("results")) {
                archive.append(archive.charAt(archive.length() - 1) == '[' ? "" : ",").append("{\"from\":{\"id\":\"")
                       .append(cars.get(i)).append("\"},\"to\":[{\"id\":\"").append(l.get("toObjectId").asText())
                       .append("\"}]}");
            }
        }
        assertEquals(204, emu.post("/crm/v4/associations/" + carsId + "/contacts/batch/archive", archive + "]}").status());
        // and the activity generator's: cars' association changes (their partner is contacts)
        emu.admin("POST", "/activity", "{\"perSecond\":500,\"seed\":9,\"objectTypes\":[\"cars\"],\"mix\":{\"create\":0,"
                + "\"edit\":0,\"archive\":0,\"restore\":0,\"merge\":0,\"gdprDelete\":0,\"associate\":100}}");
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> emu.emulator.activity().changes() >= 200);
        } finally {
            emu.admin("DELETE", "/activity", null);
        }

        List<SyncRun> windows = sync.runOnce();
        for (SyncRun w : windows) {
            assertEquals(SyncRun.INCREMENTAL, w.getStartPhase());
            assertEquals(List.of(), sync.differences(w.getObjectType(), w.getProperties()), w.getObjectType());
        }
        assertNotEquals(expected("cars", "contacts"), stored("cars", "contacts"),
                "a window cannot see association-only changes");

        for (String type : List.of("cars", "contacts")) {
            AssociationSweep sweep = sweep(type);
            assertTrue(sweep.getRun().isSucceeded(), sweep.getRun().getError());
        }
        assertSame("cars", "contacts");
        assertSame("contacts", "cars");
        assertSame("contacts", "companies");
        assertTrue(sync.count("SELECT COUNT(*) FROM associations WHERE from_type = 'cars' AND deleted = 'REMOVED'") >= 60);
        assertEquals(2, sync.count("SELECT COUNT(*) FROM association_sweeps WHERE to_type IN ('cars', 'contacts') "
                + "AND finished_at IS NOT NULL"), "each pair's cursor under the type names");
    }

    @Test
    void aPairWhoseToTypeTheTokenMayNotReadIsSkippedWithOneWarnAndItsRowsStay() throws Exception {
        emu = withCars(250, 30);
        // first with every scope: contacts' companies and cars stored
        sync = new SyncHarness(emu).set("sync.objects", "contacts").set("sync.associations.contacts", "companies,cars");
        sync.start();
        sync.runOnce();
        assertSame("contacts", "companies");
        assertSame("contacts", "cars");
        long cars = sync.count("SELECT COUNT(*) FROM associations WHERE to_type = 'cars' AND deleted IS NULL");
        assertEquals(30, cars);
        sync.close();

        // then a token that may read contacts and companies, and list the schemas, but not read custom records
        String token = emu.admin("POST", "/private-apps", "{\"portalId\":" + emu.portalId + ",\"scopes\":["
                + "\"crm.objects.contacts.read\",\"crm.objects.companies.read\",\"crm.schemas.custom.read\"]}")
                .json().get("token").asText();
        sync.set("hubspot.access-token", token);
        sync.start();
        emu.emulator.stats().reset();
        List<Long> contacts = ids("contacts");
        try (io.hubsync.auth.LogCapture log = new io.hubsync.auth.LogCapture()) {
            for (int i = 0; i < 2; i++) {
                // a contact edited and associated with another company: each window has a page for both pairs
                assertEquals(200, emu.send("PATCH", "/crm/v3/objects/contacts/" + contacts.get(i),
                        "{\"properties\":{\"firstname\":\"Skipped\"}}", emu.token, "application/json").status());
                associate("contacts", "companies", List.of(new long[] {contacts.get(i), ids("companies").get(11)}));
                SyncRun run = SyncMain.runOnce(sync.context()).get(0);
                assertTrue(run.isSucceeded(), run.getError());
            }
            AssociationSweep sweep = sweep("contacts");
            assertTrue(sweep.getRun().isSucceeded(), sweep.getRun().getError());
            List<String> warned = log.at(org.apache.logging.log4j.Level.WARN).stream()
                    .filter(l -> l.logger().equals(MissingScopes.class.getName())).map(io.hubsync.auth.LogCapture.Line::text)
                    .toList();
            assertEquals(1, warned.size(), String.join("\n", warned));
            assertTrue(warned.get(0).contains("associations contacts → cars[default]")
                    && warned.get(0).contains("crm.objects.custom.read"), warned.get(0));
        }
        // the readable pair is kept exact; the other's rows stay as they were, not ended
        assertSame("contacts", "companies");
        assertEquals(cars, sync.count("SELECT COUNT(*) FROM associations WHERE to_type = 'cars' AND deleted IS NULL"));
        assertEquals(0, sync.count("SELECT COUNT(*) FROM associations WHERE to_type = 'cars' AND deleted IS NOT NULL"));
        assertEquals(3, emu.emulator.stats().count("assoc.batch.read", 403, 0),
                "one refused read a run and one the sweep, not one a page");
    }

    // ------------------------------------------------------------------ helpers (AssociationsFixture)

    /** A portal with contacts, 20 companies and the custom object cars, each car seeded with a contact. */
    static EmulatorFixture withCars(int contacts, int cars) {
        return new EmulatorFixture(c -> {
            c.indexDelayMillis = 0;
            c.contacts = contacts;
            c.companies = 20;
            c.customObjects.put("cars", cars);
        });
    }

    /** A backfill of contacts (2 retries a call) whose association reads answer as {@code steps} say: it fails. */
    SyncRun failingAssociationReads(int contacts, int companies, String steps) throws Exception {
        start(c -> {
            c.contacts = contacts;
            c.companies = companies;
        }, "contacts");
        sync.stop();
        sync.set("hubspot.max-retries", "2");
        sync.start();
        assertEquals(201, emu.admin("POST", "/faults", "{\"endpoint\":\"assoc.batch.read\",\"steps\":["
                + steps + "]}").status());
        SyncRun failed = SyncMain.runOnce(sync.context()).get(0);
        assertFalse(failed.isSucceeded());
        return failed;
    }

    /**
     * A page's records and its associations take their change_seq in the page's transaction, records
     * first (io.hubsync.store.RecordWriter), and pages are written one after another: so every association
     * row of a record on page p lies after page p's records and before page p+1's. Associations written
     * with another page, the one read ahead or the one before, fall outside. {@code listed}: the ids in
     * list order, 100 a page (docs/behavior.md rule 4).
     */
    void assertEachPageWroteItsOwnAssociations(List<Long> listed) throws Exception {
        Map<Long, Long> recordSeq = new java.util.HashMap<>();
        Map<Long, Long> linkSeq = new java.util.HashMap<>();
        try (Connection c = sync.jdbc()) {
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT id, change_seq FROM records WHERE object_type = 'contacts'")) {
                while (rs.next()) {
                    recordSeq.put(rs.getLong(1), rs.getLong(2));
                }
            }
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT from_id, change_seq FROM associations WHERE from_type = 'contacts'")) {
                while (rs.next()) {
                    linkSeq.merge(rs.getLong(1), rs.getLong(2), Math::min);
                }
            }
        }
        List<long[]> pages = new ArrayList<>();  // per page: lowest and highest change_seq of its records
        for (int i = 0; i < listed.size(); i += 100) {
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            for (Long id : listed.subList(i, Math.min(listed.size(), i + 100))) {
                Long seq = recordSeq.get(id);
                if (seq != null) {
                    lo = Math.min(lo, seq);
                    hi = Math.max(hi, seq);
                }
            }
            pages.add(new long[] {lo, hi});
        }
        assertFalse(linkSeq.isEmpty());
        linkSeq.forEach((from, seq) -> {
            int p = listed.indexOf(from) / 100;
            assertTrue(seq > pages.get(p)[1], "the associations of " + from + " come after its page's records");
            assertTrue(p + 1 == pages.size() || pages.get(p + 1)[0] == Long.MAX_VALUE || seq < pages.get(p + 1)[0],
                    "the associations of " + from + " come before the next page's records");
        });
    }

    Set<Long> storedIds() throws Exception {
        Set<Long> out = new TreeSet<>();
        try (Connection c = sync.jdbc(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT id FROM records WHERE object_type = 'contacts'")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    void assertSame(String from, String to) throws Exception {
        fixture().assertSame(from, to);
    }

    List<Long> ids(String type) {
        return fixture().ids(type);
    }

    boolean linked(long contact, long company) {
        return fixture().linked(contact, company);
    }

    void associate(String from, String to, List<long[]> pairs) {
        fixture().associate(from, to, pairs);
    }

    Map<Long, Map<Long, Set<Integer>>> expected(String from, String to) {
        return fixture().expected(from, to);
    }

    Map<Long, Map<Long, Set<Integer>>> stored(String from, String to) throws Exception {
        return fixture().stored(from, to);
    }

    AssociationSweep sweep(String type) {
        return fixture().sweep(type);
    }

    AssociationsFixture fixture() {
        return new AssociationsFixture(emu, sync);
    }
}
