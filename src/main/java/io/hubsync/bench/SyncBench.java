package io.hubsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubsync.core.SyncRun;
import io.hubsync.sync.SyncMain;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code hubsync bench sync}: a backfill of N contacts into a fresh H2 file, then an incremental
 * window over M changed contacts, against an emulator in its own JVM. Prints records, seconds,
 * records/s, the CPU this JVM used (the sync's: the emulator has its own; on a shared machine a
 * steadier figure than the wall time), requests, 429s and the peak heap of this JVM (run it with
 * -Xmx256m to see it is flat).
 * With {@code --rate-limits <tier>} also the floor, the least time HubSpot's budgets allow for the
 * requests the phase made, and wall time over floor: how much of the budget the run left unspent.
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Measures a backfill and an incremental run against the emulator (started in its own JVM).")
public final class SyncBench implements Callable<Integer> {
    @Option(names = "--contacts", description = "contacts to backfill (default: ${DEFAULT-VALUE})")
    int contacts = 200_000;
    @Option(names = "--changed", description = "contacts changed before the incremental run; 0 skips it "
            + "(default: ${DEFAULT-VALUE})")
    int changed = 50_000;
    @Option(names = "--companies", description = "companies seeded; each contact is then associated with one, "
            + "which the backfill reads with its pages (default: ${DEFAULT-VALUE})")
    int companies = 0;
    @Option(names = "--records-only", description = "keep no associations (sync.associations.contacts empty): "
            + "the pages' association reads are not made")
    boolean recordsOnly;
    @Option(names = "--rate-limits", description = "the emulator's rate limits: off, professional, … "
            + "(default: ${DEFAULT-VALUE})")
    String rateLimits = "off";
    @Option(names = "--emulator-heap", description = "heap of the emulator's JVM (default: ${DEFAULT-VALUE})")
    String emulatorHeap = "2g";
    @Option(names = "--json", description = "print one JSON line per phase instead of text")
    boolean json;
    @Option(names = "--warm-up", description = "first backfill a second portal of the same size (as its own "
            + "connection), so the measured runs see a warm JVM, as in a sync that has been running")
    boolean warmUp;
    @picocli.CommandLine.Mixin
    BenchDatabase database = new BenchDatabase();

    /** HubSpot's search budget, as the emulator enforces it by default */
    private static final int SEARCHES_PER_SECOND = 5;
    /** hubsync's own pace for association reads (hubspot.associations.rate-per-second's default) */
    private static final int ASSOCIATION_READS_PER_SECOND = 10;

    private final ObjectMapper mapper = new ObjectMapper();
    private long peakUsed;
    private long peakLive;

