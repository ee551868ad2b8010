package io.hubsync.sync;

import io.hubsync.core.SyncRun;
import io.hubsync.emulator.EmulatorFixture;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run --once} starts only what one run needs (SyncMain.startOnce): no Quartz, no HTTP server, no
 * queue consumers, no housekeeping, webhook, admin, records-API, health or dashboard routes; the lease
 * heartbeat and the notices' timer stay. And what it starts still runs the sync, the sweeps and the
 * owners read that are due, as before.
 */
class RunOnceTest {

    @Test
    void runOnceStartsOnlyWhatOneRunNeedsAndStillRunsWhatIsDue() throws Exception {
        try (EmulatorFixture emu = new EmulatorFixture(c -> c.contacts = 120); SyncHarness sync = new SyncHarness(emu)) {
            // the server asked for: --once leaves it off all the same
            sync.set("server.enabled", "true").set("server.api-key", "k".repeat(40))
                    .set("server.port", String.valueOf(SyncHarness.freePort()));
            Main main = new SyncMain(sync.overrides()).startOnce();
            try {
                CamelContext context = main.getCamelContext();
                List<String> inputs = new ArrayList<>();
                for (Route r : context.getRoutes()) {
                    inputs.add(r.getRouteId() + " <- " + r.getEndpoint().getEndpointUri());
                }
                for (String input : inputs) {
                    String uri = input.substring(input.indexOf(" <- ") + 4);
                    assertFalse(uri.startsWith("quartz:") || uri.startsWith("platform-http:") || uri.startsWith("seda:")
                            || uri.startsWith("rest:") || uri.startsWith("rest-api:"), input);
                }
                for (String gone : List.of("housekeeping", "webhook-apply-batch", "admin-connections", "records-page",
                        "ui-page", "observe-health", "oauth-page", "run-queued", "archived-queued", "queue-due", "queue-run",
                        "queue-object-types", "queue-object-type-sweeps", "archived-due", "association-due", "owners-due")) {
                    assertNull(context.getRoute(gone), gone + " in " + inputs);
                }
                assertNull(context.hasComponent("quartz"), "a Quartz scheduler: " + inputs);
                assertNull(context.hasComponent("platform-http"), "an HTTP server: " + inputs);
                assertNotNull(context.getRoute("lease-heartbeat"), "a long run renews its leases");
                assertNotNull(context.getRoute("notify-outbox"), "notices go out as runs end");
                for (String due : List.of("sync-due", "archived-due-once", "association-due-once", "owners-due-once")) {
                    assertNotNull(context.getRoute(due), due);
                }

                // what is due runs: the backfill, the archived and association sweeps, the owners read
                List<SyncRun> runs = new ArrayList<>(SyncMain.runOnce(context));
                runs.addAll(SyncMain.sweepDue(context));
                runs.addAll(SyncMain.ownersDue(context));
                assertEquals(4, runs.size(), runs.toString());
                runs.forEach(r -> assertTrue(r.isSucceeded(), r.toString()));
                assertEquals(120, runs.get(0).getAdded());
            } finally {
                main.stop();
            }
            assertEquals(120, sync.count("SELECT COUNT(*) FROM records WHERE deleted IS NULL"));
            assertEquals(1, sync.count("SELECT COUNT(*) FROM sync_runs WHERE phase = 'ARCHIVED_SWEEP' AND success = TRUE"));
            assertEquals(1, sync.count("SELECT COUNT(*) FROM sync_runs WHERE phase = 'ASSOC_SWEEP' AND success = TRUE"));
            assertEquals(1, sync.count("SELECT COUNT(*) FROM sync_runs WHERE object_type = 'owners' AND success = TRUE"));
        }
    }
}
