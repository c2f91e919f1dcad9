/*
 * reader_ddl.c — the reader's DDL path and the input the replica refuses.
 *
 * A QUERY event that is not a transaction boundary goes here: it is
 * translated with the source's filters (DdlContext.wanted), so it names
 * only replicated tables, and stored with the tables' new definitions.
 * What the replica cannot take (DDL the translator refuses, a row over
 * PostgreSQL's limits, a table renamed out of the mapped schemas) is
 * stored as a statement failing with SQLSTATE CH010, which stops only that
 * table, in stream order (architecture §11); a table renamed in is copied once
 * its batch is committed.  Text from the source is cleaned before it is
 * stored, and the text of skipped statements is never logged.  Not here:
 * translating (ddl/), transaction boundaries and batches (reader.c).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/daemon.h"
#include "common/log.h"
#include "common/mem.h"
#include "ddl/ddl.h"
#include "replica/filter.h"
#include "replica/fkeys.h"
#include "replica/instance.h"
#include "replica/reader_int.h"
#include "replica/snapshot.h"

/*
 * Copies s[0..n) into b as text PostgreSQL takes: without NUL bytes, and
 * with each byte that is not part of valid UTF-8 written as '?'.
 */
static void
clean_text(StrBuf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		size_t len = u[i] == '\0' ? 0 : utf8_char_len(u + i, n - i);
		if (len == 0) {
			if (u[i] != '\0')
				strbuf_putc(b, '?');
			i++;
			continue;
		}
		strbuf_append(b, s + i, len);
		i += len;
	}
}

/*
 * Stores, in place of input the replica cannot take (DDL it cannot
 * translate, a row over PostgreSQL's limits, a table renamed out of the
 * mapped schemas), a statement that fails with SQLSTATE CH010: the replay
 * disables schema.table there, after the table's earlier events, and
 * records message and detail in t_error_log, whatever on_error_replay says
 * (functions-5.sql); the other tables go on.  The texts may come from the
 * source: they are cleaned to UTF-8 and quoted as literals inside the DO
 * block's body, whose dollar-quote tag they cannot hold, so no byte of
 * theirs is read as SQL.
 */
int
reader_table_refused(Reader *r, const char *schema, const char *table, const BinlogCoord *at,
                     int64_t commit_time, const char *message, const char *detail)
{
	StrBuf msg = STRBUF_INIT, det = STRBUF_INIT, body = STRBUF_INIT, sql = STRBUF_INIT;
	int rc;

	chm_log(LOG_WARNING, "table \"%s\".\"%s\" stops replicating at %s:%" PRIu64 ": %s", schema,
	        table, at->file, at->pos, message);
	clean_text(&msg, message, strlen(message));
	clean_text(&det, detail ? detail : "", detail ? strlen(detail) : 0);
	strbuf_puts(&body, "BEGIN RAISE EXCEPTION USING ERRCODE = 'CH010', MESSAGE = ");
	strbuf_quote_literal(&body, msg.data ? msg.data : "", msg.len);
	strbuf_puts(&body, ", DETAIL = ");
	strbuf_quote_literal(&body, det.data ? det.data : "", det.len);
	strbuf_puts(&body, "; END");
	strbuf_puts(&sql, "DO ");
	strbuf_dollar_quote(&sql, body.data, body.len);
	strbuf_puts(&sql, ";\n");
	if ((rc = reader_ensure_batch(r)) == 0) {
		LogEvent le = {
		    .kind = LOG_EVENT_DDL,
		    .schema = schema,
		    .table = table,
		    .binlog_file = at->file,
		    .binlog_pos = at->pos,
		    .commit_time = commit_time,
		    .commit_usec = reader_commit_usec_estimate(commit_time),
		    .xid = r->st->transactions + 1,
		    .query = sql.data,
		    .query_len = sql.len,
		};
		if ((rc = pg_log_append(r->lw, &le)) == 0) {
			r->batch_ddl++;
			r->batch_rows++;
			r->st->tables_refused++;
		}
	}
	strbuf_free(&msg);
	strbuf_free(&det);
	strbuf_free(&body);
	strbuf_free(&sql);
	return rc;
}

/* DdlContext.wanted: the tables this source replicates. */
static bool
reader_table_wanted(void *arg, const char *schema, const char *table)
{
	const Reader *r = arg;
	return filter_table_wanted(r->src, schema, table);
}

