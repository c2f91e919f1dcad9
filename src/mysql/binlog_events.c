/*
 * binlog_events.c — the QUERY and GTID events.
 *
 * QUERY (its status variables: sql_mode, charsets, time zone, default
 * collation), the GTID events of MySQL (plain, anonymous, tagged) and
 * MariaDB, and the GTID sets of PREVIOUS_GTIDS and GTID_LIST, written as
 * text.  Not here: the framing, checksums and event dispatch (binlog.c),
 * table maps and rows (binlog_table.c).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "mysql/binlog_int.h"

/* ---- QUERY ---- */

int
binlog_parse_query(BinlogParser *p, BinlogEvent *ev, Cursor *c, bool compressed)
{
	BinlogQuery *q = &ev->u.query;
	uint64_t v, schema_len, status_len = 0;
	uint8_t ph = binlog_post_header_len(p, ev->type, 13);
	memset(q, 0, sizeof *q);
	if (ph < 11 || !cur_uint(c, 4, &v))
		return binlog_fail(p, ev, "truncated post-header");
	q->thread_id = (uint32_t)v;
	if (!cur_uint(c, 4, &v))
		return binlog_fail(p, ev, "truncated post-header");
	q->exec_time = (uint32_t)v;
	if (!cur_uint(c, 1, &schema_len) || !cur_uint(c, 2, &v))
		return binlog_fail(p, ev, "truncated post-header");
	q->error_code = (uint16_t)v;
	if (ph >= 13 && !cur_uint(c, 2, &status_len))
		return binlog_fail(p, ev, "truncated post-header");
	if (ph > 13 && !cur_skip(c, ph - 13))
		return binlog_fail(p, ev, "truncated post-header");
	const uint8_t *sv;
	if (!cur_bytes(c, status_len, &sv))
		return binlog_fail(p, ev, "status variables of %" PRIu64 " bytes overrun the event",
		                   status_len);
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
			return binlog_fail(p, ev, "status variable %u is truncated", code);
	}
	const uint8_t *schema;
	if (!cur_bytes(c, schema_len, &schema) || !cur_skip(c, 1))
		return binlog_fail(p, ev, "truncated schema name");
	q->schema = arena_strndup(&p->event_arena, (const char *)schema, schema_len);
	q->schema_len = (uint32_t)schema_len;
	if (compressed) {
		int rc = binlog_inflate_maria(p, ev, c);
		if (rc < 0)
			return rc;
	}
	q->sql = (const char *)c->p;
	q->sql_len = cur_left(c);
	return 0;
}

/* ---- GTID events ---- */

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

void
binlog_put_uuid(StrBuf *sb, const uint8_t *u)
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

int
binlog_parse_mysql_gtid(BinlogParser *p, BinlogEvent *ev, Cursor *c)
{
	BinlogGtid *g = &ev->u.gtid;
	const uint8_t *sid;
	uint64_t gno;
	memset(g, 0, sizeof *g);
	g->last_committed = g->sequence_number = -1;
	if (!cur_u8(c, &g->flags) || !cur_bytes(c, 16, &sid) || !cur_uint(c, 8, &gno))
		return binlog_fail(p, ev, "truncated");
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
				return binlog_fail(p, ev, "truncated original commit timestamp");
		}
	}
	StrBuf sb = STRBUF_INIT;
	binlog_put_uuid(&sb, g->sid);
	strbuf_printf(&sb, ":%" PRId64, g->gno);
	g->text = sb_to_arena(p, &sb);
	return 0;
}

/* GTID_TAGGED_LOG (42): MySQL's serialization library format, version 2. */
int
binlog_parse_tagged_gtid(BinlogParser *p, BinlogEvent *ev, Cursor *c)
{
	BinlogGtid *g = &ev->u.gtid;
	uint8_t version = 0;
	uint64_t size, last_non_ignorable;
	const uint8_t *start = c->p;
	memset(g, 0, sizeof *g);
	g->last_committed = g->sequence_number = -1;
	if (!cur_u8(c, &version) || version != 2)
		return binlog_fail(p, ev, "serialization version %u is not supported", version);
	if (!cur_varlen(c, &size) || !cur_varlen(c, &last_non_ignorable))
		return binlog_fail(p, ev, "truncated envelope");
	size_t used = (size_t)(c->p - start);
	if (size < used || size - used > cur_left(c))
		return binlog_fail(p, ev, "payload size %" PRIu64 " does not fit the event", size);
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
				return binlog_fail(p, ev, "unknown field %" PRIu64 " that may not be ignored", id);
			f.p = f.end;
			break;
		}
		if (!ok)
			return binlog_fail(p, ev, "field %" PRIu64 " is truncated or out of range", id);
	}
	if (!have_tag)
		return binlog_fail(p, ev, "no tag");
	StrBuf sb = STRBUF_INIT;
	binlog_put_uuid(&sb, g->sid);
	strbuf_printf(&sb, ":%s:%" PRId64, g->tag, g->gno);
	g->text = sb_to_arena(p, &sb);
	return 0;
}

