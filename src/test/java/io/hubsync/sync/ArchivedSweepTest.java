package io.hubsync.sync;

import io.hubsync.core.ArchivedSweep;
import io.hubsync.core.HubSpotPage;
import io.hubsync.core.SyncRun;
import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.store.RecordWriter;
import io.hubsync.store.SweepStore;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deletes the sync learns without webhooks (DESIGN rule 6): the archived sweep tombstones what HubSpot
 * lists as archived and restores what it lists live again; a page's hs_merged_object_ids tombstone the
 * merged-away ids in the page's transaction. The database shows each tombstone with its reason.
 */
class ArchivedSweepTest {
    EmulatorFixture emu;
    SyncHarness sync;

    @BeforeEach
    void start() throws Exception {
        emu = new EmulatorFixture(c -> c.contacts = 30);
        // notices on, toward a port where nothing listens: they wait in the outbox, where the tests read them
        sync = new SyncHarness(emu).set("notify.url", "http://127.0.0.1:9/hubsync")
                .set("notify.secret", "notice-secret-0123456789-abcdefghijklmnopq");
        sync.start();
        sync.runOnce();
    }

    @AfterEach
    void stop() {
        sync.close();
        emu.close();
    }

    @Test
    void sweepTombstonesArchivedRecordsAndRestoresThemWhenLiveAgain() throws Exception {
        List<Long> ids = sync.liveIds();
        long gone = ids.get(3);
        long back = ids.get(4);
        archive(gone);
        archive(back);
        // archived at HubSpot before hubsync ever stored it
        long neverStored = createContact("{\"email\":\"late@example.com\"}");
        archive(neverStored);

        ArchivedSweep first = sweep();
        assertTrue(first.getRun().isSucceeded(), first.getRun().getError());
        assertEquals(3, first.getDeleted());
        for (long id : List.of(gone, back, neverStored)) {
            Row r = row(id);
            assertEquals("ARCHIVED", r.deleted, "tombstone of " + id);
            assertTrue(r.archived);
            assertTrue(r.archivedAt != null, "archivedAt from HubSpot");
        }
        assertEquals("{}", row(neverStored).properties, "a tombstone of its own for an id never stored");
        assertFalse(row(gone).properties.equals("{}"), "an archived record keeps its last properties");
        assertEquals(1, sync.count("SELECT COUNT(*) FROM sync_runs WHERE phase = 'ARCHIVED_SWEEP' AND success "
                + "AND deleted = 3"));

        // the same again changes nothing: no change_seq moves
        long seq = sync.count("SELECT MAX(change_seq) FROM records");
        assertEquals(0, sweep().getDeleted());
        assertEquals(seq, sync.count("SELECT MAX(change_seq) FROM records"));

        assertEquals(204, emu.admin("POST", "/portals/" + emu.portalId + "/contacts/" + back + "/restore", null).status());
        ArchivedSweep third = sweep();
        assertEquals(1, third.getRestored());
        Row restored = row(back);
        assertNull(restored.deleted);
        assertFalse(restored.archived);
        assertNull(restored.archivedAt);
        assertTrue(restored.changeSeq > seq, "readers paging by change_seq see the restore");
        assertEquals("ARCHIVED", row(gone).deleted, "still archived at HubSpot");
        assertEquals(1, sync.count("SELECT COUNT(*) FROM sync_runs WHERE phase = 'ARCHIVED_SWEEP' AND updated = 1"));
        // a notice for each sweep that changed something (the first and the third), none for the second
        assertEquals(2, sync.count("SELECT COUNT(*) FROM notices WHERE body LIKE '%\"phase\":\"ARCHIVED_SWEEP\"%'"));
        assertEquals(1, sync.count("SELECT COUNT(*) FROM notices WHERE body LIKE '%\"phase\":\"ARCHIVED_SWEEP\"%' "
                + "AND body LIKE '%\"deleted\":3,%'"));
        assertEquals(1, sync.count("SELECT COUNT(*) FROM notices WHERE body LIKE '%\"phase\":\"ARCHIVED_SWEEP\"%' "
                + "AND body LIKE '%\"updated\":1,%'"));
    }

    @Test
    void anArchivedRecordDeletedForGoodIsErased() throws Exception {
        long id = sync.liveIds().get(5);
        long stillArchived = sync.liveIds().get(6);
        archive(id);
        archive(stillArchived);
        sweep();
        assertEquals("ARCHIVED", row(id).deleted);
        assertTrue(row(id).properties.length() > 2, "an archived record keeps its last properties");
        // GDPR-deleted after it was archived: no longer listed as archived, not live, not archived by id
        assertEquals(204, emu.post("/crm/v3/objects/contacts/gdpr-delete", "{\"objectId\":\"" + id + "\"}").status());
        ArchivedSweep next = sweep();
        assertEquals(0, next.getRestored());
        assertEquals("GDPR", row(id).deleted, "gone from HubSpot for good: erased as a GDPR deletion requires");
        assertEquals("{}", row(id).properties);
        assertEquals(1, next.getDeleted());
        assertEquals("ARCHIVED", row(stillArchived).deleted, "a record still archived keeps its tombstone");
        // the next sweep finds nothing new to do
        assertEquals(0, sweep().getDeleted());
    }

