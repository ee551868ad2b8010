-- hubsync schema, version 9: HubSpot's owners (issue 12). Portable SQL: runs unchanged on H2 2.x and
-- PostgreSQL 15. Owners are read in full on their own schedule (routes/owners.camel.yaml; docs/owners.md).

-- One row per (connection, owner), live or a tombstone. id is HubSpot's owner id as HubSpot sends it, a
-- string (docs/hubspot.md §16), the same text a record's hubspot_owner_id property holds, so
-- hs_prop(records.properties, 'hubspot_owner_id') = owners.id joins without a cast.
CREATE TABLE owners (
    connection_id VARCHAR(64)  NOT NULL,
    id            VARCHAR(64)  NOT NULL,
    email         VARCHAR(320),
    first_name    VARCHAR(255),
    last_name     VARCHAR(255),
    -- PERSON or QUEUE
    type          VARCHAR(16)  NOT NULL,
    -- userId while the user is active; HubSpot may leave it out for an inactive one
    user_id       BIGINT,
    user_id_including_inactive BIGINT,
    -- the owner's teams as HubSpot lists them: a JSON array of {id, name, primary}, [] for none
    teams         VARCHAR      NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    -- HubSpot's archived flag of the owner as last read
    archived      BOOLEAN      NOT NULL DEFAULT FALSE,
    -- why the owner is gone, when it is: ARCHIVED (HubSpot lists it with archived=true) or GONE (HubSpot
    -- listed it in neither list); NULL for a live owner. deleted_at: when hubsync saw it so
    deleted       VARCHAR(16),
    deleted_at    TIMESTAMP WITH TIME ZONE,
    -- from the records' sequence: increases with every change of the row; readers page by it
    change_seq    BIGINT       NOT NULL,
    -- when this version of the row was stored
    synced_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (connection_id, id)
);
CREATE INDEX owners_by_change ON owners (connection_id, change_seq);
