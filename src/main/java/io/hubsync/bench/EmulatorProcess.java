package io.hubsync.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The emulator in a JVM of its own, started from this jar, so that a benchmark measures the sync's
 * heap and CPU without the emulator's million records in the same process.
 */
final class EmulatorProcess implements AutoCloseable {
    private final Process process;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private EmulatorProcess(Process process, String base) {
        this.process = process;
        this.base = base;
    }

    static EmulatorProcess start(List<String> emulatorArgs, String heap) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.hubsync.app.Application");
        cmd.add("emulator");
        cmd.add("--port");
        cmd.add(Integer.toString(port));
        cmd.addAll(emulatorArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("HubSpot emulator listening on")) {
                // keep draining its output so it never blocks on a full pipe
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "emulator-output");
                drain.setDaemon(true);
                drain.start();
                return new EmulatorProcess(p, "http://127.0.0.1:" + port);
            }
        }
        throw new IOException("The emulator exited before it listened (exit " + p.waitFor() + ")");
    }

    String base() { return base; }

    /** The CPU the emulator's JVM has used so far (user and system), in seconds; NaN where the OS does not say. */
    double cpuSeconds() {
        return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    String admin(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/_emulator" + path)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
