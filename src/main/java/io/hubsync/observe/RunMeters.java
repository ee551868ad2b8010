package io.hubsync.observe;

import io.hubsync.core.SyncRun;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.ExchangeProperty;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What runs write, as it is written: {@code hubsync_records_written_total} by connection, object type and
 * kind (added, updated, deleted) after every page, so a six-hour backfill shows its progress, and
 * {@code hubsync_run_duration_seconds} by connection, type, phase and outcome when a run ends. Called by
 * the routes after each page (routes/backfill.camel.yaml, incremental.camel.yaml) and after the run's
 * summary (routes/sync.camel.yaml).
 */
public final class RunMeters {
    private static final String[] KINDS = {"added", "updated", "deleted"};

    private final Meters meters;
    /** What each run under way has counted into the counters so far (runs are compared by identity). */
    private final Map<SyncRun, long[]> reported = Collections.synchronizedMap(new WeakHashMap<>());

    public RunMeters(Meters meters) {
        this.meters = meters;
    }

    /** After a page: what the run wrote since the last call. */
    public void page(@ExchangeProperty("run") SyncRun run) {
        report(run);
    }

    /** When the run has ended (a run another node held, or a type skipped, did no work to count). */
    public void finished(@ExchangeProperty("run") SyncRun run) {
        if (run == null || !run.isClaimed() || run.isSkipped()) {
            return;
        }
        report(run);
        reported.remove(run);
        Timer.builder("hubsync.run.duration")
                .description("How long runs took, by connection, object type, phase and outcome")
                .tag("connection", run.getConnectionId()).tag("type", run.getObjectType())
                .tag("phase", SyncRun.INITIAL.equals(run.getStartPhase()) ? "backfill" : "incremental")
                .tag("outcome", run.isSucceeded() ? "succeeded" : "failed")
                .register(meters.registry()).record(run.elapsed());
    }

    private void report(SyncRun run) {
        if (run == null) {
            return;
        }
        long[] now = {run.getAdded(), run.getUpdated(), run.getDeleted()};
        long[] before;
        synchronized (reported) {
            before = reported.getOrDefault(run, new long[KINDS.length]);
            reported.put(run, now);
        }
        for (int i = 0; i < KINDS.length; i++) {
            long delta = now[i] - before[i];
            if (delta > 0) {
                written(run.getConnectionId(), run.getObjectType(), KINDS[i]).increment(delta);
            }
        }
    }

    private Counter written(String connection, String type, String kind) {
        return Counter.builder("hubsync.records.written")
                .description("Records written to the database, by connection, object type and kind")
                .tag("connection", connection).tag("type", type).tag("kind", kind)
                .register(meters.registry());
    }
}
