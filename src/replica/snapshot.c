/*
 * snapshot.c — init-replica and sync-tables: consistent, parallel, staged.
 *
 * The shape of a run:
 *   1. the control connection checks the source and describes the tables
 *      (tabledef_build: the one call that yields PostgreSQL DDL);
 *   2. staging schemas are created (and leftovers of a killed run dropped);
 *   3. my_snapshot_start() opens N MySQL transactions at ONE binlog point;
 *   4. N threads take tables, biggest first; each, in one PostgreSQL
 *      transaction: CREATE TABLE in the staging schema, COPY ... FREEZE,
 *      primary key, indexes, checks;
 *   5. one transaction swaps the staging copies in and writes the catalog.
 * A failure or a stop request at any point before 5 drops the staging
 * schemas and leaves everything else as it was.
 */
#include "replica/snapshot.h"
#include "replica/instance.h"

#include <assert.h>
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "common/arena.h"
#include "common/daemon.h"
#include "common/log.h"
#include "common/pgname.h"
#include "common/strbuf.h"
#include "mysql/myconn.h"
#include "pg/pg.h"
#include "replica/copy.h"
#include "replica/filter.h"
#include "replica/fkeys.h"
#include "replica/progress.h"
#include "replica/tabledef.h"

typedef enum Mode {
	MODE_INIT,
	MODE_SYNC,
} Mode;

typedef struct Job {
	TableDef def;
	const char *dst_schema;   /* final target schema */
	const char *stage_schema; /* where the worker loads it */
	uint64_t est_rows, est_bytes;
	int rc; /* 1 pending/running, 0 done, < 0 failed */
	CopyStats stats;
	char error[1024];
} Job;

typedef struct Run {
	const Config *cfg;
	const SourceConfig *src;
	Mode mode;
	Job *jobs;
	int n_jobs;
	int next;
	pthread_mutex_t lock;
	volatile int failed;
	Progress *progress;
	int64_t max_memory;
} Run;

typedef struct Worker {
	Run *run;
	MyConn *my;
	PGconn *pg;
	pthread_t thread;
	uint64_t last_rows, last_bytes;
} Worker;

/* Stage schema names: chm_stage_<source>_<n>; a killed run's are dropped by the next. */
static void
stage_name(char *buf, size_t n, const char *source, const char *suffix)
{
	snprintf(buf, n, "chm_stage_%s_%s", source, suffix);
}

/* Seconds from "120s", "2m", "1h" or "90"; 120 when unreadable. */
static int
parse_seconds(const char *s)
{
	char *end;
	long v;
	if (s == NULL || *s == '\0')
		return 120;
	v = strtol(s, &end, 10);
	if (end == s || v < 0)
		return 120;
	while (*end == ' ')
		end++;
	if (*end == 'm')
		v *= 60;
	else if (*end == 'h')
		v *= 3600;
	else if (strncmp(end, "ms", 2) == 0)
		v = v / 1000 > 0 ? v / 1000 : 1;
	return (int)v;
}

static void
set_error(Job *j, const char *what, const char *detail)
{
	char clean[700];
	size_t k = 0;
	for (const char *p = detail ? detail : ""; *p && k + 1 < sizeof(clean); p++)
		clean[k++] = *p == '\n' ? ' ' : *p;
	while (k > 0 && clean[k - 1] == ' ')
		k--;
	clean[k] = '\0';
	snprintf(j->error, sizeof(j->error), "%s%s%s", what, k ? ": " : "", clean);
}

static bool
on_progress(void *arg, const CopyTable *t, const CopyStats *s)
{
	Worker *w = arg;
	(void)t;
	progress_add(w->run->progress, s->rows - w->last_rows, s->bytes - w->last_bytes);
	w->last_rows = s->rows;
	w->last_bytes = s->bytes;
	return !chm_stop_requested && !w->run->failed;
}

/* Runs one statement in w's PostgreSQL session; on failure fills the job's error. */
static int
worker_exec(Worker *w, Job *j, const char *sql, const char *what)
{
	PGresult *res = PQexec(w->pg, sql);
	int rc = 0;
	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK) {
		set_error(j, what, PQresultErrorMessage(res));
		rc = CHM_EPG;
	}
	PQclear(res);
	return rc;
}

