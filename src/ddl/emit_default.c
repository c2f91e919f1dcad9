/*
 * emit_default.c — a MySQL column default as a PostgreSQL default.
 *
 * MySQL accepts defaults PostgreSQL would refuse or read otherwise: zero
 * dates, numbers for dates and bits, strings for bit and binary columns,
 * hex and bit literals, function calls PostgreSQL lacks.  This file turns
 * one into a value cast to the column's type, or into a notice when it
 * cannot be kept (ddl.h says why a lost default is not an error).  It also
 * gives the value MySQL fills existing rows with when ADD COLUMN ... NOT
 * NULL has no default.  Whether and where a default is written is the
 * caller's (emit.c, emit_alter.c).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "ddl/ddl.h"
#include "ddl/emit_int.h"

/*
 * The definition of column `name` of the statement's table, or NULL when
 * the statement does not define it (SET DEFAULT or an index added to a
 * table created earlier).  Only the statement is read: a table model, when
 * the translator has one, is the place to answer for the rest.
 */
const DdlColumn *
emit_known_column(Emit *e, const char *name)
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
TypeCat
emit_known_cat(Emit *e, const DdlColumn *c)
{
	const DdlName *t = &e->s->table;
	char buf[256];
	const char *pg;

	if (c == NULL || c->type.name == NULL)
		return CAT_OTHER;
	pg = ddl_map_type(e->ctx, t->schema ? t->schema : e->ctx->default_schema, t->name, c, buf,
	                  sizeof(buf));
	return pg ? emit_type_cat(pg) : CAT_OTHER;
}

bool
emit_is_zero_date(const char *s)
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
		emit_note(e, "default %s of column \"%s\" of %s is out of range: not kept", text, c->name,
		          emit_table_text(e, table));
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
			emit_note(e, "default %s of TIME column \"%s\" of %s is not a time: not kept", v,
			          c->name, emit_table_text(e, table));
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

/* Appends v as a bit string literal of width bits (B'0101'); false, appending nothing, when it does
 * not fit. */
static bool
bit_literal(unsigned long long v, long width, StrBuf *sb)
{
	StrBuf bits = STRBUF_INIT;
	bool ok = bits_of(v, width, &bits);

	if (ok)
		strbuf_printf(sb, "B'%s'", bits.data);
	strbuf_free(&bits);
	return ok;
}

/* A zero date: NULL in a nullable column, '-infinity' in a NOT NULL one. */
static void
zero_date_default(const DdlColumn *c, const char *pg, StrBuf *sb)
{
	if (!(c->not_null || c->key == DDL_IDX_PRIMARY))
		strbuf_puts(sb, "NULL");
	else
		cast_literal(sb, "-infinity", 9, pg);
}

/* DEFAULT <number>: see emit_default_sql(). */
static bool
number_default(Emit *e, const DdlName *table, const DdlColumn *c, const char *pg, TypeCat cat,
               StrBuf *sb)
{
	const DdlDefault *d = &c->def;
	bool kept;

	if (cat == CAT_BIT) {
		char *end;
		unsigned long long v = strtoull(d->text, &end, 10);
		long width = c->type.nargs ? c->type.args[0] : 1;
		if (*end != '\0' || d->text[0] == '-' || !bit_literal(v, width, sb)) {
			emit_note(e, "default %s of column \"%s\" of %s does not fit bit(%ld): not kept",
			          d->text, c->name, emit_table_text(e, table), width);
			return false;
		}
		return true;
	}
	if (pg == NULL) {
		strbuf_puts(sb, d->text);
		return true;
	}
	if ((cat == CAT_DATE || cat == CAT_TIMESTAMP) && strtod(d->text, NULL) == 0.0) {
		zero_date_default(c, pg, sb); /* DEFAULT 0 of a date: the zero date */
		return true;
	}
	if (cat == CAT_INT && strpbrk(d->text, ".eE") != NULL)
		return rounded_default(e, table, c, d->text, pg, sb);
	if (coerced_default(e, table, c, cat, d->text, strlen(d->text), false, pg, sb, &kept))
		return kept;
	cast_literal(sb, d->text, d->len, pg);
	return true;
}

