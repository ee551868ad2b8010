-- hubsync schema, version 7. The table of Camel's JDBC idempotent repositories (webhook events, used
-- OAuth states), as Camel would create it on first use; created here so that housekeeping can prune
-- it on a node that never started those routes (server.enabled=false). Camel finds it and keeps it.
CREATE TABLE IF NOT EXISTS CAMEL_MESSAGEPROCESSED (
    processorName VARCHAR(255),
    messageId     VARCHAR(100),
    createdAt     TIMESTAMP,
    PRIMARY KEY (processorName, messageId)
);
