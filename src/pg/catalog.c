/*
 * catalog.c — installing, upgrading and dropping sch_chameleon, and the
 * sources registered in it.
 *
 * The SQL is in sql/ (embedded, see sql_scripts.h): catalog-N.sql installs
 * the current version N, upgrade/M--M+1.sql steps from M to M+1, and
 * functions-N.sql holds the current functions, loaded after an install and
 * once after the last step of an upgrade.  (catalog-1.sql and
 * functions-1.sql stay only so that t-catalog can test the whole chain.)  This file only sequences those scripts inside transactions and owns
 * the version rules; what the catalog contains is the scripts' business.
 */
#include "pg/pg.h"

#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "pg/sql_scripts.h"

/* Serialises installs and upgrades of the catalog across processes. */
#define CATALOG_LOCK_SQL "SELECT pg_advisory_xact_lock(1667788107)"

const char *
pg_catalog_script(const char *name)
{
	for (int i = 0; chm_sql_scripts[i].name != NULL; i++)
		if (strcmp(chm_sql_scripts[i].name, name) == 0)
			return chm_sql_scripts[i].text;
	return NULL;
}

static int
run_script(PGconn *conn, const char *name)
{
	const char *sql = pg_catalog_script(name);
	char what[128];

	if (sql == NULL) {
		chm_log(LOG_ERROR, "catalog script \"%s\" is not in this binary", name);
		return CHM_ECATALOG;
	}
	snprintf(what, sizeof(what), "run catalog script %s", name);
	chm_log(LOG_DEBUG, "running catalog script %s", name);
	return pg_exec(conn, sql, what);
}

int
pg_catalog_version(PGconn *conn, int *version)
{
	PGresult *res;
	int rc;

	*version = 0;
	/* two statements: a query naming t_version fails to parse without it */
	rc = pg_exec_params(conn, "SELECT to_regclass('sch_chameleon.t_version') IS NOT NULL", 0, NULL,
	                    &res, "look for the catalog");
	if (rc != 0)
		return rc;
	int installed = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	if (installed) {
		rc =
		    pg_exec_params(conn, "SELECT coalesce(max(i_version), -1) FROM sch_chameleon.t_version",
		                   0, NULL, &res, "read the catalog version");
		if (rc != 0)
			return rc;
		*version = atoi(PQgetvalue(res, 0, 0));
		PQclear(res);
	}
	if (*version < 0) {
		chm_log(LOG_ERROR, "the catalog sch_chameleon has no version row");
		return CHM_ECATALOG;
	}
	/* sch_chameleon without t_version is not ours (or is damaged) */
	if (*version == 0) {
		rc = pg_exec_params(conn, "SELECT 1 FROM pg_namespace WHERE nspname = 'sch_chameleon'", 0,
		                    NULL, &res, "look for the catalog schema");
		if (rc != 0)
			return rc;
		int found = PQntuples(res) > 0;
		PQclear(res);
		if (found) {
			chm_log(LOG_ERROR,
			        "schema sch_chameleon exists but is not a chameleon catalog (no t_version)");
			return CHM_ECATALOG;
		}
	}
	return 0;
}

int
pg_catalog_create(PGconn *conn)
{
	int version, rc;
	char name[64];

	if ((rc = pg_exec(conn, "BEGIN", "begin a transaction")) != 0)
		return rc;
	if ((rc = pg_exec(conn, CATALOG_LOCK_SQL, "lock the catalog")) != 0)
		goto fail;
	if ((rc = pg_catalog_version(conn, &version)) != 0)
		goto fail;
	if (version != 0) {
		chm_log(LOG_ERROR, "the catalog sch_chameleon already exists (version %d)", version);
		rc = CHM_ECATALOG;
		goto fail;
	}
	snprintf(name, sizeof(name), "catalog-%d.sql", PG_CATALOG_VERSION);
	if ((rc = run_script(conn, name)) != 0)
		goto fail;
	snprintf(name, sizeof(name), "functions-%d.sql", PG_CATALOG_VERSION);
	if ((rc = run_script(conn, name)) != 0)
		goto fail;
	return pg_exec(conn, "COMMIT", "commit the catalog");
fail:
	pg_rollback(conn);
	return rc;
}

int
pg_catalog_drop(PGconn *conn, bool *existed)
{
	int version, rc;

	*existed = false;
	if ((rc = pg_exec(conn, "BEGIN", "begin a transaction")) != 0)
		return rc;
	if ((rc = pg_exec(conn, CATALOG_LOCK_SQL, "lock the catalog")) != 0)
		goto fail;
	if ((rc = pg_catalog_version(conn, &version)) != 0)
		goto fail;
	if (version != 0) {
		*existed = true;
		if ((rc = pg_exec(conn, "DROP SCHEMA sch_chameleon CASCADE", "drop the catalog")) != 0)
			goto fail;
	}
	return pg_exec(conn, "COMMIT", "commit the drop of the catalog");
fail:
	pg_rollback(conn);
	return rc;
}

