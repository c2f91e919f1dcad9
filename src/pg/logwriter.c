/*
 * logwriter.c — stores the reader's events in the source's log table.
 *
 * A batch is one PostgreSQL transaction: BEGIN, a t_replica_batch row, one
 * COPY of every event, then the batch's end coordinates, COMMIT.  So the
 * stored rows and the coordinates the reader resumes from are durable
 * together or not at all (architecture §5).  COPY data leaves in chunks of about
 * CHUNK bytes, so the writer's memory is bounded by one event plus one
 * chunk, however large the source transaction is.
 *
 * Not for deciding where batches end: the reader does that, on source
 * transaction boundaries.
 */
#include "pg/pg.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/log.h"

#define CHUNK (64 * 1024)

typedef struct NulCount {
	char *schema, *table;
	uint64_t n;
} NulCount;

struct LogWriter {
	PGconn *conn;
	char *source;
	char *source_id; /* i_id_source, as text */
	char *log_table;
	char batch_id[24];
	bool open; /* a batch (transaction and COPY) is open */
	int64_t events;
	int64_t ddl;
	int64_t max_commit_time;
	StrBuf buf;
	/* the last commit time formatted (the rows of a transaction share it) */
	int64_t ts_time;
	int32_t ts_usec;
	char ts_text[48];
	/* table models to save with the batch: schema, table, JSON (NULL: forget) */
	char **models;
	int nmodels, capmodels;
	/* NUL bytes removed per table since the last complete batch */
	NulCount *nuls;
	int nnuls, capnuls;
	/* t_error_log rows to write with the batch: schema, message, detail */
	char **notes;
	int nnotes, capnotes;
};

static void
forget_notes(LogWriter *w)
{
	for (int i = 0; i < w->nnotes * 3; i++)
		free(w->notes[i]);
	w->nnotes = 0;
}

/* Writes the queued t_error_log rows in the batch's transaction. */
static int
save_notes(LogWriter *w)
{
	int rc = 0;
	for (int i = 0; i < w->nnotes && rc == 0; i++) {
		const char *p[5] = {w->source_id, w->source, w->notes[3 * i], w->notes[3 * i + 1],
		                    w->notes[3 * i + 2]};
		PGresult *res;
		rc = pg_exec_params(w->conn,
		                    "INSERT INTO sch_chameleon.t_error_log (i_id_source, t_source, "
		                    "v_schema_name, v_sqlstate, t_message, t_detail) "
		                    "VALUES ($1::integer, $2, $3, 'CH010', $4, $5)",
		                    5, p, &res, "record a statement the replica could not take");
		if (rc == 0)
			PQclear(res);
	}
	forget_notes(w);
	return rc;
}

static void
forget_models(LogWriter *w)
{
	for (int i = 0; i < w->nmodels * 3; i++)
		free(w->models[i]);
	w->nmodels = 0;
}

static void
forget_nuls(LogWriter *w)
{
	for (int i = 0; i < w->nnuls; i++) {
		free(w->nuls[i].schema);
		free(w->nuls[i].table);
	}
	w->nnuls = 0;
}

void
pg_copy_escape(StrBuf *sb, const char *s, size_t n)
{
	size_t start = 0;

	strbuf_reserve(sb, n + 8);
	for (size_t i = 0; i < n; i++) {
		char esc;
		switch (s[i]) {
		case '\\':
			esc = '\\';
			break;
		case '\t':
			esc = 't';
			break;
		case '\n':
			esc = 'n';
			break;
		case '\r':
			esc = 'r';
			break;
		default:
			continue;
		}
		strbuf_append(sb, s + start, i - start);
		strbuf_putc(sb, '\\');
		strbuf_putc(sb, esc);
		start = i + 1;
	}
	strbuf_append(sb, s + start, n - start);
}

int
pg_log_writer_open(PGconn *conn, const char *source, LogWriter **out)
{
	const char *params[1] = {source};
	PGresult *res;
	LogWriter *w;
	int rc;

	*out = NULL;
	rc = pg_exec_params(
	    conn, "SELECT v_log_table[1], i_id_source FROM sch_chameleon.t_sources WHERE t_source = $1",
	    1, params, &res, "find the source's log table");
	if (rc != 0)
		return rc;
	if (PQntuples(res) != 1) {
		PQclear(res);
		chm_log(LOG_ERROR, "source \"%s\" is not in the catalog: run add-source", source);
		return CHM_ENOTFOUND;
	}
	w = chm_calloc(1, sizeof(*w));
	w->conn = conn;
	w->source = chm_strdup(source);
	w->log_table = chm_strdup(PQgetvalue(res, 0, 0));
	w->source_id = chm_strdup(PQgetvalue(res, 0, 1));
	strbuf_init(&w->buf);
	PQclear(res);
	*out = w;
	return 0;
}

