/*
 * typemap.c — MySQL column types to PostgreSQL types (architecture §7).
 *
 * Lossless by default: every value MySQL can store in the column fits the
 * PostgreSQL type (unsigned integers widen, TIME becomes interval).  A
 * type_override of the configuration wins when its "from" matches the type
 * as written ("tinyint(1)") and its tables list names the table or "*".
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ddl/ddl.h"

/*
 * strcmp(a, b) == 0, the first bytes compared inline: the type map tries a
 * few dozen names per column and almost all differ in their first byte.
 */
#define SAME(a, b) ((a)[0] == (b)[0] && strcmp((a), (b)) == 0)

/* snprintf(buf, n, "%s", s) without the cost of a format: this runs per column. */
static void
put_text(char *buf, size_t n, const char *s)
{
	size_t len = strlen(s);

	if (n == 0)
		return;
	if (len >= n)
		len = n - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
}

/* snprintf(buf, n, "%s(%ld)" or "%s(%ld,%ld)", name, a, b), likewise (nargs 1 or 2). */
static void
put_type_args(char *buf, size_t n, const char *name, int nargs, long a, long b)
{
	char tmp[128], *q = tmp, *end = tmp + sizeof(tmp) - 48; /* room for two numbers */
	long v[2] = {a, b};

	for (const char *c = name; *c && q < end; c++)
		*q++ = *c;
	*q++ = '(';
	for (int i = 0; i < nargs; i++) {
		char num[24], *d = num + sizeof(num);
		unsigned long u = v[i] < 0 ? 0ul - (unsigned long)v[i] : (unsigned long)v[i];

		if (i)
			*q++ = ',';
		do
			*--d = (char)('0' + u % 10);
		while ((u /= 10) != 0);
		if (v[i] < 0)
			*--d = '-';
		memcpy(q, d, (size_t)(num + sizeof(num) - d));
		q += num + sizeof(num) - d;
	}
	*q++ = ')';
	*q = '\0';
	put_text(buf, n, tmp);
}

/* "tinyint(1)", "decimal(10,2)", "int" — the type as MySQL would print it, lower case. */
static void
written_type(const DdlType *t, char *buf, size_t n)
{
	const char *name = t->name;

	if (strcmp(name, "bool") == 0 || strcmp(name, "boolean") == 0) {
		put_text(buf, n, "tinyint(1)");
		return;
	}
	if (t->nargs == 2)
		snprintf(buf, n, "%s(%ld,%ld)", name, t->args[0], t->args[1]);
	else if (t->nargs == 1)
		snprintf(buf, n, "%s(%ld)", name, t->args[0]);
	else
		snprintf(buf, n, "%s", name);
}

/* Lower case, spaces removed: "TinyInt (1) Unsigned" -> "tinyint(1)unsigned". */
static void
squeeze(const char *s, char *buf, size_t n)
{
	size_t j = 0;

	for (; *s && j + 1 < n; s++)
		if (!isspace((unsigned char)*s))
			buf[j++] = (char)tolower((unsigned char)*s);
	buf[j] = '\0';
}

static bool
table_listed(const TypeOverride *o, const char *schema, const char *table)
{
	char full[512];

	snprintf(full, sizeof(full), "%s.%s", schema ? schema : "", table ? table : "");
	for (int i = 0; i < o->tables.n; i++) {
		const char *t = o->tables.items[i];
		if (strcmp(t, "*") == 0 || strcasecmp(t, full) == 0 ||
		    (schema == NULL && table && strcasecmp(t, table) == 0))
			return true;
	}
	return o->tables.n == 0;
}

static const char *
find_override(const DdlContext *ctx, const char *schema, const char *table, const DdlType *t)
{
	char written[128], with_sign[160], from[160];

	if (ctx == NULL || ctx->n_overrides == 0)
		return NULL;
	written_type(t, written, sizeof(written));
	snprintf(with_sign, sizeof(with_sign), "%s%s", written, t->is_unsigned ? "unsigned" : "");
	for (int i = 0; i < ctx->n_overrides; i++) {
		const TypeOverride *o = &ctx->overrides[i];
		if (o->from == NULL || o->to == NULL)
			continue;
		squeeze(o->from, from, sizeof(from));
		if ((strcmp(from, with_sign) == 0 ||
		     (!strstr(from, "unsigned") && strcmp(from, written) == 0) ||
		     (!strchr(from, '(') && strcmp(from, t->name) == 0)) &&
		    table_listed(o, schema, table))
			return o->to;
	}
	return NULL;
}

static bool
is(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (SAME(name, *list))
			return true;
	return false;
}

