-- hubsync schema, version 11: every standard CRM object and custom objects (issue 12). Portable SQL:
-- runs unchanged on H2 2.x and PostgreSQL 15 (both take the standard ALTER COLUMN ... SET DATA TYPE).
--
-- object_type holds a standard object's name (line_items, communications) or a custom object's schema
-- name (stable within a portal; its object type id 2-<n> is looked up per connection each run). HubSpot
-- states no maximum for a custom object's name: 100 characters, checked when the schemas are read
-- (io.hubsync.core.ObjectTypes.MAX_NAME). A work lease is named after its type too (<type>:archived).
ALTER TABLE records ALTER COLUMN object_type SET DATA TYPE VARCHAR(100);
ALTER TABLE sync_state ALTER COLUMN object_type SET DATA TYPE VARCHAR(100);
ALTER TABLE sync_runs ALTER COLUMN object_type SET DATA TYPE VARCHAR(100);
ALTER TABLE connection_properties ALTER COLUMN object_type SET DATA TYPE VARCHAR(100);
ALTER TABLE webhook_inbox ALTER COLUMN object_type SET DATA TYPE VARCHAR(100);
ALTER TABLE work_leases ALTER COLUMN name SET DATA TYPE VARCHAR(128);
