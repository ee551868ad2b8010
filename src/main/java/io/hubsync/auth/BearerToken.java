package io.hubsync.auth;

import io.hubsync.core.SyncRun;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** The token step before every HubSpot call: sets {@code Authorization: Bearer …} for the run's connection. */
public final class BearerToken implements Processor {
    private final AccessTokens tokens;

    public BearerToken(AccessTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void process(Exchange exchange) {
        SyncRun run = exchange.getProperty("run", SyncRun.class);
        String token = run != null ? tokens.accessToken(run.getConnectionId(), run.getAuthType(), run.getPortalId())
                : tokens.accessToken(connection(exchange));
        exchange.getMessage().setHeader("Authorization", "Bearer " + token);
    }

    /** The connection an exchange calls HubSpot for: its run's, else the exchange property connectionId. */
    static String connection(Exchange exchange) {
        SyncRun run = exchange.getProperty("run", SyncRun.class);
        return run != null ? run.getConnectionId() : exchange.getProperty("connectionId", String.class);
    }
}
