package io.hubsync.server;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.impl.VertxWrapper;
import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Vert.x that camel-platform-http's server (camel.server.*) runs on, carrying hubsync's limits
 * to it. camel.server.* has no idle timeout, no connection cap and one body limit for every path,
 * and Camel builds the server's HttpServerOptions itself; but it takes its Vert.x from the registry
 * when there is one (VertxPlatformHttpServer#lookupVertx). So this wrapper (Vert.x's VertxWrapper,
 * made for overriding single methods) adds them when Camel creates the server: after Camel has put
 * its router in the registry, before the server listens.
 */
final class ServerVertx extends VertxWrapper {
    private final ServerSettings settings;
    private final CamelContext context;
    /** camel.management.* would create a second server on this Vert.x; the guards belong to the first. */
    private final AtomicBoolean guarded = new AtomicBoolean();
    private volatile boolean rootGuarded;

    ServerVertx(ServerSettings settings, CamelContext context) {
        super((VertxInternal) Vertx.vertx());
        this.settings = settings;
        this.context = context;
    }

    @Override
    public HttpServer createHttpServer() {
        return createHttpServer(new HttpServerOptions());
    }

    @Override
    public HttpServer createHttpServer(HttpServerOptions options) {
        // HTTP/1.1 only: with h2c on, Vert.x waits for a connection's first bytes to choose the protocol,
        // and only then hands it to the connection handler, so connections that send nothing went uncounted
        HttpServerOptions limited = new HttpServerOptions(options)
                .setIdleTimeout((int) settings.idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setHttp2ClearTextEnabled(false);
        HttpServer server = delegate.createHttpServer(limited);
        ConnectionCap cap = new ConnectionCap(settings.maxConnections());
        if (!guarded.compareAndSet(false, true)) {
            server.connectionHandler(cap);
            return server;
        }
        RequestGuards guards = new RequestGuards(settings, new AllowedMethods(context));
        guards.install(router());
        server.connectionHandler(connection -> {
            answerUnmatched(server, guards);
            cap.handle(connection);
        });
        return server;
    }

    /**
     * Camel hands the server its root router (requestHandler) after creating it and before it
     * listens, so the root router is there by the first connection, and the guards are on it
     * before that connection's first request.
     */
    private void answerUnmatched(HttpServer server, RequestGuards guards) {
        if (rootGuarded) {
            return;
        }
        synchronized (this) {
            if (!rootGuarded && server.requestHandler() instanceof Router root) {
                guards.answerUnmatched(root);
                rootGuarded = true;
            }
        }
    }

    /** The router of camel.server's server (a management server's router is not hubsync's). */
    private VertxPlatformHttpRouter router() {
        return context.getRegistry().findByType(VertxPlatformHttpRouter.class).stream()
                .filter(VertxPlatformHttpRouter::isMainServer)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("camel-platform-http created its server before its "
                        + "router: hubsync's request limits cannot be installed"));
    }
}
