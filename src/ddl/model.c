/*
 * model.c — the tables the translator has seen (see model.h).
 *
 * Applies translated statements to a set of table descriptions the way
 * MySQL changes its own catalog: CREATE TABLE defines, ALTER TABLE changes
 * spec by spec, RENAME moves, DROP forgets.  It never decides what to emit;
 * emit.c asks it.  Everything is malloc'ed and owned by the model, since
 * the statement arenas it copies from are reset after every statement.
 */
#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "ddl/ddl.h"
#include "ddl/model.h"

/*
 * The tables in no order, and a hash of (schema, name) over them: a dump or
 * a snapshot of thousands of tables looks one up per statement.
 */
struct DdlModel {
	DdlModelTable **tables;
	int n, cap;
	int *heads; /* nbuckets chains of positions in tables, -1 ended */
	int *next;  /* cap entries */
	int nbuckets;
	/* the tables unpacked since the last update (see DdlModelTable.packed) */
	DdlModelTable **open;
	int nopen, capopen;
	StrBuf scratch; /* where pack() writes */
	/* ddl_model_offer(): the emitter's table after statement offer_stmt, or NULL */
	DdlModelTable *offer;
	const DdlStmt *offer_stmt;
};

static char *
dup_or_null(const char *s)
{
	return s ? chm_strdup(s) : NULL;
}

