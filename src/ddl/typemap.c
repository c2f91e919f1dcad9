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

/*
 * Every MySQL/MariaDB type name the translator knows, written once: its
 * family (what the type map makes of it), how many numbers may follow it
 * (MariaDB refuses more), and whether it needs a length.  Synonyms are
 * rows of the same family.
 */
typedef enum TypeFamily {
	TF_TINYINT = 1, /* and BOOL */
	TF_SMALLINT,
	TF_MEDIUMINT,
	TF_INT,
	TF_BIGINT,
	TF_SERIAL,
	TF_DECIMAL,
	TF_FLOAT,
	TF_DOUBLE,
	TF_BIT,
	TF_YEAR,
	TF_DATE,
	TF_DATETIME,
	TF_TIMESTAMP,
	TF_TIME,
	TF_CHAR,
	TF_VARCHAR,
	TF_TEXT,
	TF_BYTES, /* blobs, binary strings, geometry */
	TF_JSON,
	TF_LABELS, /* enum, set */
	TF_INET,
	TF_UUID,
	TF_VECTOR,
} TypeFamily;

static const struct {
	const char *name;
	TypeFamily family;
	signed char max_args;
	bool needs_length;
} mysql_types[] = {
    {"tinyint", TF_TINYINT, 1, false},
    {"int1", TF_TINYINT, 1, false},
    {"bool", TF_TINYINT, 0, false},
    {"boolean", TF_TINYINT, 0, false},
    {"smallint", TF_SMALLINT, 1, false},
    {"int2", TF_SMALLINT, 1, false},
    {"mediumint", TF_MEDIUMINT, 1, false},
    {"int3", TF_MEDIUMINT, 1, false},
    {"middleint", TF_MEDIUMINT, 1, false},
    {"int", TF_INT, 1, false},
    {"integer", TF_INT, 1, false},
    {"int4", TF_INT, 1, false},
    {"bigint", TF_BIGINT, 1, false},
    {"int8", TF_BIGINT, 1, false},
    {"serial", TF_SERIAL, 0, false},
    {"decimal", TF_DECIMAL, 2, false},
    {"dec", TF_DECIMAL, 2, false},
    {"numeric", TF_DECIMAL, 2, false},
    {"fixed", TF_DECIMAL, 2, false},
    {"float", TF_FLOAT, 2, false},
    {"float4", TF_FLOAT, 2, false},
    {"double", TF_DOUBLE, 2, false},
    {"double precision", TF_DOUBLE, 2, false},
    {"real", TF_DOUBLE, 2, false},
    {"float8", TF_DOUBLE, 2, false},
    {"bit", TF_BIT, 1, false},
    {"year", TF_YEAR, 1, false},
    {"date", TF_DATE, 0, false},
    {"datetime", TF_DATETIME, 1, false},
    {"timestamp", TF_TIMESTAMP, 1, false},
    {"time", TF_TIME, 1, false},
    {"char", TF_CHAR, 1, false},
    {"character", TF_CHAR, 1, false},
    {"nchar", TF_CHAR, 1, false},
    {"national char", TF_CHAR, 1, false},
    {"national character", TF_CHAR, 1, false},
    {"varchar", TF_VARCHAR, 1, true},
    {"character varying", TF_VARCHAR, 1, true},
    {"char varying", TF_VARCHAR, 1, true},
    {"nvarchar", TF_VARCHAR, 1, true},
    {"national varchar", TF_VARCHAR, 1, true},
    {"national char varying", TF_VARCHAR, 1, true},
    {"nchar varchar", TF_VARCHAR, 1, true},
    {"nchar varying", TF_VARCHAR, 1, true},
    {"varchar2", TF_VARCHAR, 2, false},
    {"national character varying", TF_VARCHAR, 1, true},
    {"text", TF_TEXT, 1, false},
    {"tinytext", TF_TEXT, 0, false},
    {"mediumtext", TF_TEXT, 0, false},
    {"longtext", TF_TEXT, 0, false},
    {"long", TF_TEXT, 2, false},
    {"long varchar", TF_TEXT, 2, false},
    {"long char varying", TF_TEXT, 2, false},
    {"json_text", TF_TEXT, 2, false},
    {"blob", TF_BYTES, 1, false},
    {"tinyblob", TF_BYTES, 0, false},
    {"mediumblob", TF_BYTES, 0, false},
    {"longblob", TF_BYTES, 0, false},
    {"long varbinary", TF_BYTES, 2, false},
    {"long byte", TF_BYTES, 2, false},
    {"binary", TF_BYTES, 1, false},
    {"varbinary", TF_BYTES, 1, true},
    {"char byte", TF_BYTES, 1, false},
    {"geometry", TF_BYTES, 2, false},
    {"point", TF_BYTES, 2, false},
    {"linestring", TF_BYTES, 2, false},
    {"polygon", TF_BYTES, 2, false},
    {"multipoint", TF_BYTES, 2, false},
    {"multilinestring", TF_BYTES, 2, false},
    {"multipolygon", TF_BYTES, 2, false},
    {"geometrycollection", TF_BYTES, 2, false},
    {"geomcollection", TF_BYTES, 2, false},
    {"vector", TF_VECTOR, 1, false},
    {"json", TF_JSON, 2, false},
    {"enum", TF_LABELS, 2, false},
    {"set", TF_LABELS, 2, false},
    {"inet6", TF_INET, 2, false},
    {"inet4", TF_INET, 2, false},
    {"uuid", TF_UUID, 2, false},
};

static int
type_index(const char *name)
{
	for (size_t i = 0; name != NULL && i < sizeof(mysql_types) / sizeof(mysql_types[0]); i++)
		if (SAME(name, mysql_types[i].name))
			return (int)i;
	return -1;
}

