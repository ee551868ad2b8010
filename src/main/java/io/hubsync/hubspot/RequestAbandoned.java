package io.hubsync.hubspot;

/**
 * A call gave up waiting for its budget: the exchange it was for was stopped, its answer no longer
 * wanted (RollingWindowPacer). Not a failure: nobody reads the exchange it ends.
 */
public final class RequestAbandoned extends RuntimeException {
    public RequestAbandoned() {
        super("the call was abandoned before it was sent: its answer is no longer wanted", null, false, false);
    }
}