void
pg_log_writer_close(LogWriter *w)
{
	if (w == NULL)
		return;
	if (w->open)
		pg_log_abort_batch(w);
	forget_models(w);
	free(w->models);
	forget_nuls(w);
	free(w->nuls);
	forget_notes(w);
	free(w->notes);
	strbuf_free(&w->buf);
	free(w->source);
	free(w->source_id);
	free(w->log_table);
	free(w);
}

int64_t
pg_log_batch_events(const LogWriter *w)
{
	return w->events;
}

int
pg_log_begin_batch(LogWriter *w, const BinlogCoord *start)
{
	char pos[24];
	const char *params[5];
	PGresult *res;
	StrBuf sql = STRBUF_INIT;
	int rc;

	if (w->open) {
		chm_log(LOG_ERROR, "a batch is already open for source \"%s\"", w->source);
		return CHM_ESTATE;
	}
	if ((rc = pg_exec(w->conn, "BEGIN", "begin a batch")) != 0)
		return rc;
	snprintf(pos, sizeof(pos), "%" PRIu64, start ? start->pos : 0);
	params[0] = w->source;
	params[1] = start && start->file[0] ? start->file : NULL;
	params[2] = start && start->file[0] ? pos : NULL;
	params[3] = start && start->gtid[0] ? start->gtid : NULL;
	params[4] = w->log_table;
	rc = pg_exec_params(
	    w->conn,
	    "INSERT INTO sch_chameleon.t_replica_batch (i_id_source, t_start_file, i_start_pos, "
	    "t_start_gtid, v_log_table) SELECT i_id_source, $2, $3::bigint, $4, $5 "
	    "FROM sch_chameleon.t_sources WHERE t_source = $1 RETURNING i_id_batch",
	    5, params, &res, "open a batch");
	if (rc != 0)
		goto fail;
	if (PQntuples(res) != 1) {
		PQclear(res);
		chm_log(LOG_ERROR, "source \"%s\" is not in the catalog", w->source);
		rc = CHM_ENOTFOUND;
		goto fail;
	}
	snprintf(w->batch_id, sizeof(w->batch_id), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);

	strbuf_puts(&sql, "COPY sch_chameleon.");
	strbuf_quote_ident(&sql, w->log_table, strlen(w->log_table));
	strbuf_puts(&sql,
	            " (i_id_batch, v_schema_name, v_table_name, enm_binlog_event, t_binlog_name, "
	            "i_binlog_position, ts_event_datetime, jsb_event_after, jsb_event_before, t_query, "
	            "i_my_xid) FROM STDIN");
	res = PQexec(w->conn, sql.data);
	strbuf_free(&sql);
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		pg_log_error(res, w->conn, "start the COPY of a batch");
		PQclear(res);
		rc = CHM_EPG;
		goto fail;
	}
	PQclear(res);
	w->open = true;
	w->events = 0;
	w->ddl = 0;
	w->max_commit_time = 0;
	strbuf_reset(&w->buf);
	forget_models(w);
	forget_notes(w);
	return 0;
fail:
	pg_rollback(w->conn);
	return rc;
}

static int
flush(LogWriter *w)
{
	if (w->buf.len == 0)
		return 0;
	if (PQputCopyData(w->conn, w->buf.data, (int)w->buf.len) != 1) {
		chm_log(LOG_ERROR, "could not send COPY data for source \"%s\": %s", w->source,
		        PQerrorMessage(w->conn));
		return CHM_EPG;
	}
	strbuf_reset(&w->buf);
	return 0;
}

/* Appends v in decimal, then c. */
static void
put_u64(StrBuf *sb, uint64_t v, char c)
{
	char d[24];
	int i = (int)sizeof(d);

	d[--i] = c;
	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	strbuf_append(sb, d + i, sizeof(d) - (size_t)i);
}

