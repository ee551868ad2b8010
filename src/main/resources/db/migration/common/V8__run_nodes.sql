-- hubsync schema, version 8: several nodes on one database (issue 1/5). Portable SQL: runs unchanged
-- on H2 2.x and PostgreSQL 15.

-- Which node ran a run (pid@host and a random part, as claimed_by names it), and whether the run was
-- abandoned: its node stopped renewing its lease (killed, cut off from the database) and another run
-- of the pair took over; the row was closed then, with success FALSE.
ALTER TABLE sync_runs ADD COLUMN node VARCHAR(128);
ALTER TABLE sync_runs ADD COLUMN abandoned BOOLEAN NOT NULL DEFAULT FALSE;
