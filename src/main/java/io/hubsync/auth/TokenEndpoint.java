package io.hubsync.auth;

/**
 * HubSpot's token endpoint as {@link OAuthTokens} uses it: one refresh_token grant. The product's
 * implementation is {@link CamelTokenEndpoint} (the route in routes/token-refresh.camel.yaml).
 */
public interface TokenEndpoint {

    /**
     * Trades a refresh token for a new access token.
     *
     * @throws RefreshRefused when HubSpot refuses the refresh token itself (revoked, expired: only a
     *                        new install helps); any other failure is a RuntimeException
     */
    TokenResponse refresh(String connectionId, String refreshToken);

    /** HubSpot's 400 BAD_REFRESH_TOKEN / invalid_grant, with HubSpot's message (never the token). */
    final class RefreshRefused extends RuntimeException {
        public RefreshRefused(String hubspotMessage) {
            super(hubspotMessage, null, false, false);
        }
    }
}
