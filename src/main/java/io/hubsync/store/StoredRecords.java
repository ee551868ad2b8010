package io.hubsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The stored records of one connection and object type by id range, as {@code hubsync verify} compares
 * them with HubSpot's list page by page (both in id order, so memory stays one page), and the two
 * writes its repair needs besides the idempotent upsert.
 */
public final class StoredRecords {
    /** What verify needs of a stored record: its version, whether it is a tombstone, when it was written. */
    public record Version(long lastModified, boolean deleted, Instant syncedAt) { }

    private final DataSource ds;

    public StoredRecords(DataSource ds) {
        this.ds = ds;
    }

    /** The records with {@code afterId < id <= upToId} (no upper bound when {@code upToId} is null), by id. */
    public SortedMap<Long, Version> between(String connectionId, String objectType, long afterId, Long upToId)
            throws SQLException {
        SortedMap<Long, Version> out = new TreeMap<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, last_modified, deleted, synced_at FROM records "
                     + "WHERE connection_id = ? AND object_type = ? AND id > ?" + (upToId == null ? "" : " AND id <= ?"))) {
            ps.setString(1, connectionId);
            ps.setString(2, objectType);
            ps.setLong(3, afterId);
            if (upToId != null) {
                ps.setLong(4, upToId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new Version(rs.getTimestamp(2).getTime(), rs.getString(3) != null,
                            rs.getTimestamp(4).toInstant()));
                }
            }
        }
        return out;
    }

    /**
     * Tombstones among these ids forget their version (last-modified goes to 1970), so that the next
     * write of the live copy HubSpot still has revives them even when HubSpot's version is the same.
     */
    public int forgetTombstoneVersions(String connectionId, String objectType, Collection<Long> ids)
            throws SQLException {
        int n = 0;
        try (Connection c = ds.getConnection()) {
            for (Long id : ids) {
                n += CheckpointStore.updateCount(c, "UPDATE records SET last_modified = ? WHERE connection_id = ? "
                        + "AND object_type = ? AND id = ? AND deleted = 'ARCHIVED'", new Timestamp(0), connectionId,
                        objectType, id);
            }
        }
        return n;
    }

    /** {@link Tombstones#archive} in a transaction of its own. */
    public int archive(String connectionId, String objectType, Collection<Long> ids, Instant at) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                PairLock.lock(c, connectionId, objectType);
                int n = new Tombstones(java.time.Clock.systemUTC()).archive(c, connectionId, objectType, ids, at);
                c.commit();
                return n;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
