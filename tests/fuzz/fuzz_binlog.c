/*
 * fuzz_binlog.c — libFuzzer target: the binlog event parser and the row
 * decoder, driven as src/replica/reader.c drives them.
 *
 * Input: one option byte, then events back to back as in a binlog file
 * (its 4-byte magic may come first).  Each event is cut at the size in its
 * header and parsed with the CRC check off, so that mutations reach the
 * parsers instead of the checksum; a TRANSACTION_PAYLOAD's inner events
 * are parsed in turn, and every rows event has all its rows decoded, the
 * images the reader asks for.  Checked besides "no crash, no leak, no UB":
 * every decoded image is one JSON value (PostgreSQL's jsonb must read it),
 * and every string an event hands out is read to its end (ASan sees a bad
 * pointer).  A failing event does not stop the stream while its header's
 * size still cuts the next one: the parser must stay sound after an error.
 *
 * Option bits: 1 zero dates as literals; 6 the images asked for (0 as the
 * reader, 2 none (a filtered table), 4 json-c objects, 6 the after image
 * only); 8 a CRC on events before the first FORMAT_DESCRIPTION; 16 hints
 * (INET6, UUID, JSON) on the columns, as the reader sets from the catalog.
 *
 * Seeds (fuzz_seeds): events cut from the binlogs of tests/unit/binlog and
 * ../shared/fixtures/mysql8-binlog (skipped, saying so, when absent), each
 * after its file's FORMAT_DESCRIPTION and its table's TABLE_MAP, and the
 * small files whole.
 */
#include <assert.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "mysql/binlog.h"
#include "mysql/rowdecode.h"
#include "fuzz.h"

#ifndef CAPTURED
#define CAPTURED "tests/unit/binlog"
#endif
#ifndef FIXTURES
#define FIXTURES "../shared/fixtures/mysql8-binlog"
#endif

enum {
	OPT_LITERAL_ZERO_DATES = 0x01,
	OPT_IMAGES = 0x06,
	OPT_IMAGES_READER = 0x00,
	OPT_IMAGES_NONE = 0x02,
	OPT_IMAGES_JSONC = 0x04,
	OPT_IMAGES_AFTER = 0x06,
	OPT_CRC_BEFORE_FORMAT = 0x08,
	OPT_HINTS = 0x10,
};

typedef struct Fuzz {
	BinlogParser p;
	RowDecoder d;
	StrBuf before, after;
	unsigned opt;
	unsigned sum; /* of every byte read, so that the reads cannot be optimised away */
} Fuzz;

static void
touch(Fuzz *f, const void *s, size_t n)
{
	const uint8_t *b = s;
	for (size_t i = 0; i < n; i++)
		f->sum += b[i];
}

static void
touch_str(Fuzz *f, const char *s)
{
	if (s != NULL)
		touch(f, s, strlen(s) + 1);
}

static void
decode_rows(Fuzz *f, const BinlogEvent *ev)
{
	BinlogRowsKind kind = ev->u.rows.kind;
	bool want_before = kind != BINLOG_ROWS_WRITE, want_after = kind != BINLOG_ROWS_DELETE;
	RowCursor cur;
	int rc;

	rowdecode_start(&cur, ev, f->p.file);
	do {
		strbuf_reset(&f->before);
		strbuf_reset(&f->after);
		switch (f->opt & OPT_IMAGES) {
		case OPT_IMAGES_NONE:
			rc = rowdecode_next(&f->d, &cur, NULL, NULL, NULL, NULL);
			break;
		case OPT_IMAGES_JSONC: {
			json_object *b = NULL, *a = NULL;
			rc = rowdecode_next_jsonc(&f->d, &cur, want_before ? &b : NULL, want_after ? &a : NULL);
			assert(rc <= 0 || ((b != NULL) == want_before && (a != NULL) == want_after));
			json_object_put(b);
			json_object_put(a);
			break;
		}
		case OPT_IMAGES_AFTER:
			want_before = false;
			/* fall through */
		default:
			rc = rowdecode_next_json(&f->d, &cur, want_before ? &f->before : NULL,
			                         want_after ? &f->after : NULL);
			if (rc > 0) {
				assert(!want_before || fuzz_json_valid(f->before.data, f->before.len));
				assert(!want_after || fuzz_json_valid(f->after.data, f->after.len));
			}
			break;
		}
	} while (rc > 0);
	/* our own text always reads back as JSON: json-c's refusal is a decoder bug */
	assert(rc == 0 ||
	       strcmp(rowdecode_error(&f->d), "json-c could not read a decoded JSON value") != 0);
	touch_str(f, rowdecode_error(&f->d));
}

