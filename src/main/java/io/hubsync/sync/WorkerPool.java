package io.hubsync.sync;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded, first-in-first-out pool of {@code sync.workers} threads: the one that runs syncs of many
 * connections at once (the schedules hand it the least recently synced connection first, so every
 * connection gets its turn and none waits behind a busy one for more than a run), and, of the same
 * size, the one that asks for each run's next page ahead.
 */
public final class WorkerPool {
    private WorkerPool() { }

    public static ExecutorService pool(Object workers) {
        return pool(workers, "hubsync-worker");
    }

    /** A pool of the same size under another thread name. */
    public static ExecutorService pool(Object workers, String name) {
        return threads(workers(workers), name);
    }

    /**
     * A pool for every chain of each worker's run (a backfill split between the list and
     * {@code sync.backfill.search-chains} search chains, docs/behavior.md rule 11): their requests ahead, or the chains themselves.
     */
    public static ExecutorService pool(Object workers, Object searchChains, String name) {
        return threads(workers(workers) * BackfillChains.perRun(searchChains), name);
    }

    private static int workers(Object workers) {
        int n = io.hubsync.core.Settings.atLeast("sync.workers", workers, 1);
        if (n > 256) {
            throw new IllegalArgumentException("sync.workers must be between 1 and 256, got " + n);
        }
        return n;
    }

    private static ExecutorService threads(int n, String name) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
