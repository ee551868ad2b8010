package io.hubsync.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code java.net.http.HttpClient} over HTTP/1.1, one per benchmark client so each keeps its own
 * connection. It reads responses on its own selector thread and hands them over, which costs more
 * CPU per page than a blocking client; the benchmark offers it to show that difference.
 */
final class JdkPageClient implements PageClient {
    private final ExecutorService executor;
    private final HttpClient http;
    private final String authorization;

    JdkPageClient(String token) {
        this.authorization = "Bearer " + token;
        // named threads, so the benchmark can count their CPU as the client's
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bench-client-jdk-worker");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(executor).build();
    }

    @Override
    public Page get(String url) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization)
                .timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            return new Page(resp.statusCode(), resp.body(), resp.body().length);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