/* Runs the chain from version to PG_CATALOG_VERSION in the open transaction. */
static int
upgrade_chain(PGconn *conn, int version)
{
	char name[64];
	int rc;

	for (int v = version; v < PG_CATALOG_VERSION; v++) {
		chm_log(LOG_NOTICE, "upgrading the catalog sch_chameleon from version %d to %d", v, v + 1);
		snprintf(name, sizeof(name), "upgrade/%d--%d.sql", v, v + 1);
		if ((rc = run_script(conn, name)) != 0)
			return rc;
	}
	snprintf(name, sizeof(name), "functions-%d.sql", PG_CATALOG_VERSION);
	return run_script(conn, name);
}

static int
newer_error(int version)
{
	chm_log(LOG_ERROR,
	        "the catalog sch_chameleon is at version %d, newer than this chameleon's version %d: "
	        "use a chameleon at least as recent as the one that upgraded it",
	        version, PG_CATALOG_VERSION);
	return CHM_ECATALOG;
}

int
pg_catalog_upgrade(PGconn *conn, int *from)
{
	int version, rc;

	if ((rc = pg_exec(conn, "BEGIN", "begin a transaction")) != 0)
		return rc;
	/* Whoever gets the lock first upgrades; the others then find the
	 * current version and have nothing to do. */
	if ((rc = pg_exec(conn, CATALOG_LOCK_SQL, "lock the catalog")) != 0)
		goto fail;
	if ((rc = pg_catalog_version(conn, &version)) != 0)
		goto fail;
	if (from != NULL)
		*from = version;
	if (version == 0) {
		chm_log(LOG_ERROR, "the catalog sch_chameleon is not installed: run create-replica-schema");
		rc = CHM_ECATALOG;
		goto fail;
	}
	if (version > PG_CATALOG_VERSION) {
		rc = newer_error(version);
		goto fail;
	}
	if ((rc = upgrade_chain(conn, version)) != 0)
		goto fail;
	if ((rc = pg_exec(conn, "COMMIT", "commit the catalog upgrade")) != 0)
		return rc;
	if (version < PG_CATALOG_VERSION)
		chm_log(LOG_NOTICE, "the catalog sch_chameleon is now at version %d", PG_CATALOG_VERSION);
	return 0;
fail:
	pg_rollback(conn);
	return rc;
}

int
pg_catalog_open(PGconn *conn)
{
	int version, rc;

	if ((rc = pg_catalog_version(conn, &version)) != 0)
		return rc;
	if (version == PG_CATALOG_VERSION)
		return 0;
	if (version == 0) {
		chm_log(LOG_ERROR, "the catalog sch_chameleon is not installed: run create-replica-schema");
		return CHM_ECATALOG;
	}
	if (version > PG_CATALOG_VERSION)
		return newer_error(version);
	return pg_catalog_upgrade(conn, NULL);
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

bool
pg_source_name_valid(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return true;
}

/* Appends s as a JSON string. */
static void
json_string(StrBuf *sb, const char *s)
{
	strbuf_putc(sb, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			strbuf_putc(sb, '\\');
			strbuf_putc(sb, (char)c);
		} else if (c < 0x20) {
			strbuf_printf(sb, "\\u%04x", c);
		} else {
			strbuf_putc(sb, (char)c);
		}
	}
	strbuf_putc(sb, '"');
}

int
pg_source_add(PGconn *conn, const SourceConfig *src)
{
	StrBuf map = STRBUF_INIT;
	const char *params[2];
	PGresult *res;
	int rc;

	if (!pg_source_name_valid(src->name)) {
		chm_log(LOG_ERROR,
		        "invalid source name \"%s\": a source name becomes part of table names, "
		        "use 1 to 32 characters from a-z, 0-9 and _",
		        src->name ? src->name : "");
		return CHM_EUSAGE;
	}
	strbuf_putc(&map, '{');
	for (int i = 0; i < src->schema_mappings.n; i++) {
		if (i > 0)
			strbuf_puts(&map, ", ");
		json_string(&map, src->schema_mappings.keys[i]);
		strbuf_puts(&map, ": ");
		json_string(&map, src->schema_mappings.values[i]);
	}
	strbuf_putc(&map, '}');
	params[0] = src->name;
	params[1] = map.data;
	rc = pg_exec_params(conn, "SELECT sch_chameleon.fn_add_source($1, $2::jsonb)", 2, params, &res,
	                    "add the source");
	strbuf_free(&map);
	if (rc == 0)
		PQclear(res);
	return rc;
}

int
pg_source_drop(PGconn *conn, const char *name, bool *found)
{
	const char *params[1] = {name};
	PGresult *res;
	int rc;

	*found = false;
	rc = pg_exec_params(conn, "SELECT sch_chameleon.fn_drop_source($1)", 1, params, &res,
	                    "drop the source");
	if (rc != 0)
		return rc;
	*found = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return 0;
}

