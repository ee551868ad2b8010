package io.hubsync.ui;

import io.hubsync.api.ApiError;
import io.hubsync.store.ConnectionStore;
import io.hubsync.verify.Drift;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The dashboard's "verify now" (docs/dashboard.md): runs routes/verify.camel.yaml's check (no repair)
 * for one connection and object type in the background, as {@code hubsync verify} does in the
 * foreground, and keeps the last result of each connection. Kept in memory on the node that ran it:
 * a verify is an operator's spot check, not a record the sync depends on, and keeping it needs no
 * table; after a restart, or on another node behind a load balancer, the page says none was run yet.
 */
public final class UiVerifications {
    private final Map<String, Map<String, Object>> last = new ConcurrentHashMap<>();
    // one at a time: a verify lists a whole object type from HubSpot, on the connection's own budget
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hubsync-ui-verify");
        t.setDaemon(true);
        return t;
    });
    private final ConnectionStore connections;

    public UiVerifications(ConnectionStore connections) {
        this.connections = connections;
    }

    /** The last verify of the connection on this node, or null. */
    public Map<String, Object> last(String connection) {
        return last.get(connection);
    }

    /** Starts a verify of the connection's type (contacts when none is named); 409 while one runs. */
    public Map<String, Object> start(String connection, String type, Exchange exchange) throws Exception {
        CamelContext context = exchange.getContext();
        connections.get(connection);
        String objectType = type == null || type.isBlank() ? "contacts" : type.trim();
        Map<String, Object> running = new LinkedHashMap<>();
        running.put("objectType", objectType);
        running.put("state", "running");
        running.put("startedAt", Instant.now().toString());
        Map<String, Object> before = last.get(connection);
        if (before != null && "running".equals(before.get("state"))) {
            throw ApiError.conflict("a verify of " + connection + " is under way");
        }
        last.put(connection, running);
        worker.submit(() -> last.put(connection, run(context, connection, objectType, running)));
        return running;
    }

    private static Map<String, Object> run(CamelContext context, String connection, String objectType, Map<String, Object> started) {
        Map<String, Object> out = new LinkedHashMap<>(started);
        try (ProducerTemplate template = context.createProducerTemplate()) {
            Exchange done = template.request("direct:verify", e -> {
                e.setProperty("connectionId", connection);
                e.setProperty("objectType", objectType);
                e.setProperty("typeNamedBy", "the dashboard");
                e.setProperty("repair", false);
            });
            Drift drift = done.getProperty("drift", Drift.class);
            if (done.getException() != null || drift == null) {
                out.put("state", "failed");
                out.put("error", done.getException() == null ? "no result" : message(done.getException()));
            } else {
                out.put("state", drift.isFound() ? "drift" : "ok");
                out.put("checked", drift.getChecked());
                out.put("missing", drift.getMissing().getCount());
                out.put("stale", drift.getStale().getCount());
                out.put("extra", drift.getExtra().getCount());
                out.put("associationDrift", drift.getAssociationDrift());
            }
        } catch (Exception e) {
            out.put("state", "failed");
            out.put("error", message(e));
        }
        out.put("finishedAt", Instant.now().toString());
        return out;
    }

    /** hubsync's exceptions name no secret (HubSpot's message at most); long ones are cut. */
    private static String message(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }
}
