/*
 * binlog_table.c — TABLE_MAP events, the parser's table cache, and the
 * rows events that point into it.
 *
 * A TABLE_MAP's column types and metadata (the optional metadata of
 * binlog_row_metadata=FULL included) become a BinlogTable the parser owns,
 * kept in an open hash by table id; a rows event is split into its
 * post-header, bitmaps and row images, which rowdecode.c decodes.  Not
 * here: the framing and dispatch (binlog.c), the row values (rowdecode.c).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "mysql/binlog_int.h"

/* ---- the table cache: an open hash by table id ---- */

struct BinlogTableSlot {
	uint64_t id;
	BinlogTable *table; /* NULL = empty slot */
};

static void
table_free(BinlogTable *t)
{
	if (t == NULL)
		return;
	arena_free(&t->arena);
	free(t);
}

void
binlog_tables_free(BinlogParser *p)
{
	for (uint32_t i = 0; i < p->tables_cap; i++)
		table_free(p->tables[i].table);
	free(p->tables);
	p->tables = NULL;
	p->tables_cap = p->tables_n = 0;
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
			return binlog_fail(p, ev, "optional metadata field is truncated");
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
			return binlog_fail(p, ev, "optional metadata field %u of table %s.%s is malformed",
			                   type, t->schema, t->table);
	}
	return 0;
}

static bool
cur_table_id(BinlogParser *p, uint8_t type, Cursor *c, uint64_t *id, uint16_t *flags)
{
	uint8_t ph = binlog_post_header_len(p, type, 8);
	uint64_t f;
	int idlen = ph == 6 ? 4 : 6;
	if (!cur_uint(c, idlen, id) || !cur_uint(c, 2, &f))
		return false;
	*flags = (uint16_t)f;
	return true;
}

