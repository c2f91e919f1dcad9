/*
 * binlog.c — binary log events from raw bytes.
 *
 * Parses the common header, verifies the CRC32 trailer, and splits each
 * event kind the replica needs into a BinlogEvent.  It does not decode row
 * values (rowdecode.c) and does not talk to a server: the bytes may come
 * from a file, from libmariadb, or from a test.  The layouts follow
 * MySQL's and MariaDB's log_event.h; every read goes through a Cursor that
 * refuses to step past the end of the event.
 */
#include "mysql/binlog.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "common/strbuf.h"
#include "mysql/binlog_int.h"

/* A bounded reader over one event's bytes. */
typedef struct Cursor {
	const uint8_t *p;
	const uint8_t *end;
} Cursor;

struct BinlogTableSlot {
	uint64_t id;
	BinlogTable *table; /* NULL = empty slot */
};

static int fail(BinlogParser *p, const BinlogEvent *ev, const char *fmt, ...) CHM_PRINTF(3, 4);

/*
 * Records an error naming the file and position and returns CHM_ECORRUPT;
 * callers that mean another code overwrite the return value.
 */
static int
fail(BinlogParser *p, const BinlogEvent *ev, const char *fmt, ...)
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
 * MySQL serialization library's variable-length unsigned integer (tagged
 * GTID events): the count of trailing one bits of the first byte, plus one,
 * is the length; nine bytes when the first byte is 0xff.
 */
static bool
cur_varlen(Cursor *c, uint64_t *out)
{
	if (c->p >= c->end)
		return false;
	uint8_t b = c->p[0];
	int n = 1;
	while (n < 9 && (b & (1u << (n - 1))))
		n++;
	if (cur_left(c) < (size_t)n)
		return false;
	if (n == 9)
		*out = le(c->p + 1, 8);
	else
		*out = le(c->p, n) >> n;
	c->p += n;
	return true;
}