int
binlog_parse_maria_gtid(BinlogParser *p, BinlogEvent *ev, Cursor *c)
{
	BinlogGtid *g = &ev->u.gtid;
	uint64_t seq, dom;
	uint8_t fl;
	memset(g, 0, sizeof *g);
	g->last_committed = g->sequence_number = -1;
	if (!cur_uint(c, 8, &seq) || !cur_uint(c, 4, &dom) || !cur_u8(c, &fl))
		return binlog_fail(p, ev, "truncated");
	g->seq_no = seq;
	g->domain_id = (uint32_t)dom;
	g->server_id = ev->server_id;
	g->flags = fl;
	g->standalone = fl & 1;
	if ((fl & 2) && !cur_uint(c, 8, &g->commit_id)) /* FL_GROUP_COMMIT_ID */
		return binlog_fail(p, ev, "truncated commit id");
	StrBuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "%u-%u-%" PRIu64, g->domain_id, g->server_id, g->seq_no);
	g->text = sb_to_arena(p, &sb);
	return 0;
}

int
binlog_parse_previous_gtids(BinlogParser *p, BinlogEvent *ev, Cursor *c)
{
	uint64_t head;
	if (!cur_uint(c, 8, &head))
		return binlog_fail(p, ev, "truncated");
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
			rc = binlog_fail(p, ev, "entry %" PRIu64 " of %" PRIu64 " is truncated", i + 1, n);
			goto done;
		}
		if (i > 0)
			strbuf_putc(&sb, ',');
		binlog_put_uuid(&sb, sid);
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

/* The inverse of cur_varlen: n bytes whose n-1 low bits are ones, then a zero. */
static void
put_varlen(StrBuf *sb, uint64_t v)
{
	int n = 1;
	while (n < 9 && v >> (7 * n) != 0)
		n++;
	if (n == 9) {
		strbuf_putc(sb, (char)0xff);
		put_le(sb, v, 8);
		return;
	}
	put_le(sb, (v << n) | ((1ull << (n - 1)) - 1), n);
}

void
binlog_gtid_set_encode(const GtidSet *s, StrBuf *out)
{
	uint64_t n = 0;
	bool tagged = false;
	for (uint32_t i = 0; i < s->n; i++) {
		n += s->tsids[i].niv > 0;
		tagged = tagged || (s->tsids[i].niv > 0 && s->tsids[i].tag[0]);
	}
	/* tagged: format 1 in the top byte and the bottom byte, the count between */
	put_le(out, tagged ? (1ull << 56) | (n << 8) | 1 : n, 8);
	for (uint32_t i = 0; i < s->n; i++) {
		const GtidTsid *t = &s->tsids[i];
		if (t->niv == 0)
			continue;
		strbuf_append(out, (const char *)t->uuid, 16);
		if (tagged) {
			size_t tl = strlen(t->tag);
			put_varlen(out, tl);
			strbuf_append(out, t->tag, tl);
		}
		put_le(out, t->niv, 8);
		for (uint32_t k = 0; k < t->niv; k++) {
			put_le(out, (uint64_t)t->iv[k].first, 8);
			put_le(out, (uint64_t)t->iv[k].last + 1, 8); /* exclusive end */
		}
	}
}

int
binlog_parse_gtid_list(BinlogParser *p, BinlogEvent *ev, Cursor *c)
{
	uint64_t head;
	if (!cur_uint(c, 4, &head))
		return binlog_fail(p, ev, "truncated");
	uint32_t n = (uint32_t)head & 0x0fffffff;
	if (n > cur_left(c) / 16)
		return binlog_fail(p, ev, "%u entries do not fit the event", n);
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
