package io.hubsync.sync;

import io.hubsync.core.SyncRun;
import io.hubsync.emulator.EmulatorFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The pacer believes HubSpot's X-HubSpot-RateLimit-* headers over its own count: calls made by
 * someone else with the same app (or by a run killed moments ago) are in HubSpot's window, not in
 * this process's, and a budget configured above the portal's real one is capped by its Max.
 */
class RateLimitHeadersTest {
    EmulatorFixture emu;
    SyncHarness sync;

    @BeforeEach
    void start() {
        emu = new EmulatorFixture(c -> {
            c.contacts = 1_000;
            c.rateLimits = "20";
        });
    }

    @AfterEach
    void stop() {
        sync.close();
        emu.close();
    }

    @Test
    void callsHubSpotCountedButThisProcessDidNotAreWaitedFor() throws Exception {
        sync = new SyncHarness(emu).set("hubspot.rate-limit", "20");
        sync.start();
        // another process of the same app spends 14 of the 20 just before the run: 10 pages would
        // meet 429s from the 7th call on if the run trusted its own count alone
        for (int i = 0; i < 14; i++) {
            assertEquals(200, emu.get("/crm/v3/objects/contacts?limit=1").status());
        }
        SyncRun run = sync.runOnce().get(0);
        assertEquals(1_000, run.getAdded());
        assertEquals(0, emu.emulator.stats().count(null, 429, 0), "no request was refused");
        assertEquals(List.of(), sync.differences("contacts", BackfillAndIncrementalTest.STORED));
    }

    @Test
    void aBudgetAboveHubSpotsMaxIsCappedByIt() throws Exception {
        // configured as professional (190 per 10 s) on a portal that allows 20, 12 of them spent:
        // the first answer's Max and Remaining keep the other 9 pages from 429s
        sync = new SyncHarness(emu).set("hubspot.rate-limit", "professional");
        sync.start();
        for (int i = 0; i < 12; i++) {
            assertEquals(200, emu.get("/crm/v3/objects/contacts?limit=1").status());
        }
        SyncRun run = sync.runOnce().get(0);
        assertEquals(1_000, run.getAdded());
        assertEquals(0, emu.emulator.stats().count(null, 429, 0), "no request was refused");
    }
}
