package io.hubsync.auth;

/**
 * A connection whose refresh token HubSpot refused: its status is NEEDS_REAUTH, its schedules skip
 * it, and only a new install (through a link from {@code hubsync connections connect-link NAME})
 * brings it back. No cause is attached: the message says everything, and a run error shows it as it is.
 */
public final class NeedsReauthException extends IllegalStateException {
    public NeedsReauthException(String connectionId, String reason) {
        super("connection '" + connectionId + "' needs re-authorization (NEEDS_REAUTH): " + reason
                + "; " + reconnectHint(connectionId));
    }

    /** How an admin brings a NEEDS_REAUTH connection back: a new install link for the portal's admin. */
    public static String reconnectHint(String connectionId) {
        return "reconnect it through a new install link: `hubsync connections connect-link " + connectionId
                + "` (or POST /api/v1/connections/" + connectionId + "/connect-link) prints one to send to the "
                + "portal's admin";
    }
}
