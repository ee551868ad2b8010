package io.hubsync.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.locks.LockSupport;

/**
 * Two peaks of this JVM's heap while a benchmark works: the used heap sampled every 10 ms (garbage
 * included, so it rises toward -Xmx whatever the work holds), and, when asked for, the live heap,
 * measured after a full collection forced every 2 s (what the work really holds: the figure that
 * must stay flat as N grows). The forced collections cost a run about 1-2% of its time, and they
 * stop the world: a benchmark of latencies samples without them.
 */
final class HeapSampler {
    private static final long FULL_GC_EVERY_NANOS = 2_000_000_000L;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peak;
    private volatile long peakLive;

    /** Samples the used heap and forces a full collection every 2 s for the live heap. */
    HeapSampler() {
        this(true);
    }

    /** @param forceFullGc whether to force a full collection every 2 s ({@link #peakLive()} stays 0 without) */
    HeapSampler(boolean forceFullGc) {
        thread = new Thread(() -> {
            long nextFull = System.nanoTime() + FULL_GC_EVERY_NANOS;
            while (running) {
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                if (forceFullGc && System.nanoTime() >= nextFull) {
                    System.gc();
                    peakLive = Math.max(peakLive, memory.getHeapMemoryUsage().getUsed());
                    nextFull = System.nanoTime() + FULL_GC_EVERY_NANOS;
                }
                LockSupport.parkNanos(10_000_000L);
            }
        }, "heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join();
    }

    long peak() { return peak; }

    long peakLive() { return peakLive; }
}