/*
 * A statement on replicated tables that cannot be translated, or whose
 * translation PostgreSQL could not read: each table it names stops there
 * (reader_table_refused), with the statement and the reason; one that names none
 * the translator could read is recorded in t_error_log.
 */
static int
ddl_refused(Reader *r, const BinlogEvent *ev, const BinlogCoord *at, const DdlStatement *s,
            const char *schema)
{
	StrBuf msg = STRBUF_INIT, detail = STRBUF_INIT;
	int rc = 0;

	strbuf_printf(&msg, "could not %s the DDL at %s:%" PRIu64 ": %s",
	              s->outcome == DDL_FAILED ? "translate" : "store", at->file, at->pos,
	              s->outcome == DDL_FAILED ? s->message : "its translation is not valid UTF-8");
	strbuf_puts(&detail, "statement: ");
	clean_text(&detail, s->text, s->len > 4000 ? 4000 : s->len);
	if (s->len > 4000)
		strbuf_puts(&detail, "...");
	if (s->ntables == 0) {
		chm_log(LOG_WARNING, "%s (schema \"%s\"; no table it names could be read)", msg.data,
		        schema ? schema : "");
		if ((rc = reader_ensure_batch(r)) == 0)
			rc = pg_log_error_note(r->lw, schema, msg.data, detail.data);
		r->st->stmts_refused++;
	}
	for (int k = 0; k < s->ntables && rc == 0; k++) {
		const DdlTableRef *t = &s->tables[k];
		bool seen = false;
		for (int j = 0; j < k; j++)
			seen |= strcmp(s->tables[j].schema, t->schema) == 0 &&
			        strcmp(s->tables[j].name, t->name) == 0;
		if (!seen)
			rc = reader_table_refused(r, t->schema, t->name, at, ev->timestamp, msg.data,
			                          detail.data);
	}
	strbuf_free(&msg);
	strbuf_free(&detail);
	return rc;
}

/* A replicated table renamed out of the replicated schemas: it stops there,
 * its rows stay on the replica, and the translator forgets it. */
static int
table_left(Reader *r, const BinlogEvent *ev, const BinlogCoord *at, const DdlTableRef *from,
           const DdlTableRef *to)
{
	StrBuf msg = STRBUF_INIT;
	int rc;

	strbuf_printf(&msg,
	              "table renamed to \"%s\".\"%s\", which is not replicated: it is no longer "
	              "replicated and its rows stay on the replica",
	              to->schema ? to->schema : "", to->name);
	reader_drop_hints(r, from->schema, from->name);
	rc = reader_table_refused(r, from->schema, from->name, at, ev->timestamp, msg.data, NULL);
	if (rc == 0)
		rc = pg_log_table_model(r->lw, from->schema, from->name, NULL);
	strbuf_free(&msg);
	return rc;
}

/*
 * A table renamed into the replicated ones, or one whose rows an ADD COLUMN
 * filled with values the binlog does not carry (why says which, for the
 * log): copied once the batch is committed.
 */
static void
queue_sync(Reader *r, const DdlTableRef *t, const char *why)
{
	for (int i = 0; i < r->nto_sync; i++)
		if (strcmp(r->to_sync[3 * i], t->schema) == 0 &&
		    strcmp(r->to_sync[3 * i + 1], t->name) == 0)
			return; /* once is enough */
	r->to_sync = chm_realloc(r->to_sync, sizeof(char *) * (size_t)(r->nto_sync + 1) * 3);
	r->to_sync[3 * r->nto_sync] = chm_strdup(t->schema);
	r->to_sync[3 * r->nto_sync + 1] = chm_strdup(t->name);
	r->to_sync[3 * r->nto_sync + 2] = chm_strdup(why);
	r->nto_sync++;
}

/*
 * Logs the notices ("-- " lines) of a translated statement: what the
 * replica does not keep (an index whose expression does not translate, a
 * NOT ENFORCED CHECK) is stored with the DDL and said in the log, as the
 * snapshot says it of the tables it copies.
 */
static void
log_notices(const BinlogCoord *at, const DdlTableRef *t, const char *sql)
{
	for (const char *l = sql; l != NULL && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *end = strchr(l, '\n');
		int n = end ? (int)(end - l) : (int)strlen(l);
		if (n > 3 && strncmp(l, "-- ", 3) == 0)
			chm_log(LOG_NOTICE, "DDL at %s:%" PRIu64 " on table \"%s\".\"%s\": %.*s", at->file,
			        at->pos, t->schema ? t->schema : "", t->name, n - 3, l + 3);
	}
}

