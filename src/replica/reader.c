/*
 * reader.c — the reader loop: binlog events in, stored batches out.
 *
 * The loop is a small state machine over the parsed events:
 *  - positions: every event with a log_pos moves `cur` (the position after
 *    it); ROTATE changes the file.  Only a position that is also a source
 *    transaction boundary is ever written as a batch's end, so a restart
 *    resumes at the start of a transaction and never stores half of one or
 *    one twice.  The GTID position moves with it: MariaDB's per domain at
 *    each GTID event, MySQL's executed set when a transaction ends; with
 *    gtid_enable a restart resumes there, whatever became of the files.
 *    A MySQL TRANSACTION_PAYLOAD is one transaction: its inner events are
 *    replayed here, and the position moves past the payload event.
 *  - transactions: a MariaDB GTID event (not standalone) or QUERY BEGIN
 *    opens one; XID, QUERY COMMIT or ROLLBACK ends it; DDL outside a
 *    transaction is a transaction of its own.
 *  - batches: opened lazily at the first stored event; closed (rows and end
 *    coordinates in one PostgreSQL transaction, by the log writer) at a
 *    boundary once replica_batch_size rows or sleep_loop seconds are
 *    reached, or the stream has nothing more to read (see maybe_commit).
 *    A source transaction of more than replica_piece_rows rows is stored in
 *    pieces, each a batch of its own marked continued (the writer streams
 *    each, nothing of it is held here): the replay applies one while the
 *    next is read, all in one replay transaction, so the replica still
 *    shows only committed states; the resume point moves only at the
 *    transaction's end, and at connect the pieces of a transaction whose
 *    end was never stored are deleted (it is read again).
 *
 *  - untrusted input (architecture §11): DDL is translated with the source's
 *    filters (DdlContext.wanted), so it names only replicated tables; what
 *    the replica cannot take (DDL the translator refuses, a table renamed
 *    out of the mapped schemas) is stored as a statement failing with
 *    SQLSTATE CH010, which stops only that table, in stream order, with a
 *    record in t_error_log (reader_ddl.c); a table renamed in is copied
 *    by sync-tables once the batch holding the rename is committed.  The
 *    text of skipped statements is never logged (row values, passwords).
 *
 * Memory per event is bounded: the parser resets its event arena, the row
 * images go through two StrBufs reused for every row, and the writer sends
 * its COPY data in 64 kB chunks.
 *
 * Not here: the DDL path and what the replica refuses (reader_ddl.c),
 * MariaDB's column-type hints (reader_hints.c), the limits on a row
 * (reader_limits.c); parsing bytes (mysql/binlog.c), decoding values
 * (mysql/rowdecode.c), translating DDL (ddl/), writing COPY (pg/logwriter.c).
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/daemon.h"
#include "common/log.h"
#include "replica/filter.h"
#include "replica/instance.h"
#include "replica/reader_int.h"

/* A table copied at its own coordinates (sync-tables): its events before
 * them are in the copy already. */
struct SnapTable {
	char *schema;
	char *table;
	BinlogCoord at;
};

/* ---- small helpers ---- */

static bool
stopping(const Reader *r)
{
	if (chm_stop_requested)
		return true;
	if (r->opt->stop != NULL && atomic_load(r->opt->stop))
		return true;
	if (r->opt->max_rows > 0 && r->st->rows_stored >= r->opt->max_rows)
		return true;
	if (r->opt->until_caught_up && r->target.file[0] && coord_compare(&r->cur, &r->target) >= 0)
		return true;
	return false;
}

static double
seconds_since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void
copy_name(char *dst, size_t n, const char *s, size_t len)
{
	if (len >= n)
		len = n - 1;
	memcpy(dst, s, len);
	dst[len] = '\0';
}

/* Logs an error that stops the reader and keeps its text for the error log. */
static void reader_fail(Reader *r, const char *fmt, ...) CHM_PRINTF(2, 3);
static void
reader_fail(Reader *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->st->last_error, sizeof(r->st->last_error), fmt, ap);
	va_end(ap);
	chm_log(LOG_ERROR, "%s", r->st->last_error);
}

/* Sleeps up to seconds, waking early when a stop is requested. */
static void
nap(const Reader *r, int seconds)
{
	for (int i = 0; i < seconds * 10 && !stopping(r); i++)
		usleep(100000);
}

void
reader_gtid_advance(char *state, size_t n, uint32_t domain, uint32_t server, uint64_t seq)
{
	char out[COORD_GTID_MAX];
	char mine[64];
	size_t len = 0;
	bool placed = false;
	const char *p = state;

	snprintf(mine, sizeof(mine), "%" PRIu32 "-%" PRIu32 "-%" PRIu64, domain, server, seq);
	out[0] = '\0';
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t l = comma ? (size_t)(comma - p) : strlen(p);
		char item[64];
		copy_name(item, sizeof(item), p, l);
		if (strtoul(item, NULL, 10) == domain && !placed) {
			len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%s", len ? "," : "", mine);
			placed = true;
		} else if (l > 0 && len < sizeof(out)) {
			len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%s", len ? "," : "", item);
		}
		p += l + (comma ? 1 : 0);
		if (len >= sizeof(out))
			break;
	}
	if (!placed && len < sizeof(out))
		snprintf(out + len, sizeof(out) - len, "%s%s", len ? "," : "", mine);
	snprintf(state, n, "%s", out);
}

