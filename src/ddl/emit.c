/*
 * emit.c — PostgreSQL DDL from the tree of one MySQL statement.
 *
 * The semantics choices are documented in ddl.h; this file applies them.
 * Output goes into a StrBuf: PostgreSQL statements each ending ";\n", and
 * notice lines starting "-- ".  Notices are collected apart and written
 * after the statements, so that a statement's SQL is never interleaved with
 * them.  Nothing here allocates outside the given arena and buffers.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "common/pgname.h"
#include "ddl/ddl.h"

typedef enum TypeCat {
	CAT_OTHER = 0,
	CAT_INT,
	CAT_NUMERIC,
	CAT_FLOAT,
	CAT_BIT,
	CAT_BOOL,
	CAT_DATE,
	CAT_TIMESTAMP,
	CAT_INTERVAL,
	CAT_STRING,
	CAT_BYTEA,
	CAT_JSON,
} TypeCat;

typedef struct Emit {
	const DdlContext *ctx;
	Arena *arena;
	const DdlStmt *s;
	StrBuf *out;
	StrBuf notes;
	int error;
	const char *message;
	bool temp;   /* temporary table: names are not schema-qualified */
	int nchecks; /* unnamed CHECKs numbered as MySQL does: <table>_chk_<n> */
	/*
	 * The statement's table as it is before the spec being emitted (a copy
	 * of the model's, changed spec by spec; CREATE TABLE: the table being
	 * created), or NULL when unknown.  Owned.
	 */
	DdlModelTable *tm;
} Emit;

static void like_indexes(Emit *e, const DdlName *table, const DdlName *like);

static void fail(Emit *e, int code, const char *fmt, ...) CHM_PRINTF(3, 4);

static void
fail(Emit *e, int code, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	if (e->error)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	e->error = code;
	e->message = arena_strdup(e->arena, buf);
}

static void note(Emit *e, const char *fmt, ...) CHM_PRINTF(2, 3);

static void
note(Emit *e, const char *fmt, ...)
{
	va_list ap;
	size_t start;

	strbuf_puts(&e->notes, "-- ");
	start = e->notes.len;
	va_start(ap, fmt);
	strbuf_vprintf(&e->notes, fmt, ap);
	va_end(ap);
	/* a notice is one line, whatever the names or expressions it quotes */
	for (size_t i = start; i < e->notes.len; i++)
		if (e->notes.data[i] == '\n' || e->notes.data[i] == '\r')
			e->notes.data[i] = ' ';
	strbuf_putc(&e->notes, '\n');
}

/* A name of the replica: PostgreSQL's name for a longer one (common/pgname.h). */
static void
ident(StrBuf *sb, const char *s)
{
	chm_quote_pg_name(sb, s);
}

/*
 * Appends "DO <body>;" and empties body.  The body quotes names, so its
 * dollar-quote tag is one that the body does not contain.
 */
static void
do_block(StrBuf *out, StrBuf *body)
{
	strbuf_puts(out, "DO ");
	strbuf_dollar_quote(out, body->data, body->len);
	strbuf_puts(out, ";\n");
	strbuf_reset(body);
}

/* The target schema of a source schema: mapped, or the same name. */
static const char *
target_schema(const Emit *e, const char *schema)
{
	const StrMap *m = e->ctx->schema_map;

	if (schema == NULL)
		schema = e->ctx->default_schema;
	if (schema == NULL)
		return NULL;
	if (m != NULL)
		for (int i = 0; i < m->n; i++)
			if (strcmp(m->keys[i], schema) == 0)
				return m->values[i];
	return schema;
}

static void
table_name(Emit *e, StrBuf *sb, const DdlName *n)
{
	const char *schema = target_schema(e, n->schema);

	if (schema != NULL && !e->temp) {
		ident(sb, schema);
		strbuf_putc(sb, '.');
	}
	ident(sb, n->name);
}

/* A quoted name in a notice: schema.table as the target sees it. */
static const char *
table_text(Emit *e, const DdlName *n)
{
	StrBuf sb = STRBUF_INIT;
	char *r;

	table_name(e, &sb, n);
	r = arena_strdup(e->arena, sb.data);
	strbuf_free(&sb);
	return r;
}

static void
index_name(StrBuf *sb, const char *table, const char *index)
{
	char buf[128];

	ddl_index_pg_name(table, index, buf, sizeof(buf));
	ident(sb, buf);
}

/* The source schema of a table name: its own or the default. */
static const char *
source_schema(const Emit *e, const DdlName *table)
{
	return table->schema ? table->schema : e->ctx->default_schema;
}

/*
 * The PostgreSQL name of a new index of table: <table>_<index>, unless a
 * table the model knows has that name (they share PostgreSQL's namespace).
 */
static void
new_index_name(Emit *e, StrBuf *sb, const DdlName *table, const char *index)
{
	char buf[128];

	ddl_model_new_index_pg_name(e->temp ? NULL : e->ctx->model, source_schema(e, table),
	                            table->name, index, NULL, buf, sizeof(buf));
	ident(sb, buf);
}

/* A schema-qualified index name, for DROP INDEX and ALTER INDEX: the model's when it knows it. */
static void
index_qname(Emit *e, StrBuf *sb, const DdlName *table, const char *index)
{
	const char *schema = target_schema(e, table->schema);
	const DdlModelIndex *ix =
	    e->tm && strcmp(table->name, e->tm->name) == 0 ? ddl_model_index(e->tm, index) : NULL;

	if (schema != NULL && !e->temp) {
		ident(sb, schema);
		strbuf_putc(sb, '.');
	}
	if (ix != NULL) {
		char buf[128];
		ident(sb, ddl_model_index_pg_name(e->tm, ix, buf, sizeof(buf)));
	} else {
		index_name(sb, table->name, index);
	}
}

/*
 * Table name is about to exist in the schema of table: an index the model
 * knows under that PostgreSQL name must make room first (model.c gives it
 * the same new name).
 */
static void
move_index_away(Emit *e, const DdlName *table, const char *name)
{
	const DdlModelTable *owner;
	const DdlModelIndex *ix;
	const char *schema = target_schema(e, table->schema);
	char buf[128];

	if (e->ctx->model == NULL || e->temp)
		return;
	ix = ddl_model_index_named_pg(e->ctx->model, source_schema(e, table), name, &owner);
	if (ix == NULL)
		return;
	ddl_model_new_index_pg_name(e->ctx->model, source_schema(e, table), owner->name, ix->name, name,
	                            buf, sizeof(buf));
	strbuf_puts(e->out, "ALTER INDEX ");
	if (schema != NULL) {
		ident(e->out, schema);
		strbuf_putc(e->out, '.');
	}
	ident(e->out, name);
	strbuf_puts(e->out, " RENAME TO ");
	ident(e->out, buf);
	strbuf_puts(e->out, ";\n");
}

/* A column name as the table spells it (MySQL compares them case-insensitively), when known. */
static const char *
col_name(const Emit *e, const char *name)
{
	const DdlColumn *c = e->tm && name ? ddl_model_column(e->tm, name) : NULL;

	return c ? c->name : name;
}

static TypeCat
type_cat(const char *pg)
{
	if (!strncmp(pg, "smallint", 8) || !strncmp(pg, "integer", 7) || !strncmp(pg, "bigint", 6))
		return CAT_INT;
	if (!strncmp(pg, "numeric", 7) || !strncmp(pg, "decimal", 7))
		return CAT_NUMERIC;
	if (!strncmp(pg, "real", 4) || !strncmp(pg, "double", 6) || !strncmp(pg, "float", 5))
		return CAT_FLOAT;
	if (!strncmp(pg, "bit", 3))
		return CAT_BIT;
	if (!strncmp(pg, "bool", 4))
		return CAT_BOOL;
	if (!strcmp(pg, "date"))
		return CAT_DATE;
	if (!strncmp(pg, "timestamp", 9))
		return CAT_TIMESTAMP;
	if (!strncmp(pg, "interval", 8))
		return CAT_INTERVAL;
	if (!strncmp(pg, "bytea", 5))
		return CAT_BYTEA;
	if (!strncmp(pg, "json", 4))
		return CAT_JSON;
	if (!strncmp(pg, "text", 4) || !strncmp(pg, "varchar", 7) || !strncmp(pg, "char", 4) ||
	    !strncmp(pg, "character", 9))
		return CAT_STRING;
	return CAT_OTHER;
}

/* MariaDB's JSON is longtext + CHECK (json_valid(col)): is expr that check for col? */
static bool
is_json_valid_of(const char *expr, const char *col)
{
	char buf[300];
	size_t j = 0;

	for (const char *s = expr; *s && j + 1 < sizeof(buf); s++)
		if (!isspace((unsigned char)*s) && *s != '`' && *s != '"')
			buf[j++] = (char)tolower((unsigned char)*s);
	buf[j] = '\0';
	if (strncmp(buf, "json_valid(", 11) != 0 || j < 12 || buf[j - 1] != ')')
		return false;
	if (col == NULL)
		return true;
	return strlen(col) == j - 12 && strncasecmp(buf + 11, col, j - 12) == 0;
}

/* The PostgreSQL type of a column, or NULL (error set). */
static const char *
column_type(Emit *e, const DdlName *table, const DdlColumn *c)
{
	char buf[256];
	const char *t;

	if (c->type.name == NULL) {
		fail(e, CHM_ESYNTAX, "column \"%s\" has no type", c->name);
		return NULL;
	}
	t = ddl_map_type(e->ctx, table->schema ? table->schema : e->ctx->default_schema, table->name, c,
	                 buf, sizeof(buf));
	if (t == NULL) {
		fail(e, CHM_EUNSUPPORTED, "column \"%s\" of table %s: unknown MySQL type \"%s\"", c->name,
		     table_text(e, table), c->type.name);
		return NULL;
	}
	/* MariaDB JSON: text with a json_valid CHECK of itself */
	if (strcmp(t, "text") == 0 && strcmp(c->type.name, "enum") != 0 &&
	    strcmp(c->type.name, "set") != 0)
		for (int i = 0; i < c->nchecks; i++)
			if (is_json_valid_of(c->checks[i]->expr, c->name))
				return "jsonb";
	return arena_strdup(e->arena, t);
}

