package io.hubsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.core.AssociationSweep;
import io.hubsync.core.SyncRun;
import io.hubsync.emulator.EmulatorFixture;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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

    // ------------------------------------------------------------------ helpers

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
        Map<Long, Map<Long, Set<Integer>>> want = expected(from, to);
        Map<Long, Map<Long, Set<Integer>>> have = stored(from, to);
        if (!want.equals(have)) {
            List<String> diff = new ArrayList<>();
            Set<Long> ids = new TreeSet<>(want.keySet());
            ids.addAll(have.keySet());
            for (Long id : ids) {
                if (!java.util.Objects.equals(want.get(id), have.get(id)) && diff.size() < 5) {
                    diff.add(id + ": want " + want.get(id) + ", have " + have.get(id));
                }
            }
            throw new AssertionError(from + "→" + to + " differs (" + want.size() + " records want, " + have.size()
                    + " have): " + diff);
        }
    }

    List<Long> ids(String type) {
        JsonNode dump = emu.admin("GET", "/portals/" + emu.portalId + "/" + type + "/dump", null).json();
        List<Long> out = new ArrayList<>();
        for (JsonNode r : dump.get("records")) {
            if (r.get("state").asText().equals("live")) {
                out.add(r.get("id").asLong());
            }
        }
        return out;
    }

    boolean linked(long contact, long company) {
        JsonNode links = emu.get("/crm/v4/objects/contacts/" + contact + "/associations/companies").json();
        for (JsonNode l : links.get("results")) {
            if (l.get("toObjectId").asLong() == company) {
                return true;
            }
        }
        return false;
    }

    /** Unlabeled associations through the emulator's v4 batch endpoint, 1,000 a call. */
    void associate(String from, String to, List<long[]> pairs) {
        for (int i = 0; i < pairs.size(); i += 1_000) {
            StringBuilder b = new StringBuilder("{\"inputs\":[");
            for (int k = i; k < Math.min(pairs.size(), i + 1_000); k++) {
                b.append(k == i ? "" : ",").append("{\"from\":{\"id\":\"").append(pairs.get(k)[0])
                 .append("\"},\"to\":{\"id\":\"").append(pairs.get(k)[1]).append("\"}}");
            }
            int status = emu.post("/crm/v4/associations/" + from + "/" + to + "/batch/associate/default", b + "]}").status();
            assertEquals(200, status);
        }
    }

    /** The emulator's live associations: from id → to id → type ids (records without any left out). */
    Map<Long, Map<Long, Set<Integer>>> expected(String from, String to) {
        JsonNode dump = emu.admin("GET", "/portals/" + emu.portalId + "/" + from + "/dump?associations=" + to, null).json();
        Map<Long, Map<Long, Set<Integer>>> out = new TreeMap<>();
        for (JsonNode r : dump.get("records")) {
            JsonNode links = r.path("associations").path(to);
            for (JsonNode l : links) {
                Set<Integer> types = out.computeIfAbsent(r.get("id").asLong(), k -> new TreeMap<>())
                        .computeIfAbsent(l.get("id").asLong(), k -> new TreeSet<>());
                l.get("typeIds").forEach(t -> types.add(t.asInt()));
            }
        }
        return out;
    }

    Map<Long, Map<Long, Set<Integer>>> stored(String from, String to) throws Exception {
        Map<Long, Map<Long, Set<Integer>>> out = new TreeMap<>();
        try (Connection c = sync.jdbc(); PreparedStatement ps = c.prepareStatement("SELECT from_id, to_id, type_id "
                + "FROM associations WHERE from_type = ? AND to_type = ? AND deleted IS NULL")) {
            ps.setString(1, from);
            ps.setString(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>())
                       .computeIfAbsent(rs.getLong(2), k -> new TreeSet<>()).add(rs.getInt(3));
                }
            }
        }
        return out;
    }

    AssociationSweep sweep(String type) {
        try (ProducerTemplate t = sync.context().createProducerTemplate()) {
            Exchange done = t.request("direct:association-sweep", e -> {
                e.setProperty("connectionId", "default");
                e.setProperty("objectType", type);
            });
            if (done.getException() != null) {
                throw new AssertionError(done.getException());
            }
            return done.getMessage().getBody(AssociationSweep.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
