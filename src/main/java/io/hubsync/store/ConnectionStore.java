package io.hubsync.store;

import io.hubsync.core.TokenCipher;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The connections table's rows: one per HubSpot portal with its auth (tokens encrypted by
 * {@link TokenCipher}) and overrides; adding, finding, changing and deleting them, and what a name
 * may be reused for. Everything else (records, checkpoints, runs) hangs off a connection's id. Its
 * tokens at run time are {@link TokenStore}'s, its status and pauses {@link ConnectionStatus}'s.
 */
public final class ConnectionStore {
    public static final String PRIVATE_APP = "PRIVATE_APP";
    public static final String OAUTH = "OAUTH";
    public static final String ACTIVE = "ACTIVE";
    public static final String PAUSED = "PAUSED";
    public static final String NEEDS_REAUTH = "NEEDS_REAUTH";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final String COLUMNS = "id, portal_id, auth_type, status, status_reason, paused_until, rate_limit, "
            + "schedule, token_expires_at, scopes, hub_domain, created_at, access_token IS NOT NULL";

    private final DataSource ds;
    private final TokenCipher cipher;
    private final Clock clock;

    public ConnectionStore(DataSource ds, TokenCipher cipher) {
        this(ds, cipher, Clock.systemUTC());
    }

    public ConnectionStore(DataSource ds, TokenCipher cipher, Clock clock) {
        this.ds = ds;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** What a connection is, without its tokens. */
    public record Info(String id, Long portalId, String authType, String status, String statusReason,
                       Instant pausedUntil, String rateLimit, String schedule, Instant tokenExpiresAt, String scopes,
                       String hubDomain, Instant createdAt, boolean storedToken) {
        public boolean oauth() { return OAUTH.equals(authType); }
        public boolean active() { return ACTIVE.equals(status); }
    }

    /** What a connection name may be: it names rows, log lines and URLs, so nothing but these characters. */
    public static final String ID_RULE = "1-64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public static String checkId(String id) {
        if (!validId(id)) {
            throw new IllegalArgumentException("connection name " + io.hubsync.core.Quoted.of(id) + " is not valid: use "
                    + ID_RULE);
        }
        return id;
    }

    /**
     * What a deleted connection left under its name: a delete without --records keeps its records
     * and the webhook events still to apply to them; a run that ended after the delete may leave a
     * checkpoint. A new connection under that name starts on them only when an admin adopts them.
     */
    public record Leftovers(long records, long checkpoints, long webhookEvents) {
        public boolean any() {
            return records + checkpoints + webhookEvents > 0;
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            count(parts, records, "record");
            count(parts, checkpoints, "checkpoint");
            count(parts, webhookEvents, "webhook event");
            return String.join(", ", parts);
        }

        private static void count(List<String> parts, long n, String what) {
            if (n > 0) {
                parts.add(n + " " + what + (n == 1 ? "" : "s"));
            }
        }
    }

    /**
     * A new connection under a name that still holds a deleted connection's data, which nobody
     * adopted: refused, so that a new tenant never reads an old one's records (409 in the admin API,
     * exit 2 on the command line).
     */
    public static final class LeftoverData extends IllegalArgumentException {
        LeftoverData(String id, Leftovers found) {
            super("the name '" + id + "' still holds data of a deleted connection (" + found + "). A new connection "
                    + "does not start on it unless you adopt it, which is right only when it is the same HubSpot "
                    + "portal: `hubsync connections add " + id + " --adopt-records` (or `connections connect-link "
                    + id + " --adopt-records`; in the admin API \"adoptRecords\": true). Otherwise remove it first: "
                    + "`hubsync connections delete " + id + " --records` (DELETE /api/v1/connections/" + id
                    + "?records=true)");
        }
    }

    /** What a deleted connection left under this name; nothing when a connection of that name exists. */
    public Leftovers leftovers(String id) throws SQLException {
        if (find(id).isPresent()) {
            return new Leftovers(0, 0, 0);
        }
        try (Connection c = ds.getConnection()) {
            return leftovers(c, id);
        }
    }

    /** {@link LeftoverData} when the name holds a deleted connection's data (checked before an install starts). */
    public void requireNoLeftovers(String id) throws SQLException {
        Leftovers found = leftovers(id);
        if (found.any()) {
            throw new LeftoverData(id, found);
        }
    }

