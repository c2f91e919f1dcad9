/*
 * pg.h — chameleon's side of PostgreSQL: the connection, the sch_chameleon
 * catalog, the log writer and the replay driver.
 *
 * The catalog's SQL lives in sql/ and is embedded into the binary at build
 * time (sql_scripts.h).  Every command that opens the catalog goes through
 * pg_catalog_open(), which upgrades an older catalog in one transaction
 * under an advisory lock and refuses a newer one.
 *
 * The log writer stores the reader's events: a batch's rows go in with COPY,
 * streamed in small chunks, and the batch's end coordinates are written in
 * the same transaction, so a crash loses or repeats nothing.  The replay
 * driver calls sch_chameleon.fn_replay(), which applies a slice of events
 * and records them applied in one transaction.
 */
#ifndef CHM_PG_H
#define CHM_PG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <libpq-fe.h>

#include "common/config.h"
#include "common/coord.h"
#include "common/error.h"
#include "common/strbuf.h"

/* ---- connection (pgconn.c) ---- */

/*
 * Connects with the settings of cc (host, port, user, password, database,
 * TLS); app names the connection in pg_stat_activity.  The session is
 * UTF-8 and UTC.  On success *out is for pg_disconnect().
 */
int pg_connect(const ConnConfig *cc, const char *app, PGconn **out) CHM_MUSTCHECK;
void pg_disconnect(PGconn *conn);

/*
 * Runs sql (one or several statements, no parameters).  On failure logs
 * "could not <what>: <server message>" with its detail and hint, and
 * returns CHM_EPG.
 */
int pg_exec(PGconn *conn, const char *sql, const char *what) CHM_MUSTCHECK;
/* Rolls the open transaction back, on a path that is failing already: nothing to report. */
void pg_rollback(PGconn *conn);

/*
 * Runs one statement with text parameters.  On success *res (when not NULL)
 * is the result, for the caller to PQclear(); on failure logs as pg_exec.
 */
int pg_exec_params(PGconn *conn, const char *sql, int nparams, const char *const *values,
                   PGresult **res, const char *what) CHM_MUSTCHECK;

/*
 * Runs a query and prints its rows: aligned columns under a header line
 * (NULL as "-"), or with json a JSON array of objects, one per row, keyed
 * by column name.  One query serves both, so the two never disagree.
 */
int pg_print_query(PGconn *conn, const char *sql, int nparams, const char *const *params, bool json,
                   FILE *out, const char *what) CHM_MUSTCHECK;

/* Logs a failed result: "could not <what>: message", detail, hint. */
void pg_log_error(const PGresult *res, PGconn *conn, const char *what);

/* ---- catalog (catalog.c) ---- */

/* The catalog version this binary installs and works with. */
#define PG_CATALOG_VERSION 5

/*
 * Advisory lock keys (the second key is the source's i_id_source).  fn_replay
 * in sql/functions-N.sql writes REPLAY and READER as numbers: keep them equal.
 *   REPLAY    held by fn_replay for its transaction; taken by whoever must
 *             keep the replay out (snapshot swaps, detach, dropping pieces)
 *   SNAPSHOT  held by a running init-replica or sync-tables
 *   READER    held by a connected reader (fn_replay waits for the pieces of
 *             a transaction only while it is held)
 */
#define PG_REPLAY_LOCK_KEY   "1667788108"
#define PG_SNAPSHOT_LOCK_KEY "1667788109"
#define PG_READER_LOCK_KEY   "1667788110"

/* The embedded script called name ("catalog-4.sql"), or NULL. */
const char *pg_catalog_script(const char *name);

/* Reads the installed version: 0 when sch_chameleon is not installed. */
int pg_catalog_version(PGconn *conn, int *version) CHM_MUSTCHECK;

/* Installs the catalog at PG_CATALOG_VERSION; an error if one exists. */
int pg_catalog_create(PGconn *conn) CHM_MUSTCHECK;

/* Drops sch_chameleon and everything in it; *existed says whether it was there. */
int pg_catalog_drop(PGconn *conn, bool *existed) CHM_MUSTCHECK;

/*
 * Brings an older catalog to PG_CATALOG_VERSION: every step of the chain
 * in ONE transaction under an advisory lock, so two processes starting at
 * once upgrade once.  *from (when not NULL) is the version found.  A
 * catalog newer than the binary, or none, is an error (CHM_ECATALOG).
 */
