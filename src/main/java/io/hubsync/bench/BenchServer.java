package io.hubsync.bench;

import io.hubsync.emulator.Emulator;
import io.hubsync.emulator.http.EmulatorServer;

/**
 * An HTTP server in front of an {@link Emulator}, so the benchmark can run the same load against
 * the emulator's own Vert.x server and against the JDK's for comparison.
 */
interface BenchServer extends AutoCloseable {
    /** Starts on a free port and returns the base URL, e.g. {@code http://127.0.0.1:40123}. */
    String start() throws Exception;

    @Override
    void close();

    /** {@code vertx} (the emulator's {@link EmulatorServer}) or {@code jdk} ({@link JdkEmulatorServer}). */
    static BenchServer of(String kind, Emulator emulator) {
        return switch (kind) {
            case "vertx" -> new BenchServer() {
                private final EmulatorServer server = new EmulatorServer(emulator);

                @Override
                public String start() {
                    server.start();
                    return server.baseUrl();
                }

                @Override
                public void close() { server.close(); }
            };
            case "jdk" -> new JdkEmulatorServer(emulator, 4);
            default -> throw new IllegalArgumentException("--server must be vertx or jdk, got '" + kind + "'");
        };
    }
}
