package io.hubsync.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * The first statement of every transaction that changes a (connection, object type)'s records: it
 * locks the pair's sync_state row until the transaction ends. change_seq values come from a sequence
 * when a statement runs but become visible at commit; with one writer of a pair at a time they
 * become visible in the order they were taken, so a reader paging by change_seq (the records API,
 * a notice's range) can never pass a value that a slower transaction commits later.
 */
public final class PairLock {
    private static final String DUPLICATE_KEY = "23505";

    private PairLock() { }

    public static void lock(Connection c, String connectionId, String objectType) throws SQLException {
        if (touch(c, connectionId, objectType) == 1) {
            return;
        }
        // a pair that has never synced (a webhook came first): its row, as a first run would make it
        Savepoint before = c.setSavepoint();
        try {
            CheckpointStore.update(c, "INSERT INTO sync_state (connection_id, object_type, phase, updated_at) "
                    + "VALUES (?, ?, 'INITIAL', CURRENT_TIMESTAMP)", connectionId, objectType);
        } catch (SQLException e) {
            if (!DUPLICATE_KEY.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(before); // another transaction made it meanwhile
            touch(c, connectionId, objectType);
        }
    }

    private static int touch(Connection c, String connectionId, String objectType) throws SQLException {
        return CheckpointStore.updateCount(c, "UPDATE sync_state SET updated_at = updated_at WHERE connection_id = ? "
                + "AND object_type = ?", connectionId, objectType);
    }
}
