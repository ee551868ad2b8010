package io.hubsync.bench;

import java.io.IOException;

/**
 * One keep-alive HTTP connection that GETs pages, so the benchmark can try more than one client
 * library and show that the client is not what limits the figures.
 */
interface PageClient extends AutoCloseable {
    /** GETs {@code url} with {@code Authorization: Bearer token}; the body stays valid until the next call. */
    Page get(String url) throws IOException;

    @Override
    void close();

    /** A response: status and body bytes {@code [0, length)} of {@code body}. */
    record Page(int status, byte[] body, int length) { }

    /** {@code apache} (HttpClient 5 classic) or {@code jdk} ({@code java.net.http.HttpClient}). */
    static PageClient of(String kind, String token) {
        return switch (kind) {
            case "apache" -> new ApachePageClient(token);
            case "jdk" -> new JdkPageClient(token);
            default -> throw new IllegalArgumentException("--client must be apache or jdk, got '" + kind + "'");
        };
    }
}
