package io.hubsync.auth;

/**
 * Where the sync gets a usable HubSpot access token for a connection. Issue 3/4 adds OAuth with
 * refresh; the routes only ever see this interface, through {@link BearerToken}.
 */
public interface AccessTokens {
    /** A token valid for at least the next request. Never logged. */
    String accessToken(String connectionId);

    /**
     * The same, when the caller knows the connection's auth type (a run reads it when it claims the
     * connection), which spares a database read per request.
     */
    default String accessToken(String connectionId, String authType) {
        return accessToken(connectionId);
    }

    /**
     * The same for a run that knows the portal it syncs: a token remembered for another portal (the
     * connection was deleted and installed again under its name, perhaps by another process) is
     * never used for it.
     */
    default String accessToken(String connectionId, String authType, Long portalId) {
        return accessToken(connectionId, authType);
    }
}