/*
 * The definition of column `name` of the statement's table, or NULL when
 * the statement does not define it (SET DEFAULT or an index added to a
 * table created earlier).  Only the statement is read: a table model, when
 * the translator has one, is the place to answer for the rest.
 */
static const DdlColumn *
known_column(Emit *e, const char *name)
{
	const DdlStmt *s = e->s;
	const DdlColumn *c = NULL;

	for (int i = 0; c == NULL && i < s->ncolumns; i++)
		if (strcasecmp(s->columns[i]->name, name) == 0)
			c = s->columns[i];
	for (int i = 0; i < s->nspecs; i++) /* ADD, CHANGE, MODIFY: the last one */
		if (s->specs[i]->column != NULL && s->specs[i]->column->type.name != NULL &&
		    (s->specs[i]->kind == DDL_AT_ADD_COLUMN || s->specs[i]->kind == DDL_AT_CHANGE_COLUMN ||
		     s->specs[i]->kind == DDL_AT_MODIFY_COLUMN) &&
		    strcasecmp(s->specs[i]->column->name, name) == 0)
			c = s->specs[i]->column;
	if (c == NULL && e->tm != NULL) /* a table of an earlier statement */
		c = ddl_model_column(e->tm, name);
	return c;
}

/* The category of column c's PostgreSQL type; CAT_OTHER when c or its type is unknown. */
static TypeCat
known_cat(Emit *e, const DdlColumn *c)
{
	const DdlName *t = &e->s->table;
	char buf[256];
	const char *pg;

	if (c == NULL || c->type.name == NULL)
		return CAT_OTHER;
	pg = ddl_map_type(e->ctx, t->schema ? t->schema : e->ctx->default_schema, t->name, c, buf,
	                  sizeof(buf));
	return pg ? type_cat(pg) : CAT_OTHER;
}

static bool
is_zero_date(const char *s)
{
	/* '0000-00-00', and dates with a zero month or day ('2020-00-00'), which
	 * MySQL stores without NO_ZERO_IN_DATE and PostgreSQL cannot */
	if (strncmp(s, "0000-00-00", 10) == 0)
		return true;
	return strlen(s) >= 10 && s[4] == '-' && s[7] == '-' &&
	       ((s[5] == '0' && s[6] == '0') || (s[8] == '0' && s[9] == '0'));
}

/* A number as a bit string of width bits ('0'/'1' digits); false if it does not fit. */
static bool
bits_of(unsigned long long v, long width, StrBuf *sb)
{
	if (width < 64 && (v >> width) != 0)
		return false;
	for (long i = width - 1; i >= 0; i--)
		strbuf_putc(sb, i < 64 && ((v >> i) & 1) ? '1' : '0');
	return true;
}

static void
cast_literal(StrBuf *sb, const char *text, size_t len, const char *type)
{
	strbuf_quote_literal(sb, text, len);
	if (type != NULL) {
		strbuf_puts(sb, "::");
		strbuf_puts(sb, type);
	}
}

/*
 * MySQL rounds a decimal default of an integer column (half away from zero);
 * PostgreSQL's integer input refuses it.  Appends the rounded value cast to
 * pg, or returns false with a notice.
 */
static bool
rounded_default(Emit *e, const DdlName *table, const DdlColumn *c, const char *text, const char *pg,
                StrBuf *sb)
{
	char num[32];
	double v = strtod(text, NULL);

	if (!(v < 9e18 && v > -9e18)) {
		note(e, "default %s of column \"%s\" of %s is out of range: not kept", text, c->name,
		     table_text(e, table));
		return false;
	}
	snprintf(num, sizeof(num), "%lld", (long long)(v < 0 ? v - 0.5 : v + 0.5));
	cast_literal(sb, num, strlen(num), pg);
	return true;
}

/* text[0..len) without the spaces around it, as a NUL-terminated copy in buf; false if too long. */
static bool
trimmed(const char *text, size_t len, char *buf, size_t n)
{
	while (len > 0 && isspace((unsigned char)*text))
		text++, len--;
	while (len > 0 && isspace((unsigned char)text[len - 1]))
		len--;
	if (len >= n)
		return false;
	memcpy(buf, text, len);
	buf[len] = '\0';
	return true;
}

/*
 * The defaults MySQL converts to the column type before storing them, where
 * PostgreSQL's input function would read the same text differently or not
 * at all:
 * - a string holding a decimal number for an integer column: rounded;
 * - a 1- or 2-digit YEAR: 70-99 are 1970-1999, 1-69 are 2001-2069, and 0 is
 *   the year 0 as a number but 2000 as a string;
 * - a number (or a string of digits) for a TIME column: [H]HHMMSS[.frac],
 *   so 1234 is 00:12:34, where PostgreSQL would read 1234 seconds.
 * Returns true when the default was one of these: *kept then says whether it
 * was appended to sb (false: a notice says why not).
 */
static bool
coerced_default(Emit *e, const DdlName *table, const DdlColumn *c, TypeCat cat, const char *text,
                size_t len, bool is_string, const char *pg, StrBuf *sb, bool *kept)
{
	char v[64];
	char *end;

	*kept = false;
	if (!trimmed(text, len, v, sizeof(v)) || v[0] == '\0')
		return false;
	if (cat == CAT_INT && is_string && strpbrk(v, ".eE") != NULL) {
		if (strspn(v, "0123456789+-.eE") != strlen(v)) /* strtod also reads 0x1E and inf */
			return false;
		(void)strtod(v, &end);
		if (*end != '\0')
			return false;
		if (c->type.name != NULL && strcmp(c->type.name, "year") == 0)
			return false;
		*kept = rounded_default(e, table, c, v, pg, sb);
		return true;
	}
	if ((cat == CAT_INT || cat == CAT_NUMERIC) && c->type.name != NULL &&
	    strcmp(c->type.name, "year") == 0) {
		long y;
		char num[24];
		if (strspn(v, "0123456789") != strlen(v) || strlen(v) > 2)
			return false;
		y = strtol(v, NULL, 10);
		if (y == 0 && !is_string)
			return false; /* the year 0000 */
		y += y < 70 ? 2000 : 1900;
		snprintf(num, sizeof(num), "%ld", y);
		cast_literal(sb, num, strlen(num), pg);
		*kept = true;
		return true;
	}
	if (cat == CAT_INTERVAL) {
		const char *digits = v, *frac;
		unsigned long long n;
		char out[64];
		bool negative = false;
		if (*digits == '-' || *digits == '+')
			negative = *digits++ == '-';
		frac = digits + strspn(digits, "0123456789");
		if (frac == digits || frac - digits > 9 ||
		    (*frac != '\0' && (*frac != '.' || strspn(frac + 1, "0123456789") != strlen(frac + 1))))
			return false;
		n = strtoull(digits, NULL, 10);
		if (n % 100 > 59 || n / 100 % 100 > 59) {
			note(e, "default %s of TIME column \"%s\" of %s is not a time: not kept", v, c->name,
			     table_text(e, table));
			return true;
		}
		snprintf(out, sizeof(out), "%s%02llu:%02llu:%02llu%s", negative ? "-" : "", n / 10000,
		         n / 100 % 100, n % 100, *frac == '.' && frac[1] ? frac : "");
		cast_literal(sb, out, strlen(out), pg);
		*kept = true;
		return true;
	}
	return false;
}

/*
 * Appends the PostgreSQL default of column c (type pg, NULL when unknown as
 * in ALTER COLUMN SET DEFAULT) and returns true, or returns false with a
 * notice when the default cannot be kept.
 */