/*
 * The binlog's times are whole seconds.  Where in its second an event was
 * committed is estimated from when it arrives: the time of arrival while it
 * is still that second (a reader that keeps up receives events
 * milliseconds after their commit), the end of the second when it arrives
 * just after, the middle when it arrives later (a backlog: no better guess).
 * So the replay lag (architecture §10) of a replica that keeps up is not a second
 * too high.  0 when the event's second has not begun here (clock skew).
 */
int32_t
reader_commit_usec_estimate(int64_t commit_time)
{
	struct timespec now;
	int64_t us;

	if (commit_time <= 0)
		return 0;
	clock_gettime(CLOCK_REALTIME, &now);
	us = ((int64_t)now.tv_sec - commit_time) * 1000000 + now.tv_nsec / 1000;
	if (us < 0)
		return 0;
	if (us < 1000000)
		return (int32_t)us;
	return us < 1200000 ? 999999 : 500000;
}

/* ---- catalog state the reader needs ---- */

static void
free_snaps(Reader *r)
{
	for (int i = 0; i < r->nsnaps; i++) {
		free(r->snaps[i].schema);
		free(r->snaps[i].table);
	}
	free(r->snaps);
	r->snaps = NULL;
	r->nsnaps = 0;
}

/*
 * Loads the translator's knowledge of the source's tables (t_ddl_model):
 * all of them at connect, when the model restarts from the stored position;
 * with only_snaps, those a snapshot has copied and the stream has not
 * reached yet (sync-tables replaced their definition while we ran).
 */
static int
load_models(Reader *r, bool only_snaps)
{
	PGresult *res;
	int rc;

	rc = pg_ddl_models_read(r->pg, r->src->name, only_snaps, &res);
	if (rc != 0)
		return rc;
	if (!only_snaps) {
		ddl_model_free(r->model);
		r->model = ddl_model_new();
	}
	for (int i = 0; i < PQntuples(res) && rc == 0; i++) {
		const char *why = NULL;
		if (ddl_model_load_json(r->model, PQgetvalue(res, i, 2), (size_t)PQgetlength(res, i, 2),
		                        &why) != 0) {
			reader_fail(r,
			            "the stored definition of table \"%s\".\"%s\" (sch_chameleon.t_ddl_model) "
			            "is damaged: %s; run sync-tables for it",
			            PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), why ? why : "?");
			rc = CHM_ECORRUPT;
		}
	}
	PQclear(res);
	return rc;
}

/* Reads the tables that still wait for the stream to pass their snapshot
 * coordinates; called at every batch start, since sync-tables adds some
 * while the replica runs. */
static int
load_snaps(Reader *r)
{
	PGresult *res;
	int rc;

	if ((rc = pg_table_snapshots_read(r->pg, r->src->name, &res)) != 0)
		return rc;
	free_snaps(r);
	r->nsnaps = PQntuples(res);
	if (r->nsnaps > 0 && (rc = load_models(r, true)) != 0) {
		PQclear(res);
		r->nsnaps = 0;
		return rc;
	}
	r->snaps = r->nsnaps ? chm_calloc((size_t)r->nsnaps, sizeof(SnapTable)) : NULL;
	for (int i = 0; i < r->nsnaps; i++) {
		r->snaps[i].schema = chm_strdup(PQgetvalue(res, i, 0));
		r->snaps[i].table = chm_strdup(PQgetvalue(res, i, 1));
		if (coord_set(&r->snaps[i].at, PQgetvalue(res, i, 2),
		              strtoull(PQgetvalue(res, i, 3), NULL, 10)) != 0)
			r->snaps[i].at.file[0] = '\0';
	}
	PQclear(res);
	return 0;
}

/* Whether an event of schema.table at `at` is older than the table's copy. */
bool
reader_before_snapshot(const Reader *r, const char *schema, const char *table,
                       const BinlogCoord *at)
{
	for (int i = 0; i < r->nsnaps; i++)
		if (strcmp(r->snaps[i].table, table) == 0 && strcmp(r->snaps[i].schema, schema) == 0)
			return r->snaps[i].at.file[0] && coord_compare(at, &r->snaps[i].at) < 0;
	return false;
}

/*
 * Keeps the read lag honest on an idle source: the heartbeat says the
 * source has written nothing we have not stored, so "last received" is now.
 * (The writer sets it from commit times at each batch; this is the idle case.)
 */
