-- hubsync schema, version 5: the records API (issue 4/4). Portable SQL: runs unchanged on H2 2.x and
-- PostgreSQL 15.

-- Tells an added record from an updated one: the change_seq of the record's first stored version,
-- written by the first change after it (RecordWriter's MERGE keeps the old change_seq here) and kept
-- from then on. NULL: the stored version is still the first one ("added"); set: it changed since
-- ("updated"). Filled lazily so that the backfill's plain INSERT stays as cheap as it is.
ALTER TABLE records ADD COLUMN first_seq BIGINT;

-- Read keys of the records API: each reads the records of one connection. Only the SHA-256 of a key
-- is stored (hex); the key itself is shown once, when it is made. Deleting a connection deletes its keys.
CREATE TABLE connection_api_keys (
    key_id        VARCHAR(32)  NOT NULL PRIMARY KEY,
    connection_id VARCHAR(64)  NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    key_hash      VARCHAR(64)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX connection_api_keys_by_connection ON connection_api_keys (connection_id);
