/*
 * model.c — the tables the translator has seen (see model.h).
 *
 * Applies translated statements to a set of table descriptions the way
 * MySQL changes its own catalog: CREATE TABLE defines, ALTER TABLE changes
 * spec by spec, RENAME moves, DROP forgets.  It never decides what to emit;
 * emit.c asks it.  Everything is malloc'ed and owned by the model, since
 * the statement arenas it copies from are reset after every statement.
 * The byte form a table takes at rest is model_pack.c's, the JSON form the
 * catalog keeps is model_json.c's; this file decides when either is used.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "ddl/ddl.h"
#include "ddl/model.h"
#include "ddl/model_int.h"

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

/* Frees t's columns, indexes and foreign keys, leaving it with none. */
static void
clear_parts(DdlModelTable *t)
{
	for (int i = 0; i < t->ncolumns; i++)
		column_clear(&t->columns[i]);
	free(t->columns);
	for (int i = 0; i < t->nindexes; i++)
		index_clear(&t->indexes[i]);
	free(t->indexes);
	for (int i = 0; i < t->nfks; i++)
		fk_clear(&t->fks[i]);
	free(t->fks);
	t->columns = NULL;
	t->indexes = NULL;
	t->fks = NULL;
	t->ncolumns = t->nindexes = t->nfks = 0;
}

