package io.hubsync.sync;

import io.hubsync.emulator.EmulatorFixture;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sync.claim-lease, sync.search-lag and sync.reconcile-every as users write them: plain digits
 * (milliseconds, or 0 to turn reconciling off) start hubsync as durations do, and a bad value stops
 * start-up with a message that names the key.
 */
class LeaseSettingsTest {
    EmulatorFixture emu;

    @BeforeEach
    void start() {
        emu = new EmulatorFixture(c -> c.contacts = 20);
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    @Test
    void plainNumbersAreMilliseconds() throws Exception {
        try (SyncHarness sync = new SyncHarness(emu).set("sync.claim-lease", "60000").set("sync.search-lag", "0")
                .set("sync.reconcile-every", "0")) {
            sync.start();
            assertEquals(20, sync.runOnce().get(0).getAdded());
        }
    }

    @Test
    void aBadValueStopsStartUpNamingItsKey() {
        for (Map.Entry<String, String> bad : Map.of("sync.claim-lease", "1s", "sync.reconcile-every", "daily").entrySet()) {
            Map<String, String> settings = new HashMap<>(new SyncHarness(emu).overrides());
            settings.put(bad.getKey(), bad.getValue());
            Main m = new SyncMain(settings).build(false);
            Exception e = assertThrows(Exception.class, m::start);
            m.stop();
            StringBuilder all = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                all.append(t.getMessage()).append('\n');
            }
            assertTrue(all.toString().contains(bad.getKey()), all.toString());
        }
    }
}
