package io.hubsync.auth;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs when a HubSpot call answers 401 EXPIRED_AUTHENTICATION (the routes' onExceptionOccurred),
 * before its one retry (docs/behavior.md rule 8): the token the request carried must not be used again, so
 * the token step of the retry refreshes it, even if its stored expiry says it is still valid;
 * when another thread has replaced that token already, the retry simply uses the new one.
 */
public final class ExpiredToken implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(ExpiredToken.class);
    private final OAuthTokens tokens;

    public ExpiredToken(OAuthTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void process(Exchange exchange) {
        String connection = BearerToken.connection(exchange);
        if (connection == null) {
            return;
        }
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        String sent = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        tokens.rejected(connection, sent);
        LOG.info("{}: HubSpot says the access token expired (EXPIRED_AUTHENTICATION); refreshing it and sending the "
                + "request once more", connection);
    }

    @Override
    public String toString() {
        return "ExpiredToken";
    }
}
