-- hubsync schema, version 6: deletes and HubSpot webhooks in (issue 4/4). Portable SQL: runs
-- unchanged on H2 2.x and PostgreSQL 15. Tombstones need no new column (records has archived,
-- archived_at, merged_into, deleted since V1), nor the sweep's count (sync_runs.deleted since V1).

-- A lease for work that is not a sync run (the archived sweep of one connection and object type):
-- one holder at a time, across nodes too; a crashed holder's lease expires.
CREATE TABLE work_leases (
    connection_id VARCHAR(64)  NOT NULL,
    name          VARCHAR(64)  NOT NULL,
    claimed_by    VARCHAR(128),
    claimed_until TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (connection_id, name)
);

-- HubSpot's webhook events, stored when they arrive (the request is answered at once) and applied
-- by routes/webhooks.camel.yaml. A row is deleted once applied; a failed one stays, with a later
-- next_attempt_at. An event for a portal that two connections sync is stored once for each.
CREATE TABLE webhook_inbox (
    id                BIGINT       NOT NULL PRIMARY KEY,
    connection_id     VARCHAR(64)  NOT NULL,
    object_type       VARCHAR(32)  NOT NULL,
    -- creation, propertyChange, deletion, privacyDeletion, merge or restore
    kind              VARCHAR(32)  NOT NULL,
    object_id         BIGINT       NOT NULL,
    -- merge: the ids merged into object_id, separated by ';'
    merged_ids        VARCHAR(4000),
    occurred_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the event as HubSpot sent it
    event             VARCHAR(8000) NOT NULL,
    received_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts          INT          NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_by        VARCHAR(128),
    claimed_until     TIMESTAMP WITH TIME ZONE,
    last_error        VARCHAR(2000)
);
CREATE SEQUENCE webhook_inbox_seq;
CREATE INDEX webhook_inbox_due ON webhook_inbox (next_attempt_at);
