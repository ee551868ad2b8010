package io.hubsync.sync;

import io.hubsync.emulator.EmulatorFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Users keep editing while the sync reads (DESIGN rules 1 and 2): during a backfill, during a
 * window, and with a search index that trails writes. Activity creates and edits only here;
 * deletes and merges are issue 4/4.
 */
class ConcurrentChangesTest {
    static final String ACTIVITY = "{\"perSecond\":300,\"mix\":{\"create\":30,\"edit\":70,\"archive\":0,\"restore\":0,"
            + "\"merge\":0,\"gdprDelete\":0}}";
    EmulatorFixture emu;
    SyncHarness sync;

    @AfterEach
    void stop() {
        emu.admin("DELETE", "/activity", null);
        sync.close();
        emu.close();
    }

    void start(long indexDelayMillis, String lag) throws Exception {
        emu = new EmulatorFixture(c -> {
            c.contacts = 10_000;
            c.indexDelayMillis = indexDelayMillis;
        });
        sync = new SyncHarness(emu).set("sync.search-lag", lag);
        sync.start();
    }

    @Test
    void editsDuringTheBackfillAndDuringAWindowAreNotLost() throws Exception {
        start(0, "0s");
        emu.admin("POST", "/faults", "{\"endpoint\":\"crm.list\",\"fault\":{\"kind\":\"slow\",\"delayMillis\":20}}");
        emu.admin("POST", "/activity", ACTIVITY);
        sync.runOnce();
        emu.admin("POST", "/portals/" + emu.portalId + "/contacts/bulk-touch", "{\"count\":4000}");
        emu.admin("POST", "/faults", "{\"endpoint\":\"crm.search\",\"fault\":{\"kind\":\"slow\",\"delayMillis\":100}}");
        sync.runOnce();
        emu.admin("DELETE", "/activity", null);
        emu.admin("DELETE", "/faults", null);
        sync.syncUntilQuiet(5);
        assertEquals(List.of(), sync.differences("contacts", BackfillAndIncrementalTest.STORED));
    }

    @Test
    void indexDelayShorterThanTheLagLosesNothing() throws Exception {
        start(5_000, "10s");
        emu.admin("POST", "/activity", ACTIVITY);
        sync.runOnce();
        await().until(() -> emu.emulator.activity().changes() >= 600);
        sync.runOnce();
        emu.admin("DELETE", "/activity", null);
        long quietSince = System.currentTimeMillis();
        // once the last edit is older than the lag, a window covers it, and it is indexed by then
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            sync.runOnce();
            return System.currentTimeMillis() - quietSince > 10_000
                    && sync.differences("contacts", BackfillAndIncrementalTest.STORED).isEmpty();
        });
    }

    @Test
    void aLagShorterThanTheIndexDelayWouldLoseEdits() throws Exception {
        // the control for the test above: with no lag, windows close over writes search cannot see yet
        start(5_000, "0s");
        sync.runOnce();
        emu.admin("POST", "/activity", ACTIVITY);
        await().until(() -> emu.emulator.activity().changes() >= 600);
        emu.admin("DELETE", "/activity", null);
        sync.runOnce();
        await().pollDelay(Duration.ofMillis(5_500)).until(() -> true);
        sync.runOnce();
        sync.runOnce();
        assertFalse(sync.differences("contacts", BackfillAndIncrementalTest.STORED).isEmpty(),
                "edits fell between the windows");
    }
}
