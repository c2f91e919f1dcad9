/*
 * rowdecode_int.h — what the files of the row decoder share and nobody
 * else sees.
 *
 * The decoder is four files: rowdecode.c (its lifetime, the row walk and
 * the sinks), rowdecode_value.c (one value of each MySQL type into text),
 * rowdecode_json.c (MySQL binary JSON) and rowdecode_format.c (numbers and
 * JSON strings as text).  This header holds the small appends they all use
 * (inline: they run for every value) and the steps one file calls in
 * another.  Not for use outside src/mysql: rowdecode.h is the public face.
 */
#ifndef CHM_MYSQL_ROWDECODE_INT_H
#define CHM_MYSQL_ROWDECODE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/strbuf.h"
#include "mysql/binlog_int.h"
#include "mysql/rowdecode.h"

/* The hex digits, lowercase (rowdecode_format.c). */
extern const char rowdecode_hexd[17];

/* Appends n bytes as PostgreSQL bytea hex input: \\x and two digits a byte. */
static inline void
put_hex(StrBuf *out, const uint8_t *v, size_t n)
{
	strbuf_reserve(out, 2 * n + 3);
	char *p = out->data + out->len;
	*p++ = '\\';
	*p++ = 'x';
	for (size_t i = 0; i < n; i++) {
		*p++ = rowdecode_hexd[v[i] >> 4];
		*p++ = rowdecode_hexd[v[i] & 15];
	}
	out->len = (size_t)(p - out->data);
	out->data[out->len] = '\0';
}

/* Appends n as decimal digits, zero-padded to width. */
static inline void
put_uint(StrBuf *out, uint64_t n, int width)
{
	char buf[24];
	char *end = buf + sizeof buf, *p = end;
	do {
		*--p = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	if (width > 20)
		width = 20;
	while (end - p < width)
		*--p = '0';
	strbuf_append(out, p, (size_t)(end - p));
}

/* Appends v as decimal digits. */
static inline void
put_int(StrBuf *out, int64_t v)
{
	if (v < 0) {
		strbuf_putc(out, '-');
		put_uint(out, (uint64_t)0 - (uint64_t)v, 0);
	} else {
		put_uint(out, (uint64_t)v, 0);
	}
}

/*
 * Appends s as a JSON string.  nuls == NULL: a NUL byte becomes \u0000;
 * otherwise it is left out and counted in *nuls (rowdecode_format.c).
 */
void rowdecode_quote_json(StrBuf *out, const char *s, size_t n, uint64_t *nuls);

/* MySQL's packed TIME and DATETIME (JSON opaque values) as text; the
 * DATETIME one returns whether the date has a zero part (rowdecode_value.c). */
void rowdecode_put_packed_time(StrBuf *out, int64_t packed, int fsp);
bool rowdecode_put_packed_datetime(StrBuf *out, int64_t packed, int fsp, bool date_only);

/*
 * Applies one partial JSON update to the document text *doc: op 0 REPLACE,
 * 1 INSERT, 2 REMOVE, at the MySQL JSON path (plen bytes), the new value's
 * JSON text in val (unused by REMOVE).  next is scratch; the two buffers
 * may be swapped.  Returns 0, or -1 with the reason in *why
 * (rowdecode_jsondiff.c).
 */
int rowdecode_json_apply(StrBuf *doc, StrBuf *next, int op, const char *path, size_t plen,
                         const StrBuf *val, const char **why);

/* Everything one value decode needs to know and to say when it fails. */
typedef struct ValueCtx {
	RowDecoder *d;
	const RowCursor *rc;
	const BinlogTable *t;
	const BinlogColumn *col;
	uint32_t index;
} ValueCtx;

/* Records an error naming file:position, row, table and column in the
 * decoder and returns CHM_ECORRUPT. */
int rowdecode_vfail(ValueCtx *v, const char *fmt, ...) CHM_PRINTF(2, 3);

/*
 * Decodes the value of column v->col at *pp (not past end), hands it to
 * the sink and moves *pp past it.  partial: a JSON column of a
 * PARTIAL_UPDATE_ROWS after image sent as diffs.
 */
int rowdecode_value(ValueCtx *v, const uint8_t **pp, const uint8_t *end, bool partial,
                    const RowSink *sink, void *ctx);

#endif
