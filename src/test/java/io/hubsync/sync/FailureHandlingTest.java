package io.hubsync.sync;

import io.hubsync.core.SyncRun;
import io.hubsync.emulator.EmulatorFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HubSpot failing mid-run, as DESIGN rules 3 and 8 say to handle it: retry what is transient, keep the checkpoint. */
class FailureHandlingTest {
    EmulatorFixture emu;
    SyncHarness sync;

    @BeforeEach
    void start() throws Exception {
        emu = new EmulatorFixture(c -> c.contacts = 2_000);
        sync = new SyncHarness(emu).set("hubspot.max-retries", "3");
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

    SyncRun runOnceAllowingFailure() {
        return SyncMain.runOnce(sync.context()).get(0);
    }

    @Test
    void searchCapMidWindowRestartsFromTheLastIdAndTheRunGoesOn() throws Exception {
        sync.runOnce();
        emu.admin("POST", "/portals/" + emu.portalId + "/contacts/bulk-touch",
                "{\"count\":1000,\"property\":\"jobtitle\",\"value\":\"Capped\"}");
        fault("{\"endpoint\":\"crm.search\",\"steps\":[\"ok\",\"ok\",{\"kind\":\"search-cap\"},\"ok\"]}");
        SyncRun run = sync.runOnce().get(0);
        assertEquals(1_000, run.getUpdated());
        assertEquals(1, emu.emulator.stats().count("crm.search", 400, 0));
        assertEquals(List.of(), sync.differences("contacts", BackfillAndIncrementalTest.STORED));
    }

    @Test
    void truncatedPageIsReadAgain() throws Exception {
        fault("{\"endpoint\":\"crm.list\",\"steps\":[\"ok\",\"ok\",\"truncate\"]}");
        SyncRun run = sync.runOnce().get(0);
        assertEquals(2_000, run.getAdded());
        assertEquals(List.of(), sync.differences("contacts", BackfillAndIncrementalTest.STORED));
    }

    @Test
    void burstOf503IsRetriedWithBackoff() throws Exception {
        fault("{\"endpoint\":\"crm.list\",\"steps\":[\"ok\",503,{\"kind\":\"status\",\"status\":502,\"html\":true},504]}");
        SyncRun run = sync.runOnce().get(0);
        assertEquals(2_000, run.getAdded());
        assertEquals(1, emu.emulator.stats().count("crm.list", 503, 0));
        assertEquals(List.of(), sync.differences("contacts", BackfillAndIncrementalTest.STORED));
    }

    @Test
    void stormOf429sAndABurstOf503sEndCorrectlyWithBoundedRetries() throws Exception {
        // a third of list and search calls refused by rate limit, a tenth failing with 503, seeded (seeds under
        // which no one request meets three 429s and then a 503: Camel counts both against hubspot.max-retries)
        fault("{\"endpoint\":\"crm.list\",\"probability\":0.33,\"seed\":21,\"fault\":{\"kind\":\"429\"}}");
        fault("{\"endpoint\":\"crm.search\",\"probability\":0.33,\"seed\":12,\"fault\":{\"kind\":\"429\"}}");
        fault("{\"endpoint\":\"crm.*\",\"probability\":0.1,\"seed\":13,\"fault\":{\"kind\":\"status\",\"status\":503}}");
        SyncRun backfill = sync.runOnce().get(0);
        emu.admin("POST", "/portals/" + emu.portalId + "/contacts/bulk-touch",
                "{\"count\":1500,\"property\":\"jobtitle\",\"value\":\"Stormy\"}");
        SyncRun window = sync.runOnce().get(0);
        assertEquals(2_000, backfill.getAdded());
        assertEquals(1_500, window.getUpdated());
        assertEquals(List.of(), sync.differences("contacts", BackfillAndIncrementalTest.STORED));
        long refused = emu.emulator.stats().count(null, 429, 0);
        long failed = emu.emulator.stats().count(null, 503, 0);
        // each page's association read too (no fault rule names those: they all answered)
        long associationReads = emu.emulator.stats().count("assoc.batch.read", 0, 0);
        long sent = emu.emulator.stats().count("crm.list", 0, 0) + emu.emulator.stats().count("crm.search", 0, 0)
                + associationReads;
        assertTrue(refused > 5 && failed > 1, "the storm happened: " + refused + " 429s, " + failed + " 503s");
        assertEquals(refused, backfill.getThrottled() + window.getThrottled(), "each 429 waited once, then retried");
        // every refused or failed request was retried once per failure, nothing more
        assertEquals(sent, backfill.getRequests() + window.getRequests());
        assertEquals(sent - refused - failed, backfill.getPages() + window.getPages() + 2 + associationReads,
                "pages, their association reads and the backfill's two span searches succeeded; every other request "
                        + "was a retry of a refused or failed one");
    }

    @Test
    void retriesAreCountedPerRequestNotPerRun() throws Exception {
        // three failures on each of three pages: each page is within its 3 retries
        fault("{\"endpoint\":\"crm.list\",\"steps\":[503,503,503,\"ok\",\"truncate\",503,\"reset\",\"ok\","
                + "504,503,503,\"ok\"]}");
        SyncRun run = sync.runOnce().get(0);
        assertEquals(2_000, run.getAdded());
        assertEquals(List.of(), sync.differences("contacts", BackfillAndIncrementalTest.STORED));
    }

    @Test
    void outageLongerThanTheRetriesFailsTheRunWithTheCheckpointIntact() throws Exception {
        // page 1 and 2 succeed, then 503 on every attempt of page 3 (1 + 3 retries)
        fault("{\"endpoint\":\"crm.list\",\"steps\":[\"ok\",\"ok\",503,503,503,503]}");
        SyncRun failed = runOnceAllowingFailure();
        assertFalse(failed.isSucceeded());
        assertTrue(failed.getError().contains("503"), failed.getError());
        assertEquals(200, sync.count("SELECT COUNT(*) FROM records"));
        assertEquals(String.valueOf(failed.getListAfter()), checkpointAfter(), "the cursor of page 3 was kept");
        SyncRun resumed = sync.runOnce().get(0);
        assertEquals(1_800, resumed.getAdded());
        assertEquals(List.of(), sync.differences("contacts", BackfillAndIncrementalTest.STORED));
    }

    @Test
    void truncatedPagesBeyondTheRetriesFailTheRunWithTheCheckpointIntact() throws Exception {
        fault("{\"endpoint\":\"crm.list\",\"steps\":[\"ok\",\"truncate\",\"truncate\",\"truncate\",\"truncate\"]}");
        SyncRun failed = runOnceAllowingFailure();
        assertFalse(failed.isSucceeded());
        assertEquals(100, sync.count("SELECT COUNT(*) FROM records"));
        assertEquals(String.valueOf(failed.getListAfter()), checkpointAfter());
        assertEquals(1_900, sync.runOnce().get(0).getAdded());
    }

    @Test
    void refusalsAreNotRetriedAndCarryHubSpotsMessage() throws Exception {
        // a 403 other than MISSING_SCOPES (which skips the type: docs/behavior.md rule 13)
        fault("{\"endpoint\":\"crm.list\",\"fault\":{\"kind\":\"status\",\"status\":403,\"message\":\"This portal "
                + "is locked\",\"category\":\"FORBIDDEN\"}}");
        SyncRun failed = runOnceAllowingFailure();
        assertFalse(failed.isSucceeded());
        assertEquals(1, emu.emulator.stats().count("crm.list", 403, 0), "a 403 is not retried blindly");
        assertTrue(failed.getError().contains("403") && failed.getError().contains("is locked"),
                failed.getError());
    }

    String checkpointAfter() throws Exception {
        try (var c = sync.jdbc(); var rs = c.createStatement().executeQuery("SELECT list_after FROM sync_state")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
