/*
 * binlog_int.h — what the files of src/mysql share and nobody else sees.
 *
 * The little-endian and big-endian integer reads of the binlog's byte
 * layouts, the bounded Cursor the event parsers read through, and the
 * parser's internal steps that live in one file and are called from
 * another.  Not for use outside src/mysql: binlog.h and rowdecode.h are the
 * area's public face.
 */
#ifndef CHM_MYSQL_BINLOG_INT_H
#define CHM_MYSQL_BINLOG_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/strbuf.h"
#include "mysql/binlog.h"

/* n bytes (at most 8) at b, least significant first: the binlog's integers. */
static inline uint64_t
le(const uint8_t *b, int n)
{
	uint64_t v = 0;
	for (int i = n - 1; i >= 0; i--)
		v = (v << 8) | b[i];
	return v;
}

/* n bytes (at most 8) at b, most significant first: DECIMAL, DATETIME2, TIME2. */
static inline uint64_t
be(const uint8_t *b, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v = (v << 8) | b[i];
	return v;
}

/* Appends v as n little-endian bytes: the binlog's and the protocol's integers. */
static inline void
put_le(StrBuf *sb, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		strbuf_putc(sb, (char)((v >> (8 * i)) & 0xff));
}

/* A bounded reader over one event's bytes. */
typedef struct Cursor {
	const uint8_t *p;
	const uint8_t *end;
} Cursor;

static inline size_t
cur_left(const Cursor *c)
{
	return (size_t)(c->end - c->p);
}

static inline bool
cur_skip(Cursor *c, size_t n)
{
	if (cur_left(c) < n)
		return false;
	c->p += n;
	return true;
}

static inline bool
cur_bytes(Cursor *c, size_t n, const uint8_t **out)
{
	if (cur_left(c) < n)
		return false;
	*out = c->p;
	c->p += n;
	return true;
}

static inline bool
cur_uint(Cursor *c, int n, uint64_t *out)
{
	if (cur_left(c) < (size_t)n)
		return false;
	*out = le(c->p, n);
	c->p += n;
	return true;
}

static inline bool
cur_u8(Cursor *c, uint8_t *out)
{
	if (c->p >= c->end)
		return false;
	*out = *c->p++;
	return true;
}

static inline bool
cur_packed(Cursor *c, uint64_t *out)
{
	size_t n = binlog_read_packed(c->p, c->end, out);
	if (n == 0)
		return false;
	c->p += n;
	return true;
}

/*
 * Records an error naming the file and position in p->err and returns
 * CHM_ECORRUPT; callers that mean another code overwrite the return value.
 */
int binlog_fail(BinlogParser *p, const BinlogEvent *ev, const char *fmt, ...) CHM_PRINTF(3, 4);

/* The post-header length of type from the FORMAT_DESCRIPTION, or dflt. */
uint8_t binlog_post_header_len(const BinlogParser *p, uint8_t type, uint8_t dflt);

/* Appends the 16 bytes of u as 8-4-4-4-12 UUID text (binlog_events.c;
 * rowdecode_value.c writes MariaDB UUID columns with it too). */
void binlog_put_uuid(StrBuf *sb, const uint8_t *u);

/*
 * MariaDB's log_bin_compress: the rest of c (a statement, or the row
 * images) is a one-byte header (0x80 | the width of the length), the
 * uncompressed length big-endian, then zlib.  Inflates it into the
 * parser's buffer and points c at the result (binlog.c).
 */
int binlog_inflate_maria(BinlogParser *p, BinlogEvent *ev, Cursor *c);

/* Frees the parser's table maps and their hash (binlog_table.c). */
void binlog_tables_free(BinlogParser *p);

/*
 * The parsers of event bodies the dispatcher (binlog_parse_event) calls:
 * c spans the body; each fills its member of ev->u and returns 0 or a
 * negative CHM_E* code with p->err set.
 */
int binlog_parse_query(BinlogParser *p, BinlogEvent *ev, Cursor *c, bool compressed);
int binlog_parse_mysql_gtid(BinlogParser *p, BinlogEvent *ev, Cursor *c);
int binlog_parse_tagged_gtid(BinlogParser *p, BinlogEvent *ev, Cursor *c);
int binlog_parse_maria_gtid(BinlogParser *p, BinlogEvent *ev, Cursor *c);
int binlog_parse_previous_gtids(BinlogParser *p, BinlogEvent *ev, Cursor *c);
int binlog_parse_gtid_list(BinlogParser *p, BinlogEvent *ev, Cursor *c);
int binlog_parse_table_map(BinlogParser *p, BinlogEvent *ev, Cursor *c);
int binlog_parse_rows(BinlogParser *p, BinlogEvent *ev, Cursor *c);

#endif
