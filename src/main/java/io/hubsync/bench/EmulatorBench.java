package io.hubsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubsync.emulator.Emulator;
import io.hubsync.emulator.EmulatorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code hubsync bench emulator}: how fast the emulator serves list pages and how much heap its
 * records take, so that it is never what limits a sync benchmark (the sync needs about 200 pages a
 * second; the emulator should serve at least 1,000 and hold a million contacts in under 2 GB).
 *
 * <p>Everything runs in this process: the emulator on a free port with rate limits off, and
 * {@code --clients} threads paging through {@code GET /crm/v3/objects/contacts} with keep-alive,
 * starting over after the last page. It prints figures; it passes or fails nothing.
 */
@Command(name = "emulator", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures the emulator alone: list pages/s, latency, live heap.",
            "Seeds contacts, reports their live heap, then pages through them with local",
            "keep-alive clients and prints pages/s, latency and CPU. Prints figures; tests nothing."})
public final class EmulatorBench implements Callable<Integer> {
    static final int LIMIT = 100;
    static final String PROPERTIES = "email,firstname,lastname,phone,company,city";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--contacts", description = "contacts to seed (default: ${DEFAULT-VALUE})")
    int contacts = 200_000;
    @Option(names = "--seconds", description = "measurement duration (default: ${DEFAULT-VALUE})")
    int seconds = 10;
    @Option(names = "--warmup", description = "seconds of load before measuring, at least (default: ${DEFAULT-VALUE})")
    int warmup = 3;
    @Option(names = "--jit-settle", description = "then up to this many seconds more, until the JIT compilers are "
            + "idle; 0 measures right after --warmup (default: ${DEFAULT-VALUE})")
    int jitSettle = 60;
    @Option(names = "--clients", description = "concurrent client connections (default: ${DEFAULT-VALUE})")
    int clients = 2;
    @Option(names = "--server", description = "vertx (the emulator's server) or jdk (com.sun.net.httpserver, "
            + "for comparison) (default: ${DEFAULT-VALUE})")
    String server = "vertx";
    @Option(names = "--client", description = "apache (HttpClient 5 classic) or jdk (java.net.http) "
            + "(default: ${DEFAULT-VALUE})")
    String client = "apache";
    @Option(names = "--heap-only", description = "only seed and report the live heap (run with -Xmx2g)")
    boolean heapOnly;
    @Option(names = "--json", description = "print one JSON line instead of the text report")
    boolean json;

    @Override
    public Integer call() throws Exception {
        validate();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("contacts", contacts);
        long before = HeapMeter.liveBytes();
        long seedStart = System.nanoTime();
        EmulatorConfig config = config();
        Emulator emulator = new Emulator(config);
        long seedMillis = (System.nanoTime() - seedStart) / 1_000_000;
        long after = HeapMeter.liveBytes();
        out.put("seedMillis", seedMillis);
        out.put("heapBeforeMiB", mb(before));
        out.put("heapLiveMiB", mb(after));
        out.put("heapMaxMiB", mb(HeapMeter.maxBytes()));
        out.put("bytesPerContact", contacts == 0 ? 0 : (after - before) / contacts);
        try {
            if (!heapOnly) {
                load(emulator, out);
            }
        } finally {
            emulator.close();
        }
        print(out);
        return 0;
    }

    private void validate() {
        // --heap-only measures an empty emulator too; paging needs a contact
        io.hubsync.core.Settings.atLeast("--contacts", contacts, heapOnly ? 0 : 1);
        io.hubsync.core.Settings.atLeast("--seconds", seconds, 1);
        io.hubsync.core.Settings.atLeast("--warmup", warmup, 0);
        io.hubsync.core.Settings.atLeast("--jit-settle", jitSettle, 0);
        io.hubsync.core.Settings.atLeast("--clients", clients, 1);
        if (!server.equals("vertx") && !server.equals("jdk")) {
            throw new IllegalArgumentException("--server must be vertx or jdk, got '" + server + "'");
        }
        if (!client.equals("apache") && !client.equals("jdk")) {
            throw new IllegalArgumentException("--client must be apache or jdk, got '" + client + "'");
        }
    }

