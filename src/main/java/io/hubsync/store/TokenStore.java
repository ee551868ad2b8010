package io.hubsync.store;

import io.hubsync.core.TokenCipher;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * A connection's tokens at run time: read and decrypted, and replaced under the connection's row
 * lock, so that one process at a time refreshes them across nodes sharing the database (the lock
 * is {@code SELECT ... FOR UPDATE}; the token step in io.hubsync.auth uses it). A refresh token
 * HubSpot refuses marks the connection NEEDS_REAUTH, with its notice, in the same transaction.
 */
public final class TokenStore {
    private final DataSource ds;
    private final TokenCipher cipher;
    private final ConnectionNotices notices;
    private final Clock clock;

    public TokenStore(DataSource ds, TokenCipher cipher, ConnectionNotices notices) {
        this.ds = ds;
        this.cipher = cipher;
        this.notices = notices;
        this.clock = Clock.systemUTC();
    }

    /** A connection's tokens, decrypted; never logged (toString hides them). */
    public record Tokens(String connectionId, String authType, String accessToken, String refreshToken,
                         Instant expiresAt) {
        @Override
        public String toString() {
            return "Tokens[" + connectionId + ", " + authType + ", expires " + expiresAt + "]";
        }
    }

    /** Inside {@link #withTokenLock}: the tokens as committed, and a way to replace them in the same transaction. */
    public interface LockedTokens {
        Tokens current();
        /** The connection as committed, read in the locked transaction (another node may have changed its status). */
        ConnectionStore.Info info();
        void store(String accessToken, String refreshToken, Instant expiresAt);
        void needsReauth(String reason);
    }

    @FunctionalInterface
    public interface TokenWork<T> {
        T apply(LockedTokens tokens) throws Exception;
    }

    /** The connection's tokens as committed now (no lock). */
    public Tokens tokens(String id) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return readTokens(c, id, false);
        }
    }

    /**
     * Runs {@code work} holding the connection's row lock ({@code SELECT … FOR UPDATE}) in one
     * transaction, so that one process at a time refreshes a connection's tokens, across nodes that
     * share the database (docs/behavior.md rule 9); what it stores commits when it returns.
     */
    public <T> T withTokenLock(String id, TokenWork<T> work) throws Exception {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                Tokens[] current = {readTokens(c, id, true)};
                T result = work.apply(new LockedTokens() {
                    @Override
                    public Tokens current() {
                        return current[0];
                    }

                    @Override
                    public ConnectionStore.Info info() {
                        try (PreparedStatement ps = c.prepareStatement("SELECT " + ConnectionStore.COLUMNS
                                + " FROM connections WHERE id = ?")) {
                            ps.setString(1, id);
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                                return ConnectionStore.info(rs);
                            }
                        } catch (SQLException e) {
                            throw new IllegalStateException("Cannot read connection " + id + ": " + e.getMessage(), e);
                        }
                    }

                    @Override
                    public void store(String access, String refresh, Instant expiresAt) {
                        try {
                            CheckpointStore.update(c, "UPDATE connections SET access_token = ?, refresh_token = ?, "
                                    + "token_expires_at = ?, updated_at = ? WHERE id = ?",
                                    cipher.encrypt(access, id, "access_token"),
                                    cipher.encrypt(refresh, id, "refresh_token"),
                                    expiresAt == null ? null : Timestamp.from(expiresAt),
                                    Timestamp.from(clock.instant()), id);
                        } catch (SQLException e) {
                            throw new IllegalStateException("Cannot store the new tokens of " + id + ": "
                                    + e.getMessage(), e);
                        }
                        current[0] = new Tokens(id, current[0].authType(), access, refresh, expiresAt);
                    }

                    @Override
                    public void needsReauth(String reason) {
                        try {
                            CheckpointStore.update(c, "UPDATE connections SET status = ?, status_reason = ?, "
                                    + "updated_at = ? WHERE id = ?", ConnectionStore.NEEDS_REAUTH, reason,
                                    Timestamp.from(clock.instant()), id);
                            // the notice commits with the status: the user's backend learns it once
                            notices.add(c, "connection.needs_reauth", id, reason, null);
                        } catch (SQLException e) {
                            throw new IllegalStateException("Cannot mark " + id + " NEEDS_REAUTH: " + e.getMessage(), e);
                        }
                    }
                });
                c.commit();
                return result;
            } catch (Exception | Error e) {
                c.rollback();
                throw e;
            }
        }
    }

    private Tokens readTokens(Connection c, String id, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT auth_type, access_token, refresh_token, "
                + "token_expires_at FROM connections WHERE id = ?" + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no connection named '" + id + "'");
                }
                return new Tokens(id, rs.getString(1), cipher.decrypt(rs.getString(2), id, "access_token"),
                        cipher.decrypt(rs.getString(3), id, "refresh_token"), CheckpointStore.instant(rs.getTimestamp(4)));
            }
        }
    }

    /** Whether any row holds a token that only db.token-key can read. */
    public boolean anyStoredTokens() throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM connections WHERE access_token IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    public TokenCipher cipher() {
        return cipher;
    }
}
