/*
 * rowdecode.c — the row walk of the decoder, and its two sinks.
 *
 * Walks the row images of a rows event (columns-present bitmap, the
 * partial-JSON options of PARTIAL_UPDATE_ROWS, NULL bitmap) and hands each
 * present value to rowdecode_value(); then the JSON text sink and the
 * json-c sink.  binlog.c has already checked the event's framing and
 * parsed the TABLE_MAP.  Not here: the per-type details of values
 * (rowdecode_value.c and the files it uses).
 */
#include <iconv.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "common/pgname.h"
#include "mysql/rowdecode_int.h"

/* ---- the decoder core ---- */

void
rowdecode_init(RowDecoder *d)
{
	memset(d, 0, sizeof *d);
	strbuf_init(&d->val);
	strbuf_init(&d->tmp);
	strbuf_init(&d->jdoc);
	strbuf_init(&d->jnext);
	strbuf_init(&d->jval);
}

void
rowdecode_free(RowDecoder *d)
{
	strbuf_free(&d->val);
	strbuf_free(&d->tmp);
	strbuf_free(&d->jdoc);
	strbuf_free(&d->jnext);
	strbuf_free(&d->jval);
	for (uint32_t i = 0; i < d->n_json_before; i++)
		strbuf_free(&d->json_before[i]);
	free(d->json_before);
	d->json_before = NULL;
	d->n_json_before = 0;
	for (size_t i = 0; i < sizeof d->iconv_cache / sizeof d->iconv_cache[0]; i++)
		if (d->iconv_cache[i] != NULL)
			iconv_close((iconv_t)d->iconv_cache[i]);
	memset(d->iconv_cache, 0, sizeof d->iconv_cache);
}

const char *
rowdecode_error(const RowDecoder *d)
{
	return d->err;
}

void
rowdecode_start(RowCursor *rc, const BinlogEvent *ev, const char *file)
{
	memset(rc, 0, sizeof *rc);
	rc->rows = &ev->u.rows;
	rc->file = file;
	rc->pos = ev->pos;
}

static inline bool
bit_lsb(const uint8_t *bits, uint32_t i)
{
	return (bits[i / 8] >> (i % 8)) & 1;
}

static void
discard_value(void *ctx, const BinlogColumn *col, uint32_t index, RowValueKind kind,
              const char *text, size_t len, unsigned flags)
{
	(void)ctx, (void)col, (void)index, (void)kind, (void)text, (void)len, (void)flags;
}

/* Decodes and checks an image nobody asked for: the next one starts after it. */
static const RowSink discard_sink = {NULL, discard_value, NULL};

/* One image: [value options + partial bitmap], NULL bitmap, values. */
static int
decode_image(RowDecoder *d, RowCursor *rc, const uint8_t *present, bool partial_after,
             const RowSink *sink, void *ctx)
{
	const BinlogRows *r = rc->rows;
	const BinlogTable *t = r->table;
	const uint8_t *p = r->data + rc->off, *end = r->data + r->data_len;
	ValueCtx v = {d, rc, t, NULL, 0};
	const uint8_t *partial_bits = NULL;
	uint32_t npresent = 0;

	if (partial_after) {
		uint64_t opts;
		size_t k = binlog_read_packed(p, end, &opts);
		if (k == 0)
			return rowdecode_vfail(&v, "truncated value options");
		p += k;
		if (opts & 1) { /* PARTIAL_JSON_UPDATES: one bit per JSON column of the table */
			size_t nb = (t->njson + 7) / 8;
			if ((size_t)(end - p) < nb)
				return rowdecode_vfail(&v, "truncated partial JSON bitmap");
			partial_bits = p;
			p += nb;
		}
	}
	for (uint32_t i = 0; i < r->ncols; i++)
		npresent += bit_lsb(present, i);
	size_t nb = (npresent + 7) / 8;
	if ((size_t)(end - p) < nb)
		return rowdecode_vfail(&v, "truncated NULL bitmap");
	const uint8_t *nulls = p;
	p += nb;

	if (sink == NULL) {
		sink = &discard_sink;
		ctx = NULL;
	}
	if (sink->begin)
		sink->begin(ctx, t);
	uint32_t k = 0, json_k = 0;
	for (uint32_t i = 0; i < r->ncols; i++) {
		const BinlogColumn *col = &t->cols[i];
		bool partial = false;
		if (col->type == MYT_JSON) {
			partial = partial_bits != NULL && bit_lsb(partial_bits, json_k);
			json_k++;
		}
		if (!bit_lsb(present, i))
			continue;
		v.col = col;
		v.index = i;
		if (bit_lsb(nulls, k++)) {
			sink->value(ctx, col, i, ROWVAL_NULL, "", 0, 0);
			continue;
		}
		int rcode = rowdecode_value(&v, &p, end, partial, sink, ctx);
		if (rcode < 0)
			return rcode;
	}
	if (sink->end)
		sink->end(ctx);
	rc->off = (size_t)(p - r->data);
	return 0;
}