void
ddl_model_table_free(DdlModelTable *t)
{
	if (t == NULL)
		return;
	free(t->schema);
	free(t->name);
	clear_parts(t);
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

/* Packs t's columns, indexes and foreign keys (model_pack.c): the unpacked ones are freed. */
static void
pack(DdlModel *m, DdlModelTable *t)
{
	if (t->packed != NULL)
		return;
	m->scratch.len = 0; /* the buffer is kept from one packing to the next */
	ddl_model_pack_parts(t, &m->scratch);
	clear_parts(t);
	t->packed_len = m->scratch.len;
	t->packed = chm_malloc(m->scratch.len);
	memcpy(t->packed, m->scratch.data, m->scratch.len);
}

static void list_open(DdlModel *m, DdlModelTable *t);

/* Unpacks t, a table of m, until the next update (ddl_model_apply packs it again). */
static void
open_table(DdlModel *m, DdlModelTable *t)
{
	if (t->packed == NULL)
		return;
	ddl_model_unpack_parts(t, t->packed, t->packed_len);
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
		ddl_model_unpack_parts(r, t->packed, t->packed_len);
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
		r->indexes[i].for_fk = t->indexes[i].for_fk;
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

/* The table at i takes the columns, indexes and foreign keys of t, which is freed. */
static void
adopt(DdlModel *m, int i, DdlModelTable *t)
{
	DdlModelTable *d = m->tables[i];

	free(d->packed); /* d's old state: nothing to unpack */
	d->packed = NULL;
	d->packed_len = 0;
	list_open(m, d); /* packed at the end of the update */
	clear_parts(d);
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

/* Whether the first n columns of mx and of ix are the same. */
static bool
same_leading(const DdlModelIndex *mx, const DdlIndex *ix, int n)
{
	if (mx->ncolumns < n || ix->nparts < n)
		return false;
	for (int j = 0; j < n; j++)
		if (!mx->columns[j] || !ix->parts[j].column ||
		    strcasecmp(mx->columns[j], ix->parts[j].column) != 0)
			return false;
	return true;
}

bool
ddl_model_fk_needs_index(const DdlModelTable *t, const DdlIndex *fk)
{
	for (int i = 0; i < t->nindexes; i++) {
		const DdlModelIndex *ix = &t->indexes[i];
		if (ix->kind != DDL_IDX_FULLTEXT && ix->kind != DDL_IDX_SPATIAL &&
		    same_leading(ix, fk, fk->nparts))
			return false;
	}
	return true;
}

const DdlModelIndex *
ddl_model_fk_index_replaced(const DdlModelTable *t, const DdlIndex *ix)
{
	if (ix->kind == DDL_IDX_FOREIGN || ix->kind == DDL_IDX_FULLTEXT || ix->kind == DDL_IDX_SPATIAL)
		return NULL;
	for (int i = 0; i < t->nindexes; i++)
		if (t->indexes[i].for_fk && same_leading(&t->indexes[i], ix, t->indexes[i].ncolumns))
			return &t->indexes[i];
	return NULL;
}

static void
add_fk(DdlModelTable *t, const DdlIndex *ix)
{
	DdlModelFk *f;
	int k;

	if (ddl_model_fk_needs_index(t, ix)) {
		DdlIndex plain = *ix;
		char buf[300];
		plain.kind = DDL_IDX_PLAIN;
		ddl_model_index_name(t, &plain, buf, sizeof(buf));
		add_index_named(t, &plain, buf);
		k = index_pos(t, buf);
		if (k >= 0)
			t->indexes[k].for_fk = true;
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

const DdlModelFk *
ddl_model_fk(const DdlModelTable *t, const char *name)
{
	for (int i = 0; i < t->nfks; i++)
		if (t->fks[i].name && strcasecmp(t->fks[i].name, name) == 0)
			return &t->fks[i];
	return NULL;
}

/* Drops foreign key name; returns whether t had it. */
static bool
drop_fk(DdlModelTable *t, const char *name)
{
	const DdlModelFk *f = ddl_model_fk(t, name);
	int i = f ? (int)(f - t->fks) : -1;

	if (i < 0)
		return false;
	fk_clear(&t->fks[i]);
	memmove(&t->fks[i], &t->fks[i + 1], sizeof(DdlModelFk) * (size_t)(t->nfks - i - 1));
	t->nfks--;
	return true;
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

int
ddl_alter_spec_phase(const DdlAlterSpec *sp)
{
	switch (sp->kind) {
	case DDL_AT_DROP_COLUMN:
	case DDL_AT_DROP_PRIMARY:
	case DDL_AT_DROP_INDEX:
	case DDL_AT_DROP_FOREIGN:
	case DDL_AT_DROP_CHECK:
	case DDL_AT_DROP_CONSTRAINT:
		return 0;
	case DDL_AT_ADD_COLUMN:
		return 2;
	case DDL_AT_ADD_INDEX:
	case DDL_AT_ADD_CHECK:
		return 3;
	default:
		return 1;
	}
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
	case DDL_AT_ADD_INDEX: {
		const DdlModelIndex *gone = ddl_model_fk_index_replaced(t, sp->index);
		if (gone != NULL)
			drop_index_at(t, (int)(gone - t->indexes));
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
	}
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
		/* a foreign key keeps its index, as DROP FOREIGN KEY does */
		if (!drop_fk(t, sp->name))
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
ddl_model_apply(DdlModel *m, const char *default_schema, const DdlStmt *s, DdlModelTable *emitted)
{
	const char *schema = schema_of(&s->table, default_schema);
	int i;

	if (m == NULL || s->temporary) {
		ddl_model_table_free(emitted);
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
			if (emitted != NULL && same_schema(emitted->schema, schema) &&
			    strcmp(emitted->name, s->table.name) == 0) {
				t = emitted; /* the emitter's: its foreign keys added */
				emitted = NULL;
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
		if (i >= 0 && emitted != NULL && same_schema(emitted->schema, m->tables[i]->schema) &&
		    strcmp(emitted->name, m->tables[i]->name) == 0) {
			adopt(m, i, emitted); /* the specs applied by the emitter */
			emitted = NULL;
		} else if (i >= 0) {
			open_table(m, m->tables[i]);
			for (int ph = 0; ph < DDL_ALTER_PHASES; ph++)
				for (int k = 0; k < s->nspecs; k++)
					if (ddl_alter_spec_phase(s->specs[k]) == ph)
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
	ddl_model_table_free(emitted);
	pack_open(m);
}

/*
 * Puts t in m (taking ownership), replacing the table of the same name, and
 * packs it: how a table read from JSON enters the model.
 */
void
ddl_model_put_table(DdlModel *m, DdlModelTable *t)
{
	put(m, t);
	pack_open(m);
}