int pg_catalog_upgrade(PGconn *conn, int *from) CHM_MUSTCHECK;

/*
 * What every command that uses the catalog calls first: checks that it is
 * installed and upgrades it if it is older.
 */
int pg_catalog_open(PGconn *conn) CHM_MUSTCHECK;

/*
 * Connects to cfg->pg_conn (pg_connect) and, when catalog is true, opens
 * the catalog (pg_catalog_open: checked, upgraded if older).  Logs why on
 * failure.  In catalog.c, not pgconn.c, so that the connection layer never
 * calls up into the catalog.
 */
int pg_open(const Config *cfg, const char *app, bool catalog, PGconn **out) CHM_MUSTCHECK;

/* A source name becomes part of table names: 1 to 32 of [a-z0-9_]. */
bool pg_source_name_valid(const char *name);

/* Registers a source and creates its log tables. */
int pg_source_add(PGconn *conn, const SourceConfig *src) CHM_MUSTCHECK;

/* Removes a source, its batches and its log tables; *found says whether it existed. */
int pg_source_drop(PGconn *conn, const char *name, bool *found) CHM_MUSTCHECK;

/* Allows (enabled) or forbids starting the source's replica; *found says whether it exists. */
int pg_source_set_enabled(PGconn *conn, const char *name, bool enabled, bool *found) CHM_MUSTCHECK;

/*
 * What the replica checks before it starts: refuses (and logs why) a source
 * not in the catalog (CHM_ENOTFOUND), disabled by disable-replica, or
 * without read coordinates, which init-replica sets (CHM_ESTATE).
 */
int pg_source_check_startable(PGconn *conn, const char *name) CHM_MUSTCHECK;

/* Records the replica's status ("running", "stopped", "error"); CHM_ENOTFOUND, logged, when the
 * source is not in the catalog. */
int pg_source_set_status(PGconn *conn, const char *name, const char *status) CHM_MUSTCHECK;

/*
 * Records in t_error_log why the source's reader stopped (detail may be
 * NULL), so show-status and show-errors say it and not only the log.
 */
int pg_source_log_error(PGconn *conn, const char *name, const char *message,
                        const char *detail) CHM_MUSTCHECK;

/*
 * Removes the source's replayed batches older than retention (an interval;
 * NULL or "" keeps them) and vacuums its log tables, FULL when full (which
 * locks them: not while the replica runs).  *found says whether it exists.
 */
int pg_source_maintenance(PGconn *conn, const char *name, const char *retention, bool full,
                          bool *found) CHM_MUSTCHECK;


/* ---- log writer (logwriter.c) ---- */

typedef enum LogEventKind {
	LOG_EVENT_INSERT = 0,
	LOG_EVENT_UPDATE,
	LOG_EVENT_DELETE,
	LOG_EVENT_DDL,
} LogEventKind;

/* Positions are common/coord.h's BinlogCoord: "" file or gtid = none. */

/*
 * One event as the reader hands it over.  Every string is borrowed for the
 * duration of the call.  Row images are serialised JSON objects (column name
 * to canonical value text, architecture §6); they are not parsed here, PostgreSQL
 * checks them.  after for insert and update, before for update and delete;
 * query (already translated) for DDL.
 */
typedef struct LogEvent {
	LogEventKind kind;
	const char *schema; /* source schema */
	const char *table;
	const char *binlog_file;
	uint64_t binlog_pos;
	int64_t commit_time; /* source commit time, seconds since the epoch; 0 unknown */
	int32_t commit_usec; /* microseconds into that second, an estimate (the binlog has none); 0
	                        unknown */
	const char *after;
	size_t after_len;
	const char *before;
	size_t before_len;
	const char *query;
	size_t query_len;
	uint64_t xid; /* the source transaction: equal for its events, different from its neighbours' in
	                 the batch; 0 unknown */
} LogEvent;

typedef struct LogWriter LogWriter;

/*
 * A writer for source on conn (an open catalog).  conn is borrowed and must
 * serve only this writer while a batch is open.
 */
int pg_log_writer_open(PGconn *conn, const char *source, LogWriter **out) CHM_MUSTCHECK;
void pg_log_writer_close(LogWriter *w);

/* Opens a transaction, a batch row and the COPY into the source's log table. */
int pg_log_begin_batch(LogWriter *w, const BinlogCoord *start) CHM_MUSTCHECK;