/* The COPY text of a commit time: "YYYY-MM-DD HH:MM:SS[.uuuuuu]+00". */
static const char *
commit_text(LogWriter *w, int64_t t, int32_t usec)
{
	if (t != w->ts_time || usec != w->ts_usec || w->ts_text[0] == '\0') {
		time_t tt = (time_t)t;
		struct tm tm;
		size_t n;

		gmtime_r(&tt, &tm);
		n = strftime(w->ts_text, sizeof(w->ts_text), "%Y-%m-%d %H:%M:%S", &tm);
		if (usec > 0 && usec < 1000000)
			snprintf(w->ts_text + n, sizeof(w->ts_text) - n, ".%06d+00", (int)usec);
		else
			snprintf(w->ts_text + n, sizeof(w->ts_text) - n, "+00");
		w->ts_time = t;
		w->ts_usec = usec;
	}
	return w->ts_text;
}

static void
field(StrBuf *sb, const char *s, size_t n, bool last)
{
	if (s == NULL)
		strbuf_puts(sb, "\\N");
	else
		pg_copy_escape(sb, s, n);
	strbuf_putc(sb, last ? '\n' : '\t');
}

int
pg_log_append(LogWriter *w, const LogEvent *ev)
{
	static const char *const kinds[] = {"insert", "update", "delete", "ddl"};
	StrBuf *b = &w->buf;

	if (!w->open) {
		chm_log(LOG_ERROR, "no batch is open for source \"%s\"", w->source);
		return CHM_ESTATE;
	}
	if ((unsigned)ev->kind > LOG_EVENT_DDL || ev->schema == NULL || ev->table == NULL) {
		chm_log(LOG_ERROR,
		        "invalid event for source \"%s\" at %s:%" PRIu64 ": no kind, schema or table",
		        w->source, ev->binlog_file ? ev->binlog_file : "?", ev->binlog_pos);
		return CHM_EUSAGE;
	}
	if ((ev->kind == LOG_EVENT_DDL && ev->query == NULL) ||
	    ((ev->kind == LOG_EVENT_INSERT || ev->kind == LOG_EVENT_UPDATE) && ev->after == NULL) ||
	    ((ev->kind == LOG_EVENT_DELETE || ev->kind == LOG_EVENT_UPDATE) && ev->before == NULL)) {
		chm_log(LOG_ERROR, "%s event on %s.%s at %s:%" PRIu64 " lacks its %s", kinds[ev->kind],
		        ev->schema, ev->table, ev->binlog_file ? ev->binlog_file : "?", ev->binlog_pos,
		        ev->kind == LOG_EVENT_DDL ? "query" : "row image");
		return CHM_EUSAGE;
	}
	strbuf_puts(b, w->batch_id);
	strbuf_putc(b, '\t');
	field(b, ev->schema, strlen(ev->schema), false);
	field(b, ev->table, strlen(ev->table), false);
	strbuf_puts(b, kinds[ev->kind]);
	strbuf_putc(b, '\t');
	field(b, ev->binlog_file, ev->binlog_file ? strlen(ev->binlog_file) : 0, false);
	if (ev->binlog_file)
		put_u64(b, ev->binlog_pos, '\t');
	else
		strbuf_puts(b, "\\N\t");
	if (ev->commit_time > 0) {
		strbuf_puts(b, commit_text(w, ev->commit_time, ev->commit_usec));
		strbuf_putc(b, '\t');
		if (ev->commit_time > w->max_commit_time)
			w->max_commit_time = ev->commit_time;
	} else {
		strbuf_puts(b, "\\N\t");
	}
	field(b, ev->kind != LOG_EVENT_DELETE && ev->kind != LOG_EVENT_DDL ? ev->after : NULL,
	      ev->after_len, false);
	field(b, ev->kind != LOG_EVENT_INSERT && ev->kind != LOG_EVENT_DDL ? ev->before : NULL,
	      ev->before_len, false);
	field(b, ev->kind == LOG_EVENT_DDL ? ev->query : NULL, ev->query_len, false);
	if (ev->xid != 0)
		put_u64(b, ev->xid, '\n');
	else
		strbuf_puts(b, "\\N\n");
	w->events++;
	if (ev->kind == LOG_EVENT_DDL)
		w->ddl++;
	if (b->len >= CHUNK)
		return flush(w);
	return 0;
}

/* Sends the rest of the open batch's COPY and ends it: the batch is closed. */
static int
end_copy(LogWriter *w)
{
	PGresult *res;
	int rc;

	if ((rc = flush(w)) != 0)
		return rc;
	if (PQputCopyEnd(w->conn, NULL) != 1) {
		chm_log(LOG_ERROR, "could not end the COPY of batch %s: %s", w->batch_id,
		        PQerrorMessage(w->conn));
		return CHM_EPG;
	}
	while ((res = PQgetResult(w->conn)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			char what[96];
			snprintf(what, sizeof(what), "store batch %s of source \"%s\"", w->batch_id, w->source);
			pg_log_error(res, w->conn, what);
			rc = CHM_EPG;
		}
		PQclear(res);
	}
	w->open = false;
	return rc;
}

