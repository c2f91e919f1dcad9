/*
 * rowdecode.h — row images of rows events into canonical value text.
 *
 * One decoder core walks a row image (columns-present bitmap, NULL bitmap,
 * packed values) and hands each value, already in the canonical text of
 * architecture §6, to a RowSink.  Two sinks come with it: a direct JSON text
 * writer into a StrBuf (what the log writer stores, the fast path) and a
 * json-c object builder.  Both see exactly the same values.
 *
 * Canonical text, per MySQL type:
 *  - integers: JSON numbers, exact; BIGINT UNSIGNED as a JSON string
 *    (jsonb keeps it exact either way; a string reads well in any client).
 *  - DECIMAL: a JSON string with exactly `scale` fraction digits.
 *  - FLOAT/DOUBLE: JSON numbers with the shortest digits that read back to
 *    the same float/double.
 *  - BIT(n): a string of n '0'/'1'.   YEAR: a number (0 for the zero year).
 *  - DATE "YYYY-MM-DD", DATETIME "YYYY-MM-DD hh:mm:ss[.f]", TIMESTAMP the
 *    same in UTC followed by "+00", TIME "[-]h:mm:ss[.f]" (hours may pass
 *    99: PostgreSQL's interval reads it); fraction digits = the column's.
 *  - Zero dates ("0000-00-00", or any zero month/day): see RowZeroDates.
 *  - text: UTF-8 converted from the column's character set, without its
 *    NUL bytes (PostgreSQL text cannot hold one; architecture §11), which are
 *    counted in nuls_removed.  The same for the strings and keys of JSON
 *    documents (a \u0000 escape, which jsonb refuses).  Binary character set
 *    (BINARY, VARBINARY, BLOB), GEOMETRY (SRID + WKB, as SELECT returns it)
 *    and unknown-charset values: "\\x" hex, PostgreSQL's bytea input.
 *  - ENUM: its label; SET: labels joined by ','.  Needs ENUM_STR_VALUE /
 *    SET_STR_VALUE metadata; without it, the number (1-based index or mask).
 *  - JSON (MySQL binary JSON, MariaDB's JSON text): embedded as JSON; a
 *    document that is the literal null, or an object whose only key is
 *    "$chm_json", as {"$chm_json": document} (a JSON null is SQL NULL).  In
 *    a PARTIAL_UPDATE_ROWS after image (binlog_row_value_options=
 *    PARTIAL_JSON) a JSON column may hold only changes: they are applied to
 *    the before image's document (rowdecode_jsondiff.c), so the value is
 *    always the whole new document.
 *  - VECTOR (MySQL 9, MariaDB 11.7+): a JSON array of its floats (rowdecode_vector).
 *  - MariaDB INET4 / INET6 / UUID / VECTOR / JSON: see BinlogColumnHint in binlog.h.
 *
 * Column keys are the names from COLUMN_NAME metadata, or "@1", "@2"...
 * when the source runs with binlog_row_metadata=MINIMAL (BinlogTable's
 * has_names tells which).  Columns absent from a partial image
 * (binlog_row_image=MINIMAL/NOBLOB) are absent from the object.
 */
#ifndef CHM_MYSQL_ROWDECODE_H
#define CHM_MYSQL_ROWDECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "common/strbuf.h"
#include "mysql/binlog.h"

typedef enum RowValueKind {
	ROWVAL_NULL,
	ROWVAL_NUMBER, /* text is a JSON number */
	ROWVAL_STRING, /* text is UTF-8, to be quoted */
	ROWVAL_JSON,   /* text is a JSON document, embedded as is */
} RowValueKind;

/* What to do with a zero date or a date with a zero part. */
typedef enum RowZeroDates {
	/* NULL when the column is nullable, else "-infinity", as the snapshot
	 * copy does (architecture §7); counted in zero_dates. */
	ROW_ZERO_DATES_POLICY = 0,
	/* the literal text ("0000-00-00 00:00:00"), flagged to the sink */
	ROW_ZERO_DATES_LITERAL,
} RowZeroDates;

#define ROWVAL_F_ZERO_DATE 0x1 /* the value was a zero date (literal or replaced) */

/* MySQL's binary JSON nests at most this deep (its own limit); deeper is corrupt */
#define ROWDECODE_JSON_MAX_DEPTH 100

/*
 * A consumer of decoded values.  text is borrowed: valid only during the
 * call.  col names the column (index = its 0-based position in the table).
 */
