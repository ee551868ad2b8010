package io.hubsync.bench;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the process's CPU went while the benchmark measured: the server's threads, the clients'
 * threads, other Java threads, and the rest (GC, JIT: not Java threads). Client and server share
 * two cores, so this is how the benchmark shows whether the client is what limits the figures.
 */
final class CpuMeter {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final OperatingSystemMXBean os =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private Map<Long, Long> startByThread;
    private long startProcess;
    private long startWall;

    /** CPU used in the window, in cores (CPU seconds per wall-clock second). */
    record Usage(double server, double client, double otherJava, double vm, double total, double loadAverage) { }

    void start() {
        startByThread = snapshot();
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
        double vm = Math.max(0, process - server - client - other);
        return new Usage(server / wall, client / wall, other / wall, vm / wall, process / wall,
                os.getSystemLoadAverage());
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