static bool
cur_varlen_signed(Cursor *c, int64_t *out)
{
	uint64_t u;
	if (!cur_varlen(c, &u))
		return false;
	*out = (u & 1) ? -(int64_t)(u >> 1) - 1 : (int64_t)(u >> 1);
	return true;
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

/* ---- parser lifetime and table cache ---- */

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

static void
table_free(BinlogTable *t)
{
	if (t == NULL)
		return;
	arena_free(&t->arena);
	free(t);
}

void
binlog_parser_free(BinlogParser *p)
{
	for (uint32_t i = 0; i < p->tables_cap; i++)
		table_free(p->tables[i].table);
	free(p->tables);
	free(p->payload);
	arena_free(&p->event_arena);
	p->tables = NULL;
	p->tables_cap = p->tables_n = 0;
	p->payload = NULL;
	p->payload_cap = 0;
}

const char *
binlog_error(const BinlogParser *p)
{
	return p->err;
}

static inline uint32_t
slot_of(uint64_t id, uint32_t cap)
{
	return (uint32_t)((id * 0x9E3779B97F4A7C15ull) >> 32) & (cap - 1);
}

BinlogTable *
binlog_table_lookup(BinlogParser *p, uint64_t table_id)
{
	if (p->tables_cap == 0)
		return NULL;
	for (uint32_t i = slot_of(table_id, p->tables_cap);; i = (i + 1) & (p->tables_cap - 1)) {
		if (p->tables[i].table == NULL)
			return NULL;
		if (p->tables[i].id == table_id)
			return p->tables[i].table;
	}
}

/* Takes ownership of t; frees the map it replaces. */
static void
table_store(BinlogParser *p, BinlogTable *t)
{
	if ((p->tables_n + 1) * 2 > p->tables_cap) {
		uint32_t ncap = p->tables_cap ? p->tables_cap * 2 : 64;
		BinlogTableSlot *old = p->tables;
		uint32_t ocap = p->tables_cap;
		p->tables = chm_calloc(ncap, sizeof(BinlogTableSlot));
		p->tables_cap = ncap;
		for (uint32_t i = 0; i < ocap; i++) {
			if (old[i].table == NULL)
				continue;
			uint32_t j = slot_of(old[i].id, ncap);
			while (p->tables[j].table != NULL)
				j = (j + 1) & (ncap - 1);
			p->tables[j] = old[i];
		}
		free(old);
	}
	uint32_t i = slot_of(t->table_id, p->tables_cap);
	while (p->tables[i].table != NULL && p->tables[i].id != t->table_id)
		i = (i + 1) & (p->tables_cap - 1);
	if (p->tables[i].table != NULL)
		table_free(p->tables[i].table);
	else
		p->tables_n++;
	p->tables[i].id = t->table_id;
	p->tables[i].table = t;
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
		return fail(p, ev, "truncated");
	f.binlog_version = (uint16_t)version;
	memcpy(f.server_version, ver, 50);
	f.server_version[50] = '\0';
	f.create_timestamp = (uint32_t)ts;
	if (f.binlog_version != 4)
		return fail(p, ev, "binlog version %u is not supported (only 4)", f.binlog_version);
	if (f.header_len < BINLOG_HEADER_LEN)
		return fail(p, ev, "header length %u is below 19", f.header_len);
	f.mariadb = strstr(f.server_version, "MariaDB") != NULL;
	size_t n = cur_left(c);
	/* ev->body_len here still includes the trailer: see binlog_parse_event */
	if (version_has_checksum(f.server_version)) {
		if (n < 5)
			return fail(p, ev, "truncated checksum algorithm");
		uint8_t alg = c->p[n - 5];
		if (alg != 0 && alg != 1)
			return fail(p, ev, "checksum algorithm %u is not supported", alg);
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

static uint8_t
post_header_len(const BinlogParser *p, uint8_t type, uint8_t dflt)
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
	uint8_t ph = post_header_len(p, BINLOG_ROTATE, 8);
	if (ph < 8 || !cur_uint(c, 8, &pos) || !cur_skip(c, ph - 8))
		return fail(p, ev, "truncated");
	size_t n = cur_left(c);
	if (n == 0 || n > 511)
		return fail(p, ev, "file name of %zu bytes", n);
	if (memchr(c->p, '\0', n) != NULL)
		return fail(p, ev, "file name holds a NUL byte");
	ev->u.rotate.position = pos;
	ev->u.rotate.file = arena_strndup(&p->event_arena, (const char *)c->p, n);
	/* From here on the stream is that file; messages should say so. */
	binlog_parser_set_file(p, ev->u.rotate.file);
	return 0;
}

static int
parse_query(BinlogParser *p, BinlogEvent *ev, Cursor *c, bool compressed)
{
	BinlogQuery *q = &ev->u.query;
	uint64_t v, schema_len, status_len = 0;
	uint8_t ph = post_header_len(p, ev->type, 13);
	memset(q, 0, sizeof *q);
	if (ph < 11 || !cur_uint(c, 4, &v))
		return fail(p, ev, "truncated post-header");
	q->thread_id = (uint32_t)v;
	if (!cur_uint(c, 4, &v))
		return fail(p, ev, "truncated post-header");
	q->exec_time = (uint32_t)v;
	if (!cur_uint(c, 1, &schema_len) || !cur_uint(c, 2, &v))
		return fail(p, ev, "truncated post-header");
	q->error_code = (uint16_t)v;
	if (ph >= 13 && !cur_uint(c, 2, &status_len))
		return fail(p, ev, "truncated post-header");
	if (ph > 13 && !cur_skip(c, ph - 13))
		return fail(p, ev, "truncated post-header");
	const uint8_t *sv;
	if (!cur_bytes(c, status_len, &sv))
		return fail(p, ev, "status variables of %" PRIu64 " bytes overrun the event", status_len);
	Cursor s = {sv, sv + status_len};
	while (s.p < s.end) {
		uint8_t code = 0, len = 0;
		const uint8_t *b;
		uint64_t x = 0;
		bool ok = cur_u8(&s, &code);
		switch (code) {
		case 0: /* Q_FLAGS2_CODE */
			ok = ok && cur_uint(&s, 4, &x);
			q->flags2 = (uint32_t)x;
			q->have_flags2 = true;
			break;
		case 1: /* Q_SQL_MODE_CODE */
			ok = ok && cur_uint(&s, 8, &q->sql_mode);
			q->have_sql_mode = true;
			break;
		case 2: /* Q_CATALOG_CODE (old): length, bytes, NUL */
			ok = ok && cur_u8(&s, &len) && cur_bytes(&s, (size_t)len + 1, &b);
			if (ok)
				q->catalog = arena_strndup(&p->event_arena, (const char *)b, len);
			break;
		case 3: /* Q_AUTO_INCREMENT */
			ok = ok && cur_skip(&s, 4);
			break;
		case 4: /* Q_CHARSET_CODE */
			ok = ok && cur_bytes(&s, 6, &b);
			if (ok) {
				q->have_charset = true;
				q->charset_client = (uint16_t)le(b, 2);
				q->collation_connection = (uint16_t)le(b + 2, 2);
				q->collation_server = (uint16_t)le(b + 4, 2);
			}
			break;
		case 5: /* Q_TIME_ZONE_CODE */
			ok = ok && cur_u8(&s, &len) && cur_bytes(&s, len, &b);
			if (ok)
				q->time_zone = arena_strndup(&p->event_arena, (const char *)b, len);
			break;
		case 6: /* Q_CATALOG_NZ_CODE */
			ok = ok && cur_u8(&s, &len) && cur_bytes(&s, len, &b);
			if (ok)
				q->catalog = arena_strndup(&p->event_arena, (const char *)b, len);
			break;
		case 7: /* Q_LC_TIME_NAMES_CODE */
		case 8: /* Q_CHARSET_DATABASE_CODE */
			ok = ok && cur_skip(&s, 2);
			break;
		case 9: /* Q_TABLE_MAP_FOR_UPDATE_CODE */
			ok = ok && cur_skip(&s, 8);
			break;
		case 10: /* Q_MASTER_DATA_WRITTEN_CODE */
			ok = ok && cur_skip(&s, 4);
			break;
		case 11: /* Q_INVOKER: user, host */
			ok = ok && cur_u8(&s, &len) && cur_skip(&s, len) && cur_u8(&s, &len) &&
			     cur_skip(&s, len);
			break;
		case 12: /* Q_UPDATED_DB_NAMES */
			ok = ok && cur_u8(&s, &len);
			if (ok && len != 254) {
				for (int i = 0; ok && i < len; i++) {
					const uint8_t *z = memchr(s.p, '\0', cur_left(&s));
					ok = z != NULL && cur_skip(&s, (size_t)(z - s.p) + 1);
				}
			}
			break;
		case 13:  /* Q_MICROSECONDS */
		case 128: /* MariaDB Q_HRNOW */
			ok = ok && cur_skip(&s, 3);
			break;
		case 14:        /* Q_COMMIT_TS */
		case 15:        /* Q_COMMIT_TS2 */
			ok = false; /* never written; no known length */
			break;
		case 16:  /* Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP */
		case 19:  /* Q_SQL_REQUIRE_PRIMARY_KEY */
		case 20:  /* Q_DEFAULT_TABLE_ENCRYPTION */
		case 130: /* MariaDB Q_GTID_FLAGS3 */
			ok = ok && cur_skip(&s, 1);
			break;
		case 17:  /* Q_DDL_LOGGED_WITH_XID */
		case 129: /* MariaDB Q_XID */
			ok = ok && cur_skip(&s, 8);
			break;
		case 18: /* Q_DEFAULT_COLLATION_FOR_UTF8MB4 */
			ok = ok && cur_uint(&s, 2, &x);
			q->default_collation = (uint16_t)x;
			break;
		default:
			/* An unknown code has no known length: stop reading status
			 * variables, as the servers themselves do; the statement is
			 * found from the length in the post-header all the same. */
			s.p = s.end;
			break;
		}
		if (!ok)
			return fail(p, ev, "status variable %u is truncated", code);
	}
	const uint8_t *schema;
	if (!cur_bytes(c, schema_len, &schema) || !cur_skip(c, 1))
		return fail(p, ev, "truncated schema name");
	q->schema = arena_strndup(&p->event_arena, (const char *)schema, schema_len);
	q->schema_len = (uint32_t)schema_len;
	if (compressed)
		return CHM_EUNSUPPORTED; /* caller reports */
	q->sql = (const char *)c->p;
	q->sql_len = cur_left(c);
	return 0;
}

static void
put_uuid(StrBuf *sb, const uint8_t *u)
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			strbuf_putc(sb, '-');
		strbuf_putc(sb, hex[u[i] >> 4]);
		strbuf_putc(sb, hex[u[i] & 15]);
	}
}

