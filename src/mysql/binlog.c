/*
 * binlog.c — the framing of binlog events, and the parser's lifetime.
 *
 * Decodes the common header, checks the event's size, verifies the CRC32
 * trailer, and hands the body to the parser of its event kind: the query
 * and GTID events (binlog_events.c), TABLE_MAP and the rows events
 * (binlog_table.c); the FORMAT_DESCRIPTION, ROTATE and TRANSACTION_PAYLOAD
 * that shape the framing itself are parsed here.  Also the CRC32, the names
 * of types, and whole binlog files.  It does not decode row values
 * (rowdecode.c) and does not talk to a server: the bytes may come from a
 * file, from libmariadb, or from a test.  The layouts follow MySQL's and
 * MariaDB's log_event.h; every read goes through a Cursor (binlog_int.h)
 * that refuses to step past the end of the event.
 */
#include "mysql/binlog.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "common/strbuf.h"
#include "mysql/binlog_int.h"

/*
 * Records an error naming the file and position and returns CHM_ECORRUPT;
 * callers that mean another code overwrite the return value.
 */
int
binlog_fail(BinlogParser *p, const BinlogEvent *ev, const char *fmt, ...)
{
	char msg[384];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(p->err, sizeof p->err, "binlog %s:%" PRIu64 ": %s event: %s",
	         p->file[0] ? p->file : "(unknown)", ev ? ev->pos : 0,
	         ev ? binlog_event_name(ev->type) : "?", msg);
	return CHM_ECORRUPT;
}

size_t
binlog_read_packed(const uint8_t *p, const uint8_t *end, uint64_t *out)
{
	if (p >= end)
		return 0;
	size_t avail = (size_t)(end - p);
	uint8_t b = p[0];
	if (b < 0xfb) {
		*out = b;
		return 1;
	}
	int n = b == 0xfc ? 2 : b == 0xfd ? 3 : b == 0xfe ? 8 : -1;
	if (n < 0 || avail < (size_t)n + 1)
		return 0; /* 0xfb (NULL) and 0xff are not lengths */
	*out = le(p + 1, n);
	return (size_t)n + 1;
}

/* ---- CRC32 (the reflected 0xEDB88320 polynomial, zlib's) ---- */

static uint32_t crc_table[8][256];
static bool crc_ready;

static void
crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
		crc_table[0][i] = c;
	}
	for (uint32_t i = 0; i < 256; i++)
		for (int t = 1; t < 8; t++)
			crc_table[t][i] = (crc_table[t - 1][i] >> 8) ^ crc_table[0][crc_table[t - 1][i] & 0xff];
	crc_ready = true;
}

