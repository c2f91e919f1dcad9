/*
 * sources.c — what the reader and the snapshot read and write in the
 * catalog about a source and its tables, so that their SQL lives beside
 * the catalog's scripts: a catalog version bump touches only src/pg and
 * sql/.
 *
 * Not here: installing and upgrading the catalog (catalog.c), the log
 * tables' COPY (logwriter.c), the replay (replay.c), the show commands
 * (show.c).
 */
#include "pg/pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/strbuf.h"

int
pg_source_mark_caught_up(PGconn *conn, const char *source)
{
	const char *params[1] = {source};
	return pg_exec_params(conn,
	                      "UPDATE sch_chameleon.t_sources SET ts_last_received = clock_timestamp(), "
	                      "ts_caught_up = clock_timestamp() WHERE t_source = $1",
	                      1, params, NULL, "record the source as caught up");
}

int
pg_source_try_reader_lock(PGconn *conn, const char *source, bool *got)
{
	const char *params[1] = {source};
	PGresult *res;
	int rc;

	*got = false;
	rc = pg_exec_params(conn,
	                    "SELECT pg_try_advisory_lock(" PG_READER_LOCK_KEY ", i_id_source) "
	                    "FROM sch_chameleon.t_sources WHERE t_source = $1",
	                    1, params, &res, "take the reader's lock");
	if (rc != 0)
		return rc;
	*got = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return 0;
}

int
pg_ddl_models_read(PGconn *conn, const char *source, bool only_snapped, PGresult **out)
{
	const char *params[2] = {source, only_snapped ? "t" : "f"};
	return pg_exec_params(
	    conn,
	    "SELECT m.v_schema_name, m.v_table_name, m.t_table FROM sch_chameleon.t_ddl_model m "
	    "JOIN sch_chameleon.t_sources s USING (i_id_source) LEFT JOIN "
	    "sch_chameleon.t_replica_tables t ON t.i_id_source = m.i_id_source AND "
	    "t.v_schema_name = m.v_schema_name AND t.v_table_name = m.v_table_name "
	    "WHERE s.t_source = $1 AND (NOT $2::boolean OR t.t_binlog_file IS NOT NULL)",
	    2, params, out, "read the tables' definitions for the translator");
}

int
pg_table_snapshots_read(PGconn *conn, const char *source, PGresult **out)
{
	const char *params[1] = {source};
	return pg_exec_params(conn,
	                      "SELECT t.v_schema_name, t.v_table_name, t.t_binlog_file, t.i_binlog_pos "
	                      "FROM sch_chameleon.t_replica_tables t JOIN sch_chameleon.t_sources s "
	                      "USING (i_id_source) WHERE s.t_source = $1 AND t.t_binlog_file IS NOT NULL",
	                      1, params, out, "read the tables' snapshot coordinates");
}

int
pg_source_lookup(PGconn *conn, const char *name, char *id, size_t n, char *status, size_t sn)
{
	const char *p[1] = {name};
	PGresult *res;
	int rc = pg_exec_params(
	    conn, "SELECT i_id_source, enm_status FROM sch_chameleon.t_sources WHERE t_source = $1", 1,
	    p, &res, "look the source up");
	if (rc != 0)
		return rc;
	if (PQntuples(res) != 1) {
		chm_log(LOG_ERROR, "source \"%s\" is not in the catalog: run add-source first", name);
		PQclear(res);
		return CHM_ENOTFOUND;
	}
	snprintf(id, n, "%s", PQgetvalue(res, 0, 0));
	if (status)
		snprintf(status, sn, "%s", PQgetvalue(res, 0, 1));
	PQclear(res);
	return 0;
}

int
pg_source_reset(PGconn *conn, const char *id)
{
	const char *p[1] = {id};
	PGresult *res;
	int rc = pg_exec_params(
	    conn, "SELECT unnest(v_log_table) FROM sch_chameleon.t_sources WHERE i_id_source = $1", 1,
	    p, &res, "list the source's log tables");
	if (rc != 0)
		return rc;
	for (int i = 0; i < PQntuples(res) && rc == 0; i++) {
		StrBuf sql = STRBUF_INIT;
		strbuf_puts(&sql, "TRUNCATE sch_chameleon.");
		strbuf_quote_ident(&sql, PQgetvalue(res, i, 0), strlen(PQgetvalue(res, i, 0)));
		rc = pg_exec(conn, sql.data, "empty a log table");
		strbuf_free(&sql);
	}
	PQclear(res);
	if (rc == 0)
		rc = pg_exec_params(conn, "DELETE FROM sch_chameleon.t_replica_batch WHERE i_id_source = $1",
		                    1, p, &res, "forget the source's batches");
	if (rc == 0) {
		PQclear(res);
		rc = pg_exec_params(conn,
		                    "DELETE FROM sch_chameleon.t_replica_tables WHERE i_id_source = $1", 1,
		                    p, &res, "forget the source's tables");
		if (rc == 0)
			PQclear(res);
	}
	if (rc == 0) {
		rc = pg_exec_params(conn, "DELETE FROM sch_chameleon.t_ddl_model WHERE i_id_source = $1",
		                    1, p, &res, "forget the source's table definitions");
		if (rc == 0)
			PQclear(res);
	}
	return rc;
}

