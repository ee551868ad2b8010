package io.hubsync.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The live heap: used heap right after full collections, repeated until two readings agree, because
 * one {@code System.gc()} may leave garbage that a reference queue or a finalizer frees only later.
 * Meaningless with {@code -XX:+DisableExplicitGC}, which the benchmark's command line does not set.
 */
final class HeapMeter {
    private HeapMeter() { }

    /** Bytes of heap in use after full GCs, once stable to within 1% (at most ten rounds). */
    static long liveBytes() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = -1;
        long used = 0;
        for (int i = 0; i < 10; i++) {
            System.gc();
            used = memory.getHeapMemoryUsage().getUsed();
            if (previous >= 0 && Math.abs(previous - used) <= Math.max(previous / 100, 64 * 1024)) {
                break;
            }
            previous = used;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return used;
    }

    static long maxBytes() {
        return Runtime.getRuntime().maxMemory();
    }
}
