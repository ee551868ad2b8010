package io.hubsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The connection_api_keys table: read keys of the records API, one connection each. Holds only the
 * SHA-256 of a key (hex), found by the key's id; the caller compares digests in constant time.
 */
public final class ConnectionApiKeys {
    /** A stored key: whose it is and the digest to compare with. */
    public record Stored(String keyId, String connectionId, String keyHash) {
        @Override
        public String toString() {
            return "Stored[" + keyId + ", " + connectionId + "]";
        }
    }

    private final DataSource ds;

    public ConnectionApiKeys(DataSource ds) {
        this.ds = ds;
    }

    public void add(String keyId, String connectionId, String keyHash, Instant createdAt) throws SQLException {
        try (Connection c = ds.getConnection()) {
            CheckpointStore.update(c, "INSERT INTO connection_api_keys (key_id, connection_id, key_hash, created_at) "
                    + "VALUES (?, ?, ?, ?)", keyId, connectionId, keyHash, Timestamp.from(createdAt));
        }
    }

    public Optional<Stored> find(String keyId) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT connection_id, key_hash FROM connection_api_keys "
                     + "WHERE key_id = ?")) {
            ps.setString(1, keyId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Stored(keyId, rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }
}