typedef struct RowSink {
	void (*begin)(void *ctx, const BinlogTable *t);
	void (*value)(void *ctx, const BinlogColumn *col, uint32_t index, RowValueKind kind,
	              const char *text, size_t len, unsigned flags);
	void (*end)(void *ctx);
} RowSink;

typedef struct RowDecoder {
	RowZeroDates zero_dates;
	uint64_t n_zero_dates; /* zero dates met, whatever the policy */
	/* NUL bytes (and JSON \u0000 escapes) left out of the text values of
	 * the row rowdecode_next last returned, both images */
	uint64_t nuls_removed;
	StrBuf val;            /* scratch for one value */
	StrBuf tmp;            /* scratch for conversions */
	void *iconv_cache[48]; /* iconv_t per charset, opened on first use */
	char err[512];         /* the last error, naming file:position, table and column */
	/* The JSON documents of the before image of a PARTIAL_UPDATE_ROWS row,
	 * by column (len 0: not in it): what its after image's diffs apply to. */
	StrBuf *json_before;
	uint32_t n_json_before;
	bool keep_json;           /* the image being decoded fills json_before */
	StrBuf jdoc, jnext, jval; /* scratch of the diffs */
} RowDecoder;

void rowdecode_init(RowDecoder *d);
void rowdecode_free(RowDecoder *d);
const char *rowdecode_error(const RowDecoder *d);

/*
 * Walks the rows of one rows event.  file is the binlog file name for
 * messages (borrowed; it must outlive the cursor).
 */
typedef struct RowCursor {
	const BinlogRows *rows;
	const char *file;
	uint64_t pos;
	size_t off;   /* into rows->data */
	uint64_t row; /* rows returned so far */
} RowCursor;

void rowdecode_start(RowCursor *rc, const BinlogEvent *ev, const char *file);

/*
 * Decodes the next row: for WRITE the after image goes to `after`, for
 * DELETE the before image to `before`, for UPDATE both.  A NULL sink skips
 * (but still checks) that image.  Returns 1 for a row, 0 at the end,
 * negative CHM_E* on corrupt data (message in rowdecode_error()).
 */
int rowdecode_next(RowDecoder *d, RowCursor *rc, const RowSink *before, void *bctx,
                   const RowSink *after, void *actx) CHM_MUSTCHECK;

/* The JSON text sink: appends one object per image to *out. */
extern const RowSink rowdecode_json_sink;

/* Convenience: the next row's images as JSON text appended to before/after
 * (either may be NULL); the buffers are the caller's. Returns as rowdecode_next. */
int rowdecode_next_json(RowDecoder *d, RowCursor *rc, StrBuf *before, StrBuf *after) CHM_MUSTCHECK;

/* Convenience: the next row's images as new json-c objects, OWNED by the
 * caller (json_object_put); *before / *after are NULL when absent. */
int rowdecode_next_jsonc(RowDecoder *d, RowCursor *rc, json_object **before,
                         json_object **after) CHM_MUSTCHECK;

/* ---- building blocks, exported for tests and for the snapshot path ---- */

/* NEWDECIMAL binary -> exact text; returns bytes consumed, 0 if malformed/short. */
size_t rowdecode_decimal(const uint8_t *p, size_t avail, int precision, int scale, StrBuf *out);
/* Shortest round-trip text of a double / float. */
void rowdecode_double(double v, StrBuf *out);
void rowdecode_float(float v, StrBuf *out);
/* A VECTOR's bytes (n / 4 little-endian floats) as a JSON array of numbers,
 * "[1,2.5,-3]": pgvector's input too. */
void rowdecode_vector(const uint8_t *p, size_t n, StrBuf *out);
/* MySQL binary JSON -> JSON text, NUL bytes left out of strings and keys
 * and added to *nuls (may be NULL); returns 0 or CHM_ECORRUPT with a reason
 * in err. */
int rowdecode_json_binary(const uint8_t *p, size_t len, StrBuf *out, uint64_t *nuls, char *err,
                          size_t errlen);
/* The charset name of a collation id ("utf8mb4", "latin1", "binary"), or NULL. */
const char *rowdecode_charset_name(uint32_t collation, bool mysql);
/* Appends the JSON text s without its \u0000 escapes (jsonb refuses them);
 * returns how many were left out. */
uint64_t rowdecode_json_drop_nuls(StrBuf *out, const char *s, size_t n);
/* Appends JSON string text of s (UTF-8) with quotes. */
void rowdecode_json_quote(StrBuf *out, const char *s, size_t n);

#endif
