/*
 * reader_int.h — what the reader's files share; for src/replica/reader*.c only.
 *
 * The reader is split along its seams: the loop, its batches and its
 * connections (reader.c), the DDL path and the input the replica refuses
 * (reader_ddl.c), MariaDB's column-type hints (reader_hints.c), and
 * PostgreSQL's limits on one row (reader_limits.c).  They share the Reader
 * and the few functions below.  Not a public face: the rest of chameleon
 * uses reader.h, and nothing here is promised to stay.
 */
#ifndef CHM_READER_INT_H
#define CHM_READER_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "common/coord.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "ddl/model.h"
#include "mysql/binlog.h"
#include "mysql/binlog_stream.h"
#include "mysql/myconn.h"
#include "mysql/rowdecode.h"
#include "pg/pg.h"
#include "replica/reader.h"

/* A table copied at its own coordinates (reader.c). */
typedef struct SnapTable SnapTable;
/* MariaDB column types of one table (reader_hints.c). */
typedef struct HintCols HintCols;

typedef struct Reader {
	const ReaderOptions *opt;
	const SourceConfig *src;
	ReaderStats *st;

	PGconn *pg;
	LogWriter *lw;
	MyConn meta; /* start-up checks and information_schema */
	BinlogStream bs;
	bool bs_open;
	BinlogParser parser;
	RowDecoder dec;

	BinlogCoord committed; /* end of the last committed batch: where a restart resumes */
	BinlogCoord cur;       /* after the last event seen */
	BinlogCoord target;    /* until_caught_up: the source's position at start */
	bool in_trx;
	bool end_pending; /* the event being handled ends the transaction */
	int depth;        /* > 0 inside a TRANSACTION_PAYLOAD: positions come from the payload event */
	/* MySQL: the GTID of the transaction being read, added to gtids when it
	 * ends (a batch ends only there, so a stored set never holds a
	 * transaction that is not stored) */
	bool gtid_pending;
	uint8_t gtid_uuid[16];
	char gtid_tag[GTID_TAG_MAX + 1];
	int64_t gtid_gno;
	/* MySQL: the executed set, parsed from cur.gtid at the first GTID and
	 * the truth from then on; written back into cur.gtid when a batch is
	 * stored (formatting a set of many servers at each transaction costs
	 * tens of microseconds) */
	GtidSet gtids;
	bool gtids_loaded, gtids_changed;
	bool batch_open;
	bool dirty;          /* cur moved past committed */
	uint64_t batch_rows; /* rows and DDL in the open batch */
	uint64_t batch_ddl;
	uint64_t pieces;     /* pieces of the open source transaction stored */
	uint64_t piece_rows; /* rows in them (a piece holds no DDL) */
	struct timespec last_commit;

	SnapTable *snaps;
	int nsnaps;
	HintCols *hints;
	/* what the translator knows of the tables at r->committed (t_ddl_model) */
	DdlModel *model;

	StrBuf before, after;
	char schema[256], table[256];
	/* "schema.table" of the tables whose NUL bytes this process has logged */
	char **nul_logged;
	int n_nul_logged;
	/* tables renamed into the replicated ones in the open batch, or whose
	 * rows a DDL changed without rows in the binlog: copied by sync-tables
	 * once it is committed (schema, table, why, schema, ...) */
	char **to_sync;
	int nto_sync;
} Reader;
/* ---- reader.c ---- */

/* Opens a batch unless one is open, reading the snapshot coordinates anew. */
int reader_ensure_batch(Reader *r) CHM_MUSTCHECK;

/* Whether an event of schema.table at `at` is older than the table's copy. */
bool reader_before_snapshot(const Reader *r, const char *schema, const char *table,
                            const BinlogCoord *at);

/* Where in its second an event of commit_time was committed, estimated
 * from now, in microseconds (see reader.c). */
int32_t reader_commit_usec_estimate(int64_t commit_time);

/* ---- reader_hints.c ---- */

/* Sets the column hints of a MariaDB table map, asking information_schema
 * on r->meta the first time a table is seen. */
int reader_set_hints(Reader *r, BinlogTable *t) CHM_MUSTCHECK;
/* Forgets schema.table's hints: DDL may have changed its columns. */
void reader_drop_hints(Reader *r, const char *schema, const char *table);
void reader_free_hints(Reader *r);

/* ---- reader_ddl.c ---- */

/* A QUERY event that is not a transaction boundary: translated and stored,
 * skipped, or refused table by table. */
int reader_on_ddl(Reader *r, const BinlogEvent *ev, const BinlogCoord *at) CHM_MUSTCHECK;

/* Stores a statement failing with SQLSTATE CH010 in place of what the
 * replica cannot take: the replay disables schema.table there.  message
 * and detail may come from the source. */
int reader_table_refused(Reader *r, const char *schema, const char *table, const BinlogCoord *at,
                         int64_t commit_time, const char *message,
                         const char *detail) CHM_MUSTCHECK;

/* Copies the tables renamed into the replicated ones once the batch
 * holding the rename is committed, and empties the list. */
int reader_sync_entered(Reader *r);

#endif
