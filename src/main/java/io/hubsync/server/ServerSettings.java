package io.hubsync.server;

import io.hubsync.core.Durations;
import io.hubsync.core.Settings;
import org.apache.camel.CamelContext;

import java.time.Duration;

/**
 * The HTTP server's limits (server.* in application.properties), read and checked at start-up so
 * that a bad value stops hubsync with a message naming its key.
 *
 * @param maxConnections     connections held open at once; more are closed as they arrive
 * @param idleTimeout        a connection that sends and receives nothing for this long is closed
 * @param apiMaxBodySize     the largest request body (bytes) of the admin and records APIs (/api/…)
 * @param webhookMaxBodySize the largest webhook request (bytes) (/webhooks/…)
 */
public record ServerSettings(int maxConnections, Duration idleTimeout, int apiMaxBodySize, int webhookMaxBodySize) {
    /** Less would refuse ordinary requests. */
    static final int MIN_BODY_SIZE = 1024;

    public static ServerSettings read(CamelContext context) {
        Duration idle = Durations.parse("server.idle-timeout", value(context, "server.idle-timeout"));
        if (idle.isZero() || idle.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("server.idle-timeout must be more than 0 and at most 24d, got '"
                    + value(context, "server.idle-timeout") + "'; e.g. 30s");
        }
        return new ServerSettings(
                Settings.atLeast("server.max-connections", value(context, "server.max-connections"), 1),
                idle,
                Settings.atLeast("server.api-max-body-size", value(context, "server.api-max-body-size"), MIN_BODY_SIZE),
                Settings.atLeast("server.webhook-max-body-size", value(context, "server.webhook-max-body-size"),
                        MIN_BODY_SIZE));
    }

    private static String value(CamelContext context, String key) {
        return context.resolvePropertyPlaceholders("{{" + key + "}}");
    }
}