static int
mark_received_now(Reader *r)
{
	return pg_source_mark_caught_up(r->pg, r->src->name);
}

/* ---- batches ---- */

int
reader_ensure_batch(Reader *r)
{
	int rc;
	if (r->batch_open)
		return 0;
	if ((rc = load_snaps(r)) != 0)
		return rc;
	if ((rc = pg_log_begin_batch(r->lw, &r->committed)) != 0)
		return rc;
	r->batch_open = true;
	r->batch_rows = 0;
	r->batch_ddl = 0;
	return 0;
}

/*
 * MySQL: the transaction that ends joins the executed set.  Only a set that
 * was known at the start (the snapshot's gtid_executed) is kept up: one
 * built from nothing would lack the source's earlier transactions and, as
 * a resume point, ask for all of them again.
 */
static int
gtid_commit(Reader *r)
{
	if (!r->gtid_pending)
		return 0;
	r->gtid_pending = false;
	if (!r->gtids_loaded) {
		if (r->cur.gtid[0] == '\0')
			return 0;
		if (gtid_set_parse(&r->gtids, r->cur.gtid) != 0) {
			reader_fail(r,
			            "source \"%s\": the stored GTID position \"%s\" is not a MySQL GTID set: "
			            "run init-replica",
			            r->src->name, r->cur.gtid);
			gtid_set_free(&r->gtids);
			return CHM_ECORRUPT;
		}
		r->gtids_loaded = true;
	}
	gtid_set_add(&r->gtids, r->gtid_uuid, r->gtid_tag, r->gtid_gno);
	r->gtids_changed = true;
	return 0;
}

/* MySQL: the executed set into cur.gtid, before cur is stored. */
static int
gtid_write_back(Reader *r)
{
	if (!r->gtids_changed)
		return 0;
	if (gtid_set_format(&r->gtids, r->cur.gtid, sizeof(r->cur.gtid)) != 0) {
		reader_fail(r,
		            "source \"%s\": the GTID set of the read position no longer fits in %d bytes; "
		            "set gtid_enable: false, or make the source's gtid_executed shorter",
		            r->src->name, COORD_GTID_MAX);
		return CHM_ERANGE;
	}
	r->gtids_changed = false;
	return 0;
}

/* Forgets the parsed set: at connect the stored position is the truth. */
static void
gtid_reset(Reader *r)
{
	gtid_set_free(&r->gtids);
	r->gtids_loaded = false;
	r->gtids_changed = false;
	r->gtid_pending = false;
}

/*
 * How long a batch collects transactions before it may close because the
 * stream has nothing more to read: each batch costs a commit here and a
 * slice in the replay, so under a steady trickle of transactions a batch
 * holds at least this much of it; on an idle source it is the latency the
 * batching adds.
 */
#define IDLE_CLOSE_MS 50

/*
 * At a transaction boundary: commits the batch when it is due (or force),
 * with cur as its end.  Due: replica_batch_size rows, sleep_loop seconds,
 * or the stream has nothing more to read (waiting up to IDLE_CLOSE_MS for
 * more, while the batch is younger than that) — so a quiet source's
 * transactions are stored at once, and a busy one's in large batches.  A
 * stream that moved without storing anything (filtered tables) is
 * committed as an empty batch when due, so the resume point follows it
 * (not each time the stream is idle: nothing waits for it).
 */
static int
maybe_commit(Reader *r, bool force)
{
	int rc;
	char at[COORD_FILE_MAX + 32];
	bool caught_up;

	assert(!r->in_trx);
	if (!r->batch_open && !r->dirty)
		return 0;
	double age = seconds_since(&r->last_commit);
	bool due = force ||
	           r->batch_rows >=
	               (uint64_t)(r->src->replica_batch_size > 0 ? r->src->replica_batch_size : 1) ||
	           age >= (r->src->sleep_loop > 0 ? r->src->sleep_loop : 1);
	int wait_ms = age * 1000 < IDLE_CLOSE_MS ? IDLE_CLOSE_MS - (int)(age * 1000) : 0;
	if (!due && !r->batch_open)
		return 0;
	caught_up = r->bs_open && !binlog_stream_pending(&r->bs, due ? 0 : wait_ms);
	if (!due && !caught_up)
		return 0;
	if ((rc = reader_ensure_batch(r)) != 0 || (rc = gtid_write_back(r)) != 0)
		return rc;
	rc = pg_log_commit_batch(r->lw, &r->cur, caught_up);
	r->batch_open = false;
	if (rc != 0)
		return rc;
	chm_log(LOG_DEBUG, "source \"%s\": batch of %" PRIu64 " rows stored up to %s%s", r->src->name,
	        r->batch_rows, coord_format(&r->cur, at, sizeof(at)), caught_up ? " (caught up)" : "");
	r->committed = r->cur;
	r->dirty = false;
	r->st->rows_stored += r->batch_rows - r->batch_ddl + r->piece_rows;
	r->piece_rows = 0;
	r->st->ddl_stored += r->batch_ddl;
	r->batch_rows = 0;
	r->batch_ddl = 0;
	r->st->batches++;
	clock_gettime(CLOCK_MONOTONIC, &r->last_commit);
	if (r->opt->on_batch != NULL)
		r->opt->on_batch(r->opt->on_batch_arg);
	return 0;
}