static void
look_at_table(Fuzz *f, BinlogTable *t)
{
	touch(f, t->schema, t->schema_len + 1);
	touch(f, t->table, t->table_len + 1);
	for (uint32_t i = 0; i < t->ncols; i++) {
		BinlogColumn *col = &t->cols[i];
		touch(f, col->name, col->name_len + 1);
		for (uint32_t k = 0; k < col->nlabels; k++)
			touch(f, col->labels[k], col->label_lens[k] + 1);
		if (f->opt & OPT_HINTS)
			col->hint = (BinlogColumnHint)((i + f->opt / 32) % 4);
	}
	for (uint32_t i = 0; i < t->npk; i++)
		assert(t->pk[i] < t->ncols);
}

static bool
is_rows(uint8_t type)
{
	return (type >= BINLOG_WRITE_ROWS_V1 && type <= BINLOG_DELETE_ROWS_V1) ||
	       (type >= BINLOG_WRITE_ROWS_V2 && type <= BINLOG_DELETE_ROWS_V2) ||
	       type == BINLOG_PARTIAL_UPDATE_ROWS;
}

static void handle_event(Fuzz *f, BinlogEvent *ev);

static void
handle_payload(Fuzz *f, const BinlogEvent *ev)
{
	BinlogEvent inner;
	size_t off = 0;

	while (binlog_payload_next(&f->p, ev, &off, &inner) == 1) {
		assert(inner.type != BINLOG_TRANSACTION_PAYLOAD && inner.type != BINLOG_FORMAT_DESCRIPTION);
		handle_event(f, &inner);
	}
	touch_str(f, binlog_error(&f->p));
}

/* What the reader reads of each kind of event. */
static void
handle_event(Fuzz *f, BinlogEvent *ev)
{
	touch(f, ev->body, ev->body_len);
	if (ev->ignored)
		return;
	if (is_rows(ev->type)) {
		assert(ev->u.rows.table != NULL && ev->u.rows.table->ncols == ev->u.rows.ncols);
		decode_rows(f, ev);
		return;
	}
	switch (ev->type) {
	case BINLOG_FORMAT_DESCRIPTION:
		touch_str(f, ev->u.format->server_version);
		break;
	case BINLOG_ROTATE:
		touch_str(f, ev->u.rotate.file);
		break;
	case BINLOG_QUERY:
		touch(f, ev->u.query.schema, ev->u.query.schema_len + 1);
		touch(f, ev->u.query.sql, ev->u.query.sql_len);
		touch_str(f, ev->u.query.catalog);
		touch_str(f, ev->u.query.time_zone);
		break;
	case BINLOG_GTID:
	case BINLOG_ANONYMOUS_GTID:
	case BINLOG_GTID_TAGGED:
	case BINLOG_MARIA_GTID:
		touch_str(f, ev->u.gtid.text);
		break;
	case BINLOG_PREVIOUS_GTIDS:
	case BINLOG_MARIA_GTID_LIST:
		touch_str(f, ev->u.gtid_set.text);
		break;
	case BINLOG_TABLE_MAP:
		look_at_table(f, ev->u.table_map);
		break;
	case BINLOG_TRANSACTION_PAYLOAD:
		handle_payload(f, ev);
		break;
	case BINLOG_MARIA_ANNOTATE_ROWS:
	case BINLOG_ROWS_QUERY:
		touch(f, ev->u.annotate.sql, ev->u.annotate.len);
		break;
	case BINLOG_HEARTBEAT:
		touch_str(f, ev->u.heartbeat.file);
		break;
	default:
		break;
	}
}

static uint32_t
le32(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Fuzz f;
	BinlogEvent ev;
	size_t off = 0;

	if (size == 0)
		return 0;
	memset(&f, 0, sizeof f);
	f.opt = data[0];
	data++, size--;
	if (size >= BINLOG_MAGIC_LEN && memcmp(data,
	                                       "\xfe"
	                                       "bin",
	                                       BINLOG_MAGIC_LEN) == 0)
		off = BINLOG_MAGIC_LEN;
	binlog_parser_init(&f.p, "fuzz-bin.000001");
	f.p.verify_checksum = false;
	f.p.crc32_before_format = (f.opt & OPT_CRC_BEFORE_FORMAT) != 0;
	rowdecode_init(&f.d);
	f.d.zero_dates =
	    f.opt & OPT_LITERAL_ZERO_DATES ? ROW_ZERO_DATES_LITERAL : ROW_ZERO_DATES_POLICY;
	strbuf_init(&f.before);
	strbuf_init(&f.after);
	while (off < size) {
		/* as binlog_file_next: the header's size cuts the event when it fits */
		size_t left = size - off, len = left;
		uint32_t esize = left >= 13 ? le32(data + off + 9) : 0;
		if (esize <= left && esize >= BINLOG_HEADER_LEN)
			len = esize;
		if (binlog_parse_event(&f.p, data + off, len, off, &ev) == 0) {
			assert(ev.size == len && ev.body_len <= len);
			handle_event(&f, &ev);
		} else {
			touch_str(&f, binlog_error(&f.p));
			if (len != esize)
				break; /* nothing tells where the next event starts */
		}
		off += len;
	}
	strbuf_free(&f.before);
	strbuf_free(&f.after);
	rowdecode_free(&f.d);
	binlog_parser_free(&f.p);
	return f.sum == 1; /* never true for a real input; keeps sum alive */
}

