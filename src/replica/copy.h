/*
 * copy.h — copying one table's rows from MySQL into PostgreSQL.
 *
 * The data path of init-replica and sync-tables: the rows stream from
 * mysql_use_result straight into COPY ... FROM STDIN (text format), so
 * memory stays bounded whatever the table's size.  Each column is read with
 * the SELECT expression that gives its exact value as text (FLOAT through
 * DOUBLE: the text protocol prints only six digits of a float), and turned
 * into what PostgreSQL's input function for the mapped type reads exactly:
 * bytea as hex, bit strings, TIMESTAMP in UTC with its offset, zero dates
 * per the policy (NULL where the column allows it, -infinity where not),
 * text without its NUL bytes and JSON without its \u0000 escapes (which
 * PostgreSQL cannot store: left out and counted, as the reader does).
 *
 * Not here: creating the target table (the DDL translator does it), the
 * snapshot (myconn), the catalog.
 */
#ifndef CHM_COPY_H
#define CHM_COPY_H

#include <stdbool.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "common/arena.h"
#include "mysql/myconn.h"

typedef enum CopyKind {
	COPY_TEXT,      /* the text as MySQL sends it: numbers, strings, enum, set, json, time */
	COPY_FLOAT,     /* read through CAST(... AS DOUBLE) */
	COPY_BIT,       /* read as a string of n binary digits */
	COPY_BINARY,    /* bytes to \x hex (binary, varbinary, blobs, geometry) */
	COPY_DATE,      /* zero dates by policy */
	COPY_DATETIME,  /* zero dates by policy */
	COPY_TIMESTAMP, /* zero dates by policy; UTC, so "+00" is appended */
	COPY_JSON,      /* JSON text (MySQL JSON, MariaDB's json_valid text) into jsonb: no \u0000 */
	COPY_VECTOR,    /* VECTOR's floats: pgvector's "[1,2]", or real[]'s "{1,2}" without pgvector */
} CopyKind;

typedef struct CopyColumn {
	const char *name;
	CopyKind kind;
	int bits; /* COPY_BIT: the width */
	bool nullable;
	bool generated; /* a VIRTUAL or STORED generated column */
} CopyColumn;

typedef struct CopyTable {
	const char *src_schema;
	const char *src_table;
	const char *dst_schema;
	const char *dst_table;
	CopyColumn *columns;
	int n_columns;
	int64_t max_memory; /* bytes of COPY data buffered before a flush; <= 0: 1 MB */
	bool freeze; /* COPY ... (FREEZE): the table was created or truncated in dst's transaction */
} CopyTable;

typedef struct CopyStats {
	uint64_t rows;
	uint64_t bytes;       /* COPY data sent */
	uint64_t zero_dates;  /* zero or partly zero dates stored per the policy */
	uint64_t nul_removed; /* NUL bytes (JSON: \u0000 escapes) left out of text values */
} CopyStats;

/* Called every few thousand rows; return false to stop the copy. */
typedef bool (*CopyProgressFn)(void *arg, const CopyTable *t, const CopyStats *s);

/*
 * Reads the columns of src_schema.src_table from information_schema, in
 * table order, into t->columns (allocated in arena).  Returns CHM_ENOTFOUND
 * when the table does not exist.
 */
int copy_describe(MyConn *src, Arena *arena, CopyTable *t) CHM_MUSTCHECK;

/*
 * Copies every row of the source table, as src's open transaction sees it,
 * into the existing target table.  The COPY runs in dst's current
 * transaction (the caller commits), so a failure leaves nothing behind.
 * Stats are in *stats even on failure.  On failure the message names the
 * table, and the column and row when PostgreSQL said which.
 */
int copy_table(MyConn *src, PGconn *dst, const CopyTable *t, CopyProgressFn progress, void *arg,
               CopyStats *stats) CHM_MUSTCHECK;

#endif