/* DEFAULT '<string>': see emit_default_sql(). */
static bool
string_default(Emit *e, const DdlName *table, const DdlColumn *c, const char *pg, TypeCat cat,
               StrBuf *sb)
{
	const DdlDefault *d = &c->def;
	bool kept;

	if (pg != NULL && coerced_default(e, table, c, cat, d->text, d->len, true, pg, sb, &kept))
		return kept;
	if ((cat == CAT_DATE || cat == CAT_TIMESTAMP) && emit_is_zero_date(d->text)) {
		zero_date_default(c, pg, sb);
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
		emit_note(e,
		          "default of column \"%s\" of %s holds a NUL byte, which PostgreSQL text cannot: "
		          "not kept",
		          c->name, emit_table_text(e, table));
		return false;
	}
	if (cat == CAT_BIT) { /* a string default of a bit column: its bytes are the bits */
		unsigned long long v = 0;
		long width = c->type.nargs ? c->type.args[0] : 1;
		bool ok = d->len <= 8;
		for (size_t i = 0; ok && i < d->len; i++)
			v = (v << 8) | (unsigned char)d->text[i];
		if (!ok || !bit_literal(v, width, sb)) {
			emit_note(e, "default of bit column \"%s\" of %s does not fit: not kept", c->name,
			          emit_table_text(e, table));
			return false;
		}
		return true;
	}
	cast_literal(sb, d->text, d->len, pg);
	return true;
}

/*
 * The value of a hex or bit literal default, for a numeric or bit column
 * (vcat): a number, or bits of the column's width.
 */
static bool
numeric_hex_default(Emit *e, const DdlName *table, const DdlColumn *c, const char *pg, TypeCat vcat,
                    StrBuf *sb)
{
	const DdlDefault *d = &c->def;
	unsigned base = d->kind == DDL_DEF_HEX ? 16 : 2;
	unsigned long long v = 0;
	bool ok = true;

	for (const char *q = d->text; *q; q++) {
		int dv = isdigit((unsigned char)*q) ? *q - '0' : tolower((unsigned char)*q) - 'a' + 10;
		if (v > (~0ULL >> 4))
			ok = false;
		v = v * base + (unsigned)dv;
	}
	if (!ok) {
		emit_note(e, "default of column \"%s\" of %s is too large: not kept", c->name,
		          emit_table_text(e, table));
		return false;
	}
	if (vcat == CAT_BIT) {
		long width = c->type.nargs ? c->type.args[0] : 1;
		if (!bit_literal(v, width, sb)) {
			emit_note(e, "default of bit column \"%s\" of %s does not fit: not kept", c->name,
			          emit_table_text(e, table));
			return false;
		}
	} else if (pg == NULL) {
		strbuf_printf(sb, "%llu", v);
	} else {
		char num[32];
		snprintf(num, sizeof(num), "%llu", v);
		cast_literal(sb, num, strlen(num), pg);
	}
	return true;
}

/* A hex literal default of a text column: its bytes, when they are printable. */
static bool
text_hex_default(Emit *e, const DdlName *table, const DdlColumn *c, const char *pg, StrBuf *sb)
{
	const DdlDefault *d = &c->def;
	StrBuf bytes = STRBUF_INIT;
	size_t nd = strlen(d->text);
	bool ok = true;

	for (size_t i = (nd % 2); i + 1 < nd + (nd % 2) && ok; i += 2) {
		char pair[3] = {i == 0 && nd % 2 ? '0' : d->text[i - (nd % 2)], d->text[i + 1 - (nd % 2)],
		                0};
		int v = (int)strtol(pair, NULL, 16);
		if (v < 0x20 || v > 0x7e)
			ok = false;
		strbuf_putc(&bytes, (char)v);
	}
	if (!ok) {
		strbuf_free(&bytes);
		emit_note(e, "hex default of column \"%s\" of %s is not printable text: not kept", c->name,
		          emit_table_text(e, table));
		return false;
	}
	cast_literal(sb, bytes.data ? bytes.data : "", bytes.len, pg);
	strbuf_free(&bytes);
	return true;
}

