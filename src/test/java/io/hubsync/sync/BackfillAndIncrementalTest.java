package io.hubsync.sync;

import io.hubsync.core.SyncRun;
import io.hubsync.emulator.EmulatorFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 25,000-contact backfill, then incremental runs over edits and creations: the database equals the
 * emulator. A page read again changes nothing (on 2,000 contacts: 20 pages show it as well as 250).
 */
class BackfillAndIncrementalTest {
    /** what application.properties stores for contacts, plus what every run adds */
    static final List<String> STORED = List.of("hs_object_id", "createdate", "hs_merged_object_ids", "lastmodifieddate",
            "email", "firstname", "lastname", "phone", "mobilephone", "company", "jobtitle", "lifecyclestage",
            "hs_lead_status", "city", "state", "country", "hubspot_owner_id");

    EmulatorFixture emu;
    SyncHarness sync;

    void start(int contacts) throws Exception {
        emu = new EmulatorFixture(c -> c.contacts = contacts);
        sync = new SyncHarness(emu);
        sync.start();
    }

    @AfterEach
    void stop() {
        if (sync != null) {
            sync.close();
            emu.close();
        }
    }

    @Test
    void backfillThenIncrementalMatchesTheEmulator() throws Exception {
        start(25_000);
        SyncRun backfill = sync.runOnce().get(0);
        assertEquals(SyncRun.INITIAL, backfill.getStartPhase());
        // above sync.backfill.split-above: the list endpoint and a search chain read it together (rule 11),
        // and no id twice: every record added once, none found already stored
        assertEquals(25_000, backfill.getAdded());
        assertEquals(0, backfill.getUnchanged() + backfill.getUpdated());
        long listPages = emu.emulator.stats().count("crm.list", 200, 0);
        long searches = emu.emulator.stats().count("crm.search", 200, 0);
        assertTrue(listPages > 10 && listPages < 250, "the list read a part: " + listPages + " pages");
        assertTrue(searches > 10, "search chains read the rest: " + searches + " searches");
        assertEquals(List.of(), sync.differences("contacts", STORED));
        assertEquals(0, sync.count("SELECT COUNT(*) FROM backfill_ranges"), "the split's ranges go with the backfill");

        // the phase flipped with the watermark at the backfill's START minus the lag (DESIGN rule 1)
        assertEquals(backfill.getBackfillStarted(), backfill.getWatermark());

        emu.admin("POST", "/activity", "{\"perSecond\":1000,\"mix\":{\"create\":30,\"edit\":70,\"archive\":0,"
                + "\"restore\":0,\"merge\":0,\"gdprDelete\":0}}");
        await().until(() -> emu.emulator.activity().changes() >= 1_000);
        emu.admin("DELETE", "/activity", null);
        SyncRun window = sync.runOnce().get(0);
        assertEquals(SyncRun.INCREMENTAL, window.getStartPhase());
        assertTrue(window.getAdded() > 0 && window.getUpdated() > 0, window.getAdded() + "/" + window.getUpdated());
        // only what changed was read: a few search pages, no list pages
        assertEquals(listPages, emu.emulator.stats().count("crm.list", 0, 0));
        sync.syncUntilQuiet(3);
        assertEquals(List.of(), sync.differences("contacts", STORED));
    }

    @Test
    void rereadingAPageChangesNothing() throws Exception {
        start(2_000);
        sync.runOnce();
        long seq = sync.count("SELECT MAX(change_seq) FROM records");
        // forget the checkpoint: the next run backfills again over the same records
        try (var c = sync.jdbc()) {
            c.createStatement().executeUpdate("UPDATE sync_state SET phase = 'INITIAL', list_after = NULL, "
                    + "backfill_started = NULL");
        }
        SyncRun again = sync.runOnce().get(0);
        assertEquals(0, again.getAdded() + again.getUpdated());
        assertEquals(2_000, again.getUnchanged());
        assertEquals(seq, sync.count("SELECT MAX(change_seq) FROM records"), "no record was rewritten");
    }
}
