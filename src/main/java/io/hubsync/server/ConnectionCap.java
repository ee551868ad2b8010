package io.hubsync.server;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code server.max-connections} connections open at once: one more is closed as it
 * arrives, before it can send anything. Hand-written: Vert.x 4's HttpServerOptions has no such
 * cap, and its connection handler is the first place that sees a connection.
 */
final class ConnectionCap implements Handler<HttpConnection> {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionCap.class);

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    /** Logged once each time the cap is reached, not once per refused connection. */
    private final AtomicBoolean full = new AtomicBoolean();

    ConnectionCap(int max) {
        this.max = max;
    }

    @Override
    public void handle(HttpConnection connection) {
        connection.closeHandler(v -> {
            if (open.decrementAndGet() < max) {
                full.set(false);
            }
        });
        if (open.incrementAndGet() > max) {
            if (full.compareAndSet(false, true)) {
                LOG.warn("The HTTP server holds server.max-connections ({}) connections: new ones are closed until "
                        + "some end (the last from {})", max, connection.remoteAddress());
            }
            connection.close();
        }
    }
}