static char *
sb_to_arena(BinlogParser *p, StrBuf *sb)
{
	char *s = arena_strndup(&p->event_arena, sb->data ? sb->data : "", sb->len);
	strbuf_free(sb);
	return s;
}

static int
parse_mysql_gtid(BinlogParser *p, BinlogEvent *ev, Cursor *c)
{
	BinlogGtid *g = &ev->u.gtid;
	const uint8_t *sid;
	uint64_t gno;
	memset(g, 0, sizeof *g);
	g->last_committed = g->sequence_number = -1;
	if (!cur_u8(c, &g->flags) || !cur_bytes(c, 16, &sid) || !cur_uint(c, 8, &gno))
		return fail(p, ev, "truncated");
	memcpy(g->sid, sid, 16);
	g->gno = (int64_t)gno;
	if (cur_left(c) >= 17 && c->p[0] == 2) {
		uint64_t lc = 0, sn = 0, ts;
		c->p++;
		cur_uint(c, 8, &lc);
		cur_uint(c, 8, &sn);
		g->last_committed = (int64_t)lc;
		g->sequence_number = (int64_t)sn;
		if (cur_uint(c, 7, &ts)) {
			bool has_original = (ts >> 55) & 1;
			g->immediate_commit_ts = ts & ~(1ull << 55);
			g->original_commit_ts = g->immediate_commit_ts;
			if (has_original && !cur_uint(c, 7, &g->original_commit_ts))
				return fail(p, ev, "truncated original commit timestamp");
		}
	}
	StrBuf sb = STRBUF_INIT;
	put_uuid(&sb, g->sid);
	strbuf_printf(&sb, ":%" PRId64, g->gno);
	g->text = sb_to_arena(p, &sb);
	return 0;
}

/* GTID_TAGGED_LOG (42): MySQL's serialization library format, version 2. */
static int
parse_tagged_gtid(BinlogParser *p, BinlogEvent *ev, Cursor *c)
{
	BinlogGtid *g = &ev->u.gtid;
	uint8_t version = 0;
	uint64_t size, last_non_ignorable;
	const uint8_t *start = c->p;
	memset(g, 0, sizeof *g);
	g->last_committed = g->sequence_number = -1;
	if (!cur_u8(c, &version) || version != 2)
		return fail(p, ev, "serialization version %u is not supported", version);
	if (!cur_varlen(c, &size) || !cur_varlen(c, &last_non_ignorable))
		return fail(p, ev, "truncated envelope");
	size_t used = (size_t)(c->p - start);
	if (size < used || size - used > cur_left(c))
		return fail(p, ev, "payload size %" PRIu64 " does not fit the event", size);
	Cursor f = {c->p, c->p + (size - used)};
	bool have_tag = false;
	while (f.p < f.end) {
		uint64_t id = 0, u = 0;
		int64_t s = 0;
		bool ok = cur_varlen(&f, &id);
		switch (id) {
		case 0:
			ok = ok && cur_varlen(&f, &u);
			g->flags = (uint8_t)u;
			break;
		case 1:
			for (int i = 0; ok && i < 16; i++) {
				ok = cur_varlen(&f, &u) && u <= 255;
				g->sid[i] = (uint8_t)u;
			}
			break;
		case 2:
			ok = ok && cur_varlen_signed(&f, &s);
			g->gno = s;
			break;
		case 3:
			ok = ok && cur_varlen(&f, &u) && u < sizeof g->tag && cur_left(&f) >= u;
			if (ok) {
				memcpy(g->tag, f.p, u);
				g->tag[u] = '\0';
				f.p += u;
				have_tag = true;
			}
			break;
		case 4:
			ok = ok && cur_varlen_signed(&f, &g->last_committed);
			break;
		case 5:
			ok = ok && cur_varlen_signed(&f, &g->sequence_number);
			break;
		case 6:
			ok = ok && cur_varlen(&f, &g->immediate_commit_ts);
			if (g->original_commit_ts == 0)
				g->original_commit_ts = g->immediate_commit_ts;
			break;
		case 7:
			ok = ok && cur_varlen(&f, &g->original_commit_ts);
			break;
		case 8:
		case 9:
		case 10:
		case 11:
			ok = ok && cur_varlen(&f, &u);
			break;
		default:
			if (id <= last_non_ignorable)
				return fail(p, ev, "unknown field %" PRIu64 " that may not be ignored", id);
			f.p = f.end;
			break;
		}
		if (!ok)
			return fail(p, ev, "field %" PRIu64 " is truncated or out of range", id);
	}
	if (!have_tag)
		return fail(p, ev, "no tag");
	StrBuf sb = STRBUF_INIT;
	put_uuid(&sb, g->sid);
	strbuf_printf(&sb, ":%s:%" PRId64, g->tag, g->gno);
	g->text = sb_to_arena(p, &sb);
	return 0;
}

