/*
 * reader.h — the reader loop: the source's binlog into the log tables.
 *
 * One reader per source.  It opens the binlog stream where the last stored
 * batch ended (sch_chameleon.t_sources' read coordinates, which add-source
 * or init-replica set for a fresh replica), parses and decodes every event,
 * and stores rows and translated DDL through the log writer in batches that
 * end only on source transaction boundaries (architecture §5).  Not here: the
 * replay (pg_replay_step), the snapshot, the thread plumbing (replicate.c).
 */
#ifndef CHM_READER_H
#define CHM_READER_H

#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/config.h"
#include "common/error.h"

/* What the reader did; every event it did not store is counted here (the
 * skip counters count again what is read again after a reconnect). */
typedef struct ReaderStats {
	uint64_t events; /* binlog events received, heartbeats excluded */
	uint64_t heartbeats;
	uint64_t transactions;          /* source transactions ended (XID, COMMIT, DDL) */
	uint64_t rows_stored;           /* row images in committed batches (an update counts once) */
	uint64_t ddl_stored;            /* translated DDL statements in committed batches */
	uint64_t batches;               /* batches committed */
	uint64_t rows_skipped_table;    /* rows of tables not replicated (mapping, limit/skip_tables) */
	uint64_t rows_skipped_event;    /* rows dropped by skip_events */
	uint64_t rows_skipped_snapshot; /* rows before their table's snapshot coordinates */
	uint64_t stmts_skipped;         /* statements outside mapped schemas, or not table DDL */
	uint64_t tables_refused;        /* input refused: its table stops there (t_error_log) */
	uint64_t stmts_refused;         /* DDL refused that named no table it could read */
	uint64_t tables_synced;         /* tables renamed into the replicated ones, copied */
	uint64_t reconnects;
	char last_error[1024]; /* the error that stopped the reader, when the reader itself found it */
} ReaderStats;

typedef struct ReaderOptions {
	const Config *cfg;
	const SourceConfig *src;
	/* set (non-zero) by someone else to stop the reader at the next
	 * transaction boundary; chm_stop_requested is honoured too; may be NULL */
	atomic_int *stop;
	/* seconds between heartbeats of an idle source; 0: 1 second */
	int heartbeat_s;
	/* stop after this many stored rows, at the next boundary; 0: never (tests, bench) */
	uint64_t max_rows;
	/* stop once the stream has passed every event the source had written
	 * when the reader started, at a boundary (bench, tests) */
	bool until_caught_up;
	/* called (from the reader's thread) after each batch is committed, to
	 * wake a replay waiting for one; may be NULL */
	void (*on_batch)(void *arg);
	void *on_batch_arg;
} ReaderOptions;

/*
 * Runs the reader until a stop is requested (returns 0 once the current
 * source transaction is stored), or an error that on_error_read does not
 * retry.  With on_error_read: continue, a lost connection to either server
 * rolls the open batch back, waits (1 s doubling to 60 s) and resumes at
 * the last committed coordinates.  stats (may be NULL) is filled as it goes.
 */
int reader_run(const ReaderOptions *opt, ReaderStats *stats) CHM_MUSTCHECK;

/*
 * MariaDB's gtid_binlog_pos after a GTID event: state (size n) holds one
 * "domain-server-seq" per domain; the event's replaces its domain's entry
 * or is appended.  Exported for the unit tests.
 */
void reader_gtid_advance(char *state, size_t n, uint32_t domain, uint32_t server, uint64_t seq);

/*
 * PostgreSQL's limits on one stored row (architecture §11).  jsonb refuses a
 * value whose data passes JENTRY_OFFLENMASK (the offsets of its entries
 * have 28 bits: "total size of jsonb object elements exceeds the maximum of
 * 268435455 bytes"), and COPY keeps a line in one buffer of at most
 * MaxAllocSize - 1 bytes (1 GB - 2) with its newline.
 */
#define READER_JSONB_MAX     ((size_t)0x0FFFFFFF)
#define READER_COPY_LINE_MAX ((size_t)0x3FFFFFFE)
/* jsonb_in also builds each container's entries in one array under
 * MaxAllocSize: PostgreSQL 15 takes an array of 16777216 elements, not one
 * more, and an object of 8388608 members ("invalid memory alloc request
 * size"), whatever their size.  An object's member counts as two. */
#define READER_JSONB_MAX_WIDTH ((uint64_t)1 << 24)

/*
 * An upper bound of the bytes jsonb takes for the JSON text json (valid
 * JSON, as the decoder writes it): each string and key its text length and
 * a 4-byte entry; each number a numeric of its digits, with header,
 * alignment and entry; each container a header, alignment and entry.  It
 * counts 3 bytes of alignment before every number and container, which
 * jsonb needs only after an unaligned neighbour: for a document of small
 * numbers it is up to a quarter above the truth (an array of ones: 15 bytes
 * an element, jsonb takes 12), so such a document of 200 to 256 MB as jsonb
 * is refused although PostgreSQL would take it.  *widest is set to the
 * widest container's width (see READER_JSONB_MAX_WIDTH).
 */
size_t reader_jsonb_bound(const char *json, size_t len, uint64_t *widest);

/*
 * Whether a row's images (NULL when absent) can be stored: each within
 * READER_JSONB_MAX as jsonb and READER_JSONB_MAX_WIDTH wide, the COPY line
 * within READER_COPY_LINE_MAX.
 * When not, why says which limit (for the error log) and false is returned.
 */
bool reader_row_fits(const char *before, size_t blen, const char *after, size_t alen, char *why,
                     size_t whylen);

/* The same against other limits (tests: the limits themselves take 256 MB
 * and 1 GB to reach). */
bool reader_row_fits_in(const char *before, size_t blen, const char *after, size_t alen,
                        size_t jsonb_max, size_t line_max, char *why, size_t whylen);

/* Logs the counters as one line at LOG_INFO. */
void reader_log_stats(const char *source, const ReaderStats *st);

#endif