    private EmulatorConfig config() {
        EmulatorConfig c = new EmulatorConfig();
        c.port = 0;
        c.contacts = contacts;
        c.rateLimits = "off";
        c.indexDelayMillis = 0;
        return c;
    }

    private void load(Emulator emulator, Map<String, Object> out) throws Exception {
        String token = emulator.auth().privateAppToken(emulator.config().portalId(0));
        try (BenchServer http = BenchServer.of(server, emulator)) {
            String firstPage = http.start() + "/crm/v3/objects/contacts?limit=" + LIMIT + "&properties=" + PROPERTIES;
            checkFirstPage(firstPage, token);
            ClientLoop.Window window = new ClientLoop.Window();
            List<ClientLoop> loops = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                ClientLoop loop = new ClientLoop(PageClient.of(client, token), firstPage, LIMIT, window);
                Thread t = new Thread(loop, "bench-client-" + i);
                t.setDaemon(true);
                loops.add(loop);
                threads.add(t);
                t.start();
            }
            out.put("warmupSeconds", warmUp());
            CpuMeter cpu = new CpuMeter();
            cpu.start();
            window.from = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            window.to = System.nanoTime();
            CpuMeter.Usage used = cpu.stop();
            window.stopped = true;
            for (Thread t : threads) {
                t.join(35_000);
            }
            summarize(loops, (window.to - window.from) / 1e9, used, out);
        }
    }

    /**
     * Lets the load run at least {@code --warmup} seconds, then until the JIT compilers used less
     * than 5% of a core over two seconds (at most {@code --jit-settle} seconds more), and returns
     * the seconds it took. On two shared cores C2 went on compiling the page-writing code for about
     * 25 s, taking half a core from the server; waiting gives the figures of the steady state.
     */
    private double warmUp() throws InterruptedException {
        long start = System.nanoTime();
        Thread.sleep(warmup * 1000L);
        long deadline = System.nanoTime() + jitSettle * 1_000_000_000L;
        long before = CpuMeter.jitNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(2000);
            long now = CpuMeter.jitNanos();
            if (now - before < 100_000_000L) {
                break;
            }
            before = now;
        }
        return round((System.nanoTime() - start) / 1e9, 1);
    }

    /** Checks once, with a real JSON parser, that the page is what the clients' quick scan assumes. */
    private void checkFirstPage(String url, String token) throws Exception {
        try (PageClient c = PageClient.of(client, token)) {
            PageClient.Page page = c.get(url);
            String text = new String(page.body(), 0, page.length(), StandardCharsets.UTF_8);
            if (page.status() != 200) {
                throw new IllegalStateException("the first page answered " + page.status() + ": " + text);
            }
            JsonNode root = JSON.readTree(text);
            int expected = Math.min(LIMIT, contacts);
            JsonNode first = root.path("results").path(0).path("properties");
            if (root.path("results").size() != expected || !first.has("email") || !first.has("city")
                    || PageScan.records(page.body(), page.length()) != expected
                    || !String.valueOf(PageScan.nextAfter(page.body(), page.length()))
                            .equals(root.path("paging").path("next").path("after").asText("null"))) {
                throw new IllegalStateException("the first page is not the expected list page: " + text);
            }
        }
    }

    private void summarize(List<ClientLoop> loops, double elapsed, CpuMeter.Usage cpu, Map<String, Object> out) {
        long pages = 0;
        long records = 0;
        long bytes = 0;
        long errors = 0;
        String firstError = null;
        List<long[]> all = new ArrayList<>();
        for (ClientLoop l : loops) {
            pages += l.pages;
            records += l.records;
            bytes += l.bytes;
            errors += l.errors;
            firstError = firstError != null ? firstError : l.firstError;
            all.add(l.latencies());
        }
        long[] lat = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        out.put("server", server);
        out.put("client", client);
        out.put("clients", clients);
        out.put("seconds", round(elapsed, 2));
        out.put("pages", pages);
        out.put("pagesPerSecond", round(pages / elapsed, 1));
        out.put("recordsPerSecond", Math.round(records / elapsed));
        out.put("mbPerSecond", round(bytes / elapsed / 1e6, 1));
        out.put("bytesPerPage", pages == 0 ? 0 : bytes / pages);
        out.put("p50Ms", round(percentile(lat, 0.50) / 1e6, 2));
        out.put("p99Ms", round(percentile(lat, 0.99) / 1e6, 2));
        out.put("errors", errors);
        if (firstError != null) {
            out.put("firstError", firstError);
        }
        out.put("cpuServer", round(cpu.server(), 2));
        out.put("cpuClient", round(cpu.client(), 2));
        out.put("cpuOtherJava", round(cpu.otherJava(), 2));
        out.put("cpuGc", round(cpu.gc(), 2));
        out.put("cpuJit", round(cpu.jit(), 2));
        out.put("cpuVm", round(cpu.vm(), 2));
        out.put("cpuTotal", round(cpu.total(), 2));
        // CPU per page holds steadier than pages/s when other work shares the machine
        out.put("serverCpuMsPerPage", pages == 0 ? 0 : round(cpu.server() * elapsed * 1000 / pages, 3));
        out.put("cpuMsPerPage", pages == 0 ? 0 : round(cpu.total() * elapsed * 1000 / pages, 3));
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("loadAverage", round(cpu.loadAverage(), 2));
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    private void print(Map<String, Object> r) throws Exception {
        if (json) {
            System.out.println(JSON.writeValueAsString(r));
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Emulator heap: %,d contacts seeded in %,d ms; live heap %s MiB "
                        + "(%s MiB before seeding, %,d bytes per contact), max heap %s MiB%n",
                r.get("contacts"), r.get("seedMillis"), r.get("heapLiveMiB"), r.get("heapBeforeMiB"),
                r.get("bytesPerContact"), r.get("heapMaxMiB")));
        if (r.containsKey("pages")) {
            sb.append(String.format(Locale.ROOT, "Emulator speed: %s server, %s client, %d client connection(s), "
                            + "%s s measured after %s s warm-up, pages of 100 contacts with %s%n",
                    server, client, clients, r.get("seconds"), r.get("warmupSeconds"), PROPERTIES));
            sb.append(String.format(Locale.ROOT, "  pages/s:   %s  (%,d pages)%n", r.get("pagesPerSecond"), r.get("pages")));
            sb.append(String.format(Locale.ROOT, "  records/s: %,d%n", r.get("recordsPerSecond")));
            sb.append(String.format(Locale.ROOT, "  MB/s:      %s  (%,d bytes a page; 1 MB = 10^6 bytes)%n", r.get("mbPerSecond"),
                    r.get("bytesPerPage")));
            sb.append(String.format(Locale.ROOT, "  latency:   p50 %s ms, p99 %s ms%n", r.get("p50Ms"), r.get("p99Ms")));
            sb.append(String.format(Locale.ROOT, "  errors:    %d%s%n", r.get("errors"),
                    r.containsKey("firstError") ? " (first: " + r.get("firstError") + ")" : ""));
            sb.append(String.format(Locale.ROOT, "  CPU:       %s of %s cores: server threads %s, client threads %s, "
                            + "other Java threads %s, GC %s, JIT %s, rest of the JVM %s; system load average %s%n",
                    r.get("cpuTotal"), r.get("cores"), r.get("cpuServer"), r.get("cpuClient"), r.get("cpuOtherJava"),
                    r.get("cpuGc"), r.get("cpuJit"), r.get("cpuVm"), r.get("loadAverage")));
            sb.append(String.format(Locale.ROOT, "  CPU/page:  %s ms in the server threads, %s ms in the whole process%n",
                    r.get("serverCpuMsPerPage"), r.get("cpuMsPerPage")));
        }
        System.out.print(sb);
    }

    /** Heap in MiB, as -Xmx counts it (2g = 2,048 MiB); throughput is in MB of 10^6 bytes. */
    private static double mb(long bytes) {
        return round(bytes / 1048576.0, 1);
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}