/* ---- seeds ---- */

typedef struct Cut {
	FuzzSeedFn *emit;
	void *arg;
	const char *name;
	const uint8_t *fde; /* the file's FORMAT_DESCRIPTION, whole */
	size_t fde_len;
	struct {
		uint64_t id;
		const uint8_t *ev;
		size_t len;
		int seeds; /* rows events cut after this map: a few are enough */
	} maps[64];
	int nmaps;
	int seen[256]; /* seeds per event type: a few of each are enough */
	StrBuf seed;
} Cut;

static void
cut_emit(Cut *c, uint8_t opt, const uint8_t *map, size_t map_len, const uint8_t *ev, size_t len,
         uint64_t pos)
{
	char name[300];
	strbuf_reset(&c->seed);
	strbuf_putc(&c->seed, (char)opt);
	strbuf_append(&c->seed, (const char *)c->fde, c->fde_len);
	if (map != NULL)
		strbuf_append(&c->seed, (const char *)map, map_len);
	strbuf_append(&c->seed, (const char *)ev, len);
	snprintf(name, sizeof name, "%s@%llu", c->name, (unsigned long long)pos);
	c->emit(c->arg, name, (const uint8_t *)c->seed.data, c->seed.len);
}

/* Each event of one binlog file after its FORMAT_DESCRIPTION (and its TABLE_MAP). */
static void
cut_file(Cut *c, const uint8_t *data, size_t len)
{
	BinlogParser p;
	BinlogEvent ev;
	size_t off = BINLOG_MAGIC_LEN;

	binlog_parser_init(&p, c->name);
	while (len - off >= BINLOG_HEADER_LEN) {
		uint32_t size = le32(data + off + 9);
		if (size > len - off || binlog_parse_event(&p, data + off, size, off, &ev) != 0)
			break;
		const uint8_t *e = data + off;
		if (ev.type == BINLOG_FORMAT_DESCRIPTION) {
			c->fde = e;
			c->fde_len = size;
		} else if (ev.type == BINLOG_TABLE_MAP) {
			int i = 0;
			while (i < c->nmaps && c->maps[i].id != ev.u.table_map->table_id)
				i++;
			if (i < 64) {
				c->maps[i].id = ev.u.table_map->table_id;
				c->maps[i].ev = e;
				c->maps[i].len = size;
				c->maps[i].seeds = 0;
				c->nmaps += i == c->nmaps;
			}
		} else if (c->fde != NULL && is_rows(ev.type)) {
			for (int i = 0; i < c->nmaps; i++)
				if (c->maps[i].id == ev.u.rows.table_id && c->maps[i].seeds++ < 4)
					cut_emit(c, 0, c->maps[i].ev, c->maps[i].len, e, size, off);
		} else if (c->fde != NULL && c->seen[ev.type]++ < 8) {
			cut_emit(c, 0, NULL, 0, e, size, off);
		}
		off += size;
	}
	binlog_parser_free(&p);
}

static void
seeds_from_dir(FuzzSeedFn *emit, void *arg, const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		printf("# %s is absent: no seeds from it\n", dir);
		return;
	}
	for (int i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
		FILE *fp = fopen(path, "rb");
		StrBuf file = STRBUF_INIT;
		char chunk[65536];
		size_t got;
		while (fp != NULL && (got = fread(chunk, 1, sizeof chunk, fp)) > 0)
			strbuf_append(&file, chunk, got);
		if (fp != NULL)
			fclose(fp);
		if (file.len > BINLOG_MAGIC_LEN && memcmp(file.data,
		                                          "\xfe"
		                                          "bin",
		                                          4) == 0) {
			Cut *c = calloc(1, sizeof *c);
			c->emit = emit, c->arg = arg, c->name = names[i]->d_name;
			cut_file(c, (const uint8_t *)file.data, file.len);
			if (file.len <= 8192) {
				/* whole, once as the reader reads it and once with json-c and hints */
				static const uint8_t opts[] = {OPT_IMAGES_READER, OPT_IMAGES_JSONC | OPT_HINTS |
				                                                      OPT_LITERAL_ZERO_DATES};
				for (size_t k = 0; k < sizeof opts; k++) {
					char name[300];
					strbuf_reset(&c->seed);
					strbuf_putc(&c->seed, (char)opts[k]);
					strbuf_append(&c->seed, file.data, file.len);
					snprintf(name, sizeof name, "%s.whole.%u", c->name, opts[k]);
					emit(arg, name, (const uint8_t *)c->seed.data, c->seed.len);
				}
			}
			strbuf_free(&c->seed);
			free(c);
		}
		strbuf_free(&file);
		free(names[i]);
	}
	free(names);
}

void
fuzz_seeds(FuzzSeedFn *emit, void *arg)
{
	seeds_from_dir(emit, arg, CAPTURED);
	seeds_from_dir(emit, arg, FIXTURES);
}