/* Loads one table into its staging schema, keys and indexes included, in one transaction. */
static int
load_table(Worker *w, Job *j)
{
	Run *run = w->run;
	StrBuf sql = STRBUF_INIT;
	Arena arena;
	CopyTable ct = {0};
	int rc;

	arena_init(&arena, "table", 16384);
	ct.src_schema = j->def.src_schema;
	ct.src_table = j->def.src_table;
	ct.dst_schema = j->stage_schema;
	ct.dst_table = j->def.dst_table;
	ct.max_memory = run->max_memory;
	ct.freeze = true;

	if ((rc = worker_exec(w, j, "BEGIN", "could not begin")) != 0)
		goto done;
	strbuf_puts(&sql, "SET LOCAL search_path TO ");
	strbuf_quote_ident(&sql, j->stage_schema, strlen(j->stage_schema));
	strbuf_puts(&sql, ", public");
	if ((rc = worker_exec(w, j, sql.data, "could not set the search path")) != 0)
		goto rollback;
	if ((rc = worker_exec(w, j, j->def.create_sql, "could not create the table")) != 0) {
		chm_log(LOG_ERROR, "the statement was: %s", j->def.create_sql);
		goto rollback;
	}
	/* the columns as the snapshot transaction sees them */
	if ((rc = copy_describe(w->my, &arena, &ct)) != 0) {
		set_error(j, "could not read the columns", mysql_error(w->my->mysql));
		goto rollback;
	}
	w->last_rows = w->last_bytes = 0;
	rc = copy_table(w->my, w->pg, &ct, on_progress, w, &j->stats);
	if (rc != 0) {
		if (rc == CHM_EINTERRUPTED)
			set_error(j, "interrupted", "");
		else if (rc == CHM_ECORRUPT)
			set_error(j, "a value PostgreSQL cannot store (logged above)", "");
		else if (mysql_errno(w->my->mysql) != 0)
			set_error(j, "could not copy the rows", mysql_error(w->my->mysql));
		else
			set_error(j, "could not copy the rows", PQerrorMessage(w->pg));
		goto rollback;
	}
	for (int i = 0; i < j->def.n_post; i++) {
		if ((rc = worker_exec(w, j, j->def.post_sql[i], "could not build a key or index")) != 0) {
			chm_log(LOG_ERROR, "the statement was: %s", j->def.post_sql[i]);
			goto rollback;
		}
		if (chm_stop_requested || run->failed) {
			set_error(j, "interrupted", "");
			rc = CHM_EINTERRUPTED;
			goto rollback;
		}
	}
	rc = worker_exec(w, j, "COMMIT", "could not commit");
	goto done;
rollback : {
	pg_rollback(w->pg);
}
done:
	arena_free(&arena);
	strbuf_free(&sql);
	return rc;
}

static void *
worker_main(void *arg)
{
	Worker *w = arg;
	Run *run = w->run;

	for (;;) {
		Job *j = NULL;
		pthread_mutex_lock(&run->lock);
		if (!run->failed && !chm_stop_requested && run->next < run->n_jobs)
			j = &run->jobs[run->next++];
		pthread_mutex_unlock(&run->lock);
		if (j == NULL)
			break;
		j->rc = load_table(w, j);
		if (j->rc != 0) {
			if (j->rc != CHM_EINTERRUPTED || !run->failed)
				chm_log(j->rc == CHM_EINTERRUPTED ? LOG_NOTICE : LOG_ERROR,
				        "table \"%s\".\"%s\": %s", j->def.src_schema, j->def.src_table, j->error);
			if (j->rc != CHM_EINTERRUPTED || chm_stop_requested)
				run->failed = 1;
		} else {
			char name[600];
			snprintf(name, sizeof(name), "%s.%s", j->def.src_schema, j->def.src_table);
			progress_table_done(run->progress, name, j->stats.rows);
		}
	}
	return NULL;
}

/* ---- the catalog side ---- */

/* Takes the per-source snapshot lock (session level): one init or sync at a time. */
static int
snapshot_lock(PGconn *pg, const char *id, const char *source)
{
	const char *p[1] = {id};
	PGresult *res;
	int rc = pg_exec_params(pg, "SELECT pg_try_advisory_lock(" PG_SNAPSHOT_LOCK_KEY ", $1::int)", 1,
	                        p, &res, "lock the source");
	if (rc != 0)
		return rc;
	if (strcmp(PQgetvalue(res, 0, 0), "t") != 0) {
		chm_log(LOG_ERROR, "another init-replica or sync-tables of source \"%s\" is running",
		        source);
		rc = CHM_ESTATE;
	}
	PQclear(res);
	return rc;
}

/* Drops the staging schemas a killed run of this source left behind. */
static int
drop_stale_stages(PGconn *pg, const char *source)
{
	char pattern[128];
	const char *p[1] = {pattern};
	PGresult *res;
	int rc;

	stage_name(pattern, sizeof(pattern), source, "%");
	rc = pg_exec_params(
	    pg, "SELECT nspname FROM pg_namespace WHERE nspname LIKE replace($1, '_', '\\_')", 1, p,
	    &res, "look for staging schemas");
	if (rc != 0)
		return rc;
	for (int i = 0; i < PQntuples(res) && rc == 0; i++) {
		StrBuf sql = STRBUF_INIT;
		const char *s = PQgetvalue(res, i, 0);
		chm_log(LOG_NOTICE, "dropping staging schema \"%s\" left by an earlier run", s);
		strbuf_puts(&sql, "DROP SCHEMA ");
		strbuf_quote_ident(&sql, s, strlen(s));
		strbuf_puts(&sql, " CASCADE");
		rc = pg_exec(pg, sql.data, "drop a staging schema");
		strbuf_free(&sql);
	}
	PQclear(res);
	return rc;
}

static void
drop_schema(PGconn *pg, const char *schema)
{
	StrBuf sql = STRBUF_INIT;
	strbuf_puts(&sql, "DROP SCHEMA IF EXISTS ");
	strbuf_quote_ident(&sql, schema, strlen(schema));
	strbuf_puts(&sql, " CASCADE");
	if (pg_exec(pg, sql.data, "drop a staging schema") != 0)
		chm_log(LOG_WARNING, "staging schema \"%s\" is left behind; the next run drops it", schema);
	strbuf_free(&sql);
}

