-- catalog-5.sql — the sch_chameleon catalog, version 5 (the current one).
--
-- Only the current version's install script is kept; older ones are in the
-- git history (catalog-1.sql stays: t-catalog installs it to test the whole
-- upgrade chain).  A change to the catalog goes here AND into an upgrade
-- step sql/upgrade/N--N+1.sql; once a version is released its upgrade step
-- is never edited.  The functions are in functions-5.sql, loaded right
-- after this script and after the last upgrade step.
-- Names follow pg_chameleon's (t_sources, t_replica_batch, t_log_replica,
-- t_replica_tables) so that its users find their way.

CREATE SCHEMA sch_chameleon;

-- One row: the catalog version this schema is at.
CREATE TABLE sch_chameleon.t_version (
	b_single boolean NOT NULL DEFAULT true PRIMARY KEY CHECK (b_single),
	i_version integer NOT NULL,
	ts_installed timestamp with time zone NOT NULL DEFAULT clock_timestamp()
);
INSERT INTO sch_chameleon.t_version (i_version) VALUES (5);

CREATE TABLE sch_chameleon.t_sources (
	i_id_source serial PRIMARY KEY,
	t_source text NOT NULL UNIQUE
		CHECK (t_source ~ '^[a-z0-9_]+$' AND length(t_source) <= 32),
	enm_status text NOT NULL DEFAULT 'ready'
		CHECK (enm_status IN ('ready', 'initialising', 'initialised', 'stopped',
			'running', 'syncing', 'error')),
	b_enabled boolean NOT NULL DEFAULT true,
	jsb_schema_mappings jsonb NOT NULL DEFAULT '{}',
	-- log tables of this source, t_log_replica_<source>_N; the writer fills
	-- v_log_table[1], each batch remembers the one it went to
	v_log_table text[] NOT NULL,
	-- the consistency watermark: the replica shows a state the source had
	-- once the stream has passed it (NULL when consistent)
	t_watermark_file text,
	i_watermark_pos bigint,
	t_watermark_gtid text,
	-- where the reader resumes: the end of the last stored batch, written
	-- in that batch's transaction
	t_read_file text,
	i_read_pos bigint,
	t_read_gtid text,
	ts_last_received timestamp with time zone,
	ts_last_replayed timestamp with time zone,
	ts_added timestamp with time zone NOT NULL DEFAULT clock_timestamp(),
	-- when the reader last found it had stored everything the source had
	-- written (a heartbeat while idle, or a batch closed because the stream
	-- had nothing more); NULL after a batch closed with more waiting.
	-- show-status reports no read lag while it is recent (version 3).
	ts_caught_up timestamp with time zone
);

CREATE TABLE sch_chameleon.t_replica_batch (
	i_id_batch bigserial PRIMARY KEY,
	i_id_source integer NOT NULL
		REFERENCES sch_chameleon.t_sources (i_id_source) ON DELETE CASCADE,
	t_start_file text,
	i_start_pos bigint,
	t_start_gtid text,
	t_end_file text,
	i_end_pos bigint,
	t_end_gtid text,
	v_log_table text NOT NULL,
	b_processed boolean NOT NULL DEFAULT false,
	ts_processed timestamp with time zone,
	b_replayed boolean NOT NULL DEFAULT false,
	ts_replayed timestamp with time zone,
	ts_created timestamp with time zone NOT NULL DEFAULT clock_timestamp(),
	i_events bigint NOT NULL DEFAULT 0,
	i_replayed bigint NOT NULL DEFAULT 0,
	i_skipped bigint NOT NULL DEFAULT 0,
	i_ddl bigint NOT NULL DEFAULT 0,
	-- the replay cursor: every event of the batch up to this id is applied
	-- (or skipped, with a trace in t_discarded_rows)
	i_id_last_event bigint NOT NULL DEFAULT 0,
	-- the batch ends inside a source transaction that goes on in the
	-- source's next batch (a large transaction is stored in pieces, so
	-- that the replay applies one piece while the reader stores the next,
	-- all of them in ONE replay transaction); its end coordinates are not
	-- a resume point.  Pieces without their last batch (the reader
	-- stopped) are deleted when the reader starts again.
	b_continued boolean NOT NULL DEFAULT false
);
CREATE INDEX idx_replica_batch_pending ON sch_chameleon.t_replica_batch
	(i_id_source, i_id_batch) WHERE b_processed AND NOT b_replayed;
