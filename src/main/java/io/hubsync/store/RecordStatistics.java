package io.hubsync.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Keeps PostgreSQL's statistics of the records table from lagging far behind a bulk write (a backfill,
 * an import that stamps many records at once), as PostgreSQL's manual advises after a bulk load
 * ("Populating a Database: run ANALYZE afterwards"). Without statistics the planner takes
 * {@code connection_id = ? AND object_type = ?} to leave one row, so every plan that looks records up by
 * id may scan the whole pair instead: the page's version lookup (RecordVersionRepository, twice a page)
 * then reads every record of the pair, and a 200,000-record backfill slows as it grows. Autovacuum
 * analyzes the table too, but only after its nap (a minute by default) and not at all where it is off.
 *
 * <p>After a page commits, one cheap query reads the table's row estimate and the rows changed since it
 * was last analyzed; when those exceed the estimate by half (plus 1,000), that is the table has grown
 * or been rewritten by half since the planner last knew it, the writer runs ANALYZE (a sample of
 * 30,000 rows at most: tens of milliseconds; it takes no lock that blocks writers). Autovacuum's own
 * threshold is lower (10%), so where it keeps up this never fires. At most one attempt every
 * {@link #MIN_INTERVAL_MILLIS}, so a user who may not analyze the table (a warning, no error) costs
 * nothing more. H2 keeps no such statistics here: nothing to do.
 */
final class RecordStatistics {
    private static final Logger LOG = LoggerFactory.getLogger(RecordStatistics.class);
    static final long MIN_INTERVAL_MILLIS = 5_000;

    /** System.nanoTime() of the last attempt (null: none yet) */
    private volatile Long lastAttempt;

    /**
     * On PostgreSQL, after a page's commit: ANALYZE records if its statistics lag; true when it ran. A
     * failure is logged, never thrown: the page is committed and the statistics are only an optimization.
     */
    boolean refreshIfStale(Connection c) {
        try {
            return refresh(c);
        } catch (SQLException e) {
            LOG.warn("Cannot refresh the statistics of the records table (ANALYZE records): {}", e.getMessage());
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection goes back to the pool, which resets it
            }
            return false;
        }
    }

    private boolean refresh(Connection c) throws SQLException {
        long now = System.nanoTime();
        Long last = lastAttempt;
        if (last != null && now - last < MIN_INTERVAL_MILLIS * 1_000_000) {
            return false;
        }
        long estimate;
        long changed;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT reltuples, pg_stat_get_mod_since_analyze(oid) FROM pg_class "
                     + "WHERE oid = 'records'::regclass")) {
            if (!rs.next()) {
                return false;
            }
            // -1: never analyzed
            estimate = Math.max(0, rs.getLong(1));
            changed = rs.getLong(2);
        }
        if (!c.getAutoCommit()) {
            c.commit(); // ends the read's transaction: the connection goes back to the pool clean
        }
        if (changed <= 1_000 + estimate / 2) {
            return false;
        }
        lastAttempt = now;
        long t0 = System.nanoTime();
        try (Statement s = c.createStatement()) {
            s.execute("ANALYZE records");
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
        LOG.debug("ANALYZE records: {} rows changed since the planner's estimate of {}, {} ms", changed, estimate,
                (System.nanoTime() - t0) / 1_000_000);
        return true;
    }
}