/*
 * Inside a transaction, after a rows event: stores the open batch as a
 * piece once it holds replica_piece_rows rows, so that the replay of a
 * large transaction overlaps its storing (see the head of this file).
 */
static int
maybe_piece(Reader *r)
{
	int rc;
	uint64_t rows = (uint64_t)(r->src->replica_piece_rows > 0 ? r->src->replica_piece_rows : 50000);

	if (!r->in_trx || !r->batch_open || r->batch_ddl > 0 || r->batch_rows < rows)
		return 0;
	rc = pg_log_commit_piece(r->lw);
	r->batch_open = false;
	if (rc != 0)
		return rc;
	chm_log(LOG_DEBUG, "source \"%s\": piece of %" PRIu64 " rows of a transaction stored",
	        r->src->name, r->batch_rows);
	r->pieces++;
	r->piece_rows += r->batch_rows;
	r->batch_rows = 0;
	if (r->opt->on_batch != NULL)
		r->opt->on_batch(r->opt->on_batch_arg);
	return 0;
}

static int
end_transaction(Reader *r)
{
	bool pieces = r->pieces > 0;
	int rc;

	if ((rc = gtid_commit(r)) != 0)
		return rc;
	r->in_trx = false;
	r->st->transactions++;
	/* the last batch of a stored-in-pieces transaction closes at once: the
	 * replay holds its transaction open until it comes; so does one whose
	 * tables are to be copied */
	r->pieces = 0;
	if ((rc = maybe_commit(r, pieces || stopping(r) || r->nto_sync > 0)) != 0)
		return rc;
	return r->nto_sync > 0 ? reader_sync_entered(r) : 0;
}

/*
 * Counts the NUL bytes the decoder left out of a stored row, with the
 * batch; logs the first time per table in this process, naming where, never
 * the value.
 */
static int
count_nuls(Reader *r, const BinlogCoord *at, uint64_t n)
{
	char key[520];

	snprintf(key, sizeof(key), "%s.%s", r->schema, r->table);
	for (int i = 0; i < r->n_nul_logged; i++)
		if (strcmp(r->nul_logged[i], key) == 0)
			return pg_log_nul_removed(r->lw, r->schema, r->table, n);
	chm_log(LOG_WARNING,
	        "source \"%s\": NUL bytes removed from the text of a row of %s.%s at %s:%" PRIu64
	        " (PostgreSQL text cannot hold them); show-status counts them per table, and this is "
	        "logged once per table",
	        r->src->name, r->schema, r->table, at->file, at->pos);
	r->nul_logged = chm_realloc(r->nul_logged, (size_t)(r->n_nul_logged + 1) * sizeof(char *));
	r->nul_logged[r->n_nul_logged++] = chm_strdup(key);
	return pg_log_nul_removed(r->lw, r->schema, r->table, n);
}

/* ---- events ---- */

