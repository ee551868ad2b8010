package io.hubsync.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hubsync.emulator.Emulator;
import io.hubsync.emulator.http.EmuRequest;
import io.hubsync.emulator.http.EmuResponse;
import io.hubsync.emulator.http.QueryString;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves an {@link Emulator} with the JDK's {@code com.sun.net.httpserver.HttpServer}, only so that
 * {@code hubsync bench emulator --server jdk} can compare it with the Vert.x server the emulator
 * really uses. Plain request and response: the delay and reset faults are not acted out.
 *
 * <p>{@code sun.net.httpserver.nodelay} is set before the first server is created: without it the
 * JDK server leaves Nagle's algorithm on and, against a client's delayed ACKs, serves about 22
 * pages a second (docs/performance.md, "Measured Camel figures"). The JDK reads the property once,
 * when its server classes load.
 */
final class JdkEmulatorServer implements BenchServer {
    private final Emulator emulator;
    private final int threads;
    private HttpServer server;
    private ExecutorService executor;

    JdkEmulatorServer(Emulator emulator, int threads) {
        this.emulator = emulator;
        this.threads = threads;
    }

    @Override
    public String start() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        String host = emulator.config().host;
        server = HttpServer.create(new InetSocketAddress(host, 0), 128);
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "emu-jdk-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
        return "http://" + host + ":" + server.getAddress().getPort();
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, String> headers = new HashMap<>();
            for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                if (!h.getValue().isEmpty()) {
                    headers.put(h.getKey(), h.getValue().get(0));
                }
            }
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String authority = ex.getRequestHeaders().getFirst("Host");
            String base = "http://" + (authority != null ? authority
                    : ex.getLocalAddress().getHostString() + ":" + ex.getLocalAddress().getPort());
            String rawQuery = ex.getRequestURI().getRawQuery();
            EmuRequest req = new EmuRequest(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), rawQuery,
                    QueryString.parse(rawQuery), headers, body, base);
            EmuResponse r = emulator.handle(req);
            r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            byte[] out = r.body();
            // -1: no body at all (204 and friends); a length otherwise, so the connection stays open
            ex.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
