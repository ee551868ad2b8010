package io.hubsync.core;

/** HubSpot answered 200 with a body that is not what its API promises; the run fails, the checkpoint stays. */
public final class MalformedResponseException extends RuntimeException {
    public MalformedResponseException(String message) {
        super("Malformed HubSpot response: " + message);
    }
}