int
pg_source_set_enabled(PGconn *conn, const char *name, bool enabled, bool *found)
{
	const char *params[2] = {name, enabled ? "true" : "false"};
	PGresult *res;
	int rc;

	*found = false;
	rc = pg_exec_params(
	    conn, "UPDATE sch_chameleon.t_sources SET b_enabled = $2::boolean WHERE t_source = $1", 2,
	    params, &res, enabled ? "enable the source" : "disable the source");
	if (rc != 0)
		return rc;
	*found = strcmp(PQcmdTuples(res), "1") == 0;
	PQclear(res);
	return 0;
}

int
pg_source_check_startable(PGconn *conn, const char *name)
{
	const char *params[1] = {name};
	PGresult *res;
	int rc;

	rc = pg_exec_params(conn,
	                    "SELECT b_enabled, t_read_file IS NOT NULL FROM sch_chameleon.t_sources "
	                    "WHERE t_source = $1",
	                    1, params, &res, "read the source's state");
	if (rc != 0)
		return rc;
	if (PQntuples(res) != 1) {
		chm_log(LOG_ERROR, "source \"%s\" is not in the catalog: run add-source", name);
		rc = CHM_ENOTFOUND;
	} else if (strcmp(PQgetvalue(res, 0, 0), "t") != 0) {
		chm_log(LOG_ERROR, "source \"%s\" is disabled: run enable-replica to allow it to start",
		        name);
		rc = CHM_ESTATE;
	} else if (strcmp(PQgetvalue(res, 0, 1), "t") != 0) {
		chm_log(LOG_ERROR,
		        "source \"%s\" has no read coordinates: run init-replica first, which sets where "
		        "the replica starts",
		        name);
		rc = CHM_ESTATE;
	}
	PQclear(res);
	return rc;
}

int
pg_source_set_status(PGconn *conn, const char *name, const char *status)
{
	const char *params[2] = {name, status};
	PGresult *res;
	int rc;

	rc = pg_exec_params(conn,
	                    "UPDATE sch_chameleon.t_sources SET enm_status = $2 WHERE t_source = $1", 2,
	                    params, &res, "record the replica's status");
	if (rc != 0)
		return rc;
	if (strcmp(PQcmdTuples(res), "1") != 0) {
		chm_log(LOG_ERROR, "source \"%s\" is not in the catalog: run add-source", name);
		rc = CHM_ENOTFOUND;
	}
	PQclear(res);
	return rc;
}

int
pg_source_log_error(PGconn *conn, const char *name, const char *message, const char *detail)
{
	const char *params[3] = {name, message, detail};

	return pg_exec_params(
	    conn,
	    "INSERT INTO sch_chameleon.t_error_log (i_id_source, t_source, t_message, t_detail) "
	    "SELECT i_id_source, t_source, $2, $3 FROM sch_chameleon.t_sources WHERE t_source = $1",
	    3, params, NULL, "record the reader's error");
}

int
pg_source_maintenance(PGconn *conn, const char *name, const char *retention, bool full, bool *found)
{
	const char *params[2] = {name, retention};
	PGresult *res;
	StrBuf sql = STRBUF_INIT;
	int rc;

	*found = false;
	rc = pg_exec_params(
	    conn, "SELECT unnest(v_log_table) FROM sch_chameleon.t_sources WHERE t_source = $1", 1,
	    params, &res, "read the source's log tables");
	if (rc != 0)
		return rc;
	*found = PQntuples(res) > 0;
	if (*found && retention != NULL && retention[0] != '\0') {
		PGresult *del;
		rc = pg_exec_params(conn, "SELECT sch_chameleon.fn_cleanup_batches($1, $2::interval)", 2,
		                    params, &del, "remove the replayed batches older than batch_retention");
		if (rc == 0)
			PQclear(del);
	}
	/* VACUUM cannot run in a transaction block: one statement each. */
	for (int i = 0; rc == 0 && i < PQntuples(res); i++) {
		const char *t = PQgetvalue(res, i, 0);
		strbuf_reset(&sql);
		strbuf_puts(&sql, full ? "VACUUM (FULL, ANALYZE) sch_chameleon."
		                       : "VACUUM (ANALYZE) sch_chameleon.");
		strbuf_quote_ident(&sql, t, strlen(t));
		rc = pg_exec(conn, sql.data, "vacuum a log table");
		if (rc == 0)
			chm_log(LOG_INFO, "vacuumed sch_chameleon.%s%s", t, full ? " (full)" : "");
	}
	if (rc == 0 && *found)
		rc = pg_exec(conn,
		             full ? "VACUUM (FULL, ANALYZE) sch_chameleon.t_replica_batch"
		                  : "VACUUM (ANALYZE) sch_chameleon.t_replica_batch",
		             "vacuum the batch table");
	strbuf_free(&sql);
	PQclear(res);
	return rc;
}