/* MySQL's sql_mode bits that change how DDL is read, as sql_mode text. */
#define MY_MODE_ANSI_QUOTES          (1ULL << 2)
#define MY_MODE_NO_BACKSLASH_ESCAPES (1ULL << 20)
#define MY_MODE_MAXDB                (1ULL << 12) /* MariaDB: TIMESTAMP means DATETIME */

int
reader_on_ddl(Reader *r, const BinlogEvent *ev, const BinlogCoord *at)
{
	const BinlogQuery *q = &ev->u.query;
	DdlContext ctx;
	DdlResult res;
	char mode[64] = "";
	bool mapped_default;
	int rc = 0;

	ddl_context_init(&ctx);
	if (q->schema && q->schema[0])
		ddl_context_set_schema(&ctx, q->schema);
	if (q->have_sql_mode) {
		snprintf(mode, sizeof(mode), "%s%s%s",
		         (q->sql_mode & MY_MODE_ANSI_QUOTES) ? "ANSI_QUOTES" : "",
		         (q->sql_mode & MY_MODE_ANSI_QUOTES) && (q->sql_mode & MY_MODE_NO_BACKSLASH_ESCAPES)
		             ? ","
		             : "",
		         (q->sql_mode & MY_MODE_NO_BACKSLASH_ESCAPES) ? "NO_BACKSLASH_ESCAPES" : "");
		ctx.sql_mode = ddl_sql_mode_bits(mode, strlen(mode));
		if (q->sql_mode & MY_MODE_MAXDB)
			ctx.sql_mode |= ddl_sql_mode_bits("MAXDB", 5);
	}
	ctx.schema_map = &r->src->schema_mappings;
	ctx.overrides = r->opt->cfg->type_override;
	ctx.n_overrides = r->opt->cfg->n_type_override;
	ctx.model = r->model;
	ctx.pg_vector_type = instance_vector_type();
	ctx.mysql = r->parser.have_format && !r->parser.format.mariadb;
	ctx.wanted = reader_table_wanted;
	ctx.wanted_arg = r;
	(void)ddl_translate(&ctx, q->sql, q->sql_len, &res);
	mapped_default = q->schema && q->schema[0] && filter_target_schema(r->src, q->schema);
	for (int i = 0; i < res.n && rc == 0; i++) {
		const DdlStatement *s = &res.stmts[i];
		const DdlTableRef *tr = s->ntables > 0 ? &s->tables[0] : NULL;

		/* renames across the border of the replicated tables (ddl/scope.c) */
		for (int k = 0; k < s->nleaving && rc == 0; k++)
			rc = table_left(r, ev, at, &s->leaving[2 * k], &s->leaving[2 * k + 1]);
		for (int k = 0; k < s->nentering; k++)
			queue_sync(r, &s->entering[2 * k + 1], "was renamed into the replicated schemas");
		if (rc != 0)
			break;
		if (s->outcome == DDL_SKIPPED) {
			/* the text is not logged: it may hold row values or an
			 * account's password (CREATE USER ... IDENTIFIED BY) */
			if (strcmp(s->cls, "dml") == 0 && mapped_default)
				/* a row change written as a statement (a session with
				 * binlog_format=STATEMENT or MIXED): the replica cannot follow it */
				chm_log(LOG_WARNING,
				        "statement-based row change at %s:%" PRIu64 " in schema \"%s\" is not "
				        "replicated (every session must use binlog_format=ROW)",
				        at->file, at->pos, q->schema);
			chm_log(LOG_DEBUG, "statement at %s:%" PRIu64 " skipped (%s)", at->file, at->pos,
			        s->cls);
			r->st->stmts_skipped++;
			continue;
		}
		if (s->outcome == DDL_FAILED ||
		    !utf8_valid((const unsigned char *)s->sql, strlen(s->sql))) {
			/* failed on no replicated table, and not in a replicated schema: not ours */
			if (s->ntables == 0 && !mapped_default) {
				r->st->stmts_skipped++;
				continue;
			}
			if ((rc = ddl_refused(r, ev, at, s, q->schema)) != 0)
				break;
			continue;
		}
		for (int k = 0; k < s->ntables; k++)
			if (s->tables[k].schema)
				reader_drop_hints(r, s->tables[k].schema, s->tables[k].name);
		if (tr == NULL) { /* translated table DDL always names its table; be safe */
			r->st->stmts_skipped++;
			continue;
		}
		if ((rc = reader_ensure_batch(r)) != 0)
			break;
		log_notices(at, tr, s->sql);
		if (s->recopy && tr->schema != NULL && !reader_before_snapshot(r, tr->schema, tr->name, at))
			queue_sync(r, tr, "got values of a new column from MySQL, not from the binlog");
		/* the foreign key actions the statement changes, applied by the
		 * replay right after it, in order with the rows */
		strbuf_reset(&r->after);
		strbuf_puts(&r->after, s->sql);
		if (r->after.len > 0 && r->after.data[r->after.len - 1] != '\n')
			strbuf_putc(&r->after, '\n'); /* a trailing "-- notice" must not hide them */
		(void)fkeys_ddl_sql(r->src, s, &r->meta, &r->after);
		LogEvent le = {
		    .kind = LOG_EVENT_DDL,
		    .schema = tr->schema,
		    .table = tr->name,
		    .binlog_file = at->file,
		    .binlog_pos = at->pos,
		    .commit_time = ev->timestamp,
		    .commit_usec = reader_commit_usec_estimate(ev->timestamp),
		    .xid = r->st->transactions + 1,
		    .query = r->after.data ? r->after.data : "",
		    .query_len = r->after.len,
		};
		if ((rc = pg_log_append(r->lw, &le)) != 0)
			break;
		r->batch_ddl++;
		r->batch_rows++;
		/* the tables as this statement left them, stored with it */
		for (int k = 0; k < s->ntables && rc == 0; k++) {
			const DdlTableRef *t = &s->tables[k];
			const DdlModelTable *mt;
			StrBuf json = STRBUF_INIT;
			if (t->schema == NULL || reader_before_snapshot(r, t->schema, t->name, at))
				continue;
			if ((mt = ddl_model_find(r->model, t->schema, t->name)) != NULL)
				ddl_model_table_json(mt, &json);
			rc = pg_log_table_model(r->lw, t->schema, t->name, mt ? json.data : NULL);
			strbuf_free(&json);
		}
	}
	ddl_result_free(&res);
	ddl_context_free(&ctx);
	return rc;
}