static int
create_schema(PGconn *pg, const char *schema, bool if_not_exists)
{
	StrBuf sql = STRBUF_INIT;
	int rc;
	strbuf_puts(&sql, if_not_exists ? "CREATE SCHEMA IF NOT EXISTS " : "CREATE SCHEMA ");
	strbuf_quote_ident(&sql, schema, strlen(schema));
	rc = pg_exec(pg, sql.data, "create a schema");
	strbuf_free(&sql);
	return rc;
}

/* Writes the t_replica_tables row of a loaded table (coordinates NULL for init). */
static int
record_table(PGconn *pg, const char *id, const Job *j, const BinlogCoord *at)
{
	StrBuf keys = STRBUF_INIT;
	int rc;

	/* a text[] literal */
	strbuf_putc(&keys, '{');
	for (int i = 0; i < j->def.n_key; i++) {
		char buf[CHM_PG_NAME_MAX + 1];
		const char *k = chm_pg_name(j->def.key_columns[i], buf); /* the replica's column */
		if (i)
			strbuf_putc(&keys, ',');
		strbuf_putc(&keys, '"');
		for (; *k; k++) {
			if (*k == '"' || *k == '\\')
				strbuf_putc(&keys, '\\');
			strbuf_putc(&keys, *k);
		}
		strbuf_putc(&keys, '"');
	}
	strbuf_putc(&keys, '}');
	rc = pg_table_record(pg, id, j->def.src_schema, j->def.src_table,
	                     j->def.n_key > 0 ? keys.data : NULL, at);
	strbuf_free(&keys);
	if (rc == 0)
		rc = pg_table_model_save(pg, id, j->def.src_schema, j->def.src_table, j->def.model_json);
	if (rc == 0 && j->stats.nul_removed > 0)
		rc = pg_nul_removed_save(pg, id, j->def.src_schema, j->def.src_table, j->stats.nul_removed);
	return rc;
}

static int
grant_select(PGconn *pg, const SourceConfig *src, const char *schema)
{
	int rc = 0;
	for (int i = 0; i < src->grant_select_to.n && rc == 0; i++) {
		const char *role = src->grant_select_to.items[i];
		StrBuf sql = STRBUF_INIT;
		strbuf_puts(&sql, "GRANT USAGE ON SCHEMA ");
		strbuf_quote_ident(&sql, schema, strlen(schema));
		strbuf_puts(&sql, " TO ");
		strbuf_quote_ident(&sql, role, strlen(role));
		strbuf_puts(&sql, "; GRANT SELECT ON ALL TABLES IN SCHEMA ");
		strbuf_quote_ident(&sql, schema, strlen(schema));
		strbuf_puts(&sql, " TO ");
		strbuf_quote_ident(&sql, role, strlen(role));
		rc = pg_exec(pg, sql.data, "grant select to a role of grant_select_to");
		strbuf_free(&sql);
	}
	return rc;
}

/* ---- the source side ---- */

/* The distinct target schemas of the mapping, each with its staging schema name. */
typedef struct Target {
	const char *schema;
	char stage[96];
} Target;

/* The staging schema of target schema dst (a Target with schema NULL takes every one). */
static const char *
stage_for(const Target *t, int n, const char *dst)
{
	for (int i = 0; i < n; i++)
		if (t[i].schema == NULL || strcmp(t[i].schema, dst) == 0)
			return t[i].stage;
	return NULL;
}

/* Adds a job for schema.table, described by the control connection. */
static int
add_job(MyConn *my, const Config *cfg, const SourceConfig *src, Arena *arena, Job **jobs, int *n,
        int *cap, const char *schema, const char *table, uint64_t rows, uint64_t bytes,
        const Target *targets, int n_targets)
{
	const char *dst = filter_target_schema(src, schema);
	const char *stage = dst ? stage_for(targets, n_targets, dst) : NULL;
	Job *j;
	int rc;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*jobs = chm_realloc(*jobs, sizeof(Job) * (size_t)*cap);
	}
	j = &(*jobs)[*n];
	memset(j, 0, sizeof(*j));
	assert(stage != NULL);
	if ((rc = tabledef_build(my, cfg, schema, table, stage, arena, &j->def)) != 0)
		return rc;
	j->dst_schema = arena_strdup(arena, dst);
	j->stage_schema = stage;
	j->est_rows = rows;
	j->est_bytes = bytes;
	j->rc = 1;
	(*n)++;
	return 0;
}

