-- hubsync schema, version 12: a backfill read through both budgets at once (docs/behavior.md rule 11).
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15.
--
-- While a backfill of a (connection, object type) is split, one row per id range: the list chain's
-- range (reader 'list': ids up to range_end, its cursor is sync_state.list_after) and the search
-- chains' (reader 'search': ids above range_start up to range_end, read through last_id). A row
-- changes in the transaction of the page it covers, so a stopped backfill resumes every range where
-- it was. The rows go when the backfill completes.
CREATE TABLE backfill_ranges (
    connection_id  VARCHAR(64)  NOT NULL,
    object_type    VARCHAR(100) NOT NULL,
    range_start    BIGINT       NOT NULL,
    reader         VARCHAR(8)   NOT NULL,
    -- search ranges: the highest id read (range_start when none yet)
    last_id        BIGINT       NOT NULL,
    -- the highest id of the range; NULL: no end (the top range, where ids new since the split go)
    range_end      BIGINT,
    done           BOOLEAN      NOT NULL,
    PRIMARY KEY (connection_id, object_type, range_start)
);