    private static Leftovers leftovers(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT COUNT(*) FROM records WHERE connection_id = ?), "
                + "(SELECT COUNT(*) FROM sync_state WHERE connection_id = ?), "
                + "(SELECT COUNT(*) FROM webhook_inbox WHERE connection_id = ?)")) {
            ps.setString(1, id);
            ps.setString(2, id);
            ps.setString(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Leftovers(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }

    /** Before a new connection's row: what it starts on, or {@link LeftoverData} when that is not adopted. */
    private static Leftovers admit(Connection c, String id, boolean adoptRecords) throws SQLException {
        Leftovers found = leftovers(c, id);
        if (found.any() && !adoptRecords) {
            throw new LeftoverData(id, found);
        }
        return found;
    }

    /** Adds a private-app connection; its token is stored encrypted. Fails if the name is taken or holds old data. */
    public void addPrivateApp(String id, String token, Long portalId) throws SQLException {
        addPrivateApp(id, token, portalId, false);
    }

    /**
     * Adds a private-app connection; its token is stored encrypted. Fails if the name is taken, or
     * holds a deleted connection's data and {@code adoptRecords} is false. Returns what it adopted.
     */
    public Leftovers addPrivateApp(String id, String token, Long portalId, boolean adoptRecords) throws SQLException {
        checkId(id);
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the private app's token is empty");
        }
        cipher.require("private-app tokens added to the database are stored encrypted");
        Instant now = clock.instant();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO connections (id, portal_id, auth_type, status, "
                    + "access_token, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                Leftovers adopted = admit(c, id, adoptRecords);
                ps.setString(1, id);
                ps.setObject(2, portalId);
                ps.setString(3, PRIVATE_APP);
                ps.setString(4, ACTIVE);
                ps.setString(5, cipher.encrypt(token.trim(), id, "access_token"));
                ps.setTimestamp(6, Timestamp.from(now));
                ps.setTimestamp(7, Timestamp.from(now));
                ps.executeUpdate();
                c.commit();
                return adopted;
            } catch (SQLException e) {
                c.rollback();
                if (find(id).isPresent()) {
                    throw new IllegalArgumentException("a connection named '" + id + "' exists already", e);
                }
                throw e;
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Stores an OAuth installation: a new connection, or new tokens for an existing one (a reinstall
     * after NEEDS_REAUTH makes it ACTIVE again). Fails if the name belongs to another portal or holds
     * a deleted connection's data.
     */
    public void saveOAuth(String id, long portalId, String hubDomain, String scopes, String accessToken,
                          String refreshToken, Instant expiresAt) throws SQLException {
        saveOAuth(id, portalId, hubDomain, scopes, accessToken, refreshToken, expiresAt, false);
    }

    /** {@link #saveOAuth}; a new connection adopts a deleted one's data under the name when {@code adoptRecords}. */
    public void saveOAuth(String id, long portalId, String hubDomain, String scopes, String accessToken,
                          String refreshToken, Instant expiresAt, boolean adoptRecords) throws SQLException {
        checkId(id);
        cipher.require("OAuth tokens are stored encrypted");
        Instant now = clock.instant();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            Long existing = null;
            boolean exists = false;
            String existingAuth = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT portal_id, auth_type FROM connections WHERE id = ? "
                    + "FOR UPDATE")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        exists = true;
                        existing = (Long) rs.getObject(1, Long.class);
                        existingAuth = rs.getString(2);
                    }
                }
            }
            // an install never takes over a private-app connection: its records may be another portal's
            if (exists && !OAUTH.equals(existingAuth)) {
                c.rollback();
                throw new IllegalArgumentException("connection '" + id + "' uses a private-app token, not OAuth: "
                        + "choose another name, or delete it first (`hubsync connections delete " + id + "`)");
            }
            if (exists && existing != null && existing != portalId) {
                c.rollback();
                throw new IllegalArgumentException("connection '" + id + "' belongs to portal " + existing
                        + ", not " + portalId + ": choose another name");
            }
            if (!exists) {
                try {
                    admit(c, id, adoptRecords);
                } catch (LeftoverData e) {
                    c.rollback();
                    throw e;
                }
            }
            String sql = exists
                    ? "UPDATE connections SET portal_id = ?, auth_type = ?, status = ?, status_reason = NULL, "
                    + "paused_until = NULL, access_token = ?, refresh_token = ?, token_expires_at = ?, scopes = ?, "
                    + "hub_domain = ?, updated_at = ? WHERE id = ?"
                    : "INSERT INTO connections (portal_id, auth_type, status, access_token, refresh_token, "
                    + "token_expires_at, scopes, hub_domain, updated_at, id, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, portalId);
                ps.setString(2, OAUTH);
                ps.setString(3, ACTIVE);
                ps.setString(4, cipher.encrypt(accessToken, id, "access_token"));
                ps.setString(5, cipher.encrypt(refreshToken, id, "refresh_token"));
                ps.setTimestamp(6, Timestamp.from(expiresAt));
                ps.setString(7, scopes);
                ps.setString(8, hubDomain);
                ps.setTimestamp(9, Timestamp.from(now));
                ps.setString(10, id);
                if (!exists) {
                    ps.setTimestamp(11, Timestamp.from(now));
                }
                ps.executeUpdate();
            }
            c.commit();
        }
    }

    /** The row of the private-app connection configured by hubspot.access-token (its token stays in the config). */
    public void ensureConfigured(String id) throws SQLException {
        checkId(id);
        if (find(id).isPresent()) {
            return;
        }
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO connections (id, auth_type, status, updated_at) "
                     + "VALUES (?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, PRIVATE_APP);
            ps.setString(3, ACTIVE);
            ps.setTimestamp(4, Timestamp.from(clock.instant()));
            ps.executeUpdate();
        } catch (SQLException e) {
            if (find(id).isEmpty()) {
                throw e;
            }
            // another node or thread made it first
        }
    }

    public Optional<Info> find(String id) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM connections WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(info(rs)) : Optional.empty();
            }
        }
    }

    /** The connection, or a clear error naming it. */
    public Info get(String id) throws SQLException {
        return find(id).orElseThrow(() -> new IllegalArgumentException("no connection named '" + id + "'"));
    }

    public List<Info> list() throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM connections ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            List<Info> out = new ArrayList<>();
            while (rs.next()) {
                out.add(info(rs));
            }
            return out;
        }
    }

    public void setRateLimit(String id, String tier) throws SQLException {
        update(id, "UPDATE connections SET rate_limit = ?, updated_at = ? WHERE id = ?", tier,
                Timestamp.from(clock.instant()), id);
    }

    public void setSchedule(String id, String cron) throws SQLException {
        update(id, "UPDATE connections SET schedule = ?, updated_at = ? WHERE id = ?", cron,
                Timestamp.from(clock.instant()), id);
    }

    /** Properties to store for one object type of this connection; null or blank removes the override. */
    public void setProperties(String id, String objectType, String properties) throws SQLException {
        get(id);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            CheckpointStore.update(c, "DELETE FROM connection_properties WHERE connection_id = ? AND object_type = ?",
                    id, objectType);
            if (properties != null && !properties.isBlank()) {
                CheckpointStore.update(c, "INSERT INTO connection_properties (connection_id, object_type, properties) "
                        + "VALUES (?, ?, ?)", id, objectType, properties.trim());
            }
            c.commit();
        }
    }

    /** The override of {@code sync.properties.<type>} for this connection, or null. */
    /** Every override of {@code sync.properties.<type>} for this connection, by type (custom objects too). */
    public java.util.Map<String, String> propertiesByType(String id) throws SQLException {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT object_type, properties FROM connection_properties "
                     + "WHERE connection_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    public String properties(String id, String objectType) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT properties FROM connection_properties "
                     + "WHERE connection_id = ? AND object_type = ?")) {
            ps.setString(1, id);
            ps.setString(2, objectType);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /**
     * Removes the connection, its checkpoints, run history and property overrides (its read keys go
     * with its row). With {@code records} also its records, its owners and the webhook events not yet applied
     * to them, and so also what a connection deleted earlier without records left under the name.
     * False when there was nothing to remove.
     */
    public boolean delete(String id, boolean records) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            int connection = CheckpointStore.updateCount(c, "DELETE FROM connections WHERE id = ?", id);
            if (connection == 0 && !records) {
                c.rollback();
                return false;
            }
            int data = 0;
            if (records) {
                data += CheckpointStore.updateCount(c, "DELETE FROM records WHERE connection_id = ?", id);
                data += CheckpointStore.updateCount(c, "DELETE FROM webhook_inbox WHERE connection_id = ?", id);
                data += CheckpointStore.updateCount(c, "DELETE FROM owners WHERE connection_id = ?", id);
            }
            data += CheckpointStore.updateCount(c, "DELETE FROM sync_state WHERE connection_id = ?", id);
            CheckpointStore.update(c, "DELETE FROM backfill_ranges WHERE connection_id = ?", id);
            CheckpointStore.update(c, "DELETE FROM sync_runs WHERE connection_id = ?", id);
            CheckpointStore.update(c, "DELETE FROM connection_properties WHERE connection_id = ?", id);
            c.commit();
            return connection == 1 || data > 0;
        }
    }

    public TokenCipher cipher() {
        return cipher;
    }

    private void update(String id, String sql, Object... args) throws SQLException {
        try (Connection c = ds.getConnection()) {
            if (CheckpointStore.updateCount(c, sql, args) != 1) {
                throw new IllegalArgumentException("no connection named '" + id + "'");
            }
        }
    }

    static Info info(ResultSet rs) throws SQLException {
        return new Info(rs.getString(1), rs.getObject(2, Long.class), rs.getString(3), rs.getString(4), rs.getString(5),
                CheckpointStore.instant(rs.getTimestamp(6)), rs.getString(7), rs.getString(8),
                CheckpointStore.instant(rs.getTimestamp(9)), rs.getString(10), rs.getString(11),
                CheckpointStore.instant(rs.getTimestamp(12)), rs.getBoolean(13));
    }
}