/*
 * Appends one event to the open batch.  The COPY data is sent in chunks of
 * about 64 kB: memory does not grow with the batch.
 */
int pg_log_append(LogWriter *w, const LogEvent *ev) CHM_MUSTCHECK;

/*
 * Ends the COPY, records the batch's end coordinates and counters, and
 * commits: rows and coordinates are durable together or not at all.
 * caught_up: the stream had nothing more to read at end (the source's
 * ts_caught_up becomes now; otherwise NULL).
 */
int pg_log_commit_batch(LogWriter *w, const BinlogCoord *end, bool caught_up) CHM_MUSTCHECK;

/*
 * Commits the open batch as a piece of a source transaction that goes on in
 * the next batch (b_continued): its rows are durable, so the replay can
 * apply them while the next piece is read, but the source's resume
 * coordinates stay where they are (the transaction's start), and the replay
 * commits nothing of the transaction before its last batch.  The batch must
 * hold no table model.
 */
int pg_log_commit_piece(LogWriter *w) CHM_MUSTCHECK;

/*
 * Deletes the pieces of a source transaction whose last batch was never
 * stored (the reader stopped inside it): the reader reads the transaction
 * again from its start.  Waits, under the replay's lock, while a replay
 * applies them (it gives up when the rest does not come, since the reader's
 * lock is not held yet).  Sets *deleted to the batches deleted.
 */
int pg_log_drop_pieces(PGconn *conn, const char *source, int64_t *deleted) CHM_MUSTCHECK;

/*
 * Saves, with the open batch, what the DDL translator knows of source
 * table schema.table (json, src/ddl/model.h), or forgets it (json NULL):
 * written to sch_chameleon.t_ddl_model in the batch's transaction, in call
 * order, so the stored definitions always match the stored position.
 */
int pg_log_table_model(LogWriter *w, const char *schema, const char *table,
                       const char *json) CHM_MUSTCHECK;

/* ---- fkactions.c: the source's foreign key actions (t_fk_actions, fn_fk_*) ---- */

/* Appends "SELECT sch_chameleon.<fn>(source, arg...);\n", each a text literal (NULL: NULL). */
void pg_fn_call_sql(StrBuf *sql, const char *fn, const char *source, int nargs, ...);

/* One source foreign key with actions, in the replica's schemas (borrowed strings). */
typedef struct PgForeignKey {
	const char *schema, *table, *name;
	const char *const *cols;
	int ncols;
	const char *ref_schema, *ref_table;
	const char *const *ref_cols; /* ncols of them */
	const char *on_delete, *on_update;
} PgForeignKey;

/* Appends the call recording fk (fn_fk_actions_add, which makes its parent's triggers). */
void pg_fk_add_sql(StrBuf *sql, const char *source, const PgForeignKey *fk);

/*
 * Deletes the t_fk_actions rows of the source of id: all of them, or those
 * whose child or parent is one of the n (replica schema, table) pairs when
 * pairs is not NULL; *out lists the parents of the rows deleted (PQclear).
 */
int pg_fk_actions_forget(PGconn *conn, const char *id, const char *const *pairs, int n,
                         PGresult **out) CHM_MUSTCHECK;

/* ---- sources.c: the reader's and the snapshot's catalog reads and writes ---- */

/* Records the source caught up now: last received and caught-up times. */
int pg_source_mark_caught_up(PGconn *conn, const char *source) CHM_MUSTCHECK;
/* Tries the reader's session lock of the source (PG_READER_LOCK_KEY); *got says whether taken. */
int pg_source_try_reader_lock(PGconn *conn, const char *source, bool *got) CHM_MUSTCHECK;
/*
 * The translator's stored knowledge of the source's tables (t_ddl_model):
 * rows of schema, table, definition (model.h JSON); with only_snapped,
 * those of tables with snapshot coordinates.  *out is the caller's to PQclear.
 */
int pg_ddl_models_read(PGconn *conn, const char *source, bool only_snapped,
                       PGresult **out) CHM_MUSTCHECK;
/* The tables waiting for the stream to pass their snapshot: schema, table, file, position. */
int pg_table_snapshots_read(PGconn *conn, const char *source, PGresult **out) CHM_MUSTCHECK;
/* The source's id (text) and status (when status is not NULL); CHM_ENOTFOUND, logged. */
int pg_source_lookup(PGconn *conn, const char *name, char *id, size_t n, char *status,
                     size_t sn) CHM_MUSTCHECK;