int
pg_log_commit_batch(LogWriter *w, const BinlogCoord *end, bool caught_up)
{
	char pos[24], events[24], when[24];
	const char *params[5];
	int rc;

	if (!w->open) {
		chm_log(LOG_ERROR, "no batch is open for source \"%s\"", w->source);
		return CHM_ESTATE;
	}
	if ((rc = end_copy(w)) != 0)
		goto fail;
	for (int i = 0; i < w->nmodels && rc == 0; i++)
		rc = pg_table_model_save(w->conn, w->source_id, w->models[3 * i], w->models[3 * i + 1],
		                         w->models[3 * i + 2]);
	forget_models(w);
	for (int i = 0; i < w->nnuls && rc == 0; i++)
		rc = pg_nul_removed_save(w->conn, w->source_id, w->nuls[i].schema, w->nuls[i].table,
		                         w->nuls[i].n);
	forget_nuls(w);
	if (rc == 0)
		rc = save_notes(w);
	if (rc != 0)
		goto fail;
	snprintf(pos, sizeof(pos), "%" PRIu64, end ? end->pos : 0);
	snprintf(events, sizeof(events), "%" PRId64, w->events);
	snprintf(when, sizeof(when), "%" PRId64, w->max_commit_time);
	params[0] = w->batch_id;
	params[1] = end && end->file[0] ? end->file : NULL;
	params[2] = end && end->file[0] ? pos : NULL;
	params[3] = end && end->gtid[0] ? end->gtid : NULL;
	params[4] = events;
	rc = pg_exec_params(
	    w->conn,
	    "UPDATE sch_chameleon.t_replica_batch SET t_end_file = $2, i_end_pos = $3::bigint, "
	    "t_end_gtid = $4, i_events = $5::bigint, b_processed = true, "
	    "ts_processed = clock_timestamp() WHERE i_id_batch = $1::bigint",
	    5, params, NULL, "close the batch");
	if (rc != 0)
		goto fail;
	/* the resume point, in the batch's transaction; kept on the source so
	 * that removing old batches never loses it; with the newest commit
	 * time stored and whether the reader is caught up (show-status) */
	params[0] = w->batch_id;
	params[1] = when;
	params[2] = caught_up ? "t" : "f";
	rc = pg_exec_params(
	    w->conn,
	    "UPDATE sch_chameleon.t_sources s SET t_read_file = b.t_end_file, "
	    "i_read_pos = b.i_end_pos, t_read_gtid = b.t_end_gtid, "
	    "ts_last_received = CASE WHEN $2::bigint > 0 THEN greatest(s.ts_last_received, "
	    "to_timestamp($2::bigint)) ELSE s.ts_last_received END, "
	    "ts_caught_up = CASE WHEN $3::boolean THEN clock_timestamp() END "
	    "FROM sch_chameleon.t_replica_batch b WHERE b.i_id_batch = $1::bigint "
	    "AND s.i_id_source = b.i_id_source",
	    3, params, NULL, "record the resume coordinates");
	if (rc != 0)
		goto fail;
	return pg_exec(w->conn, "COMMIT", "commit the batch");
fail:
	pg_log_abort_batch(w);
	return rc;
}

int
pg_log_commit_piece(LogWriter *w)
{
	char events[24];
	const char *params[2];
	int rc = 0;

	if (!w->open) {
		chm_log(LOG_ERROR, "no batch is open for source \"%s\"", w->source);
		return CHM_ESTATE;
	}
	if (w->nmodels > 0 || w->nnotes > 0) {
		chm_log(LOG_ERROR, "batch %s of source \"%s\" holds table definitions: not a piece",
		        w->batch_id, w->source);
		rc = CHM_ESTATE;
		goto fail;
	}
	if ((rc = end_copy(w)) != 0)
		goto fail;
	snprintf(events, sizeof(events), "%" PRId64, w->events);
	params[0] = w->batch_id;
	params[1] = events;
	rc = pg_exec_params(w->conn,
	                    "UPDATE sch_chameleon.t_replica_batch SET i_events = $2::bigint, "
	                    "b_processed = true, b_continued = true, ts_processed = clock_timestamp() "
	                    "WHERE i_id_batch = $1::bigint",
	                    2, params, NULL, "close a piece of a batch");
	if (rc != 0)
		goto fail;
	return pg_exec(w->conn, "COMMIT", "commit a piece of a batch");
fail:
	pg_log_abort_batch(w);
	return rc;
}

