package io.hubsync.auth;

/** One private-app token for the one configured connection ({@code hubspot.access-token}). */
public final class PrivateAppTokens implements AccessTokens {
    private final String token;

    public PrivateAppTokens(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("hubspot.access-token is empty: set it to your private app's token "
                    + "(Settings > Integrations > Private Apps in HubSpot), or export HUBSPOT_ACCESS_TOKEN");
        }
        this.token = token.trim();
    }

    @Override
    public String accessToken(String connectionId) {
        return token;
    }

    @Override
    public String toString() {
        return "PrivateAppTokens[***]";
    }
}
