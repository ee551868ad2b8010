-- hubsync schema, version 3: connections carry their own auth, status and overrides (issue 3/4).
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15.

-- Tokens are stored encrypted (AES-GCM under db.token-key); NULL access_token on a PRIVATE_APP
-- connection means "the token in hubspot.access-token" (the single-portal setup).
ALTER TABLE connections ADD COLUMN access_token VARCHAR(4096);
ALTER TABLE connections ADD COLUMN refresh_token VARCHAR(4096);
ALTER TABLE connections ADD COLUMN token_expires_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE connections ADD COLUMN scopes VARCHAR(2000);
ALTER TABLE connections ADD COLUMN hub_domain VARCHAR(255);
-- the HubSpot tier this portal's budget follows; NULL: hubspot.rate-limit (private app) or oauth (OAuth)
ALTER TABLE connections ADD COLUMN rate_limit VARCHAR(16);
-- a Quartz cron of its own; NULL: sync.schedule
ALTER TABLE connections ADD COLUMN schedule VARCHAR(128);
-- why the status is what it is (NEEDS_REAUTH: HubSpot's message), and a pause until a time (DAILY limit)
ALTER TABLE connections ADD COLUMN status_reason VARCHAR(2000);
ALTER TABLE connections ADD COLUMN paused_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE connections ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE;

-- Per connection and object type: the properties to store, overriding sync.properties.<type>.
CREATE TABLE connection_properties (
    connection_id VARCHAR(64)   NOT NULL,
    object_type   VARCHAR(32)   NOT NULL,
    properties    VARCHAR(8000) NOT NULL,
    PRIMARY KEY (connection_id, object_type)
);
