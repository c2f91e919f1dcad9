-- upgrade/2--3.sql — catalog version 2 to 3.
--
-- Runs in one transaction under the catalog's advisory lock, after the
-- earlier steps; functions-3.sql is loaded after the last step.  The result
-- must equal a fresh catalog-3.sql install: tests/integration/t-catalog
-- compares pg_dump --schema-only of both.  Once version 3 is released,
-- never edit this file.

-- When the reader last found itself caught up with the source: show-status
-- reports no read lag while it is recent.
ALTER TABLE sch_chameleon.t_sources ADD COLUMN ts_caught_up timestamp with time zone;

-- What the DDL translator knows of each replicated table (version 3): its
-- MySQL definition as the reader's position has it (column types, enum
-- labels, nullability, index names), so that a MODIFY read after a restart
-- gets the same cast as one read before.  Source names.  Written by the
-- snapshot with the table, and by the reader in the batch that stores the
-- DDL; t_table is the translator's JSON (src/ddl/model.h), kept as text
-- because it may hold \u0000, which jsonb refuses.
CREATE TABLE sch_chameleon.t_ddl_model (
	i_id_source integer NOT NULL
		REFERENCES sch_chameleon.t_sources (i_id_source) ON DELETE CASCADE,
	v_schema_name text NOT NULL,
	v_table_name text NOT NULL,
	t_table text NOT NULL,
	PRIMARY KEY (i_id_source, v_schema_name, v_table_name)
);

-- Foreign keys of the source whose action changes child rows (version 3):
-- InnoDB does not write the child rows an ON DELETE/ON UPDATE CASCADE or
-- SET NULL changes to the binlog, so the replica has to perform those
-- actions itself.  Names are the replica's (schema after mapping).  The
-- replay keeps the events of every table listed here, as child or parent,
-- in source order.
CREATE TABLE sch_chameleon.t_fk_actions (
	i_id_source integer NOT NULL
		REFERENCES sch_chameleon.t_sources (i_id_source) ON DELETE CASCADE,
	v_schema_name text NOT NULL,
	v_table_name text NOT NULL,
	v_constraint text NOT NULL,
	v_columns text[] NOT NULL,
	v_ref_schema_name text NOT NULL,
	v_ref_table_name text NOT NULL,
	v_ref_columns text[] NOT NULL,
	v_on_delete text NOT NULL
		CHECK (v_on_delete IN ('CASCADE', 'SET NULL', 'SET DEFAULT', 'RESTRICT', 'NO ACTION')),
	v_on_update text NOT NULL
		CHECK (v_on_update IN ('CASCADE', 'SET NULL', 'SET DEFAULT', 'RESTRICT', 'NO ACTION')),
	PRIMARY KEY (i_id_source, v_schema_name, v_table_name, v_constraint)
);

-- A batch that ends inside a source transaction going on in the next batch
-- (version 3: a large transaction is stored in pieces, applied in one
-- replay transaction).
ALTER TABLE sch_chameleon.t_replica_batch ADD COLUMN b_continued boolean NOT NULL DEFAULT false;

-- Log tables: one index, PRIMARY KEY (i_id_batch, i_id_event), in place of
-- PRIMARY KEY (i_id_event) and an index on (i_id_batch, i_id_event): every
-- read names the batch, and the second index cost the reader's COPY a sixth
-- of its time (version 3; fn_add_source creates them so).
DO $up$
DECLARE
	v_table text;
BEGIN
	FOR v_table IN SELECT c.relname FROM pg_catalog.pg_inherits i
		JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
		WHERE i.inhparent = 'sch_chameleon.t_log_replica'::regclass
	LOOP
		EXECUTE format('DROP INDEX IF EXISTS sch_chameleon.%I', 'idx_' || v_table || '_batch');
		EXECUTE format('ALTER TABLE sch_chameleon.%I DROP CONSTRAINT IF EXISTS %I, '
			'ADD CONSTRAINT %I PRIMARY KEY (i_id_batch, i_id_event)',
			v_table, v_table || '_pkey', v_table || '_pkey');
	END LOOP;
END
$up$;

UPDATE sch_chameleon.t_version SET i_version = 3;
