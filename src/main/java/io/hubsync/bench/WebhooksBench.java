package io.hubsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubsync.core.SyncRun;
import io.hubsync.core.TokenCipher;
import io.hubsync.emulator.webhook.WebhookSignatures;
import io.hubsync.sync.SyncMain;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * {@code hubsync bench webhooks}: HubSpot's webhooks into hubsync. After one backfill of N contacts
 * from an emulator in its own JVM, concurrent HTTP/1.1 clients POST signed batches of events to
 * /webhooks/hubspot (checked, stored in webhook_inbox, answered 204), while the applier tombstones
 * and batch-reads them. Prints the answer latencies, requests/s and events/s accepted, the answers
 * that were not 204, the time until the inbox is empty, the events applied per second, the batch
 * reads the emulator served and this JVM's peak heap.
 */
@Command(name = "webhooks", mixinStandardHelpOptions = true,
        description = "Measures the webhook intake (signed POST /webhooks/hubspot) and the applier behind it, against "
                + "the emulator (started in its own JVM).")
public final class WebhooksBench implements Callable<Integer> {
    @Option(names = "--contacts", description = "contacts to backfill; the events name them (default: ${DEFAULT-VALUE})")
    int contacts = 20_000;
    @Option(names = "--requests", description = "webhook requests to send (default: ${DEFAULT-VALUE})")
    int requests = 2_000;
    @Option(names = "--events-per-request", description = "events in each request (default: ${DEFAULT-VALUE})")
    int eventsPerRequest = 10;
    @Option(names = "--clients", description = "concurrent HTTP/1.1 clients, one connection each (default: ${DEFAULT-VALUE})")
    int clients = 8;
    @Option(names = "--pool-size", description = "db.pool-size (default: ${DEFAULT-VALUE})")
    int poolSize = 8;
    @Option(names = "--apply-timeout", description = "seconds to wait for the inbox to empty before giving up "
            + "(default: ${DEFAULT-VALUE})")
    int applyTimeout = 600;
    @Option(names = "--emulator-heap", description = "heap of the emulator's JVM (default: ${DEFAULT-VALUE})")
    String emulatorHeap = "2g";
    @Option(names = "--json", description = "print one JSON line instead of text (progress goes to stderr)")
    boolean json;

    /** One in this many events is a deletion, one a creation; the rest are property changes. */
    private static final int MIX = 20;
    private static final int DELETIONS_IN_MIX = 2;
    private static final long FIRST_EVENT_ID = 5_000_000_000L;

    private final ObjectMapper mapper = new ObjectMapper();
    /** distinct ids the deletions name: the tombstones to expect */
    private int deletedIds;