static int
parse_maria_gtid(BinlogParser *p, BinlogEvent *ev, Cursor *c)
{
	BinlogGtid *g = &ev->u.gtid;
	uint64_t seq, dom;
	uint8_t fl;
	memset(g, 0, sizeof *g);
	g->last_committed = g->sequence_number = -1;
	if (!cur_uint(c, 8, &seq) || !cur_uint(c, 4, &dom) || !cur_u8(c, &fl))
		return fail(p, ev, "truncated");
	g->seq_no = seq;
	g->domain_id = (uint32_t)dom;
	g->server_id = ev->server_id;
	g->flags = fl;
	g->standalone = fl & 1;
	if ((fl & 2) && !cur_uint(c, 8, &g->commit_id)) /* FL_GROUP_COMMIT_ID */
		return fail(p, ev, "truncated commit id");
	StrBuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "%u-%u-%" PRIu64, g->domain_id, g->server_id, g->seq_no);
	g->text = sb_to_arena(p, &sb);
	return 0;
}

static int
parse_previous_gtids(BinlogParser *p, BinlogEvent *ev, Cursor *c)
{
	uint64_t head;
	if (!cur_uint(c, 8, &head))
		return fail(p, ev, "truncated");
	bool tagged = (head >> 56) != 0;
	uint64_t n = tagged ? (head >> 8) & ((1ull << 48) - 1) : head & ((1ull << 56) - 1);
	StrBuf sb = STRBUF_INIT;
	int rc = 0;
	for (uint64_t i = 0; i < n; i++) {
		const uint8_t *sid, *tag = NULL;
		uint64_t tag_len = 0, nint;
		if (!cur_bytes(c, 16, &sid) ||
		    (tagged && (!cur_varlen(c, &tag_len) || !cur_bytes(c, tag_len, &tag))) ||
		    !cur_uint(c, 8, &nint) || nint > cur_left(c) / 16) {
			rc = fail(p, ev, "entry %" PRIu64 " of %" PRIu64 " is truncated", i + 1, n);
			goto done;
		}
		if (i > 0)
			strbuf_putc(&sb, ',');
		put_uuid(&sb, sid);
		if (tag_len > 0) {
			strbuf_putc(&sb, ':');
			strbuf_append(&sb, (const char *)tag, tag_len);
		}
		for (uint64_t k = 0; k < nint; k++) {
			uint64_t a = 0, b = 0;
			cur_uint(c, 8, &a);
			cur_uint(c, 8, &b); /* exclusive end */
			if (b == a + 1)
				strbuf_printf(&sb, ":%" PRIu64, a);
			else
				strbuf_printf(&sb, ":%" PRIu64 "-%" PRIu64, a, b - 1);
		}
	}
	ev->u.gtid_set.count = (uint32_t)n;
	ev->u.gtid_set.text = arena_strndup(&p->event_arena, sb.data ? sb.data : "", sb.len);
done:
	strbuf_free(&sb);
	return rc;
}

static int
parse_gtid_list(BinlogParser *p, BinlogEvent *ev, Cursor *c)
{
	uint64_t head;
	if (!cur_uint(c, 4, &head))
		return fail(p, ev, "truncated");
	uint32_t n = (uint32_t)head & 0x0fffffff;
	if (n > cur_left(c) / 16)
		return fail(p, ev, "%u entries do not fit the event", n);
	StrBuf sb = STRBUF_INIT;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t dom = 0, srv = 0, seq = 0;
		cur_uint(c, 4, &dom);
		cur_uint(c, 4, &srv);
		cur_uint(c, 8, &seq);
		strbuf_printf(&sb, "%s%" PRIu64 "-%" PRIu64 "-%" PRIu64, i ? "," : "", dom, srv, seq);
	}
	ev->u.gtid_set.count = n;
	ev->u.gtid_set.text = sb_to_arena(p, &sb);
	return 0;
}

/* ---- TABLE_MAP ---- */

/* Reads a packed length and then that many bytes. */
static bool
cur_lenstr(Cursor *c, const uint8_t **s, uint64_t *n)
{
	return cur_packed(c, n) && cur_bytes(c, *n, s);
}

static bool
is_numeric(uint8_t t)
{
	switch (t) {
	case MYT_TINY:
	case MYT_SHORT:
	case MYT_INT24:
	case MYT_LONG:
	case MYT_LONGLONG:
	case MYT_NEWDECIMAL:
	case MYT_FLOAT:
	case MYT_DOUBLE:
		return true;
	default:
		return false;
	}
}

/* Columns that carry a character set in COLUMN_CHARSET / DEFAULT_CHARSET. */
static bool
is_character(const BinlogColumn *col)
{
	switch (col->type) {
	case MYT_VARCHAR:
	case MYT_VAR_STRING:
	case MYT_BLOB:
	case MYT_TINY_BLOB:
	case MYT_MEDIUM_BLOB:
	case MYT_LONG_BLOB:
		return true;
	case MYT_STRING:
		return col->real_type == MYT_STRING;
	default:
		return false;
	}
}

static bool
is_enum_or_set(const BinlogColumn *col)
{
	return col->real_type == MYT_ENUM || col->real_type == MYT_SET;
}

/* Per-type metadata from the TABLE_MAP's metadata block. */
static bool
read_column_meta(Cursor *m, BinlogColumn *col)
{
	uint64_t a = 0, b = 0;
	col->real_type = col->type;
	switch (col->type) {
	case MYT_FLOAT:
	case MYT_DOUBLE:
	case MYT_BLOB:
	case MYT_TINY_BLOB:
	case MYT_MEDIUM_BLOB:
	case MYT_LONG_BLOB:
	case MYT_GEOMETRY:
	case MYT_JSON:
	case MYT_VECTOR:
		if (!cur_uint(m, 1, &a))
			return false;
		col->meta = (uint16_t)a;
		col->length = (uint32_t)a;
		return true;
	case MYT_TIME2:
	case MYT_DATETIME2:
	case MYT_TIMESTAMP2:
		if (!cur_uint(m, 1, &a))
			return false;
		col->meta = (uint16_t)a;
		col->decimals = (uint8_t)a;
		return a <= 6;
	case MYT_VARCHAR:
	case MYT_VAR_STRING:
		if (!cur_uint(m, 2, &a))
			return false;
		col->meta = (uint16_t)a;
		col->length = (uint32_t)a;
		return true;
	case MYT_BIT:
		if (!cur_uint(m, 1, &a) || !cur_uint(m, 1, &b))
			return false;
		col->meta = (uint16_t)(a | (b << 8));
		col->length = (uint32_t)(b * 8 + a);
		return a < 8;
	case MYT_NEWDECIMAL:
		if (!cur_uint(m, 1, &a) || !cur_uint(m, 1, &b))
			return false;
		col->meta = (uint16_t)((a << 8) | b);
		col->precision = (uint8_t)a;
		col->decimals = (uint8_t)b;
		return a >= 1 && a <= 65 && b <= 30 && b <= a;
	case MYT_STRING:
	case MYT_ENUM:
	case MYT_SET:
		if (!cur_uint(m, 1, &a) || !cur_uint(m, 1, &b))
			return false;
		col->meta = (uint16_t)((a << 8) | b);
		/* CHAR longer than 255 bytes borrows two bits of the type byte */
		if ((a & 0x30) != 0x30) {
			col->length = (uint32_t)((((a & 0x30) ^ 0x30) << 4) | b);
			a |= 0x30;
		} else {
			col->length = (uint32_t)b;
		}
		col->real_type = (uint8_t)a;
		return true;
	default:
		return true;
	}
}