/*
 * Copies the tables renamed into the replicated ones, and those an ADD
 * COLUMN filled with values MySQL computed (reader_on_ddl), now that the
 * batch holding the statement is committed: sync-tables at the
 * source's current position, whose coordinates make the replay skip the
 * table's events the copy already holds.  A table that could not be copied
 * (gone from the source since, a definition the translator refuses) is
 * refused here, before its later rows in the stream: it stops alone, with
 * a record, and sync-tables copies it once the cause is fixed.
 */
#define SYNC_TRIES 3 /* copies of one table tried, a second apart */

int
reader_sync_entered(Reader *r)
{
	int rc = 0;

	for (int i = 0; i < r->nto_sync; i++) {
		const char *name[2] = {r->to_sync[3 * i], r->to_sync[3 * i + 1]};
		chm_log(LOG_INFO, "table \"%s\".\"%s\" %s: copying it", name[0], name[1],
		        r->to_sync[3 * i + 2]);
		int tries = 0, src;
		/* a DDL of the table after the copy's snapshot began makes InnoDB refuse the read
		 * (error 1412, "Table definition has changed"): a new snapshot sees it */
		while ((src = snapshot_sync_table_list(r->opt->cfg, r->src, name, 1, 1)) != 0 &&
		       ++tries < SYNC_TRIES && !chm_stop_requested)
			sleep(1);
		if (src == 0)
			r->st->tables_synced++;
		else if (rc == 0)
			rc = reader_table_refused(r, name[0], name[1], &r->committed, (int64_t)time(NULL),
			                          "table to be copied again (renamed into the replicated "
			                          "schemas, or a new column's values) could not be copied "
			                          "(see the log); run sync-tables for it",
			                          NULL);
	}
	for (int i = 0; i < 3 * r->nto_sync; i++)
		free(r->to_sync[i]);
	free(r->to_sync);
	r->to_sync = NULL;
	r->nto_sync = 0;
	return rc;
}
