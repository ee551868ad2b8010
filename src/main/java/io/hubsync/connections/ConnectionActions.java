package io.hubsync.connections;

import io.hubsync.auth.NeedsReauthException;
import io.hubsync.core.ObjectTypes;
import io.hubsync.store.ConnectionStatus;
import io.hubsync.store.ConnectionStore;

import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the admin API and the CLI do to connections, with the rules both follow: settings are
 * checked before anything is written, a name is taken once, and a connection that waits for a new
 * OAuth install (NEEDS_REAUTH) can be neither paused nor resumed by hand: only a reconnect clears it.
 */
public final class ConnectionActions {
    /** No connection of that name (404 in the API, exit 2 on the command line). */
    public static final class NotFound extends IllegalArgumentException {
        public NotFound(String name) {
            this(name, "");
        }

        public NotFound(String name, String hint) {
            super("no connection named " + io.hubsync.core.Quoted.of(name) + hint);
        }
    }

    /** The request contradicts the connection's state (409 in the API, exit 2 on the command line). */
    public static final class Conflict extends IllegalArgumentException {
        Conflict(String message) {
            super(message);
        }
    }

    /**
     * A private-app connection to add, its settings checked (null: the defaults of application.properties);
     * {@code adoptRecords}: it starts on the data a deleted connection left under the name (the same portal only).
     */
    public record NewPrivateApp(String name, String token, String rateLimit, String schedule,
                                Map<String, String> properties, boolean adoptRecords) {
        @Override
        public String toString() {
            return "NewPrivateApp[" + name + "]";
        }
    }

    private final ConnectionStore store;
    private final ConnectionStatus status;

    public ConnectionActions(ConnectionStore store, ConnectionStatus status) {
        this.store = store;
        this.status = status;
    }

    public ConnectionStore store() {
        return store;
    }

    public ConnectionStore.Info get(String name) throws SQLException {
        return store.find(name).orElseThrow(() -> new NotFound(name));
    }

    /** A connection just added, and the data of a deleted connection it adopted (none, mostly). */
    public record Added(ConnectionStore.Info connection, ConnectionStore.Leftovers adopted) { }

    /** Adds the connection with all its settings, or nothing (a failure after the insert removes it again). */
    public Added add(NewPrivateApp app) throws SQLException {
        if (store.find(app.name()).isPresent()) {
            throw new Conflict("a connection named '" + app.name() + "' exists already");
        }
        ConnectionStore.Leftovers adopted = store.addPrivateApp(app.name(), app.token(), null, app.adoptRecords());
        try {
            if (app.rateLimit() != null) {
                store.setRateLimit(app.name(), app.rateLimit());
            }
            if (app.schedule() != null) {
                store.setSchedule(app.name(), app.schedule());
            }
            for (Map.Entry<String, String> p : app.properties().entrySet()) {
                store.setProperties(app.name(), p.getKey(), p.getValue());
            }
        } catch (SQLException | RuntimeException e) {
            store.delete(app.name(), false);
            throw e;
        }
        return new Added(get(app.name()), adopted);
    }

    public ConnectionStore.Info pause(String name) throws SQLException {
        ConnectionStore.Info c = get(name);
        refuseNeedsReauth(c, "paused");
        status.setStatus(name, ConnectionStore.PAUSED, "paused by hand");
        return get(name);
    }

    /** ACTIVE again, also after a pause until HubSpot's daily reset. */
    public ConnectionStore.Info resume(String name) throws SQLException {
        ConnectionStore.Info c = get(name);
        refuseNeedsReauth(c, "resumed");
        status.setStatus(name, ConnectionStore.ACTIVE, null);
        return get(name);
    }

    private static void refuseNeedsReauth(ConnectionStore.Info c, String what) {
        if (ConnectionStore.NEEDS_REAUTH.equals(c.status())) {
            throw new Conflict("connection '" + c.id() + "' needs a new OAuth install (" + c.statusReason()
                    + "); it cannot be " + what + " by hand: " + NeedsReauthException.reconnectHint(c.id()));
        }
    }

    /** Deletes the connection; with {@code records} its data too, also when only a deleted connection's is left. */
    public void delete(String name, boolean records) throws SQLException {
        if (!store.delete(name, records)) {
            ConnectionStore.Leftovers left = records ? null : store.leftovers(name);
            throw new NotFound(name, left == null || !left.any() ? "" : "; a deleted connection's data is kept under "
                    + "that name (" + left + "): delete it with --records (the admin API: ?records=true)");
        }
    }

    /**
     * Whether an install link may be made for connection {@code name} (the caller signs it:
     * io.hubsync.api.ConnectLinks). Refused for a private-app connection (an install never replaces
     * one), and for a new name that holds a deleted connection's data unless {@code adoptRecords}.
     */
    public void checkLinkable(String name, boolean adoptRecords) throws SQLException {
        ConnectionStore.checkId(name);
        ConnectionStore.Info existing = store.find(name).orElse(null);
        if (existing != null && !existing.oauth()) {
            throw new Conflict("connection '" + name + "' uses a private-app token, not OAuth: an install never "
                    + "replaces it; choose another name, or delete it first");
        }
        if (existing != null && adoptRecords) {
            throw new Conflict("connection '" + name + "' exists and keeps its own records: adopting "
                    + "(--adopt-records, \"adoptRecords\") is for a new connection under a deleted one's name");
        }
        if (existing == null && !adoptRecords) {
            store.requireNoLeftovers(name);
        }
    }

    public void setRateLimit(String name, String tier) throws SQLException {
        get(name);
        store.setRateLimit(name, tier);
    }

    public void setSchedule(String name, String cron) throws SQLException {
        get(name);
        store.setSchedule(name, cron);
    }

    public void setProperties(String name, String objectType, String properties) throws SQLException {
        get(name);
        store.setProperties(name, objectType, properties);
    }

    /** The property overrides of a connection by object type (only the types that have one). */
    public Map<String, String> properties(String name) throws SQLException {
        // the standard types in HubSpot's order, then custom objects by name
        Map<String, String> all = store.propertiesByType(name);
        Map<String, String> out = new LinkedHashMap<>();
        for (String type : ObjectTypes.SUPPORTED) {
            if (all.containsKey(type)) {
                out.put(type, all.remove(type));
            }
        }
        out.putAll(all);
        return out;
    }
}
