package io.hubsync.auth;

import org.apache.camel.ExchangeProperty;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The form body of a refresh_token grant for routes/token-refresh.camel.yaml: URL-encoded, with the app's
 * {@code hubspot.oauth.client-id} and {@code -secret}. Checked when first used, so that private-app
 * setups need no OAuth app.
 */
public final class RefreshGrant {
    private final String clientId;
    private final String clientSecret;

    public RefreshGrant(String clientId, String clientSecret) {
        this.clientId = clientId == null ? "" : clientId.trim();
        this.clientSecret = clientSecret == null ? "" : clientSecret.trim();
    }

    public String form(@ExchangeProperty("refreshToken") String refreshToken) {
        if (clientId.isEmpty() || clientSecret.isEmpty()) {
            throw new IllegalStateException("hubspot.oauth.client-id and hubspot.oauth.client-secret must be set to "
                    + "refresh the tokens of OAuth connections: your HubSpot app's credentials (export "
                    + "HUBSPOT_OAUTH_CLIENT_SECRET rather than writing the secret into a file)");
        }
        return "grant_type=refresh_token&client_id=" + enc(clientId) + "&client_secret=" + enc(clientSecret)
                + "&refresh_token=" + enc(refreshToken);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RefreshGrant[" + clientId + ", ***]";
    }
}
