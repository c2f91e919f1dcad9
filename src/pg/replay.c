/*
 * replay.c — drives sch_chameleon.fn_replay(), the set-based replay.
 *
 * The work is in SQL (sql/functions-N.sql); this file calls it in an
 * explicit transaction, so a client that dies before COMMIT leaves nothing
 * applied and nothing marked applied, and reports what it did.  Under
 * on_error_replay = exit a failure rolls the slice back; the error is then
 * written to t_error_log in its own transaction, so the reason survives.
 *
 * Not for scheduling (sleep_loop, threads, reconnecting): replicate_run()
 * in src/replica/replicate.c does that.
 */
#include "pg/pg.h"

#include <stdlib.h>
#include <string.h>

#include "common/log.h"

static void
record_error(PGconn *conn, const char *source, const PGresult *err)
{
	const char *params[4];
	PGresult *res;

	params[0] = source;
	params[1] = PQresultErrorField(err, PG_DIAG_SQLSTATE);
	params[2] = PQresultErrorField(err, PG_DIAG_MESSAGE_PRIMARY);
	params[3] = PQresultErrorField(err, PG_DIAG_MESSAGE_DETAIL);
	if (params[2] == NULL)
		params[2] = PQerrorMessage(conn);
	res = PQexecParams(
	    conn,
	    "INSERT INTO sch_chameleon.t_error_log (i_id_source, t_source, v_sqlstate, t_message, "
	    "t_detail) SELECT (SELECT i_id_source FROM sch_chameleon.t_sources WHERE t_source = $1), "
	    "$1, $2, $3, $4",
	    4, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		pg_log_error(res, conn, "record the replay error in t_error_log");
	PQclear(res);
}

int
pg_replay_step(PGconn *conn, const char *source, int max_rows, OnError on_error,
               const char *retention, ReplayResult *out)
{
	char rows[16];
	const char *params[4];
	PGresult *res;
	int rc;

	memset(out, 0, sizeof(*out));
	snprintf(rows, sizeof(rows), "%d", max_rows > 0 ? max_rows : 10000);
	params[0] = source;
	params[1] = rows;
	params[2] = on_error == ON_ERROR_EXIT ? "exit" : "continue";
	params[3] = retention;

	if ((rc = pg_exec(conn, "BEGIN", "begin a replay")) != 0)
		return rc;
	res =
	    PQexecParams(conn,
	                 "SELECT applied, skipped, ddl, errors, more FROM sch_chameleon.fn_replay($1, "
	                 "$2::integer, $3, $4::interval)",
	                 4, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) == PGRES_FATAL_ERROR && PQresultErrorField(res, PG_DIAG_SQLSTATE) != NULL &&
	    strcmp(PQresultErrorField(res, PG_DIAG_SQLSTATE), "55P03") == 0) {
		/* fn_replay could not take the source's replay lock: sync-tables
		 * holds it while it swaps a table in.  Not an error: wait. */
		chm_log(LOG_INFO, "replay of source \"%s\" waits: %s", source,
		        PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
		PQclear(res);
		pg_rollback(conn);
		return CHM_EBUSY;
	}
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		char what[96];
		snprintf(what, sizeof(what), "replay source \"%s\"", source);
		pg_log_error(res, conn, what);
		pg_rollback(conn);
		if (PQstatus(conn) == CONNECTION_OK)
			record_error(conn, source, res);
		PQclear(res);
		return CHM_EPG;
	}
	out->applied = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	out->skipped = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
	out->ddl = strtoll(PQgetvalue(res, 0, 2), NULL, 10);
	out->errors = strtoll(PQgetvalue(res, 0, 3), NULL, 10);
	out->more = strcmp(PQgetvalue(res, 0, 4), "t") == 0;
	PQclear(res);
	if ((rc = pg_exec(conn, "COMMIT", "commit the replay")) != 0)
		return rc;
	if (out->errors > 0)
		chm_log(LOG_WARNING,
		        "replay of source \"%s\": %lld event(s) failed; their tables are disabled (see "
		        "show-errors)",
		        source, (long long)out->errors);
	return 0;
}
