package io.hubsync.auth;

/**
 * A connection whose refresh token HubSpot refused: its status is NEEDS_REAUTH, its schedules skip
 * it, and only a new install (/oauth/connect?connection=NAME) brings it back. No cause is attached:
 * the message says everything, and a run error shows it as it is.
 */
public final class NeedsReauthException extends IllegalStateException {
    public NeedsReauthException(String connectionId, String reason) {
        super("connection '" + connectionId + "' needs re-authorization (NEEDS_REAUTH): " + reason
                + "; reconnect it via /oauth/connect?connection=" + connectionId);
    }
}
