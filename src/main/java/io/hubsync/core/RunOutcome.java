package io.hubsync.core;

import io.hubsync.core.HubSpotErrorBody;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.http.base.HttpOperationFailedException;

/** How a run ended, in words a user can act on (HubSpot's own message when HubSpot refused). */
public final class RunOutcome {

    public void succeeded(@ExchangeProperty("run") SyncRun run) {
        run.setSucceeded(true);
    }

    public void failed(@ExchangeProperty("run") SyncRun run, Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        run.setSucceeded(false);
        run.setError(describe(e, exchange.getProperty("hubspotCall", String.class)));
    }

    public static String describe(Throwable e) {
        return describe(e, null);
    }

    /**
     * One line: HubSpot's status, the call (the exchange property hubspotCall of routes/hubspot.camel.yaml:
     * list, search, batch-read, …; null when not known) and its URL without the query, and HubSpot's own
     * message; else the root cause.
     */
    public static String describe(Throwable e, String call) {
        if (e == null) {
            return "unknown error";
        }
        HttpOperationFailedException http = find(e, HttpOperationFailedException.class);
        if (http != null) {
            String path = http.getUri() == null ? "" : http.getUri().replaceAll("\\?.*", "");
            String message = HubSpotErrorBody.field(http, "message");
            return "HubSpot answered " + http.getStatusCode() + (call == null ? " on " + path : " to " + call + " (" + path + ")")
                    + (message == null ? "" : ": " + message);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
