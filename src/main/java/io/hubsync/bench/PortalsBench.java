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
 * budget, against an emulator with HubSpot's limits on (in its own JVM). Prints the aggregate
 * records/s, the same backfill as one unthrottled connection on this machine for comparison, the
 * fairness (slowest connection's finish time over the median's) and the 429 count.
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

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        io.hubsync.core.Settings.atLeast("--portals", portals, 1);
        io.hubsync.core.Settings.atLeast("--contacts", contacts, 1);
        io.hubsync.core.Settings.atLeast("--workers", workers, 1);
        io.hubsync.core.Settings.atLeast("--pool-size", poolSize, 1);
        double single = noBaseline ? Double.NaN : singleConnection();
        Path dir = Files.createTempDirectory("hubsync-bench-portals");
        try (EmulatorProcess emu = EmulatorProcess.start(List.of("--portals", Integer.toString(portals),
                "--contacts", Integer.toString(contacts), "--rate-limits", rateLimits, "--index-delay", "0",
                "--seed", "7"), emulatorHeap)) {
            Map<String, String> props = settings(emu, dir);
            props.put("hubspot.rate-limit", rateLimits);
            props.put("hubspot.searches-per-second", "5");
            Main main = new SyncMain(props).build(false);
            main.start();
            try {
                ConnectionStore connections = main.getCamelContext().getRegistry()
                        .lookupByNameAndType("connections", ConnectionStore.class);
                JsonNode list = mapper.readTree(emu.admin("GET", "/portals", null)).get("portals");
                for (int i = 0; i < list.size(); i++) {
                    JsonNode p = list.get(i);
                    connections.addPrivateApp("portal-" + i, p.get("privateAppToken").asText(), p.get("portalId").asLong());
                }
                emu.admin("DELETE", "/stats", null);
                Instant t0 = Instant.now();
                List<SyncRun> runs = SyncMain.runOnce(main.getCamelContext());
                double secs = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
                JsonNode stats = mapper.readTree(emu.admin("GET", "/stats", null));
                report(runs, t0, secs, single, stats);
            } finally {
                main.stop();
            }
        } finally {
            delete(dir);
        }
        return 0;
    }

    private void report(List<SyncRun> runs, Instant t0, double secs, double single, JsonNode stats) {
        long records = 0;
        List<Double> finish = new ArrayList<>();
        List<Double> duration = new ArrayList<>();
        for (SyncRun r : runs) {
            if (!r.isSucceeded()) {
                throw new IllegalStateException(r + " failed: " + r.getError());
            }
            records += r.getDone();
            finish.add(Duration.between(t0, r.getFinishedAt()).toMillis() / 1000.0);
            duration.add(r.elapsed().toMillis() / 1000.0);
        }
        finish.sort(Double::compare);
        duration.sort(Double::compare);
        double aggregate = records / secs;
        System.out.printf("%d portals x %,d contacts (%s tier), %d workers: %,d records in %.2f s = %,.0f records/s%n",
                runs.size(), contacts, rateLimits, workers, records, secs, aggregate);
        if (!Double.isNaN(single)) {
            System.out.printf("one unthrottled connection, same %,d records: %,.0f records/s -> many/one = %.0f%%%n",
                    records, single, 100 * aggregate / single);
        }
        System.out.printf("finish times: median %.2f s, slowest %.2f s -> fairness %.2f; run durations: median %.2f s, "
                        + "slowest %.2f s -> %.2f%n", median(finish), last(finish), last(finish) / median(finish),
                median(duration), last(duration), last(duration) / median(duration));
        System.out.printf("requests %,d, 429s %,d%n", stats.get("total").asLong(), stats.path("byStatus").path("429").asLong(0));
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
