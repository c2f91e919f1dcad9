/*
 * pgconn.c — connecting to PostgreSQL and running statements with the
 * error reporting every caller wants.
 *
 * Not for catalog logic (catalog.c) or COPY streaming (logwriter.c).
 */
#include "pg/pg.h"

#include <stdio.h>
#include <string.h>

#include "common/log.h"

int
pg_connect(const ConnConfig *cc, const char *app, PGconn **out)
{
	const char *keys[16];
	const char *vals[16];
	char port[16], timeout[16];
	int n = 0;
	PGconn *conn;

#define KV(k, v)               \
	do {                       \
		if ((v) != NULL) {     \
			keys[n] = (k);     \
			vals[n] = (v);     \
			n++;               \
		}                      \
	} while (0)

	*out = NULL;
	KV("host", cc->host);
	if (cc->port > 0) {
		snprintf(port, sizeof(port), "%d", cc->port);
		KV("port", port);
	}
	KV("user", cc->user);
	KV("password", cc->password);
	KV("dbname", cc->database);
	if (cc->connect_timeout > 0) {
		snprintf(timeout, sizeof(timeout), "%d", cc->connect_timeout);
		KV("connect_timeout", timeout);
	}
	KV("sslmode", cc->ssl_mode);
	KV("sslrootcert", cc->ssl_ca);
	KV("sslcert", cc->ssl_cert);
	KV("sslkey", cc->ssl_key);
	KV("application_name", app ? app : "chameleon");
	KV("client_encoding", "UTF8");
	keys[n] = NULL;
	vals[n] = NULL;
#undef KV

	conn = PQconnectdbParams(keys, vals, 0);
	if (conn == NULL)
		chm_oom();
	if (PQstatus(conn) != CONNECTION_OK) {
		char *msg = PQerrorMessage(conn);
		size_t len = strlen(msg);
		while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
			len--;
		chm_log(LOG_ERROR, "could not connect to PostgreSQL at %s:%d database \"%s\": %.*s",
				cc->host ? cc->host : "(default)", cc->port, cc->database ? cc->database : "(default)",
				(int) len, msg);
		PQfinish(conn);
		return CHM_EPG;
	}
	if (pg_exec(conn, "SET TIME ZONE 'UTC'; SET datestyle = 'ISO'", "set the session") != 0) {
		PQfinish(conn);
		return CHM_EPG;
	}
	*out = conn;
	return 0;
}

void
pg_disconnect(PGconn *conn)
{
	if (conn != NULL)
		PQfinish(conn);
}

void
pg_log_error(const PGresult *res, PGconn *conn, const char *what)
{
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	const char *hint = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) : NULL;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	if (msg == NULL) {
		msg = PQerrorMessage(conn);
		if (msg == NULL || msg[0] == '\0')
			msg = "unknown error";
	}
	chm_log(LOG_ERROR, "could not %s: %s%s%s%s", what, msg, state ? " (SQLSTATE " : "", state ? state : "",
			state ? ")" : "");
	if (detail != NULL && detail[0] != '\0')
		chm_log(LOG_ERROR, "detail: %s", detail);
	if (hint != NULL && hint[0] != '\0')
		chm_log(LOG_ERROR, "hint: %s", hint);
}

int
pg_exec(PGconn *conn, const char *sql, const char *what)
{
	PGresult *res = PQexec(conn, sql);
	ExecStatusType st = PQresultStatus(res);
	int rc = 0;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
		pg_log_error(res, conn, what);
		rc = CHM_EPG;
	}
	PQclear(res);
	return rc;
}

int
pg_exec_params(PGconn *conn, const char *sql, int nparams, const char *const *values, PGresult **res,
			   const char *what)
{
	PGresult *r = PQexecParams(conn, sql, nparams, NULL, values, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(r);

	if (res != NULL)
		*res = NULL;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		pg_log_error(r, conn, what);
		PQclear(r);
		return CHM_EPG;
	}
	if (res != NULL)
		*res = r;
	else
		PQclear(r);
	return 0;
}

int
pg_open(const Config *cfg, const char *app, bool catalog, PGconn **out)
{
	int rc = pg_connect(&cfg->pg_conn, app, out);

	if (rc != 0 || !catalog)
		return rc;
	if ((rc = pg_catalog_open(*out)) != 0) {
		pg_disconnect(*out);
		*out = NULL;
	}
	return rc;
}