    @Test
    void idsMergedIntoARecordArchivedSinceBecomeMergedTombstones() throws Exception {
        long primary = sync.liveIds().get(7);
        long secondary = sync.liveIds().get(8);
        assertEquals(200, emu.post("/crm/v3/objects/contacts/merge", "{\"primaryObjectId\":\"" + primary
                + "\",\"objectIdToMerge\":\"" + secondary + "\"}").status());
        // archived before any sync read the merge: search will never show the survivor again
        archive(primary);
        sweep();
        assertEquals("ARCHIVED", row(primary).deleted);
        assertEquals("MERGED", row(secondary).deleted);
        assertEquals(primary, row(secondary).mergedInto);
    }

    @Test
    void aPagesMergedIdsBecomeMergedTombstones() throws Exception {
        List<Long> ids = sync.liveIds();
        long primary = ids.get(0);
        long secondary = ids.get(1);
        assertEquals(200, emu.post("/crm/v3/objects/contacts/merge",
                "{\"primaryObjectId\":\"" + primary + "\",\"objectIdToMerge\":\"" + secondary + "\"}").status());
        // an id merged away before hubsync stored it: the survivor's page brings its tombstone
        long unseen = createContact("{\"email\":\"dup@example.com\"}");
        assertEquals(200, emu.post("/crm/v3/objects/contacts/merge",
                "{\"primaryObjectId\":\"" + primary + "\",\"objectIdToMerge\":\"" + unseen + "\"}").status());

        sync.runOnce();
        for (long id : List.of(secondary, unseen)) {
            Row r = row(id);
            assertEquals("MERGED", r.deleted, "tombstone of " + id);
            assertEquals(primary, r.mergedInto);
            assertTrue(r.archived);
        }
        assertNull(row(primary).deleted);
        assertTrue(row(primary).properties.contains(String.valueOf(secondary)), "the survivor lists what it took in");

        // re-reading every page changes nothing: the tombstones are there already
        long seq = sync.count("SELECT MAX(change_seq) FROM records");
        try (Connection c = sync.jdbc()) {
            c.createStatement().executeUpdate("UPDATE sync_state SET phase = 'INITIAL', list_after = NULL, "
                    + "backfill_started = NULL");
        }
        sync.runOnce();
        assertEquals(seq, sync.count("SELECT MAX(change_seq) FROM records"), "re-reading changes nothing");

        // a copy of the merged-away record, however new its version, never revives it
        RecordWriter writer = sync.context().getRegistry().lookupByNameAndType("recordWriter", RecordWriter.class);
        HubSpotPage stale = SyncHarness.JSON.readValue("{\"results\":[{\"id\":\"" + secondary + "\",\"properties\":"
                + "{\"email\":\"back@example.com\"},\"updatedAt\":\"2999-01-01T00:00:00Z\",\"archived\":false}]}",
                HubSpotPage.class);
        writer.writeFetched(new SyncRun("default", "contacts", "lastmodifieddate", java.time.Instant.now()), stale,
                List.of(secondary));
        assertEquals("MERGED", row(secondary).deleted);
        assertFalse(row(secondary).properties.contains("back@example.com"));
    }

    @Test
    void twoSweepsOfOnePairNeverOverlap() throws Exception {
        SweepStore sweeps = sync.context().getRegistry().lookupByNameAndType("sweeps", SweepStore.class);
        ArchivedSweep holder = sweeps.begin("default", "contacts");
        assertTrue(holder.isClaimed());
        ArchivedSweep second = sweep();
        assertFalse(second.isClaimed(), "the lease is held");
        assertEquals(0, sync.count("SELECT COUNT(*) FROM sync_runs WHERE phase = 'ARCHIVED_SWEEP' AND finished_at IS NOT NULL"));
        holder.getRun().setSucceeded(true);
        sweeps.finish(holder);
        assertTrue(sweep().isClaimed(), "released: the next sweep runs");
    }

    // ---------------------------------------------------------------- helpers

    ArchivedSweep sweep() {
        try (ProducerTemplate t = sync.context().createProducerTemplate()) {
            Exchange done = t.request("direct:archived-sweep", e -> {
                e.setProperty("connectionId", "default");
                e.setProperty("objectType", "contacts");
            });
            if (done.getException() != null) {
                throw new AssertionError(done.getException());
            }
            return done.getMessage().getBody(ArchivedSweep.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    void archive(long id) {
        assertEquals(204, emu.send("DELETE", "/crm/v3/objects/contacts/" + id, null, emu.token, null).status());
    }

    long createContact(String properties) {
        return emu.post("/crm/v3/objects/contacts", "{\"properties\":" + properties + "}").json().get("id").asLong();
    }

    record Row(String deleted, boolean archived, java.sql.Timestamp archivedAt, Long mergedInto, String properties,
               long changeSeq) { }

    Row row(long id) throws Exception {
        try (Connection c = sync.jdbc(); PreparedStatement ps = c.prepareStatement("SELECT deleted, archived, "
                + "archived_at, merged_into, properties, change_seq FROM records WHERE connection_id = 'default' "
                + "AND object_type = 'contacts' AND id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no row for " + id);
                return new Row(rs.getString(1), rs.getBoolean(2), rs.getTimestamp(3), rs.getObject(4, Long.class),
                        rs.getString(5), rs.getLong(6));
            }
        }
    }
}
