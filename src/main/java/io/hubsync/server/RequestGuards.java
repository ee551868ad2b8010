package io.hubsync.server;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.List;
import java.util.Locale;

/**
 * Vert.x handlers in front of every route Camel's platform-http adds to its router: the security
 * headers of every answer, the body limit of each path, and a short JSON answer when Vert.x itself
 * refuses a request (413 body too large, 415 wrong Content-Type, 404, 405 with the methods the path
 * takes).
 *
 * <p>A body limit here is Vert.x's BodyHandler, which refuses a Content-Length over the limit before
 * reading a byte and stops a chunked body as soon as it passes the limit. Vert.x reads a body once,
 * so Camel's own BodyHandler (camel.server.max-body-size, one limit for all paths) skips the paths
 * listed here and applies to the others.
 */
final class RequestGuards {
    /** Before Camel's routes, whose order counts up from 0 as they are added. */
    private static final int FIRST = -100;

    /**
     * On every answer, JSON or page: browsers must not guess its type, frame it (clickjacking), keep it
     * (records, connection settings), load or run anything in it, or send its URL (an OAuth callback's
     * code) to another site.
     */
    private static final String[][] SECURITY_HEADERS = {
        {"X-Content-Type-Options", "nosniff"},
        {"X-Frame-Options", "DENY"},
        {"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"},
        {"Referrer-Policy", "no-referrer"},
        {"Cache-Control", "no-store"},
    };

    /**
     * The dashboard's pages (routes/ui.camel.yaml) load their own script and style sheet and fetch
     * their data from this server; nothing else: no inline script (an injected one would not run), no
     * other origin, no form posted anywhere (the script sends JSON).
     */
    private static final String UI_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /** The largest body of the paths under {@code prefix}, set by {@code key}. */
    record BodyLimit(String prefix, int bytes, String key) { }

    private final List<BodyLimit> limits;
    private final AllowedMethods allowed;

    RequestGuards(ServerSettings settings, AllowedMethods allowed) {
        this.allowed = allowed;
        limits = List.of(
                new BodyLimit("/webhooks/", settings.webhookMaxBodySize(), "server.webhook-max-body-size"),
                new BodyLimit("/api/", settings.apiMaxBodySize(), "server.api-max-body-size"),
                // the dashboard's actions send the admin API's bodies (a new connection, sign-in's key)
                new BodyLimit("/ui/api/", settings.apiMaxBodySize(), "server.api-max-body-size"));
    }

    /** On the router Camel adds its routes to, before them. */
    void install(Router router) {
        router.route().order(FIRST).handler(RequestGuards::securityHeaders).failureHandler(this::refuse);
        for (BodyLimit limit : limits) {
            router.route(limit.prefix() + "*").order(FIRST + 1)
                    .handler(BodyHandler.create(false).setBodyLimit(limit.bytes()));
        }
    }

    /**
     * On the server's root router: a request no route takes (no such path, a method or Content-Type
     * the path does not take) is answered there, not by the router Camel adds its routes to.
     */
    void answerUnmatched(Router root) {
        root.errorHandler(404, this::refuse);
        root.errorHandler(405, this::refuseMethod);
        root.errorHandler(415, this::refuse);
    }

    /** Vert.x's Allow is empty here (see {@link AllowedMethods}): the methods the path takes, as HTTP wants. */
    private void refuseMethod(RoutingContext ctx) {
        if (!ctx.response().headWritten()) {
            ctx.response().putHeader("Allow", allowed.of(ctx.normalizedPath()));
        }
        refuse(ctx);
    }

    /** Set before Camel's route runs; a header of the same name the route sets replaces it. */
    private static void securityHeaders(RoutingContext ctx) {
        for (String[] header : SECURITY_HEADERS) {
            ctx.response().putHeader(header[0], header[1]);
        }
        String path = ctx.normalizedPath();
        if (path.equals("/ui") || path.startsWith("/ui/")) {
            ctx.response().putHeader("Content-Security-Policy", UI_POLICY);
        }
        ctx.next();
    }

    /**
     * A JSON answer naming the problem. When the request was not read to its end (a body refused
     * before or while it came), the connection is closed after the answer: reading on would take
     * whatever the client still sends.
     */
    private void refuse(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            // an answer half sent cannot become another one
            if (!response.ended()) {
                response.close();
            }
            return;
        }
        int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
        String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
        String body = new JsonObject()
                .put("error", reason.toLowerCase(Locale.ROOT).replace(' ', '_'))
                .put("message", message(status, reason, ctx.normalizedPath()))
                .encode();
        response.setStatusCode(status).putHeader("Content-Type", "application/json");
        boolean unread = !ctx.request().isEnded();
        if (unread) {
            response.putHeader("Connection", "close");
        }
        response.end(body);
        if (unread) {
            response.close();
        }
    }

    private String message(int status, String reason, String path) {
        if (status == 413) {
            for (BodyLimit limit : limits) {
                if (path.startsWith(limit.prefix())) {
                    return "the request body is larger than " + limit.bytes() + " bytes, the most " + limit.prefix()
                            + "… takes (" + limit.key() + ")";
                }
            }
            return "this path takes no request body";
        }
        if (status == 415) {
            return "this path takes a JSON body: send Content-Type: application/json";
        }
        if (status == 405) {
            return "this path takes " + allowed.of(path);
        }
        return reason;
    }
}
