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

#include <json-c/json.h>

#include "common/error.h"
#include "ddl/ddl.h"
#include "ddl/emit_int.h"
#include "ddl/lexer.h"
#include "mysql_ddl.h"

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

/* The PostgreSQL type of column c (in buf), or NULL when c or its type is unknown. */
static const char *
known_type(Emit *e, const DdlColumn *c, char *buf, size_t size)
{
	const DdlName *t = &e->s->table;

	if (c == NULL || c->type.name == NULL)
		return NULL;
	return ddl_map_type(e->ctx, t->schema ? t->schema : e->ctx->default_schema, t->name, c, buf,
	                    size);
}

/* The category of column c's PostgreSQL type; CAT_OTHER when c or its type is unknown. */
TypeCat
emit_known_cat(Emit *e, const DdlColumn *c)
{
	char buf[256];
	const char *pg = known_type(e, c, buf, sizeof(buf));

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

/* Bytes as a bytea literal: '\x4142'::bytea. */
static void
bytea_literal(StrBuf *sb, const char *bytes, size_t len)
{
	strbuf_puts(sb, "'\\x");
	for (size_t i = 0; i < len; i++)
		strbuf_printf(sb, "%02x", (unsigned char)bytes[i]);
	strbuf_puts(sb, "'::bytea");
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

/*
 * Whether s[0..n) is well-formed UTF-8 (PostgreSQL refuses other text);
 * printable: without control bytes but tab and newline.
 */
static bool
utf8_text(const char *s, size_t n, bool printable)
{
	const unsigned char *q = (const unsigned char *)s, *e = q + n;

	while (q < e) {
		int more = *q < 0x80             ? 0
		           : (*q & 0xe0) == 0xc0 ? 1
		           : (*q & 0xf0) == 0xe0 ? 2
		           : (*q & 0xf8) == 0xf0 ? 3
		                                 : -1;
		if (more < 0 || (printable && ((*q < 0x20 && *q != '\t' && *q != '\n') || *q == 0x7f)) ||
		    (more == 1 && *q < 0xc2) || e - q <= more)
			return false;
		for (int k = 1; k <= more; k++)
			if ((q[k] & 0xc0) != 0x80)
				return false;
		q += more + 1;
	}
	return true;
}

/*
 * A date or datetime string as MySQL reads it, in PostgreSQL's form: any
 * punctuation between the parts ('1111:11:11', '1211/1/1 1.2.3'), parts of
 * one digit.  Returns 1 with the canonical text in out, 0 when s is not of
 * that shape (PostgreSQL reads it as it is), -1 when the date does not exist
 * ('2008-02-31', which MySQL keeps under ALLOW_INVALID_DATES).  Zero dates
 * come out as such, for the zero-date rule.
 */
static int
delimited_date(const char *s, size_t len, StrBuf *out)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	long part[6] = {0};
	int n = 0;
	size_t i = 0, frac = 0;

	while (i < len && n < 6) {
		size_t start = i;
		long v = 0;
		while (i < len && isdigit((unsigned char)s[i]) && i - start < 4)
			v = v * 10 + (s[i++] - '0');
		if (i == start || (n > 0 && i - start > 2) || (n == 0 && i - start == 3) ||
		    (n == 0 && i - start == 1))
			return 0;
		if (n == 0 && i - start == 2) /* a year of two digits: 70-99 are 1970-1999 */
			v += v < 70 ? 2000 : 1900;
		part[n++] = v;
		if (i < len && n == 3 && (s[i] == ' ' || s[i] == 'T'))
			i++;
		else if (i < len && n < 6 && ispunct((unsigned char)s[i]))
			i++;
		else if (i < len && !(n == 6 && s[i] == '.')) /* else the fraction */
			return 0;
	}
	if (i < len && s[i] == '.' && n == 6) {
		frac = len - i;
		if (strspn(s + i + 1, "0123456789") != frac - 1)
			return 0;
	} else if (i != len || (n != 3 && n != 6)) {
		return 0;
	}
	if (part[1] > 12 || part[2] > 31 || part[3] > 23 || part[4] > 59 || part[5] > 59 ||
	    (part[0] == 0 && part[1] > 0 && part[2] > 0)) /* PostgreSQL has no year 0 */
		return -1;
	if (part[1] > 0 && part[2] > mdays[part[1] - 1])
		return -1;
	if (part[1] == 2 && part[2] == 29 &&
	    !(part[0] % 4 == 0 && (part[0] % 100 != 0 || part[0] % 400 == 0)))
		return -1;
	strbuf_printf(out, "%04ld-%02ld-%02ld", part[0], part[1], part[2]);
	if (n == 6)
		strbuf_printf(out, " %02ld:%02ld:%02ld", part[3], part[4], part[5]);
	strbuf_append(out, s + len - frac, frac);
	return 1;
}

/* Whether s[0..n) is one JSON text (strict RFC 8259, as jsonb reads it). */
static bool
json_text(const char *s, size_t n)
{
	struct json_tokener *tok;
	struct json_object *o;
	bool ok;

	/* jsonb refuses the character U+0000, which JSON allows escaped */
	if (n > (size_t)0x7fffffff || memmem(s, n, "\\u0000", 6) != NULL ||
	    (tok = json_tokener_new()) == NULL)
		return false;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	o = json_tokener_parse_ex(tok, s, (int)n);                /* NULL for the JSON text null */
	if (json_tokener_get_error(tok) == json_tokener_continue) /* 1: the end tells where it ends */
		o = json_tokener_parse_ex(tok, "", 1);
	ok = json_tokener_get_error(tok) == json_tokener_success &&
	     (json_tokener_get_parse_end(tok) == n || json_tokener_get_parse_end(tok) == 0);
	json_object_put(o);
	json_tokener_free(tok);
	return ok;
}

/* DEFAULT '<string>': see emit_default_sql(). */
static bool
string_default(Emit *e, const DdlName *table, const DdlColumn *c, const char *pg, TypeCat cat,
               StrBuf *sb)
{
	const DdlDefault *d = &c->def;
	bool kept;

	if (c->type.nlabels > 0 && !c->type.binary && memchr(d->text, ' ', d->len) != NULL &&
	    (strcmp(c->type.name, "enum") == 0 || strcmp(c->type.name, "set") == 0)) {
		/* the labels lost their trailing spaces (build.c), the default (each
		 * member of a set's) loses them too: 'b ' is label 'b' */
		DdlColumn view = *c;
		StrBuf t = STRBUF_INIT;
		bool set = strcmp(c->type.name, "set") == 0;
		for (size_t i = 0; i < d->len; i++) {
			size_t run = strspn(d->text + i, " ");
			if (run == 0 || (i + run < d->len && !(set && d->text[i + run] == ','))) {
				strbuf_append(&t, d->text + i, run ? run : 1);
				i += run ? run - 1 : 0;
			} else {
				i += run - 1;
			}
		}
		if (t.len != d->len) {
			view.def.text = arena_strndup(e->arena, t.data ? t.data : "", t.len);
			view.def.len = t.len;
			strbuf_free(&t);
			return string_default(e, table, &view, pg, cat, sb);
		}
		strbuf_free(&t);
	}
	if (pg != NULL && coerced_default(e, table, c, cat, d->text, d->len, true, pg, sb, &kept))
		return kept;
	if (cat == CAT_DATE || cat == CAT_TIMESTAMP) {
		StrBuf canon = STRBUF_INIT;
		int r = delimited_date(d->text, d->len, &canon);
		bool zero = emit_is_zero_date(r > 0 ? canon.data : d->text);
		if (r > 0 && !zero)
			cast_literal(sb, canon.data, canon.len, pg);
		strbuf_free(&canon);
		if (zero) {
			zero_date_default(c, pg, sb);
			return true;
		}
		if (r < 0)
			emit_note(e,
			          "default '%s' of column \"%s\" of %s is no date PostgreSQL can hold: "
			          "not kept",
			          d->text, c->name, emit_table_text(e, table));
		if (r != 0)
			return r > 0;
	}
	if (cat == CAT_INTERVAL && d->len > 11 && d->text[4] == '-' && d->text[7] == '-' &&
	    d->text[10] == ' ') {
		/* a datetime literal for a TIME column: MySQL keeps its time part */
		cast_literal(sb, d->text + 11, d->len - 11, pg);
		return true;
	}
	if (cat == CAT_BYTEA || memchr(d->text, '\0', d->len) != NULL) {
		if (cat == CAT_BYTEA) { /* hex: the bytes exactly, whatever they are */
			bytea_literal(sb, d->text, d->len);
			return true;
		}
		emit_note(e,
		          "default of column \"%s\" of %s holds a NUL byte, which PostgreSQL text cannot: "
		          "not kept",
		          c->name, emit_table_text(e, table));
		return false;
	}
	if (!utf8_text(d->text, d->len, false)) { /* _binary'\xff' for a text column */
		emit_note(e, "default of column \"%s\" of %s is not UTF-8 text: not kept", c->name,
		          emit_table_text(e, table));
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
	if (cat == CAT_JSON && !json_text(d->text, d->len)) { /* MariaDB's JSON is LONGTEXT */
		emit_note(e, "default of column \"%s\" of %s is not JSON that jsonb can hold: not kept",
		          c->name, emit_table_text(e, table));
		return false;
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

/* The bytes of a hex or bit literal default (DDL_DEF_HEX, DDL_DEF_BIT). */
void
emit_radix_bytes(const DdlDefault *d, StrBuf *bytes)
{
	ddl_radix_bytes(d->text, d->kind == DDL_DEF_HEX, bytes);
}

/*
 * A hex or bit literal default of a text (or date) column: a binary string,
 * whose bytes MySQL reads as characters of the column's character set.
 * Kept when they are ASCII (but NUL), or printable UTF-8 in a column declared utf8.
 */
static bool
text_hex_default(Emit *e, const DdlName *table, const DdlColumn *c, const char *pg, StrBuf *sb)
{
	StrBuf bytes = STRBUF_INIT;
	bool ok, ascii = true;

	emit_radix_bytes(&c->def, &bytes);
	for (size_t i = 0; i < bytes.len; i++) /* ASCII but NUL, which PostgreSQL text cannot hold */
		if (bytes.data[i] == '\0' || (unsigned char)bytes.data[i] > 0x7f)
			ascii = false;
	ok = ascii || (c->type.charset != NULL && strncmp(c->type.charset, "utf8", 4) == 0 &&
	               utf8_text(bytes.data, bytes.len, true));
	if (!ok)
		emit_note(e, "hex default of column \"%s\" of %s is not text PostgreSQL can hold: not kept",
		          c->name, emit_table_text(e, table));
	else
		cast_literal(sb, bytes.data ? bytes.data : "", bytes.len, pg);
	strbuf_free(&bytes);
	return ok;
}

/*
 * DEFAULT x'..' or b'..' (see emit_default_sql()): a binary string in a
 * string context, a number in a numeric one; which one is the column's type.
 */
static bool
hex_default(Emit *e, const DdlName *table, const DdlColumn *c, const char *pg, TypeCat cat,
            StrBuf *sb)
{
	const DdlDefault *d = &c->def;
	/* value = the digits in base 16 or 2; its use depends on the column, whose type c may
	 * carry when pg is NULL (SET DEFAULT: the value is written without a cast) */
	TypeCat vcat = pg ? cat : emit_known_cat(e, c);

	if (d->quoted &&
	    (vcat == CAT_INT || vcat == CAT_NUMERIC || vcat == CAT_FLOAT || vcat == CAT_BOOL)) {
		emit_note(e,
		          "default X'%s' of column \"%s\" of %s not kept: MariaDB reads X'..' as a string "
		          "(X'3939' is 99), MySQL as a number (14649)",
		          d->text, c->name, emit_table_text(e, table));
		return false;
	}
	if (vcat == CAT_BIT || vcat == CAT_INT || vcat == CAT_NUMERIC || vcat == CAT_FLOAT ||
	    vcat == CAT_BOOL)
		return numeric_hex_default(e, table, c, pg, vcat, sb);
	if (pg == NULL && vcat == CAT_OTHER && d->kind == DDL_DEF_BIT) {
		strbuf_printf(sb, "B'%s'", d->text); /* a column of unknown type */
		return true;
	}
	if (vcat == CAT_BYTEA || (pg == NULL && vcat == CAT_OTHER)) {
		StrBuf bytes = STRBUF_INIT;
		if (d->kind == DDL_DEF_HEX && strlen(d->text) % 2 == 0) { /* whole bytes: as written */
			strbuf_printf(sb, "'\\x%s'::bytea", d->text);
			return true;
		}
		emit_radix_bytes(d, &bytes);
		bytea_literal(sb, bytes.data, bytes.len);
		strbuf_free(&bytes);
		return true;
	}
	return text_hex_default(e, table, c, pg, sb);
}

static bool default_sql(Emit *e, const DdlName *table, const DdlColumn *c, const char *pg,
                        StrBuf *sb);
static bool now_as_value(Emit *e, const DdlName *table, const DdlColumn *c, const char *pg,
                         StrBuf *sb);

/* What a clock call returns (clock_kind()). */
typedef enum ClockKind {
	CLOCK_NONE,
	CLOCK_TIME,
	CLOCK_DATE,
	CLOCK_DATETIME,
	CLOCK_EPOCH
} ClockKind;

/*
 * Whether the whole expression default (tokens of ft, in any parentheses)
 * is one call of a clock function, NAME, NAME() or NAME(n): what it
 * returns, and n in *fsp (-1 without).  PostgreSQL has no cast from some
 * of these results to some column types (time to timestamp, a timestamp to
 * a number) where MySQL converts them.
 */
static ClockKind
clock_kind(const FoldToks *ft, int *fsp)
{
	static const struct {
		const char *name;
		ClockKind kind;
	} clocks[] = {
	    {"CURTIME", CLOCK_TIME},
	    {"CURRENT_TIME", CLOCK_TIME},
	    {"CURDATE", CLOCK_DATE},
	    {"CURRENT_DATE", CLOCK_DATE},
	    {"UTC_DATE", CLOCK_DATE},
	    {"NOW", CLOCK_DATETIME},
	    {"CURRENT_TIMESTAMP", CLOCK_DATETIME},
	    {"LOCALTIME", CLOCK_DATETIME},
	    {"LOCALTIMESTAMP", CLOCK_DATETIME},
	    {"UNIX_TIMESTAMP", CLOCK_EPOCH},
	};
	int from = 0, to = ft->n - 1;

	for (;;) { /* (x) and COALESCE(x) of a clock have its type */
		if (from < to && ft->code[from] == TK_LP && emit_fold_close(ft, from) == to)
			from++, to--;
		else if (to > from + 2 && ft->code[from + 1] == TK_LP &&
		         emit_fold_close(ft, from + 1) == to && emit_fold_word(ft, from, "COALESCE") &&
		         emit_fold_arg_end(ft, from + 2, to) == to)
			from += 2, to--;
		else
			break;
	}
	*fsp = -1;
	if (from > to || ft->t[from].z[0] == '`' || ft->t[from].z[0] == '"')
		return CLOCK_NONE;
	if (to == from + 3 && ft->code[from + 2] == TK_INTNUM && ft->code[from + 1] == TK_LP &&
	    ft->code[to] == TK_RP)
		*fsp = atoi(ft->t[from + 2].z);
	else if (!(to == from ||
	           (to == from + 2 && ft->code[from + 1] == TK_LP && ft->code[to] == TK_RP)))
		return CLOCK_NONE;
	for (size_t k = 0; k < sizeof(clocks) / sizeof(clocks[0]); k++)
		if (emit_fold_word(ft, from, clocks[k].name))
			return clocks[k].kind;
	return CLOCK_NONE;
}

/*
 * A clock call (clock_kind()) as the default of a column of category cat:
 * true when it was handled here (*kept: appended to sb, or dropped with a
 * notice), false when the expression's own translation casts right.
 */
static bool
clock_default(Emit *e, const DdlName *table, const DdlColumn *c, const char *pg, TypeCat cat,
              const FoldToks *ft, StrBuf *sb, bool *kept)
{
	int fsp;
	ClockKind k = clock_kind(ft, &fsp);

	*kept = false;
	if (k == CLOCK_NONE || cat == CAT_OTHER)
		return false;
	if (k == CLOCK_DATETIME && cat != CAT_TIMESTAMP && cat != CAT_DATE) {
		DdlColumn view = *c; /* the time as a number or string: as DEFAULT NOW() */
		view.def.kind = DDL_DEF_NOW;
		view.def.precision = fsp;
		*kept = now_as_value(e, table, &view, pg, sb);
		return true;
	}
	if (k == CLOCK_TIME && cat == CAT_DATE) { /* a time for a date: today */
		strbuf_puts(sb, "CURRENT_DATE");
		*kept = true;
		return true;
	}
	if (k == CLOCK_TIME && cat == CAT_TIMESTAMP && fsp <= 0) { /* today at the time */
		strbuf_printf(sb, "date_trunc('second', LOCALTIMESTAMP)::%s", pg);
		*kept = true;
		return true;
	}
	if ((k == CLOCK_TIME && cat != CAT_INTERVAL) ||
	    (k == CLOCK_DATE && cat != CAT_DATE && cat != CAT_TIMESTAMP && cat != CAT_STRING) ||
	    (k == CLOCK_EPOCH && cat != CAT_INT && cat != CAT_NUMERIC && cat != CAT_FLOAT &&
	     cat != CAT_STRING)) {
		emit_note(e,
		          "default (%s) of column \"%s\" of %s not kept: MySQL converts its value to "
		          "the column's type, PostgreSQL has no such conversion",
		          c->def.text, c->name, emit_table_text(e, table));
		return true;
	}
	return false;
}

/* DEFAULT (<expression>) or a function: see emit_default_sql(). */
static bool
expr_default(Emit *e, const DdlName *table, const DdlColumn *c, const char *pg, TypeCat cat,
             StrBuf *sb)
{
	const DdlDefault *d = &c->def;
	StrBuf x = STRBUF_INIT;
	const char *why = NULL;
	FoldToks ft;
	int rc;

	if (strncasecmp(d->text, "NEXT", 4) == 0 && !isalnum((unsigned char)d->text[4])) {
		emit_note(e,
		          "default (%s) of column \"%s\" of %s not kept: MariaDB sequences are not "
		          "replicated",
		          d->text, c->name, emit_table_text(e, table));
		return false;
	}
	if (emit_fold_lex(e, d->text, &ft) && ft.n > 0) {
		DdlDefault v;
		StrBuf sql = STRBUF_INIT;
		Fold r = emit_fold(e, table, c, &ft, 0, ft.n - 1, &v, &sql);
		bool kept = r == FOLD_SQL;
		char buf[256];
		/* SET DEFAULT of a column whose type c carries: a constant is cast to it */
		const char *vpg = pg ? pg : known_type(e, c, buf, sizeof(buf));
		if (r == FOLD_VALUE) { /* a constant: converted as the column's type says */
			DdlColumn view = *c;
			view.def = v;
			kept = default_sql(e, table, &view, vpg, sb);
		} else if (r == FOLD_SQL && vpg != NULL && emit_type_cat(vpg) != CAT_OTHER) {
			strbuf_printf(sb, "(%s)::%s", sql.data, vpg);
		} else if (r == FOLD_SQL) {
			strbuf_printf(sb, "(%s)", sql.data);
		}
		strbuf_free(&sql);
		if (r != FOLD_NONE)
			return kept;
		if (vpg != NULL && clock_default(e, table, c, vpg, emit_type_cat(vpg), &ft, sb, &kept))
			return kept;
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
 * CURRENT_TIMESTAMP(n) (and its synonyms) as the default of a column that
 * is not a timestamp: MySQL stores the time converted to the column's type,
 * a number (20201231235959.123456: an integer column keeps the integer
 * part, a decimal rounds to its scale), a string of the time ('2020-12-31
 * 23:59:59.123'), or the time of day; the statement's time, with n
 * fraction digits, truncated.  The same from PostgreSQL's LOCALTIMESTAMP
 * through to_char(), which truncates too.
 */
static bool
now_as_value(Emit *e, const DdlName *table, const DdlColumn *c, const char *pg, StrBuf *sb)
{
	char buf[256];
	TypeCat cat;
	int fsp = c->def.precision > 0 ? c->def.precision : 0;
	const char *format;
	char frac[8] = "";

	if (pg == NULL) /* SET DEFAULT of a column whose type c carries */
		pg = known_type(e, c, buf, sizeof(buf));
	cat = pg ? emit_type_cat(pg) : CAT_OTHER;
	if (cat == CAT_INTERVAL && c->type.nargs > 0 && c->type.args[0] < fsp)
		fsp = (int)c->type.args[0]; /* MariaDB truncates to the TIME column's digits */
	if (cat == CAT_INT)
		fsp = 0;
	if (fsp > 0)
		snprintf(frac, sizeof(frac), ".FF%d", fsp > 6 ? 6 : fsp);
	switch (cat) {
	case CAT_INT:
	case CAT_NUMERIC:
	case CAT_FLOAT:
		format = "YYYYMMDDHH24MISS";
		break;
	case CAT_STRING:
	case CAT_BYTEA:
		format = "YYYY-MM-DD HH24:MI:SS";
		break;
	case CAT_INTERVAL:
		format = "HH24:MI:SS";
		break;
	default:
		emit_note(e, "default %s of column \"%s\" of %s not kept: the time is no value of its type",
		          c->def.precision >= 0 ? "CURRENT_TIMESTAMP(n)" : "CURRENT_TIMESTAMP", c->name,
		          emit_table_text(e, table));
		return false;
	}
	strbuf_printf(sb, "(%sto_char(LOCALTIMESTAMP, '%s%s')%s%s)",
	              cat == CAT_BYTEA ? "convert_to(" : "", format, frac,
	              cat == CAT_BYTEA ? ", 'UTF8')" : "",
	              cat == CAT_INT || cat == CAT_NUMERIC || cat == CAT_FLOAT ? "::numeric" : "");
	if (pg != NULL) {
		strbuf_puts(sb, "::");
		strbuf_puts(sb, pg);
	}
	return true;
}

/*
 * Whether the source is MySQL (DdlContext.mysql) and c has a literal
 * default it does not keep: one of a BLOB, TEXT, JSON, GEOMETRY column.
 */
static bool
mysql_drops_literal(const Emit *e, const DdlColumn *c)
{
	static const char *const types[] = {
	    "tinyblob",       "blob",       "mediumblob",      "longblob",     "tinytext",
	    "text",           "mediumtext", "longtext",        "long",         "long varchar",
	    "long varbinary", "json",       "geometry",        "point",        "linestring",
	    "polygon",        "multipoint", "multilinestring", "multipolygon", "geometrycollection",
	    "geomcollection", NULL,
	};

	const DdlDefaultKind k = c->def.kind;

	if (!e->ctx->mysql || k == DDL_DEF_NONE || k == DDL_DEF_NULL || k == DDL_DEF_EXPR)
		return false;
	for (int i = 0; c->type.name != NULL && types[i]; i++)
		if (strcmp(c->type.name, types[i]) == 0)
			return true;
	return false;
}

/*
 * Appends the PostgreSQL default of column c (type pg, NULL when unknown as
 * in ALTER COLUMN SET DEFAULT) and returns true, or returns false with a
 * notice when the default cannot be kept.
 */
bool
emit_default_sql(Emit *e, const DdlName *table, const DdlColumn *c, const char *pg, StrBuf *sb)
{
	if (mysql_drops_literal(e, c)) {
		emit_note(e,
		          "default of column \"%s\" of %s: none, as in MySQL, which keeps no literal "
		          "default of a BLOB, TEXT, JSON or GEOMETRY column (a warning outside strict "
		          "mode)",
		          c->name, emit_table_text(e, table));
		return false;
	}
	return default_sql(e, table, c, pg, sb);
}

/* emit_default_sql() but the source's own refusals: also for the constant of an expression. */
static bool
default_sql(Emit *e, const DdlName *table, const DdlColumn *c, const char *pg, StrBuf *sb)
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
		else if (pg != NULL
		             ? cat != CAT_TIMESTAMP
		             : emit_known_cat(e, c) != CAT_OTHER && emit_known_cat(e, c) != CAT_TIMESTAMP)
			return now_as_value(e, table, c, pg, sb);
		else if (d->precision >= 0)
			strbuf_printf(sb, "CURRENT_TIMESTAMP(%d)", d->precision);
		else
			strbuf_puts(sb, "CURRENT_TIMESTAMP");
		return true;
	case DDL_DEF_BOOL:
		/* TRUE is 1 in MySQL; without the column's type (SET DEFAULT TRUE of a
		 * table not seen) a quoted '1' reads as 1, true or B'1' alike */
		if (pg == NULL && emit_known_cat(e, c) == CAT_OTHER)
			strbuf_puts(sb, d->number ? "'1'" : "'0'");
		else if (cat == CAT_BOOL || (pg == NULL && emit_known_cat(e, c) == CAT_BOOL))
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

	if (!c->not_null || (c->def.kind != DDL_DEF_NONE && !mysql_drops_literal(e, c)) ||
	    c->auto_increment || c->key == DDL_IDX_PRIMARY)
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