static int
on_rows(Reader *r, const BinlogEvent *ev, const BinlogCoord *at)
{
	const BinlogRows *rows = &ev->u.rows;
	const BinlogTable *t = rows->table;
	FilterEvent fe;
	LogEventKind kind;
	RowCursor cur;
	int rc;

	if (t == NULL) {
		reader_fail(
		    r, "rows event at %s:%" PRIu64 " refers to table id %" PRIu64 " without a TABLE_MAP",
		    at->file, at->pos, rows->table_id);
		return CHM_ECORRUPT;
	}
	copy_name(r->schema, sizeof(r->schema), t->schema, t->schema_len);
	copy_name(r->table, sizeof(r->table), t->table, t->table_len);
	switch (rows->kind) {
	case BINLOG_ROWS_WRITE:
		kind = LOG_EVENT_INSERT;
		fe = FILTER_INSERT;
		break;
	case BINLOG_ROWS_DELETE:
		kind = LOG_EVENT_DELETE;
		fe = FILTER_DELETE;
		break;
	default:
		kind = LOG_EVENT_UPDATE;
		fe = FILTER_UPDATE;
		break;
	}

	uint64_t *skip_counter = NULL;
	if (!filter_table_wanted(r->src, r->schema, r->table))
		skip_counter = &r->st->rows_skipped_table;
	else if (filter_event_skipped(r->src, fe, r->schema, r->table))
		skip_counter = &r->st->rows_skipped_event;
	else if (r->nsnaps > 0 && reader_before_snapshot(r, r->schema, r->table, at))
		skip_counter = &r->st->rows_skipped_snapshot;

	/* the rows of one event arrive together: one estimate for them */
	int32_t usec = reader_commit_usec_estimate(ev->timestamp);
	rowdecode_start(&cur, ev, r->parser.file);
	for (;;) {
		strbuf_reset(&r->before);
		strbuf_reset(&r->after);
		if (skip_counter) {
			/* walked (and so checked) but not decoded into text: counted */
			rc = rowdecode_next(&r->dec, &cur, NULL, NULL, NULL, NULL);
		} else {
			rc = rowdecode_next_json(&r->dec, &cur, kind != LOG_EVENT_INSERT ? &r->before : NULL,
			                         kind != LOG_EVENT_DELETE ? &r->after : NULL);
		}
		if (rc == 0)
			break;
		if (rc < 0) {
			reader_fail(r, "could not decode a row of %s.%s: %s", r->schema, r->table,
			            rowdecode_error(&r->dec));
			return rc;
		}
		if (skip_counter) {
			(*skip_counter)++;
			continue;
		}
		char why[256];
		if (!reader_row_fits(kind != LOG_EVENT_INSERT ? r->before.data : NULL, r->before.len,
		                     kind != LOG_EVENT_DELETE ? r->after.data : NULL, r->after.len, why,
		                     sizeof(why))) {
			/* not stored: the table stops here, the others go on */
			char msg[1536];
			snprintf(msg, sizeof(msg),
			         "row %" PRIu64 " of the rows event at %s:%" PRIu64
			         " on table %s.%s is over PostgreSQL's limits; the table is disabled",
			         cur.row, at->file, at->pos, r->schema, r->table);
			if ((rc = reader_table_refused(r, r->schema, r->table, at, ev->timestamp, msg, why)) !=
			    0)
				return rc;
			continue;
		}
		if ((rc = reader_ensure_batch(r)) != 0)
			return rc;
		LogEvent le = {
		    .kind = kind,
		    .schema = r->schema,
		    .table = r->table,
		    .binlog_file = at->file,
		    .binlog_pos = at->pos,
		    .commit_time = ev->timestamp,
		    .commit_usec = usec,
		    /* the source transaction, numbered by the reader: the replay
		     * ends its slices where this changes (the XID comes last) */
		    .xid = r->st->transactions + 1,
		    .after = kind != LOG_EVENT_DELETE ? r->after.data : NULL,
		    .after_len = r->after.len,
		    .before = kind != LOG_EVENT_INSERT ? r->before.data : NULL,
		    .before_len = r->before.len,
		};
		if ((rc = pg_log_append(r->lw, &le)) != 0)
			return rc;
		r->batch_rows++;
		if (r->dec.nuls_removed > 0 && (rc = count_nuls(r, at, r->dec.nuls_removed)) != 0)
			return rc;
	}
	return maybe_piece(r);
}

static bool
word_is(const char *s, size_t n, const char *w)
{
	size_t wl = strlen(w);
	return n >= wl && strncasecmp(s, w, wl) == 0 &&
	       (n == wl ||
	        !((s[wl] >= 'A' && s[wl] <= 'Z') || (s[wl] >= 'a' && s[wl] <= 'z') || s[wl] == '_'));
}

