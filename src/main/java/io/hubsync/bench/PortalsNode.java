package io.hubsync.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubsync.core.SyncRun;
import io.hubsync.sync.SyncMain;
import org.apache.camel.main.Main;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * One sync node of {@code bench portals}, in a JVM of its own as users run nodes: camel-main with the
 * routes on the bench's database, then {@code run --once} (every due connection on the bounded pool,
 * claiming each connection's leases as every node does). Talks to the bench over its standard
 * streams: prints {@code NODE READY {json}} once started, waits for the line {@code GO}, runs, prints
 * {@code NODE RESULT {json}} (its runs, CPU, heap and threads, sampled), waits for {@code EXIT} (so
 * the bench can read its database sessions' CPU first), stops. Logs go to standard error.
 * Started by {@link PortalsBench} only; {@code args[0]} is a properties file of the sync's settings.
 */
final class PortalsNode {
    private PortalsNode() { }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        ObjectMapper mapper = new ObjectMapper();
        Properties file = new Properties();
        try (var r = Files.newBufferedReader(Path.of(args[0]))) {
            file.load(r);
        }
        Map<String, String> props = new LinkedHashMap<>();
        file.forEach((k, v) -> props.put((String) k, (String) v));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean();
        long t0 = System.nanoTime();
        Main main = new SyncMain(props).build(false);
        main.start();
        try {
            System.gc();
            ObjectNode ready = mapper.createObjectNode();
            ready.put("startSeconds", (System.nanoTime() - t0) / 1e9).put("threads", threads.getThreadCount())
                 .put("heapMb", memory.getHeapMemoryUsage().getUsed() / (1024 * 1024))
                 .put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
            out.println("NODE READY " + ready);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"GO".equals(in.readLine())) {
                return;
            }
            Sampler sampler = new Sampler(threads, memory);
            long cpu0 = os.getProcessCpuTime();
            Map<String, Long> vm0 = CpuMeter.nativeThreads();
            long w0 = System.nanoTime();
            List<SyncRun> runs = SyncMain.runOnce(main.getCamelContext());
            double wall = (System.nanoTime() - w0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            Map<String, Long> vm = CpuMeter.nativeThreads();
            sampler.stop();
            ObjectNode result = mapper.createObjectNode();
            long backfills = 0;
            long incrementals = 0;
            long held = 0;
            long failed = 0;
            long records = 0;
            for (SyncRun r : runs) {
                if (!r.isClaimed() && r.getHeldBy() != null) {
                    held++;
                    continue;
                }
                if (!r.isSucceeded()) {
                    failed++;
                    result.put("firstError", r.getConnectionId() + ": " + r.getError());
                }
                if (SyncRun.INITIAL.equals(r.getStartPhase())) {
                    backfills++;
                } else {
                    incrementals++;
                }
                records += r.getAdded() + r.getUpdated();
            }
            System.gc();
            // of the CPU, the JIT compilers' and the garbage collector's (a fixed cost per JVM, the JIT's mostly)
            result.put("wallSeconds", wall).put("cpuSeconds", cpu)
                  .put("jitCpuSeconds", (vm.getOrDefault("jit", 0L) - vm0.getOrDefault("jit", 0L)) / 1e9)
                  .put("gcCpuSeconds", (vm.getOrDefault("gc", 0L) - vm0.getOrDefault("gc", 0L)) / 1e9).put("backfills", backfills)
                  .put("incrementals", incrementals).put("heldByAnotherNode", held).put("failed", failed)
                  .put("recordsWritten", records).put("peakHeapMb", sampler.peakHeap / (1024 * 1024))
                  .put("liveHeapAfterMb", memory.getHeapMemoryUsage().getUsed() / (1024 * 1024))
                  .put("peakThreads", sampler.peakThreads).put("threadsAfter", threads.getThreadCount());
            result.set("threadsAtPeak", mapper.valueToTree(sampler.namesAtPeak));
            out.println("NODE RESULT " + result);
            out.flush();
            in.readLine();
        } finally {
            main.stop();
        }
        System.exit(0);
    }

    /**
     * The used heap and the live thread count every 20 ms while the node runs; at each new peak of
     * threads, how many there are of each name (digits folded: {@code hubsync-worker-N}).
     */
    private static final class Sampler {
        private final Thread thread;
        private volatile boolean running = true;
        volatile long peakHeap;
        volatile int peakThreads;
        volatile Map<String, Integer> namesAtPeak = Map.of();

        Sampler(ThreadMXBean threads, MemoryMXBean memory) {
            thread = new Thread(() -> {
                while (running) {
                    peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
                    int n = threads.getThreadCount();
                    if (n > peakThreads) {
                        peakThreads = n;
                        Map<String, Integer> names = new TreeMap<>();
                        for (Thread t : Thread.getAllStackTraces().keySet()) {
                            names.merge(t.getName().replaceAll("\\d+", "N"), 1, Integer::sum);
                        }
                        namesAtPeak = names;
                    }
                    LockSupport.parkNanos(20_000_000L);
                }
            }, "bench-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }
    }
}
