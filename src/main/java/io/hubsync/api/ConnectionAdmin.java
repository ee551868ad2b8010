package io.hubsync.api;

import io.hubsync.api.ConnectLinks;
import io.hubsync.connections.ConnectionActions;
import io.hubsync.connections.ConnectionSettings;
import io.hubsync.store.ConnectionStore;
import io.hubsync.sync.SyncSchedules;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admin API's work on connections (routes/admin.camel.yaml): JSON bodies in, views out. A view
 * is what {@link ConnectionStore.Info} holds, which has no tokens, so no answer can contain one.
 * Schedule changes reach a running scheduler at once.
 */
public final class ConnectionAdmin implements CamelContextAware {
    private static final Set<String> ADD_FIELDS = Set.of("name", "token", "rateLimit", "schedule", "properties",
            "adoptRecords");
    private static final Set<String> LINK_FIELDS = Set.of("expires", "adoptRecords");
    private static final Set<String> UPDATE_FIELDS = Set.of("rateLimit", "schedule", "properties");

    private final ConnectionActions actions;
    private final ConnectLinks links;
    private CamelContext context;

    public ConnectionAdmin(ConnectionStore store, io.hubsync.store.ConnectionStatus status, ConnectLinks links) {
        this.actions = new ConnectionActions(store, status);
        this.links = links;
    }

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    /** Bodies are JSON; a form (curl -d without a Content-Type) would reach the routes already parsed. */
    public void requireJson(@org.apache.camel.Header("Content-Type") String contentType) {
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).contains("json")) {
            throw ApiError.badRequest("Content-Type", "send the body as JSON with 'Content-Type: application/json'"
                    + (contentType == null ? "" : ", not " + contentType));
        }
    }

    public List<Map<String, Object>> list() throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ConnectionStore.Info c : actions.store().list()) {
            out.add(view(c));
        }
        return out;
    }

    public Map<String, Object> get(String name) throws SQLException {
        return view(actions.get(name));
    }

    /**
     * {@code {"name", "token", "rateLimit"?, "schedule"?, "properties"?: {"contacts": "a,b" | ["a","b"]},
     * "adoptRecords"?: true}}; adoptRecords: start on the data a deleted connection left under the name.
     */
    public Map<String, Object> add(Map<String, Object> body) throws Exception {
        checkFields(body, ADD_FIELDS);
        String name = ConnectionSettings.name("name", text(body, "name", true));
        String token = ConnectionSettings.token("token", text(body, "token", true));
        ConnectionActions.Added added = actions.add(new ConnectionActions.NewPrivateApp(name, token,
                ConnectionSettings.rateLimit("rateLimit", text(body, "rateLimit", false)),
                ConnectionSettings.schedule("schedule", text(body, "schedule", false)),
                properties(body), flag(body, "adoptRecords")));
        reschedule(name);
        return view(added.connection());
    }

    /**
     * A signed install link: {@code {"connection", "url", "expiresAt"}}. The body is optional:
     * {@code {"expires"?: "7d", "adoptRecords"?: true}}.
     */
    public Map<String, Object> connectLink(String name, Map<String, Object> body) throws Exception {
        Map<String, Object> options = body == null ? Map.of() : body;
        checkFields(options, LINK_FIELDS);
        String connection = ConnectionSettings.name("name", name);
        java.time.Duration ttl = ConnectLinks.ttl("expires", text(options, "expires", false));
        boolean adopt = flag(options, "adoptRecords");
        actions.checkLinkable(connection, adopt);
        ConnectLinks.Link link = links.make(connection, ttl, adopt);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("connection", link.connection());
        out.put("url", link.url());
        out.put("expiresAt", iso(link.expiresAt()));
        return out;
    }

    /** Changes the fields present: {@code rateLimit}, {@code schedule}, {@code properties}; null resets one to the default. */
    public Map<String, Object> update(String name, Map<String, Object> body) throws Exception {
        checkFields(body, UPDATE_FIELDS);
        actions.get(name);
        // check all before writing any
        String tier = ConnectionSettings.rateLimit("rateLimit", text(body, "rateLimit", false));
        String cron = ConnectionSettings.schedule("schedule", text(body, "schedule", false));
        Map<String, String> props = properties(body);
        if (body.containsKey("rateLimit")) {
            actions.setRateLimit(name, tier);
        }
        if (body.containsKey("schedule")) {
            actions.setSchedule(name, cron);
            reschedule(name);
        }
        for (Map.Entry<String, String> p : props.entrySet()) {
            actions.setProperties(name, p.getKey(), p.getValue());
        }
        return get(name);
    }

    public Map<String, Object> pause(String name) throws SQLException {
        return view(actions.pause(name));
    }

    public Map<String, Object> resume(String name) throws SQLException {
        return view(actions.resume(name));
    }

    /** Deletes the connection, its checkpoints and runs; its records only with {@code records=true}. */
    public Map<String, Object> delete(String name, String records) throws Exception {
        if (records != null && !records.equals("true") && !records.equals("false")) {
            throw ApiError.badRequest("records", "records must be true or false, got '" + records + "'");
        }
        boolean withRecords = "true".equals(records);
        actions.delete(name, withRecords);
        reschedule(name);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deleted", name);
        out.put("records", withRecords);
        return out;
    }

    /** A running scheduler follows the connection's schedule now (own trigger, or back to the shared one). */
    private void reschedule(String name) throws Exception {
        if (context != null && SyncSchedules.scheduling(context)) {
            ConnectionStore.Info c = actions.store().find(name).orElse(null);
            if (c == null || c.schedule() == null) {
                SyncSchedules.removeConnectionSchedule(context, name);
            } else {
                SyncSchedules.addConnectionSchedule(context, name, c.schedule());
            }
        }
    }

    private Map<String, Object> view(ConnectionStore.Info c) throws SQLException {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", c.id());
        v.put("portalId", c.portalId());
        v.put("authType", c.authType());
        v.put("status", c.status());
        v.put("statusReason", c.statusReason());
        v.put("pausedUntil", iso(c.pausedUntil()));
        v.put("rateLimit", c.rateLimit());
        v.put("schedule", c.schedule());
        v.put("properties", actions.properties(c.id()));
        v.put("hubDomain", c.hubDomain());
        v.put("scopes", c.scopes());
        v.put("tokenStored", c.storedToken());
        v.put("tokenExpiresAt", iso(c.tokenExpiresAt()));
        v.put("createdAt", iso(c.createdAt()));
        return v;
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    private static void checkFields(Map<String, Object> body, Set<String> allowed) {
        if (body == null) {
            throw ApiError.badRequest("body", "send a JSON object with " + String.join(", ", allowed));
        }
        for (String k : body.keySet()) {
            if (!allowed.contains(k)) {
                throw ApiError.badRequest(k, "unknown field '" + k + "'; known: " + String.join(", ", allowed));
            }
        }
    }

    private static boolean flag(Map<String, Object> body, String field) {
        Object v = body.get(field);
        if (v != null && !(v instanceof Boolean)) {
            throw ApiError.badRequest(field, field + " must be true or false");
        }
        return Boolean.TRUE.equals(v);
    }

    private static String text(Map<String, Object> body, String field, boolean required) {
        Object v = body.get(field);
        if (v == null || v instanceof String s && s.isBlank()) {
            if (required) {
                throw ApiError.badRequest(field, field + " is required");
            }
            return null;
        }
        if (!(v instanceof String) && !(v instanceof Number)) {
            throw ApiError.badRequest(field, field + " must be a string");
        }
        return v.toString();
    }

    private static Map<String, String> properties(Map<String, Object> body) {
        Map<String, String> out = new LinkedHashMap<>();
        Object p = body.get("properties");
        if (p == null) {
            return out;
        }
        if (!(p instanceof Map<?, ?> byType)) {
            throw ApiError.badRequest("properties", "properties must be an object: {\"contacts\": \"email,firstname\"}");
        }
        for (Map.Entry<?, ?> e : byType.entrySet()) {
            String field = "properties." + e.getKey();
            String type = ConnectionSettings.objectType(field, String.valueOf(e.getKey()));
            out.put(type, ConnectionSettings.properties(field, e.getValue()));
        }
        return out;
    }
}
