package io.hubsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubsync.sync.SyncMain;
import io.hubsync.sync.SyncRun;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code hubsync bench sync}: a backfill of N contacts into a fresh H2 file, then an incremental
 * window over M changed contacts, against an emulator in its own JVM. Prints records, seconds,
 * records/s, requests, 429s and the peak heap of this JVM (run it with -Xmx256m to see it is flat).
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Measures a backfill and an incremental run against the emulator (started in its own JVM).")
public final class SyncBench implements Callable<Integer> {
    @Option(names = "--contacts", description = "contacts to backfill (default: ${DEFAULT-VALUE})")
    int contacts = 200_000;
    @Option(names = "--changed", description = "contacts changed before the incremental run; 0 skips it "
            + "(default: ${DEFAULT-VALUE})")
    int changed = 50_000;
    @Option(names = "--rate-limits", description = "the emulator's rate limits: off, professional, … "
            + "(default: ${DEFAULT-VALUE})")
    String rateLimits = "off";
    @Option(names = "--emulator-heap", description = "heap of the emulator's JVM (default: ${DEFAULT-VALUE})")
    String emulatorHeap = "2g";
    @Option(names = "--json", description = "print one JSON line per phase instead of text")
    boolean json;

    private final ObjectMapper mapper = new ObjectMapper();
    private long peakUsed;
    private long peakLive;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("hubsync-bench");
        try (EmulatorProcess emu = EmulatorProcess.start(List.of("--contacts", Integer.toString(contacts),
                "--rate-limits", rateLimits, "--index-delay", "0", "--seed", "7"), emulatorHeap)) {
            JsonNode portal = mapper.readTree(emu.admin("GET", "/portals", null)).at("/portals/0");
            Map<String, String> props = new LinkedHashMap<>();
            props.put("hubspot.base-url", emu.base());
            props.put("hubspot.access-token", portal.get("privateAppToken").asText());
            props.put("db.url", "jdbc:h2:file:" + dir.resolve("bench").toAbsolutePath());
            props.put("sync.search-lag", "0s");
            props.put("sync.progress-every", "10s");
            // pace to the emulator's tier; with its limits off, budgets far above what one sync can use
            // (a throttle holds one permit per request of its budget: keep them in the thousands)
            props.put("hubspot.rate-limit", rateLimits.equals("off") ? "10000" : rateLimits);
            props.put("hubspot.searches-per-second", rateLimits.equals("off") ? "1000" : "5");
            Main main = new SyncMain(props).build(false);
            main.start();
            try {
                resetPeaks();
                report("backfill", measure(emu, main), emu);
                if (changed > 0) {
                    emu.admin("POST", "/portals/" + portal.get("portalId").asText() + "/contacts/bulk-touch",
                            "{\"count\":" + changed + ",\"property\":\"jobtitle\",\"value\":\"Benchmarked\"}");
                    resetPeaks();
                    report("incremental", measure(emu, main), emu);
                }
            } finally {
                main.stop();
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private record Result(SyncRun run, double seconds, long requests, long throttled) { }

    private Result measure(EmulatorProcess emu, Main main) throws Exception {
        emu.admin("DELETE", "/stats", null);
        HeapSampler heap = new HeapSampler();
        long t0 = System.nanoTime();
        SyncRun run;
        try {
            run = SyncMain.runOnce(main.getCamelContext()).get(0);
        } finally {
            heap.stop();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        peakUsed = heap.peak();
        peakLive = heap.peakLive();
        if (!run.isSucceeded()) {
            throw new IllegalStateException("The benchmark run failed: " + run.getError());
        }
        JsonNode stats = mapper.readTree(emu.admin("GET", "/stats", null));
        return new Result(run, secs, stats.get("total").asLong(), stats.path("byStatus").path("429").asLong(0));
    }

    private void report(String phase, Result r, EmulatorProcess emu) {
        long records = r.run.getDone();
        long heapMb = peakUsed / (1024 * 1024);
        long maxMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        if (json) {
            var n = mapper.createObjectNode();
            n.put("phase", phase).put("records", records).put("seconds", round(r.seconds))
             .put("recordsPerSecond", Math.round(records / r.seconds)).put("requests", r.requests)
             .put("throttled429", r.throttled).put("peakHeapMb", heapMb)
             .put("peakLiveHeapMb", peakLive / (1024 * 1024)).put("maxHeapMb", maxMb)
             .put("rateLimits", rateLimits);
            System.out.println(n);
        } else {
            System.out.printf("%-11s %,9d records in %7.2f s = %,8.0f records/s, %,6d requests, %,d 429s, "
                    + "peak heap %,d MB used, %,d MB live after full GC, of %,d MB%n", phase, records, r.seconds,
                    records / r.seconds, r.requests, r.throttled, heapMb, peakLive / (1024 * 1024), maxMb);
        }
    }

    private static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }

    private static void resetPeaks() {
        System.gc();
    }

    /**
     * Two peaks while a run works: the used heap sampled every 10 ms (garbage included, so it rises
     * toward -Xmx whatever the run holds), and the live heap, measured after a full collection forced
     * every 2 s (what the run really holds: the figure that must stay flat as N grows). The forced
     * collections cost the run about 1-2% of its time.
     */
    private static final class HeapSampler {
        private final java.lang.management.MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long peak;
        private volatile long peakLive;

        HeapSampler() {
            thread = new Thread(() -> {
                long nextFull = System.nanoTime() + 2_000_000_000L;
                while (running) {
                    peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                    if (System.nanoTime() >= nextFull) {
                        System.gc();
                        peakLive = Math.max(peakLive, memory.getHeapMemoryUsage().getUsed());
                        nextFull = System.nanoTime() + 2_000_000_000L;
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
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
}
