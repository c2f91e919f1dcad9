-- upgrade/3--4.sql — catalog version 3 to 4.
--
-- Runs in one transaction under the catalog's advisory lock, after the
-- earlier steps; functions-4.sql is loaded after the last step.  The result
-- must equal a fresh catalog-4.sql install: tests/integration/t-catalog
-- compares pg_dump --schema-only of both.  Once version 4 is released,
-- never edit this file.
--
-- Version 4 (architecture §11, untrusted input): fn_replay treats SQLSTATE CH010,
-- raised by a statement the reader stores in place of one it could not
-- take (DDL it cannot translate, a row over PostgreSQL's limits, a table
-- renamed out of the mapped schemas), as "disable this table, record why"
-- whatever on_error_replay says: the source's input never stops the
-- other tables.

-- A NUL byte in a text value is left out, as pgloader does, and counted
-- per table (show-status).
ALTER TABLE sch_chameleon.t_replica_tables
	ADD COLUMN i_nul_removed bigint NOT NULL DEFAULT 0;

UPDATE sch_chameleon.t_version SET i_version = 4;
