package io.hubsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.core.SyncRun;
import io.hubsync.emulator.EmulatorFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The next page is requested while the current one is written (routes/backfill.camel.yaml,
 * incremental.camel.yaml). These runs fail or are throttled on exactly the page asked for ahead and
 * check DESIGN's guarantees: the prefetched request gets the retries of any other (429 by policy,
 * 5xx with backoff) with counters of its own; when its retries run out the run fails with the
 * checkpoint at the last page written, every record up to it stored and none after it; and the next
 * run resumes there, re-writing nothing, and ends equal to the emulator.
 */
class PrefetchTest {
    EmulatorFixture emu;
    SyncHarness sync;

    @BeforeEach
    void start() throws Exception {
        emu = new EmulatorFixture(c -> c.contacts = 2_000);
        sync = new SyncHarness(emu).set("hubspot.max-retries", "2");
        sync.start();
    }

    @AfterEach
    void stop() {
        sync.close();
        emu.close();
    }

    void fault(String rule) {
        assertEquals(201, emu.admin("POST", "/faults", rule).status());
    }

    @Test
    void prefetchedListPageFailingFailsTheRunAtTheLastWrittenPage() throws Exception {
        // pages 1-5 answer (page 1 is the run's own request, 2-5 were asked for ahead), then page 6,
        // asked for while page 5 was written, fails on its first try and both retries
        fault("{\"endpoint\":\"crm.list\",\"steps\":[\"ok\",\"ok\",\"ok\",\"ok\",\"ok\",503,503,503]}");
        SyncRun failed = SyncMain.runOnce(sync.context()).get(0);
        assertFalse(failed.isSucceeded());
        assertTrue(failed.getError().contains("503"), failed.getError());
        assertEquals(3, emu.emulator.stats().count("crm.list", 503, 0), "the prefetched page got its 2 retries");
        assertEquals(2 + 6 + 2 + 5, failed.getRequests(),
                "the two span searches (highest and lowest id), 6 list pages and 2 retries, and the associations "
                        + "of each page written");

        // the checkpoint is the cursor after page 5, and the records are exactly pages 1-5
        assertEquals(failed.getListAfter(), listAfter());
        List<Long> all = liveIdsInOrder();
        assertEquals(new TreeSet<>(all.subList(0, 500)), storedIds());

        SyncRun resumed = sync.runOnce().get(0);
        assertEquals(0, resumed.getUnchanged(), "nothing written twice");
        assertEquals(1_500, resumed.getAdded());
        assertEquals(List.of(), sync.differences("contacts", BackfillAndIncrementalTest.STORED));
    }

    @Test
    void prefetchedPagesAreRetriedWithCountersOfTheirOwn() throws Exception {
        // every page from the 3rd on (each asked for ahead) meets two failures before it answers:
        // 2 retries each, within the 2 allowed per request, which holds only if no retry counted on
        // one page carries over to the next (each page asked for ahead counts apart). Page 10's
        // second failure is a 429: waited out as its policy says and retried as well
        List<String> steps = new ArrayList<>(List.of("\"ok\"", "\"ok\""));
        for (int page = 3; page <= 20; page++) {
            steps.addAll(List.of("503", page == 10 ? "{\"kind\":\"429\",\"policy\":\"SECONDLY\"}" : "503", "\"ok\""));
        }
        fault("{\"endpoint\":\"crm.list\",\"steps\":[" + String.join(",", steps) + "]}");
        SyncRun run = sync.runOnce().get(0);
        assertEquals(2_000, run.getAdded());
        assertEquals(0, run.getUnchanged());
        assertEquals(35, emu.emulator.stats().count("crm.list", 503, 0));
        assertEquals(1, run.getThrottled());
        assertEquals(List.of(), sync.differences("contacts", BackfillAndIncrementalTest.STORED));
    }

    @Test
    void prefetchedWindowPageFailingFailsTheRunAtTheLastWrittenPage() throws Exception {
        sync.runOnce();
        emu.admin("POST", "/portals/" + emu.portalId + "/contacts/bulk-touch",
                "{\"count\":1500,\"property\":\"jobtitle\",\"value\":\"Prefetched\"}");
        // window pages of 200: 1-3 answer, the 4th (asked for while the 3rd was written) does not
        fault("{\"endpoint\":\"crm.search\",\"steps\":[\"ok\",\"ok\",\"ok\",502,502,502]}");
        SyncRun failed = SyncMain.runOnce(sync.context()).get(0);
        assertFalse(failed.isSucceeded());
        assertTrue(failed.getError().contains("502"), failed.getError());
        assertEquals(600, failed.getUpdated());
        assertEquals(600, sync.count("SELECT COUNT(*) FROM records WHERE hs_prop(properties, 'jobtitle') = 'Prefetched'"));
        // the window's last id is the highest id of the 600 records written, and no later one is stored
        long lastId = sync.count("SELECT MAX(window_last_id) FROM sync_state");
        assertEquals(failed.getWindowLastId(), lastId);
        assertEquals(lastId, sync.count("SELECT MAX(id) FROM records WHERE hs_prop(properties, 'jobtitle') = 'Prefetched'"));

        SyncRun resumed = sync.runOnce().get(0);
        assertEquals(0, resumed.getUnchanged(), "nothing written twice");
        assertEquals(900, resumed.getUpdated());
        assertEquals(List.of(), sync.differences("contacts", BackfillAndIncrementalTest.STORED));
    }

    String listAfter() throws Exception {
        try (var c = sync.jdbc(); var rs = c.createStatement().executeQuery("SELECT list_after FROM sync_state")) {
            rs.next();
            return rs.getString(1);
        }
    }

    TreeSet<Long> storedIds() throws Exception {
        TreeSet<Long> ids = new TreeSet<>();
        try (var c = sync.jdbc(); var rs = c.createStatement().executeQuery("SELECT id FROM records")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    List<Long> liveIdsInOrder() {
        JsonNode dump = emu.admin("GET", "/portals/" + emu.portalId + "/contacts/dump?properties=email", null).json();
        TreeSet<Long> ids = new TreeSet<>();
        for (JsonNode r : dump.get("records")) {
            if (r.get("state").asText().equals("live")) {
                ids.add(r.get("id").asLong());
            }
        }
        return new ArrayList<>(ids);
    }
}
