package io.hubsync.bench;

import com.sun.management.OperatingSystemMXBean;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the process's CPU went while the benchmark measured: the server's threads, the clients'
 * threads, other Java threads, and the JVM's own (GC, JIT compilers, which are not Java threads and
 * which Linux reports per thread in {@code /proc/self/task}; elsewhere they stay lumped in "vm").
 * Client and server share two cores, so this is how the benchmark shows whether the client is what
 * limits the figures, and whether the JIT was still at work.
 */
final class CpuMeter {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final OperatingSystemMXBean os =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private Map<Long, Long> startByThread;
    private Map<String, Long> startNative;
    private long startProcess;
    private long startWall;

    /** CPU used in the window, in cores (CPU seconds per wall-clock second). */
    record Usage(double server, double client, double otherJava, double gc, double jit, double vm, double total,
                 double loadAverage) { }

    void start() {
        startByThread = snapshot();
        startNative = nativeThreads();
        startProcess = os.getProcessCpuTime();
        startWall = System.nanoTime();
    }

    Usage stop() {
        double wall = System.nanoTime() - startWall;
        double process = os.getProcessCpuTime() - startProcess;
        double server = 0;
        double client = 0;
        double other = 0;
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long now = threads.getThreadCpuTime(ids[i]);
            if (infos[i] == null || now < 0) {
                continue;
            }
            long used = now - startByThread.getOrDefault(ids[i], 0L);
            switch (role(infos[i].getThreadName())) {
                case "server" -> server += used;
                case "client" -> client += used;
                default -> other += used;
            }
        }
        Map<String, Long> endNative = nativeThreads();
        double gc = endNative.getOrDefault("gc", 0L) - startNative.getOrDefault("gc", 0L);
        double jit = endNative.getOrDefault("jit", 0L) - startNative.getOrDefault("jit", 0L);
        double vm = Math.max(0, process - server - client - other - gc - jit);
        return new Usage(server / wall, client / wall, other / wall, gc / wall, jit / wall, vm / wall,
                process / wall, os.getSystemLoadAverage());
    }

    /**
     * CPU nanoseconds the JIT compilers used so far: their threads' CPU on Linux, else the JVM's
     * total compilation time (which grows only as each compilation ends, so it lags).
     */
    static long jitNanos() {
        Long jit = nativeThreads().get("jit");
        if (jit != null) {
            return jit;
        }
        CompilationMXBean c = ManagementFactory.getCompilationMXBean();
        return c != null && c.isCompilationTimeMonitoringSupported() ? c.getTotalCompilationTime() * 1_000_000L : 0;
    }

    /**
     * CPU nanoseconds of the JVM's GC and JIT threads, by their Linux thread names; empty when
     * {@code /proc} is not there. Clock ticks are taken as 1/100 s, Linux's USER_HZ.
     */
    static Map<String, Long> nativeThreads() {
        Map<String, Long> out = new HashMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return out;
        }
        try (Stream<Path> list = Files.list(tasks)) {
            list.forEach(t -> {
                try {
                    String name = Files.readString(t.resolve("comm")).trim();
                    String kind = name.startsWith("GC Thread") || name.startsWith("G1 ") ? "gc"
                            : name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") ? "jit" : null;
                    if (kind != null) {
                        String stat = Files.readString(t.resolve("stat"));
                        // fields after the parenthesised name: state is 3rd, utime 14th, stime 15th
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        out.merge(kind, ticks * 10_000_000L, Long::sum);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we looked: its CPU is simply not counted
                }
            });
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    private Map<Long, Long> snapshot() {
        Map<Long, Long> out = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long t = threads.getThreadCpuTime(id);
            if (t >= 0) {
                out.put(id, t);
            }
        }
        return out;
    }

    /** Vert.x event loops and the JDK server's threads serve; the benchmark's and the JDK client's threads call. */
    static String role(String name) {
        if (name.startsWith("vert.x-eventloop") || name.startsWith("emu-jdk") || name.equals("HTTP-Dispatcher")) {
            return "server";
        }
        if (name.startsWith("bench-client") || name.startsWith("HttpClient-")) {
            return "client";
        }
        return "other";
    }
}