static bool
default_sql(Emit *e, const DdlName *table, const DdlColumn *c, const char *pg, StrBuf *sb)
{
	const DdlDefault *d = &c->def;
	TypeCat cat = pg ? type_cat(pg) : CAT_OTHER;
	bool kept;

	switch (d->kind) {
	case DDL_DEF_NONE:
		return false;
	case DDL_DEF_NULL:
		strbuf_puts(sb, "NULL");
		return true;
	case DDL_DEF_NOW:
		if (cat == CAT_DATE)
			strbuf_puts(sb, "CURRENT_DATE");
		else if (d->precision >= 0)
			strbuf_printf(sb, "CURRENT_TIMESTAMP(%d)", d->precision);
		else
			strbuf_puts(sb, "CURRENT_TIMESTAMP");
		return true;
	case DDL_DEF_BOOL:
		if (cat == CAT_BOOL || pg == NULL)
			strbuf_puts(sb, d->number ? "true" : "false");
		else
			cast_literal(sb, d->number ? "1" : "0", 1, pg);
		return true;
	case DDL_DEF_NUMBER:
		if (cat == CAT_BIT) {
			char *end;
			unsigned long long v = strtoull(d->text, &end, 10);
			long width = c->type.nargs ? c->type.args[0] : 1;
			StrBuf bits = STRBUF_INIT;
			if (*end != '\0' || d->text[0] == '-' || !bits_of(v, width, &bits)) {
				strbuf_free(&bits);
				note(e, "default %s of column \"%s\" of %s does not fit bit(%ld): not kept",
				     d->text, c->name, table_text(e, table), width);
				return false;
			}
			strbuf_printf(sb, "B'%s'", bits.data);
			strbuf_free(&bits);
			return true;
		}
		if (pg == NULL) {
			strbuf_puts(sb, d->text);
			return true;
		}
		if ((cat == CAT_DATE || cat == CAT_TIMESTAMP) && strtod(d->text, NULL) == 0.0) {
			/* DEFAULT 0 of a date: the zero date */
			if (!(c->not_null || c->key == DDL_IDX_PRIMARY))
				strbuf_puts(sb, "NULL");
			else
				cast_literal(sb, "-infinity", 9, pg);
			return true;
		}
		if (cat == CAT_INT && strpbrk(d->text, ".eE") != NULL)
			return rounded_default(e, table, c, d->text, pg, sb);
		if (coerced_default(e, table, c, cat, d->text, strlen(d->text), false, pg, sb, &kept))
			return kept;
		cast_literal(sb, d->text, d->len, pg);
		return true;
	case DDL_DEF_STRING:
		if (pg != NULL && coerced_default(e, table, c, cat, d->text, d->len, true, pg, sb, &kept))
			return kept;
		if ((cat == CAT_DATE || cat == CAT_TIMESTAMP) && is_zero_date(d->text)) {
			bool not_null = c->not_null || c->key == DDL_IDX_PRIMARY;
			if (!not_null) {
				strbuf_puts(sb, "NULL");
				return true;
			}
			cast_literal(sb, "-infinity", 9, pg);
			return true;
		}
		if (cat == CAT_INTERVAL && d->len > 11 && d->text[4] == '-' && d->text[7] == '-' &&
		    d->text[10] == ' ') {
			/* a datetime literal for a TIME column: MySQL keeps its time part */
			cast_literal(sb, d->text + 11, d->len - 11, pg);
			return true;
		}
		if (cat == CAT_BYTEA || memchr(d->text, '\0', d->len) != NULL) {
			if (cat == CAT_BYTEA) { /* hex: the bytes exactly, whatever they are */
				strbuf_puts(sb, "'\\x");
				for (size_t i = 0; i < d->len; i++)
					strbuf_printf(sb, "%02x", (unsigned char)d->text[i]);
				strbuf_puts(sb, "'::bytea");
				return true;
			}
			note(e,
			     "default of column \"%s\" of %s holds a NUL byte, which PostgreSQL text cannot: "
			     "not kept",
			     c->name, table_text(e, table));
			return false;
		}
		if (cat == CAT_BIT) { /* a string default of a bit column: its bytes are the bits */
			StrBuf bits = STRBUF_INIT;
			unsigned long long v = 0;
			long width = c->type.nargs ? c->type.args[0] : 1;
			bool ok = d->len <= 8;
			for (size_t i = 0; ok && i < d->len; i++)
				v = (v << 8) | (unsigned char)d->text[i];
			if (!ok || !bits_of(v, width, &bits)) {
				strbuf_free(&bits);
				note(e, "default of bit column \"%s\" of %s does not fit: not kept", c->name,
				     table_text(e, table));
				return false;
			}
			strbuf_printf(sb, "B'%s'", bits.data);
			strbuf_free(&bits);
			return true;
		}
		cast_literal(sb, d->text, d->len, pg);
		return true;
	case DDL_DEF_HEX:
	case DDL_DEF_BIT: {
		/* value = the digits in base 16 or 2; its use depends on the column, whose type c may
		 * carry when pg is NULL (SET DEFAULT: the value is written without a cast) */
		int base = d->kind == DDL_DEF_HEX ? 16 : 2;
		TypeCat vcat = pg ? cat : known_cat(e, c);
		if (vcat == CAT_BIT || vcat == CAT_INT || vcat == CAT_NUMERIC || vcat == CAT_FLOAT ||
		    vcat == CAT_BOOL) {
			unsigned long long v = 0;
			bool ok = true;
			for (const char *q = d->text; *q; q++) {
				int dv =
				    isdigit((unsigned char)*q) ? *q - '0' : tolower((unsigned char)*q) - 'a' + 10;
				if (v > (~0ULL >> 4))
					ok = false;
				v = v * (unsigned)base + (unsigned)dv;
			}
			if (!ok) {
				note(e, "default of column \"%s\" of %s is too large: not kept", c->name,
				     table_text(e, table));
				return false;
			}
			if (vcat == CAT_BIT) {
				StrBuf bits = STRBUF_INIT;
				long width = c->type.nargs ? c->type.args[0] : 1;
				if (!bits_of(v, width, &bits)) {
					strbuf_free(&bits);
					note(e, "default of bit column \"%s\" of %s does not fit: not kept", c->name,
					     table_text(e, table));
					return false;
				}
				strbuf_printf(sb, "B'%s'", bits.data);
				strbuf_free(&bits);
			} else if (pg == NULL) {
				strbuf_printf(sb, "%llu", v);
			} else {
				char num[32];
				snprintf(num, sizeof(num), "%llu", v);
				cast_literal(sb, num, strlen(num), pg);
			}
			return true;
		}
		if (base == 2) {
			strbuf_printf(sb, "B'%s'", d->text);
			return true;
		}
		/* bytes: bytea as hex; text as the bytes themselves when they are printable */
		if (vcat == CAT_BYTEA || (pg == NULL && vcat == CAT_OTHER)) {
			strbuf_printf(sb, "'\\x%s'::bytea", d->text);
			return true;
		} else {
			StrBuf bytes = STRBUF_INIT;
			size_t nd = strlen(d->text);
			bool ok = true;
			for (size_t i = (nd % 2); i + 1 < nd + (nd % 2) && ok; i += 2) {
				char pair[3] = {i == 0 && nd % 2 ? '0' : d->text[i - (nd % 2)],
				                d->text[i + 1 - (nd % 2)], 0};
				int v = (int)strtol(pair, NULL, 16);
				if (v < 0x20 || v > 0x7e)
					ok = false;
				strbuf_putc(&bytes, (char)v);
			}
			if (!ok) {
				strbuf_free(&bytes);
				note(e, "hex default of column \"%s\" of %s is not printable text: not kept",
				     c->name, table_text(e, table));
				return false;
			}
			cast_literal(sb, bytes.data ? bytes.data : "", bytes.len, pg);
			strbuf_free(&bytes);
			return true;
		}
	}
	case DDL_DEF_EXPR: {
		StrBuf x = STRBUF_INIT;
		const char *why = NULL;
		if (strncasecmp(d->text, "NEXT", 4) == 0 && !isalnum((unsigned char)d->text[4])) {
			note(e,
			     "default (%s) of column \"%s\" of %s not kept: MariaDB sequences are not "
			     "replicated",
			     d->text, c->name, table_text(e, table));
			return false;
		}
		int rc = ddl_expr_translate(e->arena, d->text, strlen(d->text), e->ctx->sql_mode, e->s,
		                            false, &x, &why);
		if (rc != 0) {
			note(e, "default (%s) of column \"%s\" of %s not kept: %s", d->text, c->name,
			     table_text(e, table), why);
			strbuf_free(&x);
			return false;
		}
		strbuf_printf(sb, "(%s)", x.data ? x.data : "");
		if (pg != NULL && cat != CAT_OTHER && strncmp(d->text, "(", 1) != 0) {
			/* a function default: cast its result, so uuid() fills a char(36) */
			strbuf_puts(sb, "::");
			strbuf_puts(sb, pg);
		}
		strbuf_free(&x);
		return true;
	}
	}
	return false;
}

static void
enum_check_name(StrBuf *sb, const char *col)
{
	char buf[128];

	ddl_index_pg_name(col, "enum_check", buf, sizeof(buf));
	ident(sb, buf);
}

static void
enum_check(StrBuf *sb, const DdlColumn *c)
{
	strbuf_puts(sb, "CHECK (");
	ident(sb, c->name);
	strbuf_puts(sb, " IN (");
	for (int i = 0; i < c->type.nlabels; i++) {
		if (i)
			strbuf_puts(sb, ", ");
		strbuf_quote_literal(sb, c->type.labels[i], c->type.label_lens[i]);
	}
	strbuf_puts(sb, "))");
}

static bool
is_enum(const DdlColumn *c, const char *pg)
{
	return c->type.name && strcmp(c->type.name, "enum") == 0 && c->type.nlabels > 0 && pg &&
	       strcmp(pg, "text") == 0;
}

/* Notices every column definition may bring: order, ON UPDATE, generated, invisible. */
static void
column_notes(Emit *e, const DdlName *table, const DdlColumn *c)
{
	const char *t = table_text(e, table);

	if (c->placed) {
		if (c->after)
			note(e,
			     "column order cannot be kept in PostgreSQL: \"%s\" of %s is not placed AFTER "
			     "\"%s\"",
			     c->name, t, c->after);
		else
			note(e, "column order cannot be kept in PostgreSQL: \"%s\" of %s is not placed FIRST",
			     c->name, t);
	}
	if (c->on_update_now)
		note(e,
		     "ON UPDATE CURRENT_TIMESTAMP of column \"%s\" of %s: values come from the binlog "
		     "during "
		     "replication; detach-replica creates the trigger",
		     c->name, t);
	if (c->generated)
		note(e,
		     "generated column \"%s\" of %s AS (%s) %s is a plain column: its values come from the "
		     "binlog",
		     c->name, t, c->generated, c->stored ? "STORED" : "VIRTUAL");
	if (c->invisible)
		note(e, "column \"%s\" of %s is INVISIBLE in MySQL: PostgreSQL has no invisible columns",
		     c->name, t);
	if (c->auto_increment && c->type.is_unsigned && c->type.name &&
	    strcmp(c->type.name, "bigint") == 0)
		note(e, "column \"%s\" of %s: bigint unsigned AUTO_INCREMENT becomes a bigint identity",
		     c->name, t);
}

/*
 * "col" type [GENERATED BY DEFAULT AS IDENTITY] [NOT NULL] [DEFAULT x]
 * [CONSTRAINT col_enum_check CHECK (...)].  Returns false on error.
 */
static bool
column_sql(Emit *e, const DdlName *table, const DdlColumn *c, StrBuf *sb)
{
	const char *pg = column_type(e, table, c);

	if (pg == NULL)
		return false;
	ident(sb, c->name);
	strbuf_putc(sb, ' ');
	strbuf_puts(sb, pg);
	if (c->auto_increment) {
		if (type_cat(pg) == CAT_INT)
			strbuf_puts(sb, " GENERATED BY DEFAULT AS IDENTITY");
		else
			note(e,
			     "AUTO_INCREMENT of column \"%s\" of %s (type %s) is not kept: an identity must be "
			     "an integer",
			     c->name, table_text(e, table), pg);
	}
	if (c->not_null || c->key == DDL_IDX_PRIMARY || c->auto_increment)
		strbuf_puts(sb, " NOT NULL");
	if (!c->auto_increment || type_cat(pg) != CAT_INT) {
		StrBuf d = STRBUF_INIT;
		if (default_sql(e, table, c, pg, &d) && !(c->def.kind == DDL_DEF_NULL))
			strbuf_printf(sb, " DEFAULT %s", d.data);
		else if (d.len > 0 && strcmp(d.data, "NULL") != 0)
			strbuf_printf(sb, " DEFAULT %s", d.data);
		strbuf_free(&d);
	}
	if (is_enum(c, pg)) {
		strbuf_puts(sb, " CONSTRAINT ");
		enum_check_name(sb, c->name);
		strbuf_putc(sb, ' ');
		enum_check(sb, c);
	}
	column_notes(e, table, c);
	return true;
}