int
ddl_type_max_args(const char *name)
{
	int i = type_index(name);
	return i < 0 ? 2 : mysql_types[i].max_args; /* unknown: the type map refuses it by name */
}

bool
ddl_type_needs_length(const char *name)
{
	int i = type_index(name);
	return i >= 0 && mysql_types[i].needs_length;
}

/* A type of one optional precision: name, or name(p). */
static const char *
put_precision(char *buf, size_t n, const char *pg, const DdlType *t)
{
	if (t->nargs)
		put_type_args(buf, n, pg, 1, t->args[0], 0);
	else
		put_text(buf, n, pg);
	return buf;
}

/*
 * The longest VARCHAR the source keeps as one: 65535 bytes of the column's
 * character set.  Outside strict mode a longer one becomes MEDIUMTEXT or
 * LONGTEXT.  When the column names no character set, the table's may be a
 * one-byte one: only a length beyond 65535 is surely a TEXT type.
 */
static long
varchar_max_chars(const DdlType *t)
{
	static const struct {
		const char *name;
		int maxlen;
	} mb[] = {{"latin1", 1}, {"ascii", 1},   {"binary", 1}, {"latin2", 1}, {"cp1251", 1},
	          {"cp1250", 1}, {"koi8r", 1},   {"greek", 1},  {"hebrew", 1}, {"swe7", 1},
	          {"ucs2", 2},   {"utf8mb3", 3}, {"utf8", 3},   {"utf16", 4},  {"utf32", 4}};
	int maxlen = t->charset != NULL ? 4 : 1;

	for (size_t i = 0; t->charset != NULL && i < sizeof(mb) / sizeof(mb[0]); i++)
		if (strcmp(t->charset, mb[i].name) == 0)
			maxlen = mb[i].maxlen;
	return 65535 / maxlen;
}

const char *
ddl_map_type(const DdlContext *ctx, const char *schema, const char *table, const DdlColumn *col,
             char *buf, size_t n)
{
	const DdlType *t = &col->type;
	const char *name = t->name;
	const char *o;
	bool u = t->is_unsigned;
	int i;

	if (name == NULL)
		return NULL;
	o = find_override(ctx, schema, table, t);
	if (o != NULL) {
		put_text(buf, n, o);
		return buf;
	}
	if ((i = type_index(name)) < 0)
		return NULL;
	switch (mysql_types[i].family) {
	case TF_TINYINT:
		return put_text(buf, n, "smallint"), buf;
	case TF_SMALLINT:
		return put_text(buf, n, u ? "integer" : "smallint"), buf;
	case TF_MEDIUMINT:
		return put_text(buf, n, "integer"), buf;
	case TF_INT:
		return put_text(buf, n, u ? "bigint" : "integer"), buf;
	case TF_BIGINT:
		return put_text(buf, n, u && !col->auto_increment ? "numeric(20)" : "bigint"), buf;
	case TF_SERIAL:
		return put_text(buf, n, "bigint"), buf;
	case TF_DECIMAL:
		/* a precision of 0 is MySQL's default, 10: DECIMAL(0,0) is stored as decimal(10,0) */
		put_type_args(buf, n, "numeric", 2, t->nargs >= 1 && t->args[0] > 0 ? t->args[0] : 10,
		              t->nargs == 2 ? t->args[1] : 0);
		return buf;
	case TF_FLOAT:
		return put_text(buf, n, t->nargs == 1 && t->args[0] > 24 ? "double precision" : "real"),
		       buf;
	case TF_DOUBLE:
		return put_text(buf, n, "double precision"), buf;
	case TF_BIT:
		return put_type_args(buf, n, "bit", 1, t->nargs ? (t->args[0] > 0 ? t->args[0] : 1) : 1, 0),
		       buf;
	case TF_YEAR:
		return put_text(buf, n, "smallint"), buf;
	case TF_DATE:
		return put_text(buf, n, "date"), buf;
	case TF_DATETIME:
		return put_precision(buf, n, "timestamp", t);
	case TF_TIMESTAMP:
		return put_precision(buf, n, "timestamptz", t);
	case TF_TIME:
		return put_precision(buf, n, "interval", t);
	case TF_CHAR:
	case TF_VARCHAR: {
		long len = t->nargs ? t->args[0] : 1;
		if (t->binary)
			return put_text(buf, n, "bytea"), buf;
		if (len < 1)
			len = 1;
		if (len > varchar_max_chars(t))
			return put_text(buf, n, "text"), buf; /* MySQL outside strict mode: a TEXT type */
		put_type_args(buf, n, mysql_types[i].family == TF_VARCHAR ? "varchar" : "char", 1, len, 0);
		return buf;
	}
	case TF_TEXT:
		return put_text(buf, n, t->binary ? "bytea" : "text"), buf;
	case TF_BYTES:
		return put_text(buf, n, "bytea"), buf;
	case TF_JSON:
		/* MariaDB's JSON is LONGTEXT checked by json_valid() only when the column has no
		 * CHECK of its own: with one, any text is a value, which jsonb would refuse */
		if ((ctx == NULL || !ctx->mysql) && col->nchecks > 0)
			return put_text(buf, n, "text"), buf;
		return put_text(buf, n, "jsonb"), buf;
	case TF_LABELS:
		return put_text(buf, n, "text"), buf;
	case TF_INET:
		return put_text(buf, n, "inet"), buf;
	case TF_UUID:
		return put_text(buf, n, "uuid"), buf;
	case TF_VECTOR:
		if (ctx->pg_vector_type == NULL)
			return put_text(buf, n, "real[]"), buf;
		return put_precision(buf, n, ctx->pg_vector_type, t);
	}
	return NULL;
}
