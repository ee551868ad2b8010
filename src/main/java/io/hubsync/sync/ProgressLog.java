package io.hubsync.sync;

import io.hubsync.core.SyncRun;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** Progress while a run works (records, rate, estimate), and one summary line when it ends. */
public final class ProgressLog {
    private static final Logger LOG = LoggerFactory.getLogger("io.hubsync.progress");
    private final long everyNanos;

    /** @param every {@code sync.progress-every}, e.g. 2s */
    public ProgressLog(String every) {
        this.everyNanos = Math.max(1, io.hubsync.core.Durations.millis("sync.progress-every", every)) * 1_000_000L;
    }

    /** Sizes the run for the estimate from a search's {@code total}. */
    public void expect(@ExchangeProperty("run") SyncRun run, io.hubsync.core.HubSpotPage count) {
        if (count != null && count.total != null) {
            run.setExpectedTotal(count.total);
        }
    }

    /** After each page; logs at most once per interval. */
    public void page(@ExchangeProperty("run") SyncRun run) {
        long now = System.nanoTime();
        if (now - run.getLastProgressNanos() < everyNanos) {
            return;
        }
        run.setLastProgressNanos(now);
        double secs = Math.max(0.001, run.elapsed().toMillis() / 1000.0);
        long done = run.getDone();
        double rate = done / secs;
        StringBuilder sb = new StringBuilder();
        sb.append(label(run)).append(' ').append(phase(run)).append(": ")
          .append(String.format("%,d records, %,.0f/s", done, rate));
        Long total = run.getExpectedTotal();
        if (total != null && total > 0 && rate > 0) {
            long left = Math.max(0, total - done);
            sb.append(String.format(", ~%s left of ~%,d", human(Duration.ofSeconds((long) (left / rate))), total));
        }
        LOG.info(sb.toString());
    }

    public void summary(@ExchangeProperty("run") SyncRun run) {
        if (!run.isClaimed()) {
            // several nodes tick alike: most skips are another node's run, not news
            LOG.debug("{} skipped: held by {}", label(run), run.getHeldBy());
            return;
        }
        if (run.isSkipped()) {
            // MissingScopes said it once at WARN
            LOG.debug("{} skipped: the token lacks {}", label(run), run.getSkippedFor());
            return;
        }
        double secs = Math.max(0.001, run.elapsed().toMillis() / 1000.0);
        String outcome = run.isSucceeded() ? "done" : "FAILED";
        String msg = String.format("%s %s %s: %,d records (%,d added, %,d updated, %,d unchanged) in %.1f s, "
                        + "%,.0f records/s, %,d requests, %,d throttled; checkpoint %s",
                label(run), phase(run), outcome, run.getDone(), run.getAdded(), run.getUpdated(), run.getUnchanged(),
                secs, run.getDone() / secs, run.getRequests(), run.getThrottled(), run.checkpoint());
        if (run.getAssociations() > 0) {
            msg += String.format("; %,d association rows changed", run.getAssociations());
        }
        if (run.isSucceeded()) {
            LOG.info(msg);
        } else {
            LOG.error(msg + "; error: " + run.getError());
        }
    }

    private static String phase(SyncRun run) {
        if (io.hubsync.core.AssociationSweep.PHASE.equals(run.getStartPhase())) {
            return "association sweep";
        }
        return SyncRun.INITIAL.equals(run.getStartPhase()) ? "backfill" : "incremental";
    }

    private static String label(SyncRun run) {
        return run.getObjectType() + "[" + run.getConnectionId() + "]";
    }

    static String human(Duration d) {
        long s = d.getSeconds();
        return s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s / 3600 + " h";
    }
}
