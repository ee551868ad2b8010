package io.hubsync.auth;

import io.hubsync.sync.SyncRun;
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
        String connection = run != null ? run.getConnectionId() : exchange.getProperty("connectionId", String.class);
        exchange.getMessage().setHeader("Authorization", "Bearer " + tokens.accessToken(connection));
    }
}
