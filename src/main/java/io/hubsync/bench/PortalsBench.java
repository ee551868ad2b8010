package io.hubsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubsync.core.SyncRun;
import io.hubsync.core.TokenCipher;
import io.hubsync.store.ConnectionStore;
import io.hubsync.sync.SyncMain;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code hubsync bench portals}: many portals backfilled at once, each its own connection with its own
 * budget, against an emulator with HubSpot's limits on (in its own JVM), by one or more sync nodes,
 * each in a JVM of its own ({@link PortalsNode}) running {@code run --once} on one database (a fresh
 * H2 file, or a fresh schema of a PostgreSQL server, dropped at the end), dividing the connections
 * by their leases as nodes do. Prints the set-up (connections added, OAuth installs included; nodes
 * started), the aggregate records/s, the same backfill as one unthrottled connection on this machine
 * for comparison, the fairness (slowest connection's finish time over the median's), the requests,
 * 429s and the rate-limit floor, the CPU per record of the nodes, the emulator and the database, each
 * node's runs, heap and threads (sampled), and checks what the database holds: every portal's
 * records stored and written once, one backfill each, no failed run.
 */
@Command(name = "portals", mixinStandardHelpOptions = true,
        description = "Backfills many portals at once (one connection each) and compares with one connection.")
public final class PortalsBench implements Callable<Integer> {
    @Option(names = "--portals", description = "portals, one connection each (default: ${DEFAULT-VALUE})")
    int portals = 100;
    @Option(names = "--contacts", description = "contacts per portal (default: ${DEFAULT-VALUE})")
    int contacts = 2_000;
    @Option(names = "--rate-limits", description = "the emulator's tier, and the connections' (default: ${DEFAULT-VALUE})")
    String rateLimits = "oauth";
    @Option(names = "--workers", description = "sync.workers: connections that sync at once (default: ${DEFAULT-VALUE})")
    int workers = 16;
    @Option(names = "--pool-size", description = "db.pool-size (default: ${DEFAULT-VALUE})")
    int poolSize = 8;
    @Option(names = "--no-baseline", description = "skip the comparison: the same records backfilled as one "
            + "unthrottled connection")
    boolean noBaseline;
    @Option(names = "--emulator-heap", description = "heap of the emulator's JVM (default: ${DEFAULT-VALUE})")
    String emulatorHeap = "2g";

    @Option(names = "--nodes", description = "sync nodes, each a JVM of its own running `run --once` on the "
            + "same database; more than one needs --db-url (default: ${DEFAULT-VALUE})")
    int nodes = 1;
    @Option(names = "--node-heap", description = "heap of each node's JVM (default: ${DEFAULT-VALUE})")
    String nodeHeap = "512m";
    @Option(names = "--auth", description = "the connections' kind: oauth (installed through the emulator's "
            + "OAuth flow, one install per portal) or private-app; default: oauth at the oauth tier, else private-app")
    String auth;
    @picocli.CommandLine.Mixin
    BenchDatabase database = new BenchDatabase();
    @Option(names = "--json", description = "print one JSON line of the figures after the text")
    boolean json;

