-- upgrade/1--2.sql — catalog version 1 to 2.
--
-- Released: never edit this file.  Runs in one transaction under the
-- catalog's advisory lock, followed by the later steps and the current
-- functions-N.sql (comment updated when version 3 came; the SQL is as
-- released).  The whole chain must equal a fresh install of the current
-- version: tests/integration/t-catalog compares pg_dump --schema-only.

-- the source transaction's XID; ALTER on the parent reaches every
-- source's log tables
ALTER TABLE sch_chameleon.t_log_replica ADD COLUMN i_my_xid bigint;

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

-- the run functions of version 2 take the run's source table: their
-- version 1 signatures go (the current functions-N.sql creates the new ones)
DROP FUNCTION sch_chameleon.fn_apply_run(regclass, text, text[], text, bigint, bigint, bigint, bigint[]);
DROP FUNCTION sch_chameleon.fn_apply_run_split(regclass, text, text[], text, bigint, bigint, bigint, bigint);

UPDATE sch_chameleon.t_version SET i_version = 2;
