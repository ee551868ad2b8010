package io.hubsync.auth;

import io.hubsync.store.ConnectionStore;

/** OAuth access tokens of connections. The refresh lands with the token lifecycle (issue 3/4). */
public final class OAuthTokens implements AccessTokens {
    private final ConnectionStore connections;

    public OAuthTokens(ConnectionStore connections) {
        this.connections = connections;
    }

    @Override
    public String accessToken(String connectionId) {
        throw new UnsupportedOperationException("OAuth connections are not supported yet (" + connectionId + ")");
    }
}