/* Every wanted base table of the mapped schemas, biggest first. */
static int
list_tables(MyConn *my, const Config *cfg, const SourceConfig *src, Arena *arena, Job **jobs,
            int *n, const Target *targets, int n_targets)
{
	StrBuf sql = STRBUF_INIT;
	MYSQL_RES *res = NULL;
	MYSQL_ROW row;
	int rc = 0, cap = 0;

	strbuf_puts(
	    &sql,
	    "SELECT TABLE_SCHEMA, TABLE_NAME, COALESCE(TABLE_ROWS, 0), COALESCE(DATA_LENGTH, 0) "
	    "FROM information_schema.TABLES WHERE TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') "
	    "AND TABLE_SCHEMA IN (");
	my_quote_schemas(my, &sql, src);
	strbuf_puts(&sql, ") ORDER BY DATA_LENGTH DESC, TABLE_SCHEMA, TABLE_NAME");
	if (mysql_real_query(my->mysql, sql.data, sql.len) != 0 ||
	    (res = mysql_store_result(my->mysql)) == NULL) {
		my_log_error(my, "could not list the tables of the mapped schemas");
		rc = CHM_EMYSQL;
		goto done;
	}
	while ((row = mysql_fetch_row(res)) != NULL && rc == 0) {
		if (!filter_table_wanted(src, row[0], row[1]))
			continue;
		rc = add_job(my, cfg, src, arena, jobs, n, &cap, row[0], row[1], strtoull(row[2], NULL, 10),
		             strtoull(row[3], NULL, 10), targets, n_targets);
		if (rc == CHM_ENOTFOUND)
			chm_log(LOG_ERROR, "table \"%s\".\"%s\" does not exist on MySQL server %s", row[0],
			        row[1], my->where);
	}
done:
	if (res)
		mysql_free_result(res);
	strbuf_free(&sql);
	return rc;
}

/* ---- the run ---- */

/*
 * Opens the workers, starts the shared snapshot, runs the jobs.  *at is
 * the snapshot's binlog point.  Returns 0 when every job is loaded.
 */
static int
run_jobs(Run *run, MyConn *control, int n_workers, BinlogCoord *at, const char *what)
{
	const SourceConfig *src = run->src;
	Worker *w = chm_calloc((size_t)n_workers, sizeof(Worker));
	MyConn *conns = chm_calloc((size_t)n_workers, sizeof(MyConn));
	const char **names;
	MySnapshotSpec spec;
	uint64_t est_rows = 0, est_bytes = 0;
	int rc = 0, opened = 0;
	char app[80], where[COORD_FILE_MAX + 32];

	snprintf(app, sizeof(app), "chameleon %s worker", what);
	for (int i = 0; i < n_workers && rc == 0; i++) {
		w[i].run = run;
		w[i].my = &conns[i];
		rc = my_connect(&conns[i], &src->db_conn, src->net_read_timeout, 0);
		if (rc == 0) {
			rc = pg_connect(&run->cfg->pg_conn, app, &w[i].pg);
			if (rc != 0)
				my_close(&conns[i]);
		}
		if (rc == 0)
			opened++;
	}
	if (rc != 0)
		goto done;
	/* the copied tables, for the snapshot's LOCK TABLES when that is the
	 * method its user's privileges leave */
	names = chm_calloc((size_t)run->n_jobs * 2 + 1, sizeof(char *));
	for (int i = 0; i < run->n_jobs; i++) {
		names[2 * i] = run->jobs[i].def.src_schema;
		names[2 * i + 1] = run->jobs[i].def.src_table;
	}
	spec.method = src->snapshot_method;
	spec.lock_timeout_s = parse_seconds(src->lock_timeout);
	spec.tables = names;
	spec.n_tables = run->n_jobs;
	rc = my_snapshot_start(control, conns, n_workers, &spec, at);
	free(names);
	if (rc != 0)
		goto done;
	chm_log(LOG_INFO, "%s: snapshot of %d tables at %s with %d worker%s", what, run->n_jobs,
	        coord_format(at, where, sizeof(where)), n_workers, n_workers > 1 ? "s" : "");

	for (int i = 0; i < run->n_jobs; i++) {
		est_rows += run->jobs[i].est_rows;
		est_bytes += run->jobs[i].est_bytes;
	}
	run->progress = progress_new(what, run->n_jobs, est_rows, est_bytes, -1);
	for (int i = 0; i < n_workers; i++) {
		if (pthread_create(&w[i].thread, NULL, worker_main, &w[i]) != 0) {
			chm_log(LOG_ERROR, "could not start a worker thread");
			run->failed = 1;
			n_workers = i;
			break;
		}
	}
	for (int i = 0; i < n_workers; i++)
		pthread_join(w[i].thread, NULL);
	for (int i = 0; i < run->n_jobs; i++) {
		Job *j = &run->jobs[i];
		if (j->rc != 0 && j->rc != 1 && j->rc != CHM_EINTERRUPTED)
			chm_log(LOG_ERROR, "%s failed on table \"%s\".\"%s\": %s", what, j->def.src_schema,
			        j->def.src_table, j->error);
		if (j->rc != 0 && rc == 0)
			rc = j->rc == 1 ? CHM_EINTERRUPTED : j->rc;
	}
	/* a failing table first, interrupted tables only when nothing failed */
	for (int i = 0; i < run->n_jobs; i++)
		if (run->jobs[i].rc != 0 && run->jobs[i].rc != 1 && run->jobs[i].rc != CHM_EINTERRUPTED) {
			rc = run->jobs[i].rc;
			break;
		}
	if (chm_stop_requested && rc == 0)
		rc = CHM_EINTERRUPTED;
	progress_finish(run->progress, rc == 0);
	run->progress = NULL;
done:
	for (int i = 0; i < opened; i++) {
		my_close(&conns[i]);
		pg_disconnect(w[i].pg);
	}
	free(conns);
	free(w);
	return rc;
}

static int
compare_jobs(const void *a, const void *b)
{
	const Job *x = a, *y = b;
	return x->est_bytes < y->est_bytes ? 1 : x->est_bytes > y->est_bytes ? -1 : 0;
}

