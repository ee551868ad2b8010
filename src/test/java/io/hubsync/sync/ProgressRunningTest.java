package io.hubsync.sync;

import io.hubsync.core.SyncRun;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runs under way that the dashboard shows (ProgressLog.running, docs/dashboard.md): a run is there
 * from its first page with its records, the search's total and an estimate, only under its own
 * connection, and gone once its summary is logged or it has finished.
 */
class ProgressRunningTest {
    @Test
    void aRunIsShownFromItsFirstPageUntilItEnds() {
        ProgressLog progress = new ProgressLog("1h");
        SyncRun run = new SyncRun("acme", "contacts", "lastmodifieddate", Instant.now().minusSeconds(10));
        run.setStartPhase(SyncRun.INITIAL);
        assertEquals(List.of(), progress.running("acme"));

        run.setExpectedTotal(1_000L);
        run.countPage(200, 0, 0);
        progress.page(run);
        List<ProgressLog.Progress> shown = progress.running("acme");
        assertEquals(1, shown.size());
        ProgressLog.Progress p = shown.get(0);
        assertEquals("contacts", p.objectType());
        assertEquals("backfill", p.phase());
        assertEquals(200, p.done());
        assertEquals(1_000L, p.expectedTotal());
        // 200 records in about 10 s: about 20 a second, about 40 s for the 800 left
        assertTrue(p.perSecond() > 15 && p.perSecond() < 25, "rate " + p.perSecond());
        assertNotNull(p.left());
        assertTrue(p.left().getSeconds() > 25 && p.left().getSeconds() < 60, "left " + p.left());
        assertEquals(List.of(), progress.running("other"), "only under its own connection");

        // the next page moves it (the same run, not a second row)
        run.countPage(300, 0, 0);
        progress.page(run);
        assertEquals(500, progress.running("acme").get(0).done());
        assertEquals(1, progress.running("acme").size());

        progress.summary(run);
        assertEquals(List.of(), progress.running("acme"), "gone once the run's summary is logged");

        // a run that finished without its summary is not shown either
        SyncRun unsummarised = new SyncRun("acme", "deals", "hs_lastmodifieddate", Instant.now());
        unsummarised.countPage(1, 0, 0);
        progress.page(unsummarised);
        unsummarised.setFinishedAt(Instant.now());
        assertEquals(List.of(), progress.running("acme"));
    }
}