static int
on_query(Reader *r, const BinlogEvent *ev, const BinlogCoord *at)
{
	const BinlogQuery *q = &ev->u.query;
	const char *s = q->sql;
	size_t n = q->sql_len;
	int rc;

	while (n > 0 && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r'))
		s++, n--;
	if (word_is(s, n, "BEGIN") ||
	    (word_is(s, n, "XA") && n > 3 && word_is(s + 3, n - 3, "START"))) {
		r->in_trx = true;
		return 0;
	}
	if (word_is(s, n, "COMMIT") || (word_is(s, n, "ROLLBACK") && !strcasestr(s, " TO ")) ||
	    (word_is(s, n, "XA") && n > 3 &&
	     (word_is(s + 3, n - 3, "COMMIT") || word_is(s + 3, n - 3, "ROLLBACK")))) {
		r->end_pending = true;
		return 0;
	}
	if (word_is(s, n, "SAVEPOINT") || word_is(s, n, "ROLLBACK") || word_is(s, n, "XA")) {
		r->st->stmts_skipped++;
		return 0;
	}
	if ((rc = reader_on_ddl(r, ev, at)) != 0)
		return rc;
	/* DDL commits implicitly: outside a transaction it is one */
	if (!r->in_trx)
		r->end_pending = true;
	return 0;
}

static int handle_event(Reader *r, BinlogEvent *ev);

static int
on_payload(Reader *r, const BinlogEvent *ev)
{
	size_t off = 0;
	BinlogEvent inner;
	int rc;

	r->depth++;
	while ((rc = binlog_payload_next(&r->parser, ev, &off, &inner)) == 1) {
		inner.pos = ev->pos;
		if ((rc = handle_event(r, &inner)) != 0)
			break;
	}
	r->depth--;
	if (rc < 0)
		reader_fail(r, "%s", binlog_error(&r->parser));
	return rc;
}

/* One parsed event; ev->pos is where it starts in r->cur.file. */
static int
handle_event(Reader *r, BinlogEvent *ev)
{
	BinlogCoord at;
	int rc = 0;

	at = r->cur;
	at.pos = ev->pos;
	switch (ev->type) {
	case BINLOG_ROTATE:
		if (coord_set(&r->cur, ev->u.rotate.file, ev->u.rotate.position) != 0)
			return CHM_ERANGE;
		snprintf(r->cur.gtid, sizeof(r->cur.gtid), "%s", at.gtid);
		if (strcmp(at.file, r->cur.file) != 0)
			r->dirty = r->dirty || !(ev->flags & BINLOG_F_ARTIFICIAL);
		return 0;
	case BINLOG_HEARTBEAT:
	case BINLOG_HEARTBEAT_V2:
		r->st->heartbeats++;
		if (r->in_trx)
			return 0;
		/* idle: close a due batch; then, with nothing waiting, "received" is now */
		if ((rc = maybe_commit(r, stopping(r))) != 0)
			return rc;
		if (!r->batch_open && !r->dirty)
			rc = mark_received_now(r);
		return rc;
	case BINLOG_GTID:
	case BINLOG_GTID_TAGGED:
		/* an XA transaction has two: its PREPARE's joins the set when the
		 * COMMIT's arrives (no batch can end between them) */
		if ((rc = gtid_commit(r)) != 0)
			return rc;
		r->gtid_pending = ev->u.gtid.gno > 0;
		memcpy(r->gtid_uuid, ev->u.gtid.sid, 16);
		snprintf(r->gtid_tag, sizeof(r->gtid_tag), "%s", ev->u.gtid.tag);
		r->gtid_gno = ev->u.gtid.gno;
		break;
	case BINLOG_ANONYMOUS_GTID:
		r->gtid_pending = false;
		break;
	case BINLOG_MARIA_GTID:
		if (!ev->u.gtid.standalone)
			r->in_trx = true;
		reader_gtid_advance(r->cur.gtid, sizeof(r->cur.gtid), ev->u.gtid.domain_id,
		                    ev->u.gtid.server_id, ev->u.gtid.seq_no);
		break;
	case BINLOG_QUERY:
	case BINLOG_MARIA_QUERY_COMPRESSED:
		rc = on_query(r, ev, &at);
		break;
	case BINLOG_XID:
		r->end_pending = true; /* once cur has moved past it, below */
		break;
	case BINLOG_TABLE_MAP:
		if (filter_table_wanted(r->src, ev->u.table_map->schema, ev->u.table_map->table))
			rc = reader_set_hints(r, ev->u.table_map);
		break;
	case BINLOG_TRANSACTION_PAYLOAD:
		rc = on_payload(r, ev);
		break;
	default:
		/* which types are rows events is binlog.c's to say */
		if (binlog_is_rows_event(ev->type))
			rc = on_rows(r, ev, &at);
		break;
	}
	if (rc != 0)
		return rc;
	/* the position after the event; 0 inside a payload and on events the
	 * server makes up (the format event sent at a position past 4) */
	if (ev->log_pos != 0 && ev->log_pos > r->cur.pos) {
		r->cur.pos = ev->log_pos;
		r->dirty = true;
	}
	if (r->end_pending && r->depth == 0) {
		r->end_pending = false;
		rc = end_transaction(r);
	}
	return rc;
}

/* ---- the loop ---- */

static bool
retryable(int rc)
{
	return rc == CHM_EMYSQL || rc == CHM_EPG;
}

static void
disconnect(Reader *r)
{
	if (r->lw) {
		pg_log_writer_close(r->lw); /* rolls an open batch back */
		r->lw = NULL;
	}
	r->batch_open = false;
	if (r->pg) {
		pg_disconnect(r->pg);
		r->pg = NULL;
	}
	if (r->bs_open)
		binlog_stream_close(&r->bs);
	r->bs_open = false;
	my_close(&r->meta);
}

/*
 * MySQL with gtid_enable, a resume point without a GTID set (the replica
 * began before gtid_enable, or the server's gtid_executed was empty then):
 * the set at the stored position, from the server's binlog, so that this
 * start and every later one resume by GTID.  When it cannot be had, the
 * reader goes on by file and position and says so.
 */
static int
gtid_fill_in(Reader *r)
{
	char at[COORD_FILE_MAX + 32];

	if (!r->src->gtid_enable || r->meta.flavor != MY_MYSQL || r->committed.gtid[0] ||
	    !r->committed.file[0])
		return 0;
	coord_format(&r->committed, at, sizeof(at));
	if (my_gtid_set_at(&r->meta, &r->committed) != 0 || !r->committed.gtid[0]) {
		r->committed.gtid[0] = '\0';
		chm_log(LOG_WARNING,
		        "source \"%s\": gtid_enable, but the resume point %s has no GTID set and none "
		        "could be read from the server's binlog (is gtid_mode ON?): reading by file and "
		        "position",
		        r->src->name, at);
		return 0;
	}
	chm_log(LOG_INFO, "source \"%s\": the GTID set at %s, read from the binlog: %s", r->src->name,
	        at, r->committed.gtid);
	return 0;
}

/* Where to start: the end of the last stored batch (add-source or
 * init-replica put the starting point there for a fresh replica). */
static int
load_start(Reader *r)
{
	char *file = NULL, *gtid = NULL;
	uint64_t pos;
	int rc = pg_log_last_coords(r->pg, r->src->name, &file, &pos, &gtid);
	if (rc != 0)
		return rc;
	memset(&r->committed, 0, sizeof(r->committed));
	if (file == NULL && !(r->src->gtid_enable && gtid)) {
		reader_fail(r,
		            "source \"%s\" has no read coordinates: run init-replica first, which sets "
		            "where the replica starts",
		            r->src->name);
		rc = CHM_ESTATE;
	} else {
		if (file && coord_set(&r->committed, file, pos) != 0)
			rc = CHM_ERANGE;
		if (gtid)
			snprintf(r->committed.gtid, sizeof(r->committed.gtid), "%s", gtid);
	}
	free(file);
	free(gtid);
	return rc;
}

/* The session lock that tells the replay a reader of the source is
 * connected (functions-5.sql, fn_replay: it waits for the pieces of a
 * transaction only while one is).  Taken after the unfinished pieces are
 * deleted; held until the connection closes. */
static int
hold_reader_lock(Reader *r)
{
	int rc;

	/* a killed reader's session may linger a moment */
	for (int i = 0; i < 100; i++) {
		bool got;
		if ((rc = pg_source_try_reader_lock(r->pg, r->src->name, &got)) != 0)
			return rc;
		if (got)
			return 0;
		if (stopping(r))
			return 0;
		usleep(100000);
	}
	chm_log(LOG_WARNING,
	        "source \"%s\": another session holds the reader's lock: is another chameleon reading "
	        "this source?",
	        r->src->name);
	return 0;
}

static int
connect_all(Reader *r, bool first)
{
	char at[COORD_FILE_MAX + 32];
	char checksum[32] = "";
	bool found;
	int rc;

	if ((rc = pg_open(r->opt->cfg, "chameleon reader", true, &r->pg)) != 0 ||
	    (rc = instance_read_target(r->pg)) != 0)
		return rc;
	int64_t dropped;
	if ((rc = pg_log_drop_pieces(r->pg, r->src->name, &dropped)) != 0)
		return rc;
	if (dropped > 0)
		chm_log(LOG_INFO,
		        "source \"%s\": %" PRId64 " stored piece(s) of a transaction whose end was not "
		        "stored deleted: it is read again",
		        r->src->name, dropped);
	if ((rc = hold_reader_lock(r)) != 0)
		return rc;
	if ((rc = load_start(r)) != 0)
		return rc;
	if ((rc = load_models(r, false)) != 0)
		return rc;
	if ((rc = pg_log_writer_open(r->pg, r->src->name, &r->lw)) != 0)
		return rc;
	if ((rc = my_connect(&r->meta, &r->src->db_conn, r->src->net_read_timeout, 0)) != 0)
		return rc;
	if (first && (rc = my_check_source(&r->meta)) != 0)
		return rc;
	if (first && r->opt->until_caught_up && (rc = my_binlog_position(&r->meta, &r->target)) != 0)
		return rc;
	if (first && (rc = gtid_fill_in(r)) != 0)
		return rc;
	if ((rc = my_query_value(&r->meta, "SELECT @@global.binlog_checksum", checksum,
	                         sizeof(checksum), &found, NULL)) != 0)
		return rc;
	rc = binlog_stream_open(&r->bs, &r->src->db_conn, (uint32_t)r->src->my_server_id, &r->committed,
	                        r->src->gtid_enable && r->committed.gtid[0],
	                        r->opt->heartbeat_s > 0 ? r->opt->heartbeat_s : 1);
	if (rc != 0)
		return rc;
	r->bs_open = true;
	r->cur = r->committed;
	r->in_trx = false;
	r->end_pending = false;
	gtid_reset(r);
	r->dirty = false;
	r->batch_rows = 0;
	r->pieces = 0;
	r->piece_rows = 0;
	clock_gettime(CLOCK_MONOTONIC, &r->last_commit);
	/* table maps and the format event come again with the stream */
	binlog_parser_free(&r->parser);
	binlog_parser_init(&r->parser, r->committed.file);
	/* the server's artificial ROTATE, before any format event, carries a
	 * checksum when the server writes them (we asked for them: the stream
	 * sets @master_binlog_checksum to the server's own) */
	r->parser.crc32_before_format = strcasecmp(checksum, "CRC32") == 0;
	if (r->src->gtid_enable && r->committed.gtid[0])
		chm_log(LOG_INFO, "source \"%s\": reading the binlog after GTID %s (stored position %s)",
		        r->src->name, r->committed.gtid, coord_format(&r->committed, at, sizeof(at)));
	else
		chm_log(LOG_INFO, "source \"%s\": reading the binlog from %s", r->src->name,
		        coord_format(&r->committed, at, sizeof(at)));
	return 0;
}

static int
read_loop(Reader *r)
{
	const unsigned char *data;
	size_t len;
	BinlogEvent ev;
	int rc;

	for (;;) {
		if (!r->in_trx && stopping(r))
			return maybe_commit(r, true);
		if ((rc = binlog_stream_next(&r->bs, &data, &len)) != 0)
			return rc;
		/* the position inside the current file: the header's log_pos is the
		 * END of the event; the artificial ROTATE and a format event the
		 * server made up carry 0 */
		BinlogHeader h;
		uint64_t pos = r->cur.pos;
		if (binlog_header_decode(data, len, &h) && h.log_pos >= h.size)
			pos = h.log_pos - h.size;
		if ((rc = binlog_parse_event(&r->parser, data, len, pos, &ev)) != 0) {
			reader_fail(r, "source \"%s\": %s", r->src->name, binlog_error(&r->parser));
			return rc;
		}
		if (ev.type != BINLOG_HEARTBEAT && ev.type != BINLOG_HEARTBEAT_V2)
			r->st->events++;
		if (ev.ignored)
			continue;
		if ((rc = handle_event(r, &ev)) != 0)
			return rc;
	}
}

int
reader_run(const ReaderOptions *opt, ReaderStats *stats)
{
	Reader r;
	ReaderStats dummy;
	int rc, backoff = 1;
	bool first = true;

	memset(&r, 0, sizeof(r));
	memset(&dummy, 0, sizeof(dummy));
	r.opt = opt;
	r.src = opt->src;
	r.st = stats ? stats : &dummy;
	binlog_parser_init(&r.parser, NULL);
	rowdecode_init(&r.dec);
	strbuf_init(&r.before);
	strbuf_init(&r.after);

	for (;;) {
		rc = connect_all(&r, first);
		if (rc == 0) {
			first = false;
			backoff = 1;
			rc = read_loop(&r);
		}
		/* At the first connection an error is a configuration to fix, unless
		 * the source could not be reached at all (restarting, network down):
		 * that is waited out like a later one. */
		if (rc == 0 || !retryable(rc) || r.src->on_error_read != ON_ERROR_CONTINUE ||
		    (first && !(rc == CHM_EMYSQL && r.meta.unreachable)))
			break;
		disconnect(&r);
		if (stopping(&r)) {
			rc = 0;
			break;
		}
		r.st->reconnects++;
		chm_log(LOG_WARNING,
		        "source \"%s\": reading again from the last stored batch in %d s (on_error_read: "
		        "continue)",
		        r.src->name, backoff);
		nap(&r, backoff);
		backoff = backoff < 32 ? backoff * 2 : 60;
	}
	/* An error found below the reader (the binlog stream, a server) was
	 * logged there with its specifics: keep that text, not just the code. */
	if (rc != 0 && r.st->last_error[0] == '\0')
		snprintf(r.st->last_error, sizeof(r.st->last_error), "%s", chm_log_last_error());
	disconnect(&r);
	free_snaps(&r);
	gtid_reset(&r);
	reader_free_hints(&r);
	for (int i = 0; i < r.n_nul_logged; i++)
		free(r.nul_logged[i]);
	free(r.nul_logged);
	ddl_model_free(r.model);
	strbuf_free(&r.before);
	strbuf_free(&r.after);
	rowdecode_free(&r.dec);
	binlog_parser_free(&r.parser);
	return rc;
}

void
reader_log_stats(const char *source, const ReaderStats *st)
{
	chm_log(LOG_INFO,
	        "source \"%s\": reader: %" PRIu64 " events, %" PRIu64 " transactions, %" PRIu64
	        " rows and %" PRIu64 " DDL stored in %" PRIu64 " batches; skipped: %" PRIu64
	        " rows of tables not replicated, %" PRIu64 " rows by skip_events, %" PRIu64
	        " rows before their table's snapshot, %" PRIu64 " statements; refused: %" PRIu64
	        " tables stopped, %" PRIu64 " statements on no known table (t_error_log); %" PRIu64
	        " tables renamed in and copied; %" PRIu64 " reconnects",
	        source, st->events, st->transactions, st->rows_stored, st->ddl_stored, st->batches,
	        st->rows_skipped_table, st->rows_skipped_event, st->rows_skipped_snapshot,
	        st->stmts_skipped, st->tables_refused, st->stmts_refused, st->tables_synced,
	        st->reconnects);
}
