package io.hubsync.sync;

import io.hubsync.core.SyncRun;
import io.hubsync.emulator.EmulatorFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With HubSpot's limits on, a run spends its budgets without meeting a 429 (DESIGN rule 7): 80
 * list pages against 40 per 10 s, and window pages against 5 searches a second.
 */
class RateLimitPacingTest {
    EmulatorFixture emu;
    SyncHarness sync;

    @BeforeEach
    void start() throws Exception {
        emu = new EmulatorFixture(c -> {
            c.contacts = 8_000;
            c.rateLimits = "40";
            c.searchPerSecond = 5;
        });
        sync = new SyncHarness(emu).set("hubspot.rate-limit", "40").set("hubspot.searches-per-second", "5");
        sync.start();
    }

    @AfterEach
    void stop() {
        sync.close();
        emu.close();
    }

    @Test
    void backfillAndWindowStayInsideTheBudgets() throws Exception {
        SyncRun backfill = sync.runOnce().get(0);
        assertEquals(8_000, backfill.getAdded());
        assertTrue(emu.emulator.stats().count("crm.list", 200, 0) >= 80);
        emu.admin("POST", "/portals/" + emu.portalId + "/contacts/bulk-touch",
                "{\"count\":3000,\"property\":\"jobtitle\",\"value\":\"Paced\"}");
        SyncRun window = sync.runOnce().get(0);
        assertEquals(3_000, window.getUpdated());
        assertEquals(0, emu.emulator.stats().count(null, 429, 0), "no request was refused");
        assertEquals(0, backfill.getThrottled() + window.getThrottled());
        assertEquals(List.of(), sync.differences("contacts", BackfillAndIncrementalTest.STORED));
    }
}
