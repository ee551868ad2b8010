package io.hubsync.auth;

import io.hubsync.core.HubSpotErrorBody;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * The token request through the route {@code direct:oauth-refresh} (routes/token-refresh.camel.yaml, which
 * retries 5xx and transport errors), and what its failure means: HubSpot refusing the refresh token
 * ({@link TokenEndpoint.RefreshRefused}), refusing the app's credentials, or not answering.
 * Messages carry HubSpot's words, never a token or the client secret.
 */
public final class CamelTokenEndpoint implements TokenEndpoint, CamelContextAware {
    static final String ROUTE = "direct:oauth-refresh";

    private CamelContext context;
    private volatile ProducerTemplate template;

    public CamelTokenEndpoint() { }

    public CamelTokenEndpoint(CamelContext context) {
        this.context = context;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @Override
    public TokenResponse refresh(String connectionId, String refreshToken) {
        Exchange done = template().send(ROUTE, e -> {
            e.setProperty("connectionId", connectionId);
            e.setProperty("refreshToken", refreshToken);
        });
        Exception e = done.getException();
        if (e == null) {
            TokenResponse r = done.getMessage().getBody(TokenResponse.class);
            if (r == null || r.getAccessToken() == null || r.getAccessToken().isBlank()) {
                throw new IllegalStateException("HubSpot's token endpoint answered without an access token for "
                        + "connection " + connectionId);
            }
            return r;
        }
        HttpOperationFailedException http = done.getException(HttpOperationFailedException.class);
        if (http == null) {
            throw new IllegalStateException("The token refresh of connection " + connectionId + " failed: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        String status = HubSpotErrorBody.field(http, "status");
        String error = HubSpotErrorBody.field(http, "error");
        String message = HubSpotErrorBody.field(http, "message");
        if (message == null) {
            message = HubSpotErrorBody.field(http, "error_description");
        }
        if (http.getStatusCode() == 400 && ("BAD_REFRESH_TOKEN".equals(status) || "invalid_grant".equals(error))) {
            throw new RefreshRefused("HubSpot refused its refresh token (" + (status == null ? error : status)
                    + (message == null ? "" : ": " + message) + ")");
        }
        if ("invalid_client".equals(error) || "BAD_CLIENT_ID".equals(status) || "BAD_CLIENT_SECRET".equals(status)) {
            throw new IllegalStateException("HubSpot refused the OAuth app's credentials (" + status
                    + (message == null ? "" : ": " + message) + "): check hubspot.oauth.client-id and "
                    + "hubspot.oauth.client-secret");
        }
        throw new IllegalStateException("The token refresh of connection " + connectionId + " failed: HubSpot "
                + "answered " + http.getStatusCode() + (message == null ? "" : ": " + message), http);
    }

    private ProducerTemplate template() {
        ProducerTemplate t = template;
        if (t == null) {
            synchronized (this) {
                if (template == null) {
                    if (context == null) {
                        throw new IllegalStateException("CamelTokenEndpoint has no CamelContext");
                    }
                    template = context.createProducerTemplate();
                }
                t = template;
            }
        }
        return t;
    }
}
