/*
 * pgconn.c — connecting to PostgreSQL and running statements with the
 * error reporting every caller wants.
 *
 * Not for catalog logic (catalog.c) or COPY streaming (logwriter.c).
 */
#include "pg/pg.h"

#include <stdio.h>
#include <stdlib.h>
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

#define KV(k, v)                                                                                   \
	do {                                                                                           \
		if ((v) != NULL) {                                                                         \
			keys[n] = (k);                                                                         \
			vals[n] = (v);                                                                         \
			n++;                                                                                   \
		}                                                                                          \
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
		        cc->host ? cc->host : "(default)", cc->port,
		        cc->database ? cc->database : "(default)", (int)len, msg);
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

	StrBuf redacted = STRBUF_INIT;

	if (msg == NULL) {
		msg = PQerrorMessage(conn);
		if (msg == NULL || msg[0] == '\0')
			msg = "unknown error";
	}
	/*
	 * Row values never reach the log (architecture §11): a data exception (class
	 * 22) quotes the value it refused, and an integrity violation (23)
	 * shows the row or key in its detail.  The replay records both whole
	 * in t_error_log, beside the row images.
	 */
	if (state != NULL && strncmp(state, "23", 2) == 0)
		detail = NULL;
	if (state != NULL && strncmp(state, "22", 2) == 0) {
		bool quoted = false; /* each "..." of the message becomes "..." */
		for (const char *c = msg; *c; c++) {
			if (*c == '"') {
				quoted = !quoted;
				strbuf_puts(&redacted, quoted ? "\"..." : "\"");
			} else if (!quoted) {
				strbuf_putc(&redacted, *c);
			}
		}
		msg = redacted.data ? redacted.data : "";
		detail = NULL;
	}
	chm_log(LOG_ERROR, "could not %s: %s%s%s%s", what, msg, state ? " (SQLSTATE " : "",
	        state ? state : "", state ? ")" : "");
	if (detail != NULL && detail[0] != '\0')
		chm_log(LOG_ERROR, "detail: %s", detail);
	strbuf_free(&redacted);
	if (hint != NULL && hint[0] != '\0')
		chm_log(LOG_ERROR, "hint: %s", hint);
}

void
pg_rollback(PGconn *conn)
{
	PQclear(PQexec(conn, "ROLLBACK"));
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
pg_exec_params(PGconn *conn, const char *sql, int nparams, const char *const *values,
               PGresult **res, const char *what)
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

/* Display width of a UTF-8 string: continuation bytes take no column. */
static int
display_width(const char *s)
{
	int w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

int
pg_print_query(PGconn *conn, const char *sql, int nparams, const char *const *params, bool json,
               FILE *out, const char *what)
{
	PGresult *res;
	int rc;

	if (json) {
		StrBuf q = STRBUF_INIT;
		strbuf_printf(&q, "SELECT jsonb_pretty(coalesce(jsonb_agg(to_jsonb(x)), '[]')) FROM (%s) x",
		              sql);
		rc = pg_exec_params(conn, q.data, nparams, params, &res, what);
		strbuf_free(&q);
		if (rc != 0)
			return rc;
		fprintf(out, "%s\n", PQgetvalue(res, 0, 0));
		PQclear(res);
		return 0;
	}
	rc = pg_exec_params(conn, sql, nparams, params, &res, what);
	if (rc != 0)
		return rc;
	int nf = PQnfields(res), nt = PQntuples(res);
	int *w = chm_calloc((size_t)nf, sizeof(int));
	for (int f = 0; f < nf; f++) {
		w[f] = display_width(PQfname(res, f));
		for (int t = 0; t < nt; t++) {
			int l = PQgetisnull(res, t, f) ? 1 : display_width(PQgetvalue(res, t, f));
			if (l > w[f])
				w[f] = l;
		}
	}
	for (int t = -1; t < nt; t++)
		for (int f = 0; f < nf; f++) {
			const char *v = t < 0                    ? PQfname(res, f)
			                : PQgetisnull(res, t, f) ? "-"
			                                         : PQgetvalue(res, t, f);
			if (f + 1 < nf)
				fprintf(out, "%s%*s  ", v, w[f] - display_width(v), "");
			else
				fprintf(out, "%s\n", v);
		}
	free(w);
	PQclear(res);
	return 0;
}