/* Refuses a configuration init-replica cannot honour, before anything changes. */
static int
init_check_config(const SourceConfig *src)
{
	if (src->keep_existing_schema) {
		/* refusing beats replacing tables the user asked to keep */
		chm_log(LOG_ERROR,
		        "source \"%s\": keep_existing_schema is not supported: init-replica replaces the "
		        "target schemas with the copy; set keep_existing_schema to No",
		        src->name);
		return CHM_ECONFIG;
	}
	if (src->schema_mappings.n == 0) {
		chm_log(LOG_ERROR, "source \"%s\" maps no schema: set schema_mappings", src->name);
		return CHM_ECONFIG;
	}
	return 0;
}

/*
 * The staging schemas, one per distinct target schema (*n of them); the
 * array is malloc'd, for the caller to free.
 */
static Target *
init_targets(const SourceConfig *src, int *n)
{
	Target *targets = chm_calloc((size_t)src->schema_mappings.n, sizeof(Target));
	int n_targets = 0;

	for (int i = 0; i < src->schema_mappings.n; i++) {
		const char *t = src->schema_mappings.values[i];
		bool seen = false;
		for (int k = 0; k < n_targets; k++)
			seen = seen || strcmp(targets[k].schema, t) == 0;
		if (seen)
			continue;
		targets[n_targets].schema = t;
		{
			char num[16];
			snprintf(num, sizeof(num), "%d", n_targets + 1);
			stage_name(targets[n_targets].stage, sizeof(targets[n_targets].stage), src->name, num);
		}
		n_targets++;
	}
	*n = n_targets;
	return targets;
}

/*
 * The swap, everything or nothing in one transaction: each target schema
 * replaced by its staging copy, the source's read coordinates set to the
 * snapshot point at, its tables and foreign keys recorded.  Rolls back on
 * failure; the staging schemas are then the caller's to drop.
 */
static int
init_swap(PGconn *pg, const Run *run, const char *id, const Target *targets, int n_targets,
          const BinlogCoord *at, const ForeignKeys *fks)
{
	const SourceConfig *src = run->src;
	StrBuf sql = STRBUF_INIT;
	const char *p[4];
	PGresult *res;
	int rc;

	rc = pg_exec(pg, "BEGIN", "begin the swap");
	/* wait for a replay slice that may run on the old copy */
	if (rc == 0) {
		p[0] = id;
		rc = pg_exec_params(pg, "SELECT pg_advisory_xact_lock(" PG_REPLAY_LOCK_KEY ", $1::int)", 1,
		                    p, &res, "hold the replay");
		if (rc == 0)
			PQclear(res);
	}
	for (int k = 0; k < n_targets && rc == 0; k++) {
		strbuf_reset(&sql);
		strbuf_puts(&sql, "DROP SCHEMA IF EXISTS ");
		strbuf_quote_ident(&sql, targets[k].schema, strlen(targets[k].schema));
		strbuf_puts(&sql, " CASCADE; ALTER SCHEMA ");
		strbuf_quote_ident(&sql, targets[k].stage, strlen(targets[k].stage));
		strbuf_puts(&sql, " RENAME TO ");
		strbuf_quote_ident(&sql, targets[k].schema, strlen(targets[k].schema));
		rc = pg_exec(pg, sql.data, "swap the new copy in");
		if (rc == 0)
			rc = grant_select(pg, src, targets[k].schema);
	}
	strbuf_free(&sql);
	/* the source starts over: no stored batch, no table state from before */
	if (rc == 0)
		rc = pg_source_reset(pg, id);
	if (rc == 0)
		rc = pg_source_set_start(pg, id, at);
	for (int i = 0; i < run->n_jobs && rc == 0; i++)
		rc = record_table(pg, id, &run->jobs[i], NULL);
	if (rc == 0)
		rc = fkeys_store(pg, src, id, fks, NULL, 0);
	if (rc == 0)
		rc = pg_exec(pg, "COMMIT", "commit the swap");
	if (rc != 0) {
		pg_rollback(pg);
	} else {
		char where[COORD_FILE_MAX + 32];
		uint64_t rows = 0;
		for (int i = 0; i < run->n_jobs; i++)
			rows += run->jobs[i].stats.rows;
		chm_log(LOG_INFO,
		        "init-replica of source \"%s\": %d tables, %llu rows; the replica starts at %s",
		        src->name, run->n_jobs, (unsigned long long)rows,
		        coord_format(at, where, sizeof(where)));
	}
	return rc;
}

