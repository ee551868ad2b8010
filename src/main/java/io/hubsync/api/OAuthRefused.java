package io.hubsync.api;

/**
 * An OAuth install hubsync does not complete (a bad, tampered, expired or replayed state, a missing
 * code, HubSpot's {@code error}): the message is shown on the 400 page and logged, so it never
 * holds a code, token or secret.
 */
public final class OAuthRefused extends RuntimeException {
    private final int status;

    public OAuthRefused(String message) {
        this(400, message);
    }

    public OAuthRefused(int status, String message) {
        super(message);
        this.status = status;
    }

    /** 400, or 503 when this server is not set up for OAuth. */
    public int getStatus() {
        return status;
    }
}