CREATE INDEX idx_replica_batch_replayed ON sch_chameleon.t_replica_batch
	(i_id_source, ts_replayed) WHERE b_replayed;

-- Parent of every source's log tables; it holds no rows itself.
CREATE TABLE sch_chameleon.t_log_replica (
	i_id_event bigserial NOT NULL,
	i_id_batch bigint NOT NULL,
	v_schema_name text NOT NULL,
	v_table_name text NOT NULL,
	enm_binlog_event text NOT NULL
		CHECK (enm_binlog_event IN ('insert', 'update', 'delete', 'ddl')),
	t_binlog_name text,
	i_binlog_position bigint,
	ts_event_datetime timestamp with time zone,
	jsb_event_after jsonb,
	jsb_event_before jsonb,
	t_query text,
	-- the source transaction's XID (version 2): the events of one source
	-- transaction, for diagnosis
	i_my_xid bigint
);

CREATE TABLE sch_chameleon.t_replica_tables (
	i_id_table serial PRIMARY KEY,
	i_id_source integer NOT NULL
		REFERENCES sch_chameleon.t_sources (i_id_source) ON DELETE CASCADE,
	v_schema_name text NOT NULL,
	v_table_name text NOT NULL,
	-- the columns that identify a row (the primary key); NULL or empty:
	-- none, updates and deletes match the whole before-image
	v_table_pkey text[],
	-- snapshot coordinates: the replay ignores the table's events up to
	-- here (sync-tables); NULL when the table is consistent
	t_binlog_file text,
	i_binlog_pos bigint,
	t_binlog_gtid text,
	b_enabled boolean NOT NULL DEFAULT true,
	ts_disabled timestamp with time zone,
	-- NUL bytes left out of the table's text values (version 4): PostgreSQL
	-- text cannot hold one.  Added by the snapshot and by the reader, in the
	-- transaction that stores the rows.
	i_nul_removed bigint NOT NULL DEFAULT 0,
	UNIQUE (i_id_source, v_schema_name, v_table_name)
);

CREATE TABLE sch_chameleon.t_error_log (
	i_id_error bigserial PRIMARY KEY,
	i_id_source integer,
	t_source text,
	i_id_batch bigint,
	i_id_event bigint,
	v_schema_name text,
	v_table_name text,
	enm_binlog_event text,
	v_sqlstate text,
	t_message text,
	t_detail text,
	jsb_event_after jsonb,
	jsb_event_before jsonb,
	t_query text,
	ts_error timestamp with time zone NOT NULL DEFAULT clock_timestamp()
);

CREATE TABLE sch_chameleon.t_discarded_rows (
	i_id_discarded bigserial PRIMARY KEY,
	i_id_source integer,
	i_id_batch bigint,
	i_id_event bigint,
	v_schema_name text,
	v_table_name text,
	enm_binlog_event text,
	jsb_event_after jsonb,
	jsb_event_before jsonb,
	t_query text,
	t_reason text NOT NULL,
	ts_discarded timestamp with time zone NOT NULL DEFAULT clock_timestamp()
);

-- One row per replay slice (version 2): which events of a batch one call
-- applied, and when; the trace behind rows/s in show-status.
CREATE TABLE sch_chameleon.t_batch_events (
	i_id_slice bigserial PRIMARY KEY,
	i_id_batch bigint NOT NULL
		REFERENCES sch_chameleon.t_replica_batch (i_id_batch) ON DELETE CASCADE,
	i_id_event_first bigint NOT NULL,
	i_id_event_last bigint NOT NULL,
	i_applied bigint NOT NULL,
	i_skipped bigint NOT NULL,
	i_ddl bigint NOT NULL,
	ts_applied timestamp with time zone NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX idx_batch_events_batch ON sch_chameleon.t_batch_events (i_id_batch);

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