int
snapshot_init_replica(const Config *cfg, const SourceConfig *src, int jobs)
{
	PGconn *pg = NULL;
	MyConn control = {0};
	Arena arena;
	Run run = {.cfg = cfg, .src = src, .mode = MODE_INIT};
	Target *targets = NULL;
	int n_targets = 0, rc;
	char id[32];
	bool staged = false, status_set = false, fks_read = false;
	BinlogCoord at;
	ForeignKeys fks;

	arena_init(&arena, "snapshot", 65536);
	pthread_mutex_init(&run.lock, NULL);
	chm_signals_install();
	if (jobs < 1)
		jobs = 1;
	if ((rc = init_check_config(src)) != 0)
		goto done;
	if ((rc = pg_open(cfg, "chameleon init-replica", true, &pg)) != 0 ||
	    (rc = instance_read_target(pg)) != 0)
		goto done;
	if ((rc = pg_exec(pg, "SET client_min_messages = warning", "set the message level")) != 0)
		goto done;
	if ((rc = pg_source_lookup(pg, src->name, id, sizeof(id), NULL, 0)) != 0)
		goto done;
	if ((rc = snapshot_lock(pg, id, src->name)) != 0)
		goto done;
	if ((rc = pg_source_set_status(pg, src->name, "initialising")) != 0)
		goto done;
	status_set = true;

	if ((rc = my_connect(&control, &src->db_conn, src->net_read_timeout, 0)) != 0)
		goto done;
	if ((rc = my_check_source(&control)) != 0 || (rc = my_check_snapshot(&control, src)) != 0)
		goto done;

	targets = init_targets(src, &n_targets);
	if ((rc = list_tables(&control, cfg, src, &arena, &run.jobs, &run.n_jobs, targets,
	                      n_targets)) != 0)
		goto done;
	if (run.n_jobs > 1) /* a source may have no table yet: jobs is NULL then */
		qsort(run.jobs, (size_t)run.n_jobs, sizeof(Job), compare_jobs);
	if ((rc = drop_stale_stages(pg, src->name)) != 0)
		goto done;
	staged = true;
	for (int k = 0; k < n_targets && rc == 0; k++)
		rc = create_schema(pg, targets[k].stage, false);
	if (rc != 0)
		goto done;
	run.max_memory = src->copy_max_memory / jobs;

	if ((rc = run_jobs(&run, &control, jobs, &at, "init-replica")) != 0)
		goto done;
	/* the keys whose actions the replica performs (DEFECTS.md 31); a key
	 * changed since the snapshot point comes again with its DDL event */
	fks_read = true;
	if ((rc = fkeys_read(&control, src, NULL, 0, &fks)) != 0)
		goto done;

	/* the swap: everything or nothing */
	if ((rc = init_swap(pg, &run, id, targets, n_targets, &at, &fks)) == 0)
		staged = false;
done:
	if (pg != NULL && staged)
		for (int k = 0; k < n_targets; k++)
			drop_schema(pg, targets[k].stage);
	if (pg != NULL && status_set && rc != 0) {
		if (pg_source_set_status(pg, src->name, "error") == 0)
			chm_log(LOG_ERROR, "init-replica of source \"%s\" %s; the previous copy is untouched",
			        src->name, rc == CHM_EINTERRUPTED ? "was interrupted" : "failed");
	}
	if (control.mysql)
		my_close(&control);
	if (pg)
		pg_disconnect(pg);
	free(targets);
	free(run.jobs);
	if (fks_read)
		fkeys_free(&fks);
	pthread_mutex_destroy(&run.lock);
	arena_free(&arena);
	return rc;
}

/* ---- sync-tables ---- */

/*
 * Splits a "s.t,s.t" list (the command line's) into schema, table pairs
 * (malloc'd, *n pairs; free with free_names).  An item without a dot is
 * an error named here, counted in *bad.
 */
static char **
parse_list(const char *list, int *n, int *bad)
{
	char *copy = chm_strdup(list), *save = NULL;
	char **names = NULL;

	*n = 0;
	for (char *item = strtok_r(copy, ",", &save); item != NULL; item = strtok_r(NULL, ",", &save)) {
		char *dot;
		while (isspace((unsigned char)*item))
			item++;
		for (size_t l = strlen(item); l > 0 && isspace((unsigned char)item[l - 1]); l--)
			item[l - 1] = '\0';
		if (*item == '\0')
			continue;
		if ((dot = strchr(item, '.')) == NULL) {
			chm_log(LOG_ERROR, "table \"%s\" is not schema.table", item);
			(*bad)++;
			continue;
		}
		*dot = '\0';
		names = chm_realloc(names, sizeof(char *) * (size_t)(*n + 1) * 2);
		names[2 * *n] = chm_strdup(item);
		names[2 * *n + 1] = chm_strdup(dot + 1);
		(*n)++;
	}
	free(copy);
	return names;
}

static void
free_names(char **names, int n)
{
	for (int i = 0; i < 2 * n; i++)
		free(names[i]);
	free(names);
}

/*
 * Adds the jobs of n schema, table pairs; every name is checked before
 * anything is copied.  missing_ok (the disabled tables): a table the
 * source no longer has (renamed out of the replicated schemas, dropped) is
 * left as it is, with a notice, instead of failing the others.
 */