/* DEFAULT x'..' or b'..': see emit_default_sql(). */
static bool
hex_default(Emit *e, const DdlName *table, const DdlColumn *c, const char *pg, TypeCat cat,
            StrBuf *sb)
{
	const DdlDefault *d = &c->def;
	/* value = the digits in base 16 or 2; its use depends on the column, whose type c may
	 * carry when pg is NULL (SET DEFAULT: the value is written without a cast) */
	TypeCat vcat = pg ? cat : emit_known_cat(e, c);

	if (vcat == CAT_BIT || vcat == CAT_INT || vcat == CAT_NUMERIC || vcat == CAT_FLOAT ||
	    vcat == CAT_BOOL)
		return numeric_hex_default(e, table, c, pg, vcat, sb);
	if (d->kind == DDL_DEF_BIT) {
		strbuf_printf(sb, "B'%s'", d->text);
		return true;
	}
	/* bytes: bytea as hex; text as the bytes themselves when they are printable */
	if (vcat == CAT_BYTEA || (pg == NULL && vcat == CAT_OTHER)) {
		strbuf_printf(sb, "'\\x%s'::bytea", d->text);
		return true;
	}
	return text_hex_default(e, table, c, pg, sb);
}

/* DEFAULT (<expression>) or a function: see emit_default_sql(). */
static bool
expr_default(Emit *e, const DdlName *table, const DdlColumn *c, const char *pg, TypeCat cat,
             StrBuf *sb)
{
	const DdlDefault *d = &c->def;
	StrBuf x = STRBUF_INIT;
	const char *why = NULL;
	int rc;

	if (strncasecmp(d->text, "NEXT", 4) == 0 && !isalnum((unsigned char)d->text[4])) {
		emit_note(e,
		          "default (%s) of column \"%s\" of %s not kept: MariaDB sequences are not "
		          "replicated",
		          d->text, c->name, emit_table_text(e, table));
		return false;
	}
	rc = ddl_expr_translate(e->arena, d->text, strlen(d->text), e->ctx->sql_mode, e->s, 0, NULL, &x,
	                        &why);
	if (rc != 0) {
		emit_note(e, "default (%s) of column \"%s\" of %s not kept: %s", d->text, c->name,
		          emit_table_text(e, table), why);
		strbuf_free(&x);
		return false;
	}
	strbuf_printf(sb, "(%s)", x.data ? x.data : "");
	if (pg != NULL && cat != CAT_OTHER) {
		/* cast the result, so uuid() fills a char(36); MySQL 8's SHOW CREATE TABLE writes
		 * DEFAULT ((expr)): the same default as the binlog's DEFAULT (expr) */
		strbuf_puts(sb, "::");
		strbuf_puts(sb, pg);
	}
	strbuf_free(&x);
	return true;
}

/*
 * Appends the PostgreSQL default of column c (type pg, NULL when unknown as
 * in ALTER COLUMN SET DEFAULT) and returns true, or returns false with a
 * notice when the default cannot be kept.
 */
bool
emit_default_sql(Emit *e, const DdlName *table, const DdlColumn *c, const char *pg, StrBuf *sb)
{
	const DdlDefault *d = &c->def;
	TypeCat cat = pg ? emit_type_cat(pg) : CAT_OTHER;

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
		return number_default(e, table, c, pg, cat, sb);
	case DDL_DEF_STRING:
		return string_default(e, table, c, pg, cat, sb);
	case DDL_DEF_HEX:
	case DDL_DEF_BIT:
		return hex_default(e, table, c, pg, cat, sb);
	case DDL_DEF_EXPR:
		return expr_default(e, table, c, pg, cat, sb);
	}
	return false;
}

/*
 * For ADD COLUMN ... NOT NULL without a DEFAULT: the value MySQL gives the
 * existing rows (0, '', the zero date, an enum's first label), cast to the
 * PostgreSQL type; NULL when the column needs none.
 */
const char *
emit_implicit_default(Emit *e, const DdlName *table, const DdlColumn *c)
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
	cat = emit_type_cat(pg);
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
		v = emit_is_enum(c, pg) ? c->type.labels[0] : "";
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
