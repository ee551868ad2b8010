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
    /** The runs under way on this node, by connection and type, for the dashboard's progress (docs/dashboard.md). */
    private final java.util.Map<String, SyncRun> running = new java.util.concurrent.ConcurrentHashMap<>();

    /** Where a run under way on this node stands: records so far, the search's total, records a second. */
    public record Progress(String objectType, String phase, long done, Long expectedTotal, double perSecond,
                           Duration left) { }

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
        running.put(run.getConnectionId() + "\u0000" + run.getObjectType(), run);
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
        running.remove(run.getConnectionId() + "\u0000" + run.getObjectType(), run);
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

    /**
     * The runs of a connection under way on this node (another node's runs are not here: the dashboard
     * shows their records count alone), with the estimate the progress line logs.
     */
    public java.util.List<Progress> running(String connectionId) {
        java.util.List<Progress> out = new java.util.ArrayList<>();
        for (SyncRun run : running.values()) {
            if (!run.getConnectionId().equals(connectionId) || run.getFinishedAt() != null) {
                continue;
            }
            double secs = Math.max(0.001, run.elapsed().toMillis() / 1000.0);
            double rate = run.getDone() / secs;
            Long total = run.getExpectedTotal();
            Duration left = total != null && total > 0 && rate > 0
                    ? Duration.ofSeconds((long) (Math.max(0, total - run.getDone()) / rate)) : null;
            out.add(new Progress(run.getObjectType(), phase(run), run.getDone(), total, rate, left));
        }
        out.sort(java.util.Comparator.comparing(Progress::objectType));
        return out;
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
