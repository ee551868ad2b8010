-- hubsync schema, version 1. Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15.

-- One row per HubSpot portal connection. Issue 3/4 adds OAuth tokens and overrides.
CREATE TABLE connections (
    id            VARCHAR(64)  NOT NULL PRIMARY KEY,
    portal_id     BIGINT,
    auth_type     VARCHAR(16)  NOT NULL,
    status        VARCHAR(16)  NOT NULL DEFAULT 'ACTIVE',
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- One row per (connection, object type, record id). Properties are the record's JSON object of
-- HubSpot property values (strings or null); hs_prop(properties, 'name') reads one in SQL.
CREATE TABLE records (
    connection_id VARCHAR(64)  NOT NULL,
    object_type   VARCHAR(32)  NOT NULL,
    id            BIGINT       NOT NULL,
    properties    VARCHAR      NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE,
    last_modified TIMESTAMP WITH TIME ZONE NOT NULL,
    archived      BOOLEAN      NOT NULL DEFAULT FALSE,
    archived_at   TIMESTAMP WITH TIME ZONE,
    merged_into   BIGINT,
    -- why the record is gone, when it is: ARCHIVED, MERGED or GDPR (a tombstone readers can see)
    deleted       VARCHAR(16),
    -- increases with every change; readers page by it
    change_seq    BIGINT       NOT NULL,
    synced_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (connection_id, object_type, id)
);
CREATE INDEX records_by_change ON records (connection_id, object_type, change_seq);
CREATE SEQUENCE record_change_seq;

-- The checkpoint of one (connection, object type): where the backfill or the window stands.
CREATE TABLE sync_state (
    connection_id      VARCHAR(64) NOT NULL,
    object_type        VARCHAR(32) NOT NULL,
    phase              VARCHAR(16) NOT NULL,
    -- initial phase: the list cursor (the next id) and when the backfill started
    list_after         VARCHAR(64),
    backfill_started   TIMESTAMP WITH TIME ZONE,
    -- incremental phase: the lower bound of the next window, and the window being read
    watermark          TIMESTAMP WITH TIME ZONE,
    window_end         TIMESTAMP WITH TIME ZONE,
    window_last_id     BIGINT,
    -- a lease so that no two runs of one connection and object type overlap, across nodes too
    claimed_by         VARCHAR(128),
    claimed_until      TIMESTAMP WITH TIME ZONE,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (connection_id, object_type)
);

-- One row per run: what it did and how it ended.
CREATE TABLE sync_runs (
    id             BIGINT      NOT NULL PRIMARY KEY,
    connection_id  VARCHAR(64) NOT NULL,
    object_type    VARCHAR(32) NOT NULL,
    phase          VARCHAR(16) NOT NULL,
    started_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at    TIMESTAMP WITH TIME ZONE,
    success        BOOLEAN,
    added          BIGINT      NOT NULL DEFAULT 0,
    updated        BIGINT      NOT NULL DEFAULT 0,
    unchanged      BIGINT      NOT NULL DEFAULT 0,
    deleted        BIGINT      NOT NULL DEFAULT 0,
    requests       BIGINT      NOT NULL DEFAULT 0,
    throttled      BIGINT      NOT NULL DEFAULT 0,
    modified_after TIMESTAMP WITH TIME ZONE,
    checkpoint_from VARCHAR(128),
    checkpoint_to  VARCHAR(128),
    error          VARCHAR(2000)
);
CREATE SEQUENCE sync_run_seq;
CREATE INDEX sync_runs_by_connection ON sync_runs (connection_id, object_type, started_at);