    @Override
    public Integer call() throws Exception {
        io.hubsync.core.Settings.atLeast("--contacts", contacts, MIX);
        io.hubsync.core.Settings.atLeast("--requests", requests, 1);
        io.hubsync.core.Settings.atLeast("--events-per-request", eventsPerRequest, 1);
        io.hubsync.core.Settings.atLeast("--clients", clients, 1);
        io.hubsync.core.Settings.atLeast("--pool-size", poolSize, 1);
        io.hubsync.core.Settings.atLeast("--apply-timeout", applyTimeout, 1);
        PrintStream progress = json ? System.err : System.out;
        Path dir = Files.createTempDirectory("hubsync-bench-webhooks");
        try (EmulatorProcess emu = EmulatorProcess.start(List.of("--contacts", Integer.toString(contacts),
                "--rate-limits", "off", "--index-delay", "0", "--seed", "7"), emulatorHeap)) {
            JsonNode portal = mapper.readTree(emu.admin("GET", "/portals", null)).at("/portals/0");
            long portalId = portal.get("portalId").asLong();
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            String url = "http://127.0.0.1:" + port + "/webhooks/hubspot";
            String secret = randomText(24);
            Map<String, String> props = new LinkedHashMap<>();
            props.put("hubspot.base-url", emu.base());
            props.put("hubspot.access-token", portal.get("privateAppToken").asText());
            props.put("hubspot.portal-id", Long.toString(portalId));
            props.put("hubspot.oauth.client-secret", secret);
            // limits off in the emulator: budgets far above what one sync can use (as bench sync)
            props.put("hubspot.rate-limit", "10000");
            props.put("hubspot.searches-per-second", "1000");
            props.put("db.url", "jdbc:h2:file:" + dir.resolve("bench").toAbsolutePath());
            props.put("db.pool-size", Integer.toString(poolSize));
            props.put("db.token-key", TokenCipher.newKey());
            props.put("sync.search-lag", "0s");
            props.put("sync.progress-every", "30s");
            props.put("server.enabled", "true");
            props.put("server.port", Integer.toString(port));
            props.put("server.api-key", randomText(32));
            props.put("server.public-url", "http://127.0.0.1:" + port);
            Main main = new SyncMain(props).build(false);
            main.start();
            try {
                long t0 = System.nanoTime();
                SyncRun backfill = SyncMain.runOnce(main.getCamelContext()).get(0);
                if (!backfill.isSucceeded()) {
                    throw new IllegalStateException("The backfill failed: " + backfill.getError());
                }
                progress.printf(Locale.ROOT, "backfill: %,d contacts in %.2f s (not measured)%n", backfill.getDone(),
                        (System.nanoTime() - t0) / 1e9);
                DataSource ds = main.getCamelContext().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
                long[] ids = contactIds(ds);
                List<String> bodies = bodies(ids, portalId);
                emu.admin("DELETE", "/stats", null);
                System.gc();
                HeapSampler heap = new HeapSampler(false);
                Intake intake;
                Drain drain;
                try {
                    intake = send(url, secret, bodies);
                    drain = drain(ds, intake, progress);
                } finally {
                    heap.stop();
                }
                JsonNode stats = mapper.readTree(emu.admin("GET", "/stats", null));
                long tombstones = count(ds, "SELECT COUNT(*) FROM records WHERE deleted IS NOT NULL");
                report(intake, drain, stats, tombstones, heap.peak(), HeapMeter.liveBytes());
                return drain.empty ? 0 : 1;
            } finally {
                main.stop();
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ---------------------------------------------------------------- the events

    /** The backfilled contacts' ids, ascending: the events name only records hubsync has. */
    private static long[] contactIds(DataSource ds) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM records WHERE object_type = 'contacts' AND deleted IS NULL "
                     + "ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        if (out.size() < MIX) {
            throw new IllegalStateException("The backfill stored " + out.size() + " contacts");
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * Each request's body, made before the clock starts: of every {@value #MIX} events
     * {@value #DELETIONS_IN_MIX} are deletions, one a creation (of an existing id, as a creation
     * HubSpot delivers late), the rest property changes. Deletions name ids of their own (the last
     * tenth of the contacts, each at most once while there are enough), so that no change of a
     * deleted record asks for it to be read back; every eventId is unique.
     */
    private List<String> bodies(long[] ids, long portalId) {
        int deletable = ids.length / 10;
        int live = ids.length - deletable;
        Random random = new Random(7);
        long now = System.currentTimeMillis();
        long eventId = FIRST_EVENT_ID;
        int deletions = 0;
        List<String> out = new ArrayList<>(requests);
        for (int r = 0; r < requests; r++) {
            StringBuilder b = new StringBuilder(eventsPerRequest * 300).append('[');
            for (int e = 0; e < eventsPerRequest; e++) {
                int slot = (int) ((eventId - FIRST_EVENT_ID) % MIX);
                String type;
                long objectId;
                String extra;
                if (slot < DELETIONS_IN_MIX) {
                    type = "contact.deletion";
                    objectId = ids[live + deletions++ % deletable];
                    extra = ",\"changeFlag\":\"DELETED\"";
                } else if (slot == DELETIONS_IN_MIX) {
                    type = "contact.creation";
                    objectId = ids[random.nextInt(live)];
                    extra = ",\"changeFlag\":\"CREATED\"";
                } else {
                    type = "contact.propertyChange";
                    objectId = ids[random.nextInt(live)];
                    extra = ",\"propertyName\":\"jobtitle\",\"propertyValue\":\"Webhooked " + eventId + "\"";
                }
                if (e > 0) {
                    b.append(',');
                }
                b.append("{\"eventId\":").append(eventId++).append(",\"subscriptionId\":7560002,\"portalId\":")
                 .append(portalId).append(",\"appId\":1234567,\"occurredAt\":").append(now + r)
                 .append(",\"subscriptionType\":\"").append(type).append("\",\"attemptNumber\":0,\"objectId\":")
                 .append(objectId).append(extra).append(",\"changeSource\":\"CRM_UI\"}");
            }
            out.add(b.append(']').toString());
        }
        deletedIds = Math.min(deletions, deletable);
        return out;
    }

    // ---------------------------------------------------------------- the intake

    private record Intake(long startNanos, long endNanos, long[] latencies, long accepted, long refused,
                          long errors, Map<Integer, Long> byStatus, String firstProblem) {
        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }
    }

    /** One client: its own HTTP/1.1 connection, taking the next request until none is left. */
    private static final class Client implements Runnable {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        private final URI uri;
        private final String url;
        private final String secret;
        private final List<String> bodies;
        private final AtomicInteger next;
        final long[] latencies;
        int measured;
        final Map<Integer, Long> byStatus = new LinkedHashMap<>();
        long errors;
        String firstProblem;

        Client(String url, String secret, List<String> bodies, AtomicInteger next) {
            this.uri = URI.create(url);
            this.url = url;
            this.secret = secret;
            this.bodies = bodies;
            this.next = next;
            this.latencies = new long[bodies.size()];
        }

        @Override
        public void run() {
            for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                String body = bodies.get(i);
                long start = System.nanoTime();
                // signed as HubSpot signs, when it sends: the signature is fresh within webhooks.max-age
                long timestamp = System.currentTimeMillis();
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("X-HubSpot-Signature-v3", WebhookSignatures.v3(secret, "POST", url, body, timestamp))
                        .header("X-HubSpot-Request-Timestamp", Long.toString(timestamp))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                try {
                    HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                    latencies[measured++] = System.nanoTime() - start;
                    byStatus.merge(answer.statusCode(), 1L, Long::sum);
                    if (answer.statusCode() != 204 && firstProblem == null) {
                        firstProblem = "HTTP " + answer.statusCode() + ": " + answer.body();
                    }
                } catch (IOException e) {
                    errors++;
                    firstProblem = firstProblem == null ? e.toString() : firstProblem;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private Intake send(String url, String secret, List<String> bodies) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Client> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Client c = new Client(url, secret, bodies, next);
            all.add(c);
            threads.add(new Thread(c, "webhook-client-" + i));
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        long end = System.nanoTime();
        Map<Integer, Long> byStatus = new java.util.TreeMap<>();
        long errors = 0;
        String firstProblem = null;
        List<long[]> latencies = new ArrayList<>();
        for (Client c : all) {
            c.byStatus.forEach((k, v) -> byStatus.merge(k, v, Long::sum));
            errors += c.errors;
            firstProblem = firstProblem == null ? c.firstProblem : firstProblem;
            latencies.add(Arrays.copyOf(c.latencies, c.measured));
        }
        long accepted = byStatus.getOrDefault(204, 0L);
        long answered = byStatus.values().stream().mapToLong(Long::longValue).sum();
        return new Intake(start, end, latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray(), accepted,
                answered - accepted, errors, byStatus, firstProblem);
    }

    // ---------------------------------------------------------------- the applier

    /**
     * @param afterFirstSeconds from the first request sent until the inbox was empty
     * @param afterLastSeconds  from the last answer until the inbox was empty
     */
    private record Drain(boolean empty, long left, double afterFirstSeconds, double afterLastSeconds) { }

    /** Polls the inbox until it is empty or --apply-timeout has passed, printing what is left every 2 s. */
    private Drain drain(DataSource ds, Intake intake, PrintStream progress) throws Exception {
        long deadline = intake.endNanos + applyTimeout * 1_000_000_000L;
        long nextReport = System.nanoTime();
        long left = count(ds, "SELECT COUNT(*) FROM webhook_inbox");
        while (left > 0 && System.nanoTime() < deadline) {
            if (System.nanoTime() >= nextReport) {
                progress.printf(Locale.ROOT, "inbox: %,d events left, %.1f s after the last answer%n", left,
                        (System.nanoTime() - intake.endNanos) / 1e9);
                nextReport += 2_000_000_000L;
            }
            Thread.sleep(50);
            left = count(ds, "SELECT COUNT(*) FROM webhook_inbox");
        }
        long now = System.nanoTime();
        return new Drain(left == 0, left, (now - intake.startNanos) / 1e9, (now - intake.endNanos) / 1e9);
    }

    private static long count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---------------------------------------------------------------- the report

    private void report(Intake in, Drain drain, JsonNode stats, long tombstones, long peakHeap, long liveHeap) {
        long events = in.accepted * eventsPerRequest;
        long batchReads = 0;
        for (JsonNode n : stats.path("byEndpoint").path("crm.batch.read")) {
            batchReads += n.asLong();
        }
        long[] lat = in.latencies;
        long maxMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        if (json) {
            ObjectNode n = mapper.createObjectNode();
            n.put("contacts", contacts).put("requests", requests).put("eventsPerRequest", eventsPerRequest)
             .put("clients", clients).put("intakeSeconds", round(in.seconds()))
             .put("p50Ms", ms(percentile(lat, 0.50))).put("p95Ms", ms(percentile(lat, 0.95)))
             .put("p99Ms", ms(percentile(lat, 0.99))).put("maxMs", ms(lat.length == 0 ? 0 : lat[lat.length - 1]))
             .put("requestsPerSecond", round(in.accepted / in.seconds())).put("eventsPerSecond", Math.round(events / in.seconds()))
             .put("accepted", in.accepted).put("non204", in.refused + in.errors).put("transportErrors", in.errors)
             .set("byStatus", mapper.valueToTree(in.byStatus));
            if (in.firstProblem != null) {
                n.put("firstProblem", in.firstProblem);
            }
            n.put("inboxEmpty", drain.empty).put("inboxLeft", drain.left)
             .put("emptyAfterLastAnswerSeconds", round(drain.afterLastSeconds))
             .put("emptyAfterFirstRequestSeconds", round(drain.afterFirstSeconds))
             .put("appliedEventsPerSecond", drain.empty ? Math.round(events / drain.afterFirstSeconds) : 0)
             .put("batchReads", batchReads).put("emulatorRequests", stats.path("total").asLong())
             .put("tombstones", tombstones).put("expectedTombstones", deletedIds).put("peakHeapMb", peakHeap / (1024 * 1024))
             .put("liveHeapAfterMb", liveHeap / (1024 * 1024)).put("maxHeapMb", maxMb);
            System.out.println(n);
            return;
        }
        System.out.printf(Locale.ROOT, "intake   %,d requests x %d events from %d clients (HTTP/1.1) in %.2f s: "
                        + "%,.0f requests/s, %,.0f events/s accepted%n", requests, eventsPerRequest, clients,
                in.seconds(), in.accepted / in.seconds(), events / in.seconds());
        System.out.printf(Locale.ROOT, "latency  p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                ms(percentile(lat, 0.50)), ms(percentile(lat, 0.95)), ms(percentile(lat, 0.99)),
                ms(lat.length == 0 ? 0 : lat[lat.length - 1]));
        System.out.printf(Locale.ROOT, "answers  %,d 204, %,d not 204 %s%s%n", in.accepted, in.refused + in.errors,
                in.byStatus, in.firstProblem == null ? "" : " (first: " + in.firstProblem + ")");
        if (drain.empty) {
            System.out.printf(Locale.ROOT, "applied  inbox empty %.2f s after the last answer, %.2f s after the first "
                            + "request: %,.0f events/s applied%n", drain.afterLastSeconds, drain.afterFirstSeconds,
                    events / drain.afterFirstSeconds);
        } else {
            System.out.printf(Locale.ROOT, "applied  NOT DONE: %,d events still in the inbox %d s after the last answer%n",
                    drain.left, applyTimeout);
        }
        System.out.printf(Locale.ROOT, "hubspot  %,d batch reads (of %,d requests the emulator served), %,d tombstones "
                + "in the database (%,d ids deleted)%n", batchReads, stats.path("total").asLong(), tombstones, deletedIds);
        System.out.printf(Locale.ROOT, "heap     peak %,d MB used (intake and applier, clients included), %,d MB live "
                + "after, of %,d MB%n", peakHeap / (1024 * 1024), liveHeap / (1024 * 1024), maxMb);
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }

    private static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }

    private static String randomText(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