static bool
same_schema(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* ---------------------------------------------------------------- freeing */

static void
free_strings(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
column_clear(DdlColumn *c)
{
	free(c->name);
	free(c->type.name);
	for (int i = 0; i < c->type.nlabels; i++)
		free(c->type.labels[i]);
	free(c->type.labels);
	free(c->type.label_lens);
	free(c->type.charset);
	free(c->type.collate);
	free(c->def.text);
	memset(c, 0, sizeof(*c));
}

static void
index_clear(DdlModelIndex *ix)
{
	free(ix->name);
	free(ix->pg_name);
	free_strings(ix->columns, ix->ncolumns);
	memset(ix, 0, sizeof(*ix));
}

static void
fk_clear(DdlModelFk *fk)
{
	free(fk->name);
	free_strings(fk->columns, fk->ncolumns);
	free(fk->ref_schema);
	free(fk->ref_table);
	free_strings(fk->ref_columns, fk->nref_columns);
	memset(fk, 0, sizeof(*fk));
}

void
ddl_model_table_free(DdlModelTable *t)
{
	if (t == NULL)
		return;
	free(t->schema);
	free(t->name);
	for (int i = 0; i < t->ncolumns; i++)
		column_clear(&t->columns[i]);
	free(t->columns);
	for (int i = 0; i < t->nindexes; i++)
		index_clear(&t->indexes[i]);
	free(t->indexes);
	for (int i = 0; i < t->nfks; i++)
		fk_clear(&t->fks[i]);
	free(t->fks);
	free(t->packed);
	free(t);
}

DdlModel *
ddl_model_new(void)
{
	return chm_calloc(1, sizeof(DdlModel));
}

void
ddl_model_free(DdlModel *m)
{
	if (m == NULL)
		return;
	for (int i = 0; i < m->n; i++)
		ddl_model_table_free(m->tables[i]);
	free(m->tables);
	free(m->heads);
	free(m->next);
	free(m->open);
	strbuf_free(&m->scratch);
	ddl_model_table_free(m->offer);
	free(m);
}

/* ---------------------------------------------------------------- copying */

/* A column as the model keeps it: a deep copy of what the statement said about it. */
static void
column_copy(DdlColumn *dst, const DdlColumn *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->name = chm_strdup(src->name);
	dst->type = src->type;
	dst->type.name = dup_or_null(src->type.name);
	dst->type.labels = NULL;
	dst->type.label_lens = NULL;
	if (src->type.nlabels > 0) {
		dst->type.labels = chm_calloc((size_t)src->type.nlabels, sizeof(char *));
		dst->type.label_lens = chm_calloc((size_t)src->type.nlabels, sizeof(size_t));
		for (int i = 0; i < src->type.nlabels; i++) {
			dst->type.labels[i] = chm_strndup(src->type.labels[i], src->type.label_lens[i]);
			dst->type.label_lens[i] = src->type.label_lens[i];
		}
	}
	dst->type.charset = dup_or_null(src->type.charset);
	dst->type.collate = dup_or_null(src->type.collate);
	dst->null_given = src->null_given;
	/* a primary key column is NOT NULL whatever was written */
	dst->not_null = src->not_null || src->key == DDL_IDX_PRIMARY || src->auto_increment;
	dst->def = src->def;
	dst->def.text = NULL;
	if (src->def.text != NULL) {
		size_t n = src->def.len ? src->def.len : strlen(src->def.text);
		dst->def.text = chm_strndup(src->def.text, n);
		dst->def.len = src->def.len;
	}
	dst->auto_increment = src->auto_increment;
	dst->on_update_now = src->on_update_now;
}

static char **
strings_copy(char *const *v, int n)
{
	char **r = n > 0 ? chm_calloc((size_t)n, sizeof(char *)) : NULL;

	for (int i = 0; i < n; i++)
		r[i] = dup_or_null(v[i]);
	return r;
}

/* ---------------------------------------------------------------- packing */

/*
 * The packed columns: per column, every field the model keeps, in order.
 * Sizes and lengths are LEB128 varints, signed numbers zigzag varints; a
 * string that may be NULL is length + 1 (0: NULL) then its bytes; a type
 * name mostly one byte (common_types).
 */
enum {
	PK_UNSIGNED = 1 << 0,
	PK_ZEROFILL = 1 << 1,
	PK_BINARY = 1 << 2,
	PK_NULL_GIVEN = 1 << 3,
	PK_NOT_NULL = 1 << 4,
	PK_AUTO_INCREMENT = 1 << 5,
	PK_ON_UPDATE_NOW = 1 << 6,
};

static void
put_uint(StrBuf *b, uint64_t v)
{
	if (b->len + 10 >= b->cap)
		strbuf_reserve(b, 10);
	while (v >= 0x80) {
		b->data[b->len++] = (char)((v & 0x7f) | 0x80);
		v >>= 7;
	}
	b->data[b->len++] = (char)v;
	b->data[b->len] = '\0';
}

static void
put_bytes(StrBuf *b, const char *p, size_t n)
{
	if (p == NULL) {
		put_uint(b, 0);
		return;
	}
	put_uint(b, n + 1);
	strbuf_append(b, p, n);
}

static void
put_str(StrBuf *b, const char *p)
{
	put_bytes(b, p, p ? strlen(p) : 0);
}

/* A signed number, zigzag-coded: small ones of either sign take a byte. */
static void
put_int(StrBuf *b, int64_t v)
{
	put_uint(b, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

/*
 * The type names MySQL dumps use most, packed as their position + 2 (0:
 * NULL, 1: the name's bytes follow).  The packed form never leaves the
 * process, so the list may change freely.
 */
static const char *const common_types[] = {
    "varchar",
    "int",
    "bigint",
    "datetime",
    "char",
    "timestamp",
    "enum",
    "tinyint",
    "smallint",
    "date",
    "decimal",
    "json",
    "text",
    "mediumint",
    "time",
    "varbinary",
    "uuid",
    "double",
    "float",
    "mediumtext",
    "dec",
    "tinytext",
    "longtext",
    "fixed",
    "binary",
    "set",
    "numeric",
    "bit",
    "inet6",
    "year",
    "bool",
    "integer",
    "boolean",
    "blob",
    "tinyblob",
    "longblob",
    "mediumblob",
    "real",
    "geometry",
    "point",
    "linestring",
    "polygon",
    "multipolygon",
    "multipoint",
    "multilinestring",
    "geometrycollection",
    "inet4",
    "double precision",
    "serial",
};

static void
put_type_name(StrBuf *b, const char *name)
{
	if (name != NULL)
		for (size_t i = 0; i < sizeof(common_types) / sizeof(common_types[0]); i++)
			if (name[0] == common_types[i][0] && strcmp(name, common_types[i]) == 0) {
				put_uint(b, i + 2);
				return;
			}
	if (name == NULL) {
		put_uint(b, 0);
		return;
	}
	put_uint(b, 1);
	put_str(b, name);
}

static void
pack_column(StrBuf *b, const DdlColumn *c)
{
	unsigned char flags =
	    (unsigned char)((c->type.is_unsigned ? PK_UNSIGNED : 0) |
	                    (c->type.zerofill ? PK_ZEROFILL : 0) | (c->type.binary ? PK_BINARY : 0) |
	                    (c->null_given ? PK_NULL_GIVEN : 0) | (c->not_null ? PK_NOT_NULL : 0) |
	                    (c->auto_increment ? PK_AUTO_INCREMENT : 0) |
	                    (c->on_update_now ? PK_ON_UPDATE_NOW : 0));

	put_str(b, c->name);
	put_type_name(b, c->type.name);
	put_uint(b, (size_t)c->type.nargs);
	for (int i = 0; i < c->type.nargs && i < 2; i++)
		put_int(b, c->type.args[i]);
	put_uint(b, (size_t)c->type.nlabels);
	for (int i = 0; i < c->type.nlabels; i++)
		put_bytes(b, c->type.labels[i], c->type.label_lens[i]);
	strbuf_append(b, (const char *)&flags, 1);
	put_str(b, c->type.charset);
	put_str(b, c->type.collate);
	put_uint(b, (size_t)c->def.kind);
	if (c->def.kind == DDL_DEF_NONE && c->def.text == NULL && c->def.len == 0 &&
	    c->def.number == 0 && c->def.precision == 0) {
		put_uint(b, 0); /* nothing follows */
		return;
	}
	put_uint(b, 1); /* the default's fields follow */
	put_bytes(b, c->def.text, c->def.text ? (c->def.len ? c->def.len : strlen(c->def.text)) : 0);
	put_uint(b, c->def.len);
	put_int(b, c->def.number);
	put_int(b, c->def.precision);
}

typedef struct Unpacker {
	const unsigned char *p, *end;
} Unpacker;

static uint64_t
get_uint(Unpacker *u)
{
	uint64_t v = 0;

	for (int shift = 0; u->p < u->end && shift < 64; shift += 7) {
		unsigned char c = *u->p++;
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			break;
	}
	return v;
}

/* A string that may be NULL, allocated; *n gets its length. */
static char *
get_bytes(Unpacker *u, size_t *n)
{
	size_t l = (size_t)get_uint(u);
	char *r;

	*n = 0;
	if (l == 0)
		return NULL;
	*n = l - 1;
	r = chm_strndup((const char *)u->p, *n);
	u->p += *n;
	return r;
}

static int64_t
get_int64(Unpacker *u)
{
	uint64_t z = get_uint(u);

	return (int64_t)(z >> 1) ^ -(int64_t)(z & 1);
}

static char *
get_type_name(Unpacker *u)
{
	size_t code = (size_t)get_uint(u), n;

	if (code == 0)
		return NULL;
	if (code == 1)
		return get_bytes(u, &n);
	return chm_strdup(common_types[code - 2]);
}

static void
unpack_column(Unpacker *u, DdlColumn *c)
{
	size_t n;
	unsigned char flags;

	memset(c, 0, sizeof(*c));
	c->name = get_bytes(u, &n);
	c->type.name = get_type_name(u);
	c->type.nargs = (int)get_uint(u);
	for (int i = 0; i < c->type.nargs && i < 2; i++)
		c->type.args[i] = (long)get_int64(u);
	c->type.nlabels = (int)get_uint(u);
	if (c->type.nlabels > 0) {
		c->type.labels = chm_calloc((size_t)c->type.nlabels, sizeof(char *));
		c->type.label_lens = chm_calloc((size_t)c->type.nlabels, sizeof(size_t));
		for (int i = 0; i < c->type.nlabels; i++)
			c->type.labels[i] = get_bytes(u, &c->type.label_lens[i]);
	}
	flags = *u->p++;
	c->type.is_unsigned = flags & PK_UNSIGNED;
	c->type.zerofill = flags & PK_ZEROFILL;
	c->type.binary = flags & PK_BINARY;
	c->null_given = flags & PK_NULL_GIVEN;
	c->not_null = flags & PK_NOT_NULL;
	c->auto_increment = flags & PK_AUTO_INCREMENT;
	c->on_update_now = flags & PK_ON_UPDATE_NOW;
	c->type.charset = get_bytes(u, &n);
	c->type.collate = get_bytes(u, &n);
	c->def.kind = (DdlDefaultKind)get_uint(u);
	if (get_uint(u) == 0)
		return;
	c->def.text = get_bytes(u, &n);
	c->def.len = (size_t)get_uint(u);
	c->def.number = (int)get_int64(u);
	c->def.precision = (int)get_int64(u);
}

static void
put_strings(StrBuf *b, char *const *v, int n)
{
	put_uint(b, (uint64_t)n);
	for (int i = 0; i < n; i++)
		put_str(b, v[i]);
}

/* A list of strings that may be NULL; the list is NULL when empty (as strings_copy makes it). */
static char **
get_strings_packed(Unpacker *u, int *n)
{
	char **r;
	size_t len;

	*n = (int)get_uint(u);
	r = *n > 0 ? chm_calloc((size_t)*n, sizeof(char *)) : NULL;
	for (int i = 0; i < *n; i++)
		r[i] = get_bytes(u, &len);
	return r;
}

/* Fills t's columns, indexes and foreign keys (empty) from packed bytes. */
static void
unpack_columns(DdlModelTable *t, const unsigned char *p, size_t len)
{
	Unpacker u = {p, p + len};
	size_t n;

	t->ncolumns = (int)get_uint(&u);
	t->columns = chm_calloc((size_t)t->ncolumns + 1, sizeof(DdlColumn));
	for (int i = 0; i < t->ncolumns; i++)
		unpack_column(&u, &t->columns[i]);
	t->nindexes = (int)get_uint(&u);
	t->indexes = chm_calloc((size_t)t->nindexes + 1, sizeof(DdlModelIndex));
	for (int i = 0; i < t->nindexes; i++) {
		DdlModelIndex *ix = &t->indexes[i];
		ix->name = get_bytes(&u, &n);
		ix->pg_name = get_bytes(&u, &n);
		ix->kind = (DdlIndexKind)get_uint(&u);
		ix->columns = get_strings_packed(&u, &ix->ncolumns);
	}
	t->nfks = (int)get_uint(&u);
	t->fks = chm_calloc((size_t)t->nfks + 1, sizeof(DdlModelFk));
	for (int i = 0; i < t->nfks; i++) {
		DdlModelFk *f = &t->fks[i];
		f->name = get_bytes(&u, &n);
		f->columns = get_strings_packed(&u, &f->ncolumns);
		f->ref_schema = get_bytes(&u, &n);
		f->ref_table = get_bytes(&u, &n);
		f->ref_columns = get_strings_packed(&u, &f->nref_columns);
		f->on_delete = (DdlFkAction)get_uint(&u);
		f->on_update = (DdlFkAction)get_uint(&u);
	}
}

/* Packs t's columns, indexes and foreign keys: the unpacked ones are freed. */
static void
pack(DdlModel *m, DdlModelTable *t)
{
	StrBuf b = m->scratch; /* kept from one packing to the next */

	if (t->packed != NULL)
		return;
	b.len = 0;
	put_uint(&b, (size_t)t->ncolumns);
	for (int i = 0; i < t->ncolumns; i++) {
		pack_column(&b, &t->columns[i]);
		column_clear(&t->columns[i]);
	}
	free(t->columns);
	t->columns = NULL;
	t->ncolumns = 0;
	put_uint(&b, (uint64_t)t->nindexes);
	for (int i = 0; i < t->nindexes; i++) {
		const DdlModelIndex *ix = &t->indexes[i];
		put_str(&b, ix->name);
		put_str(&b, ix->pg_name);
		put_uint(&b, (uint64_t)ix->kind);
		put_strings(&b, ix->columns, ix->ncolumns);
		index_clear(&t->indexes[i]);
	}
	free(t->indexes);
	t->indexes = NULL;
	t->nindexes = 0;
	put_uint(&b, (uint64_t)t->nfks);
	for (int i = 0; i < t->nfks; i++) {
		const DdlModelFk *f = &t->fks[i];
		put_str(&b, f->name);
		put_strings(&b, f->columns, f->ncolumns);
		put_str(&b, f->ref_schema);
		put_str(&b, f->ref_table);
		put_strings(&b, f->ref_columns, f->nref_columns);
		put_uint(&b, (uint64_t)f->on_delete);
		put_uint(&b, (uint64_t)f->on_update);
		fk_clear(&t->fks[i]);
	}
	free(t->fks);
	t->fks = NULL;
	t->nfks = 0;
	t->packed_len = b.len;
	t->packed = chm_malloc(b.len);
	memcpy(t->packed, b.data, b.len);
	m->scratch = b;
}

static void list_open(DdlModel *m, DdlModelTable *t);

/* Unpacks t, a table of m, until the next update (ddl_model_apply packs it again). */
static void
open_table(DdlModel *m, DdlModelTable *t)
{
	if (t->packed == NULL)
		return;
	unpack_columns(t, t->packed, t->packed_len);
	free(t->packed);
	t->packed = NULL;
	t->packed_len = 0;
	list_open(m, t);
}

static void
list_open(DdlModel *m, DdlModelTable *t)
{
	if (t->open)
		return;
	if (m->nopen == m->capopen) {
		m->capopen = m->capopen ? m->capopen * 2 : 8;
		m->open = chm_realloc(m->open, sizeof(DdlModelTable *) * (size_t)m->capopen);
	}
	m->open[m->nopen++] = t;
	t->open = true;
}

/* t leaves m (freed or replaced): no longer one of the open tables. */
static void
unlist(DdlModel *m, DdlModelTable *t)
{
	if (!t->open)
		return;
	for (int i = 0; i < m->nopen; i++)
		if (m->open[i] == t) {
			m->open[i] = m->open[--m->nopen];
			break;
		}
	t->open = false;
}

/* Packs every table unpacked since the last update. */
static void
pack_open(DdlModel *m)
{
	for (int i = 0; i < m->nopen; i++) {
		m->open[i]->open = false;
		pack(m, m->open[i]);
	}
	m->nopen = 0;
	if (m->capopen > 64) { /* a save of every table opened them all: give that back */
		free(m->open);
		m->open = NULL;
		m->capopen = 0;
	}
}

DdlModelTable *
ddl_model_table_clone(const DdlModelTable *t)
{
	DdlModelTable *r = chm_calloc(1, sizeof(DdlModelTable));

	r->schema = dup_or_null(t->schema);
	r->name = chm_strdup(t->name);
	r->owner = t->owner;
	if (t->packed != NULL) {
		unpack_columns(r, t->packed, t->packed_len);
		return r;
	}
	r->ncolumns = t->ncolumns;
	r->columns = chm_calloc((size_t)t->ncolumns + 1, sizeof(DdlColumn));
	for (int i = 0; i < t->ncolumns; i++)
		column_copy(&r->columns[i], &t->columns[i]);
	r->nindexes = t->nindexes;
	r->indexes = chm_calloc((size_t)t->nindexes + 1, sizeof(DdlModelIndex));
	for (int i = 0; i < t->nindexes; i++) {
		r->indexes[i].name = chm_strdup(t->indexes[i].name);
		r->indexes[i].pg_name = dup_or_null(t->indexes[i].pg_name);
		r->indexes[i].kind = t->indexes[i].kind;
		r->indexes[i].columns = strings_copy(t->indexes[i].columns, t->indexes[i].ncolumns);
		r->indexes[i].ncolumns = t->indexes[i].ncolumns;
	}
	r->nfks = t->nfks;
	r->fks = chm_calloc((size_t)t->nfks + 1, sizeof(DdlModelFk));
	for (int i = 0; i < t->nfks; i++) {
		const DdlModelFk *f = &t->fks[i];
		r->fks[i].name = dup_or_null(f->name);
		r->fks[i].columns = strings_copy(f->columns, f->ncolumns);
		r->fks[i].ncolumns = f->ncolumns;
		r->fks[i].ref_schema = dup_or_null(f->ref_schema);
		r->fks[i].ref_table = chm_strdup(f->ref_table);
		r->fks[i].ref_columns = strings_copy(f->ref_columns, f->nref_columns);
		r->fks[i].nref_columns = f->nref_columns;
		r->fks[i].on_delete = f->on_delete;
		r->fks[i].on_update = f->on_update;
	}
	return r;
}

/* ---------------------------------------------------------------- lookups */

static int
column_pos(const DdlModelTable *t, const char *name)
{
	for (int i = 0; i < t->ncolumns; i++)
		if (strcasecmp(t->columns[i].name, name) == 0)
			return i;
	return -1;
}

static int
index_pos(const DdlModelTable *t, const char *name)
{
	for (int i = 0; i < t->nindexes; i++)
		if (strcasecmp(t->indexes[i].name, name) == 0)
			return i;
	return -1;
}

const DdlColumn *
ddl_model_column(const DdlModelTable *t, const char *name)
{
	int i = t && name ? column_pos(t, name) : -1;

	return i < 0 ? NULL : &t->columns[i];
}

const DdlModelIndex *
ddl_model_index(const DdlModelTable *t, const char *name)
{
	int i = t && name ? index_pos(t, name) : -1;

	return i < 0 ? NULL : &t->indexes[i];
}

/* FNV-1a of schema and name (n bytes of it); a NULL schema hashes as "" apart from "". */
static unsigned
table_hash(const char *schema, const char *name, size_t n)
{
	unsigned h = 2166136261u;

	for (const char *p = schema ? schema : ""; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	h = (h ^ (schema ? 1u : 2u)) * 16777619u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	return h;
}

static void
rehash(DdlModel *m)
{
	if (m->nbuckets < m->cap) {
		m->nbuckets = m->cap * 2;
		free(m->heads);
		m->heads = chm_malloc(sizeof(int) * (size_t)m->nbuckets);
	}
	free(m->next);
	m->next = chm_malloc(sizeof(int) * (size_t)(m->cap ? m->cap : 1));
	for (int b = 0; b < m->nbuckets; b++)
		m->heads[b] = -1;
	for (int i = 0; i < m->n; i++) {
		unsigned b =
		    table_hash(m->tables[i]->schema, m->tables[i]->name, strlen(m->tables[i]->name)) %
		    (unsigned)m->nbuckets;
		m->next[i] = m->heads[b];
		m->heads[b] = i;
	}
}

/* The position of table (schema, the first n bytes of name), or -1. */
static int
table_pos_n(const DdlModel *m, const char *schema, const char *name, size_t n)
{
	if (m->nbuckets == 0)
		return -1;
	for (int i = m->heads[table_hash(schema, name, n) % (unsigned)m->nbuckets]; i >= 0;
	     i = m->next[i])
		if (same_schema(m->tables[i]->schema, schema) && strlen(m->tables[i]->name) == n &&
		    memcmp(m->tables[i]->name, name, n) == 0)
			return i;
	return -1;
}

static int
table_pos(const DdlModel *m, const char *schema, const char *name)
{
	return table_pos_n(m, schema, name, strlen(name));
}

static unsigned
bucket_of(const DdlModel *m, const DdlModelTable *t)
{
	return table_hash(t->schema, t->name, strlen(t->name)) % (unsigned)m->nbuckets;
}

/* Takes position i out of its hash chain. */
static void
unlink_pos(DdlModel *m, int i)
{
	int *link = &m->heads[bucket_of(m, m->tables[i])];

	while (*link != i)
		link = &m->next[*link];
	*link = m->next[i];
}

/*
 * Takes the table at i out of m (not freed): the last one moves into its
 * place.  Only the two chains concerned change, so replacing a table (every
 * ALTER does) costs the same however many tables m holds.
 */
static void
remove_at(DdlModel *m, int i)
{
	int last = m->n - 1;

	unlink_pos(m, i);
	if (i != last) {
		unsigned b;
		unlink_pos(m, last);
		m->tables[i] = m->tables[last];
		b = bucket_of(m, m->tables[i]);
		m->next[i] = m->heads[b];
		m->heads[b] = i;
	}
	m->n--;
}

/*
 * The lookups unpack the table they return: m is the caller's (never a
 * constant object), only its list of open tables changes.
 */
const DdlModelTable *
ddl_model_find(const DdlModel *m, const char *schema, const char *name)
{
	int i = m && name ? table_pos(m, schema, name) : -1;

	if (i < 0)
		return NULL;
	open_table((DdlModel *)m, m->tables[i]);
	return m->tables[i];
}

DdlModelTable *
ddl_model_table_copy(const DdlModel *m, const char *schema, const char *name)
{
	int i = m && name ? table_pos(m, schema, name) : -1;

	return i < 0 ? NULL : ddl_model_table_clone(m->tables[i]);
}

void
ddl_model_offer(DdlModel *m, const DdlStmt *s, DdlModelTable *t)
{
	ddl_model_table_free(m->offer);
	m->offer = t;
	m->offer_stmt = s;
}

/*
 * The table statement s left, when the emitter offered it: taken from the
 * offer (the caller owns it), else NULL.  An offer for another statement is
 * dropped.
 */
static DdlModelTable *
take_offer(DdlModel *m, const DdlStmt *s)
{
	DdlModelTable *t = m->offer;

	m->offer = NULL;
	if (t != NULL && m->offer_stmt != s) {
		ddl_model_table_free(t);
		t = NULL;
	}
	m->offer_stmt = NULL;
	return t;
}

/* The table at i takes the columns, indexes and foreign keys of t, which is freed. */
static void
adopt(DdlModel *m, int i, DdlModelTable *t)
{
	DdlModelTable *d = m->tables[i];

	free(d->packed); /* d's old state: nothing to unpack */
	d->packed = NULL;
	d->packed_len = 0;
	list_open(m, d); /* packed at the end of the update */
	for (int k = 0; k < d->ncolumns; k++)
		column_clear(&d->columns[k]);
	free(d->columns);
	for (int k = 0; k < d->nindexes; k++)
		index_clear(&d->indexes[k]);
	free(d->indexes);
	for (int k = 0; k < d->nfks; k++)
		fk_clear(&d->fks[k]);
	free(d->fks);
	d->columns = t->columns;
	d->ncolumns = t->ncolumns;
	d->indexes = t->indexes;
	d->nindexes = t->nindexes;
	d->fks = t->fks;
	d->nfks = t->nfks;
	t->columns = NULL;
	t->indexes = NULL;
	t->fks = NULL;
	t->ncolumns = t->nindexes = t->nfks = 0;
	ddl_model_table_free(t);
}

int
ddl_model_count(const DdlModel *m)
{
	return m ? m->n : 0;
}

const DdlModelTable *
ddl_model_table_at(const DdlModel *m, int i)
{
	if (i < 0 || i >= m->n)
		return NULL;
	open_table((DdlModel *)m, m->tables[i]);
	return m->tables[i];
}

static void
forget(DdlModel *m, const char *schema, const char *name)
{
	int i = table_pos(m, schema, name);
	DdlModelTable *t;

	if (i < 0)
		return;
	t = m->tables[i];
	remove_at(m, i);
	unlist(m, t);
	ddl_model_table_free(t);
}

/* Puts t in m (taking ownership), replacing a table of the same name. */
static void
put(DdlModel *m, DdlModelTable *t)
{
	forget(m, t->schema, t->name);
	t->owner = m;
	if (t->packed == NULL)
		list_open(m, t); /* packed at the end of the update */
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->tables = chm_realloc(m->tables, sizeof(DdlModelTable *) * (size_t)m->cap);
		m->tables[m->n++] = t;
		rehash(m);
	} else {
		unsigned b = bucket_of(m, t);
		m->tables[m->n] = t;
		m->next[m->n] = m->heads[b];
		m->heads[b] = m->n++;
	}
}

/* ---------------------------------------------------------------- indexes */

const char *
ddl_model_index_name(const DdlModelTable *t, const DdlIndex *ix, char *buf, size_t bufsize)
{
	const char *base;

	if (ix->name != NULL) {
		snprintf(buf, bufsize, "%s", ix->name);
		return buf;
	}
	if (ix->kind == DDL_IDX_PRIMARY) {
		snprintf(buf, bufsize, "PRIMARY");
		return buf;
	}
	base = ix->nparts > 0 && ix->parts[0].column ? ix->parts[0].column : "functional_index";
	snprintf(buf, bufsize, "%s", base);
	for (int n = 2; t != NULL && index_pos(t, buf) >= 0; n++)
		snprintf(buf, bufsize, "%s_%d", base, n);
	return buf;
}

const char *
ddl_model_index_pg_name(const DdlModelTable *t, const DdlModelIndex *ix, char *buf, size_t bufsize)
{
	if (ix->pg_name != NULL)
		snprintf(buf, bufsize, "%s", ix->pg_name);
	else
		ddl_index_pg_name(t->name, ix->name, buf, bufsize);
	return buf;
}

const char *
ddl_model_new_index_pg_name(const DdlModel *m, const char *schema, const char *table,
                            const char *index, const char *avoid, char *buf, size_t bufsize)
{
	char suffixed[300];

	ddl_index_pg_name(table, index, buf, bufsize);
	for (int n = 2; (m != NULL && table_pos(m, schema, buf) >= 0) ||
	                (avoid != NULL && strcmp(avoid, buf) == 0);
	     n++) {
		snprintf(suffixed, sizeof(suffixed), "%s_%d", index, n);
		ddl_index_pg_name(table, suffixed, buf, bufsize);
	}
	return buf;
}

/* The index of t whose PostgreSQL name is name, or NULL. */
static const DdlModelIndex *
index_with_pg_name(const DdlModelTable *t, const char *name)
{
	char buf[128];

	for (int j = 0; j < t->nindexes; j++)
		if (t->indexes[j].kind != DDL_IDX_PRIMARY &&
		    strcmp(ddl_model_index_pg_name(t, &t->indexes[j], buf, sizeof(buf)), name) == 0)
			return &t->indexes[j];
	return NULL;
}

const DdlModelIndex *
ddl_model_index_named_pg(const DdlModel *m, const char *schema, const char *name,
                         const DdlModelTable **table)
{
	const DdlModelIndex *ix;
	size_t nl = strlen(name);

	if (m == NULL)
		return NULL;
	if (nl < 63) {
		/* not cut: "<table>_...", the table's name ending at one of its underscores */
		for (const char *u = strchr(name, '_'); u != NULL; u = strchr(u + 1, '_')) {
			int k = table_pos_n(m, schema, name, (size_t)(u - name));
			if (k >= 0)
				open_table((DdlModel *)m, m->tables[k]);
			if (k >= 0 && (ix = index_with_pg_name(m->tables[k], name)) != NULL) {
				*table = m->tables[k];
				return ix;
			}
		}
		return NULL;
	}
	/* cut to 63 bytes with a hash: it starts with a cut of its table's name */
	for (int i = 0; i < m->n; i++) {
		DdlModelTable *t = m->tables[i];
		size_t tl = strlen(t->name);
		if (!same_schema(t->schema, schema) || strncmp(t->name, name, tl < nl ? tl : nl) != 0)
			continue;
		open_table((DdlModel *)m, t);
		if ((ix = index_with_pg_name(t, name)) != NULL) {
			*table = t;
			return ix;
		}
	}
	return NULL;
}

/* Sets ix's pg_name when a table of t's model has taken <table>_<index>. */
static void
choose_pg_name(const DdlModelTable *t, DdlModelIndex *ix)
{
	char rule[128], buf[128];

	free(ix->pg_name);
	ix->pg_name = NULL;
	if (ix->kind == DDL_IDX_PRIMARY)
		return;
	ddl_index_pg_name(t->name, ix->name, rule, sizeof(rule));
	ddl_model_new_index_pg_name(t->owner, t->schema, t->name, ix->name, NULL, buf, sizeof(buf));
	if (strcmp(rule, buf) != 0)
		ix->pg_name = chm_strdup(buf);
}

static void
add_index_named(DdlModelTable *t, const DdlIndex *ix, const char *name)
{
	DdlModelIndex *mi;

	if (ix->kind == DDL_IDX_FOREIGN)
		return;
	if (index_pos(t, name) >= 0)
		return; /* ADD INDEX IF NOT EXISTS of an existing one */
	t->indexes = chm_realloc(t->indexes, sizeof(DdlModelIndex) * (size_t)(t->nindexes + 1));
	mi = &t->indexes[t->nindexes++];
	memset(mi, 0, sizeof(*mi));
	mi->name = chm_strdup(name);
	mi->kind = ix->kind;
	mi->ncolumns = ix->nparts;
	mi->columns = ix->nparts ? chm_calloc((size_t)ix->nparts, sizeof(char *)) : NULL;
	for (int i = 0; i < ix->nparts; i++) {
		/* the column as the table spells it, so that renames find it */
		const DdlColumn *c = ddl_model_column(t, ix->parts[i].column);
		mi->columns[i] = ix->parts[i].column ? chm_strdup(c ? c->name : ix->parts[i].column) : NULL;
	}
	choose_pg_name(t, mi);
}

static void
add_index(DdlModelTable *t, const DdlIndex *ix)
{
	char buf[300];

	add_index_named(t, ix, ddl_model_index_name(t, ix, buf, sizeof(buf)));
}

static void
drop_index_at(DdlModelTable *t, int i)
{
	index_clear(&t->indexes[i]);
	memmove(&t->indexes[i], &t->indexes[i + 1],
	        sizeof(DdlModelIndex) * (size_t)(t->nindexes - i - 1));
	t->nindexes--;
}

static void
drop_index(DdlModelTable *t, const char *name)
{
	int i = index_pos(t, name);

	if (i >= 0)
		drop_index_at(t, i);
}

bool
ddl_model_fk_needs_index(const DdlModelTable *t, const DdlIndex *fk)
{
	for (int i = 0; i < t->nindexes; i++) {
		const DdlModelIndex *ix = &t->indexes[i];
		bool covers = ix->ncolumns >= fk->nparts && ix->kind != DDL_IDX_FULLTEXT &&
		              ix->kind != DDL_IDX_SPATIAL;
		for (int j = 0; covers && j < fk->nparts; j++)
			covers = ix->columns[j] && fk->parts[j].column &&
			         strcasecmp(ix->columns[j], fk->parts[j].column) == 0;
		if (covers)
			return false;
	}
	return true;
}

static void
add_fk(DdlModelTable *t, const DdlIndex *ix)
{
	DdlModelFk *f;

	if (ddl_model_fk_needs_index(t, ix)) {
		DdlIndex plain = *ix;
		plain.kind = DDL_IDX_PLAIN;
		add_index(t, &plain);
	}
	t->fks = chm_realloc(t->fks, sizeof(DdlModelFk) * (size_t)(t->nfks + 1));
	f = &t->fks[t->nfks++];
	memset(f, 0, sizeof(*f));
	f->name = dup_or_null(ix->name);
	f->ncolumns = ix->nparts;
	f->columns = ix->nparts ? chm_calloc((size_t)ix->nparts, sizeof(char *)) : NULL;
	for (int i = 0; i < ix->nparts; i++)
		f->columns[i] = dup_or_null(ix->parts[i].column);
	f->ref_schema = dup_or_null(ix->ref_table.schema);
	f->ref_table = chm_strdup(ix->ref_table.name ? ix->ref_table.name : "");
	f->ref_columns = strings_copy(ix->ref_columns, ix->nref_columns);
	f->nref_columns = ix->nref_columns;
	f->on_delete = ix->on_delete;
	f->on_update = ix->on_update;
}

static void
drop_fk(DdlModelTable *t, const char *name)
{
	for (int i = 0; i < t->nfks; i++)
		if (t->fks[i].name && strcasecmp(t->fks[i].name, name) == 0) {
			fk_clear(&t->fks[i]);
			memmove(&t->fks[i], &t->fks[i + 1], sizeof(DdlModelFk) * (size_t)(t->nfks - i - 1));
			t->nfks--;
			return;
		}
}

/* A column dropped: MySQL removes it from its indexes and drops the indexes left empty. */
static void
forget_column_in_indexes(DdlModelTable *t, const char *name)
{
	for (int i = 0; i < t->nindexes; i++) {
		DdlModelIndex *ix = &t->indexes[i];
		for (int j = 0; j < ix->ncolumns; j++)
			if (ix->columns[j] && strcasecmp(ix->columns[j], name) == 0) {
				free(ix->columns[j]);
				memmove(&ix->columns[j], &ix->columns[j + 1],
				        sizeof(char *) * (size_t)(ix->ncolumns - j - 1));
				ix->ncolumns--;
				j--;
			}
		if (ix->ncolumns == 0) {
			drop_index_at(t, i);
			i--;
		}
	}
}

static void
rename_column_in_keys(DdlModelTable *t, const char *from, const char *to)
{
	for (int i = 0; i < t->nindexes; i++)
		for (int j = 0; j < t->indexes[i].ncolumns; j++)
			if (t->indexes[i].columns[j] && strcasecmp(t->indexes[i].columns[j], from) == 0) {
				free(t->indexes[i].columns[j]);
				t->indexes[i].columns[j] = chm_strdup(to);
			}
	for (int i = 0; i < t->nfks; i++)
		for (int j = 0; j < t->fks[i].ncolumns; j++)
			if (t->fks[i].columns[j] && strcasecmp(t->fks[i].columns[j], from) == 0) {
				free(t->fks[i].columns[j]);
				t->fks[i].columns[j] = chm_strdup(to);
			}
}

/* The key written on a column (PRIMARY KEY, UNIQUE) as an index of t. */
static void
column_key(DdlModelTable *t, const DdlColumn *c)
{
	DdlIndex ix;
	DdlKeyPart kp;

	if (c->key != DDL_IDX_PRIMARY && c->key != DDL_IDX_UNIQUE)
		return;
	memset(&ix, 0, sizeof(ix));
	memset(&kp, 0, sizeof(kp));
	kp.column = c->name;
	ix.kind = c->key;
	ix.parts = &kp;
	ix.nparts = 1;
	add_index(t, &ix);
}

/* ---------------------------------------------------------------- columns */

/* Inserts a copy of c at position pos (FIRST: 0, AFTER x: after x, else at the end). */
static void
add_column(DdlModelTable *t, const DdlColumn *c, int pos)
{
	t->columns = chm_realloc(t->columns, sizeof(DdlColumn) * (size_t)(t->ncolumns + 1));
	if (pos < 0 || pos > t->ncolumns)
		pos = t->ncolumns;
	memmove(&t->columns[pos + 1], &t->columns[pos],
	        sizeof(DdlColumn) * (size_t)(t->ncolumns - pos));
	column_copy(&t->columns[pos], c);
	t->ncolumns++;
}

static int
placement(const DdlModelTable *t, const DdlColumn *c)
{
	int i;

	if (!c->placed)
		return -1;
	if (c->after == NULL)
		return 0;
	i = column_pos(t, c->after);
	return i < 0 ? -1 : i + 1;
}

static void
drop_column_at(DdlModelTable *t, int i)
{
	column_clear(&t->columns[i]);
	memmove(&t->columns[i], &t->columns[i + 1], sizeof(DdlColumn) * (size_t)(t->ncolumns - i - 1));
	t->ncolumns--;
}

/* CHANGE old c / MODIFY c: the column redefined, renamed, maybe moved. */
static void
redefine(DdlModelTable *t, const char *old, const DdlColumn *c)
{
	int i = column_pos(t, old), pos;
	char *was;

	if (i < 0)
		return;
	was = chm_strdup(t->columns[i].name);
	drop_column_at(t, i);
	pos = placement(t, c);
	add_column(t, c, pos < 0 ? i : pos);
	if (strcmp(was, c->name) != 0)
		rename_column_in_keys(t, was, c->name);
	free(was);
	column_key(t, c);
	/* MySQL keeps a primary key column NOT NULL whatever MODIFY says */
	i = index_pos(t, "PRIMARY");
	for (int j = 0; i >= 0 && j < t->indexes[i].ncolumns; j++)
		if (t->indexes[i].columns[j] && strcasecmp(t->indexes[i].columns[j], c->name) == 0)
			t->columns[column_pos(t, c->name)].not_null = true;
}

void
ddl_model_apply_spec(DdlModelTable *t, const DdlAlterSpec *sp)
{
	int i;

	switch (sp->kind) {
	case DDL_AT_ADD_COLUMN:
		if (column_pos(t, sp->column->name) >= 0)
			break; /* IF NOT EXISTS of an existing column */
		add_column(t, sp->column, placement(t, sp->column));
		column_key(t, sp->column);
		break;
	case DDL_AT_DROP_COLUMN:
		i = column_pos(t, sp->name);
		if (i < 0)
			break;
		forget_column_in_indexes(t, t->columns[i].name);
		drop_column_at(t, i);
		break;
	case DDL_AT_CHANGE_COLUMN:
		redefine(t, sp->name, sp->column);
		break;
	case DDL_AT_MODIFY_COLUMN:
		redefine(t, sp->column->name, sp->column);
		break;
	case DDL_AT_SET_DEFAULT:
	case DDL_AT_DROP_DEFAULT:
		i = column_pos(t, sp->name);
		if (i < 0)
			break;
		free(t->columns[i].def.text);
		memset(&t->columns[i].def, 0, sizeof(t->columns[i].def));
		if (sp->kind == DDL_AT_SET_DEFAULT && sp->column != NULL) {
			t->columns[i].def = sp->column->def;
			t->columns[i].def.text = NULL;
			if (sp->column->def.text)
				t->columns[i].def.text = chm_strndup(
				    sp->column->def.text,
				    sp->column->def.len ? sp->column->def.len : strlen(sp->column->def.text));
		}
		break;
	case DDL_AT_ADD_INDEX:
		if (sp->index->kind == DDL_IDX_FOREIGN)
			add_fk(t, sp->index);
		else
			add_index(t, sp->index);
		if (sp->index->kind == DDL_IDX_PRIMARY)
			for (int j = 0; j < sp->index->nparts; j++) {
				int c = column_pos(t, sp->index->parts[j].column ? sp->index->parts[j].column : "");
				if (c >= 0)
					t->columns[c].not_null = true;
			}
		break;
	case DDL_AT_DROP_PRIMARY:
		drop_index(t, "PRIMARY");
		break;
	case DDL_AT_DROP_INDEX:
		drop_index(t, sp->name);
		break;
	case DDL_AT_DROP_FOREIGN:
		drop_fk(t, sp->name);
		break;
	case DDL_AT_DROP_CONSTRAINT:
		drop_fk(t, sp->name);
		drop_index(t, sp->name);
		break;
	case DDL_AT_RENAME_COLUMN:
		i = column_pos(t, sp->name);
		if (i < 0)
			break;
		rename_column_in_keys(t, t->columns[i].name, sp->new_name);
		free(t->columns[i].name);
		t->columns[i].name = chm_strdup(sp->new_name);
		break;
	case DDL_AT_RENAME_INDEX:
		i = index_pos(t, sp->name);
		if (i >= 0) {
			free(t->indexes[i].name);
			t->indexes[i].name = chm_strdup(sp->new_name);
			choose_pg_name(t, &t->indexes[i]);
		}
		break;
	default:
		break; /* checks, comments, partitions, RENAME TO (by the caller) */
	}
}

/* ---------------------------------------------------------------- statements */

DdlModelTable *
ddl_model_table_from_create(const DdlModel *m, const char *schema, const DdlStmt *s, bool with_fks)
{
	DdlModelTable *t = chm_calloc(1, sizeof(DdlModelTable));

	t->schema = dup_or_null(schema);
	t->name = chm_strdup(s->table.name);
	t->owner = m;
	for (int i = 0; i < s->ncolumns; i++)
		add_column(t, s->columns[i], -1);
	/* the order emit.c names them in: the primary key and named indexes, then column UNIQUEs,
	 * then unnamed keys after their first column */
	for (int i = 0; i < s->ncolumns; i++)
		if (s->columns[i]->key == DDL_IDX_PRIMARY)
			column_key(t, s->columns[i]);
	for (int i = 0; i < s->nindexes; i++)
		if (s->indexes[i]->kind != DDL_IDX_FOREIGN &&
		    (s->indexes[i]->name != NULL || s->indexes[i]->kind == DDL_IDX_PRIMARY))
			add_index(t, s->indexes[i]);
	for (int i = 0; i < s->ncolumns; i++)
		if (s->columns[i]->key == DDL_IDX_UNIQUE)
			column_key(t, s->columns[i]);
	for (int i = 0; i < s->nindexes; i++)
		if (s->indexes[i]->kind != DDL_IDX_FOREIGN && s->indexes[i]->name == NULL &&
		    s->indexes[i]->kind != DDL_IDX_PRIMARY)
			add_index(t, s->indexes[i]);
	for (int i = 0; i < t->nindexes; i++)
		if (t->indexes[i].kind == DDL_IDX_PRIMARY)
			for (int j = 0; j < t->indexes[i].ncolumns; j++) {
				int c = t->indexes[i].columns[j] ? column_pos(t, t->indexes[i].columns[j]) : -1;
				if (c >= 0)
					t->columns[c].not_null = true;
			}
	if (with_fks)
		for (int i = 0; i < s->nindexes; i++)
			if (s->indexes[i]->kind == DDL_IDX_FOREIGN)
				add_fk(t, s->indexes[i]);
	return t;
}

/* The schema of a name: its own, or the default. */
static const char *
schema_of(const DdlName *n, const char *default_schema)
{
	return n->schema ? n->schema : default_schema;
}

static void
set_key(DdlModelTable *t, const char *schema, const char *name)
{
	free(t->schema);
	free(t->name);
	t->schema = dup_or_null(schema);
	t->name = chm_strdup(name);
}

/*
 * A table named name comes into schema: an index whose PostgreSQL name it
 * is gets another (emit.c renames it the same way before the table).
 */
static void
move_index_away(DdlModel *m, const char *schema, const char *name)
{
	const DdlModelTable *ct;
	const DdlModelIndex *cix = ddl_model_index_named_pg(m, schema, name, &ct);
	char buf[128];

	if (cix == NULL)
		return;
	ddl_model_new_index_pg_name(m, schema, ct->name, cix->name, name, buf, sizeof(buf));
	free(((DdlModelIndex *)cix)->pg_name);
	((DdlModelIndex *)cix)->pg_name = chm_strdup(buf);
}

/* RENAME TABLE from TO to, and ALTER TABLE ... RENAME TO. */
static void
rename_table(DdlModel *m, const char *fs, const char *from, const char *ts, const char *to)
{
	int i = table_pos(m, fs, from);
	DdlModelTable *t;

	if (i < 0) {
		forget(m, ts, to); /* whatever it was, the model no longer knows it */
		return;
	}
	move_index_away(m, ts, to); /* before t leaves m: emit.c sees t too */
	t = m->tables[i];
	open_table(m, t);
	remove_at(m, i);
	/* emit.c renames the indexes named <from>_x to <to>_x when that fits in 63 bytes */
	for (int k = 0; k < t->nindexes; k++) {
		char *p = t->indexes[k].pg_name;
		size_t fl = strlen(from);
		if (p != NULL && strncmp(p, from, fl) == 0 && p[fl] == '_' &&
		    strlen(to) + strlen(p + fl) <= 63) {
			StrBuf nb = STRBUF_INIT;
			strbuf_printf(&nb, "%s%s", to, p + fl);
			free(t->indexes[k].pg_name);
			t->indexes[k].pg_name = chm_strdup(nb.data);
			strbuf_free(&nb);
		}
	}
	set_key(t, ts, to);
	put(m, t);
}

void
ddl_model_apply(DdlModel *m, const char *default_schema, const DdlStmt *s)
{
	const char *schema = schema_of(&s->table, default_schema);
	DdlModelTable *offered;
	int i;

	if (m == NULL)
		return;
	offered = take_offer(m, s);
	if (s->temporary) {
		ddl_model_table_free(offered);
		return;
	}
	switch (s->kind) {
	case DDL_CREATE_TABLE:
		if (s->if_not_exists && table_pos(m, schema, s->table.name) >= 0)
			break;
		if (s->as_select) {
			forget(m, schema, s->table.name);
			break;
		}
		{
			DdlModelTable *t;
			move_index_away(m, schema, s->table.name);
			if (offered != NULL && same_schema(offered->schema, schema) &&
			    strcmp(offered->name, s->table.name) == 0) {
				t = offered; /* the emitter's: its foreign keys added */
				offered = NULL;
			} else {
				t = ddl_model_table_from_create(m, schema, s, true);
			}
			put(m, t);
		}
		break;
	case DDL_CREATE_TABLE_LIKE: {
		const DdlModelTable *src =
		    ddl_model_find(m, schema_of(&s->like, default_schema), s->like.name);
		DdlModelTable *t;
		if (s->if_not_exists && table_pos(m, schema, s->table.name) >= 0)
			break;
		if (src == NULL) {
			forget(m, schema, s->table.name);
			break;
		}
		move_index_away(m, schema, s->table.name);
		t = ddl_model_table_clone(src);
		/* LIKE copies columns and indexes, not foreign keys */
		for (int k = 0; k < t->nfks; k++)
			fk_clear(&t->fks[k]);
		t->nfks = 0;
		/* emit.c names the copies <new>_x for <like>_x, else <name>_<new>; other names follow
		 * the rule */
		for (int k = 0; k < t->nindexes; k++) {
			char *p = t->indexes[k].pg_name;
			size_t fl = strlen(src->name);
			StrBuf nb = STRBUF_INIT;
			if (p == NULL)
				continue;
			if (strncmp(p, src->name, fl) == 0 && p[fl] == '_')
				strbuf_printf(&nb, "%s%s", s->table.name, p + fl);
			else
				strbuf_printf(&nb, "%s_%s", p, s->table.name);
			free(t->indexes[k].pg_name);
			t->indexes[k].pg_name = chm_strdup(nb.data);
			strbuf_free(&nb);
		}
		set_key(t, schema, s->table.name);
		put(m, t);
		break;
	}
	case DDL_ALTER_TABLE:
		i = table_pos(m, schema, s->table.name);
		if (i >= 0 && offered != NULL && same_schema(offered->schema, m->tables[i]->schema) &&
		    strcmp(offered->name, m->tables[i]->name) == 0) {
			adopt(m, i, offered); /* the specs applied by the emitter */
			offered = NULL;
		} else if (i >= 0) {
			open_table(m, m->tables[i]);
			for (int k = 0; k < s->nspecs; k++)
				ddl_model_apply_spec(m->tables[i], s->specs[k]);
		}
		for (int k = 0; k < s->nspecs; k++)
			if (s->specs[k]->kind == DDL_AT_RENAME_TABLE) {
				const DdlName *to = &s->specs[k]->table;
				rename_table(m, schema, s->table.name, schema_of(to, default_schema), to->name);
			}
		break;
	case DDL_DROP_TABLE:
		for (int k = 0; k < s->nnames; k++)
			forget(m, schema_of(&s->names[k], default_schema), s->names[k].name);
		break;
	case DDL_RENAME_TABLE:
		for (int k = 0; k + 1 < s->nnames; k += 2)
			rename_table(m, schema_of(&s->names[k], default_schema), s->names[k].name,
			             schema_of(&s->names[k + 1], default_schema), s->names[k + 1].name);
		break;
	case DDL_CREATE_INDEX:
		i = table_pos(m, schema, s->table.name);
		if (i >= 0)
			open_table(m, m->tables[i]);
		if (i >= 0 && s->nindexes == 1) {
			if (s->or_replace && s->indexes[0]->name)
				drop_index(m->tables[i], s->indexes[0]->name);
			add_index(m->tables[i], s->indexes[0]);
		}
		break;
	case DDL_DROP_INDEX:
		i = table_pos(m, schema, s->table.name);
		if (i >= 0)
			open_table(m, m->tables[i]);
		if (i >= 0)
			drop_index(m->tables[i], s->index_name);
		break;
	case DDL_TRUNCATE:
		break;
	}
	ddl_model_table_free(offered);
	pack_open(m);
}

/* ---------------------------------------------------------------- JSON */

static json_object *
jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *
jstrings(char *const *v, int n)
{
	json_object *a = json_object_new_array();

	for (int i = 0; i < n; i++)
		json_object_array_add(a, jstr(v[i]));
	return a;
}

static json_object *
column_json(const DdlColumn *c)
{
	json_object *o = json_object_new_object();
	json_object *args = json_object_new_array();

	json_object_object_add(o, "name", jstr(c->name));
	json_object_object_add(o, "type", jstr(c->type.name));
	for (int i = 0; i < c->type.nargs; i++)
		json_object_array_add(args, json_object_new_int64(c->type.args[i]));
	json_object_object_add(o, "args", args);
	if (c->type.nlabels > 0) {
		json_object *l = json_object_new_array();
		for (int i = 0; i < c->type.nlabels; i++)
			json_object_array_add(
			    l, json_object_new_string_len(c->type.labels[i], (int)c->type.label_lens[i]));
		json_object_object_add(o, "labels", l);
	}
	json_object_object_add(o, "unsigned", json_object_new_boolean(c->type.is_unsigned));
	json_object_object_add(o, "zerofill", json_object_new_boolean(c->type.zerofill));
	json_object_object_add(o, "binary", json_object_new_boolean(c->type.binary));
	if (c->type.charset)
		json_object_object_add(o, "charset", jstr(c->type.charset));
	if (c->type.collate)
		json_object_object_add(o, "collate", jstr(c->type.collate));
	json_object_object_add(o, "not_null", json_object_new_boolean(c->not_null));
	json_object_object_add(o, "null_given", json_object_new_boolean(c->null_given));
	json_object_object_add(o, "auto_increment", json_object_new_boolean(c->auto_increment));
	json_object_object_add(o, "on_update_now", json_object_new_boolean(c->on_update_now));
	if (c->def.kind != DDL_DEF_NONE) {
		json_object *d = json_object_new_object();
		json_object_object_add(d, "kind", json_object_new_int(c->def.kind));
		if (c->def.text)
			json_object_object_add(
			    d, "text",
			    json_object_new_string_len(c->def.text,
			                               (int)(c->def.len ? c->def.len : strlen(c->def.text))));
		json_object_object_add(d, "len", json_object_new_int64((int64_t)c->def.len));
		json_object_object_add(d, "number", json_object_new_int(c->def.number));
		json_object_object_add(d, "precision", json_object_new_int(c->def.precision));
		json_object_object_add(o, "default", d);
	}
	return o;
}

void
ddl_model_table_json(const DdlModelTable *t, StrBuf *out)
{
	json_object *o = json_object_new_object();
	json_object *cols = json_object_new_array(), *idx = json_object_new_array(),
	            *fks = json_object_new_array();
	DdlModelTable *tmp = NULL;

	if (t->packed != NULL)
		t = tmp = ddl_model_table_clone(t);
	json_object_object_add(o, "version", json_object_new_int(1));
	json_object_object_add(o, "schema", jstr(t->schema));
	json_object_object_add(o, "name", jstr(t->name));
	for (int i = 0; i < t->ncolumns; i++)
		json_object_array_add(cols, column_json(&t->columns[i]));
	json_object_object_add(o, "columns", cols);
	for (int i = 0; i < t->nindexes; i++) {
		json_object *x = json_object_new_object();
		json_object_object_add(x, "name", jstr(t->indexes[i].name));
		if (t->indexes[i].pg_name)
			json_object_object_add(x, "pg_name", jstr(t->indexes[i].pg_name));
		json_object_object_add(x, "kind", json_object_new_int(t->indexes[i].kind));
		json_object_object_add(x, "columns",
		                       jstrings(t->indexes[i].columns, t->indexes[i].ncolumns));
		json_object_array_add(idx, x);
	}
	json_object_object_add(o, "indexes", idx);
	for (int i = 0; i < t->nfks; i++) {
		const DdlModelFk *f = &t->fks[i];
		json_object *x = json_object_new_object();
		json_object_object_add(x, "name", jstr(f->name));
		json_object_object_add(x, "columns", jstrings(f->columns, f->ncolumns));
		json_object_object_add(x, "ref_schema", jstr(f->ref_schema));
		json_object_object_add(x, "ref_table", jstr(f->ref_table));
		json_object_object_add(x, "ref_columns", jstrings(f->ref_columns, f->nref_columns));
		json_object_object_add(x, "on_delete", json_object_new_int(f->on_delete));
		json_object_object_add(x, "on_update", json_object_new_int(f->on_update));
		json_object_array_add(fks, x);
	}
	json_object_object_add(o, "foreign_keys", fks);
	strbuf_puts(out, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	ddl_model_table_free(tmp);
}

/* ---- reading: every accessor checks the type, so that a damaged text is an error, not a crash */

static json_object *
member(json_object *o, const char *key, json_type type, bool required, const char **why)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v) || v == NULL ||
	    json_object_get_type(v) == json_type_null) {
		if (required && *why == NULL)
			*why = "a required member is missing";
		return NULL;
	}
	if (json_object_get_type(v) != type) {
		if (*why == NULL)
			*why = "a member has the wrong JSON type";
		return NULL;
	}
	return v;
}

static char *
get_str(json_object *o, const char *key, bool required, const char **why)
{
	json_object *v = member(o, key, json_type_string, required, why);

	return v ? chm_strndup(json_object_get_string(v), (size_t)json_object_get_string_len(v)) : NULL;
}

static bool
get_bool(json_object *o, const char *key, const char **why)
{
	json_object *v = member(o, key, json_type_boolean, false, why);

	return v ? json_object_get_boolean(v) : false;
}

static int64_t
get_int(json_object *o, const char *key, int64_t dflt, const char **why)
{
	json_object *v = member(o, key, json_type_int, false, why);

	return v ? json_object_get_int64(v) : dflt;
}

/* An array of strings (null elements allowed: expression key parts). */
static char **
get_strings(json_object *o, const char *key, int *n, const char **why)
{
	json_object *a = member(o, key, json_type_array, false, why);
	char **r;

	*n = 0;
	if (a == NULL)
		return NULL;
	*n = (int)json_object_array_length(a);
	r = *n ? chm_calloc((size_t)*n, sizeof(char *)) : NULL;
	for (int i = 0; i < *n; i++) {
		json_object *e = json_object_array_get_idx(a, (size_t)i);
		if (e == NULL || json_object_get_type(e) == json_type_null)
			continue;
		if (json_object_get_type(e) != json_type_string) {
			if (*why == NULL)
				*why = "a list holds something other than names";
			continue;
		}
		r[i] = chm_strndup(json_object_get_string(e), (size_t)json_object_get_string_len(e));
	}
	return r;
}

static void
column_from_json(DdlColumn *c, json_object *o, const char **why)
{
	json_object *args = member(o, "args", json_type_array, false, why);
	json_object *labels = member(o, "labels", json_type_array, false, why);
	json_object *d = member(o, "default", json_type_object, false, why);

	memset(c, 0, sizeof(*c));
	c->name = get_str(o, "name", true, why);
	c->type.name = get_str(o, "type", true, why);
	if (args != NULL) {
		int n = (int)json_object_array_length(args);
		for (int i = 0; i < n && i < 2; i++)
			c->type.args[i] =
			    (long)json_object_get_int64(json_object_array_get_idx(args, (size_t)i));
		c->type.nargs = n < 2 ? n : 2;
	}
	if (labels != NULL) {
		int n = (int)json_object_array_length(labels);
		c->type.labels = chm_calloc((size_t)n + 1, sizeof(char *));
		c->type.label_lens = chm_calloc((size_t)n + 1, sizeof(size_t));
		for (int i = 0; i < n; i++) {
			json_object *e = json_object_array_get_idx(labels, (size_t)i);
			if (e == NULL || json_object_get_type(e) != json_type_string) {
				if (*why == NULL)
					*why = "an enum label is not a string";
				c->type.labels[i] = chm_strdup("");
			} else {
				c->type.label_lens[i] = (size_t)json_object_get_string_len(e);
				c->type.labels[i] = chm_strndup(json_object_get_string(e), c->type.label_lens[i]);
			}
		}
		c->type.nlabels = n;
	}
	c->type.is_unsigned = get_bool(o, "unsigned", why);
	c->type.zerofill = get_bool(o, "zerofill", why);
	c->type.binary = get_bool(o, "binary", why);
	c->type.charset = get_str(o, "charset", false, why);
	c->type.collate = get_str(o, "collate", false, why);
	c->not_null = get_bool(o, "not_null", why);
	c->null_given = get_bool(o, "null_given", why);
	c->auto_increment = get_bool(o, "auto_increment", why);
	c->on_update_now = get_bool(o, "on_update_now", why);
	if (d != NULL) {
		int64_t kind = get_int(d, "kind", 0, why);
		if (kind < DDL_DEF_NONE || kind > DDL_DEF_EXPR) {
			if (*why == NULL)
				*why = "unknown default kind";
			kind = DDL_DEF_NONE;
		}
		c->def.kind = (DdlDefaultKind)kind;
		c->def.text = get_str(d, "text", false, why);
		c->def.len = (size_t)get_int(d, "len", 0, why);
		{
			json_object *tx = member(d, "text", json_type_string, false, why);
			size_t have = tx ? (size_t)json_object_get_string_len(tx) : 0;
			if (c->def.len > have)
				c->def.len = have; /* never read past the text */
		}
		c->def.number = (int)get_int(d, "number", 0, why);
		c->def.precision = (int)get_int(d, "precision", -1, why);
	}
}

int
ddl_model_load_json(DdlModel *m, const char *json, size_t len, const char **why)
{
	json_tokener *tok = json_tokener_new();
	json_object *o, *a;
	DdlModelTable *t = NULL;
	const char *err = NULL;
	int rc = 0;

	o = json_tokener_parse_ex(tok, json, (int)len);
	if (o == NULL || json_tokener_get_error(tok) != json_tokener_success ||
	    json_object_get_type(o) != json_type_object) {
		err = "not a JSON object";
		goto done;
	}
	if (get_int(o, "version", 0, &err) != 1) {
		err = err ? err : "unknown table model version";
		goto done;
	}
	t = chm_calloc(1, sizeof(DdlModelTable));
	t->schema = get_str(o, "schema", false, &err);
	t->name = get_str(o, "name", true, &err);
	if ((a = member(o, "columns", json_type_array, true, &err)) != NULL) {
		t->ncolumns = (int)json_object_array_length(a);
		t->columns = chm_calloc((size_t)t->ncolumns + 1, sizeof(DdlColumn));
		for (int i = 0; i < t->ncolumns; i++) {
			json_object *e = json_object_array_get_idx(a, (size_t)i);
			if (e == NULL || json_object_get_type(e) != json_type_object) {
				err = err ? err : "a column is not an object";
				continue;
			}
			column_from_json(&t->columns[i], e, &err);
		}
	}
	if ((a = member(o, "indexes", json_type_array, false, &err)) != NULL) {
		t->nindexes = (int)json_object_array_length(a);
		t->indexes = chm_calloc((size_t)t->nindexes + 1, sizeof(DdlModelIndex));
		for (int i = 0; i < t->nindexes; i++) {
			json_object *e = json_object_array_get_idx(a, (size_t)i);
			int64_t kind;
			if (e == NULL || json_object_get_type(e) != json_type_object) {
				err = err ? err : "an index is not an object";
				continue;
			}
			t->indexes[i].name = get_str(e, "name", true, &err);
			t->indexes[i].pg_name = get_str(e, "pg_name", false, &err);
			kind = get_int(e, "kind", 0, &err);
			if (kind < DDL_IDX_PLAIN || kind > DDL_IDX_SPATIAL)
				err = err ? err : "unknown index kind";
			t->indexes[i].kind = (DdlIndexKind)kind;
			t->indexes[i].columns = get_strings(e, "columns", &t->indexes[i].ncolumns, &err);
		}
	}
	if ((a = member(o, "foreign_keys", json_type_array, false, &err)) != NULL) {
		t->nfks = (int)json_object_array_length(a);
		t->fks = chm_calloc((size_t)t->nfks + 1, sizeof(DdlModelFk));
		for (int i = 0; i < t->nfks; i++) {
			json_object *e = json_object_array_get_idx(a, (size_t)i);
			DdlModelFk *f = &t->fks[i];
			if (e == NULL || json_object_get_type(e) != json_type_object) {
				err = err ? err : "a foreign key is not an object";
				continue;
			}
			f->name = get_str(e, "name", false, &err);
			f->columns = get_strings(e, "columns", &f->ncolumns, &err);
			f->ref_schema = get_str(e, "ref_schema", false, &err);
			f->ref_table = get_str(e, "ref_table", true, &err);
			f->ref_columns = get_strings(e, "ref_columns", &f->nref_columns, &err);
			f->on_delete = (DdlFkAction)get_int(e, "on_delete", 0, &err);
			f->on_update = (DdlFkAction)get_int(e, "on_update", 0, &err);
			if (f->on_delete < DDL_FK_UNSET || f->on_delete > DDL_FK_NO_ACTION ||
			    f->on_update < DDL_FK_UNSET || f->on_update > DDL_FK_NO_ACTION)
				err = err ? err : "unknown foreign key action";
		}
	}
	/* every pointer the emitter follows must be there */
	for (int i = 0; err == NULL && i < t->ncolumns; i++)
		if (t->columns[i].name == NULL || t->columns[i].type.name == NULL)
			err = "a column has no name or type";
	for (int i = 0; err == NULL && i < t->nindexes; i++)
		if (t->indexes[i].name == NULL)
			err = "an index has no name";
	for (int i = 0; err == NULL && i < t->nfks; i++)
		if (t->fks[i].ref_table == NULL)
			err = "a foreign key has no referenced table";
done:
	if (o != NULL)
		json_object_put(o);
	json_tokener_free(tok);
	if (err != NULL) {
		ddl_model_table_free(t);
		*why = err;
		rc = CHM_ECORRUPT;
	} else {
		put(m, t);
		pack_open(m);
	}
	return rc;
}
