package io.hubsync.webhook;

/**
 * A webhook request hubsync will not store, with the HTTP status it is answered with and a message
 * naming the problem (never a signature or a secret).
 */
public final class WebhookRefused extends RuntimeException {
    private final int status;

    public WebhookRefused(int status, String message) {
        super(message);
        this.status = status;
    }

    public int getStatus() {
        return status;
    }

    /** The body answering a request that is not JSON (Jackson's message says where). */
    public static java.util.Map<String, Object> notJson(String detail) {
        return new WebhookRefused(400, "the body is not a JSON array of HubSpot webhook events: " + detail).getBody();
    }

    /** The body answering a request whose events could not be stored (HubSpot delivers them again). */
    public static java.util.Map<String, Object> notStored() {
        return new WebhookRefused(500, "the events could not be stored; HubSpot will deliver them again").getBody();
    }

    /** The JSON body of the answer. */
    public java.util.Map<String, Object> getBody() {
        return java.util.Map.of("status", "error", "message", getMessage());
    }
}