/* Forgets the source's batches, log rows, table states and definitions (caller's transaction). */
int pg_source_reset(PGconn *conn, const char *id) CHM_MUSTCHECK;
/* Records a new copy's start: status initialised, read position at, no watermark or times. */
int pg_source_set_start(PGconn *conn, const char *id, const BinlogCoord *at) CHM_MUSTCHECK;
/*
 * Writes the t_replica_tables row of a copied table: keys a text[] literal
 * of the replica's key columns (NULL: none), at its snapshot coordinates
 * (NULL: consistent from the start), enabled.
 */
int pg_table_record(PGconn *conn, const char *id, const char *schema, const char *table,
                    const char *keys, const BinlogCoord *at) CHM_MUSTCHECK;
/* The disabled tables of the source of id as schema, table pairs (malloc'd; *n may be 0). */
int pg_tables_disabled(PGconn *conn, const char *id, char ***out, int *n) CHM_MUSTCHECK;
/* Holds the source's replay until the caller's transaction ends (detach); CHM_ENOTFOUND, logged. */
int pg_source_hold_replay(PGconn *conn, const char *source) CHM_MUSTCHECK;
/* Drops the chm_fk_ triggers of the source's tables; *dropped gets how many. */
int pg_fk_triggers_drop(PGconn *conn, const char *source, long *dropped) CHM_MUSTCHECK;

/*
 * Records, with the open batch, source input the replica could not take
 * that concerns no table it can stop (a statement whose table names could
 * not be read): a t_error_log row (SQLSTATE CH010) written in the batch's
 * transaction.  The strings are copied; they must be valid UTF-8.
 */
int pg_log_error_note(LogWriter *w, const char *schema, const char *message,
                      const char *detail) CHM_MUSTCHECK;

/* The same at once, in the caller's transaction on conn (the snapshot's);
 * source_id is the source's i_id_source as text. */
int pg_table_model_save(PGconn *conn, const char *source_id, const char *schema, const char *table,
                        const char *json) CHM_MUSTCHECK;

/*
 * Counts n NUL bytes left out of the text of source table schema.table's
 * rows in the open batch: added to t_replica_tables.i_nul_removed when the
 * source transaction's last batch commits (not with a piece, which may be
 * read again), nothing when it is rolled back.
 */
int pg_log_nul_removed(LogWriter *w, const char *schema, const char *table,
                       uint64_t n) CHM_MUSTCHECK;

/* The same at once, in the caller's transaction on conn (the snapshot's). */
int pg_nul_removed_save(PGconn *conn, const char *source_id, const char *schema, const char *table,
                        uint64_t n) CHM_MUSTCHECK;

/* Rolls the open batch back (nothing of it stays). */
void pg_log_abort_batch(LogWriter *w);

/* Events appended to the open batch so far. */
int64_t pg_log_batch_events(const LogWriter *w);

/*
 * The end coordinates of the source's last committed batch, where the
 * reader resumes.  *file and *gtid are malloc'd (NULL when there is no
 * batch yet, or no GTID); the caller frees them.
 */
int pg_log_last_coords(PGconn *conn, const char *source, char **file, uint64_t *pos,
                       char **gtid) CHM_MUSTCHECK;

/* Appends s as a COPY text-format field: backslash, tab, newline, CR escaped. */
void pg_copy_escape(StrBuf *sb, const char *s, size_t n);

/* ---- replay driver (replay.c) ---- */

typedef struct ReplayResult {
	int64_t applied;
	int64_t skipped;
	int64_t ddl;
	int64_t errors;
	bool more; /* batches are waiting: call again without sleeping */
} ReplayResult;

/*
 * Applies at most max_rows of the source's oldest stored events in one
 * transaction.  With ON_ERROR_EXIT a failing event rolls the slice back,
 * is recorded in t_error_log, logged (table, event, message) and returned
 * as CHM_EPG; with ON_ERROR_CONTINUE the function records it, disables the
 * table and goes on.  retention (an interval, "1 day"; NULL: keep all)
 * removes replayed batches older than it.  CHM_EBUSY (nothing applied, no
 * error recorded) while another process holds the source's replay lock,
 * as sync-tables does while it swaps a table in: call again later.
 */
int pg_replay_step(PGconn *conn, const char *source, int max_rows, OnError on_error,
                   const char *retention, ReplayResult *res) CHM_MUSTCHECK;

#endif
