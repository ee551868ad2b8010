package io.hubsync.sync;

import io.hubsync.core.SyncRun;
import io.hubsync.core.TokenCipher;
import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.store.ConnectionStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hundred portals, each its own connection with its own token and budget, synced at once on the
 * bounded worker pool with HubSpot's limits on: every one ends equal to its portal, none meets a 429,
 * and no record lands under another connection.
 */
class ManyConnectionsTest {
    static final int PORTALS = 100;
    static final int CONTACTS = 300;

    EmulatorFixture emu;
    SyncHarness sync;
    ConnectionStore connections;

    @BeforeEach
    void start() throws Exception {
        emu = new EmulatorFixture(c -> {
            c.portals = PORTALS;
            c.contacts = CONTACTS;
            c.rateLimits = "oauth";
            c.searchPerSecond = 5;
        });
        sync = new SyncHarness(emu)
                .set("hubspot.access-token", "")
                .set("db.token-key", TokenCipher.newKey())
                .set("hubspot.rate-limit", "oauth")
                .set("hubspot.searches-per-second", "5")
                .set("sync.workers", "16");
        sync.start();
        connections = sync.context().getRegistry().lookupByNameAndType("connections", ConnectionStore.class);
        for (int i = 0; i < PORTALS; i++) {
            long portal = emu.emulator.config().portalId(i);
            connections.addPrivateApp("portal-" + i, emu.emulator.auth().privateAppToken(portal), portal);
        }
    }

    @AfterEach
    void stop() {
        sync.close();
        emu.close();
    }

    @Test
    void hundredPortalsSyncTogetherInsideTheirBudgets() throws Exception {
        List<SyncRun> backfills = sync.runOnce();
        assertEquals(PORTALS, backfills.size());
        Set<String> seen = new HashSet<>();
        for (SyncRun run : backfills) {
            assertTrue(run.isSucceeded(), run + ": " + run.getError());
            assertEquals(CONTACTS, run.getAdded(), run.toString());
            seen.add(run.getConnectionId());
        }
        assertEquals(PORTALS, seen.size(), "each connection ran once");

        // a change on every portal, then the incremental of all of them
        for (int i = 0; i < PORTALS; i++) {
            emu.admin("POST", "/portals/" + emu.emulator.config().portalId(i) + "/contacts/bulk-touch",
                    "{\"count\":" + (i + 1) + ",\"property\":\"jobtitle\",\"value\":\"Portal " + i + "\"}");
        }
        List<SyncRun> windows = sync.runOnce();
        assertEquals(PORTALS, windows.size());
        for (SyncRun run : windows) {
            int i = Integer.parseInt(run.getConnectionId().substring("portal-".length()));
            assertTrue(run.isSucceeded(), run + ": " + run.getError());
            assertEquals(i + 1, run.getUpdated(), run.toString());
        }

        assertEquals(0, emu.emulator.stats().count(null, 429, 0), "no request was refused");
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < PORTALS; i++) {
            diffs.addAll(sync.differences("portal-" + i, emu.emulator.config().portalId(i), "contacts",
                    BackfillAndIncrementalTest.STORED));
        }
        assertEquals(List.of(), diffs);
        assertEquals((long) PORTALS * CONTACTS, sync.count("SELECT COUNT(*) FROM records"));
    }
}
