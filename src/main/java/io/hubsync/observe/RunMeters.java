package io.hubsync.observe;

import io.hubsync.core.ArchivedSweep;
import io.hubsync.core.AssociationSweep;
import io.hubsync.core.LeasedWork;
import io.hubsync.core.OwnersRead;
import io.hubsync.core.SyncRun;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.ExchangeProperty;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What hubsync writes, as it is written, whichever path writes it: {@code hubsync_records_written_total}
 * and {@code hubsync_associations_written_total} by connection, object type, kind (added, updated,
 * deleted; associations: added, changed, removed) and source (backfill, incremental, webhook,
 * archived-sweep, association-sweep, owners), after every page, so a six-hour backfill shows its
 * progress; and {@code hubsync_run_duration_seconds} by connection, type, phase and outcome when a run,
 * a sweep or an owners read ends. Called by the routes after each page (routes/backfill.camel.yaml,
 * incremental.camel.yaml), after a run's summary (routes/sync.camel.yaml), after a batch of webhook
 * events (routes/webhooks.camel.yaml) and when a sweep or owners read is released (routes/archived,
 * associations and owners .camel.yaml).
 */
public final class RunMeters {
    private static final String[] KINDS = {"added", "updated", "deleted"};
    private static final String[] LINK_KINDS = {"added", "changed", "removed"};

    private final Meters meters;
    /** What each run under way has counted into the counters so far: records, then associations (by identity). */
    private final Map<SyncRun, long[]> reported = Collections.synchronizedMap(new WeakHashMap<>());

    public RunMeters(Meters meters) {
        this.meters = meters;
    }

    /** After a page: what the run wrote since the last call. */
    public void page(@ExchangeProperty("run") SyncRun run) {
        report(run, source(run));
    }

    /** When the run has ended (a run another node held, or a type skipped, did no work to count). */
    public void finished(@ExchangeProperty("run") SyncRun run) {
        if (run == null || !run.isClaimed() || run.isSkipped()) {
            return;
        }
        String phase = source(run);
        report(run, phase);
        reported.remove(run);
        duration(run, phase);
    }

    /** After a batch of webhook events was applied (its run lives for the batch alone). */
    public void applied(@ExchangeProperty("run") SyncRun run) {
        if (run != null) {
            report(run, "webhook");
            reported.remove(run);
        }
    }

    /** When an archived sweep, an association sweep or an owners read is released. */
    public void workFinished(LeasedWork work) {
        if (work == null || !work.isClaimed() || work.getRun().isSkipped()) {
            return;
        }
        SyncRun run = work.getRun();
        String phase = switch (run.getPhase()) {
            case ArchivedSweep.PHASE -> "archived-sweep";
            case AssociationSweep.PHASE -> "association-sweep";
            case OwnersRead.PHASE -> "owners";
            default -> run.getPhase().toLowerCase(java.util.Locale.ROOT);
        };
        report(run, phase);
        reported.remove(run);
        duration(run, phase);
    }

    private static String source(SyncRun run) {
        return SyncRun.INITIAL.equals(run.getStartPhase()) ? "backfill" : "incremental";
    }

    private void duration(SyncRun run, String phase) {
        Timer.builder("hubsync.run.duration")
                .description("How long runs, sweeps and owners reads took, by connection, object type, phase and outcome")
                .tag("connection", run.getConnectionId()).tag("type", run.getObjectType())
                .tag("phase", phase)
                .tag("outcome", run.isSucceeded() ? "succeeded" : "failed")
                .register(meters.registry()).record(run.elapsed());
    }

    private void report(SyncRun run, String source) {
        if (run == null) {
            return;
        }
        long[] now = {run.getAdded(), run.getUpdated(), run.getDeleted(),
            run.getAssociationsAdded(), run.getAssociationsChanged(), run.getAssociationsRemoved()};
        long[] before;
        synchronized (reported) {
            before = reported.getOrDefault(run, new long[now.length]);
            reported.put(run, now);
        }
        for (int i = 0; i < now.length; i++) {
            long delta = now[i] - before[i];
            if (delta > 0) {
                boolean record = i < KINDS.length;
                counter(record ? "hubsync.records.written" : "hubsync.associations.written",
                        record ? "Records written to the database, by connection, object type, kind and source"
                                : "Association rows written, by connection, from-object type, kind and source",
                        run.getConnectionId(), run.getObjectType(),
                        record ? KINDS[i] : LINK_KINDS[i - KINDS.length], source).increment(delta);
            }
        }
    }

    private Counter counter(String name, String description, String connection, String type, String kind, String source) {
        return Counter.builder(name).description(description)
                .tag("connection", connection).tag("type", type).tag("kind", kind).tag("source", source)
                .register(meters.registry());
    }
}