int
pg_source_set_start(PGconn *conn, const char *id, const BinlogCoord *at)
{
	char pos[32];
	const char *p[4];
	PGresult *res;
	int rc;

	snprintf(pos, sizeof(pos), "%llu", (unsigned long long)at->pos);
	p[0] = id;
	p[1] = at->file;
	p[2] = pos;
	p[3] = at->gtid[0] ? at->gtid : NULL;
	rc = pg_exec_params(
	    conn,
	    "UPDATE sch_chameleon.t_sources SET enm_status = 'initialised', "
	    "t_read_file = $2, i_read_pos = $3, t_read_gtid = $4, t_watermark_file = NULL, "
	    "i_watermark_pos = NULL, t_watermark_gtid = NULL, ts_last_received = NULL, "
	    "ts_caught_up = NULL, ts_last_replayed = NULL WHERE i_id_source = $1",
	    4, p, &res, "record where the replica starts");
	if (rc == 0)
		PQclear(res);
	return rc;
}

int
pg_table_record(PGconn *conn, const char *id, const char *schema, const char *table,
                const char *keys, const BinlogCoord *at)
{
	char pos[32];
	const char *p[7];
	PGresult *res;
	int rc;

	snprintf(pos, sizeof(pos), "%llu", at ? (unsigned long long)at->pos : 0ULL);
	p[0] = id;
	p[1] = schema;
	p[2] = table;
	p[3] = keys;
	p[4] = at ? at->file : NULL;
	p[5] = at ? pos : NULL;
	p[6] = at && at->gtid[0] ? at->gtid : NULL;
	rc = pg_exec_params(
	    conn,
	    "INSERT INTO sch_chameleon.t_replica_tables (i_id_source, v_schema_name, v_table_name, "
	    "v_table_pkey, t_binlog_file, i_binlog_pos, t_binlog_gtid, b_enabled, ts_disabled) "
	    "VALUES ($1, $2, $3, $4, $5, $6, $7, true, NULL) "
	    "ON CONFLICT (i_id_source, v_schema_name, v_table_name) DO UPDATE SET "
	    "v_table_pkey = EXCLUDED.v_table_pkey, t_binlog_file = EXCLUDED.t_binlog_file, "
	    "i_binlog_pos = EXCLUDED.i_binlog_pos, t_binlog_gtid = EXCLUDED.t_binlog_gtid, "
	    "b_enabled = true, ts_disabled = NULL",
	    7, p, &res, "record a replicated table");
	if (rc == 0)
		PQclear(res);
	return rc;
}

int
pg_tables_disabled(PGconn *conn, const char *id, char ***out, int *n)
{
	const char *p[1] = {id};
	PGresult *res;
	int rc =
	    pg_exec_params(conn,
	                   "SELECT v_schema_name, v_table_name FROM sch_chameleon.t_replica_tables "
	                   "WHERE i_id_source = $1 AND NOT b_enabled ORDER BY 1, 2",
	                   1, p, &res, "list the disabled tables");
	if (rc != 0)
		return rc;
	*n = PQntuples(res);
	*out = *n ? chm_calloc((size_t)*n * 2, sizeof(char *)) : NULL;
	for (int i = 0; i < *n; i++) {
		(*out)[2 * i] = chm_strdup(PQgetvalue(res, i, 0));
		(*out)[2 * i + 1] = chm_strdup(PQgetvalue(res, i, 1));
	}
	PQclear(res);
	return 0;
}

int
pg_source_hold_replay(PGconn *conn, const char *source)
{
	const char *p[1] = {source};
	PGresult *res;
	int rc = pg_exec_params(conn,
	                        "SELECT pg_advisory_xact_lock(" PG_REPLAY_LOCK_KEY ", i_id_source) "
	                        "FROM sch_chameleon.t_sources WHERE t_source = $1",
	                        1, p, &res, "hold the replay");
	if (rc != 0)
		return rc;
	if (PQntuples(res) != 1) {
		chm_log(LOG_ERROR, "source \"%s\" is not in the catalog", source);
		rc = CHM_ENOTFOUND;
	}
	PQclear(res);
	return rc;
}

int
pg_fk_triggers_drop(PGconn *conn, const char *source, long *dropped)
{
	const char *p[1] = {source};
	PGresult *res;
	int rc = pg_exec_params(conn, "SELECT sch_chameleon.fn_fk_triggers_drop($1)", 1, p, &res,
	                        "drop the foreign key action triggers");
	if (rc != 0)
		return rc;
	*dropped = strtol(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 0;
}