const char *
ddl_map_type(const DdlContext *ctx, const char *schema, const char *table, const DdlColumn *col,
             char *buf, size_t n)
{
	static const char *const texts[] = {"text", "tinytext",     "mediumtext",        "longtext",
	                                    "long", "long varchar", "long char varying", "json_text",
	                                    NULL};
	static const char *const blobs[] = {"blob",           "tinyblob",  "mediumblob", "longblob",
	                                    "long varbinary", "long byte", NULL};
	static const char *const chars[] = {"char",          "character",          "nchar",
	                                    "national char", "national character", NULL};
	static const char *const varchars[] = {"varchar",
	                                       "character varying",
	                                       "char varying",
	                                       "nvarchar",
	                                       "national varchar",
	                                       "national char varying",
	                                       "nchar varchar",
	                                       "nchar varying",
	                                       "varchar2",
	                                       "national character varying",
	                                       NULL};
	static const char *const geometry[] = {"geometry",
	                                       "point",
	                                       "linestring",
	                                       "polygon",
	                                       "multipoint",
	                                       "multilinestring",
	                                       "multipolygon",
	                                       "geometrycollection",
	                                       "geomcollection",
	                                       "vector",
	                                       NULL};
	const DdlType *t = &col->type;
	const char *name = t->name;
	const char *o;
	bool u = t->is_unsigned;

	if (name == NULL)
		return NULL;
	o = find_override(ctx, schema, table, t);
	if (o != NULL) {
		put_text(buf, n, o);
		return buf;
	}
	if (SAME(name, "tinyint") || SAME(name, "int1") || SAME(name, "bool") || SAME(name, "boolean"))
		return put_text(buf, n, "smallint"), buf;
	if (SAME(name, "smallint") || SAME(name, "int2"))
		return put_text(buf, n, u ? "integer" : "smallint"), buf;
	if (SAME(name, "mediumint") || SAME(name, "int3") || SAME(name, "middleint"))
		return put_text(buf, n, "integer"), buf;
	if (SAME(name, "int") || SAME(name, "integer") || SAME(name, "int4"))
		return put_text(buf, n, u ? "bigint" : "integer"), buf;
	if (SAME(name, "bigint") || SAME(name, "int8"))
		return put_text(buf, n, u && !col->auto_increment ? "numeric(20)" : "bigint"), buf;
	if (SAME(name, "serial"))
		return put_text(buf, n, "bigint"), buf;
	if (is(name, (const char *const[]){"decimal", "dec", "numeric", "fixed", NULL})) {
		if (t->nargs == 2)
			put_type_args(buf, n, "numeric", 2, t->args[0], t->args[1]);
		else if (t->nargs == 1)
			put_type_args(buf, n, "numeric", 2, t->args[0], 0);
		else
			put_text(buf, n, "numeric(10,0)");
		return buf;
	}
	if (SAME(name, "float") || SAME(name, "float4"))
		return put_text(buf, n, t->nargs == 1 && t->args[0] > 24 ? "double precision" : "real"),
		       buf;
	if (is(name, (const char *const[]){"double", "double precision", "real", "float8", NULL}))
		return put_text(buf, n, "double precision"), buf;
	if (SAME(name, "bit"))
		return put_type_args(buf, n, "bit", 1, t->nargs ? (t->args[0] > 0 ? t->args[0] : 1) : 1, 0),
		       buf;
	if (SAME(name, "year"))
		return put_text(buf, n, "smallint"), buf;
	if (SAME(name, "date"))
		return put_text(buf, n, "date"), buf;
	if (SAME(name, "datetime")) {
		if (t->nargs)
			put_type_args(buf, n, "timestamp", 1, t->args[0], 0);
		else
			put_text(buf, n, "timestamp");
		return buf;
	}
	if (SAME(name, "timestamp")) {
		if (t->nargs)
			put_type_args(buf, n, "timestamptz", 1, t->args[0], 0);
		else
			put_text(buf, n, "timestamptz");
		return buf;
	}
	if (SAME(name, "time")) {
		if (t->nargs)
			put_type_args(buf, n, "interval", 1, t->args[0], 0);
		else
			put_text(buf, n, "interval");
		return buf;
	}
	if (is(name, chars) || is(name, varchars)) {
		bool var = is(name, varchars);
		long len = t->nargs ? t->args[0] : 1;
		if (t->binary)
			return put_text(buf, n, "bytea"), buf;
		if (len < 1)
			len = 1;
		put_type_args(buf, n, var ? "varchar" : "char", 1, len, 0);
		return buf;
	}
	if (is(name, texts))
		return put_text(buf, n, t->binary ? "bytea" : "text"), buf;
	if (is(name, blobs) || SAME(name, "binary") || SAME(name, "varbinary") ||
	    SAME(name, "char byte") || is(name, geometry))
		return put_text(buf, n, "bytea"), buf;
	if (SAME(name, "json"))
		return put_text(buf, n, "jsonb"), buf;
	if (SAME(name, "enum") || SAME(name, "set"))
		return put_text(buf, n, "text"), buf;
	if (SAME(name, "inet6") || SAME(name, "inet4"))
		return put_text(buf, n, "inet"), buf;
	if (SAME(name, "uuid"))
		return put_text(buf, n, "uuid"), buf;
	return NULL;
}