static int
jobs_from_list(MyConn *my, const Config *cfg, const SourceConfig *src, Arena *arena,
               const char *const *names, int nnames, int bad, bool missing_ok, Job **jobs, int *n,
               const Target *stage)
{
	int rc = 0, cap = 0;

	for (int k = 0; k < nnames; k++) {
		const char *schema = names[2 * k], *table = names[2 * k + 1];
		if (!filter_table_wanted(src, schema, table)) {
			chm_log(LOG_ERROR,
			        "table \"%s\".\"%s\" is not replicated by source \"%s\" (schema_mappings, "
			        "limit_tables, skip_tables)",
			        schema, table, src->name);
			bad++;
			continue;
		}
		for (int i = 0; i < *n; i++)
			if (strcmp((*jobs)[i].def.src_schema, schema) == 0 &&
			    strcmp((*jobs)[i].def.src_table, table) == 0)
				goto next;
		rc = add_job(my, cfg, src, arena, jobs, n, &cap, schema, table, 0, 0, stage, 1);
		if (rc == CHM_ENOTFOUND && missing_ok) {
			chm_log(LOG_NOTICE,
			        "disabled table \"%s\".\"%s\" is no longer on MySQL server %s (renamed or "
			        "dropped): it stays as it is",
			        schema, table, my->where);
			rc = 0;
		} else if (rc == CHM_ENOTFOUND) {
			chm_log(LOG_ERROR, "table \"%s\".\"%s\" does not exist on MySQL server %s", schema,
			        table, my->where);
			bad++;
			rc = 0;
		} else if (rc != 0) {
			break;
		}
	next:;
	}
	if (rc == 0 && bad > 0)
		rc = CHM_ENOTFOUND;
	if (rc == 0 && *n == 0 && !missing_ok) {
		chm_log(LOG_ERROR, "no table to sync");
		rc = CHM_EUSAGE;
	}
	return rc;
}

static int sync_run(const Config *cfg, const SourceConfig *src, const char *const *names, int n,
                    int bad, bool disabled, int jobs);

int
snapshot_sync_tables(const Config *cfg, const SourceConfig *src, const char *tables, int jobs)
{
	char **names;
	int n = 0, bad = 0, rc;

	if (tables == NULL || *tables == '\0') {
		chm_log(LOG_ERROR, "sync-tables needs --tables s.t,... or --tables disabled");
		return CHM_EUSAGE;
	}
	chm_signals_install();
	if (strcmp(tables, "disabled") == 0)
		return sync_run(cfg, src, NULL, 0, 0, true, jobs);
	names = parse_list(tables, &n, &bad);
	rc = sync_run(cfg, src, (const char *const *)names, n, bad, false, jobs);
	free_names(names, n);
	return rc;
}

int
snapshot_sync_table_list(const Config *cfg, const SourceConfig *src, const char *const *names,
                         int n, int jobs)
{
	return sync_run(cfg, src, names, n, 0, false, jobs);
}

/* sync-tables of n schema, table pairs (bad: items of the list already refused), or of the
 * disabled tables. */
/*
 * The swap of sync-tables, in one transaction: each synced table replaces
 * the replica's from the staging schema stage, is recorded with the
 * snapshot point at, and its foreign keys are stored; the source's status
 * goes back to status.  Rolls back on failure.
 */
static int
sync_swap(PGconn *pg, const Run *run, const char *id, const char *status, const char *stage,
          const BinlogCoord *at, const ForeignKeys *fks, const char *const *synced)
{
	const SourceConfig *src = run->src;
	int rc;

	rc = pg_exec(pg, "BEGIN", "begin the swap");
	for (int i = 0; i < run->n_jobs && rc == 0; i++) {
		const Job *j = &run->jobs[i];
		StrBuf sql = STRBUF_INIT;
		if ((rc = create_schema(pg, j->dst_schema, true)) != 0)
			break;
		strbuf_puts(&sql, "DROP TABLE IF EXISTS ");
		strbuf_quote_ident(&sql, j->dst_schema, strlen(j->dst_schema));
		strbuf_putc(&sql, '.');
		chm_quote_pg_name(&sql, j->def.dst_table);
		strbuf_puts(&sql, " CASCADE; ALTER TABLE ");
		strbuf_quote_ident(&sql, stage, strlen(stage));
		strbuf_putc(&sql, '.');
		chm_quote_pg_name(&sql, j->def.dst_table);
		strbuf_puts(&sql, " SET SCHEMA ");
		strbuf_quote_ident(&sql, j->dst_schema, strlen(j->dst_schema));
		rc = pg_exec(pg, sql.data, "swap the new copy in");
		strbuf_free(&sql);
		if (rc == 0)
			rc = record_table(pg, id, j, at);
		if (rc == 0 && src->grant_select_to.n > 0)
			rc = grant_select(pg, src, j->dst_schema);
	}
	if (rc == 0)
		rc = fkeys_store(pg, src, id, fks, synced, run->n_jobs);
	if (rc == 0)
		rc = pg_source_set_status(pg, run->src->name, status);
	if (rc == 0)
		rc = pg_exec(pg, "COMMIT", "commit the swap");
	if (rc != 0) {
		pg_rollback(pg);
	} else {
		char where[COORD_FILE_MAX + 32];
		for (int i = 0; i < run->n_jobs; i++)
			chm_log(LOG_INFO, "table \"%s\".\"%s\" synced: %llu rows as of %s",
			        run->jobs[i].def.src_schema, run->jobs[i].def.src_table,
			        (unsigned long long)run->jobs[i].stats.rows,
			        coord_format(at, where, sizeof(where)));
	}
	return rc;
}

/*
 * Releases the replay that sync-tables held from its snapshot point; when
 * it failed, first puts back the source's status.
 */