    @Override
    public Integer call() throws Exception {
        // before the emulator starts: a bad number would fail inside it, as an IOException
        io.hubsync.core.Settings.atLeast("--contacts", contacts, 1);
        io.hubsync.core.Settings.between("--changed", changed, 0, contacts);
        io.hubsync.core.Settings.atLeast("--companies", companies, 0);
        database.check();
        Path dir = Files.createTempDirectory("hubsync-bench");
        String schema = !database.isPostgres() ? null : BenchSchema.create(database.url, database.user, BenchDatabase.password());
        try (EmulatorProcess emu = EmulatorProcess.start(List.of("--contacts", Integer.toString(contacts),
                "--companies", Integer.toString(companies), "--rate-limits", rateLimits, "--index-delay", "0", "--seed", "7",
                "--portals", warmUp ? "2" : "1"), emulatorHeap)) {
            JsonNode portal = mapper.readTree(emu.admin("GET", "/portals", null)).at("/portals/0");
            Map<String, String> props = new LinkedHashMap<>();
            props.put("hubspot.base-url", emu.base());
            props.put("hubspot.access-token", portal.get("privateAppToken").asText());
            if (schema == null) {
                props.put("db.url", "jdbc:h2:file:" + dir.resolve("bench").toAbsolutePath());
            } else {
                props.put("db.url", BenchSchema.url(database.url, schema));
                props.put("db.user", database.user);
                if (BenchDatabase.password() != null) {
                    props.put("db.password", BenchDatabase.password());
                }
                System.out.printf("database: PostgreSQL, schema %s (fresh, dropped at the end)%n", schema);
            }
            props.put("sync.search-lag", "0s");
            props.put("sync.progress-every", "10s");
            // pace to the emulator's tier; with its limits off, budgets far above what one sync can use
            // (a throttle holds one permit per request of its budget: keep them in the thousands)
            props.put("hubspot.rate-limit", rateLimits.equals("off") ? "10000" : rateLimits);
            props.put("hubspot.searches-per-second", rateLimits.equals("off") ? "1000" : Integer.toString(SEARCHES_PER_SECOND));
            props.put("db.token-key", io.hubsync.core.TokenCipher.newKey());
            // the association reads keep their own budget (HubSpot exempts them from the 10-second one)
            props.put("hubspot.associations.rate-per-second", rateLimits.equals("off") ? "10000"
                    : Integer.toString(ASSOCIATION_READS_PER_SECOND));
            if (recordsOnly) {
                props.put("sync.associations.contacts", "");
            }
            Main main = new SyncMain(props).build(false);
            main.start();
            try {
                if (warmUp) {
                    warmUp(main, mapper.readTree(emu.admin("GET", "/portals", null)).at("/portals/1"));
                }
                resetPeaks();
                report("backfill", measure(emu, main), emu);
                tableStats(schema);
                if (changed > 0) {
                    emu.admin("POST", "/portals/" + portal.get("portalId").asText() + "/contacts/bulk-touch",
                            "{\"count\":" + changed + ",\"property\":\"jobtitle\",\"value\":\"Benchmarked\"}");
                    resetPeaks();
                    report("incremental", measure(emu, main), emu);
                    tableStats(schema);
                }
            } finally {
                main.stop();
            }
        } finally {
            if (schema != null) {
                BenchSchema.drop(database.url, database.user, BenchDatabase.password(), schema);
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    /** On PostgreSQL: what the server knows of the records table (whether autovacuum has analyzed it yet). */
    private void tableStats(String schema) throws java.sql.SQLException {
        if (schema != null) {
            System.out.println("            " + BenchSchema.recordsStats(database.url, database.user, BenchDatabase.password(), schema));
        }
    }

    /** A backfill of the second portal as connection warm-up, which is then paused: JIT and caches warm. */
    private void warmUp(Main main, JsonNode portal) throws Exception {
        io.hubsync.store.ConnectionStore connections = main.getCamelContext().getRegistry()
                .lookupByNameAndType("connections", io.hubsync.store.ConnectionStore.class);
        connections.addPrivateApp("warm-up", portal.get("privateAppToken").asText(), portal.get("portalId").asLong());
        long t0 = System.nanoTime();
        try (org.apache.camel.ProducerTemplate template = main.getCamelContext().createProducerTemplate()) {
            org.apache.camel.Exchange done = template.request("direct:sync-connection", e -> {
                e.setProperty("connectionId", "warm-up");
                e.setProperty("objectType", "contacts");
            });
            SyncRun run = done.getProperty("run", SyncRun.class);
            if (done.getException() != null || run == null || !run.isSucceeded()) {
                throw new IllegalStateException("The warm-up run failed: " + (run == null ? done.getException()
                        : run.getError()));
            }
        }
        main.getCamelContext().getRegistry().lookupByNameAndType("connectionStatus", io.hubsync.store.ConnectionStatus.class)
                .setStatus("warm-up", io.hubsync.store.ConnectionStore.PAUSED, "bench warm-up done");
        System.out.printf("warm-up: a backfill of %,d contacts of another portal in %.2f s (not measured)%n",
                contacts, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * @param tenSecondRequests admitted calls that count against the 10-second budget (all but search)
     * @param searchRequests    admitted search calls (5 a rolling second)
     * @param associationReads admitted v4 association calls (exempt from the 10-second budget: their own pace)
     */
    private record Result(SyncRun run, double seconds, double cpuSeconds, long requests, long throttled,
                          long tenSecondRequests, long searchRequests, long associationReads) { }

    /**
     * The least time in which the budgets let these requests go: request i of a budget of b per
     * window may go no earlier than (ceil(i/b) - 1) windows after the first, so n requests need
     * (ceil(n/b) - 1) windows at least (they could all be answered at once, which they never are).
     * The phase's floor is that of the budget it leans on most.
     */
    static double floorSeconds(long tenSecondRequests, int perTenSeconds, long searches, int searchesPerSecond) {
        return floorSeconds(tenSecondRequests, perTenSeconds, searches, searchesPerSecond, 0, 1);
    }

    /** The same with the association reads' own budget of {@code associationsPerSecond} a second. */
    static double floorSeconds(long tenSecondRequests, int perTenSeconds, long searches, int searchesPerSecond,
                               long associationReads, int associationsPerSecond) {
        return Math.max(Math.max(windows(tenSecondRequests, perTenSeconds) * 10.0, windows(searches, searchesPerSecond) * 1.0),
                windows(associationReads, associationsPerSecond) * 1.0);
    }

    /**
     * The least time both rolling budgets together allow for {@code records} records (docs/behavior.md
     * rule 11): list pages of 100, {@code perTenSeconds} of them per 10 s window, beside searches of 200,
     * {@code searchesPerSecond} a second, all sent the moment their window allows. For 50,000 contacts
     * at the professional tier: 11 s (380 list pages in the windows at 0 and 10 s, 60 searches in the
     * seconds 0 to 11), against 20 s for the list alone.
     */
    static double combinedFloorSeconds(long records, int perTenSeconds, int searchesPerSecond) {
        for (long t = 0; ; t++) {
            long listed = (t / 10 + 1) * perTenSeconds * 100L;
            long searched = (t + 1) * searchesPerSecond * 200L;
            if (listed + searched >= records) {
                return t;
            }
        }
    }

    /** The list endpoint alone: its pages of 100, as a backfill read before rule 11. */
    static double listFloorSeconds(long records, int perTenSeconds) {
        return windows((records + 99) / 100, perTenSeconds) * 10.0;
    }

    private static long windows(long n, int budget) {
        return n <= 0 ? 0 : (n + budget - 1) / budget - 1;
    }

    private boolean rateLimited() {
        return !rateLimits.equals("off");
    }

    private Result measure(EmulatorProcess emu, Main main) throws Exception {
        emu.admin("DELETE", "/stats", null);
        HeapSampler heap = new HeapSampler();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        SyncRun run;
        try {
            run = SyncMain.runOnce(main.getCamelContext()).get(0);
        } finally {
            heap.stop();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpuSecs = (os.getProcessCpuTime() - cpu0) / 1e9;
        peakUsed = heap.peak();
        peakLive = heap.peakLive();
        if (!run.isSucceeded()) {
            throw new IllegalStateException("The benchmark run failed: " + run.getError());
        }
        JsonNode stats = mapper.readTree(emu.admin("GET", "/stats", null));
        long tenSecond = 0;
        long search = 0;
        long associationReads = 0;
        for (var e : (Iterable<Map.Entry<String, JsonNode>>) () -> stats.path("byEndpoint").fields()) {
            String endpoint = e.getKey();
            if (endpoint.startsWith("admin.") || endpoint.startsWith("oauth") || endpoint.equals("unknown")) {
                continue;
            }
            // a refused call spends no budget
            long admitted = 0;
            for (var byStatus : (Iterable<Map.Entry<String, JsonNode>>) () -> e.getValue().fields()) {
                admitted += byStatus.getKey().equals("429") ? 0 : byStatus.getValue().asLong();
            }
            if (endpoint.contains("search")) {
                search += admitted;
            } else if (endpoint.startsWith("assoc.batch")) {
                associationReads += admitted;
            } else {
                tenSecond += admitted;
            }
        }
        return new Result(run, secs, cpuSecs, stats.get("total").asLong(), stats.path("byStatus").path("429").asLong(0),
                tenSecond, search, associationReads);
    }

    private void report(String phase, Result r, EmulatorProcess emu) {
        long records = r.run.getDone();
        long heapMb = peakUsed / (1024 * 1024);
        long maxMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        if (json) {
            var n = mapper.createObjectNode();
            n.put("phase", phase).put("records", records).put("seconds", round(r.seconds))
             .put("recordsPerSecond", Math.round(records / r.seconds)).put("cpuSeconds", round(r.cpuSeconds))
             .put("cpuMicrosPerRecord", Math.round(r.cpuSeconds * 1e6 / Math.max(1, records))).put("requests", r.requests)
             .put("throttled429", r.throttled).put("peakHeapMb", heapMb)
             .put("peakLiveHeapMb", peakLive / (1024 * 1024)).put("maxHeapMb", maxMb)
             .put("rateLimits", rateLimits).put("associationRows", r.run.getAssociations())
             .put("associationRowsPerSecond", Math.round(r.run.getAssociations() / r.seconds))
             .put("associationRequests", r.associationReads);
            if (rateLimited()) {
                double floor = floor(phase, r);
                n.put("tenSecondRequests", r.tenSecondRequests).put("searchRequests", r.searchRequests)
                 .put("floorSeconds", round(floor)).put("wallOverFloor", floor > 0 ? ratio(r.seconds / floor) : null);
                if (phase.equals("backfill")) {
                    n.put("listOnlyFloorSeconds", round(listFloorSeconds(r.run.getDone(), perTenSeconds())));
                }
            }
            System.out.println(n);
        } else {
            System.out.printf("%-11s %,9d records in %7.2f s = %,8.0f records/s, CPU %.2f s = %,.0f µs/record, "
                    + "%,6d requests, %,d 429s, peak heap %,d MB used, %,d MB live after full GC, of %,d MB%n", phase,
                    records, r.seconds, records / r.seconds, r.cpuSeconds, r.cpuSeconds * 1e6 / Math.max(1, records),
                    r.requests, r.throttled, heapMb, peakLive / (1024 * 1024), maxMb);
            System.out.printf("%-11s %,9d association rows = %,8.0f rows/s, %,d association requests%n", "",
                    r.run.getAssociations(), r.run.getAssociations() / r.seconds, r.associationReads);
            if (rateLimited()) {
                double floor = floor(phase, r);
                System.out.printf("%-11s %,d paced by %s (%,d per 10 s), %,d searches (5/s), %,d association reads "
                        + "(%d/s): floor %.2f s, wall/floor %s, %,d 429s%n", "", r.tenSecondRequests, rateLimits,
                        perTenSeconds(), r.searchRequests, r.associationReads, ASSOCIATION_READS_PER_SECOND, floor, floor > 0 ? String.format("%.3f", r.seconds / floor) : "n/a",
                        r.throttled);
                if (phase.equals("backfill")) {
                    System.out.printf("%-11s floor: both budgets together (list pages and searches, docs/behavior.md "
                            + "rule 11) for %,d records; the list endpoint alone would need %.2f s%n", "",
                            r.run.getDone(), listFloorSeconds(r.run.getDone(), perTenSeconds()));
                }
            }
        }
    }

    /**
     * The backfill's floor is the combined one for its records (both budgets, rule 11), or the
     * association reads' if they need longer; the incremental's that of the requests it made.
     */
    private double floor(String phase, Result r) {
        double associations = windows(r.associationReads, ASSOCIATION_READS_PER_SECOND) * 1.0;
        if (phase.equals("backfill")) {
            return Math.max(combinedFloorSeconds(r.run.getDone(), perTenSeconds(), SEARCHES_PER_SECOND), associations);
        }
        return floorSeconds(r.tenSecondRequests, perTenSeconds(), r.searchRequests, SEARCHES_PER_SECOND,
                r.associationReads, ASSOCIATION_READS_PER_SECOND);
    }

    private int perTenSeconds() {
        return new io.hubsync.hubspot.RateBudget(rateLimits, SEARCHES_PER_SECOND).configuredPerTenSeconds();
    }

    private static double ratio(double d) {
        return Math.round(d * 1000) / 1000.0;
    }

    private static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }

    private static void resetPeaks() {
        System.gc();
    }
}