    /** HubSpot's search budget, as the emulator enforces it by default */
    private static final int SEARCHES_PER_SECOND = 5;

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        io.hubsync.core.Settings.atLeast("--portals", portals, 1);
        io.hubsync.core.Settings.atLeast("--contacts", contacts, 1);
        io.hubsync.core.Settings.atLeast("--workers", workers, 1);
        io.hubsync.core.Settings.atLeast("--pool-size", poolSize, 1);
        io.hubsync.core.Settings.between("--nodes", nodes, 1, 16);
        // IllegalArgumentException: the command line's handler prints it as one line and exits 2
        database.check();
        if (nodes > 1 && !database.isPostgres()) {
            throw new IllegalArgumentException(
                    "--nodes: several nodes share a PostgreSQL database (H2 cannot be shared): add --db-url");
        }
        String kind = auth != null ? auth : rateLimits.equals("oauth") ? "oauth" : "private-app";
        if (!kind.equals("oauth") && !kind.equals("private-app")) {
            throw new IllegalArgumentException("--auth: oauth or private-app, got " + auth);
        }
        double single = noBaseline ? Double.NaN : singleConnection();
        Path dir = Files.createTempDirectory("hubsync-bench-portals");
        String schema = !database.isPostgres() ? null : BenchSchema.create(database.url, database.user, BenchDatabase.password());
        List<NodeProcess> started = new ArrayList<>();
        try {
            double[] load = loadAverage();
            long e0 = System.nanoTime();
            try (EmulatorProcess emu = EmulatorProcess.start(List.of("--portals", Integer.toString(portals),
                    "--contacts", Integer.toString(contacts), "--rate-limits", rateLimits, "--index-delay", "0",
                    "--seed", "7"), emulatorHeap)) {
                double emulatorStart = (System.nanoTime() - e0) / 1e9;
                Map<String, String> props = settings(emu, dir);
                props.put("hubspot.rate-limit", rateLimits);
                props.put("hubspot.searches-per-second", Integer.toString(SEARCHES_PER_SECOND));
                if (schema != null) {
                    System.out.printf("database: PostgreSQL, schema %s (fresh, dropped at the end)%n", schema);
                    props.put("db.url", BenchSchema.url(database.url, schema) + "&ApplicationName=" + schema);
                    props.put("db.user", database.user);
                    if (BenchDatabase.password() != null) {
                        props.put("db.password", BenchDatabase.password());
                    }
                }
                JsonNode emulatorInfo = mapper.readTree(emu.admin("GET", "/portals", null));
                if (kind.equals("oauth")) {
                    props.put("hubspot.oauth.client-id", emulatorInfo.at("/oauth/clientId").asText());
                    props.put("hubspot.oauth.client-secret", emulatorInfo.at("/oauth/clientSecret").asText());
                }
                double setup = addConnections(props, emu, emulatorInfo.get("portals"), kind);
                Path settingsFile = dir.resolve("node.properties");
                java.util.Properties file = new java.util.Properties();
                file.putAll(props);
                try (var w = Files.newBufferedWriter(settingsFile)) {
                    file.store(w, "bench portals: the nodes' settings");
                }
                long n0 = System.nanoTime();
                for (int i = 1; i <= nodes; i++) {
                    started.add(NodeProcess.start("node-" + i, settingsFile, dir, nodeHeap));
                }
                List<JsonNode> ready = new ArrayList<>();
                for (NodeProcess n : started) {
                    ready.add(n.await("READY"));
                }
                double nodesUp = (System.nanoTime() - n0) / 1e9;
                Map<Integer, Long> pg0 = schema == null ? Map.of() : PgBackends.cpuTicks(database.url, database.user, BenchDatabase.password(), schema);
                emu.admin("DELETE", "/stats", null);
                double[] loadAtGo = loadAverage();
                double emuCpu0 = emu.cpuSeconds();
                Instant t0 = Instant.now();
                long w0 = System.nanoTime();
                for (NodeProcess n : started) {
                    n.send("GO");
                }
                List<JsonNode> results = new ArrayList<>();
                for (NodeProcess n : started) {
                    results.add(n.await("RESULT"));
                }
                double secs = (System.nanoTime() - w0) / 1e9;
                double emuCpu = emu.cpuSeconds() - emuCpu0;
                double pgCpu = schema == null ? Double.NaN
                        : PgBackends.seconds(pg0, PgBackends.cpuTicks(database.url, database.user, BenchDatabase.password(), schema));
                JsonNode stats = mapper.readTree(emu.admin("GET", "/stats", null));
                for (NodeProcess n : started) {
                    n.send("EXIT");
                }
                for (NodeProcess n : started) {
                    n.awaitExit();
                }
                Check check = check(props, t0);
                Figures f = new Figures(kind, load, loadAtGo, emulatorStart, setup, nodesUp, ready, results, secs,
                        emuCpu, pgCpu, stats, check, single);
                report(f);
                if (!check.problems.isEmpty()) {
                    throw new IllegalStateException("The records do not check out: " + check.problems);
                }
            }
        } finally {
            for (NodeProcess n : started) {
                n.close();
            }
            if (schema != null) {
                BenchSchema.drop(database.url, database.user, BenchDatabase.password(), schema);
            }
            delete(dir);
        }
        return 0;
    }

    /**
     * Creates the schema (a node started in this JVM and stopped again) and the connections, one per
     * portal: a private-app token each, or an OAuth install each through the emulator's consent and
     * token endpoints, as an app installs. The seconds that took.
     */
    private double addConnections(Map<String, String> props, EmulatorProcess emu, JsonNode list, String kind)
            throws Exception {
        Main main = new SyncMain(props).build(false);
        main.start();
        try {
            ConnectionStore connections = main.getCamelContext().getRegistry()
                    .lookupByNameAndType("connections", ConnectionStore.class);
            OAuthInstall oauth = kind.equals("oauth") ? new OAuthInstall(emu.base(), props.get("hubspot.oauth.client-id"),
                    props.get("hubspot.oauth.client-secret")) : null;
            long t0 = System.nanoTime();
            for (int i = 0; i < list.size(); i++) {
                JsonNode p = list.get(i);
                if (oauth == null) {
                    connections.addPrivateApp("portal-" + i, p.get("privateAppToken").asText(), p.get("portalId").asLong());
                } else {
                    JsonNode t = oauth.install(p.get("portalId").asLong(), "crm.objects.contacts.read "
                            + "crm.objects.companies.read crm.schemas.contacts.read");
                    connections.saveOAuth("portal-" + i, t.get("hub_id").asLong(), "portal-" + t.get("hub_id").asLong()
                            + ".example.com", t.path("scope").asText(""), t.get("access_token").asText(),
                            t.get("refresh_token").asText(), Instant.now().plusSeconds(t.get("expires_in").asLong()));
                }
            }
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            main.stop();
        }
    }

    /** What the database holds after the run, connection by connection, and the backfills' finish times. */
    private record Check(int connections, long records, long written, int backfills, int incrementals, int failed,
                         List<String> problems, List<Double> finish, List<Double> duration) { }

    /**
     * Every portal's records written, none twice: per connection {@code contacts} records stored, the
     * runs' added + updated summing to {@code contacts}, exactly one successful backfill, no failed run.
     */
    private Check check(Map<String, String> props, Instant t0) throws java.sql.SQLException {
        Map<String, long[]> by = new java.util.TreeMap<>();
        List<String> problems = new ArrayList<>();
        List<Double> finish = new ArrayList<>();
        List<Double> duration = new ArrayList<>();
        long records = 0;
        long written = 0;
        int backfills = 0;
        int incrementals = 0;
        int failed = 0;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(props.get("db.url"),
                props.getOrDefault("db.user", "sa"), props.getOrDefault("db.password", ""))) {
            try (var rs = c.createStatement().executeQuery("SELECT id FROM connections")) {
                while (rs.next()) {
                    by.put(rs.getString(1), new long[3]);
                }
            }
            try (var rs = c.createStatement().executeQuery("SELECT connection_id, COUNT(*) FROM records "
                    + "WHERE object_type = 'contacts' GROUP BY connection_id")) {
                while (rs.next()) {
                    by.computeIfAbsent(rs.getString(1), k -> new long[3])[0] = rs.getLong(2);
                    records += rs.getLong(2);
                }
            }
            try (var rs = c.createStatement().executeQuery("SELECT connection_id, phase, success, added + updated, "
                    + "started_at, finished_at FROM sync_runs WHERE object_type = 'contacts'")) {
                while (rs.next()) {
                    long[] a = by.computeIfAbsent(rs.getString(1), k -> new long[3]);
                    a[1] += rs.getLong(4);
                    written += rs.getLong(4);
                    if (!rs.getBoolean(3)) {
                        failed++;
                    } else if (SyncRun.INITIAL.equals(rs.getString(2))) {
                        a[2]++;
                        backfills++;
                        Instant started = rs.getTimestamp(5).toInstant();
                        Instant finished = rs.getTimestamp(6).toInstant();
                        finish.add(Duration.between(t0, finished).toMillis() / 1000.0);
                        duration.add(Duration.between(started, finished).toMillis() / 1000.0);
                    } else {
                        incrementals++;
                    }
                }
            }
        }
        problems.addAll(problems(portals, contacts, by, failed));
        finish.sort(Double::compare);
        duration.sort(Double::compare);
        return new Check(by.size(), records, written, backfills, incrementals, failed, problems, finish, duration);
    }

    /**
     * What is wrong with the database after a run of {@code portals} portals of {@code contacts} contacts:
     * {@code byConnection} holds, per connection, the records stored, the records the runs wrote (added +
     * updated) and the successful backfills; every connection must have {@code contacts}, {@code contacts}
     * and 1 (a record written twice shows as more written than stored), and no run may have failed.
     * The first ten problems; none when all is well.
     */
    static List<String> problems(int portals, int contacts, Map<String, long[]> byConnection, int failed) {
        List<String> problems = new ArrayList<>();
        if (byConnection.size() != portals) {
            problems.add(byConnection.size() + " connections, not " + portals);
        }
        for (Map.Entry<String, long[]> e : byConnection.entrySet()) {
            long[] a = e.getValue();
            if (a[0] != contacts || a[1] != contacts || a[2] != 1) {
                problems.add(e.getKey() + ": " + a[0] + " records stored, " + a[1] + " written, " + a[2]
                        + " successful backfills (expected " + contacts + ", " + contacts + ", 1)");
            }
        }
        if (failed > 0) {
            problems.add(failed + " failed runs");
        }
        return problems.size() > 10 ? new ArrayList<>(problems.subList(0, 10)) : problems;
    }

    private record Figures(String auth, double[] loadAtStart, double[] loadAtGo, double emulatorStart, double setup,
                           double nodesUp, List<JsonNode> ready, List<JsonNode> results, double seconds,
                           double emulatorCpu, double postgresCpu, JsonNode stats, Check check, double single) { }

    private void report(Figures f) {
        Check c = f.check;
        double aggregate = c.records / f.seconds;
        double syncCpu = 0;
        long peakHeap = 0;
        int peakThreads = 0;
        for (JsonNode r : f.results) {
            syncCpu += r.get("cpuSeconds").asDouble();
            peakHeap = Math.max(peakHeap, r.get("peakHeapMb").asLong());
            peakThreads = Math.max(peakThreads, r.get("peakThreads").asInt());
        }
        long perPortalMax = 0;
        for (var e : (Iterable<Map.Entry<String, JsonNode>>) () -> f.stats.path("byPortal").fields()) {
            long admitted = 0;
            for (var s : (Iterable<Map.Entry<String, JsonNode>>) () -> e.getValue().fields()) {
                admitted += s.getKey().equals("429") ? 0 : s.getValue().asLong();
            }
            perPortalMax = Math.max(perPortalMax, admitted);
        }
        int budget = new io.hubsync.hubspot.RateBudget(rateLimits, SEARCHES_PER_SECOND).configuredPerTenSeconds();
        // every portal has its own budget and they read at once: the floor is the busiest portal's, all its
        // calls counted against the 10-second budget (search and association reads have budgets of their own,
        // so this errs high)
        double floor = SyncBench.floorSeconds(perPortalMax, budget, 0, SEARCHES_PER_SECOND);
        long requests = f.stats.get("total").asLong();
        long throttled = f.stats.path("byStatus").path("429").asLong(0);
        String db = !database.isPostgres() ? "H2 file" : "PostgreSQL";
        System.out.printf("load average at start %.2f %.2f %.2f, at the measured run's start %.2f %.2f %.2f (%d cores)%n",
                f.loadAtStart[0], f.loadAtStart[1], f.loadAtStart[2], f.loadAtGo[0], f.loadAtGo[1], f.loadAtGo[2],
                Runtime.getRuntime().availableProcessors());
        System.out.printf("set-up: emulator with %,d portals x %,d contacts up in %.1f s; %,d %s connections added in "
                + "%.2f s (%.1f ms each); %d node(s) up in %.1f s%n", portals, contacts, f.emulatorStart, c.connections,
                f.auth, f.setup, 1000 * f.setup / Math.max(1, c.connections), nodes, f.nodesUp);
        System.out.printf("%d portals x %,d contacts (%s tier, %s), %s, %d node(s) x %d workers: %,d records in %.2f s "
                + "= %,.0f records/s%n", portals, contacts, rateLimits, f.auth, db, nodes, workers, c.records, f.seconds,
                aggregate);
        if (!Double.isNaN(f.single)) {
            System.out.printf("one unthrottled connection, same %,d records (H2, in this JVM): %,.0f records/s -> "
                    + "many/one = %.0f%%%n", c.records, f.single, 100 * aggregate / f.single);
        }
        if (!c.finish.isEmpty()) {
            System.out.printf("backfill finish times: median %.2f s, slowest %.2f s -> fairness %.2f; durations: median "
                            + "%.2f s, slowest %.2f s%n", median(c.finish), last(c.finish), last(c.finish) / median(c.finish),
                    median(c.duration), last(c.duration));
        }
        System.out.printf("requests %,d (busiest portal %,d), 429s %,d; floor %.2f s (each portal's own budget of %d "
                + "per 10 s: the busiest portal's calls fit in %s), wall/floor %s%n", requests, perPortalMax, throttled,
                floor, budget, floor == 0 ? "its first window" : (long) (floor / 10) + 1 + " windows",
                floor > 0 ? String.format("%.2f", f.seconds / floor) : "n/a (the floor is 0: the machine sets the pace)");
        System.out.printf("CPU per record: nodes %.0f µs (%.1f s), emulator %.0f µs (%.1f s)%s; %d cores -> a CPU floor of "
                        + "%.1f s%n", 1e6 * syncCpu / c.records, syncCpu, 1e6 * f.emulatorCpu / c.records, f.emulatorCpu,
                Double.isNaN(f.postgresCpu) ? "" : String.format(", PostgreSQL backends %.0f µs (%.1f s)",
                        1e6 * f.postgresCpu / c.records, f.postgresCpu),
                Runtime.getRuntime().availableProcessors(), (syncCpu + f.emulatorCpu + (Double.isNaN(f.postgresCpu) ? 0
                        : f.postgresCpu)) / Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < f.results.size(); i++) {
            JsonNode r = f.results.get(i);
            JsonNode up = f.ready.get(i);
            System.out.printf("node-%d: started in %.1f s with %d threads; %,d backfills, %,d incrementals of connections "
                            + "another node had just backfilled, %,d held by another node; CPU %.1f s (JIT %.1f s, GC %.1f s); "
                            + "heap peak %,d MB "
                            + "(live after %,d MB, of %,d MB); threads peak %d (idle %d)%n", i + 1,
                    up.get("startSeconds").asDouble(), up.get("threads").asInt(), r.get("backfills").asLong(),
                    r.get("incrementals").asLong(), r.get("heldByAnotherNode").asLong(), r.get("cpuSeconds").asDouble(),
                    r.get("jitCpuSeconds").asDouble(), r.get("gcCpuSeconds").asDouble(),
                    r.get("peakHeapMb").asLong(), r.get("liveHeapAfterMb").asLong(), up.get("maxHeapMb").asLong(),
                    r.get("peakThreads").asInt(), up.get("threads").asInt());
        }
        System.out.println("threads at node-1's peak, by name: " + f.results.get(0).get("threadsAtPeak"));
        System.out.printf("check: %,d connections, %,d records stored, %,d written by %,d runs (%,d backfills, %,d "
                + "incrementals), %d failed -> %s%n", c.connections, c.records, c.written, c.backfills + c.incrementals,
                c.backfills, c.incrementals, c.failed, c.problems.isEmpty() ? "every portal's " + contacts
                + " records written once" : "PROBLEMS " + c.problems);
        if (json) {
            var n = mapper.createObjectNode();
            n.put("portals", portals).put("contacts", contacts).put("rateLimits", rateLimits).put("auth", f.auth)
             .put("database", db).put("nodes", nodes).put("workers", workers)
             .put("loadAverage1m", f.loadAtGo[0]).put("loadAverageAtStart1m", f.loadAtStart[0])
             .put("setupSeconds", round(f.setup)).put("nodesUpSeconds", round(f.nodesUp))
             .put("records", c.records).put("seconds", round(f.seconds)).put("recordsPerSecond", Math.round(aggregate))
             .put("fairness", c.finish.isEmpty() ? 0 : round(last(c.finish) / median(c.finish)))
             .put("requests", requests).put("throttled429", throttled).put("busiestPortalRequests", perPortalMax)
             .put("floorSeconds", round(floor)).put("syncCpuSeconds", round(syncCpu))
             .put("syncCpuMicrosPerRecord", Math.round(1e6 * syncCpu / c.records))
             .put("emulatorCpuSeconds", round(f.emulatorCpu)).put("peakHeapMb", peakHeap).put("peakThreads", peakThreads)
             .put("backfills", c.backfills).put("incrementals", c.incrementals).put("failedRuns", c.failed)
             .put("checked", c.problems.isEmpty());
            if (floor > 0) {
                n.put("wallOverFloor", round(f.seconds / floor));
            }
            if (!Double.isNaN(f.postgresCpu)) {
                n.put("postgresCpuSeconds", round(f.postgresCpu));
            }
            if (!Double.isNaN(f.single)) {
                n.put("singleConnectionRecordsPerSecond", Math.round(f.single));
            }
            n.set("nodeResults", mapper.valueToTree(f.results));
            System.out.println(n);
        }
    }

    /** The same number of records as one connection without limits: what this machine does alone. */
    private double singleConnection() throws Exception {
        Path dir = Files.createTempDirectory("hubsync-bench-one");
        try (EmulatorProcess emu = EmulatorProcess.start(List.of("--contacts", Integer.toString(portals * contacts),
                "--rate-limits", "off", "--index-delay", "0", "--seed", "7"), emulatorHeap)) {
            Map<String, String> props = settings(emu, dir);
            JsonNode portal = mapper.readTree(emu.admin("GET", "/portals", null)).at("/portals/0");
            props.put("hubspot.access-token", portal.get("privateAppToken").asText());
            props.put("hubspot.rate-limit", "10000");
            props.put("hubspot.searches-per-second", "1000");
            // hubsync's own pace of association reads (10 a second by default) would bound it instead
            props.put("hubspot.associations.rate-per-second", "10000");
            Main main = new SyncMain(props).build(false);
            main.start();
            try {
                long t0 = System.nanoTime();
                SyncRun run = SyncMain.runOnce(main.getCamelContext()).get(0);
                double secs = (System.nanoTime() - t0) / 1e9;
                if (!run.isSucceeded()) {
                    throw new IllegalStateException("The baseline run failed: " + run.getError());
                }
                return run.getDone() / secs;
            } finally {
                main.stop();
            }
        } finally {
            delete(dir);
        }
    }

    private Map<String, String> settings(EmulatorProcess emu, Path dir) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("hubspot.base-url", emu.base());
        props.put("hubspot.access-token", "");
        props.put("db.url", "jdbc:h2:file:" + dir.resolve("bench").toAbsolutePath());
        props.put("db.pool-size", Integer.toString(poolSize));
        props.put("db.token-key", TokenCipher.newKey());
        props.put("sync.workers", Integer.toString(workers));
        props.put("sync.search-lag", "0s");
        props.put("sync.progress-every", "30s");
        return props;
    }

    /** The 1, 5 and 15 minute load averages of the machine (/proc/loadavg; the 1-minute one elsewhere). */
    static double[] loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
        } catch (java.io.IOException | RuntimeException e) {
            double one = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return new double[] {one, Double.NaN, Double.NaN};
        }
    }

    private static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }

    private static double median(List<Double> sorted) {
        return sorted.get(sorted.size() / 2);
    }

    private static double last(List<Double> sorted) {
        return sorted.get(sorted.size() - 1);
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