/* The CHECK constraint text, or false with a notice. */
static bool
check_sql(Emit *e, const DdlName *table, const DdlCheck *k, const char *col, StrBuf *sb)
{
	StrBuf x = STRBUF_INIT;
	const char *why = NULL;
	char namebuf[128];

	if (!k->enforced) {
		note(e, "CHECK (%s) of %s is NOT ENFORCED in MySQL: not created", k->expr,
		     table_text(e, table));
		return false;
	}
	if (is_json_valid_of(k->expr, NULL)) {
		note(e, "CHECK (%s) of %s not created: jsonb validates JSON itself", k->expr,
		     table_text(e, table));
		return false;
	}
	if (ddl_expr_translate(e->arena, k->expr, strlen(k->expr), e->ctx->sql_mode, e->s, true, &x,
	                       &why) != 0) {
		note(e, "CHECK (%s) of %s not created: %s", k->expr, table_text(e, table), why);
		strbuf_free(&x);
		return false;
	}
	(void)col;
	strbuf_puts(sb, "CONSTRAINT ");
	if (k->name != NULL) {
		ident(sb, k->name);
	} else {
		char num[32];
		snprintf(num, sizeof(num), "chk_%d", ++e->nchecks);
		ddl_index_pg_name(table->name, num, namebuf, sizeof(namebuf));
		ident(sb, namebuf);
	}
	strbuf_printf(sb, " CHECK (%s)", x.data ? x.data : "");
	strbuf_free(&x);
	return true;
}

static const char *
fk_action(DdlFkAction a)
{
	switch (a) {
	case DDL_FK_RESTRICT:
		return "RESTRICT";
	case DDL_FK_CASCADE:
		return "CASCADE";
	case DDL_FK_SET_NULL:
		return "SET NULL";
	case DDL_FK_SET_DEFAULT:
		return "SET DEFAULT";
	case DDL_FK_NO_ACTION:
		return "NO ACTION";
	default:
		return NULL;
	}
}

static void
fk_note(Emit *e, const DdlName *table, const DdlIndex *ix)
{
	StrBuf sb = STRBUF_INIT;

	strbuf_puts(&sb, "foreign key ");
	if (ix->name) {
		ident(&sb, ix->name);
		strbuf_putc(&sb, ' ');
	}
	strbuf_puts(&sb, "of ");
	table_name(e, &sb, table);
	strbuf_puts(&sb, " (");
	for (int i = 0; i < ix->nparts; i++) {
		if (i)
			strbuf_puts(&sb, ", ");
		if (ix->parts[i].column)
			ident(&sb, ix->parts[i].column);
	}
	strbuf_puts(&sb, ") REFERENCES ");
	table_name(e, &sb, &ix->ref_table);
	strbuf_puts(&sb, " (");
	for (int i = 0; i < ix->nref_columns; i++) {
		if (i)
			strbuf_puts(&sb, ", ");
		ident(&sb, ix->ref_columns[i]);
	}
	strbuf_putc(&sb, ')');
	if (fk_action(ix->on_delete))
		strbuf_printf(&sb, " ON DELETE %s", fk_action(ix->on_delete));
	if (fk_action(ix->on_update))
		strbuf_printf(&sb, " ON UPDATE %s", fk_action(ix->on_update));
	note(e, "%s: not created during replication; detach-replica creates it", sb.data);
	strbuf_free(&sb);
}

/* The MySQL name of an index: its own, PRIMARY, or MySQL's choice (first column, _2, _3 ...). */
static const char *
mysql_index_name(Emit *e, const DdlIndex *ix, const char **taken, int ntaken)
{
	const char *base;
	char buf[300];

	if (ix->name != NULL)
		return ix->name;
	if (ix->kind == DDL_IDX_PRIMARY)
		return "PRIMARY";
	base = ix->nparts > 0 && ix->parts[0].column ? ix->parts[0].column : "functional_index";
	snprintf(buf, sizeof(buf), "%s", base);
	for (int n = 2;; n++) {
		bool clash = false;
		for (int i = 0; i < ntaken; i++)
			if (taken[i] && strcasecmp(taken[i], buf) == 0)
				clash = true;
		if (!clash)
			break;
		snprintf(buf, sizeof(buf), "%s_%d", base, n);
	}
	return arena_strdup(e->arena, buf);
}

/* 1 when column `name` is bytea in PostgreSQL, 0 when it is not, -1 when its type is unknown. */
static int
column_is_bytes(Emit *e, const char *name)
{
	TypeCat cat = known_cat(e, known_column(e, name));

	return cat == CAT_OTHER ? -1 : cat == CAT_BYTEA;
}

/*
 * "(a, left(b, 10), (expr) DESC)"; false with *why when an expression part
 * cannot be translated.  A kept prefix is left() of a text column and
 * substring() of a bytea one (there is no left(bytea)); substring() also
 * when the type is not known here, since it takes both.
 */
static bool
key_parts(Emit *e, const DdlIndex *ix, StrBuf *sb, bool keep_prefix, const char **why)
{
	strbuf_putc(sb, '(');
	for (int i = 0; i < ix->nparts; i++) {
		const DdlKeyPart *kp = &ix->parts[i];
		if (i)
			strbuf_puts(sb, ", ");
		if (kp->expr) {
			StrBuf x = STRBUF_INIT;
			if (ddl_expr_translate(e->arena, kp->expr, strlen(kp->expr), e->ctx->sql_mode, e->s,
			                       true, &x, why) != 0) {
				strbuf_free(&x);
				return false;
			}
			strbuf_printf(sb, "(%s)", x.data ? x.data : "");
			strbuf_free(&x);
		} else if (kp->prefix > 0 && keep_prefix && column_is_bytes(e, kp->column) == 0) {
			strbuf_puts(sb, "left(");
			ident(sb, col_name(e, kp->column));
			strbuf_printf(sb, ", %d)", kp->prefix);
		} else if (kp->prefix > 0 && keep_prefix) {
			strbuf_puts(sb, "substring(");
			ident(sb, col_name(e, kp->column));
			strbuf_printf(sb, " FROM 1 FOR %d)", kp->prefix);
		} else {
			ident(sb, col_name(e, kp->column));
		}
		if (kp->desc)
			strbuf_puts(sb, " DESC");
	}
	strbuf_putc(sb, ')');
	return true;
}

static void create_index(Emit *e, const DdlName *table, const DdlIndex *ix, const char *name,
                         bool if_not_exists);

/*
 * MySQL gives a foreign key an index of its own when no index starts with
 * its columns: PostgreSQL gets that index too, so that the index names
 * agree for a later DROP INDEX (only when the table is known).
 */
static void
fk_index(Emit *e, const DdlName *table, const DdlIndex *fk, bool if_not_exists)
{
	DdlIndex plain;
	char buf[300];

	if (e->tm == NULL || fk->nparts == 0 || !ddl_model_fk_needs_index(e->tm, fk))
		return;
	plain = *fk;
	plain.kind = DDL_IDX_PLAIN;
	create_index(e, table, &plain, ddl_model_index_name(e->tm, &plain, buf, sizeof(buf)),
	             if_not_exists);
}

