package io.hubsync.emulator.http;

import io.hubsync.emulator.Emulator;
import io.netty.channel.ChannelOption;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Serves an {@link Emulator} over real HTTP with Vert.x (already on the classpath through
 * camel-platform-http). Vert.x was chosen over the JDK's HttpServer after measuring both: see the
 * README's "Emulator" section for the figures and the command.
 *
 * <p>API calls are answered on the event loops (they are in-memory and short); the admin API,
 * which may seed a million records, runs on worker threads.
 */
public final class EmulatorServer implements AutoCloseable {
    /** HubSpot answers 414 to URLs longer than this ([C] docs/hubspot.md §8: about 16,300 characters) */
    public static final int MAX_URL = 16_300;

    private final Emulator emulator;
    private Vertx vertx;
    private int port;
    private String host;

    public EmulatorServer(Emulator emulator) {
        this.emulator = emulator;
    }

    /** Starts on the configured host and port (0 = a free one) and returns the port. */
    public int start() {
        host = emulator.config().host;
        port = emulator.config().port == 0 ? freePort() : emulator.config().port;
        int loops = Math.max(1, emulator.config().ioThreads);
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setWorkerPoolSize(4)
                .setBlockedThreadCheckInterval(10_000));
        HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port).setTcpNoDelay(true)
                .setMaxInitialLineLength(MAX_URL).setMaxHeaderSize(64 * 1024).setCompressionSupported(false)
                .setIdleTimeout(0);
        try {
            vertx.deployVerticle(() -> new ServerVerticle(options), new DeploymentOptions().setInstances(loops))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("Cannot start the emulator on " + host + ":" + port + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())
                    + ". Is the port taken? Choose another with --port.", e);
        }
        return port;
    }

    public int port() { return port; }

    public String baseUrl() { return "http://" + host + ":" + port; }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port", e);
        }
    }

    private final class ServerVerticle extends AbstractVerticle {
        private final HttpServerOptions options;

        ServerVerticle(HttpServerOptions options) {
            this.options = options;
        }

        @Override
        public void start(Promise<Void> started) {
            vertx.createHttpServer(options)
                 .requestHandler(req -> req.body().onSuccess(body -> serve(req, body))
                         .onFailure(e -> req.response().setStatusCode(400).end()))
                 .listen().onSuccess(s -> started.complete()).onFailure(started::fail);
        }

        private void serve(HttpServerRequest req, Buffer body) {
            Map<String, String> headers = new HashMap<>();
            req.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
            String authority = req.headers().get("Host");
            String base = "http://" + (authority != null ? authority : host + ":" + port);
            EmuRequest er = new EmuRequest(req.method().name(), req.path(), req.query(),
                    QueryString.parse(req.query()), headers, body.getBytes(), base);
            if (req.path().startsWith("/_emulator/")) {
                vertx.<EmuResponse>executeBlocking(() -> emulator.handle(er), false)
                     .onSuccess(r -> send(req, r))
                     .onFailure(e -> req.response().setStatusCode(500).end(String.valueOf(e)));
            } else {
                send(req, emulator.handle(er));
            }
        }

        private void send(HttpServerRequest req, EmuResponse r) {
            if (r.delayMillis() > 0) {
                vertx.setTimer(r.delayMillis(), t -> write(req, r));
            } else {
                write(req, r);
            }
        }

        private void write(HttpServerRequest req, EmuResponse r) {
            HttpServerResponse resp = req.response();
            if (resp.closed()) {
                return;
            }
            resp.setStatusCode(r.status());
            r.headers().forEach(resp::putHeader);
            byte[] body = r.body();
            if (r.resetAfterBytes() >= 0) {
                resp.putHeader("Content-Length", Integer.toString(body.length));
                int cut = Math.min(r.resetAfterBytes(), body.length);
                resp.write(Buffer.buffer().appendBytes(body, 0, cut)).onComplete(x -> reset(req));
                return;
            }
            resp.end(Buffer.buffer(body));
        }

        /** Closes with SO_LINGER 0 so the client sees a TCP reset, not an orderly end of stream. */
        private void reset(HttpServerRequest req) {
            try {
                ((ConnectionBase) req.connection()).channel().config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (RuntimeException e) {
                // not a Netty-backed connection: an abrupt close is the next best thing
            }
            req.connection().close();
        }
    }

    @Override
    public void close() {
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // closing on the way out: nothing left to do
            }
            vertx = null;
        }
    }
}
