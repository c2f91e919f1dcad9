/*
 * model_pack.c — the packed form of a model's table (see DdlModelTable.packed).
 *
 * A table at rest in a model keeps its columns, indexes and foreign keys as
 * one byte string: a dump of thousands of tables would otherwise hold
 * hundreds of bytes and several mallocs per column.  This file only writes
 * and reads that string; when a table is packed or unpacked, and the
 * bookkeeping of the open tables, is model.c's.  The packed form never
 * leaves the process (the catalog keeps the JSON form, model_json.c), so it
 * may change freely.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "ddl/model.h"
#include "ddl/model_int.h"

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

void
ddl_model_unpack_parts(DdlModelTable *t, const unsigned char *p, size_t len)
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
		ix->for_fk = get_uint(&u) != 0;
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

void
ddl_model_pack_parts(const DdlModelTable *t, StrBuf *b)
{
	put_uint(b, (size_t)t->ncolumns);
	for (int i = 0; i < t->ncolumns; i++)
		pack_column(b, &t->columns[i]);
	put_uint(b, (uint64_t)t->nindexes);
	for (int i = 0; i < t->nindexes; i++) {
		const DdlModelIndex *ix = &t->indexes[i];
		put_str(b, ix->name);
		put_str(b, ix->pg_name);
		put_uint(b, (uint64_t)ix->kind);
		put_uint(b, ix->for_fk);
		put_strings(b, ix->columns, ix->ncolumns);
	}
	put_uint(b, (uint64_t)t->nfks);
	for (int i = 0; i < t->nfks; i++) {
		const DdlModelFk *f = &t->fks[i];
		put_str(b, f->name);
		put_strings(b, f->columns, f->ncolumns);
		put_str(b, f->ref_schema);
		put_str(b, f->ref_table);
		put_strings(b, f->ref_columns, f->nref_columns);
		put_uint(b, (uint64_t)f->on_delete);
		put_uint(b, (uint64_t)f->on_update);
	}
}