static void
sync_release(PGconn *pg, const char *source, const char *id, const char *status, bool failed)
{
	const char *p[1];
	PGresult *res;

	/* already failing: a second error is only logged */
	if (failed && pg_source_set_status(pg, source, status) != 0)
		chm_log(LOG_WARNING, "source \"%s\" keeps the status the failed sync-tables left", source);
	p[0] = id;
	if (pg_exec_params(pg, "SELECT pg_advisory_unlock(" PG_REPLAY_LOCK_KEY ", $1::int)", 1, p, &res,
	                   "release the replay") == 0)
		PQclear(res);
}

static int
sync_run(const Config *cfg, const SourceConfig *src, const char *const *names, int nnames, int bad,
         bool disabled, int jobs)
{
	PGconn *pg = NULL;
	MyConn control = {0};
	Arena arena;
	Run run = {.cfg = cfg, .src = src, .mode = MODE_SYNC};
	char id[32], status[32];
	Target stage = {.schema = NULL};
	char **list = NULL;
	int nlist = 0;
	const char **synced = NULL;
	ForeignKeys fks;
	bool staged = false, held = false, fks_read = false;
	BinlogCoord at;
	const char *p[2];
	PGresult *res;
	int rc;

	arena_init(&arena, "sync", 65536);
	pthread_mutex_init(&run.lock, NULL);
	if (jobs < 1)
		jobs = 1;
	if ((rc = pg_open(cfg, "chameleon sync-tables", true, &pg)) != 0 ||
	    (rc = instance_read_target(pg)) != 0)
		goto done;
	if ((rc = pg_exec(pg, "SET client_min_messages = warning", "set the message level")) != 0)
		goto done;
	if ((rc = pg_source_lookup(pg, src->name, id, sizeof(id), status, sizeof(status))) != 0)
		goto done;
	if (strcmp(status, "ready") == 0 || strcmp(status, "initialising") == 0) {
		chm_log(LOG_ERROR, "source \"%s\" is %s: run init-replica first", src->name, status);
		rc = CHM_ESTATE;
		goto done;
	}
	if ((rc = snapshot_lock(pg, id, src->name)) != 0)
		goto done;
	if (disabled) {
		if ((rc = pg_tables_disabled(pg, id, &list, &nlist)) != 0)
			goto done;
		if (nlist == 0) {
			chm_log(LOG_INFO, "source \"%s\" has no disabled table: nothing to sync", src->name);
			goto done;
		}
		names = (const char *const *)list;
		nnames = nlist;
	}

	if ((rc = my_connect(&control, &src->db_conn, src->net_read_timeout, 0)) != 0)
		goto done;
	if ((rc = my_check_source(&control)) != 0 || (rc = my_check_snapshot(&control, src)) != 0)
		goto done;
	stage_name(stage.stage, sizeof(stage.stage), src->name, "sync");
	if ((rc = jobs_from_list(&control, cfg, src, &arena, names, nnames, bad, disabled, &run.jobs,
	                         &run.n_jobs, &stage)) != 0)
		goto done;
	if (run.n_jobs == 0) {
		chm_log(LOG_INFO, "source \"%s\": no disabled table is on the source: nothing to sync",
		        src->name);
		goto done;
	}

	if ((rc = drop_stale_stages(pg, src->name)) != 0)
		goto done;
	staged = true;
	if ((rc = create_schema(pg, stage.stage, false)) != 0)
		goto done;
	run.max_memory = src->copy_max_memory / jobs;

	/*
	 * Hold the replay from the snapshot point to the swap: an event it
	 * applied to the old table after the point would be missing from the
	 * new copy.  Waits for a running slice to finish.
	 */
	p[0] = id;
	if ((rc = pg_exec_params(pg, "SELECT pg_advisory_lock(" PG_REPLAY_LOCK_KEY ", $1::int)", 1, p,
	                         &res, "hold the replay")) != 0)
		goto done;
	PQclear(res);
	held = true;
	if ((rc = pg_source_set_status(pg, src->name, "syncing")) != 0)
		goto done;

	if ((rc = run_jobs(&run, &control, jobs, &at, "sync-tables")) != 0)
		goto done;
	/* the keys of the synced tables, as child or parent */
	synced = chm_calloc((size_t)run.n_jobs * 2, sizeof(char *));
	for (int i = 0; i < run.n_jobs; i++) {
		synced[2 * i] = run.jobs[i].def.src_schema;
		synced[2 * i + 1] = run.jobs[i].def.src_table;
	}
	fks_read = true;
	if ((rc = fkeys_read(&control, src, synced, run.n_jobs, &fks)) != 0)
		goto done;

	rc = sync_swap(pg, &run, id, status, stage.stage, &at, &fks, synced);
done:
	if (pg != NULL && held)
		sync_release(pg, src->name, id, status, rc != 0);
	if (pg != NULL && staged)
		drop_schema(pg, stage.stage);
	if (rc != 0 && rc != CHM_EUSAGE)
		chm_log(LOG_ERROR, "sync-tables of source \"%s\" %s; the tables are as they were",
		        src->name, rc == CHM_EINTERRUPTED ? "was interrupted" : "failed");
	if (control.mysql)
		my_close(&control);
	if (pg)
		pg_disconnect(pg);
	free_names(list, nlist);
	free(synced);
	if (fks_read)
		fkeys_free(&fks);
	free(run.jobs);
	pthread_mutex_destroy(&run.lock);
	arena_free(&arena);
	return rc;
}
