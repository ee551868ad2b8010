-- hubsync schema, version 4: completion notices to the user's backend (issue 4/4).
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15.

-- The outbox: a notice is written in the transaction that closes its run (or that marks its
-- connection NEEDS_REAUTH or paused), then POSTed to notify.url by routes/notify.camel.yaml.
-- body is the JSON exactly as it is signed and sent, every time, so a receiver can dedupe on its id.
CREATE TABLE notices (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    seq             BIGINT       NOT NULL,
    connection_id   VARCHAR(64)  NOT NULL,
    event           VARCHAR(32)  NOT NULL,
    body            VARCHAR      NOT NULL,
    -- PENDING until the receiver answers 2xx (SENT); DEAD after notify.max-attempts failures
    status          VARCHAR(16)  NOT NULL,
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    -- a short lease so that two nodes never POST one notice at the same moment
    claimed_until   TIMESTAMP WITH TIME ZONE,
    last_error      VARCHAR(500),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at         TIMESTAMP WITH TIME ZONE
);
CREATE INDEX notices_due ON notices (status, next_attempt_at);
CREATE SEQUENCE notice_seq;

-- Every notice of a (connection, object type) names the change sequences it covers: from the last
-- one announced to the highest stored, so changes of a run that crashed before its notice are
-- announced by the next one.
ALTER TABLE sync_state ADD COLUMN notified_seq BIGINT NOT NULL DEFAULT 0;