/* The pieces of source $1 after its last complete batch: batches of a
 * transaction whose end was never stored. */
#define UNFINISHED_PIECES                                                                          \
	"SELECT b.i_id_batch FROM sch_chameleon.t_replica_batch b JOIN sch_chameleon.t_sources s "     \
	"USING (i_id_source) WHERE s.t_source = $1 AND b.b_continued AND NOT b.b_replayed "            \
	"AND NOT EXISTS (SELECT 1 FROM sch_chameleon.t_replica_batch c WHERE c.i_id_source = "         \
	"s.i_id_source AND c.i_id_batch > b.i_id_batch AND NOT c.b_continued)"

int
pg_log_drop_pieces(PGconn *conn, const char *source, int64_t *deleted)
{
	const char *params[1] = {source};
	PGresult *res;
	int rc, n;

	*deleted = 0;
	/* almost always none: then the replay's lock is not needed */
	rc = pg_exec_params(conn, "SELECT count(*) FROM (" UNFINISHED_PIECES ") p", 1, params, &res,
	                    "look for unfinished pieces");
	if (rc != 0)
		return rc;
	n = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	if (n == 0)
		return 0;
	/* Under the replay's lock: a replay applying these pieces (one of a
	 * killed process may still be waiting for the rest) holds locks on
	 * their rows, and deleting beside it can deadlock.  It gives up soon,
	 * since the reader's lock is free until the pieces are gone. */
	if ((rc = pg_exec(conn, "BEGIN", "begin deleting unfinished pieces")) != 0)
		return rc;
	rc = pg_exec_params(conn,
	                    "SELECT pg_advisory_xact_lock(" PG_REPLAY_LOCK_KEY ", i_id_source) "
	                    "FROM sch_chameleon.t_sources WHERE t_source = $1",
	                    1, params, NULL, "wait for the replay to delete unfinished pieces");
	/* the log rows through the parent table (the batch names its log table) */
	if (rc == 0)
		rc = pg_exec_params(conn,
		                    "WITH p AS (" UNFINISHED_PIECES "), "
		                    "l AS (DELETE FROM sch_chameleon.t_log_replica WHERE i_id_batch IN "
		                    "(SELECT i_id_batch FROM p)) "
		                    "DELETE FROM sch_chameleon.t_replica_batch WHERE i_id_batch IN "
		                    "(SELECT i_id_batch FROM p) RETURNING i_id_batch",
		                    1, params, &res,
		                    "delete the pieces of an unfinished source transaction");
	if (rc != 0) {
		pg_rollback(conn);
		return rc;
	}
	*deleted = PQntuples(res);
	PQclear(res);
	return pg_exec(conn, "COMMIT", "commit deleting unfinished pieces");
}

void
pg_log_abort_batch(LogWriter *w)
{
	PGresult *res;

	if (w->open) {
		if (PQputCopyEnd(w->conn, "batch aborted") == 1)
			while ((res = PQgetResult(w->conn)) != NULL)
				PQclear(res);
		w->open = false;
	}
	strbuf_reset(&w->buf);
	forget_models(w);
	forget_nuls(w); /* with a piece's: its transaction is read again */
	forget_notes(w);
	pg_rollback(w->conn);
}

int
pg_log_table_model(LogWriter *w, const char *schema, const char *table, const char *json)
{
	if (!w->open) {
		chm_log(LOG_ERROR, "no batch is open for source \"%s\"", w->source);
		return CHM_ESTATE;
	}
	if (w->nmodels == w->capmodels) {
		w->capmodels = w->capmodels ? 2 * w->capmodels : 8;
		w->models = chm_realloc(w->models, (size_t)w->capmodels * 3 * sizeof(char *));
	}
	w->models[3 * w->nmodels] = chm_strdup(schema);
	w->models[3 * w->nmodels + 1] = chm_strdup(table);
	w->models[3 * w->nmodels + 2] = json ? chm_strdup(json) : NULL;
	w->nmodels++;
	return 0;
}

