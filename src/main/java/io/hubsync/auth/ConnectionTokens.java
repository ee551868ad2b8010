package io.hubsync.auth;

import io.hubsync.store.ConnectionStore;
import io.hubsync.store.TokenStore;

import java.sql.SQLException;

/**
 * The token of each connection, by its auth type: a private app's stored token, the token of
 * {@code hubspot.access-token} for the configured connection (single-portal setups keep it out of
 * the database), or an OAuth access token from {@link OAuthTokens}, refreshed when it runs short.
 */
public final class ConnectionTokens implements AccessTokens {
    private final ConnectionStore connections;
    private final TokenStore tokens;
    private final String configuredConnection;
    private final String configuredToken;
    private final AccessTokens oauth;

    /**
     * @param configuredConnection {@code sync.connection}
     * @param configuredToken {@code hubspot.access-token}, may be empty when connections are in the database
     */
    public ConnectionTokens(ConnectionStore connections, TokenStore tokens, String configuredConnection,
                            String configuredToken, AccessTokens oauth) throws SQLException {
        this.connections = connections;
        this.tokens = tokens;
        this.configuredConnection = ConnectionStore.checkId(configuredConnection);
        this.configuredToken = configuredToken == null ? "" : configuredToken.trim();
        this.oauth = oauth;
        if (!this.configuredToken.isEmpty()) {
            connections.ensureConfigured(configuredConnection);
        }
        if (tokens.anyStoredTokens() && !tokens.cipher().configured()) {
            tokens.cipher().require("the database holds encrypted tokens");
        }
    }

    @Override
    public String accessToken(String connectionId, String authType) {
        // OAuth tokens come from memory while they last: no database read per request
        return ConnectionStore.OAUTH.equals(authType) ? oauth.accessToken(connectionId) : accessToken(connectionId);
    }

    @Override
    public String accessToken(String connectionId, String authType, Long portalId) {
        return ConnectionStore.OAUTH.equals(authType) ? oauth.accessToken(connectionId, authType, portalId)
                : accessToken(connectionId);
    }

    @Override
    public String accessToken(String connectionId) {
        ConnectionStore.Info info;
        try {
            info = connections.get(connectionId);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read connection " + connectionId + ": " + e.getMessage(), e);
        }
        if (info.oauth()) {
            return oauth.accessToken(connectionId);
        }
        if (info.storedToken()) {
            try {
                return tokens.tokens(connectionId).accessToken();
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot read the token of " + connectionId + ": " + e.getMessage(), e);
            }
        }
        if (connectionId.equals(configuredConnection) && !configuredToken.isEmpty()) {
            return configuredToken;
        }
        throw new IllegalArgumentException("connection '" + connectionId + "' has no token: set hubspot.access-token "
                + "(export HUBSPOT_ACCESS_TOKEN) for the configured connection '" + configuredConnection
                + "', or add the connection with `hubsync connections add`");
    }

    @Override
    public String toString() {
        return "ConnectionTokens[***]";
    }
}
