-- upgrade/2--3.sql — catalog version 2 to 3.
--
-- Runs in one transaction under the catalog's advisory lock, after the
-- earlier steps; functions-3.sql is loaded after the last step.  The result
-- must equal a fresh catalog-3.sql install: tests/integration/t-catalog
-- compares pg_dump --schema-only of both.  Once version 3 is released,
-- never edit this file.

UPDATE sch_chameleon.t_version SET i_version = 3;