static void
read_bitmap_msb(const uint8_t *bits, size_t nbytes, uint32_t i, bool *out)
{
	if (i / 8 < nbytes)
		*out = (bits[i / 8] >> (7 - i % 8)) & 1;
}

/* The optional metadata (binlog_row_metadata=MINIMAL/FULL) after the null bitmap. */
static int
parse_optional_meta(BinlogParser *p, BinlogEvent *ev, Cursor *c, BinlogTable *t)
{
	Arena *a = &t->arena;
	while (c->p < c->end) {
		uint8_t type;
		uint64_t len;
		const uint8_t *v;
		if (!cur_u8(c, &type) || !cur_lenstr(c, &v, &len))
			return fail(p, ev, "optional metadata field is truncated");
		Cursor f = {v, v + len};
		bool ok = true;
		switch (type) {
		case 1: { /* SIGNEDNESS: one bit per numeric column, MSB first */
			uint32_t k = 0;
			for (uint32_t i = 0; i < t->ncols; i++) {
				if (!is_numeric(t->cols[i].type))
					continue;
				read_bitmap_msb(v, len, k++, &t->cols[i].is_unsigned);
			}
			t->has_signedness = true;
			break;
		}
		case 2:    /* DEFAULT_CHARSET: default, then (index, collation) pairs */
		case 10: { /* ENUM_AND_SET_DEFAULT_CHARSET */
			uint64_t dflt, idx, coll;
			ok = cur_packed(&f, &dflt);
			bool (*want)(const BinlogColumn *) = type == 2 ? is_character : is_enum_or_set;
			for (uint32_t i = 0; ok && i < t->ncols; i++)
				if (want(&t->cols[i]))
					t->cols[i].collation = (uint16_t)dflt;
			while (ok && f.p < f.end) {
				ok = cur_packed(&f, &idx) && cur_packed(&f, &coll);
				uint64_t k = 0;
				for (uint32_t i = 0; ok && i < t->ncols; i++) {
					if (!want(&t->cols[i]))
						continue;
					if (k++ == idx) {
						t->cols[i].collation = (uint16_t)coll;
						break;
					}
				}
			}
			t->has_charsets = true;
			break;
		}
		case 3:    /* COLUMN_CHARSET: one collation per character column */
		case 11: { /* ENUM_AND_SET_COLUMN_CHARSET */
			bool (*want)(const BinlogColumn *) = type == 3 ? is_character : is_enum_or_set;
			for (uint32_t i = 0; ok && i < t->ncols; i++) {
				uint64_t coll = 0;
				if (!want(&t->cols[i]))
					continue;
				ok = cur_packed(&f, &coll);
				t->cols[i].collation = (uint16_t)coll;
			}
			t->has_charsets = true;
			break;
		}
		case 4: /* COLUMN_NAME */
			for (uint32_t i = 0; ok && i < t->ncols; i++) {
				const uint8_t *s;
				uint64_t n;
				ok = cur_lenstr(&f, &s, &n);
				if (ok) {
					t->cols[i].name = arena_strndup(a, (const char *)s, n);
					t->cols[i].name_len = (uint32_t)n;
				}
			}
			t->has_names = ok;
			break;
		case 5:   /* SET_STR_VALUE */
		case 6: { /* ENUM_STR_VALUE */
			uint8_t want = type == 5 ? MYT_SET : MYT_ENUM;
			for (uint32_t i = 0; ok && i < t->ncols; i++) {
				BinlogColumn *col = &t->cols[i];
				uint64_t n;
				if (col->real_type != want)
					continue;
				ok = cur_packed(&f, &n) && n <= len;
				if (!ok)
					break;
				col->nlabels = (uint32_t)n;
				col->labels = arena_alloc(a, (n ? n : 1) * sizeof(char *));
				col->label_lens = arena_alloc(a, (n ? n : 1) * sizeof(uint32_t));
				for (uint64_t k = 0; ok && k < n; k++) {
					const uint8_t *s;
					uint64_t sl;
					ok = cur_lenstr(&f, &s, &sl);
					if (ok) {
						col->labels[k] = arena_strndup(a, (const char *)s, sl);
						col->label_lens[k] = (uint32_t)sl;
					}
				}
			}
			break;
		}
		case 7: /* GEOMETRY_TYPE */
			for (uint32_t i = 0; ok && i < t->ncols; i++) {
				uint64_t g = 0;
				if (t->cols[i].type != MYT_GEOMETRY)
					continue;
				ok = cur_packed(&f, &g);
				t->cols[i].geometry_type = (uint32_t)g;
			}
			break;
		case 8:   /* SIMPLE_PRIMARY_KEY */
		case 9: { /* PRIMARY_KEY_WITH_PREFIX */
			uint32_t cap = 8, n = 0;
			uint32_t *pk = arena_alloc(a, cap * sizeof(uint32_t));
			uint32_t *pre = arena_zalloc(a, cap * sizeof(uint32_t));
			while (ok && f.p < f.end) {
				uint64_t idx, plen = 0;
				ok = cur_packed(&f, &idx) && idx < t->ncols && (type == 8 || cur_packed(&f, &plen));
				if (!ok)
					break;
				if (n == cap) {
					uint32_t *npk = arena_alloc(a, 2 * cap * sizeof(uint32_t));
					uint32_t *npre = arena_alloc(a, 2 * cap * sizeof(uint32_t));
					memcpy(npk, pk, cap * sizeof(uint32_t));
					memcpy(npre, pre, cap * sizeof(uint32_t));
					pk = npk;
					pre = npre;
					cap *= 2;
				}
				pk[n] = (uint32_t)idx;
				pre[n] = (uint32_t)plen;
				t->cols[idx].is_pk = true;
				n++;
			}
			t->pk = pk;
			t->pk_prefix = pre;
			t->npk = n;
			break;
		}
		case 12: /* COLUMN_VISIBILITY: one bit per column, MSB first */
			for (uint32_t i = 0; i < t->ncols; i++)
				read_bitmap_msb(v, len, i, &t->cols[i].visible);
			break;
		default:
			break; /* a newer field: its length lets us step over it */
		}
		if (!ok)
			return fail(p, ev, "optional metadata field %u of table %s.%s is malformed", type,
			            t->schema, t->table);
	}
	return 0;
}

