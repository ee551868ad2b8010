package io.hubsync.sync;

import io.hubsync.core.SyncRun;
import io.hubsync.emulator.EmulatorFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sync process killed (SIGKILL) between pages, mid-backfill and mid-window: the next run resumes
 * from the checkpoint and the database ends equal to the emulator, nothing missing, nothing twice.
 */
class ResumeTest {
    EmulatorFixture emu;
    SyncHarness sync;
    Process child;

    @BeforeEach
    void start() {
        emu = new EmulatorFixture(c -> c.contacts = 20_000);
        sync = new SyncHarness(emu).set("sync.claim-lease", "2s");
    }

    @AfterEach
    void stop() {
        if (child != null) {
            child.destroyForcibly();
        }
        sync.close();
        emu.close();
    }

    /** {@code hubsync run --once} in its own JVM, as a cron job runs it, pointed at the emulator. */
    Process runOnceInChildJvm() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(sync.systemProperties());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.hubsync.app.Application");
        cmd.add("run");
        cmd.add("--once");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(new File("."))
                .redirectErrorStream(true).redirectOutput(new File("target/resume-child.log"));
        return pb.start();
    }

    /**
     * Runs in this JVM until one claims the lease the killed process left (it expires after 2 s). The
     * claiming run does the whole resumed work inside the condition, so the limit is the run's, not the
     * lease's: 30 s timed out a resume under way on a loaded machine (the CI base run of 2026-12-07).
     */
    SyncRun resume() {
        SyncRun[] done = new SyncRun[1];
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            done[0] = sync.runOnce().get(0);
            return done[0].isClaimed();
        });
        return done[0];
    }

    @Test
    void killedMidBackfillResumesAtItsPage() throws Exception {
        // slow pages so the kill lands mid-backfill, both chains part-way: the list's ~166 pages at 40 ms,
        // the search chain's ~17 at 150 ms (a search chain that ends its range first takes part of the
        // list's, which would leave three ranges, not two)
        emu.admin("POST", "/faults", "{\"endpoint\":\"crm.list\",\"fault\":{\"kind\":\"slow\",\"delayMillis\":40}}");
        emu.admin("POST", "/faults", "{\"endpoint\":\"crm.search\",\"fault\":{\"kind\":\"slow\",\"delayMillis\":150}}");
        child = runOnceInChildJvm();
        // watch the emulator, not the database: opening the H2 file from here while the child starts
        // races with the child for its lock file
        await().atMost(Duration.ofSeconds(90)).until(() -> emu.emulator.stats().count("crm.list", 200, 0) >= 20);
        child.destroyForcibly().waitFor();
        long before = records();
        // 30 pages served; on a busy machine the child may have written fewer of them than that
        assertTrue(before >= 100 && before < 20_000, "killed mid-backfill: " + before);
        String cursor = checkpoint("list_after");
        assertTrue(cursor != null, "a cursor was committed with the pages");
        // 20,000 records: split between the list and a search chain (docs/behavior.md rule 11), each
        // range's progress committed with its pages
        assertEquals(2, sync.count("SELECT COUNT(*) FROM backfill_ranges"), "the list's range and the search's");
        assertEquals(1, sync.count("SELECT COUNT(*) FROM backfill_ranges WHERE reader = 'search' AND last_id > range_start"),
                "the search chain had read part of its range");
        emu.admin("DELETE", "/faults", null);
        long listCallsBefore = emu.emulator.stats().count("crm.list", 200, 0);

        sync.start();
        SyncRun resumed = resume();
        assertEquals(SyncRun.INITIAL, resumed.getStartPhase());
        // it resumed at the committed cursor: at most one page is read again
        assertTrue(resumed.getUnchanged() <= 100, "re-read " + resumed.getUnchanged());
        assertEquals(20_000, before + resumed.getAdded());
        // the killed process's run is on record as abandoned, closed when this one took over
        assertEquals(1, sync.count("SELECT COUNT(*) FROM sync_runs WHERE abandoned = TRUE AND success = FALSE "
                + "AND finished_at IS NOT NULL AND error LIKE 'abandoned%'"));
        assertEquals(0, sync.count("SELECT COUNT(*) FROM sync_runs WHERE finished_at IS NULL"));
        assertEquals(2, sync.count("SELECT COUNT(DISTINCT node) FROM sync_runs"), "each process names itself");
        long listCalls = emu.emulator.stats().count("crm.list", 200, 0) - listCallsBefore;
        assertTrue(listCalls <= 201 - before / 100 + 1, "list calls after resume: " + listCalls);
        assertEquals(0, sync.count("SELECT COUNT(*) FROM backfill_ranges"), "the split's ranges go with the backfill");
        assertEquals(List.of(), sync.differences("contacts", BackfillAndIncrementalTest.STORED));
    }

    @Test
    void killedMidWindowResumesTheWindowFromItsLastId() throws Exception {
        sync.start();
        sync.runOnce();
        sync.stop();
        emu.admin("POST", "/portals/" + emu.portalId + "/contacts/bulk-touch",
                "{\"count\":16000,\"property\":\"jobtitle\",\"value\":\"Touched\"}");
        emu.admin("POST", "/faults", "{\"endpoint\":\"crm.search\",\"fault\":{\"kind\":\"slow\",\"delayMillis\":100}}");
        long searchesBefore = emu.emulator.stats().count("crm.search", 200, 0);
        child = runOnceInChildJvm();
        await().atMost(Duration.ofSeconds(90)).until(() -> emu.emulator.stats().count("crm.search", 200, 0)
                >= searchesBefore + 12);
        child.destroyForcibly().waitFor();
        long touchedBefore = touched();
        assertTrue(windowLastId() > 0, "the window's last id was committed with its pages");
        assertTrue(touchedBefore < 16_000, "killed before the end: " + touchedBefore);
        String windowEnd = checkpoint("window_end");
        emu.admin("DELETE", "/faults", null);

        sync.start();
        SyncRun resumed = resume();
        assertEquals(SyncRun.INCREMENTAL, resumed.getStartPhase());
        assertTrue(windowEnd != null && resumed.getCheckpointFrom().contains("windowEnd=")
                && !resumed.getCheckpointFrom().endsWith("lastId=0"), "the open window was resumed from its last id: "
                + resumed.getCheckpointFrom());
        assertTrue(resumed.getUnchanged() <= 200, "re-read " + resumed.getUnchanged());
        assertEquals(16_000, touchedBefore + resumed.getUpdated());
        assertEquals(List.of(), sync.differences("contacts", BackfillAndIncrementalTest.STORED));
    }

    long records() throws Exception {
        return sync.count("SELECT COUNT(*) FROM records");
    }

    long touched() throws Exception {
        return sync.count("SELECT COUNT(*) FROM records WHERE hs_prop(properties, 'jobtitle') = 'Touched'");
    }

    long windowLastId() throws Exception {
        return sync.count("SELECT COALESCE(MAX(window_last_id), 0) FROM sync_state");
    }

    String checkpoint(String column) throws Exception {
        try (var c = sync.jdbc(); var rs = c.createStatement().executeQuery("SELECT " + column + " FROM sync_state")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
