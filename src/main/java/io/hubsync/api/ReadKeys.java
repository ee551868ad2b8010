package io.hubsync.api;

import io.hubsync.connections.ConnectionActions;
import io.hubsync.store.ConnectionApiKeys;
import io.hubsync.store.ConnectionStore;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Read keys of the records API: each reads the records of one connection. A key is
 * {@code hsk_<key id>_<secret>}; the id finds its row, the SHA-256 of the whole key is all that is
 * stored, and it is compared in constant time. The key is shown once, when it is made.
 */
public final class ReadKeys {
    private static final String PREFIX = "hsk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConnectionStore connections;
    private final ConnectionApiKeys keys;

    public ReadKeys(ConnectionStore connections, ConnectionApiKeys keys) {
        this.connections = connections;
        this.keys = keys;
    }

    /** A new read key of the connection: {@code connection, keyId, key, createdAt}; the key is not kept. */
    public Map<String, Object> issue(String connection) throws SQLException {
        if (connections.find(connection).isEmpty()) {
            throw new ConnectionActions.NotFound(connection);
        }
        String keyId = HexFormat.of().formatHex(random(8));
        String key = PREFIX + keyId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));
        Instant now = Instant.now();
        keys.add(keyId, connection, HexFormat.of().formatHex(ApiKey.sha256(key)), now);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("connection", connection);
        out.put("keyId", keyId);
        out.put("key", key);
        out.put("createdAt", now.toString());
        return out;
    }

    /** The connection whose read key this is, or empty when it is none (unknown id, wrong secret, other shape). */
    public Optional<String> connectionOf(String key) throws SQLException {
        if (key == null || !key.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int end = key.indexOf('_', PREFIX.length());
        if (end < 0) {
            return Optional.empty();
        }
        Optional<ConnectionApiKeys.Stored> stored = keys.find(key.substring(PREFIX.length(), end));
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        byte[] want = HexFormat.of().parseHex(stored.get().keyHash());
        return MessageDigest.isEqual(want, ApiKey.sha256(key)) ? Optional.of(stored.get().connectionId())
                : Optional.empty();
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    @Override
    public String toString() {
        return "ReadKeys[***]";
    }
}