/* Makes json_before ready for a row of ncols columns, every one absent. */
static void
keep_json_before(RowDecoder *d, uint32_t ncols)
{
	if (d->n_json_before < ncols) {
		d->json_before = chm_realloc(d->json_before, sizeof(StrBuf) * ncols);
		for (uint32_t i = d->n_json_before; i < ncols; i++)
			strbuf_init(&d->json_before[i]);
		d->n_json_before = ncols;
	}
	for (uint32_t i = 0; i < d->n_json_before; i++)
		strbuf_reset(&d->json_before[i]);
	d->keep_json = true;
}

int
rowdecode_next(RowDecoder *d, RowCursor *rc, const RowSink *before, void *bctx,
               const RowSink *after, void *actx)
{
	const BinlogRows *r = rc->rows;
	size_t start = rc->off;
	int rcode;
	d->err[0] = '\0';
	if (rc->off >= r->data_len)
		return 0;
	d->nuls_removed = 0;
	switch (r->kind) {
	case BINLOG_ROWS_WRITE:
		rcode = decode_image(d, rc, r->cols_after, false, after, actx);
		break;
	case BINLOG_ROWS_DELETE:
		rcode = decode_image(d, rc, r->cols_before, false, before, bctx);
		break;
	case BINLOG_ROWS_UPDATE:
	case BINLOG_ROWS_PARTIAL_UPDATE:
		/* the before image's JSON documents: the diffs of the after image apply to them */
		if (r->kind == BINLOG_ROWS_PARTIAL_UPDATE)
			keep_json_before(d, r->table->ncols);
		rcode = decode_image(d, rc, r->cols_before, false, before, bctx);
		d->keep_json = false;
		if (rcode == 0)
			rcode = decode_image(d, rc, r->cols_after, r->kind == BINLOG_ROWS_PARTIAL_UPDATE, after,
			                     actx);
		break;
	default:
		return CHM_ESTATE;
	}
	if (rcode < 0)
		return rcode;
	if (rc->off == start) {
		/* no column present in any image: this row, and every next one,
		 * would be the same bytes again, for ever */
		ValueCtx v = {d, rc, r->table, NULL, 0};
		return rowdecode_vfail(&v, "a row of no bytes: its images have no column");
	}
	rc->row++;
	return 1;
}

/* ---- the JSON text sink ---- */

typedef struct JsonSinkCtx {
	StrBuf *out;
	bool first;
} JsonSinkCtx;

static void
json_begin(void *ctx, const BinlogTable *t)
{
	JsonSinkCtx *j = ctx;
	(void)t;
	strbuf_putc(j->out, '{');
	j->first = true;
}