int
binlog_parse_table_map(BinlogParser *p, BinlogEvent *ev, Cursor *c)
{
	BinlogTable *t = chm_calloc(1, sizeof *t);
	arena_init(&t->arena, "table map", 2048);
	const uint8_t *s, *types, *meta, *nulls;
	uint64_t n, ncols, meta_len;
	int rc = 0;

	if (!cur_table_id(p, ev->type, c, &t->table_id, &t->flags)) {
		rc = binlog_fail(p, ev, "truncated post-header");
		goto done;
	}
	if (!cur_uint(c, 1, &n) || !cur_bytes(c, n, &s) || !cur_skip(c, 1)) {
		rc = binlog_fail(p, ev, "truncated schema name");
		goto done;
	}
	t->schema = arena_strndup(&t->arena, (const char *)s, n);
	t->schema_len = (uint32_t)n;
	if (!cur_uint(c, 1, &n) || !cur_bytes(c, n, &s) || !cur_skip(c, 1)) {
		rc = binlog_fail(p, ev, "truncated table name");
		goto done;
	}
	t->table = arena_strndup(&t->arena, (const char *)s, n);
	t->table_len = (uint32_t)n;
	if (!cur_packed(c, &ncols) || ncols == 0 || ncols > 4096 || !cur_bytes(c, ncols, &types)) {
		rc = binlog_fail(p, ev, "table %s.%s: bad column count", t->schema, t->table);
		goto done;
	}
	if (!cur_lenstr(c, &meta, &meta_len) || !cur_bytes(c, (ncols + 7) / 8, &nulls)) {
		rc = binlog_fail(p, ev, "table %s.%s: truncated column metadata", t->schema, t->table);
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
			rc = binlog_fail(p, ev, "table %s.%s: metadata of column %u (%s) is malformed",
			                 t->schema, t->table, i + 1, binlog_type_name(col->type));
			goto done;
		}
		if (col->type == MYT_JSON)
			t->njson++;
	}
	if (m.p != m.end) {
		rc = binlog_fail(p, ev, "table %s.%s: %zu bytes of column metadata left over", t->schema,
		                 t->table, cur_left(&m));
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
	      type == BINLOG_DELETE_ROWS_V2 || type == BINLOG_PARTIAL_UPDATE_ROWS ||
	      type == BINLOG_MARIA_WRITE_ROWS_COMPRESSED ||
	      type == BINLOG_MARIA_UPDATE_ROWS_COMPRESSED ||
	      type == BINLOG_MARIA_DELETE_ROWS_COMPRESSED;
	switch (type) {
	case BINLOG_WRITE_ROWS_V1:
	case BINLOG_WRITE_ROWS_V2:
	case BINLOG_MARIA_WRITE_ROWS_COMPRESSED_V1:
	case BINLOG_MARIA_WRITE_ROWS_COMPRESSED:
		*kind = BINLOG_ROWS_WRITE;
		return true;
	case BINLOG_UPDATE_ROWS_V1:
	case BINLOG_UPDATE_ROWS_V2:
	case BINLOG_MARIA_UPDATE_ROWS_COMPRESSED_V1:
	case BINLOG_MARIA_UPDATE_ROWS_COMPRESSED:
		*kind = BINLOG_ROWS_UPDATE;
		return true;
	case BINLOG_DELETE_ROWS_V1:
	case BINLOG_DELETE_ROWS_V2:
	case BINLOG_MARIA_DELETE_ROWS_COMPRESSED_V1:
	case BINLOG_MARIA_DELETE_ROWS_COMPRESSED:
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

int
binlog_parse_rows(BinlogParser *p, BinlogEvent *ev, Cursor *c)
{
	BinlogRows *r = &ev->u.rows;
	uint64_t ncols;
	bool v2 = false;
	memset(r, 0, sizeof *r);
	if (!rows_kind(ev->type, &r->kind, &v2))
		return binlog_fail(p, ev, "not a rows event");
	if (!cur_table_id(p, ev->type, c, &r->table_id, &r->flags))
		return binlog_fail(p, ev, "truncated post-header");
	if (v2) {
		uint64_t extra;
		if (!cur_uint(c, 2, &extra) || extra < 2 || !cur_bytes(c, extra - 2, &r->extra))
			return binlog_fail(p, ev, "truncated extra data");
		r->extra_len = (uint32_t)(extra - 2);
		if (r->extra_len == 0)
			r->extra = NULL;
	}
	if (!cur_packed(c, &ncols) || ncols == 0 || ncols > 4096)
		return binlog_fail(p, ev, "bad column count");
	r->ncols = (uint32_t)ncols;
	size_t bm = (ncols + 7) / 8;
	const uint8_t *b1, *b2 = NULL;
	if (!cur_bytes(c, bm, &b1))
		return binlog_fail(p, ev, "truncated column bitmap");
	if ((r->kind == BINLOG_ROWS_UPDATE || r->kind == BINLOG_ROWS_PARTIAL_UPDATE) &&
	    !cur_bytes(c, bm, &b2))
		return binlog_fail(p, ev, "truncated second column bitmap");
	if (r->kind == BINLOG_ROWS_WRITE)
		r->cols_after = b1;
	else
		r->cols_before = b1;
	if (b2)
		r->cols_after = b2;
	r->table = binlog_table_lookup(p, r->table_id);
	if (r->table == NULL)
		return binlog_fail(p, ev, "no TABLE_MAP for table id %" PRIu64, r->table_id);
	if (r->table->ncols != r->ncols)
		return binlog_fail(p, ev, "table %s.%s: %u columns in the rows event, %u in its TABLE_MAP",
		                   r->table->schema, r->table->table, r->ncols, r->table->ncols);
	/* MariaDB's log_bin_compress compresses the row images only */
	if (ev->type >= BINLOG_MARIA_WRITE_ROWS_COMPRESSED_V1 &&
	    ev->type <= BINLOG_MARIA_DELETE_ROWS_COMPRESSED) {
		int rc = binlog_inflate_maria(p, ev, c);
		if (rc < 0)
			return rc;
	}
	r->data = c->p;
	r->data_len = cur_left(c);
	return 0;
}