static bool
cur_table_id(BinlogParser *p, uint8_t type, Cursor *c, uint64_t *id, uint16_t *flags)
{
	uint8_t ph = post_header_len(p, type, 8);
	uint64_t f;
	int idlen = ph == 6 ? 4 : 6;
	if (!cur_uint(c, idlen, id) || !cur_uint(c, 2, &f))
		return false;
	*flags = (uint16_t)f;
	return true;
}

static int
parse_table_map(BinlogParser *p, BinlogEvent *ev, Cursor *c)
{
	BinlogTable *t = chm_calloc(1, sizeof *t);
	arena_init(&t->arena, "table map", 2048);
	const uint8_t *s, *types, *meta, *nulls;
	uint64_t n, ncols, meta_len;
	int rc = 0;

	if (!cur_table_id(p, ev->type, c, &t->table_id, &t->flags)) {
		rc = fail(p, ev, "truncated post-header");
		goto done;
	}
	if (!cur_uint(c, 1, &n) || !cur_bytes(c, n, &s) || !cur_skip(c, 1)) {
		rc = fail(p, ev, "truncated schema name");
		goto done;
	}
	t->schema = arena_strndup(&t->arena, (const char *)s, n);
	t->schema_len = (uint32_t)n;
	if (!cur_uint(c, 1, &n) || !cur_bytes(c, n, &s) || !cur_skip(c, 1)) {
		rc = fail(p, ev, "truncated table name");
		goto done;
	}
	t->table = arena_strndup(&t->arena, (const char *)s, n);
	t->table_len = (uint32_t)n;
	if (!cur_packed(c, &ncols) || ncols == 0 || ncols > 4096 || !cur_bytes(c, ncols, &types)) {
		rc = fail(p, ev, "table %s.%s: bad column count", t->schema, t->table);
		goto done;
	}
	if (!cur_lenstr(c, &meta, &meta_len) || !cur_bytes(c, (ncols + 7) / 8, &nulls)) {
		rc = fail(p, ev, "table %s.%s: truncated column metadata", t->schema, t->table);
		goto done;
	}
	t->ncols = (uint32_t)ncols;
	t->mariadb = p->have_format && p->format.mariadb;
	t->cols = arena_zalloc(&t->arena, ncols * sizeof(BinlogColumn));
	Cursor m = {meta, meta + meta_len};
	for (uint32_t i = 0; i < ncols; i++) {
		BinlogColumn *col = &t->cols[i];
		col->type = types[i];
		col->visible = true;
		col->nullable = (nulls[i / 8] >> (i % 8)) & 1;
		if (!read_column_meta(&m, col)) {
			rc = fail(p, ev, "table %s.%s: metadata of column %u (%s) is malformed", t->schema,
			          t->table, i + 1, binlog_type_name(col->type));
			goto done;
		}
		if (col->type == MYT_JSON)
			t->njson++;
	}
	if (m.p != m.end) {
		rc = fail(p, ev, "table %s.%s: %zu bytes of column metadata left over", t->schema, t->table,
		          cur_left(&m));
		goto done;
	}
	rc = parse_optional_meta(p, ev, c, t);
	if (rc < 0)
		goto done;
	for (uint32_t i = 0; i < ncols; i++) {
		BinlogColumn *col = &t->cols[i];
		if (col->name == NULL) {
			char buf[16];
			int len = snprintf(buf, sizeof buf, "@%u", i + 1);
			col->name = arena_strndup(&t->arena, buf, (size_t)len);
			col->name_len = (uint32_t)len;
		}
	}
	ev->u.table_map = t;
	table_store(p, t);
	t = NULL;
done:
	table_free(t);
	return rc;
}

/* ---- rows events ---- */

/*
 * The one list of rows event types: their kind, and whether they are v2
 * (extra data after the post-header).  False for any other type.
 */
static bool
rows_kind(int type, BinlogRowsKind *kind, bool *v2)
{
	*v2 = type == BINLOG_WRITE_ROWS_V2 || type == BINLOG_UPDATE_ROWS_V2 ||
	      type == BINLOG_DELETE_ROWS_V2 || type == BINLOG_PARTIAL_UPDATE_ROWS;
	switch (type) {
	case BINLOG_WRITE_ROWS_V1:
	case BINLOG_WRITE_ROWS_V2:
		*kind = BINLOG_ROWS_WRITE;
		return true;
	case BINLOG_UPDATE_ROWS_V1:
	case BINLOG_UPDATE_ROWS_V2:
		*kind = BINLOG_ROWS_UPDATE;
		return true;
	case BINLOG_DELETE_ROWS_V1:
	case BINLOG_DELETE_ROWS_V2:
		*kind = BINLOG_ROWS_DELETE;
		return true;
	case BINLOG_PARTIAL_UPDATE_ROWS:
		*kind = BINLOG_ROWS_PARTIAL_UPDATE;
		return true;
	default:
		return false;
	}
}