uint32_t
binlog_crc32(uint32_t crc, const uint8_t *buf, size_t n)
{
	if (!crc_ready)
		crc_init(); /* idempotent: a racing second init writes the same values */
	crc = ~crc;
	while (n >= 8) {
		uint32_t a = crc ^ (uint32_t)le(buf, 4);
		uint32_t b = (uint32_t)le(buf + 4, 4);
		crc = crc_table[7][a & 0xff] ^ crc_table[6][(a >> 8) & 0xff] ^
		      crc_table[5][(a >> 16) & 0xff] ^ crc_table[4][a >> 24] ^ crc_table[3][b & 0xff] ^
		      crc_table[2][(b >> 8) & 0xff] ^ crc_table[1][(b >> 16) & 0xff] ^
		      crc_table[0][b >> 24];
		buf += 8;
		n -= 8;
	}
	while (n--)
		crc = crc_table[0][(crc ^ *buf++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* ---- names ---- */

const char *
binlog_event_name(int type)
{
	switch (type) {
	case BINLOG_START_V3:
		return "START_V3";
	case BINLOG_QUERY:
		return "QUERY";
	case BINLOG_STOP:
		return "STOP";
	case BINLOG_ROTATE:
		return "ROTATE";
	case BINLOG_INTVAR:
		return "INTVAR";
	case BINLOG_RAND:
		return "RAND";
	case BINLOG_USER_VAR:
		return "USER_VAR";
	case BINLOG_FORMAT_DESCRIPTION:
		return "FORMAT_DESCRIPTION";
	case BINLOG_XID:
		return "XID";
	case BINLOG_BEGIN_LOAD_QUERY:
		return "BEGIN_LOAD_QUERY";
	case BINLOG_EXECUTE_LOAD_QUERY:
		return "EXECUTE_LOAD_QUERY";
	case BINLOG_TABLE_MAP:
		return "TABLE_MAP";
	case BINLOG_WRITE_ROWS_V1:
		return "WRITE_ROWS_V1";
	case BINLOG_UPDATE_ROWS_V1:
		return "UPDATE_ROWS_V1";
	case BINLOG_DELETE_ROWS_V1:
		return "DELETE_ROWS_V1";
	case BINLOG_INCIDENT:
		return "INCIDENT";
	case BINLOG_HEARTBEAT:
		return "HEARTBEAT";
	case BINLOG_IGNORABLE:
		return "IGNORABLE";
	case BINLOG_ROWS_QUERY:
		return "ROWS_QUERY";
	case BINLOG_WRITE_ROWS_V2:
		return "WRITE_ROWS_V2";
	case BINLOG_UPDATE_ROWS_V2:
		return "UPDATE_ROWS_V2";
	case BINLOG_DELETE_ROWS_V2:
		return "DELETE_ROWS_V2";
	case BINLOG_GTID:
		return "GTID";
	case BINLOG_ANONYMOUS_GTID:
		return "ANONYMOUS_GTID";
	case BINLOG_PREVIOUS_GTIDS:
		return "PREVIOUS_GTIDS";
	case BINLOG_TRANSACTION_CONTEXT:
		return "TRANSACTION_CONTEXT";
	case BINLOG_VIEW_CHANGE:
		return "VIEW_CHANGE";
	case BINLOG_XA_PREPARE:
		return "XA_PREPARE";
	case BINLOG_PARTIAL_UPDATE_ROWS:
		return "PARTIAL_UPDATE_ROWS";
	case BINLOG_TRANSACTION_PAYLOAD:
		return "TRANSACTION_PAYLOAD";
	case BINLOG_HEARTBEAT_V2:
		return "HEARTBEAT_V2";
	case BINLOG_GTID_TAGGED:
		return "GTID_TAGGED";
	case BINLOG_MARIA_ANNOTATE_ROWS:
		return "ANNOTATE_ROWS";
	case BINLOG_MARIA_BINLOG_CHECKPOINT:
		return "BINLOG_CHECKPOINT";
	case BINLOG_MARIA_GTID:
		return "MARIADB_GTID";
	case BINLOG_MARIA_GTID_LIST:
		return "GTID_LIST";
	case BINLOG_MARIA_START_ENCRYPTION:
		return "START_ENCRYPTION";
	case BINLOG_MARIA_QUERY_COMPRESSED:
		return "QUERY_COMPRESSED";
	case BINLOG_MARIA_WRITE_ROWS_COMPRESSED_V1:
		return "WRITE_ROWS_COMPRESSED_V1";
	case BINLOG_MARIA_UPDATE_ROWS_COMPRESSED_V1:
		return "UPDATE_ROWS_COMPRESSED_V1";
	case BINLOG_MARIA_DELETE_ROWS_COMPRESSED_V1:
		return "DELETE_ROWS_COMPRESSED_V1";
	case BINLOG_MARIA_WRITE_ROWS_COMPRESSED:
		return "WRITE_ROWS_COMPRESSED";
	case BINLOG_MARIA_UPDATE_ROWS_COMPRESSED:
		return "UPDATE_ROWS_COMPRESSED";
	case BINLOG_MARIA_DELETE_ROWS_COMPRESSED:
		return "DELETE_ROWS_COMPRESSED";
	default:
		return "UNKNOWN";
	}
}

const char *
binlog_type_name(int type)
{
	switch (type) {
	case MYT_DECIMAL:
		return "DECIMAL";
	case MYT_TINY:
		return "TINY";
	case MYT_SHORT:
		return "SHORT";
	case MYT_LONG:
		return "LONG";
	case MYT_FLOAT:
		return "FLOAT";
	case MYT_DOUBLE:
		return "DOUBLE";
	case MYT_NULL:
		return "NULL";
	case MYT_TIMESTAMP:
		return "TIMESTAMP";
	case MYT_LONGLONG:
		return "LONGLONG";
	case MYT_INT24:
		return "INT24";
	case MYT_DATE:
		return "DATE";
	case MYT_TIME:
		return "TIME";
	case MYT_DATETIME:
		return "DATETIME";
	case MYT_YEAR:
		return "YEAR";
	case MYT_NEWDATE:
		return "NEWDATE";
	case MYT_VARCHAR:
		return "VARCHAR";
	case MYT_BIT:
		return "BIT";
	case MYT_TIMESTAMP2:
		return "TIMESTAMP2";
	case MYT_DATETIME2:
		return "DATETIME2";
	case MYT_TIME2:
		return "TIME2";
	case MYT_TYPED_ARRAY:
		return "TYPED_ARRAY";
	case MYT_VECTOR:
		return "VECTOR";
	case MYT_JSON:
		return "JSON";
	case MYT_NEWDECIMAL:
		return "NEWDECIMAL";
	case MYT_ENUM:
		return "ENUM";
	case MYT_SET:
		return "SET";
	case MYT_TINY_BLOB:
		return "TINY_BLOB";
	case MYT_MEDIUM_BLOB:
		return "MEDIUM_BLOB";
	case MYT_LONG_BLOB:
		return "LONG_BLOB";
	case MYT_BLOB:
		return "BLOB";
	case MYT_VAR_STRING:
		return "VAR_STRING";
	case MYT_STRING:
		return "STRING";
	case MYT_GEOMETRY:
		return "GEOMETRY";
	default:
		return "UNKNOWN";
	}
}

/* ---- parser lifetime (the table cache is binlog_table.c's) ---- */

void
binlog_parser_init(BinlogParser *p, const char *file)
{
	memset(p, 0, sizeof *p);
	p->verify_checksum = true;
	arena_init(&p->event_arena, "event", 4096);
	binlog_parser_set_file(p, file);
}

void
binlog_parser_set_file(BinlogParser *p, const char *file)
{
	snprintf(p->file, sizeof p->file, "%s", file ? file : "");
}

void
binlog_parser_free(BinlogParser *p)
{
	binlog_tables_free(p);
	free(p->payload);
	free(p->inflated);
	arena_free(&p->event_arena);
	p->payload = NULL;
	p->payload_cap = 0;
	p->inflated = NULL;
	p->inflated_cap = 0;
}

const char *
binlog_error(const BinlogParser *p)
{
	return p->err;
}

/* ---- FORMAT_DESCRIPTION ---- */

/* Whether a server of this version writes the checksum algorithm byte. */
static bool
version_has_checksum(const char *v)
{
	unsigned a = 0, b = 0, c = 0;
	if (sscanf(v, "%u.%u.%u", &a, &b, &c) < 2)
		return false;
	if (strstr(v, "MariaDB") != NULL && (a > 5 || (a == 5 && b >= 3)))
		return true;
	return a > 5 || (a == 5 && (b > 6 || (b == 6 && c >= 1)));
}

static int
parse_format(BinlogParser *p, BinlogEvent *ev, Cursor *c)
{
	BinlogFormat f;
	uint64_t version, ts;
	const uint8_t *ver;
	memset(&f, 0, sizeof f);
	if (!cur_uint(c, 2, &version) || !cur_bytes(c, 50, &ver) || !cur_uint(c, 4, &ts) ||
	    !cur_u8(c, &f.header_len))
		return binlog_fail(p, ev, "truncated");
	f.binlog_version = (uint16_t)version;
	memcpy(f.server_version, ver, 50);
	f.server_version[50] = '\0';
	f.create_timestamp = (uint32_t)ts;
	if (f.binlog_version != 4)
		return binlog_fail(p, ev, "binlog version %u is not supported (only 4)", f.binlog_version);
	if (f.header_len < BINLOG_HEADER_LEN)
		return binlog_fail(p, ev, "header length %u is below 19", f.header_len);
	f.mariadb = strstr(f.server_version, "MariaDB") != NULL;
	size_t n = cur_left(c);
	/* ev->body_len here still includes the trailer: see binlog_parse_event */
	if (version_has_checksum(f.server_version)) {
		if (n < 5)
			return binlog_fail(p, ev, "truncated checksum algorithm");
		uint8_t alg = c->p[n - 5];
		if (alg != 0 && alg != 1)
			return binlog_fail(p, ev, "checksum algorithm %u is not supported", alg);
		f.checksum_crc32 = alg == 1;
		n -= 5;
	}
	if (n > sizeof f.post_header_len)
		n = sizeof f.post_header_len;
	memcpy(f.post_header_len, c->p, n);
	f.n_post_header = (uint32_t)n;
	p->format = f;
	p->have_format = true;
	ev->u.format = &p->format;
	return 0;
}

uint8_t
binlog_post_header_len(const BinlogParser *p, uint8_t type, uint8_t dflt)
{
	if (p->have_format && type >= 1 && type <= p->format.n_post_header)
		return p->format.post_header_len[type - 1];
	return dflt;
}

/* ---- simple events ---- */

static int
parse_rotate(BinlogParser *p, BinlogEvent *ev, Cursor *c)
{
	uint64_t pos;
	uint8_t ph = binlog_post_header_len(p, BINLOG_ROTATE, 8);
	if (ph < 8 || !cur_uint(c, 8, &pos) || !cur_skip(c, ph - 8))
		return binlog_fail(p, ev, "truncated");
	size_t n = cur_left(c);
	if (n == 0 || n > 511)
		return binlog_fail(p, ev, "file name of %zu bytes", n);
	if (memchr(c->p, '\0', n) != NULL)
		return binlog_fail(p, ev, "file name holds a NUL byte");
	ev->u.rotate.position = pos;
	ev->u.rotate.file = arena_strndup(&p->event_arena, (const char *)c->p, n);
	/* From here on the stream is that file; messages should say so. */
	binlog_parser_set_file(p, ev->u.rotate.file);
	return 0;
}

/* ---- TRANSACTION_PAYLOAD ---- */

static int
parse_payload(BinlogParser *p, BinlogEvent *ev, Cursor *c)
{
	uint64_t size = 0, comp = 255, usize = 0;
	bool have_size = false, have_comp = false;
	for (;;) {
		uint64_t field, len, v;
		if (!cur_packed(c, &field))
			return binlog_fail(p, ev, "truncated header");
		if (field == 0) /* OTW_PAYLOAD_HEADER_END_MARK */
			break;
		if (!cur_packed(c, &len) || len > cur_left(c))
			return binlog_fail(p, ev, "header field %" PRIu64 " is truncated", field);
		Cursor f = {c->p, c->p + len};
		c->p += len;
		switch (field) {
		case 1: /* payload size */
			if (!cur_packed(&f, &size))
				return binlog_fail(p, ev, "bad payload size");
			have_size = true;
			break;
		case 2: /* compression type */
			if (!cur_packed(&f, &comp))
				return binlog_fail(p, ev, "bad compression type");
			have_comp = true;
			break;
		case 3: /* uncompressed size */
			if (!cur_packed(&f, &v))
				return binlog_fail(p, ev, "bad uncompressed size");
			usize = v;
			break;
		default:
			break;
		}
	}
	if (!have_size || !have_comp)
		return binlog_fail(p, ev, "header lacks the payload size or compression type");
	if (size != cur_left(c))
		return binlog_fail(p, ev, "payload of %" PRIu64 " bytes, %zu in the event", size,
		                   cur_left(c));
	ev->u.payload.compression = (uint32_t)comp;
	ev->u.payload.uncompressed_size = usize;
	if (comp == 255) { /* NONE */
		ev->u.payload.data = c->p;
		ev->u.payload.len = cur_left(c);
		return 0;
	}
	if (comp != 0)
		return binlog_fail(p, ev, "compression type %" PRIu64 " is not supported", comp);
	unsigned long long frame = ZSTD_getFrameContentSize(c->p, cur_left(c));
	if (frame == ZSTD_CONTENTSIZE_ERROR)
		return binlog_fail(p, ev, "payload is not a zstd frame");
	if (frame != ZSTD_CONTENTSIZE_UNKNOWN && usize != 0 && frame != usize)
		return binlog_fail(p, ev, "zstd frame says %llu bytes, the header %" PRIu64, frame, usize);
	size_t want = usize ? usize : frame != ZSTD_CONTENTSIZE_UNKNOWN ? frame : 0;
	if (want == 0 || want > (1u << 30))
		return binlog_fail(p, ev, "uncompressed size %zu is not usable", want);
	if (p->payload_cap < want) {
		free(p->payload);
		p->payload = chm_malloc(want);
		p->payload_cap = want;
	}
	size_t got = ZSTD_decompress(p->payload, want, c->p, cur_left(c));
	if (ZSTD_isError(got))
		return binlog_fail(p, ev, "zstd: %s", ZSTD_getErrorName(got));
	if (got != want)
		return binlog_fail(p, ev, "zstd gave %zu bytes, %zu expected", got, want);
	ev->u.payload.data = p->payload;
	ev->u.payload.len = got;
	return 0;
}

/* ---- MariaDB's compressed events ---- */

int
binlog_inflate_maria(BinlogParser *p, BinlogEvent *ev, Cursor *c)
{
	uint8_t head;
	uint64_t want;
	if (!cur_u8(c, &head) || (head & 0xe0) != 0x80)
		return binlog_fail(p, ev, "compressed part lacks its header");
	int width = head & 0x07;
	if ((head & 0x70) != 0)
		return binlog_fail(p, ev, "compression algorithm %u is not supported (only zlib)",
		                   (head & 0x70) >> 4);
	if (width < 1 || width > 4 || cur_left(c) < (size_t)width)
		return binlog_fail(p, ev, "compressed part has a length of %d bytes", width);
	want = be(c->p, width);
	c->p += width;
	if (want == 0 || want > (1u << 30))
		return binlog_fail(p, ev, "uncompressed size %" PRIu64 " is not usable", want);
	if (p->inflated_cap < want) {
		free(p->inflated);
		p->inflated = chm_malloc(want);
		p->inflated_cap = want;
	}
	uLongf got = (uLongf)want;
	int zrc = uncompress(p->inflated, &got, c->p, (uLong)cur_left(c));
	if (zrc != Z_OK)
		return binlog_fail(p, ev, "zlib: %s", zError(zrc));
	if (got != want)
		return binlog_fail(p, ev, "zlib gave %lu bytes, %" PRIu64 " expected", (unsigned long)got,
		                   want);
	c->p = p->inflated;
	c->end = p->inflated + got;
	return 0;
}

/* ---- the common header ---- */

/* Where the fields of the common header sit (MySQL's LOG_EVENT_HEADER_LEN layout). */
#define HDR_OFF_TIMESTAMP 0
#define HDR_OFF_TYPE      4
#define HDR_OFF_SERVER_ID 5
#define HDR_OFF_SIZE      9
#define HDR_OFF_LOG_POS   13
#define HDR_OFF_FLAGS     17

bool
binlog_header_decode(const uint8_t *buf, size_t len, BinlogHeader *h)
{
	memset(h, 0, sizeof *h);
	if (len < BINLOG_HEADER_LEN)
		return false;
	h->timestamp = (uint32_t)le(buf + HDR_OFF_TIMESTAMP, 4);
	h->type = buf[HDR_OFF_TYPE];
	h->server_id = (uint32_t)le(buf + HDR_OFF_SERVER_ID, 4);
	h->size = (uint32_t)le(buf + HDR_OFF_SIZE, 4);
	h->log_pos = (uint32_t)le(buf + HDR_OFF_LOG_POS, 4);
	h->flags = (uint16_t)le(buf + HDR_OFF_FLAGS, 2);
	return true;
}

/* ---- the dispatcher ---- */

/*
 * Compares the CRC32 trailer at body_end with the checksum of the bytes
 * before it.
 */
static int
verify_crc(BinlogParser *p, const uint8_t *buf, const BinlogEvent *ev, size_t body_end)
{
	uint32_t want = (uint32_t)le(buf + body_end, 4);
	uint32_t got;
	if (ev->type == BINLOG_FORMAT_DESCRIPTION && (ev->flags & BINLOG_F_IN_USE)) {
		/* The server sets IN_USE after computing the checksum and
		 * clears it when the file is closed: checksum the event as
		 * it was written, without the flag. */
		uint8_t fl[2] = {(uint8_t)(buf[HDR_OFF_FLAGS] & ~BINLOG_F_IN_USE), buf[HDR_OFF_FLAGS + 1]};
		got = binlog_crc32(0, buf, HDR_OFF_FLAGS);
		got = binlog_crc32(got, fl, 2);
		got = binlog_crc32(got, buf + BINLOG_HEADER_LEN, body_end - BINLOG_HEADER_LEN);
	} else {
		got = binlog_crc32(0, buf, body_end);
	}
	if (got != want)
		return binlog_fail(p, ev, "checksum mismatch (stored %08x, computed %08x)", want, got);
	return 0;
}

/*
 * Checks the header, size and checksum of the event at buf and sets the
 * header fields, body and body_len of ev.
 */
static int
frame_event(BinlogParser *p, const uint8_t *buf, size_t len, BinlogEvent *ev)
{
	if (len < BINLOG_HEADER_LEN) {
		ev->type = 0;
		return binlog_fail(p, ev, "%zu bytes, shorter than the 19-byte header", len);
	}
	BinlogHeader h;
	(void)binlog_header_decode(buf, len, &h); /* len was checked above */
	ev->timestamp = h.timestamp;
	ev->type = h.type;
	ev->server_id = h.server_id;
	ev->size = h.size;
	ev->log_pos = h.log_pos;
	ev->flags = h.flags;
	if (ev->size < BINLOG_HEADER_LEN || ev->size > len)
		return binlog_fail(p, ev, "size %u in the header, %zu bytes available", ev->size, len);
	size_t header_len = p->have_format && ev->type != BINLOG_FORMAT_DESCRIPTION
	                        ? p->format.header_len
	                        : BINLOG_HEADER_LEN;
	if (ev->size < header_len)
		return binlog_fail(p, ev, "size %u is below the header length %zu", ev->size, header_len);

	/* Which checksum applies: the FORMAT_DESCRIPTION announces it for the
	 * events after it and carries its own trailer when checksum-aware. */
	bool crc;
	size_t body_end = ev->size;
	if (ev->type == BINLOG_FORMAT_DESCRIPTION) {
		const uint8_t *ver = buf + BINLOG_HEADER_LEN + 2;
		char v[51];
		if (ev->size < BINLOG_HEADER_LEN + 57)
			return binlog_fail(p, ev, "truncated");
		memcpy(v, ver, 50);
		v[50] = '\0';
		crc = version_has_checksum(v) && buf[ev->size - 5] == 1;
	} else {
		crc = !p->inner && (p->have_format ? p->format.checksum_crc32 : p->crc32_before_format);
	}
	if (crc) {
		if (ev->size < header_len + 4)
			return binlog_fail(p, ev, "too short for its checksum");
		body_end -= 4;
		if (p->verify_checksum) {
			int rc = verify_crc(p, buf, ev, body_end);
			if (rc < 0)
				return rc;
		}
	}
	ev->body = buf + header_len;
	ev->body_len = body_end - header_len;
	return 0;
}

/* Hands the body of a framed event to the parser of its type. */
static int
dispatch_event(BinlogParser *p, const uint8_t *buf, BinlogEvent *ev)
{
	Cursor c = {ev->body, ev->body + ev->body_len};

	switch (ev->type) {
	case BINLOG_FORMAT_DESCRIPTION: {
		/* the format event's own algorithm byte sits before the trailer */
		Cursor fc = {ev->body, buf + ev->size};
		return parse_format(p, ev, &fc);
	}
	case BINLOG_ROTATE:
		return parse_rotate(p, ev, &c);
	case BINLOG_QUERY:
		return binlog_parse_query(p, ev, &c, false);
	case BINLOG_MARIA_QUERY_COMPRESSED:
		return binlog_parse_query(p, ev, &c, true);
	case BINLOG_XID:
		if (!cur_uint(&c, 8, &ev->u.xid))
			return binlog_fail(p, ev, "truncated");
		return 0;
	case BINLOG_GTID:
	case BINLOG_ANONYMOUS_GTID:
		return binlog_parse_mysql_gtid(p, ev, &c);
	case BINLOG_GTID_TAGGED:
		return binlog_parse_tagged_gtid(p, ev, &c);
	case BINLOG_MARIA_GTID:
		return binlog_parse_maria_gtid(p, ev, &c);
	case BINLOG_PREVIOUS_GTIDS:
		return binlog_parse_previous_gtids(p, ev, &c);
	case BINLOG_MARIA_GTID_LIST:
		return binlog_parse_gtid_list(p, ev, &c);
	case BINLOG_TABLE_MAP:
		return binlog_parse_table_map(p, ev, &c);
	case BINLOG_TRANSACTION_PAYLOAD:
		return parse_payload(p, ev, &c);
	case BINLOG_MARIA_ANNOTATE_ROWS:
		ev->u.annotate.sql = (const char *)c.p;
		ev->u.annotate.len = cur_left(&c);
		return 0;
	case BINLOG_ROWS_QUERY: /* one length byte (often wrong for long text), then the text */
		if (!cur_skip(&c, 1))
			return binlog_fail(p, ev, "truncated");
		ev->u.annotate.sql = (const char *)c.p;
		ev->u.annotate.len = cur_left(&c);
		return 0;
	case BINLOG_HEARTBEAT:
	case BINLOG_HEARTBEAT_V2:
		ev->u.heartbeat.position = ev->log_pos;
		if (ev->type == BINLOG_HEARTBEAT)
			ev->u.heartbeat.file = arena_strndup(&p->event_arena, (const char *)c.p, cur_left(&c));
		return 0;
	/* Known events that carry nothing the replica needs. */
	case BINLOG_START_V3:
	case BINLOG_STOP:
	case BINLOG_INTVAR:
	case BINLOG_RAND:
	case BINLOG_USER_VAR:
	case BINLOG_BEGIN_LOAD_QUERY:
	case BINLOG_EXECUTE_LOAD_QUERY:
	case BINLOG_APPEND_BLOCK:
	case BINLOG_DELETE_FILE:
	case BINLOG_INCIDENT:
	case BINLOG_IGNORABLE:
	case BINLOG_TRANSACTION_CONTEXT:
	case BINLOG_VIEW_CHANGE:
	case BINLOG_XA_PREPARE:
	case BINLOG_MARIA_BINLOG_CHECKPOINT:
	case BINLOG_MARIA_START_ENCRYPTION:
		return 0;
	default:
		if (binlog_is_rows_event(ev->type))
			return binlog_parse_rows(p, ev, &c);
		if (ev->flags & BINLOG_F_IGNORABLE) {
			ev->ignored = true;
			p->n_ignored++;
			return 0;
		}
		binlog_fail(p, ev, "unknown event type %u without the ignorable flag", ev->type);
		return CHM_EUNSUPPORTED;
	}
}

int
binlog_parse_event(BinlogParser *p, const uint8_t *buf, size_t len, uint64_t pos, BinlogEvent *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->pos = pos;
	p->err[0] = '\0';
	arena_reset(&p->event_arena);
	int rc = frame_event(p, buf, len, ev);
	if (rc < 0)
		return rc;
	p->n_events++;
	return dispatch_event(p, buf, ev);
}

int
binlog_payload_next(BinlogParser *p, const BinlogEvent *payload, size_t *off, BinlogEvent *inner)
{
	const uint8_t *data = payload->u.payload.data;
	size_t len = payload->u.payload.len;
	uint64_t pos = payload->pos;
	if (*off >= len)
		return 0;
	if (len - *off < BINLOG_HEADER_LEN) {
		memset(inner, 0, sizeof *inner);
		inner->pos = pos;
		inner->type = BINLOG_TRANSACTION_PAYLOAD;
		return binlog_fail(p, inner, "%zu stray bytes at offset %zu of the payload", len - *off,
		                   *off);
	}
	BinlogHeader h;
	(void)binlog_header_decode(data + *off, len - *off, &h); /* the length was checked above */
	uint32_t size = h.size;
	if (size < BINLOG_HEADER_LEN || size > len - *off) {
		memset(inner, 0, sizeof *inner);
		inner->pos = pos;
		inner->type = BINLOG_TRANSACTION_PAYLOAD;
		return binlog_fail(p, inner, "inner event at offset %zu claims %u bytes, %zu left", *off,
		                   size, len - *off);
	}
	uint8_t type = h.type;
	if (type == BINLOG_TRANSACTION_PAYLOAD || type == BINLOG_FORMAT_DESCRIPTION) {
		/* refused before parsing: a payload would decompress into the
		 * buffer that holds data, a format would replace the stream's */
		memset(inner, 0, sizeof *inner);
		inner->pos = pos;
		inner->type = type;
		return binlog_fail(p, inner, "not allowed inside a TRANSACTION_PAYLOAD");
	}
	p->inner = true;
	int rc = binlog_parse_event(p, data + *off, size, pos, inner);
	p->inner = false;
	if (rc < 0)
		return rc;
	*off += size;
	return 1;
}

/* ---- whole files ---- */

int
binlog_file_open(BinlogFile *f, const char *path, char *err, size_t errlen)
{
	memset(f, 0, sizeof *f);
	FILE *fp = fopen(path, "rb");
	if (fp == NULL) {
		snprintf(err, errlen, "could not open binlog file \"%s\": %s", path, strerror(errno));
		return CHM_EIO;
	}
	StrBuf sb = STRBUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		strbuf_append(&sb, chunk, n);
	bool bad = ferror(fp);
	fclose(fp);
	if (bad) {
		snprintf(err, errlen, "could not read binlog file \"%s\"", path);
		strbuf_free(&sb);
		return CHM_EIO;
	}
	if (sb.len < BINLOG_MAGIC_LEN || memcmp(sb.data,
	                                        "\xfe"
	                                        "bin",
	                                        4) != 0) {
		snprintf(err, errlen, "\"%s\" is not a binlog file (no magic bytes)", path);
		strbuf_free(&sb);
		return CHM_ECORRUPT;
	}
	f->len = sb.len;
	f->data = (uint8_t *)strbuf_detach(&sb);
	f->off = BINLOG_MAGIC_LEN;
	f->path = chm_strdup(path);
	return 0;
}

int
binlog_file_next(BinlogFile *f, BinlogParser *p, BinlogEvent *ev)
{
	if (f->off >= f->len)
		return 0;
	size_t left = f->len - f->off;
	/* a tail too short for a header still has its size read, when it is
	 * there, so that the error names the size the event claims */
	if (left >= HDR_OFF_SIZE + 4) {
		uint32_t size = (uint32_t)le(f->data + f->off + HDR_OFF_SIZE, 4);
		if (size <= left)
			left = size;
	}
	int rc = binlog_parse_event(p, f->data + f->off, left, f->off, ev);
	if (rc < 0)
		return rc;
	f->off += ev->size;
	return 1;
}

void
binlog_file_close(BinlogFile *f)
{
	free(f->data);
	free(f->path);
	memset(f, 0, sizeof *f);
}
