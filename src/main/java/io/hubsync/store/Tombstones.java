package io.hubsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;

/** Turns live records into tombstones readers can see (DESIGN rule 6), in the caller's transaction. */
public final class Tombstones {
    private static final String ARCHIVE = "UPDATE records SET deleted = 'ARCHIVED', archived = TRUE, archived_at = ?, "
            + "change_seq = nextval('record_change_seq') WHERE connection_id = ? AND object_type = ? AND id = ? "
            + "AND deleted IS NULL";

    private Tombstones() { }

    /** Marks these records archived at {@code at}; records already tombstoned stay as they are. How many changed. */
    public static int archive(Connection c, String connectionId, String objectType, Collection<Long> ids, Instant at)
            throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(ARCHIVE)) {
            for (Long id : ids) {
                ps.setTimestamp(1, Timestamp.from(at));
                ps.setString(2, connectionId);
                ps.setString(3, objectType);
                ps.setLong(4, id);
                ps.addBatch();
            }
            int n = 0;
            for (int r : ps.executeBatch()) {
                n += Math.max(r, 0);
            }
            return n;
        }
    }
}