bool
binlog_is_rows_event(int type)
{
	BinlogRowsKind kind;
	bool v2;
	return rows_kind(type, &kind, &v2);
}

static int
parse_rows(BinlogParser *p, BinlogEvent *ev, Cursor *c)
{
	BinlogRows *r = &ev->u.rows;
	uint64_t ncols;
	bool v2 = false;
	memset(r, 0, sizeof *r);
	if (!rows_kind(ev->type, &r->kind, &v2))
		return fail(p, ev, "not a rows event");
	if (!cur_table_id(p, ev->type, c, &r->table_id, &r->flags))
		return fail(p, ev, "truncated post-header");
	if (v2) {
		uint64_t extra;
		if (!cur_uint(c, 2, &extra) || extra < 2 || !cur_bytes(c, extra - 2, &r->extra))
			return fail(p, ev, "truncated extra data");
		r->extra_len = (uint32_t)(extra - 2);
		if (r->extra_len == 0)
			r->extra = NULL;
	}
	if (!cur_packed(c, &ncols) || ncols == 0 || ncols > 4096)
		return fail(p, ev, "bad column count");
	r->ncols = (uint32_t)ncols;
	size_t bm = (ncols + 7) / 8;
	const uint8_t *b1, *b2 = NULL;
	if (!cur_bytes(c, bm, &b1))
		return fail(p, ev, "truncated column bitmap");
	if ((r->kind == BINLOG_ROWS_UPDATE || r->kind == BINLOG_ROWS_PARTIAL_UPDATE) &&
	    !cur_bytes(c, bm, &b2))
		return fail(p, ev, "truncated second column bitmap");
	if (r->kind == BINLOG_ROWS_WRITE)
		r->cols_after = b1;
	else
		r->cols_before = b1;
	if (b2)
		r->cols_after = b2;
	r->table = binlog_table_lookup(p, r->table_id);
	if (r->table == NULL)
		return fail(p, ev, "no TABLE_MAP for table id %" PRIu64, r->table_id);
	if (r->table->ncols != r->ncols)
		return fail(p, ev, "table %s.%s: %u columns in the rows event, %u in its TABLE_MAP",
		            r->table->schema, r->table->table, r->ncols, r->table->ncols);
	r->data = c->p;
	r->data_len = cur_left(c);
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
			return fail(p, ev, "truncated header");
		if (field == 0) /* OTW_PAYLOAD_HEADER_END_MARK */
			break;
		if (!cur_packed(c, &len) || len > cur_left(c))
			return fail(p, ev, "header field %" PRIu64 " is truncated", field);
		Cursor f = {c->p, c->p + len};
		c->p += len;
		switch (field) {
		case 1: /* payload size */
			if (!cur_packed(&f, &size))
				return fail(p, ev, "bad payload size");
			have_size = true;
			break;
		case 2: /* compression type */
			if (!cur_packed(&f, &comp))
				return fail(p, ev, "bad compression type");
			have_comp = true;
			break;
		case 3: /* uncompressed size */
			if (!cur_packed(&f, &v))
				return fail(p, ev, "bad uncompressed size");
			usize = v;
			break;
		default:
			break;
		}
	}
	if (!have_size || !have_comp)
		return fail(p, ev, "header lacks the payload size or compression type");
	if (size != cur_left(c))
		return fail(p, ev, "payload of %" PRIu64 " bytes, %zu in the event", size, cur_left(c));
	ev->u.payload.compression = (uint32_t)comp;
	ev->u.payload.uncompressed_size = usize;
	if (comp == 255) { /* NONE */
		ev->u.payload.data = c->p;
		ev->u.payload.len = cur_left(c);
		return 0;
	}
	if (comp != 0)
		return fail(p, ev, "compression type %" PRIu64 " is not supported", comp);
	unsigned long long frame = ZSTD_getFrameContentSize(c->p, cur_left(c));
	if (frame == ZSTD_CONTENTSIZE_ERROR)
		return fail(p, ev, "payload is not a zstd frame");
	if (frame != ZSTD_CONTENTSIZE_UNKNOWN && usize != 0 && frame != usize)
		return fail(p, ev, "zstd frame says %llu bytes, the header %" PRIu64, frame, usize);
	size_t want = usize ? usize : frame != ZSTD_CONTENTSIZE_UNKNOWN ? frame : 0;
	if (want == 0 || want > (1u << 30))
		return fail(p, ev, "uncompressed size %zu is not usable", want);
	if (p->payload_cap < want) {
		free(p->payload);
		p->payload = chm_malloc(want);
		p->payload_cap = want;
	}
	size_t got = ZSTD_decompress(p->payload, want, c->p, cur_left(c));
	if (ZSTD_isError(got))
		return fail(p, ev, "zstd: %s", ZSTD_getErrorName(got));
	if (got != want)
		return fail(p, ev, "zstd gave %zu bytes, %zu expected", got, want);
	ev->u.payload.data = p->payload;
	ev->u.payload.len = got;
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

