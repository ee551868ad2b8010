-- hubsync schema, version 10: associations (issue 12; docs/associations.md). Portable SQL: runs
-- unchanged on H2 2.x and PostgreSQL 15.

-- One row per (connection, from record, to record, association type), for the pairs of
-- sync.associations.<type>. Both directions are stored only when both are configured. A row is
-- never deleted: deleted says why it is gone (REMOVED: HubSpot no longer lists it; ARCHIVED, MERGED,
-- GDPR: its from or to record got that tombstone), NULL while it is live; change_seq moves with every
-- change, from the records' sequence, so a reader paging by it sees records and associations in one order.
CREATE TABLE associations (
    connection_id VARCHAR(64)  NOT NULL,
    from_type     VARCHAR(32)  NOT NULL,
    from_id       BIGINT       NOT NULL,
    to_type       VARCHAR(32)  NOT NULL,
    to_id         BIGINT       NOT NULL,
    -- HubSpot's associationTypeId: contact->company primary 1, unlabeled 279, ... (docs/hubspot.md §14)
    type_id       INT          NOT NULL,
    -- HUBSPOT_DEFINED, USER_DEFINED or INTEGRATOR_DEFINED
    category      VARCHAR(32)  NOT NULL,
    -- the type's label; NULL for the unlabeled type
    label         VARCHAR(255),
    deleted       VARCHAR(16),
    change_seq    BIGINT       NOT NULL,
    synced_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (connection_id, from_type, from_id, to_type, to_id, type_id)
);
CREATE INDEX associations_by_change ON associations (connection_id, change_seq);
-- rows that point at a record (a merge moves them to its survivor, a tombstone ends them)
CREATE INDEX associations_by_to ON associations (connection_id, to_type, to_id);

-- Where the association sweep of one (connection, from type, to type) stands: it walks the stored
-- live from-ids in id order; after_id is the last one checked (NULL: the next sweep starts over).
CREATE TABLE association_sweeps (
    connection_id VARCHAR(64) NOT NULL,
    from_type     VARCHAR(32) NOT NULL,
    to_type       VARCHAR(32) NOT NULL,
    after_id      BIGINT,
    started_at    TIMESTAMP WITH TIME ZONE,
    finished_at   TIMESTAMP WITH TIME ZONE,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (connection_id, from_type, to_type)
);

-- Views per common pair over live rows: one row per associated pair of records (whatever its types),
-- with a primary flag where HubSpot has a primary type. Columns: connection_id, the two ids, and
-- is_primary where it applies. Join them to records by (connection_id, object_type, id).
CREATE VIEW contact_companies AS
SELECT connection_id, from_id AS contact_id, to_id AS company_id,
       MAX(CASE WHEN type_id = 1 THEN 1 ELSE 0 END) = 1 AS is_primary
FROM associations
WHERE from_type = 'contacts' AND to_type = 'companies' AND deleted IS NULL
GROUP BY connection_id, from_id, to_id;

CREATE VIEW company_contacts AS
SELECT connection_id, from_id AS company_id, to_id AS contact_id,
       MAX(CASE WHEN type_id = 2 THEN 1 ELSE 0 END) = 1 AS is_primary
FROM associations
WHERE from_type = 'companies' AND to_type = 'contacts' AND deleted IS NULL
GROUP BY connection_id, from_id, to_id;

CREATE VIEW deal_contacts AS
SELECT connection_id, from_id AS deal_id, to_id AS contact_id
FROM associations
WHERE from_type = 'deals' AND to_type = 'contacts' AND deleted IS NULL
GROUP BY connection_id, from_id, to_id;

CREATE VIEW deal_companies AS
SELECT connection_id, from_id AS deal_id, to_id AS company_id,
       MAX(CASE WHEN type_id = 5 THEN 1 ELSE 0 END) = 1 AS is_primary
FROM associations
WHERE from_type = 'deals' AND to_type = 'companies' AND deleted IS NULL
GROUP BY connection_id, from_id, to_id;

CREATE VIEW ticket_contacts AS
SELECT connection_id, from_id AS ticket_id, to_id AS contact_id
FROM associations
WHERE from_type = 'tickets' AND to_type = 'contacts' AND deleted IS NULL
GROUP BY connection_id, from_id, to_id;

CREATE VIEW ticket_companies AS
SELECT connection_id, from_id AS ticket_id, to_id AS company_id,
       MAX(CASE WHEN type_id = 26 THEN 1 ELSE 0 END) = 1 AS is_primary
FROM associations
WHERE from_type = 'tickets' AND to_type = 'companies' AND deleted IS NULL
GROUP BY connection_id, from_id, to_id;
