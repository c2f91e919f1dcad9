-- upgrade/4--5.sql — catalog version 4 to 5.
--
-- Runs in one transaction under the catalog's advisory lock, after the
-- earlier steps; functions-5.sql is loaded after the last step.  The result
-- must equal a fresh catalog-5.sql install: tests/integration/t-catalog
-- compares pg_dump --schema-only of both.  Once version 5 is released,
-- never edit this file.
--
-- Version 5: a JSON column's document that is the literal null stays the
-- JSON value null in the replica, as the snapshot keeps it, instead of
-- becoming SQL NULL.  The reader writes such a document into the row image
-- as {"$chm_json": null} (and a document that is itself an object whose
-- only key is "$chm_json" wrapped the same way, so that nothing is
-- ambiguous); the replay's value extraction (fn_image_values,
-- fn_image_record_values in functions-5.sql) unwraps it.  No table
-- changes.

UPDATE sch_chameleon.t_version SET i_version = 5;