int
binlog_parse_event(BinlogParser *p, const uint8_t *buf, size_t len, uint64_t pos, BinlogEvent *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->pos = pos;
	p->err[0] = '\0';
	arena_reset(&p->event_arena);
	if (len < BINLOG_HEADER_LEN) {
		ev->type = 0;
		return fail(p, ev, "%zu bytes, shorter than the 19-byte header", len);
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
		return fail(p, ev, "size %u in the header, %zu bytes available", ev->size, len);
	size_t header_len = p->have_format && ev->type != BINLOG_FORMAT_DESCRIPTION
	                        ? p->format.header_len
	                        : BINLOG_HEADER_LEN;
	if (ev->size < header_len)
		return fail(p, ev, "size %u is below the header length %zu", ev->size, header_len);

	/* Which checksum applies: the FORMAT_DESCRIPTION announces it for the
	 * events after it and carries its own trailer when checksum-aware. */
	bool crc;
	size_t body_end = ev->size;
	if (ev->type == BINLOG_FORMAT_DESCRIPTION) {
		const uint8_t *ver = buf + BINLOG_HEADER_LEN + 2;
		char v[51];
		if (ev->size < BINLOG_HEADER_LEN + 57)
			return fail(p, ev, "truncated");
		memcpy(v, ver, 50);
		v[50] = '\0';
		crc = version_has_checksum(v) && buf[ev->size - 5] == 1;
	} else {
		crc = !p->inner && (p->have_format ? p->format.checksum_crc32 : p->crc32_before_format);
	}
	if (crc) {
		if (ev->size < header_len + 4)
			return fail(p, ev, "too short for its checksum");
		body_end -= 4;
		if (p->verify_checksum) {
			uint32_t want = (uint32_t)le(buf + body_end, 4);
			uint32_t got;
			if (ev->type == BINLOG_FORMAT_DESCRIPTION && (ev->flags & BINLOG_F_IN_USE)) {
				/* The server sets IN_USE after computing the checksum and
				 * clears it when the file is closed: checksum the event as
				 * it was written, without the flag. */
				uint8_t fl[2] = {(uint8_t)(buf[HDR_OFF_FLAGS] & ~BINLOG_F_IN_USE),
				                 buf[HDR_OFF_FLAGS + 1]};
				got = binlog_crc32(0, buf, HDR_OFF_FLAGS);
				got = binlog_crc32(got, fl, 2);
				got = binlog_crc32(got, buf + BINLOG_HEADER_LEN, body_end - BINLOG_HEADER_LEN);
			} else {
				got = binlog_crc32(0, buf, body_end);
			}
			if (got != want)
				return fail(p, ev, "checksum mismatch (stored %08x, computed %08x)", want, got);
		}
	}
	ev->body = buf + header_len;
	ev->body_len = body_end - header_len;
	Cursor c = {ev->body, ev->body + ev->body_len};
	p->n_events++;

	switch (ev->type) {
	case BINLOG_FORMAT_DESCRIPTION: {
		/* the format event's own algorithm byte sits before the trailer */
		Cursor fc = {ev->body, buf + ev->size};
		return parse_format(p, ev, &fc);
	}
	case BINLOG_ROTATE:
		return parse_rotate(p, ev, &c);
	case BINLOG_QUERY:
		return parse_query(p, ev, &c, false);
	case BINLOG_MARIA_QUERY_COMPRESSED:
	case BINLOG_MARIA_WRITE_ROWS_COMPRESSED_V1:
	case BINLOG_MARIA_UPDATE_ROWS_COMPRESSED_V1:
	case BINLOG_MARIA_DELETE_ROWS_COMPRESSED_V1:
	case BINLOG_MARIA_WRITE_ROWS_COMPRESSED:
	case BINLOG_MARIA_UPDATE_ROWS_COMPRESSED:
	case BINLOG_MARIA_DELETE_ROWS_COMPRESSED:
		fail(p, ev,
		     "MariaDB compressed events (log_bin_compress=ON) are not supported; turn it off");
		return CHM_EUNSUPPORTED;
	case BINLOG_XID:
		if (!cur_uint(&c, 8, &ev->u.xid))
			return fail(p, ev, "truncated");
		return 0;
	case BINLOG_GTID:
	case BINLOG_ANONYMOUS_GTID:
		return parse_mysql_gtid(p, ev, &c);
	case BINLOG_GTID_TAGGED:
		return parse_tagged_gtid(p, ev, &c);
	case BINLOG_MARIA_GTID:
		return parse_maria_gtid(p, ev, &c);
	case BINLOG_PREVIOUS_GTIDS:
		return parse_previous_gtids(p, ev, &c);
	case BINLOG_MARIA_GTID_LIST:
		return parse_gtid_list(p, ev, &c);
	case BINLOG_TABLE_MAP:
		return parse_table_map(p, ev, &c);
	case BINLOG_TRANSACTION_PAYLOAD:
		return parse_payload(p, ev, &c);
	case BINLOG_MARIA_ANNOTATE_ROWS:
		ev->u.annotate.sql = (const char *)c.p;
		ev->u.annotate.len = cur_left(&c);
		return 0;
	case BINLOG_ROWS_QUERY: /* one length byte (often wrong for long text), then the text */
		if (!cur_skip(&c, 1))
			return fail(p, ev, "truncated");
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
			return parse_rows(p, ev, &c);
		if (ev->flags & BINLOG_F_IGNORABLE) {
			ev->ignored = true;
			p->n_ignored++;
			return 0;
		}
		fail(p, ev, "unknown event type %u without the ignorable flag", ev->type);
		return CHM_EUNSUPPORTED;
	}
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
		return fail(p, inner, "%zu stray bytes at offset %zu of the payload", len - *off, *off);
	}
	BinlogHeader h;
	(void)binlog_header_decode(data + *off, len - *off, &h); /* the length was checked above */
	uint32_t size = h.size;
	if (size < BINLOG_HEADER_LEN || size > len - *off) {
		memset(inner, 0, sizeof *inner);
		inner->pos = pos;
		inner->type = BINLOG_TRANSACTION_PAYLOAD;
		return fail(p, inner, "inner event at offset %zu claims %u bytes, %zu left", *off, size,
		            len - *off);
	}
	uint8_t type = h.type;
	if (type == BINLOG_TRANSACTION_PAYLOAD || type == BINLOG_FORMAT_DESCRIPTION) {
		/* refused before parsing: a payload would decompress into the
		 * buffer that holds data, a format would replace the stream's */
		memset(inner, 0, sizeof *inner);
		inner->pos = pos;
		inner->type = type;
		return fail(p, inner, "not allowed inside a TRANSACTION_PAYLOAD");
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
