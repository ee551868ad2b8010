package io.hubsync.server;

import io.vertx.core.Vertx;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Puts hubsync's limits (server.max-connections, server.idle-timeout, server.api-max-body-size,
 * server.webhook-max-body-size) on camel-main's HTTP server when server.enabled is true, and stops
 * start-up with a message naming the key when one is bad. A host that embeds the routes serves
 * them on its own HTTP server, with its own limits.
 */
public final class ServerLimits extends MainListenerSupport {

    /** Before camel-main configures its server, so that the server finds this Vert.x in the registry. */
    @Override
    public void beforeConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        if (!Boolean.parseBoolean(context.resolvePropertyPlaceholders("{{server.enabled}}").trim())) {
            return;
        }
        ServerVertx vertx = new ServerVertx(ServerSettings.read(context), context);
        context.getRegistry().bind("serverVertx", Vertx.class, vertx);
        try {
            // added before camel-main adds its server, so stopped after it (Camel stops services in reverse)
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    vertx.close().toCompletionStage().toCompletableFuture().join();
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("Cannot add the HTTP server's Vert.x to Camel: " + e.getMessage(), e);
        }
    }
}