static void
json_put(void *ctx, const BinlogColumn *col, uint32_t index, RowValueKind kind, const char *text,
         size_t len, unsigned flags)
{
	JsonSinkCtx *j = ctx;
	(void)index, (void)flags;
	if (!j->first)
		strbuf_putc(j->out, ',');
	j->first = false;
	if (col->name_len > CHM_PG_NAME_MAX) {
		/* the key is the replica's column name (common/pgname.h) */
		char buf[CHM_PG_NAME_MAX + 1];
		const char *pg = chm_pg_name(col->name, buf);
		rowdecode_json_quote(j->out, pg, strlen(pg));
	} else {
		rowdecode_json_quote(j->out, col->name, col->name_len);
	}
	strbuf_putc(j->out, ':');
	switch (kind) {
	case ROWVAL_NULL:
		strbuf_append(j->out, "null", 4);
		break;
	case ROWVAL_NUMBER:
	case ROWVAL_JSON:
		strbuf_append(j->out, text, len);
		break;
	case ROWVAL_STRING:
		rowdecode_json_quote(j->out, text, len);
		break;
	}
}

static void
json_end(void *ctx)
{
	JsonSinkCtx *j = ctx;
	strbuf_putc(j->out, '}');
}

const RowSink rowdecode_json_sink = {json_begin, json_put, json_end};

int
rowdecode_next_json(RowDecoder *d, RowCursor *rc, StrBuf *before, StrBuf *after)
{
	JsonSinkCtx b = {before, true}, a = {after, true};
	return rowdecode_next(d, rc, before ? &rowdecode_json_sink : NULL, &b,
	                      after ? &rowdecode_json_sink : NULL, &a);
}

/* ---- the json-c sink ---- */

typedef struct JsoncCtx {
	json_object *obj;
	bool bad;    /* a JSON value json-c could not parse (cannot happen with our own text) */
	StrBuf *tmp; /* NUL-terminated copy: json-c needs the end to finish a number */
} JsoncCtx;

static void
jsonc_begin(void *ctx, const BinlogTable *t)
{
	JsoncCtx *j = ctx;
	(void)t;
	j->obj = json_object_new_object();
}

static void
jsonc_put(void *ctx, const BinlogColumn *col, uint32_t index, RowValueKind kind, const char *text,
          size_t len, unsigned flags)
{
	JsoncCtx *j = ctx;
	json_object *v = NULL;
	(void)index, (void)flags;
	switch (kind) {
	case ROWVAL_NULL:
		break;
	case ROWVAL_STRING:
		v = json_object_new_string_len(text, (int)len);
		break;
	case ROWVAL_NUMBER:
	case ROWVAL_JSON: {
		/* json-c's default depth is 32: a value may nest as deep as the decoder takes */
		json_tokener *tok = json_tokener_new_ex(ROWDECODE_JSON_MAX_DEPTH + 1);
		strbuf_reset(j->tmp);
		strbuf_append(j->tmp, text, len);
		v = json_tokener_parse_ex(tok, j->tmp->data, (int)len + 1);
		if (json_tokener_get_error(tok) != json_tokener_success) {
			json_object_put(v);
			v = NULL;
			j->bad = true;
		}
		json_tokener_free(tok);
		break;
	}
	}
	json_object_object_add_ex(j->obj, col->name, v, 0);
}

static const RowSink jsonc_sink = {jsonc_begin, jsonc_put, NULL};

int
rowdecode_next_jsonc(RowDecoder *d, RowCursor *rc, json_object **before, json_object **after)
{
	/* a scratch of its own: a value's text may lie in d->tmp (a wrapped JSON document) */
	StrBuf scratch = STRBUF_INIT;
	JsoncCtx b = {NULL, false, &scratch}, a = {NULL, false, &scratch};
	int rcode =
	    rowdecode_next(d, rc, before ? &jsonc_sink : NULL, &b, after ? &jsonc_sink : NULL, &a);
	strbuf_free(&scratch);
	if (rcode <= 0 || b.bad || a.bad) {
		json_object_put(b.obj);
		json_object_put(a.obj);
		if (before)
			*before = NULL;
		if (after)
			*after = NULL;
		if (rcode > 0) {
			snprintf(d->err, sizeof d->err, "json-c could not read a decoded JSON value");
			return CHM_ECORRUPT;
		}
		return rcode;
	}
	if (before)
		*before = b.obj;
	if (after)
		*after = a.obj;
	return rcode;
}