/* CREATE [UNIQUE] INDEX for a plain or unique key; notices for the rest. */
static void
create_index(Emit *e, const DdlName *table, const DdlIndex *ix, const char *name,
             bool if_not_exists)
{
	StrBuf *out = e->out;
	StrBuf parts = STRBUF_INIT;
	const char *why = NULL;

	switch (ix->kind) {
	case DDL_IDX_FULLTEXT:
	case DDL_IDX_SPATIAL:
		note(e,
		     "%s index \"%s\" of %s skipped: PostgreSQL builds text search and geometry indexes "
		     "differently",
		     ix->kind == DDL_IDX_FULLTEXT ? "FULLTEXT" : "SPATIAL", name, table_text(e, table));
		return;
	case DDL_IDX_FOREIGN:
		fk_index(e, table, ix, if_not_exists);
		fk_note(e, table, ix);
		return;
	default:
		break;
	}
	if (!key_parts(e, ix, &parts, ix->kind == DDL_IDX_UNIQUE, &why)) {
		note(e, "index \"%s\" of %s skipped: %s", name, table_text(e, table), why);
		strbuf_free(&parts);
		return;
	}
	if (ix->kind == DDL_IDX_PRIMARY) {
		strbuf_puts(out, "ALTER TABLE ");
		table_name(e, out, table);
		strbuf_printf(out, " ADD PRIMARY KEY %s;\n", parts.data);
		strbuf_free(&parts);
		return;
	}
	strbuf_puts(out, ix->kind == DDL_IDX_UNIQUE ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
	if (if_not_exists)
		strbuf_puts(out, "IF NOT EXISTS ");
	new_index_name(e, out, table, name);
	strbuf_puts(out, " ON ");
	table_name(e, out, table);
	strbuf_putc(out, ' ');
	strbuf_append(out, parts.data, parts.len);
	strbuf_puts(out, ";\n");
	strbuf_free(&parts);
}

static void
comment_on_column(Emit *e, const DdlName *table, const char *col, const char *text)
{
	strbuf_puts(e->out, "COMMENT ON COLUMN ");
	table_name(e, e->out, table);
	strbuf_putc(e->out, '.');
	ident(e->out, col);
	strbuf_puts(e->out, " IS ");
	if (text[0] == '\0')
		strbuf_puts(e->out, "NULL");
	else
		strbuf_quote_literal(e->out, text, strlen(text));
	strbuf_puts(e->out, ";\n");
}

static void
comment_on_table(Emit *e, const DdlName *table, const char *text)
{
	strbuf_puts(e->out, "COMMENT ON TABLE ");
	table_name(e, e->out, table);
	strbuf_puts(e->out, " IS ");
	if (text[0] == '\0')
		strbuf_puts(e->out, "NULL");
	else
		strbuf_quote_literal(e->out, text, strlen(text));
	strbuf_puts(e->out, ";\n");
}

/* ---------------------------------------------------------------- CREATE TABLE */

static void
emit_create(Emit *e)
{
	const DdlStmt *s = e->s;
	StrBuf *out = e->out;
	const char **names;
	int nnames = 0;
	const DdlIndex *pk = NULL;
	bool first = true;
	int pk_col = -1;

	if (s->as_select) {
		fail(e, CHM_EUNSUPPORTED,
		     "CREATE TABLE %s ... SELECT cannot be translated: the column types come from "
		     "the query; the binlog logs such tables as a plain CREATE TABLE",
		     table_text(e, &s->table));
		return;
	}
	if (s->or_replace) {
		strbuf_puts(out, "DROP TABLE IF EXISTS ");
		table_name(e, out, &s->table);
		strbuf_puts(out, ";\n");
	}
	move_index_away(e, &s->table, s->table.name);
	strbuf_printf(out, "CREATE %sTABLE %s", s->temporary ? "TEMPORARY " : "",
	              s->if_not_exists ? "IF NOT EXISTS " : "");
	table_name(e, out, &s->table);
	if (s->kind == DDL_CREATE_TABLE_LIKE) {
		strbuf_puts(out, " (LIKE ");
		table_name(e, out, &s->like);
		strbuf_puts(out, " INCLUDING ALL EXCLUDING INDEXES);\n");
		if (!e->temp)
			like_indexes(e, &s->table, &s->like);
		return;
	}
	strbuf_puts(out, " (\n");
	for (int i = 0; i < s->ncolumns; i++) {
		if (!first)
			strbuf_puts(out, ",\n");
		first = false;
		strbuf_puts(out, "    ");
		if (!column_sql(e, &s->table, s->columns[i], out))
			return;
		if (s->columns[i]->key == DDL_IDX_PRIMARY && pk_col < 0)
			pk_col = i;
	}
	for (int i = 0; i < s->nindexes; i++)
		if (s->indexes[i]->kind == DDL_IDX_PRIMARY)
			pk = s->indexes[i];
	if (pk != NULL) {
		const char *why = NULL;
		strbuf_puts(out, ",\n    PRIMARY KEY ");
		if (!key_parts(e, pk, out, false, &why))
			fail(e, CHM_EUNSUPPORTED, "primary key of %s: %s", table_text(e, &s->table), why);
	} else if (pk_col >= 0) {
		strbuf_puts(out, ",\n    PRIMARY KEY (");
		ident(out, s->columns[pk_col]->name);
		strbuf_putc(out, ')');
	}
	/* column CHECKs, then table CHECKs, numbered like MySQL's <table>_chk_<n> */
	for (int i = 0; i < s->ncolumns; i++)
		for (int j = 0; j < s->columns[i]->nchecks; j++) {
			StrBuf ck = STRBUF_INIT;
			if (check_sql(e, &s->table, s->columns[i]->checks[j], s->columns[i]->name, &ck))
				strbuf_printf(out, ",\n    %s", ck.data);
			strbuf_free(&ck);
		}
	for (int i = 0; i < s->nchecks; i++) {
		StrBuf ck = STRBUF_INIT;
		if (check_sql(e, &s->table, s->checks[i], NULL, &ck))
			strbuf_printf(out, ",\n    %s", ck.data);
		strbuf_free(&ck);
	}
	strbuf_puts(out, "\n);\n");

	/* indexes: named as MySQL names them, unnamed ones after their first column */
	names = arena_alloc(e->arena, sizeof(char *) * (size_t)(s->nindexes + s->ncolumns + 1));
	for (int i = 0; i < s->nindexes; i++)
		if (s->indexes[i]->name)
			names[nnames++] = s->indexes[i]->name;
	for (int i = 0; i < s->ncolumns; i++) {
		const DdlColumn *c = s->columns[i];
		if (c->key == DDL_IDX_UNIQUE) {
			DdlIndex ix;
			DdlKeyPart kp;
			memset(&ix, 0, sizeof(ix));
			memset(&kp, 0, sizeof(kp));
			kp.column = c->name;
			ix.kind = DDL_IDX_UNIQUE;
			ix.parts = &kp;
			ix.nparts = 1;
			names[nnames] = mysql_index_name(e, &ix, names, nnames);
			create_index(e, &s->table, &ix, names[nnames], s->if_not_exists);
			nnames++;
		}
	}
	for (int i = 0; i < s->nindexes; i++) {
		const DdlIndex *ix = s->indexes[i];
		const char *nm;
		if (ix->kind == DDL_IDX_PRIMARY)
			continue;
		if (ix->kind == DDL_IDX_FOREIGN) {
			DdlAlterSpec add;
			create_index(e, &s->table, ix, ix->name, s->if_not_exists);
			memset(&add, 0, sizeof(add));
			add.kind = DDL_AT_ADD_INDEX;
			add.index = (DdlIndex *)ix;
			if (e->tm != NULL) /* the next foreign key may use the index this one got */
				ddl_model_apply_spec(e->tm, &add);
			continue;
		}
		nm = mysql_index_name(e, ix, names, nnames);
		if (ix->name == NULL)
			names[nnames++] = nm;
		create_index(e, &s->table, ix, nm, s->if_not_exists || ix->if_not_exists);
	}
	if (s->comment && s->comment[0])
		comment_on_table(e, &s->table, s->comment);
	for (int i = 0; i < s->ncolumns; i++)
		if (s->columns[i]->comment && s->columns[i]->comment[0])
			comment_on_column(e, &s->table, s->columns[i]->name, s->columns[i]->comment);
	if (s->partitioned)
		note(e, "partitioning of %s is not kept: the PostgreSQL table is not partitioned",
		     table_text(e, &s->table));
	if (s->temporary)
		note(e, "temporary table: it exists only in this session");
}

/* ---------------------------------------------------------------- ALTER TABLE */

static void
alter_head(Emit *e)
{
	strbuf_puts(e->out, "ALTER TABLE ");
	if (e->s->if_exists)
		strbuf_puts(e->out, "IF EXISTS ");
	table_name(e, e->out, &e->s->table);
	strbuf_putc(e->out, ' ');
}

/* A key written on a column (PRIMARY KEY or UNIQUE) of an added or redefined column. */
static void
column_key(Emit *e, const DdlName *table, const DdlColumn *c, bool if_not_exists)
{
	if (c->key == DDL_IDX_PRIMARY) {
		alter_head(e);
		strbuf_puts(e->out, "ADD PRIMARY KEY (");
		ident(e->out, c->name);
		strbuf_puts(e->out, ");\n");
	} else if (c->key == DDL_IDX_UNIQUE) {
		DdlIndex ix;
		DdlKeyPart kp;
		memset(&ix, 0, sizeof(ix));
		memset(&kp, 0, sizeof(kp));
		kp.column = c->name;
		ix.kind = DDL_IDX_UNIQUE;
		ix.parts = &kp;
		ix.nparts = 1;
		if (e->tm != NULL) {
			/* MySQL names it after the column, or <column>_2 ... when that name is taken */
			char buf[300];
			create_index(e, table, &ix, ddl_model_index_name(e->tm, &ix, buf, sizeof(buf)),
			             if_not_exists);
		} else {
			create_index(e, table, &ix, c->name, if_not_exists);
		}
	}
}

static void
drop_primary_key(Emit *e, const DdlName *table)
{
	StrBuf reg = STRBUF_INIT, body = STRBUF_INIT;

	/* PostgreSQL names the key after the table at creation time, and the table may have been
	 * renamed since */
	table_name(e, &reg, table);
	strbuf_puts(&body,
	            "DECLARE k name; BEGIN SELECT conname INTO k FROM pg_constraint WHERE conrelid = ");
	strbuf_quote_literal(&body, reg.data, reg.len);
	strbuf_puts(
	    &body,
	    "::regclass AND contype = 'p'; IF k IS NOT NULL THEN EXECUTE format('ALTER TABLE %s DROP "
	    "CONSTRAINT %I', ");
	strbuf_quote_literal(&body, reg.data, reg.len);
	strbuf_puts(&body, ", k); END IF; END");
	do_block(e->out, &body);
	strbuf_free(&reg);
	strbuf_free(&body);
}

/*
 * The USING expression that converts column col of PostgreSQL type old_pg
 * (MySQL column old) to pg the way MySQL converts the values.
 */
static void
using_known(Emit *e, StrBuf *out, const char *col, const DdlColumn *old, const char *old_pg,
            const char *pg)
{
	TypeCat oc = type_cat(old_pg), nc = type_cat(pg);
	bool number = nc == CAT_INT || nc == CAT_NUMERIC || nc == CAT_FLOAT;

	(void)e;
	if (is_enum(old, old_pg) && number) {
		/* MySQL stores an enum as its label's index, 1-based like array_position */
		strbuf_puts(out, "array_position(ARRAY[");
		for (int i = 0; i < old->type.nlabels; i++) {
			if (i)
				strbuf_puts(out, ", ");
			strbuf_quote_literal(out, old->type.labels[i], old->type.label_lens[i]);
		}
		strbuf_puts(out, "]::text[], ");
		ident(out, col);
		strbuf_putc(out, ')');
		if (strcmp(pg, "integer") != 0)
			strbuf_printf(out, "::%s", pg);
		return;
	}
	if (oc == CAT_INTERVAL && (nc == CAT_TIMESTAMP || nc == CAT_DATE)) {
		/* a TIME becomes today at that time, as MariaDB does */
		strbuf_puts(out, "(CURRENT_DATE + ");
		ident(out, col);
		strbuf_printf(out, ")::%s", pg);
		return;
	}
	if ((oc == CAT_DATE || oc == CAT_TIMESTAMP || oc == CAT_INTERVAL) && number) {
		/* MySQL reads a date as the number 20200229, a time as 101112 */
		strbuf_puts(out, "to_char(");
		ident(out, col);
		strbuf_printf(out, ", '%s')::%s",
		              oc == CAT_DATE        ? "YYYYMMDD"
		              : oc == CAT_TIMESTAMP ? "YYYYMMDDHH24MISS"
		                                    : "HH24MISS",
		              pg);
		return;
	}
	ident(out, col);
	if (nc == CAT_BIT) {
		/* bit(n) to bit(m) pads or cuts on the right; MySQL keeps the value: go through a
		 * number.  smallint has no cast to bit: go through integer */
		if (oc == CAT_BIT || oc == CAT_NUMERIC || oc == CAT_FLOAT)
			strbuf_puts(out, "::bigint");
		else if (oc == CAT_INT && strcmp(old_pg, "smallint") == 0)
			strbuf_puts(out, "::integer");
	} else if (oc == CAT_BIT && number) {
		strbuf_puts(out, "::bigint");
		if (strcmp(pg, "bigint") == 0)
			return;
	} else if (strcmp(pg, "smallint") == 0) {
		strbuf_puts(out, "::integer");
	} else if (oc == CAT_TIMESTAMP && nc == CAT_INTERVAL) {
		/* a DATETIME becomes its time of day; PostgreSQL has no cast to interval */
		strbuf_puts(out, "::time");
	} else if ((nc == CAT_DATE || nc == CAT_TIMESTAMP) &&
	           (oc == CAT_INT || oc == CAT_NUMERIC || oc == CAT_FLOAT)) {
		/* MySQL reads 20200229 as a date; PostgreSQL has no cast from numbers */
		strbuf_puts(out, "::text");
	}
	strbuf_printf(out, "::%s", pg);
}

/*
 * A DO block that runs "ALTER TABLE <table> <alter>" when (exists) or
 * unless "SELECT 1 FROM <from>'<table>'<mid>'<name>'<tail>" finds a row:
 * DDL that depends on what the replica's catalog holds.  The table's name
 * and name go in as literals, as the replica spells them (chm_pg_name).
 */
static void
alter_table_if(Emit *e, const DdlName *table, bool exists, const char *from, const char *mid,
               const char *name, const char *tail, const StrBuf *alter)
{
	StrBuf reg = STRBUF_INIT, body = STRBUF_INIT;

	table_name(e, &reg, table);
	strbuf_puts(&body,
	            exists ? "BEGIN IF EXISTS (SELECT 1 FROM " : "BEGIN IF NOT EXISTS (SELECT 1 FROM ");
	strbuf_puts(&body, from);
	strbuf_quote_literal(&body, reg.data, reg.len);
	strbuf_puts(&body, mid);
	{
		char buf[CHM_PG_NAME_MAX + 1];
		const char *pg = chm_pg_name(name, buf); /* compared with the replica's catalog */
		strbuf_quote_literal(&body, pg, strlen(pg));
	}
	strbuf_puts(&body, tail);
	strbuf_puts(&body, ") THEN ALTER TABLE ");
	strbuf_append(&body, reg.data, reg.len);
	strbuf_putc(&body, ' ');
	strbuf_append(&body, alter->data, alter->len);
	strbuf_puts(&body, "; END IF; END");
	do_block(e->out, &body);
	strbuf_free(&reg);
	strbuf_free(&body);
}

/* MODIFY/CHANGE: the whole column redefined (see ddl.h); old is the column before, if known. */
static void
redefine_column(Emit *e, const DdlColumn *c, const DdlColumn *old)
{
	const DdlName *table = &e->s->table;
	const char *pg = column_type(e, table, c);
	StrBuf *out = e->out;
	StrBuf d = STRBUF_INIT;
	bool identity, nullable;

	if (pg == NULL)
		return;
	identity = c->auto_increment && type_cat(pg) == CAT_INT;
	if (!identity) {
		alter_head(e);
		strbuf_puts(out, "ALTER COLUMN ");
		ident(out, c->name);
		strbuf_puts(out, " DROP IDENTITY IF EXISTS;\n");
	}
	alter_head(e);
	strbuf_puts(out, "DROP CONSTRAINT IF EXISTS ");
	enum_check_name(out, c->name);
	if (!identity) {
		strbuf_puts(out, ", ALTER COLUMN ");
		ident(out, c->name);
		strbuf_puts(out, " DROP DEFAULT");
	}
	strbuf_puts(out, ", ALTER COLUMN ");
	ident(out, c->name);
	strbuf_printf(out, " TYPE %s USING ", pg);
	if (old != NULL) {
		char obuf[256];
		const char *old_pg =
		    ddl_map_type(e->ctx, table->schema ? table->schema : e->ctx->default_schema,
		                 table->name, old, obuf, sizeof(obuf));
		if (old_pg != NULL) {
			using_known(e, out, c->name, old, old_pg, pg);
			goto typed;
		}
	}
	ident(out, c->name);
	/*
	 * The old type is not known here, so the cast must work from any.  bit
	 * and boolean have a cast to integer, not to smallint: go through
	 * integer.  PostgreSQL has no cast from numbers to date or timestamp,
	 * while MySQL reads 20200229 as a date: go through text, which every
	 * date, datetime, string and number spells in a form the date and
	 * timestamp input functions read.
	 */
	if (strcmp(pg, "smallint") == 0)
		strbuf_puts(out, "::integer");
	else if (type_cat(pg) == CAT_DATE || type_cat(pg) == CAT_TIMESTAMP)
		strbuf_puts(out, "::text");
	strbuf_printf(out, "::%s", pg);
typed:
	nullable = !(c->not_null || c->key == DDL_IDX_PRIMARY || identity);
	if (!nullable) {
		strbuf_puts(out, ", ALTER COLUMN ");
		ident(out, c->name);
		strbuf_puts(out, " SET NOT NULL");
	}
	if (!identity && default_sql(e, table, c, pg, &d) && strcmp(d.data, "NULL") != 0) {
		strbuf_puts(out, ", ALTER COLUMN ");
		ident(out, c->name);
		strbuf_printf(out, " SET DEFAULT %s", d.data);
	}
	strbuf_free(&d);
	if (is_enum(c, pg)) {
		strbuf_puts(out, ", ADD CONSTRAINT ");
		enum_check_name(out, c->name);
		strbuf_putc(out, ' ');
		enum_check(out, c);
	}
	strbuf_puts(out, ";\n");
	if (nullable || identity) {
		StrBuf alter = STRBUF_INIT;
		strbuf_puts(&alter, "ALTER COLUMN ");
		ident(&alter, c->name);
		if (nullable) {
			/* MySQL keeps a primary key column NOT NULL whatever MODIFY says; PostgreSQL
			 * refuses to drop it */
			strbuf_puts(&alter, " DROP NOT NULL");
			alter_table_if(e, table, false,
			               "pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND "
			               "a.attnum = ANY (i.indkey) WHERE i.indrelid = ",
			               "::regclass AND i.indisprimary AND a.attname = ", c->name, "", &alter);
		} else {
			strbuf_puts(&alter, " ADD GENERATED BY DEFAULT AS IDENTITY");
			alter_table_if(e, table, false,
			               "pg_attribute WHERE attrelid = ", "::regclass AND attname = ", c->name,
			               " AND attidentity <> ''", &alter);
		}
		strbuf_free(&alter);
	}
	column_key(e, table, c, true);
	if (c->comment)
		comment_on_column(e, table, c->name, c->comment);
	column_notes(e, table, c);
}

/*
 * For ADD COLUMN ... NOT NULL without a DEFAULT: the value MySQL gives the
 * existing rows (0, '', the zero date, an enum's first label), cast to the
 * PostgreSQL type; NULL when the column needs none.
 */
static const char *
implicit_default(Emit *e, const DdlName *table, const DdlColumn *c)
{
	char buf[256];
	const char *pg, *v;
	TypeCat cat;
	StrBuf sb = STRBUF_INIT;
	char *r;

	if (!c->not_null || c->def.kind != DDL_DEF_NONE || c->auto_increment ||
	    c->key == DDL_IDX_PRIMARY)
		return NULL;
	pg = ddl_map_type(e->ctx, table->schema ? table->schema : e->ctx->default_schema, table->name,
	                  c, buf, sizeof(buf));
	if (pg == NULL)
		return NULL;
	cat = type_cat(pg);
	switch (cat) {
	case CAT_INT:
	case CAT_NUMERIC:
	case CAT_FLOAT:
		v = "0";
		break;
	case CAT_BOOL:
		v = "false";
		break;
	case CAT_BIT:
		strbuf_printf(&sb, "B'%0*d'", (int)(c->type.nargs ? c->type.args[0] : 1), 0);
		r = arena_strdup(e->arena, sb.data);
		strbuf_free(&sb);
		return r;
	case CAT_DATE:
	case CAT_TIMESTAMP:
		v = "-infinity";
		break;
	case CAT_INTERVAL:
		v = "00:00:00";
		break;
	case CAT_JSON:
		v = "null";
		break;
	case CAT_STRING:
		v = is_enum(c, pg) ? c->type.labels[0] : "";
		break;
	case CAT_BYTEA:
		v = "";
		break;
	default:
		/* MariaDB's UUID, INET6 and INET4 types: all bits zero */
		if (strcmp(pg, "uuid") == 0)
			v = "00000000-0000-0000-0000-000000000000";
		else if (strcmp(pg, "inet") == 0)
			v = strcmp(c->type.name, "inet4") == 0 ? "0.0.0.0" : "::";
		else
			return NULL;
		break;
	}
	strbuf_quote_literal(&sb, v, strlen(v));
	strbuf_printf(&sb, "::%s", pg);
	r = arena_strdup(e->arena, sb.data);
	strbuf_free(&sb);
	return r;
}

/*
 * ALTER COLUMN SET DEFAULT where the column's type decides the value: a bit
 * default padded to the column's width, a zero date by the column's
 * nullability (as in CREATE TABLE).  Returns false, having emitted nothing,
 * when the column is unknown or its type does not matter.
 */
static bool
set_default_known(Emit *e, const DdlAlterSpec *sp)
{
	const DdlName *table = &e->s->table;
	const DdlColumn *old = ddl_model_column(e->tm, sp->name);
	const DdlDefault *d = &sp->column->def;
	char buf[256];
	const char *pg;
	TypeCat cat;
	DdlColumn view;
	StrBuf v = STRBUF_INIT;
	bool zero;

	if (old == NULL)
		return false;
	pg = ddl_map_type(e->ctx, table->schema ? table->schema : e->ctx->default_schema, table->name,
	                  old, buf, sizeof(buf));
	if (pg == NULL)
		return false;
	cat = type_cat(pg);
	zero = (d->kind == DDL_DEF_STRING && is_zero_date(d->text)) ||
	       (d->kind == DDL_DEF_NUMBER && strtod(d->text, NULL) == 0.0);
	if ((cat == CAT_DATE || cat == CAT_TIMESTAMP) && zero) {
		alter_head(e);
		strbuf_puts(e->out, "ALTER COLUMN ");
		ident(e->out, old->name);
		/* PostgreSQL has no zero date: NULL where the column allows it, -infinity where not */
		strbuf_puts(e->out, old->not_null ? " SET DEFAULT '-infinity';\n" : " DROP DEFAULT;\n");
		return true;
	}
	if (cat != CAT_BIT)
		return false;
	view = *old;
	view.def = *d;
	if (default_sql(e, table, &view, pg, &v)) {
		alter_head(e);
		strbuf_puts(e->out, "ALTER COLUMN ");
		ident(e->out, old->name);
		strbuf_printf(e->out, " SET DEFAULT %s;\n", v.data);
	}
	strbuf_free(&v);
	return true;
}

static void
emit_spec(Emit *e, const DdlAlterSpec *sp)
{
	const DdlName *table = &e->s->table;
	StrBuf *out = e->out;

	switch (sp->kind) {
	case DDL_AT_ADD_COLUMN: {
		const DdlColumn *c = sp->column;
		const char *implicit = implicit_default(e, table, c);
		alter_head(e);
		strbuf_printf(out, "ADD COLUMN %s", sp->if_exists ? "IF NOT EXISTS " : "");
		if (!column_sql(e, table, c, out))
			return;
		if (implicit != NULL) {
			/* MySQL fills the rows it has with the type's implicit default; PostgreSQL would refuse
			 * NOT NULL */
			strbuf_printf(out, " DEFAULT %s;\n", implicit);
			alter_head(e);
			strbuf_puts(out, "ALTER COLUMN ");
			ident(out, c->name);
			strbuf_puts(out, " DROP DEFAULT");
			note(e, "existing rows of %s get MySQL's implicit default %s in NOT NULL column \"%s\"",
			     table_text(e, table), implicit, c->name);
		}
		strbuf_puts(out, ";\n");
		column_key(e, table, c, sp->if_exists);
		for (int j = 0; j < c->nchecks; j++) {
			StrBuf ck = STRBUF_INIT;
			if (check_sql(e, table, c->checks[j], c->name, &ck)) {
				/* unnamed: MySQL numbers it after the table's CHECKs, unknown here; PostgreSQL
				 * names it */
				const char *q = c->checks[j]->name ? ck.data : strstr(ck.data, "CHECK (");
				alter_head(e);
				strbuf_printf(out, "ADD %s;\n", q);
			}
			strbuf_free(&ck);
		}
		if (c->comment && c->comment[0])
			comment_on_column(e, table, c->name, c->comment);
		break;
	}
	case DDL_AT_DROP_COLUMN:
		alter_head(e);
		strbuf_printf(out, "DROP COLUMN %s", sp->if_exists ? "IF EXISTS " : "");
		ident(out, col_name(e, sp->name));
		strbuf_puts(out, ";\n");
		break;
	case DDL_AT_CHANGE_COLUMN: {
		const char *from = col_name(e, sp->name);
		if (strcmp(from, sp->column->name) != 0) {
			alter_head(e);
			strbuf_puts(out, "RENAME COLUMN ");
			ident(out, from);
			strbuf_puts(out, " TO ");
			ident(out, sp->column->name);
			strbuf_puts(out, ";\n");
			alter_head(e);
			strbuf_puts(out, "DROP CONSTRAINT IF EXISTS ");
			enum_check_name(out, from);
			strbuf_puts(out, ";\n");
		}
		redefine_column(e, sp->column, ddl_model_column(e->tm, sp->name));
		break;
	}
	case DDL_AT_MODIFY_COLUMN: {
		/* MODIFY names the column as written: MySQL renames CamelColumn to camelcolumn */
		const DdlColumn *old = ddl_model_column(e->tm, sp->column->name);
		if (old != NULL && strcmp(old->name, sp->column->name) != 0) {
			alter_head(e);
			strbuf_puts(out, "RENAME COLUMN ");
			ident(out, old->name);
			strbuf_puts(out, " TO ");
			ident(out, sp->column->name);
			strbuf_puts(out, ";\n");
		}
		redefine_column(e, sp->column, old);
		break;
	}
	case DDL_AT_SET_DEFAULT: {
		StrBuf d = STRBUF_INIT;
		if (set_default_known(e, sp)) {
			strbuf_free(&d);
			break;
		}
		const DdlColumn *known = known_column(e, sp->name);
		DdlColumn with_type;
		const DdlColumn *c = sp->column;
		if (known != NULL) { /* its type decides what 0xFF means: 255 or a byte */
			with_type = *known;
			with_type.name = sp->name;
			with_type.def = sp->column->def;
			c = &with_type;
		}
		if (default_sql(e, table, c, NULL, &d)) {
			alter_head(e);
			strbuf_puts(out, "ALTER COLUMN ");
			ident(out, col_name(e, sp->name));
			strbuf_printf(out, " SET DEFAULT %s;\n", d.data);
		}
		strbuf_free(&d);
		break;
	}
	case DDL_AT_DROP_DEFAULT:
		alter_head(e);
		strbuf_puts(out, "ALTER COLUMN ");
		ident(out, col_name(e, sp->name));
		strbuf_puts(out, " DROP DEFAULT;\n");
		break;
	case DDL_AT_ADD_INDEX: {
		char buf[300];
		const char *nm = e->tm ? ddl_model_index_name(e->tm, sp->index, buf, sizeof(buf))
		                       : mysql_index_name(e, sp->index, NULL, 0);
		create_index(e, table, sp->index, nm, sp->index->if_not_exists);
		break;
	}
	case DDL_AT_ADD_CHECK: {
		StrBuf ck = STRBUF_INIT;
		if (check_sql(e, table, sp->check, NULL, &ck)) {
			alter_head(e);
			if (sp->check->name == NULL) {
				/* MySQL numbers it after the CHECKs the table has: let PostgreSQL name it */
				strbuf_printf(out, "ADD %s;\n", strstr(ck.data, "CHECK ("));
			} else {
				strbuf_printf(out, "ADD %s;\n", ck.data);
			}
		}
		strbuf_free(&ck);
		break;
	}
	case DDL_AT_DROP_PRIMARY:
		drop_primary_key(e, table);
		break;
	case DDL_AT_DROP_INDEX:
		if (strcasecmp(sp->name, "PRIMARY") == 0) {
			drop_primary_key(e, table);
			break;
		}
		/* PostgreSQL may not have it (a skipped FULLTEXT or SPATIAL index, one that went with a
		 * dropped column): MySQL has checked that it exists */
		strbuf_puts(out, "DROP INDEX IF EXISTS ");
		index_qname(e, out, table, sp->name);
		strbuf_puts(out, ";\n");
		break;
	case DDL_AT_DROP_FOREIGN:
		note(e, "foreign key \"%s\" of %s dropped: foreign keys exist only after detach-replica",
		     sp->name, table_text(e, table));
		break;
	case DDL_AT_DROP_CHECK:
		/* also ALTER CHECK ... NOT ENFORCED.  Always IF EXISTS: a CHECK that was NOT ENFORCED or
		 * could not be translated was never created in PostgreSQL */
		alter_head(e);
		strbuf_puts(out, "DROP CONSTRAINT IF EXISTS ");
		ident(out, sp->name);
		strbuf_puts(out, ";\n");
		break;
	case DDL_AT_DROP_CONSTRAINT:
		/* a CHECK, a unique key (an index here) or a foreign key (nothing here): drop whichever
		 * exists */
		alter_head(e);
		strbuf_puts(out, "DROP CONSTRAINT IF EXISTS ");
		ident(out, sp->name);
		strbuf_puts(out, ";\n");
		strbuf_puts(out, "DROP INDEX IF EXISTS ");
		index_qname(e, out, table, sp->name);
		strbuf_puts(out, ";\n");
		break;
	case DDL_AT_RENAME_COLUMN: {
		StrBuf alter = STRBUF_INIT;
		char from[128], to[128];
		alter_head(e);
		strbuf_puts(out, "RENAME COLUMN ");
		ident(out, col_name(e, sp->name));
		strbuf_puts(out, " TO ");
		ident(out, sp->new_name);
		strbuf_puts(out, ";\n");
		/* an enum's CHECK is named after its column: keep the rule for a later MODIFY */
		ddl_index_pg_name(col_name(e, sp->name), "enum_check", from, sizeof(from));
		ddl_index_pg_name(sp->new_name, "enum_check", to, sizeof(to));
		strbuf_puts(&alter, "RENAME CONSTRAINT ");
		ident(&alter, from);
		strbuf_puts(&alter, " TO ");
		ident(&alter, to);
		alter_table_if(e, table, true,
		               "pg_constraint WHERE conrelid = ", "::regclass AND conname = ", from, "",
		               &alter);
		strbuf_free(&alter);
		break;
	}
	case DDL_AT_RENAME_INDEX:
		/* IF EXISTS as for DROP INDEX: a FULLTEXT or SPATIAL index was skipped */
		strbuf_puts(out, "ALTER INDEX IF EXISTS ");
		index_qname(e, out, table, sp->name);
		strbuf_puts(out, " RENAME TO ");
		new_index_name(e, out, table, sp->new_name);
		strbuf_puts(out, ";\n");
		break;
	case DDL_AT_RENAME_TABLE:
		break; /* after every other spec: see emit_alter */
	case DDL_AT_COMMENT:
		comment_on_table(e, table, sp->comment);
		break;
	case DDL_AT_PARTITION:
		note(e, "partition clause of %s ignored: the PostgreSQL table is not partitioned",
		     table_text(e, table));
		break;
	}
}

/* '<table>_' as a PostgreSQL literal: the prefix of the index names of a table. */
static void
prefix_literal(StrBuf *sb, const char *table)
{
	StrBuf p = STRBUF_INIT;

	strbuf_printf(&p, "%s_", table);
	strbuf_quote_literal(sb, p.data, p.len);
	strbuf_free(&p);
}

/*
 * After a table is renamed from old to table: its indexes, named
 * <old>_<index>, become <table>_<index>, so that later DDL finds them by the
 * rule of ddl_index_pg_name().  Done by the server from its catalog, since
 * only it knows which indexes exist; names longer than 63 bytes are left.
 */
static void
rename_indexes(Emit *e, const DdlName *table, const char *old)
{
	StrBuf *out = e->out;
	StrBuf reg = STRBUF_INIT, body = STRBUF_INIT;

	table_name(e, &reg, table);
	strbuf_puts(&body,
	            "DECLARE r record; BEGIN FOR r IN SELECT i.indexrelid::regclass AS idx, c.relname "
	            "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = ");
	strbuf_quote_literal(&body, reg.data, reg.len);
	strbuf_puts(&body, "::regclass AND NOT i.indisprimary AND starts_with(c.relname, ");
	prefix_literal(&body, old);
	strbuf_puts(&body, ") LOOP IF octet_length(");
	prefix_literal(&body, table->name);
	strbuf_puts(&body, " || substr(r.relname, char_length(");
	prefix_literal(&body, old);
	strbuf_puts(&body, ") + 1)) <= 63 THEN EXECUTE format('ALTER INDEX %s RENAME TO %I', r.idx, ");
	prefix_literal(&body, table->name);
	strbuf_puts(&body, " || substr(r.relname, char_length(");
	prefix_literal(&body, old);
	strbuf_puts(&body, ") + 1)); END IF; END LOOP; END");
	do_block(out, &body);
	strbuf_free(&reg);
	strbuf_free(&body);
}

/*
 * CREATE TABLE new LIKE old: everything but the indexes comes with LIKE;
 * the indexes are created again under new's names (<new>_<index>), and the
 * primary key as a primary key.
 */
static void
like_indexes(Emit *e, const DdlName *table, const DdlName *like)
{
	StrBuf *out = e->out;
	StrBuf reg = STRBUF_INIT, src = STRBUF_INIT, body = STRBUF_INIT;

	table_name(e, &reg, table);
	table_name(e, &src, like);
	strbuf_puts(
	    &body,
	    "DECLARE r record; BEGIN FOR r IN SELECT c.relname, i.indisunique, "
	    "pg_get_indexdef(i.indexrelid) AS def, (SELECT pg_get_constraintdef(k.oid) FROM "
	    "pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype = 'p') AS pk FROM pg_index "
	    "i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = ");
	strbuf_quote_literal(&body, src.data, src.len);
	strbuf_puts(
	    &body,
	    "::regclass LOOP IF r.pk IS NOT NULL THEN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE "
	    "conrelid = ");
	strbuf_quote_literal(&body, reg.data, reg.len);
	strbuf_puts(&body, "::regclass AND contype = 'p') THEN EXECUTE ");
	{
		StrBuf head = STRBUF_INIT;
		strbuf_printf(&head, "ALTER TABLE %s ADD ", reg.data);
		strbuf_quote_literal(&body, head.data, head.len);
		strbuf_free(&head);
	}
	strbuf_puts(&body,
	            " || r.pk; END IF; ELSE EXECUTE format('CREATE %sINDEX IF NOT EXISTS %I ON "
	            "%s%s', CASE WHEN "
	            "r.indisunique THEN 'UNIQUE ' ELSE '' END, CASE WHEN starts_with(r.relname, ");
	prefix_literal(&body, like->name);
	strbuf_puts(&body, ") THEN ");
	prefix_literal(&body, table->name);
	strbuf_puts(&body, " || substr(r.relname, char_length(");
	prefix_literal(&body, like->name);
	strbuf_puts(&body, ") + 1) ELSE r.relname || ");
	{
		StrBuf suffix = STRBUF_INIT;
		strbuf_printf(&suffix, "_%s", table->name);
		strbuf_quote_literal(&body, suffix.data, suffix.len);
		strbuf_free(&suffix);
	}
	strbuf_puts(&body, " END, ");
	strbuf_quote_literal(&body, reg.data, reg.len);
	strbuf_puts(&body, ", substring(r.def FROM ' USING .*')); END IF; END LOOP; END");
	do_block(out, &body);
	strbuf_free(&reg);
	strbuf_free(&src);
	strbuf_free(&body);
}

static void
rename_table(Emit *e, const DdlName *from, const DdlName *to)
{
	const char *fs = target_schema(e, from->schema), *ts = target_schema(e, to->schema);
	StrBuf *out = e->out;

	if (!e->temp)
		move_index_away(e, to, to->name);
	if (strcmp(from->name, to->name) != 0) {
		strbuf_puts(out, "ALTER TABLE ");
		table_name(e, out, from);
		strbuf_puts(out, " RENAME TO ");
		ident(out, to->name);
		strbuf_puts(out, ";\n");
	}
	if ((fs == NULL) != (ts == NULL) || (fs && strcmp(fs, ts) != 0)) {
		DdlName mid = {from->schema, to->name};
		strbuf_puts(out, "ALTER TABLE ");
		table_name(e, out, &mid);
		strbuf_puts(out, " SET SCHEMA ");
		ident(out, ts ? ts : "public");
		strbuf_puts(out, ";\n");
	}
	if (strcmp(from->name, to->name) != 0 && !e->temp)
		rename_indexes(e, to, from->name);
}

static void
emit_alter(Emit *e)
{
	const DdlStmt *s = e->s;
	size_t start = e->out->len;

	for (int i = 0; i < s->nspecs && !e->error; i++) {
		emit_spec(e, s->specs[i]);
		if (e->tm != NULL)
			ddl_model_apply_spec(e->tm, s->specs[i]);
	}
	for (int i = 0; i < s->nspecs && !e->error; i++)
		if (s->specs[i]->kind == DDL_AT_RENAME_TABLE)
			rename_table(e, &s->table, &s->specs[i]->table);
	if (e->out->len == start && e->notes.len == 0)
		note(e, "ALTER TABLE %s: nothing to change in PostgreSQL", table_text(e, &s->table));
}

/* ---------------------------------------------------------------- the rest */

int
ddl_emit(const DdlContext *ctx, Arena *a, const DdlStmt *s, StrBuf *out, DdlModelTable **table,
         const char **message)
{
	Emit e;

	memset(&e, 0, sizeof(e));
	e.ctx = ctx;
	e.arena = a;
	e.s = s;
	e.out = out;
	e.temp = s->temporary;
	strbuf_init(&e.notes);
	*table = NULL;
	if (s->kind == DDL_CREATE_TABLE)
		e.tm = ddl_model_table_from_create(s->temporary ? NULL : ctx->model,
		                                   s->table.schema ? s->table.schema : ctx->default_schema,
		                                   s, false);
	else if ((s->kind == DDL_ALTER_TABLE || s->kind == DDL_CREATE_INDEX ||
	          s->kind == DDL_DROP_INDEX) &&
	         ctx->model != NULL && !s->temporary) {
		e.tm = ddl_model_table_copy(
		    ctx->model, s->table.schema ? s->table.schema : ctx->default_schema, s->table.name);
	}

	switch (s->kind) {
	case DDL_CREATE_TABLE:
	case DDL_CREATE_TABLE_LIKE:
		emit_create(&e);
		break;
	case DDL_ALTER_TABLE:
		emit_alter(&e);
		break;
	case DDL_DROP_TABLE:
		strbuf_printf(out, "DROP TABLE %s", s->if_exists ? "IF EXISTS " : "");
		for (int i = 0; i < s->nnames; i++) {
			if (i)
				strbuf_puts(out, ", ");
			table_name(&e, out, &s->names[i]);
		}
		strbuf_puts(out, ";\n");
		break;
	case DDL_TRUNCATE:
		strbuf_puts(out, "TRUNCATE TABLE ");
		table_name(&e, out, &s->table);
		strbuf_puts(out, ";\n");
		break;
	case DDL_RENAME_TABLE:
		for (int i = 0; i + 1 < s->nnames; i += 2)
			rename_table(&e, &s->names[i], &s->names[i + 1]);
		break;
	case DDL_CREATE_INDEX:
		if (s->nindexes != 1)
			break;
		if (s->or_replace) {
			strbuf_puts(out, "DROP INDEX IF EXISTS ");
			index_qname(&e, out, &s->table, s->indexes[0]->name);
			strbuf_puts(out, ";\n");
		}
		create_index(&e, &s->table, s->indexes[0], s->indexes[0]->name,
		             s->indexes[0]->if_not_exists);
		break;
	case DDL_DROP_INDEX:
		if (strcasecmp(s->index_name, "PRIMARY") == 0) {
			drop_primary_key(&e, &s->table);
			break;
		}
		strbuf_puts(out, "DROP INDEX IF EXISTS "); /* see DDL_AT_DROP_INDEX */
		index_qname(&e, out, &s->table, s->index_name);
		strbuf_puts(out, ";\n");
		break;
	}
	if (e.error == 0 && e.notes.len > 0)
		strbuf_append(out, e.notes.data, e.notes.len);
	strbuf_free(&e.notes);
	if ((s->kind == DDL_ALTER_TABLE || (s->kind == DDL_CREATE_TABLE && !s->temporary)) &&
	    e.tm != NULL && e.error == 0 && ctx->model != NULL)
		*table = e.tm; /* the table as s leaves it */
	else
		ddl_model_table_free(e.tm);
	*message = e.message;
	return e.error;
}