int
pg_log_nul_removed(LogWriter *w, const char *schema, const char *table, uint64_t n)
{
	int i;

	if (!w->open) {
		chm_log(LOG_ERROR, "no batch is open for source \"%s\"", w->source);
		return CHM_ESTATE;
	}
	for (i = 0; i < w->nnuls; i++)
		if (strcmp(w->nuls[i].schema, schema) == 0 && strcmp(w->nuls[i].table, table) == 0)
			break;
	if (i == w->nnuls) {
		if (w->nnuls == w->capnuls) {
			w->capnuls = w->capnuls ? 2 * w->capnuls : 4;
			w->nuls = chm_realloc(w->nuls, (size_t)w->capnuls * sizeof(NulCount));
		}
		w->nuls[i] = (NulCount){chm_strdup(schema), chm_strdup(table), 0};
		w->nnuls++;
	}
	w->nuls[i].n += n;
	return 0;
}

int
pg_log_error_note(LogWriter *w, const char *schema, const char *message, const char *detail)
{
	if (!w->open) {
		chm_log(LOG_ERROR, "no batch is open for source \"%s\"", w->source);
		return CHM_ESTATE;
	}
	if (w->nnotes == w->capnotes) {
		w->capnotes = w->capnotes ? 2 * w->capnotes : 4;
		w->notes = chm_realloc(w->notes, (size_t)w->capnotes * 3 * sizeof(char *));
	}
	w->notes[3 * w->nnotes] = schema ? chm_strdup(schema) : NULL;
	w->notes[3 * w->nnotes + 1] = chm_strdup(message);
	w->notes[3 * w->nnotes + 2] = detail ? chm_strdup(detail) : NULL;
	w->nnotes++;
	return 0;
}

int
pg_nul_removed_save(PGconn *conn, const char *source_id, const char *schema, const char *table,
                    uint64_t n)
{
	char count[24];
	const char *p[4] = {source_id, schema, table, count};

	snprintf(count, sizeof(count), "%" PRIu64, n);
	/* a table the stream created has no row yet: it gets one, enabled */
	return pg_exec_params(conn,
	                      "INSERT INTO sch_chameleon.t_replica_tables (i_id_source, v_schema_name, "
	                      "v_table_name, i_nul_removed) VALUES ($1::integer, $2, $3, $4::bigint) "
	                      "ON CONFLICT (i_id_source, v_schema_name, v_table_name) DO UPDATE SET "
	                      "i_nul_removed = t_replica_tables.i_nul_removed + EXCLUDED.i_nul_removed",
	                      4, p, NULL, "count the NUL bytes removed from a table's text");
}

int
pg_table_model_save(PGconn *conn, const char *source_id, const char *schema, const char *table,
                    const char *json)
{
	const char *p[4] = {source_id, schema, table, json};
	PGresult *res;
	int rc;

	if (json != NULL)
		rc = pg_exec_params(
		    conn,
		    "INSERT INTO sch_chameleon.t_ddl_model (i_id_source, v_schema_name, v_table_name, "
		    "t_table) VALUES ($1::integer, $2, $3, $4) "
		    "ON CONFLICT (i_id_source, v_schema_name, v_table_name) "
		    "DO UPDATE SET t_table = EXCLUDED.t_table",
		    4, p, &res, "save a table's definition for the translator");
	else
		rc = pg_exec_params(conn,
		                    "DELETE FROM sch_chameleon.t_ddl_model WHERE i_id_source = $1::integer "
		                    "AND v_schema_name = $2 AND v_table_name = $3",
		                    3, p, &res, "forget a dropped table's definition");
	if (rc == 0)
		PQclear(res);
	return rc;
}

int
pg_log_last_coords(PGconn *conn, const char *source, char **file, uint64_t *pos, char **gtid)
{
	const char *params[1] = {source};
	PGresult *res;
	int rc;

	*file = NULL;
	*gtid = NULL;
	*pos = 0;
	rc = pg_exec_params(conn,
	                    "SELECT t_read_file, i_read_pos, t_read_gtid FROM sch_chameleon.t_sources "
	                    "WHERE t_source = $1",
	                    1, params, &res, "read the last stored coordinates");
	if (rc != 0)
		return rc;
	if (PQntuples(res) == 1) {
		if (!PQgetisnull(res, 0, 0))
			*file = chm_strdup(PQgetvalue(res, 0, 0));
		if (!PQgetisnull(res, 0, 1))
			*pos = strtoull(PQgetvalue(res, 0, 1), NULL, 10);
		if (!PQgetisnull(res, 0, 2))
			*gtid = chm_strdup(PQgetvalue(res, 0, 2));
	}
	PQclear(res);
	return 0;
}
