-- functions-5.sql — the catalog's functions, version 5: source management
-- and the set-based replay.
--
-- Every function runs with search_path pg_catalog, pg_temp (version 4):
-- what a name means inside it never depends on the caller's session, where
-- a schema earlier in the path could define a same-named function,
-- operator or type.  Everything of sch_chameleon is named with its schema;
-- the replicated tables are named with theirs (format('%I.%I'), regclass
-- output, which then always carries the schema).  EXECUTE is revoked from
-- PUBLIC: only the catalog's owner (chameleon's role) runs them.
--
-- Loaded after catalog-5.sql, and once after the last step of an upgrade
-- (CREATE OR REPLACE: it replaces older versions' functions; an upgrade step
-- drops the functions whose signature changed).  Since version 2 the replay records every slice in t_batch_events, ends slices on source
-- transaction boundaries (i_my_xid), and forms runs per table: the replica
-- has no foreign keys until detach-replica, so within a slice the events of
-- different tables commute, and a table's events between two DDL events
-- become one statement per change of kind however they interleave with
-- other tables'.  The run functions take the run's source table (p_schema,
-- p_tab) because a run no longer spans a contiguous range of event ids.
--
-- The replay applies a source's stored events in source order.  Consecutive
-- events of one table and kind form a run, and a run is ONE statement:
--   INSERT ... SELECT n.* FROM log e, LATERAL jsonb_populate_record(NULL::t, after) n
--   UPDATE t SET (...) = ROW(n...) FROM log e, LATERAL ... n, LATERAL ... o WHERE t.key = o.key
--   DELETE FROM t USING log e, LATERAL ... o WHERE t.key = o.key
-- so PostgreSQL's own input functions convert the canonical text of every
-- value, and the cost per row is a join, not a statement.  Only the cases
-- a single statement cannot do right go one event at a time: an update run
-- whose events change a key another event of the run matches (a chain),
-- and keyless updates whose images chain the same way.
--
-- Version 3: between two DDL barriers of a slice, a table whose events form
-- several runs (kinds alternating, as in short mixed transactions) and whose
-- key is the replica's primary key is applied as its net change per key
-- (fn_apply_net): one statement, whatever the interleaving; when that would
-- not be what the events in order do, the runs go one by one as above.
-- Tables in t_fk_actions (the replica performs their foreign keys' actions)
-- are neither merged across other tables' events nor netted: their events
-- are applied in source order relative to each other.

CREATE OR REPLACE FUNCTION sch_chameleon.fn_add_source(p_source text, p_schema_mappings jsonb)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	v_id integer;
	v_tables text[];
	v_table text;
BEGIN
	IF p_source !~ '^[a-z0-9_]+$' OR length(p_source) > 32 THEN
		RAISE EXCEPTION 'invalid source name "%"', p_source
			USING ERRCODE = 'invalid_name',
			HINT = 'A source name is 1 to 32 characters from a-z, 0-9 and _.';
	END IF;
	IF EXISTS (SELECT 1 FROM sch_chameleon.t_sources WHERE t_source = p_source) THEN
		RAISE EXCEPTION 'source "%" already exists', p_source
			USING ERRCODE = 'duplicate_object';
	END IF;
	v_tables := ARRAY[format('t_log_replica_%s_1', p_source),
		format('t_log_replica_%s_2', p_source)];
	INSERT INTO sch_chameleon.t_sources (t_source, jsb_schema_mappings, v_log_table)
	VALUES (p_source, coalesce(p_schema_mappings, '{}'), v_tables)
	RETURNING i_id_source INTO v_id;
	FOREACH v_table IN ARRAY v_tables LOOP
		-- one index, the key (i_id_batch, i_id_event): every read of a log
		-- table names the batch.  (Log tables of sources added before
		-- version 3 also have PRIMARY KEY (i_id_event); a second index
		-- costs the reader's COPY a sixth of its time.)
		EXECUTE format('CREATE TABLE sch_chameleon.%I (PRIMARY KEY (i_id_batch, i_id_event)) '
			'INHERITS (sch_chameleon.t_log_replica)', v_table);
	END LOOP;
	RETURN v_id;
END
$fn$;

CREATE OR REPLACE FUNCTION sch_chameleon.fn_drop_source(p_source text)
RETURNS boolean
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	v_tables text[];
	v_table text;
BEGIN
	SELECT v_log_table INTO v_tables FROM sch_chameleon.t_sources
	WHERE t_source = p_source FOR UPDATE;
	IF NOT FOUND THEN
		RETURN false;
	END IF;
	FOREACH v_table IN ARRAY v_tables LOOP
		EXECUTE format('DROP TABLE IF EXISTS sch_chameleon.%I', v_table);
	END LOOP;
	-- the triggers that perform its foreign key actions would act on
	-- changes made to the tables from now on, like keys nobody asked for
	PERFORM sch_chameleon.fn_fk_triggers_drop(p_source);
	-- batches, replicated tables and foreign key actions go with the source
	-- (ON DELETE CASCADE); the error log and the discarded rows stay: they
	-- are the trace
	DELETE FROM sch_chameleon.t_sources WHERE t_source = p_source;
	RETURN true;
END
$fn$;

-- The condition matching target row d to the before-image of log row e on
-- the key columns: d.k = (e.jsb_event_before ->> 'k')::type, which reads
-- only the key out of the image (no typmod: a cast to varchar(n) would
-- truncate).  A key column the table lacks is an error naming it.
CREATE OR REPLACE FUNCTION sch_chameleon.fn_key_match(p_table regclass, p_keys text[])
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	v_match text;
	v_missing text;
BEGIN
	SELECT string_agg(format('d.%1$I = (e.jsb_event_before ->> %2$L)::%3$s', k.k, k.k,
		format_type(a.atttypid, -1)), ' AND ' ORDER BY k.ord),
		string_agg(k.k, ', ') FILTER (WHERE a.attname IS NULL)
	INTO v_match, v_missing
	FROM unnest(p_keys) WITH ORDINALITY AS k(k, ord)
	LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = p_table AND a.attname = k.k
		AND a.attnum > 0 AND NOT a.attisdropped;
	IF v_missing IS NOT NULL THEN
		RAISE EXCEPTION 'key column(s) % of table % do not exist', v_missing, p_table
			USING ERRCODE = 'undefined_column';
	END IF;
	RETURN v_match;
END
$fn$;

-- The columns of p_table that row image p_image carries, in table order
-- (generated columns excepted: PostgreSQL computes them).  A column the
-- image lacks keeps its default (insert) or its value (update).
CREATE OR REPLACE FUNCTION sch_chameleon.fn_image_columns(p_table regclass, p_image jsonb)
RETURNS text[]
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	v_cols text[];
BEGIN
	SELECT array_agg(a.attname::text ORDER BY a.attnum) INTO v_cols
	FROM pg_catalog.pg_attribute a
	WHERE a.attrelid = p_table AND a.attnum > 0 AND NOT a.attisdropped
		AND a.attgenerated = '' AND p_image ? a.attname;
	IF v_cols IS NULL THEN
		RAISE EXCEPTION 'no column of table % is in the row image', p_table
			USING ERRCODE = 'undefined_column';
	END IF;
	RETURN v_cols;
END
$fn$;

-- The value of JSON column p_col in the row image p_image (an SQL
-- expression of type jsonb), as an SQL expression of type jsonb: a JSON null
-- is SQL NULL, and the reader's {"$chm_json": doc} is the document doc (a
-- document that is the literal null, or an object whose only key is
-- "$chm_json": version 5), so that the stream keeps what the snapshot keeps.
CREATE OR REPLACE FUNCTION sch_chameleon.fn_image_json(p_image text, p_col text)
RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
	SELECT format('CASE jsonb_typeof(%1$s -> %2$L) WHEN ''null'' THEN NULL WHEN ''object'' THEN '
		'CASE WHEN (%1$s -> %2$L) ? ''$chm_json'' AND (%1$s -> %2$L) - ''$chm_json'' = ''{}''::jsonb '
		'THEN %1$s -> %2$L -> ''$chm_json'' ELSE %1$s -> %2$L END ELSE %1$s -> %2$L END',
		p_image, p_col)
$fn$;

-- The values of columns p_cols of p_table taken from the row image
-- p_image (an SQL expression of type jsonb), as an SQL select list in the
-- order of p_cols: each value extracted on its own, (img ->> 'c')::type,
-- which is what jsonb_populate_record(NULL::t, img) gives column c (the
-- type's input function on the value's text; a JSON null is NULL) at half
-- its cost, since no row of every column of t is built.  The cast is to the
-- type without its modifier (format_type(t, -1): "bit", not bit(1)): the
-- statement's assignment applies it, as the input function would
-- (varchar(n) too long is an error, not cut).
-- json and jsonb columns take the value itself (fn_image_json).
-- NULL when some column is of a type whose JSON form is not its text
-- (arrays, composites, domains over them): the caller then uses
-- fn_image_record_values.
CREATE OR REPLACE FUNCTION sch_chameleon.fn_image_values(p_table regclass, p_cols text[], p_image text)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	v_vals text;
	v_plain boolean;
BEGIN
	SELECT string_agg(CASE
			WHEN b.oid = 'jsonb'::regtype THEN sch_chameleon.fn_image_json(p_image, c.c)
			WHEN b.oid = 'json'::regtype THEN format('(%s)::%s', sch_chameleon.fn_image_json(p_image, c.c),
				format_type(a.atttypid, -1))
			ELSE format('(%s ->> %L)::%s', p_image, c.c, format_type(a.atttypid, -1)) END,
			', ' ORDER BY c.ord),
		bool_and(a.attname IS NOT NULL AND b.typtype IN ('b', 'e') AND b.typcategory <> 'A'
			AND (t.typtype <> 'd' OR t.typbasetype = b.oid))
	INTO v_vals, v_plain
	FROM unnest(p_cols) WITH ORDINALITY AS c(c, ord)
	LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = p_table AND a.attname = c.c
		AND a.attnum > 0 AND NOT a.attisdropped
	LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
	LEFT JOIN pg_catalog.pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END;
	RETURN CASE WHEN v_plain THEN v_vals END;
END
$fn$;

-- The select list of fn_image_values for a table where it cannot serve:
-- p_record.c, the column of jsonb_populate_record(NULL::t, img) p_record,
-- except json and jsonb columns, taken from the image p_image as
-- fn_image_values takes them (jsonb_populate_record makes a JSON null
-- document SQL NULL).
CREATE OR REPLACE FUNCTION sch_chameleon.fn_image_record_values(p_table regclass, p_cols text[],
	p_image text, p_record text)
RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
	SELECT string_agg(CASE
			WHEN b.oid IN ('jsonb'::regtype, 'json'::regtype) THEN
				format('(%s)::%s', sch_chameleon.fn_image_json(p_image, c.c), format_type(a.atttypid, -1))
			ELSE p_record || '.' || quote_ident(c.c) END,
			', ' ORDER BY c.ord)
	FROM unnest(p_cols) WITH ORDINALITY AS c(c, ord)
	LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = p_table AND a.attname = c.c
		AND a.attnum > 0 AND NOT a.attisdropped
	LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
	LEFT JOIN pg_catalog.pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
$fn$;

-- Builds and runs the statement for the events lo..hi of one run (or the
-- events named in p_ids, when not NULL).  Returns the number of target rows
-- the statement touched.  A slice is small beside the tables it changes:
-- the target's rows are found through its key index, one probe per event;
-- a hash or merge join would read the whole target table per statement,
-- which is what the planner picks once a run has some 50,000 events.
CREATE OR REPLACE FUNCTION sch_chameleon.fn_apply_run(p_table regclass, p_kind text, p_keys text[],
	p_log_table text, p_batch bigint, p_schema text, p_tab text, p_lo bigint, p_hi bigint, p_ids bigint[])
RETURNS bigint
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
SET enable_hashjoin = off
SET enable_mergejoin = off
SET enable_memoize = off
AS $fn$
DECLARE
	v_image jsonb;
	v_cols text[];
	v_list text;
	v_vals text;
	v_from text;
	v_match text;
	v_sql text;
	v_rows bigint;
BEGIN
	-- the columns the images carry, in table order; a column the image
	-- lacks keeps its default (insert) or its value (update)
	EXECUTE format('SELECT CASE WHEN $1 = ''delete'' THEN jsb_event_before ELSE jsb_event_after END '
		'FROM sch_chameleon.%I WHERE i_id_batch = $2 AND i_id_event BETWEEN $3 AND $4 '
		'AND v_schema_name = $6 AND v_table_name = $7 '
		'AND ($5 IS NULL OR i_id_event = ANY ($5)) ORDER BY i_id_event LIMIT 1', p_log_table)
	INTO v_image USING p_kind, p_batch, p_lo, p_hi, p_ids, p_schema, p_tab;
	v_cols := sch_chameleon.fn_image_columns(p_table, v_image);

	v_from := format('sch_chameleon.%I e', p_log_table);
	v_match := 'e.i_id_batch = $1 AND e.i_id_event BETWEEN $2 AND $3 '
		'AND e.v_schema_name = $5 AND e.v_table_name = $6 '
		'AND ($4 IS NULL OR e.i_id_event = ANY ($4))';

	IF p_kind IN ('insert', 'update') THEN
		-- the after-image's values: extracted per column, or through
		-- jsonb_populate_record (n) when some type needs it
		v_vals := sch_chameleon.fn_image_values(p_table, v_cols, 'e.jsb_event_after');
		IF v_vals IS NULL THEN
			v_vals := sch_chameleon.fn_image_record_values(p_table, v_cols, 'e.jsb_event_after', 'n');
			v_from := v_from || format(' CROSS JOIN LATERAL jsonb_populate_record(NULL::%s, e.jsb_event_after) n',
				p_table);
		END IF;
	END IF;
	IF p_kind = 'insert' THEN
		SELECT string_agg(quote_ident(c), ', ') INTO v_list FROM unnest(v_cols) c;
		v_sql := format('INSERT INTO %s AS d (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM %s '
			'WHERE %s ORDER BY e.i_id_event', p_table, v_list, v_vals, v_from, v_match);
	ELSIF p_kind = 'update' AND coalesce(cardinality(p_keys), 0) > 0 THEN
		SELECT string_agg(quote_ident(c), ', ') INTO v_list FROM unnest(v_cols) c;
		v_sql := format('UPDATE %s AS d SET (%s) = ROW(%s) FROM %s '
			'WHERE %s AND %s', p_table, v_list, v_vals, v_from, v_match,
			sch_chameleon.fn_key_match(p_table, p_keys));
	ELSIF p_kind = 'delete' AND coalesce(cardinality(p_keys), 0) > 0 THEN
		v_sql := format('DELETE FROM %s AS d USING %s WHERE %s AND %s', p_table, v_from, v_match,
			sch_chameleon.fn_key_match(p_table, p_keys));
	ELSE
		v_from := format('sch_chameleon.%I e', p_log_table);
		-- No key: each event takes one physical row equal to its before-image.
		-- Events with identical images take distinct rows: the k-th such
		-- event takes the k-th matching row (by ctid).
		v_sql := format('SELECT m.ctid AS chm_ctid, ev.chm_event FROM (SELECT e.i_id_event AS chm_event, '
			'row_number() OVER (PARTITION BY e.jsb_event_before ORDER BY e.i_id_event) AS chm_rn, '
			'e.jsb_event_before AS chm_img, o.* '
			'FROM %s CROSS JOIN LATERAL jsonb_populate_record(NULL::%s, e.jsb_event_before) o '
			'WHERE %s) ev CROSS JOIN LATERAL (SELECT x.ctid FROM %s x WHERE %s '
			'ORDER BY x.ctid OFFSET ev.chm_rn - 1 LIMIT 1) m',
			v_from, p_table, v_match, p_table,
			(SELECT string_agg(format('x.%I IS NOT DISTINCT FROM %s', c,
				sch_chameleon.fn_image_record_values(p_table, ARRAY[c], 'ev.chm_img', 'ev')), ' AND ')
			 FROM unnest(v_cols) c));
		IF p_kind = 'delete' THEN
			v_sql := format('DELETE FROM %s AS d WHERE d.ctid = ANY (ARRAY(SELECT chm_ctid FROM (%s) z))',
				p_table, v_sql);
		ELSE
			SELECT string_agg(quote_ident(c), ', ') INTO v_list FROM unnest(v_cols) c;
			v_match := sch_chameleon.fn_image_record_values(p_table, v_cols, 'e.jsb_event_after', 'n');
			v_sql := format('UPDATE %s AS d SET (%s) = ROW(%s) FROM (%s) z '
				'JOIN sch_chameleon.%I e ON e.i_id_event = z.chm_event AND e.i_id_batch = $1 '
				'CROSS JOIN LATERAL jsonb_populate_record(NULL::%s, e.jsb_event_after) n '
				'WHERE d.ctid = z.chm_ctid', p_table, v_list, v_match, v_sql, p_log_table, p_table);
		END IF;
	END IF;
	EXECUTE v_sql USING p_batch, p_lo, p_hi, p_ids, p_schema, p_tab;
	GET DIAGNOSTICS v_rows = ROW_COUNT;
	RETURN v_rows;
END
$fn$;

-- Applies one run of p_n events, splitting it where one statement cannot
-- apply it right.  Returns the number of target rows touched.
CREATE OR REPLACE FUNCTION sch_chameleon.fn_apply_run_split(p_table regclass, p_kind text, p_keys text[],
	p_log_table text, p_batch bigint, p_schema text, p_tab text, p_lo bigint, p_hi bigint, p_n bigint)
RETURNS bigint
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	v_keyed boolean := coalesce(cardinality(p_keys), 0) > 0;
	v_distinct boolean;
	v_keychange boolean;
	v_chain boolean;
	v_kb text;
	v_ka text;
	v_ids bigint[];
	v_rows bigint := 0;
BEGIN
	IF p_kind <> 'update' THEN
		RETURN sch_chameleon.fn_apply_run(p_table, p_kind, p_keys, p_log_table, p_batch, p_schema, p_tab, p_lo, p_hi, NULL);
	END IF;
	IF v_keyed THEN
		SELECT 'jsonb_build_array(' || string_agg(format('e.jsb_event_before -> %L', k), ', ') || ')',
			'jsonb_build_array(' || string_agg(format('e.jsb_event_after -> %L', k), ', ') || ')'
		INTO v_kb, v_ka FROM unnest(p_keys) k;
		-- The usual case, tried first: one statement.  Each target row is
		-- updated at most once per statement, and an event whose key was
		-- moved away or onto by an earlier event of the run matches either
		-- no row or a row another event matches: so exactly one row per
		-- event means the statement did what the events in order would.
		-- Otherwise roll back and split.
		BEGIN
			v_rows := sch_chameleon.fn_apply_run(p_table, p_kind, p_keys, p_log_table,
				p_batch, p_schema, p_tab, p_lo, p_hi, NULL);
			IF v_rows = p_n THEN
				RETURN v_rows;
			END IF;
			RAISE EXCEPTION 'split the run' USING ERRCODE = 'CH001';
		EXCEPTION WHEN SQLSTATE 'CH001' OR unique_violation THEN
			-- (a key moved onto one another event moves away can collide
			-- inside one statement: the split applies them in order)
			v_rows := 0;
		END;
		-- keychange: some event moves its row to another key
		EXECUTE format('SELECT coalesce(bool_or(%s), false) FROM sch_chameleon.%I e '
			'WHERE e.i_id_batch = $1 AND e.i_id_event BETWEEN $2 AND $3 AND e.v_schema_name = $4 AND e.v_table_name = $5',
			(SELECT string_agg(format('e.jsb_event_after -> %1$L IS DISTINCT FROM e.jsb_event_before -> %1$L', k),
				' OR ') FROM unnest(p_keys) k), p_log_table)
		INTO v_keychange USING p_batch, p_lo, p_hi, p_schema, p_tab;
		IF NOT v_keychange THEN
			-- rows updated several times (or missing): the k-th update of
			-- every row in one statement, k = 1, 2, ...
			FOR v_ids IN EXECUTE format('SELECT array_agg(id ORDER BY id) FROM (SELECT e.i_id_event AS id, '
				'row_number() OVER (PARTITION BY %s ORDER BY e.i_id_event) AS g FROM sch_chameleon.%I e '
				'WHERE e.i_id_batch = $1 AND e.i_id_event BETWEEN $2 AND $3 AND e.v_schema_name = $4 AND e.v_table_name = $5) z GROUP BY g ORDER BY g',
				v_kb, p_log_table) USING p_batch, p_lo, p_hi, p_schema, p_tab
			LOOP
				v_rows := v_rows + sch_chameleon.fn_apply_run(p_table, p_kind, p_keys, p_log_table,
					p_batch, p_schema, p_tab, p_lo, p_hi, v_ids);
			END LOOP;
			RETURN v_rows;
		END IF;
		-- keys move: one statement only when no two events match one row
		-- and no event moves a row onto a key another event matches
		EXECUTE format('SELECT count(*) = count(DISTINCT %s) FROM sch_chameleon.%I e '
			'WHERE e.i_id_batch = $1 AND e.i_id_event BETWEEN $2 AND $3 AND e.v_schema_name = $4 AND e.v_table_name = $5', v_kb, p_log_table)
		INTO v_distinct USING p_batch, p_lo, p_hi, p_schema, p_tab;
	ELSE
		-- keyless: identical images are fine (each event takes its own
		-- row), chains of images are not
		v_kb := 'e.jsb_event_before';
		v_ka := 'e.jsb_event_after';
		v_distinct := true;
	END IF;
	EXECUTE format('WITH x AS (SELECT %s AS kb, %s AS ka FROM sch_chameleon.%I e '
		'WHERE e.i_id_batch = $1 AND e.i_id_event BETWEEN $2 AND $3 AND e.v_schema_name = $4 AND e.v_table_name = $5) '
		'SELECT EXISTS (SELECT 1 FROM x x1 JOIN x x2 ON x1.ka = x2.kb AND x1.ka <> x1.kb)',
		v_kb, v_ka, p_log_table)
	INTO v_chain USING p_batch, p_lo, p_hi, p_schema, p_tab;
	IF v_distinct AND NOT v_chain THEN
		RETURN sch_chameleon.fn_apply_run(p_table, p_kind, p_keys, p_log_table, p_batch, p_schema, p_tab, p_lo, p_hi, NULL);
	END IF;
	-- rows that move onto keys (images) the run also matches: in order,
	-- one event at a time
	FOR v_ids IN EXECUTE format('SELECT ARRAY[i_id_event] FROM sch_chameleon.%I '
		'WHERE i_id_batch = $1 AND i_id_event BETWEEN $2 AND $3 AND v_schema_name = $4 AND v_table_name = $5 '
		'ORDER BY i_id_event', p_log_table)
		USING p_batch, p_lo, p_hi, p_schema, p_tab
	LOOP
		v_rows := v_rows + sch_chameleon.fn_apply_run(p_table, p_kind, p_keys, p_log_table,
			p_batch, p_schema, p_tab, v_ids[1], v_ids[1], NULL);
	END LOOP;
	RETURN v_rows;
END
$fn$;

-- Applies the events p_lo..p_hi of one table (all its events between two
-- DDL barriers of a slice, every kind) as their net change per key: each
-- key touched ends either deleted or with the after-image of the last
-- event that touched it, so the whole range is ONE statement (a DELETE of
-- the keys that end deleted, an UPDATE of those the target has and an
-- INSERT of the others, as data-modifying CTEs of one query), whatever the
-- interleaving of kinds.  Only for a table whose key (p_keys) is its primary key.
--
-- A touch is what an event does to one key: an insert expects the key
-- absent and leaves it present; a delete the reverse; an update that keeps
-- its key expects and leaves it present; an update that moves its key
-- touches the old key (present -> absent) and the new one (absent ->
-- present).  The net change is what the events in order would do only when
-- each key's touches chain (each expects what the one before left) and the
-- target agrees with the first: the key is there exactly when the first
-- touch expects it.  Otherwise (a duplicate insert, an update of a missing
-- row, ...) this raises SQLSTATE CH002 and the caller rolls back to its
-- savepoint and applies the range run by run, which reports those cases as
-- it always did.
CREATE OR REPLACE FUNCTION sch_chameleon.fn_apply_net(p_table regclass, p_keys text[],
	p_log_table text, p_batch bigint, p_schema text, p_tab text, p_lo bigint, p_hi bigint)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
SET enable_hashjoin = off
SET enable_mergejoin = off
SET enable_memoize = off
AS $fn$
DECLARE
	v_image jsonb;
	v_cols text[];
	v_kb text;
	v_ka text;
	v_kl text;
	v_moved text;
	v_match text;
	v_list text;
	v_vals text;
	v_from text;
	v_sql text;
	v_bad bigint;
BEGIN
	EXECUTE format('SELECT jsb_event_after FROM sch_chameleon.%I WHERE i_id_batch = $1 '
		'AND i_id_event BETWEEN $2 AND $3 AND v_schema_name = $4 AND v_table_name = $5 '
		'AND jsb_event_after IS NOT NULL ORDER BY i_id_event LIMIT 1', p_log_table)
	INTO v_image USING p_batch, p_lo, p_hi, p_schema, p_tab;
	-- the key, typed, from either image: chm_b1.. (before), chm_a1.. (after)
	SELECT string_agg(format('(e.jsb_event_before ->> %L)::%s AS chm_b%s', k.k,
			format_type(a.atttypid, -1), k.ord), ', ' ORDER BY k.ord),
		string_agg(format('(e.jsb_event_after ->> %L)::%s AS chm_a%s', k.k,
			format_type(a.atttypid, -1), k.ord), ', ' ORDER BY k.ord),
		string_agg('chm_k' || k.ord, ', ' ORDER BY k.ord),
		string_agg(format('d.%I = x.chm_k%s', k.k, k.ord), ' AND ' ORDER BY k.ord),
		'ROW(' || string_agg('chm_b' || k.ord, ', ' ORDER BY k.ord) || ') IS DISTINCT FROM ROW('
			|| string_agg('chm_a' || k.ord, ', ' ORDER BY k.ord) || ')'
	INTO v_kb, v_ka, v_kl, v_match, v_moved
	FROM unnest(p_keys) WITH ORDINALITY AS k(k, ord)
	JOIN pg_catalog.pg_attribute a ON a.attrelid = p_table AND a.attname = k.k
		AND a.attnum > 0 AND NOT a.attisdropped;
	IF v_kb IS NULL OR array_length(string_to_array(v_kl, ', '), 1) <> cardinality(p_keys) THEN
		RAISE EXCEPTION 'key column(s) % of table % do not exist', p_keys, p_table
			USING ERRCODE = 'undefined_column';
	END IF;

	-- e: the events with both keys; t: their touches; w: each touch with
	-- what the touch before it on that key left, and the key's first
	-- expectation; x: per key, the last touch: present or not, its image
	v_sql := format('WITH e AS MATERIALIZED (SELECT e.i_id_event AS id, e.enm_binlog_event AS kind, '
		'e.jsb_event_after AS img, %s, %s FROM sch_chameleon.%I e WHERE e.i_id_batch = $1 '
		'AND e.i_id_event BETWEEN $2 AND $3 AND e.v_schema_name = $4 AND e.v_table_name = $5), '
		't AS (SELECT id, kind <> ''insert'' AS expect, kind = ''update'' AND NOT (%s) AS result, '
		'CASE WHEN kind = ''update'' AND NOT (%4$s) THEN img END AS img, %s FROM e WHERE kind <> ''insert'' '
		'UNION ALL SELECT id, false, true, img, %s FROM e WHERE kind = ''insert'' '
		'OR (kind = ''update'' AND %4$s)), '
		'w AS (SELECT t.*, lag(result) OVER k AS prev, first_value(expect) OVER k AS first_expect, '
		'lead(id) OVER k IS NULL AS last FROM t WINDOW k AS (PARTITION BY %7$s ORDER BY id)), '
		'x AS (SELECT %7$s, result AS present, img, first_expect AS expect FROM w WHERE last), ',
		v_kb, v_ka, p_log_table, v_moved,
		(SELECT string_agg(format('chm_b%1$s AS chm_k%1$s', o), ', ') FROM generate_series(1, cardinality(p_keys)) o),
		(SELECT string_agg(format('chm_a%1$s AS chm_k%1$s', o), ', ') FROM generate_series(1, cardinality(p_keys)) o),
		v_kl);
	-- del: the keys there before that end deleted; upd: those there before
	-- that end present; ins: those not there before that end present (a
	-- key that is there after all fails the insert: unique_violation)
	v_sql := v_sql || format('del AS (DELETE FROM %s AS d USING x WHERE NOT x.present AND x.expect AND %s '
		'RETURNING 1) ', p_table, v_match);
	IF v_image IS NOT NULL THEN
		v_cols := sch_chameleon.fn_image_columns(p_table, v_image);
		SELECT string_agg(quote_ident(c), ', ') INTO v_list FROM unnest(v_cols) c;
		v_vals := sch_chameleon.fn_image_values(p_table, v_cols, 'x.img');
		IF v_vals IS NOT NULL THEN
			v_from := 'x';
		ELSE
			v_vals := sch_chameleon.fn_image_record_values(p_table, v_cols, 'x.img', 'n');
			v_from := format('x CROSS JOIN LATERAL jsonb_populate_record(NULL::%s, x.img) n', p_table);
		END IF;
		v_sql := v_sql || format(', upd AS (UPDATE %s AS d SET (%s) = ROW(%s) FROM %s '
			'WHERE x.present AND x.expect AND %s '
			'RETURNING 1), ins AS (INSERT INTO %1$s AS d (%2$s) OVERRIDING SYSTEM VALUE SELECT %3$s '
			'FROM %4$s WHERE x.present AND NOT x.expect) ',
			p_table, v_list, v_vals, v_from, v_match);
	ELSE
		v_sql := v_sql || ', upd AS (SELECT 1 WHERE false) ';
	END IF;
	-- what is wrong: touches that do not chain; keys expected and not
	-- deleted or updated (missing); keys inserted and deleted in the range
	-- that the target had before (the insert would have failed).  The main
	-- query sees the target as it was before the statement: one snapshot
	-- for all the parts.
	v_sql := v_sql || format('SELECT (SELECT count(*) FROM w WHERE prev <> expect) '
		'+ (SELECT count(*) FROM x WHERE x.expect) - (SELECT count(*) FROM del) - (SELECT count(*) FROM upd) '
		'+ (SELECT count(*) FROM x WHERE NOT x.present AND NOT x.expect '
		'AND EXISTS (SELECT 1 FROM %s d WHERE %s))', p_table, v_match);
	EXECUTE v_sql INTO v_bad USING p_batch, p_lo, p_hi, p_schema, p_tab;
	IF v_bad <> 0 THEN
		RAISE EXCEPTION 'the net change of events %..% of % is not what the events in order would do',
			p_lo, p_hi, p_table USING ERRCODE = 'CH002';
	END IF;
END
$fn$;

-- PostgreSQL's name for a MySQL name (src/common/pgname.h, the same rule):
-- a name of more than 63 bytes, which PostgreSQL would cut, becomes its
-- first 54 bytes (never inside a UTF-8 character), '_' and the 8 hex
-- digits of the FNV-1a hash of the whole name.  The catalog keeps source
-- table names; the replay names the table through this.
CREATE OR REPLACE FUNCTION sch_chameleon.fn_pg_name(p_name text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	v_b bytea := convert_to(p_name, 'UTF8');
	v_h bigint := 2166136261;
	v_cut integer := 54;
BEGIN
	IF octet_length(v_b) <= 63 THEN
		RETURN p_name;
	END IF;
	FOR i IN 0 .. octet_length(v_b) - 1 LOOP
		v_h := ((v_h # get_byte(v_b, i)) * 16777619) % 4294967296;
	END LOOP;
	WHILE v_cut > 0 AND (get_byte(v_b, v_cut) & 192) = 128 LOOP
		v_cut := v_cut - 1;
	END LOOP;
	RETURN convert_from(substring(v_b FROM 1 FOR v_cut), 'UTF8') || '_' || lpad(to_hex(v_h), 8, '0');
END
$fn$;

-- fn_pg_name of each element, in order.
CREATE OR REPLACE FUNCTION sch_chameleon.fn_pg_names(p_names text[])
RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT
SET search_path = pg_catalog, pg_temp
AS $fn$
	SELECT coalesce(array_agg(sch_chameleon.fn_pg_name(n) ORDER BY o), '{}')
	FROM unnest(p_names) WITH ORDINALITY AS u(n, o)
$fn$;

-- Applies the oldest stored events of a source, at most p_max_rows, in
-- source order, and records them applied, all in the caller's transaction.
-- p_on_error: 'exit' raises the first error (naming the table and the
-- event); 'continue' writes it to t_error_log, disables that table and
-- goes on.  Events of a disabled table are copied to t_discarded_rows and
-- counted as skipped.  An event failing with SQLSTATE CH010 (the reader's
-- record of input it refused) disables its table under 'exit' too.  Replayed batches older than p_retention are removed.
CREATE OR REPLACE FUNCTION sch_chameleon.fn_replay(p_source text, p_max_rows integer,
	p_on_error text DEFAULT 'exit', p_retention interval DEFAULT NULL,
	OUT applied bigint, OUT skipped bigint, OUT ddl bigint, OUT errors bigint,
	OUT more boolean)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	v_src sch_chameleon.t_sources%ROWTYPE;
	v_batch sch_chameleon.t_replica_batch%ROWTYPE;
	v_remaining bigint := p_max_rows;
	v_run record;
	v_tab record;
	v_keys text[];
	v_target regclass;
	v_tschema text;
	v_lo bigint;
	v_n bigint;
	v_slice bigint;
	v_last bigint;
	v_rows bigint;
	v_b_applied bigint;
	v_b_skipped bigint;
	v_b_ddl bigint;
	v_fail bigint;
	v_ev record;
	v_state text;
	v_msg text;
	v_detail text;
	v_ts timestamp with time zone;
	v_discard text;
	v_nth bigint;
	v_xid bigint;
	v_nxid bigint;
	v_cut bigint;
	v_lo_excl bigint;
	v_hi_incl bigint;
	v_lim bigint;
	v_pass_n bigint;
	v_exhausted boolean;
	v_strict jsonb;
	v_runs text;
	v_one record;
	v_mixed boolean;
	v_chain boolean := false; -- inside a source transaction stored in pieces
	v_prev bigint;            -- its last piece applied
	v_wait timestamp with time zone;
	v_done boolean := false;  -- a batch was worked on by this call
	v_net_done bigint[]; -- groups applied as net change, by first event
	v_net_ok boolean;
	v_snapped boolean;
BEGIN
	applied := 0; skipped := 0; ddl := 0; errors := 0; more := false;
	IF p_on_error NOT IN ('exit', 'continue') THEN
		RAISE EXCEPTION 'on_error_replay must be exit or continue, not "%"', p_on_error
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	SELECT * INTO v_src FROM sch_chameleon.t_sources WHERE t_source = p_source;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'source "%" is not in the catalog', p_source
			USING ERRCODE = 'undefined_object';
	END IF;
	IF NOT pg_try_advisory_xact_lock(1667788108, v_src.i_id_source) THEN
		RAISE EXCEPTION 'another replay of source "%" is running', p_source
			USING ERRCODE = 'lock_not_available';
	END IF;

	-- A source transaction stored in pieces (batches marked b_continued, then
	-- its last batch) is applied whole in this call, whatever p_max_rows: the
	-- caller commits only complete source transactions.  The pieces come
	-- while the reader stores the rest: wait for each (a new snapshot per
	-- statement shows it).  When the rest does not come (the reader stopped,
	-- or deleted the pieces to read the transaction again), give up with
	-- lock_not_available: the caller rolls back and tries again later.
	-- A chain starts only in a call that has applied nothing yet, so that
	-- while it waits it holds no lock the reader may need (t_sources).
	<<batches>>
	WHILE v_remaining > 0 OR v_chain LOOP
		SELECT * INTO v_batch FROM sch_chameleon.t_replica_batch b
		WHERE b.i_id_source = v_src.i_id_source AND b.b_processed AND NOT b.b_replayed
			AND (NOT v_chain OR EXISTS (SELECT 1 FROM sch_chameleon.t_replica_batch p
				WHERE p.i_id_batch = v_prev))
		ORDER BY b.i_id_batch LIMIT 1
		-- locked: a reader deletes unfinished pieces (src/pg/logwriter.c,
		-- pg_log_drop_pieces) either before this or after this transaction
		FOR UPDATE OF b;
		IF NOT FOUND THEN
			EXIT batches WHEN NOT v_chain;
			v_wait := coalesce(v_wait, clock_timestamp());
			-- the reader holds this session lock while it is connected
			-- (src/replica/reader.c): when it is free, no piece will come
			IF pg_try_advisory_lock(1667788110, v_src.i_id_source) THEN
				PERFORM pg_advisory_unlock(1667788110, v_src.i_id_source);
				v_wait := clock_timestamp() - interval '1 day';
			END IF;
			IF NOT EXISTS (SELECT 1 FROM sch_chameleon.t_replica_batch WHERE i_id_batch = v_prev)
				OR clock_timestamp() - v_wait > interval '30 seconds'
			THEN
				RAISE EXCEPTION 'the rest of the source transaction stored in pieces up to batch % did not come', v_prev
					USING ERRCODE = 'lock_not_available';
			END IF;
			PERFORM pg_sleep(0.005);
			CONTINUE batches;
		END IF;
		v_wait := NULL;
		EXIT batches WHEN v_batch.b_continued AND NOT v_chain AND v_done;
		v_done := true;
		v_chain := v_batch.b_continued;
		v_prev := v_batch.i_id_batch;
		v_slice := 0; v_b_applied := 0; v_b_skipped := 0; v_b_ddl := 0;
		v_last := v_batch.i_id_last_event;
		-- copies the run's events $2..$3 to t_discarded_rows with reason $5
		v_discard := format('INSERT INTO sch_chameleon.t_discarded_rows (i_id_source, i_id_batch, '
			'i_id_event, v_schema_name, v_table_name, enm_binlog_event, jsb_event_after, '
			'jsb_event_before, t_query, t_reason) SELECT $4, i_id_batch, i_id_event, v_schema_name, '
			'v_table_name, enm_binlog_event, jsb_event_after, jsb_event_before, t_query, '
			'CASE WHEN i_id_event = $2 THEN $5 ELSE $6 END FROM sch_chameleon.%I '
			'WHERE i_id_batch = $1 AND i_id_event BETWEEN $2 AND $3 AND v_schema_name = $7 '
			'AND v_table_name = $8', v_batch.v_log_table);

		-- The slice: v_remaining events, then, when the source transaction
		-- of the last one goes on, the rest of that transaction (a second
		-- pass), so that the replica only shows states the source
		-- committed.  Bounds: events in (v_lo_excl, v_hi_incl], at most
		-- v_lim (NULL: all); plain bounds, so that they are index conditions.
		v_lo_excl := v_batch.i_id_last_event;
		v_hi_incl := 9223372036854775807;
		v_lim := greatest(v_remaining, 1);
		v_exhausted := false;
		IF v_batch.b_continued THEN
			-- a piece is applied whole in this call anyway: in one pass
			v_lim := NULL;
			v_exhausted := true;
		END IF;
		<<passes>>
		LOOP
			v_pass_n := 0;
			v_net_done := NULL;
			-- tables whose events stay in source order relative to each
			-- other: the replica performs their foreign keys' actions
			-- (t_fk_actions, replica names), which are right only in that
			-- order.  Read per pass, since a replayed DDL changes the list;
			-- and after a DDL event of the slice every table is kept in
			-- order (seg > 0 below), since the list may change under it.
			SELECT coalesce(jsonb_agg(DISTINCT jsonb_build_array(z.s, z.t)), '[]') INTO v_strict
			FROM (SELECT f.v_schema_name AS s, f.v_table_name AS t FROM sch_chameleon.t_fk_actions f
				WHERE f.i_id_source = v_src.i_id_source
				UNION SELECT f.v_ref_schema_name, f.v_ref_table_name FROM sch_chameleon.t_fk_actions f
				WHERE f.i_id_source = v_src.i_id_source) z;
			-- The runs of the slice.  DDL events are barriers (seg counts them);
			-- between two barriers each table's events, in order, are cut
			-- where their kind changes, and each piece is a run.  Runs come in
			-- barrier order, then by first event: a table's runs stay in order.
			-- First the pieces of consecutive events (one pass in event order,
			-- no sort), then the pieces of one table merged (a sort of pieces,
			-- not of events: one table's slice is one piece).  The pieces of a
			-- strict table (v_strict) are not merged: runs by first event keep
			-- the strict tables' events in source order between them.
			-- g*: the table's whole group of runs between two barriers (its
			-- DDL apart: a barrier is the first event of its segment), which
			-- the net-change path applies at once (fn_apply_net).
			-- The usual bulk slice first: when every event of it is of one
			-- table and one kind (not DDL), it is one run, found with one
			-- scan that stops at the first other event and one count,
			-- without the windows of the general query below (which cost
			-- more than applying the run's rows does).
			v_mixed := true;
			EXECUTE format('SELECT v_schema_name, v_table_name, enm_binlog_event FROM sch_chameleon.%I '
				'WHERE i_id_batch = $1 AND i_id_event > $2 AND i_id_event <= $3 ORDER BY i_id_event LIMIT 1',
				v_batch.v_log_table)
			INTO v_one USING v_batch.i_id_batch, v_lo_excl, v_hi_incl;
			IF v_one.enm_binlog_event IS NOT NULL AND v_one.enm_binlog_event <> 'ddl' THEN
				EXECUTE format('SELECT EXISTS (SELECT 1 FROM (SELECT v_schema_name, v_table_name, enm_binlog_event '
					'FROM sch_chameleon.%I WHERE i_id_batch = $1 AND i_id_event > $2 AND i_id_event <= $3 '
					'ORDER BY i_id_event LIMIT $4) z WHERE (v_schema_name, v_table_name, enm_binlog_event) '
					'IS DISTINCT FROM ($5, $6, $7))', v_batch.v_log_table)
				INTO v_mixed USING v_batch.i_id_batch, v_lo_excl, v_hi_incl, v_lim, v_one.v_schema_name,
					v_one.v_table_name, v_one.enm_binlog_event;
			END IF;
			IF NOT v_mixed THEN
				v_runs := format('SELECT v_schema_name, v_table_name, enm_binlog_event AS kind, 0::bigint AS seg, '
					'min(i_id_event) AS lo, max(i_id_event) AS hi, count(*) AS n, '
					'$5 <> ''[]'' AND $5 @> jsonb_build_array(jsonb_build_array('
					'coalesce($6 ->> v_schema_name, v_schema_name), v_table_name)) AS is_strict, '
					'min(i_id_event) AS glo, max(i_id_event) AS ghi, count(*) AS gn, 1::bigint AS gruns, '
					'false AS gddl FROM (SELECT i_id_event, v_schema_name, v_table_name, enm_binlog_event '
					'FROM sch_chameleon.%I WHERE i_id_batch = $1 AND i_id_event > $2 AND i_id_event <= $3 '
					'ORDER BY i_id_event LIMIT $4) z GROUP BY v_schema_name, v_table_name, enm_binlog_event',
					v_batch.v_log_table);
			ELSE
				v_runs := format('WITH ev AS (SELECT i_id_event, v_schema_name, v_table_name, '
					'enm_binlog_event FROM sch_chameleon.%I WHERE i_id_batch = $1 AND i_id_event > $2 '
					'AND i_id_event <= $3 ORDER BY i_id_event LIMIT $4), '
					'a AS (SELECT *, CASE WHEN (v_schema_name, v_table_name, enm_binlog_event) IS NOT DISTINCT FROM '
					'(lag(v_schema_name) OVER w, lag(v_table_name) OVER w, lag(enm_binlog_event) OVER w) '
					'THEN 0 ELSE 1 END AS brk, CASE WHEN enm_binlog_event = ''ddl'' THEN 1 ELSE 0 END AS isddl '
					'FROM ev WINDOW w AS (ORDER BY i_id_event)), '
					'b AS (SELECT *, sum(brk) OVER w AS piece, sum(isddl) OVER w AS seg FROM a '
					'WINDOW w AS (ORDER BY i_id_event)), '
					'p AS (SELECT seg, piece, v_schema_name, v_table_name, enm_binlog_event, min(i_id_event) AS lo, '
					'max(i_id_event) AS hi, count(*) AS n FROM b '
					'GROUP BY seg, piece, v_schema_name, v_table_name, enm_binlog_event), '
					'ps AS (SELECT *, seg > 0 OR ($5 <> ''[]'' AND $5 @> jsonb_build_array(jsonb_build_array('
					'coalesce($6 ->> v_schema_name, v_schema_name), v_table_name))) AS strict FROM p), '
					'q AS (SELECT *, CASE WHEN NOT strict AND enm_binlog_event = lag(enm_binlog_event) OVER w '
					'THEN 0 ELSE 1 END AS brk FROM ps WINDOW w AS (PARTITION BY seg, v_schema_name, v_table_name ORDER BY lo)), '
					'r AS (SELECT *, sum(brk) OVER (PARTITION BY seg, v_schema_name, v_table_name ORDER BY lo) '
					'AS grp FROM q) '
					'SELECT v_schema_name, v_table_name, enm_binlog_event AS kind, seg, min(lo) AS lo, '
					'max(hi) AS hi, sum(n)::bigint AS n, bool_or(strict) AS is_strict, '
					'min(min(lo)) OVER g AS glo, max(max(hi)) OVER g AS ghi, sum(sum(n)) OVER g ::bigint AS gn, '
					'count(*) OVER g AS gruns, bool_or(bool_or(enm_binlog_event = ''ddl'')) OVER g AS gddl FROM r '
					'GROUP BY seg, v_schema_name, v_table_name, grp, enm_binlog_event '
					'WINDOW g AS (PARTITION BY seg, v_schema_name, v_table_name, enm_binlog_event = ''ddl'') '
					'ORDER BY seg, lo',
					v_batch.v_log_table);
			END IF;
			FOR v_run IN EXECUTE v_runs
				USING v_batch.i_id_batch, v_lo_excl, v_hi_incl, v_lim, v_strict, v_src.jsb_schema_mappings
			LOOP
				v_slice := v_slice + v_run.n;
				v_pass_n := v_pass_n + v_run.n;
				v_last := greatest(v_last, v_run.hi);
				v_lo := v_run.lo;
				v_n := v_run.n;
				v_target := NULL;
				v_tschema := coalesce(v_src.jsb_schema_mappings ->> v_run.v_schema_name, v_run.v_schema_name);
				v_snapped := false;
				IF v_run.gruns > 1 AND v_run.lo <> v_run.glo AND v_run.glo = ANY (v_net_done) THEN
					CONTINUE; -- applied with the first run of its group
				END IF;
				SELECT * INTO v_tab FROM sch_chameleon.t_replica_tables
				WHERE i_id_source = v_src.i_id_source AND v_schema_name = v_run.v_schema_name
					AND v_table_name = v_run.v_table_name;

				IF FOUND AND NOT v_tab.b_enabled THEN
					EXECUTE v_discard USING v_batch.i_id_batch, v_lo, v_run.hi, v_src.i_id_source,
						'table disabled', 'table disabled', v_run.v_schema_name, v_run.v_table_name;
					v_b_skipped := v_b_skipped + v_n;
					CONTINUE;
				END IF;

				IF FOUND AND v_tab.t_binlog_file IS NOT NULL THEN
					-- the table was copied at its own coordinates: its events up
					-- to there are in the copy already
					EXECUTE format('SELECT max(i_id_event) FROM sch_chameleon.%I WHERE i_id_batch = $1 '
						'AND i_id_event BETWEEN $2 AND $3 '
						-- binlog names of one server differ only in their zero-padded
						-- number, which grows a digit after 999999: longer is later
						'AND (length(t_binlog_name), t_binlog_name, i_binlog_position) <= (length($4), $4, $5) '
						'AND v_schema_name = $6 AND v_table_name = $7', v_batch.v_log_table)
					INTO v_fail USING v_batch.i_id_batch, v_lo, v_run.hi, v_tab.t_binlog_file, v_tab.i_binlog_pos,
						v_run.v_schema_name, v_run.v_table_name;
					IF v_fail IS NOT NULL THEN
						EXECUTE v_discard USING v_batch.i_id_batch, v_lo, v_fail, v_src.i_id_source,
							'before the table snapshot', 'before the table snapshot', v_run.v_schema_name,
							v_run.v_table_name;
						GET DIAGNOSTICS v_rows = ROW_COUNT;
						v_b_skipped := v_b_skipped + v_rows;
						v_n := v_n - v_rows;
						IF v_n = 0 THEN
							CONTINUE;
						END IF;
						EXECUTE format('SELECT min(i_id_event) FROM sch_chameleon.%I WHERE i_id_batch = $1 '
							'AND i_id_event BETWEEN $2 AND $3 AND v_schema_name = $4 AND v_table_name = $5',
							v_batch.v_log_table)
						INTO v_lo USING v_batch.i_id_batch, v_fail + 1, v_run.hi, v_run.v_schema_name,
							v_run.v_table_name;
					END IF;
					UPDATE sch_chameleon.t_replica_tables SET t_binlog_file = NULL, i_binlog_pos = NULL,
						t_binlog_gtid = NULL WHERE i_id_table = v_tab.i_id_table;
					v_snapped := true;
				END IF;

				IF v_run.kind <> 'ddl' THEN
					v_target := to_regclass(format('%I.%I', v_tschema, sch_chameleon.fn_pg_name(v_run.v_table_name)));
					v_keys := CASE WHEN v_tab.i_id_table IS NOT NULL AND v_tab.v_table_pkey IS NOT NULL
						THEN v_tab.v_table_pkey ELSE sch_chameleon.fn_table_key(v_target) END;
				END IF;

				-- The net-change path: the first run of a table's group of
				-- several runs (kinds alternating) applies the whole group as
				-- its net change per key, in a subtransaction; when that is not
				-- what the events in order would do, or fails, the group goes
				-- run by run below, as it always did.  Not for keyless tables,
				-- keys other than the replica's primary key (one row per key),
				-- strict tables, a group cut by the table's snapshot.
				IF v_run.kind <> 'ddl' AND v_run.gruns > 1 AND NOT v_run.is_strict AND NOT v_run.gddl
					AND v_run.lo = v_run.glo AND NOT v_snapped AND v_target IS NOT NULL
					AND cardinality(v_keys) > 0
					AND (SELECT array_agg(k ORDER BY k) FROM unnest(v_keys) k)
						= (SELECT array_agg(k ORDER BY k) FROM unnest(sch_chameleon.fn_table_key(v_target)) k)
				THEN
					BEGIN
						PERFORM sch_chameleon.fn_apply_net(v_target, v_keys, v_batch.v_log_table,
							v_batch.i_id_batch, v_run.v_schema_name, v_run.v_table_name, v_run.glo, v_run.ghi);
						v_net_ok := true;
					EXCEPTION WHEN OTHERS THEN
						GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT;
						RAISE DEBUG 'replay of %.%, events %..%: run by run (%: %)', v_run.v_schema_name,
							v_run.v_table_name, v_run.glo, v_run.ghi, v_state, v_msg;
						v_net_ok := false;
					END;
					IF v_net_ok THEN
						v_b_applied := v_b_applied + v_run.gn;
						v_net_done := v_net_done || v_run.glo;
						CONTINUE;
					END IF;
				END IF;
				BEGIN
					IF v_run.kind = 'ddl' THEN
						FOR v_ev IN EXECUTE format('SELECT t_query FROM sch_chameleon.%I WHERE i_id_batch = $1 '
							'AND i_id_event BETWEEN $2 AND $3 AND v_schema_name = $4 AND v_table_name = $5 '
							'ORDER BY i_id_event', v_batch.v_log_table)
							USING v_batch.i_id_batch, v_lo, v_run.hi, v_run.v_schema_name, v_run.v_table_name
						LOOP
							EXECUTE v_ev.t_query;
						END LOOP;
						v_b_ddl := v_b_ddl + v_n;
					ELSE
						IF v_target IS NULL THEN
							RAISE EXCEPTION 'table %.% does not exist',
								quote_ident(v_tschema), quote_ident(v_run.v_table_name)
								USING ERRCODE = 'undefined_table';
						END IF;
						v_rows := sch_chameleon.fn_apply_run_split(v_target, v_run.kind, v_keys,
							v_batch.v_log_table, v_batch.i_id_batch, v_run.v_schema_name, v_run.v_table_name,
							v_lo, v_run.hi, v_n);
						v_b_applied := v_b_applied + v_n;
						IF v_rows < v_n THEN
							-- the replica lacks rows the source had: say so, go on
							INSERT INTO sch_chameleon.t_error_log (i_id_source, t_source, i_id_batch, i_id_event,
								v_schema_name, v_table_name, enm_binlog_event, v_sqlstate, t_message)
							VALUES (v_src.i_id_source, p_source, v_batch.i_id_batch, v_lo, v_run.v_schema_name,
								v_run.v_table_name, v_run.kind, '02000',
								format('%s of %s %s events (events %s..%s) matched no row of %s',
									v_n - v_rows, v_n, v_run.kind, v_lo, v_run.hi, v_target));
						END IF;
					END IF;
				EXCEPTION WHEN OTHERS THEN
					-- the run is rolled back; find the failing event by applying
					-- the run again one event at a time, each in a subtransaction
					v_fail := NULL;
					FOR v_ev IN EXECUTE format('SELECT * FROM sch_chameleon.%I WHERE i_id_batch = $1 '
						'AND i_id_event BETWEEN $2 AND $3 AND v_schema_name = $4 AND v_table_name = $5 '
						'ORDER BY i_id_event', v_batch.v_log_table)
						USING v_batch.i_id_batch, v_lo, v_run.hi, v_run.v_schema_name, v_run.v_table_name
					LOOP
						BEGIN
							IF v_run.kind = 'ddl' THEN
								EXECUTE v_ev.t_query;
								v_b_ddl := v_b_ddl + 1;
							ELSE
								IF v_target IS NULL THEN
									RAISE EXCEPTION 'table %.% does not exist',
										quote_ident(v_tschema), quote_ident(v_run.v_table_name)
										USING ERRCODE = 'undefined_table';
								END IF;
								PERFORM sch_chameleon.fn_apply_run(v_target, v_run.kind, v_keys,
									v_batch.v_log_table, v_batch.i_id_batch, v_run.v_schema_name,
									v_run.v_table_name, v_ev.i_id_event, v_ev.i_id_event, NULL);
								v_b_applied := v_b_applied + 1;
							END IF;
						EXCEPTION WHEN OTHERS THEN
							GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT,
								v_detail = PG_EXCEPTION_DETAIL;
							v_fail := v_ev.i_id_event;
						END;
						EXIT WHEN v_fail IS NOT NULL;
					END LOOP;
					IF v_fail IS NOT NULL THEN
						-- CH010: the reader stored this in place of input it could not
						-- take (src/replica/reader.c, table_refused): the table stops,
						-- the others go on, whatever on_error_replay says
						IF p_on_error = 'exit' AND v_state <> 'CH010' THEN
							RAISE EXCEPTION 'replay of %.% failed at event % (batch %, %): %',
								v_run.v_schema_name, v_run.v_table_name, v_fail, v_batch.i_id_batch,
								v_run.kind, v_msg
								USING ERRCODE = v_state, DETAIL = coalesce(v_detail, '');
						END IF;
						errors := errors + 1;
						INSERT INTO sch_chameleon.t_error_log (i_id_source, t_source, i_id_batch, i_id_event,
							v_schema_name, v_table_name, enm_binlog_event, v_sqlstate, t_message, t_detail,
							jsb_event_after, jsb_event_before, t_query)
						VALUES (v_src.i_id_source, p_source, v_batch.i_id_batch, v_fail, v_run.v_schema_name,
							v_run.v_table_name, v_run.kind, v_state, v_msg, v_detail,
							v_ev.jsb_event_after, v_ev.jsb_event_before, v_ev.t_query);
						INSERT INTO sch_chameleon.t_replica_tables (i_id_source, v_schema_name, v_table_name,
							b_enabled, ts_disabled)
						VALUES (v_src.i_id_source, v_run.v_schema_name, v_run.v_table_name, false, clock_timestamp())
						ON CONFLICT (i_id_source, v_schema_name, v_table_name)
						DO UPDATE SET b_enabled = false, ts_disabled = clock_timestamp();
						EXECUTE v_discard USING v_batch.i_id_batch, v_fail, v_run.hi, v_src.i_id_source,
							'replay error', 'table disabled', v_run.v_schema_name, v_run.v_table_name;
						GET DIAGNOSTICS v_rows = ROW_COUNT;
						v_b_skipped := v_b_skipped + v_rows;
					END IF;
				END;
			END LOOP;
			EXIT passes WHEN v_lim IS NULL;
			IF v_pass_n < v_lim THEN
				v_exhausted := true;
				EXIT passes;
			END IF;
			EXECUTE format('SELECT i_my_xid FROM sch_chameleon.%I WHERE i_id_batch = $1 AND i_id_event = $2',
				v_batch.v_log_table) INTO v_xid USING v_batch.i_id_batch, v_last;
			EXIT passes WHEN v_xid IS NULL;
			EXECUTE format('SELECT i_id_event, i_my_xid FROM sch_chameleon.%I WHERE i_id_batch = $1 '
				'AND i_id_event > $2 ORDER BY i_id_event LIMIT 1', v_batch.v_log_table)
			INTO v_nth, v_nxid USING v_batch.i_id_batch, v_last;
			EXIT passes WHEN v_nth IS NULL OR v_nxid IS DISTINCT FROM v_xid;
			EXECUTE format('SELECT i_id_event - 1 FROM sch_chameleon.%I WHERE i_id_batch = $1 '
				'AND i_id_event > $2 AND i_my_xid IS DISTINCT FROM $3 ORDER BY i_id_event LIMIT 1',
				v_batch.v_log_table)
			INTO v_cut USING v_batch.i_id_batch, v_last, v_xid;
			v_lo_excl := v_last;
			v_hi_incl := coalesce(v_cut, 9223372036854775807);
			v_lim := NULL;
			v_exhausted := v_cut IS NULL;
		END LOOP;

		v_remaining := v_remaining - v_slice;
		IF v_slice > 0 THEN
			INSERT INTO sch_chameleon.t_batch_events (i_id_batch, i_id_event_first, i_id_event_last,
				i_applied, i_skipped, i_ddl)
			VALUES (v_batch.i_id_batch, v_batch.i_id_last_event + 1, v_last, v_b_applied, v_b_skipped, v_b_ddl);
		END IF;
		UPDATE sch_chameleon.t_replica_batch SET
			i_id_last_event = v_last,
			i_replayed = i_replayed + v_b_applied,
			i_skipped = i_skipped + v_b_skipped,
			i_ddl = i_ddl + v_b_ddl,
			b_replayed = v_exhausted,
			ts_replayed = CASE WHEN v_exhausted THEN clock_timestamp() END
		WHERE i_id_batch = v_batch.i_id_batch;
		-- (not for a piece: the reader updates t_sources when it stores
		-- the transaction's last batch, and must not wait for this)
		IF v_slice > 0 AND NOT v_batch.b_continued THEN
			EXECUTE format('SELECT ts_event_datetime FROM sch_chameleon.%I WHERE i_id_batch = $1 '
				'AND i_id_event = $2', v_batch.v_log_table)
			INTO v_ts USING v_batch.i_id_batch, v_last;
			UPDATE sch_chameleon.t_sources SET ts_last_replayed = greatest(ts_last_replayed, v_ts)
			WHERE i_id_source = v_src.i_id_source AND v_ts IS NOT NULL;
		END IF;
		applied := applied + v_b_applied;
		skipped := skipped + v_b_skipped;
		ddl := ddl + v_b_ddl;
	END LOOP;

	more := EXISTS (SELECT 1 FROM sch_chameleon.t_replica_batch
		WHERE i_id_source = v_src.i_id_source AND b_processed AND NOT b_replayed);
	IF p_retention IS NOT NULL THEN
		PERFORM sch_chameleon.fn_cleanup_batches(p_source, p_retention);
	END IF;
END
$fn$;

-- The key columns of a table: its primary key, else NULL (keyless).
CREATE OR REPLACE FUNCTION sch_chameleon.fn_table_key(p_table regclass)
RETURNS text[]
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
	SELECT array_agg(a.attname::text ORDER BY k.ord)
	FROM pg_catalog.pg_index i
	CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
	JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
	WHERE i.indrelid = p_table AND i.indisprimary
$fn$;

-- Removes the source's replayed batches older than p_retention, with their
-- log rows.  Returns the number of batches removed.
CREATE OR REPLACE FUNCTION sch_chameleon.fn_cleanup_batches(p_source text, p_retention interval)
RETURNS bigint
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	v_table text;
	v_ids bigint[];
BEGIN
	SELECT array_agg(b.i_id_batch) INTO v_ids
	FROM sch_chameleon.t_replica_batch b JOIN sch_chameleon.t_sources s USING (i_id_source)
	WHERE s.t_source = p_source AND b.b_replayed AND b.ts_replayed < clock_timestamp() - p_retention;
	IF v_ids IS NULL THEN
		RETURN 0;
	END IF;
	FOR v_table IN SELECT DISTINCT v_log_table FROM sch_chameleon.t_replica_batch
		WHERE i_id_batch = ANY (v_ids)
	LOOP
		EXECUTE format('DELETE FROM sch_chameleon.%I WHERE i_id_batch = ANY ($1)', v_table) USING v_ids;
	END LOOP;
	DELETE FROM sch_chameleon.t_replica_batch WHERE i_id_batch = ANY (v_ids);
	RETURN cardinality(v_ids);
END
$fn$;

-- ---- Foreign key actions (DEFECTS.md 31) ----
--
-- InnoDB does not write to the binlog the child rows that ON DELETE/UPDATE
-- CASCADE, SET NULL or SET DEFAULT change, and the replica has no foreign
-- keys until detach-replica.  So each foreign key of t_fk_actions gets
-- triggers on its PARENT table, named chm_fk_..., that do on the child rows
-- what InnoDB did.  They fire again on the child when it is a parent too
-- (multi-level cascades, as InnoDB).  They are right only when the parent's
-- and the child's events are replayed in source order.
--
-- Matching is PostgreSQL's "=": a child row whose key equals the parent's
-- only under a case-insensitive MySQL collation is not matched.

-- The trigger function of every chm_fk_ trigger.  TG_ARGV: the action
-- (CASCADE, SET NULL, SET DEFAULT), the child's schema and table, the
-- child's columns and the parent's (text[] literals, in key order).
CREATE OR REPLACE FUNCTION sch_chameleon.fn_fk_action()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	v_action text := TG_ARGV[0];
	v_cols text[] := TG_ARGV[3]::text[];
	v_refs text[] := TG_ARGV[4]::text[];
	v_where text;
	v_set text;
BEGIN
	-- the child rows that referenced the old parent row; a NULL in the old
	-- key matches none, as in InnoDB
	SELECT string_agg(format('%I = ($1).%I', c, r), ' AND ')
	INTO v_where FROM unnest(v_cols, v_refs) AS u(c, r);
	IF TG_OP = 'DELETE' AND v_action = 'CASCADE' THEN
		EXECUTE format('DELETE FROM %I.%I WHERE %s', TG_ARGV[1], TG_ARGV[2], v_where) USING OLD;
		RETURN NULL;
	END IF;
	IF v_action = 'CASCADE' THEN
		SELECT string_agg(format('%I = ($2).%I', c, r), ', ')
		INTO v_set FROM unnest(v_cols, v_refs) AS u(c, r);
	ELSIF v_action IN ('SET NULL', 'SET DEFAULT') THEN
		SELECT string_agg(format('%I = %s', c, substr(v_action, 5)), ', ')
		INTO v_set FROM unnest(v_cols) AS c;
	ELSE
		RAISE EXCEPTION 'foreign key action "%" of trigger % on %.% is not one the replica performs',
			v_action, TG_NAME, TG_TABLE_SCHEMA, TG_TABLE_NAME;
	END IF;
	EXECUTE format('UPDATE %I.%I SET %s WHERE %s', TG_ARGV[1], TG_ARGV[2], v_set, v_where)
	USING OLD, NEW;
	RETURN NULL;
END
$fn$;

-- (Re)creates the chm_fk_ triggers of one replica table (p_schema.p_table,
-- replica names) from the source's foreign keys in t_fk_actions that
-- reference it; drops them when there are none.  Does nothing when the
-- table does not exist (yet).  Returns the number of triggers created.
CREATE OR REPLACE FUNCTION sch_chameleon.fn_fk_actions_apply(p_source text, p_schema text, p_table text)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	v_parent regclass := to_regclass(format('%I.%I', p_schema, sch_chameleon.fn_pg_name(p_table)));
	v_trg record;
	v_fk record;
	v_name text;
	v_n integer := 0;
BEGIN
	IF v_parent IS NULL THEN
		RETURN 0;
	END IF;
	FOR v_trg IN SELECT t.tgname FROM pg_catalog.pg_trigger t
		WHERE t.tgrelid = v_parent AND NOT t.tgisinternal AND t.tgname LIKE 'chm\_fk\_%'
	LOOP
		EXECUTE format('DROP TRIGGER %I ON %s', v_trg.tgname, v_parent);
	END LOOP;
	FOR v_fk IN SELECT f.* FROM sch_chameleon.t_fk_actions f
		JOIN sch_chameleon.t_sources s USING (i_id_source)
		WHERE s.t_source = p_source AND f.v_ref_schema_name = p_schema AND f.v_ref_table_name = p_table
		ORDER BY f.v_schema_name, f.v_table_name, f.v_constraint
	LOOP
		CONTINUE WHEN to_regclass(format('%I.%I', v_fk.v_schema_name,
			sch_chameleon.fn_pg_name(v_fk.v_table_name))) IS NULL;
		-- a name per key, readable and unique on the parent: 63 bytes at most
		v_name := left(v_fk.v_constraint, 40) || '_' ||
			left(md5(v_fk.v_schema_name || '.' || v_fk.v_table_name || '.' || v_fk.v_constraint), 8);
		IF v_fk.v_on_delete IN ('CASCADE', 'SET NULL', 'SET DEFAULT') THEN
			EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %s FOR EACH ROW '
				'EXECUTE FUNCTION sch_chameleon.fn_fk_action(%L, %L, %L, %L, %L)',
				'chm_fk_del_' || v_name, v_parent, v_fk.v_on_delete, v_fk.v_schema_name,
				sch_chameleon.fn_pg_name(v_fk.v_table_name), sch_chameleon.fn_pg_names(v_fk.v_columns)::text,
				sch_chameleon.fn_pg_names(v_fk.v_ref_columns)::text);
			v_n := v_n + 1;
		END IF;
		IF v_fk.v_on_update IN ('CASCADE', 'SET NULL', 'SET DEFAULT') THEN
			-- only when the referenced key changes: the replay's UPDATE sets
			-- every column
			EXECUTE format('CREATE TRIGGER %I AFTER UPDATE OF %s ON %s FOR EACH ROW WHEN (%s) '
				'EXECUTE FUNCTION sch_chameleon.fn_fk_action(%L, %L, %L, %L, %L)',
				'chm_fk_upd_' || v_name,
				(SELECT string_agg(quote_ident(r), ', ') FROM unnest(sch_chameleon.fn_pg_names(v_fk.v_ref_columns)) r),
				v_parent,
				(SELECT string_agg(format('OLD.%1$I IS DISTINCT FROM NEW.%1$I', r), ' OR ')
				 FROM unnest(sch_chameleon.fn_pg_names(v_fk.v_ref_columns)) r),
				v_fk.v_on_update, v_fk.v_schema_name, sch_chameleon.fn_pg_name(v_fk.v_table_name),
				sch_chameleon.fn_pg_names(v_fk.v_columns)::text,
				sch_chameleon.fn_pg_names(v_fk.v_ref_columns)::text);
			v_n := v_n + 1;
		END IF;
	END LOOP;
	RETURN v_n;
END
$fn$;

-- The columns p_columns of table p_schema.p_table as the table spells them
-- (MySQL compares column names without case); a name the table lacks, or
-- a table that does not exist, keeps what was given.
CREATE OR REPLACE FUNCTION sch_chameleon.fn_fk_column_names(p_schema text, p_table text, p_columns text[])
RETURNS text[]
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
	SELECT array_agg(coalesce((SELECT a.attname::text FROM pg_catalog.pg_attribute a
		WHERE a.attrelid = to_regclass(format('%I.%I', p_schema, sch_chameleon.fn_pg_name(p_table))) AND a.attnum > 0
			AND NOT a.attisdropped AND lower(a.attname) = lower(c)
		ORDER BY a.attname = c DESC LIMIT 1), c) ORDER BY o)
	FROM unnest(p_columns) WITH ORDINALITY AS u(c, o)
$fn$;

-- Records one foreign key of the source (replica names) and recreates its
-- parent's triggers.  A key whose actions change no child row is removed
-- instead (an ALTER may have changed it).  Called by the replay of CREATE
-- and ALTER TABLE.  p_constraint NULL: an unnamed key of an ALTER TABLE,
-- named as InnoDB does, <table>_ibfk_<n>, n past the highest such name
-- known here.
CREATE OR REPLACE FUNCTION sch_chameleon.fn_fk_actions_add(p_source text, p_schema text, p_table text,
	p_constraint text, p_columns text[], p_ref_schema text, p_ref_table text, p_ref_columns text[],
	p_on_delete text, p_on_update text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	v_id integer;
	v_name text := p_constraint;
	v_old record;
BEGIN
	SELECT i_id_source INTO v_id FROM sch_chameleon.t_sources WHERE t_source = p_source;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'source "%" is not in the catalog', p_source USING ERRCODE = 'undefined_object';
	END IF;
	IF v_name IS NULL THEN
		SELECT format('%s_ibfk_%s', p_table, coalesce(max(substr(v_constraint,
			length(p_table) + 7)::integer), 0) + 1)
		INTO v_name FROM sch_chameleon.t_fk_actions
		WHERE i_id_source = v_id AND v_schema_name = p_schema AND v_table_name = p_table
			AND v_constraint ~ ('^' || regexp_replace(p_table, '([^a-zA-Z0-9_])', '\\\1', 'g') || '_ibfk_[0-9]{1,9}$');
	END IF;
	DELETE FROM sch_chameleon.t_fk_actions
	WHERE i_id_source = v_id AND v_schema_name = p_schema AND v_table_name = p_table
		AND v_constraint = v_name
	RETURNING * INTO v_old;
	-- column names are case-insensitive in MySQL: a key may spell them
	-- otherwise than the table does
	p_columns := sch_chameleon.fn_fk_column_names(p_schema, p_table, p_columns);
	p_ref_columns := sch_chameleon.fn_fk_column_names(p_ref_schema, p_ref_table, p_ref_columns);
	IF p_on_delete IN ('CASCADE', 'SET NULL', 'SET DEFAULT')
		OR p_on_update IN ('CASCADE', 'SET NULL', 'SET DEFAULT') THEN
		INSERT INTO sch_chameleon.t_fk_actions (i_id_source, v_schema_name, v_table_name, v_constraint,
			v_columns, v_ref_schema_name, v_ref_table_name, v_ref_columns, v_on_delete, v_on_update)
		VALUES (v_id, p_schema, p_table, v_name, p_columns, p_ref_schema, p_ref_table, p_ref_columns,
			p_on_delete, p_on_update);
	END IF;
	IF v_old.v_ref_table_name IS NOT NULL AND
		(v_old.v_ref_schema_name, v_old.v_ref_table_name) IS DISTINCT FROM (p_ref_schema, p_ref_table) THEN
		PERFORM sch_chameleon.fn_fk_actions_apply(p_source, v_old.v_ref_schema_name, v_old.v_ref_table_name);
	END IF;
	PERFORM sch_chameleon.fn_fk_actions_apply(p_source, p_ref_schema, p_ref_table);
END
$fn$;

-- Forgets one foreign key (ALTER TABLE DROP FOREIGN KEY / DROP CONSTRAINT)
-- and recreates its parent's triggers.  Returns whether it was known.
CREATE OR REPLACE FUNCTION sch_chameleon.fn_fk_actions_drop(p_source text, p_schema text, p_table text,
	p_constraint text)
RETURNS boolean
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	v_old record;
BEGIN
	DELETE FROM sch_chameleon.t_fk_actions f USING sch_chameleon.t_sources s
	WHERE s.i_id_source = f.i_id_source AND s.t_source = p_source AND f.v_schema_name = p_schema
		AND f.v_table_name = p_table AND f.v_constraint = p_constraint
	RETURNING f.* INTO v_old;
	IF NOT FOUND THEN
		RETURN false;
	END IF;
	PERFORM sch_chameleon.fn_fk_actions_apply(p_source, v_old.v_ref_schema_name, v_old.v_ref_table_name);
	RETURN true;
END
$fn$;

-- A table was created (CREATE TABLE): foreign keys of other tables may
-- reference it already (created with foreign_key_checks = 0, or its parent
-- dropped and created again), so its triggers are made.
CREATE OR REPLACE FUNCTION sch_chameleon.fn_fk_actions_created(p_source text, p_schema text, p_table text)
RETURNS integer
LANGUAGE sql
SET search_path = pg_catalog, pg_temp
AS $fn$
	SELECT sch_chameleon.fn_fk_actions_apply(p_source, p_schema, p_table)
$fn$;

-- A table was dropped (DROP TABLE): its own foreign keys go, and its
-- parents' triggers with them.  The keys of other tables that reference it
-- stay, as in InnoDB, and act again on a table created with its name.
CREATE OR REPLACE FUNCTION sch_chameleon.fn_fk_actions_dropped(p_source text, p_schema text, p_table text)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	v_parent record;
	v_n integer := 0;
BEGIN
	FOR v_parent IN WITH d AS (DELETE FROM sch_chameleon.t_fk_actions f USING sch_chameleon.t_sources s
		WHERE s.i_id_source = f.i_id_source AND s.t_source = p_source AND f.v_schema_name = p_schema
			AND f.v_table_name = p_table
		RETURNING f.v_ref_schema_name, f.v_ref_table_name)
		SELECT DISTINCT v_ref_schema_name, v_ref_table_name FROM d
	LOOP
		PERFORM sch_chameleon.fn_fk_actions_apply(p_source, v_parent.v_ref_schema_name,
			v_parent.v_ref_table_name);
		v_n := v_n + 1;
	END LOOP;
	RETURN v_n;
END
$fn$;

-- A table was renamed (RENAME TABLE, ALTER TABLE RENAME TO): InnoDB's keys
-- follow it, as child and as parent, and the key names InnoDB made too.  The triggers are rebuilt: their
-- arguments name the child.
CREATE OR REPLACE FUNCTION sch_chameleon.fn_fk_actions_renamed(p_source text, p_schema text, p_table text,
	p_new_schema text, p_new_table text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	v_id integer;
	v_parent record;
BEGIN
	SELECT i_id_source INTO v_id FROM sch_chameleon.t_sources WHERE t_source = p_source;
	IF NOT FOUND THEN
		RETURN;
	END IF;
	-- InnoDB renames the names it made, <table>_ibfk_<n>, with the table
	UPDATE sch_chameleon.t_fk_actions SET v_schema_name = p_new_schema, v_table_name = p_new_table,
		v_constraint = CASE WHEN left(v_constraint, length(p_table) + 6) = p_table || '_ibfk_'
			AND substr(v_constraint, length(p_table) + 7) ~ '^[0-9]+$'
			THEN p_new_table || substr(v_constraint, length(p_table) + 1) ELSE v_constraint END
	WHERE i_id_source = v_id AND v_schema_name = p_schema AND v_table_name = p_table;
	UPDATE sch_chameleon.t_fk_actions SET v_ref_schema_name = p_new_schema, v_ref_table_name = p_new_table
	WHERE i_id_source = v_id AND v_ref_schema_name = p_schema AND v_ref_table_name = p_table;
	FOR v_parent IN SELECT DISTINCT v_ref_schema_name, v_ref_table_name FROM sch_chameleon.t_fk_actions
		WHERE i_id_source = v_id AND ((v_schema_name = p_new_schema AND v_table_name = p_new_table)
			OR (v_ref_schema_name = p_new_schema AND v_ref_table_name = p_new_table))
	LOOP
		PERFORM sch_chameleon.fn_fk_actions_apply(p_source, v_parent.v_ref_schema_name,
			v_parent.v_ref_table_name);
	END LOOP;
	-- the old name may be a table again (the swap of an online schema change)
	PERFORM sch_chameleon.fn_fk_actions_apply(p_source, p_schema, p_table);
END
$fn$;

-- A column was renamed (CHANGE, RENAME COLUMN): InnoDB's keys follow it.
CREATE OR REPLACE FUNCTION sch_chameleon.fn_fk_actions_column_renamed(p_source text, p_schema text,
	p_table text, p_column text, p_new_column text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	v_id integer;
	v_parent record;
BEGIN
	SELECT i_id_source INTO v_id FROM sch_chameleon.t_sources WHERE t_source = p_source;
	IF NOT FOUND OR p_column = p_new_column THEN
		RETURN;
	END IF;
	UPDATE sch_chameleon.t_fk_actions SET v_columns = array_replace(v_columns, p_column, p_new_column)
	WHERE i_id_source = v_id AND v_schema_name = p_schema AND v_table_name = p_table
		AND p_column = ANY (v_columns);
	UPDATE sch_chameleon.t_fk_actions
	SET v_ref_columns = array_replace(v_ref_columns, p_column, p_new_column)
	WHERE i_id_source = v_id AND v_ref_schema_name = p_schema AND v_ref_table_name = p_table
		AND p_column = ANY (v_ref_columns);
	FOR v_parent IN SELECT DISTINCT v_ref_schema_name, v_ref_table_name FROM sch_chameleon.t_fk_actions
		WHERE i_id_source = v_id AND ((v_schema_name = p_schema AND v_table_name = p_table)
			OR (v_ref_schema_name = p_schema AND v_ref_table_name = p_table))
	LOOP
		PERFORM sch_chameleon.fn_fk_actions_apply(p_source, v_parent.v_ref_schema_name,
			v_parent.v_ref_table_name);
	END LOOP;
END
$fn$;

-- Drops every chm_fk_ trigger in the source's target schemas (detach-replica,
-- before it creates the real foreign keys).  Returns how many.
CREATE OR REPLACE FUNCTION sch_chameleon.fn_fk_triggers_drop(p_source text)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
	v_trg record;
	v_n integer := 0;
BEGIN
	FOR v_trg IN SELECT t.tgname, t.tgrelid::regclass AS tab FROM pg_catalog.pg_trigger t
		JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
		JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE NOT t.tgisinternal AND t.tgname LIKE 'chm\_fk\_%'
			AND t.tgfoid = 'sch_chameleon.fn_fk_action()'::regprocedure
			AND n.nspname IN (SELECT jsonb_each_text.value FROM sch_chameleon.t_sources s,
				jsonb_each_text(s.jsb_schema_mappings) WHERE s.t_source = p_source)
	LOOP
		EXECUTE format('DROP TRIGGER %I ON %s', v_trg.tgname, v_trg.tab);
		v_n := v_n + 1;
	END LOOP;
	RETURN v_n;
END
$fn$;

-- Only the owner (chameleon's role) and roles it grants EXECUTE to may run
-- these.  Run last, so it covers every function above; a later version's
-- script ends the same way (ALTER DEFAULT PRIVILEGES cannot do it per
-- schema: a schema's default privileges only add to the global ones).  A
-- trigger function needs no EXECUTE where it fires: the chm_fk_ triggers
-- work for any role that may change the replica's tables.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA sch_chameleon FROM PUBLIC;
