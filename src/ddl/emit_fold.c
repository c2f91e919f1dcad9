/*
 * emit_fold.c — expression defaults that are constants MySQL computes once
 * (a literal in parentheses, a typed literal, CAST, CONVERT, IF, COALESCE and
 * the like of constants), reduced to the value MySQL stores, for
 * emit_default.c to write as the column's type says.  Not for defaults
 * PostgreSQL computes (the clock, expressions of columns: emit_default.c).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "ddl/ddl.h"
#include "ddl/emit_int.h"
#include "ddl/lexer.h"
#include "mysql_ddl.h"

bool
emit_fold_lex(const Emit *e, const char *z, FoldToks *ft)
{
	Lexer lx;

	ft->n = 0;
	lex_init(&lx, z, strlen(z), e->ctx->sql_mode);
	for (;;) {
		Token t;
		int code = lex_next(&lx, &t);
		if (code == 0)
			return true;
		if (code == TK_LEX_ERROR || code == TK_SEMI || ft->n == FOLD_MAXTOK)
			return false;
		ft->code[ft->n] = code;
		ft->t[ft->n++] = t;
	}
}

/* Whether token i is the unquoted word w. */
bool
emit_fold_word(const FoldToks *ft, int i, const char *w)
{
	return ft->t[i].n == (int)strlen(w) && strncasecmp(ft->t[i].z, w, strlen(w)) == 0;
}

/* The index of the ")" closing the "(" at open, or -1. */
int
emit_fold_close(const FoldToks *ft, int open)
{
	int depth = 0;

	for (int i = open; i < ft->n; i++)
		if (ft->code[i] == TK_LP)
			depth++;
		else if (ft->code[i] == TK_RP && --depth == 0)
			return i;
	return -1;
}

/* The next top-level "," (or the closing ")") after token from of a call's arguments. */
int
emit_fold_arg_end(const FoldToks *ft, int from, int close)
{
	int depth = 0;

	for (int i = from; i < close; i++)
		if (ft->code[i] == TK_LP)
			depth++;
		else if (ft->code[i] == TK_RP)
			depth--;
		else if (ft->code[i] == TK_COMMA && depth == 0)
			return i;
	return close;
}

/*
 * num (a decimal number, spaces around it allowed) rounded half away from
 * zero (MySQL's DECIMAL and its CAST of a decimal) or truncated (its CAST
 * of a string to an integer) to scale digits after the point, into out;
 * *intdigits gets the digits before the point.  False when num is no plain
 * decimal number (an exponent, letters).
 */
static bool
decimal_text(const char *num, size_t len, int scale, bool truncate, StrBuf *out, int *intdigits)
{
	char buf[96], *q;
	const char *s = num, *e = num + len, *point;
	bool negative = false, carry;
	size_t nint, nfrac, at;

	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	if (s < e && (*s == '-' || *s == '+'))
		negative = *s++ == '-';
	point = memchr(s, '.', (size_t)(e - s));
	nint = (size_t)((point ? point : e) - s);
	nfrac = point ? (size_t)(e - point - 1) : 0;
	if (nint + nfrac == 0 || nint + (size_t)scale + 2 > sizeof(buf) ||
	    strspn(s, "0123456789") != nint || (point && strspn(point + 1, "0123456789") != nfrac))
		return false;
	/* buf: a leading 0 for the carry, the integer digits, scale fraction digits */
	buf[0] = '0';
	memcpy(buf + 1, s, nint);
	for (int k = 0; k < scale; k++)
		buf[1 + nint + k] = (size_t)k < nfrac ? point[1 + k] : '0';
	at = 1 + nint + (size_t)scale;
	carry = !truncate && (size_t)scale < nfrac && point[1 + scale] >= '5';
	for (q = buf + at - 1; carry && q >= buf; q--) {
		carry = *q == '9';
		*q = carry ? '0' : (char)(*q + 1);
	}
	q = buf;
	while (q < buf + at - scale - 1 && *q == '0') /* leading zeros, keeping one */
		q++;
	*intdigits = (int)(buf + at - scale - q);
	for (const char *z = q; negative && z < buf + at; z++)
		if (*z != '0') { /* -0 is 0 */
			strbuf_putc(out, '-');
			break;
		}
	strbuf_append(out, q, (size_t)(buf + at - scale - q));
	if (scale > 0) {
		strbuf_putc(out, '.');
		strbuf_append(out, buf + at - scale, (size_t)scale);
	}
	return true;
}

/*
 * A temporal string cut to fsp fraction digits, when what is cut is zeros
 * only: beyond that MariaDB truncates and MySQL rounds, so no one value is
 * right.  s holds [date ]time: the fraction is the digits after the last '.'.
 */
static bool
fraction_cut(const char *s, size_t len, int fsp, StrBuf *out)
{
	const char *dot = NULL;

	for (size_t i = 0; i < len; i++)
		if (s[i] == '.')
			dot = s + i;
	if (dot == NULL || strchr(dot, ':') != NULL) {
		strbuf_append(out, s, len);
		return true;
	}
	for (const char *q = dot + 1 + fsp; q < s + len; q++)
		if (*q != '0')
			return false;
	strbuf_append(out, s, (size_t)(dot - s) + (fsp > 0 ? 1 + (size_t)fsp : 0));
	if ((size_t)(s + len - dot - 1) < (size_t)fsp) /* fewer digits: as written */
		strbuf_truncate(out, out->len - (size_t)fsp + (size_t)(s + len - dot - 1));
	return true;
}

/* Whether s[0..len) has the shape of pattern, where 9 is a digit and every other byte itself. */
static bool
shaped(const char *s, size_t len, const char *pattern)
{
	if (len != strlen(pattern))
		return false;
	for (size_t i = 0; i < len; i++)
		if (pattern[i] == '9' ? !isdigit((unsigned char)s[i]) : s[i] != pattern[i])
			return false;
	return true;
}

/* A literal value as text: a number as written, a string's or a hex literal's bytes. */
static void
value_text(const DdlDefault *v, StrBuf *out)
{
	if (v->kind == DDL_DEF_HEX || v->kind == DDL_DEF_BIT)
		emit_radix_bytes(v, out);
	else if (v->kind == DDL_DEF_BOOL)
		strbuf_puts(out, v->number ? "1" : "0");
	else
		strbuf_append(out, v->text, v->kind == DDL_DEF_NUMBER ? strlen(v->text) : v->len);
}

/* *v = a literal of kind (DDL_DEF_STRING, DDL_DEF_NUMBER) holding text[0..len), copied. */
static Fold
value_of(Emit *e, DdlDefault *v, DdlDefaultKind kind, const char *text, size_t len)
{
	memset(v, 0, sizeof(*v));
	v->kind = kind;
	v->precision = -1;
	v->text = arena_strndup(e->arena, text, len);
	v->len = len;
	return FOLD_VALUE;
}

static Fold
value_string(Emit *e, DdlDefault *v, const char *text, size_t len)
{
	return value_of(e, v, DDL_DEF_STRING, text, len);
}

/*
 * CAST(x AS type) or CONVERT(x, type) of a literal x (tokens ty..tyend the
 * type) as MySQL computes it; FOLD_NONE for a type or value it does not
 * fold, FOLD_DROP where MariaDB and MySQL disagree.
 */
static Fold
fold_cast(Emit *e, const DdlName *table, const DdlColumn *c, const DdlDefault *x,
          const FoldToks *ft, int ty, int tyend, DdlDefault *v, StrBuf *sql)
{
	StrBuf text = STRBUF_INIT, out = STRBUF_INIT;
	long args[2] = {-1, -1};
	int nargs = 0, last = ty, digits = 0;
	Fold r = FOLD_NONE;
	bool number = x->kind == DDL_DEF_NUMBER, hex = x->kind == DDL_DEF_HEX || x->kind == DDL_DEF_BIT;

	if (x->kind == DDL_DEF_NULL) {
		*v = *x;
		return FOLD_VALUE;
	}
	if (x->kind != DDL_DEF_NUMBER && x->kind != DDL_DEF_STRING && !hex)
		return FOLD_NONE;
	if (ty + 1 <= tyend && ft->code[ty + 1] == TK_LP) { /* (n) or (p,s) */
		for (last = ty + 2; last <= tyend && ft->code[last] != TK_RP; last++)
			if (ft->code[last] == TK_INTNUM && nargs < 2)
				args[nargs++] = strtol(ft->t[last].z, NULL, 10);
			else if (ft->code[last] != TK_COMMA)
				return FOLD_NONE;
	}
	if (last < tyend && !(last + 1 == tyend && (emit_fold_word(ft, tyend, "INTEGER") ||
	                                            emit_fold_word(ft, tyend, "PRECISION"))))
		return FOLD_NONE; /* CHARACTER SET, ARRAY, ... */
	value_text(x, &text);
	if (hex && (emit_fold_word(ft, ty, "SIGNED") || emit_fold_word(ft, ty, "UNSIGNED") ||
	            emit_fold_word(ft, ty, "DECIMAL") || emit_fold_word(ft, ty, "DOUBLE"))) {
		/* a hex literal is a number here */
		unsigned long long n = 0;
		bool fits = text.len <= 8;
		for (size_t i = 0; fits && i < text.len; i++)
			n = n << 8 | (unsigned char)text.data[i];
		strbuf_reset(&text);
		if (!fits)
			goto done;
		strbuf_printf(&text, "%llu", n);
		number = true;
	}
	if (emit_fold_word(ft, ty, "SIGNED") || emit_fold_word(ft, ty, "UNSIGNED")) {
		/* a decimal number rounds, a string is cut at its point */
		if (decimal_text(text.data, text.len, 0, !number, &out, &digits) &&
		    (out.data[0] != '-' || emit_fold_word(ft, ty, "SIGNED")) && digits <= 18) {
			r = value_of(e, v, DDL_DEF_NUMBER, out.data, out.len);
		}
	} else if (emit_fold_word(ft, ty, "DECIMAL") || emit_fold_word(ft, ty, "DEC")) {
		long p = args[0] > 0 ? args[0] : 10, scale = args[1] > 0 ? args[1] : 0;
		if (decimal_text(text.data, text.len, (int)scale, false, &out, &digits)) {
			if (digits > p - scale) { /* both servers clip to the largest DECIMAL(p,s) */
				bool negative = out.data[0] == '-';
				strbuf_reset(&out);
				if (negative)
					strbuf_putc(&out, '-');
				for (long k = 0; k < p; k++)
					strbuf_puts(&out, k == p - scale && k > 0 ? ".9" : "9");
				if (p == scale) { /* no integer digits: 0.99 */
					strbuf_truncate(&out, out.len - (size_t)p);
					strbuf_puts(&out, "0.");
					for (long k = 0; k < p; k++)
						strbuf_putc(&out, '9');
				}
			}
			r = value_of(e, v, DDL_DEF_NUMBER, out.data, out.len);
		}
	} else if (emit_fold_word(ft, ty, "DOUBLE") || emit_fold_word(ft, ty, "REAL") ||
	           emit_fold_word(ft, ty, "FLOAT")) {
		if (decimal_text(text.data, text.len, 0, true, &out, &digits)) {
			/* FLOAT is single precision: the cast rounds, as MySQL's does */
			strbuf_puts(sql, "'");
			strbuf_append(sql, text.data, text.len);
			strbuf_puts(sql, emit_fold_word(ft, ty, "FLOAT") ? "'::real" : "'::double precision");
			r = FOLD_SQL;
		}
	} else if (emit_fold_word(ft, ty, "CHAR") || emit_fold_word(ft, ty, "NCHAR") ||
	           emit_fold_word(ft, ty, "JSON")) {
		size_t at = 0;
		long chars = 0;
		while (at < text.len && (args[0] < 0 || chars < args[0])) { /* n characters */
			at++;
			while (at < text.len && ((unsigned char)text.data[at] & 0xc0) == 0x80)
				at++;
			chars++;
		}
		if (!number || strpbrk(text.data, "eE") == NULL)
			r = value_string(e, v, text.data, at);
	} else if (emit_fold_word(ft, ty, "BINARY")) {
		if (args[0] >= 0) { /* BINARY(n): cut or padded with zero bytes to n */
			if (text.len > (size_t)args[0])
				strbuf_truncate(&text, (size_t)args[0]);
			while (text.len < (size_t)args[0])
				strbuf_putc(&text, '\0');
		}
		if (!number || strpbrk(text.data, "eE") == NULL)
			r = value_string(e, v, text.data ? text.data : "", text.len);
	} else if (!number && !hex && emit_fold_word(ft, ty, "DATE")) {
		if (text.len >= 10 && shaped(text.data, 10, "9999-99-99") &&
		    (text.len == 10 || text.data[10] == ' ' || text.data[10] == 'T'))
			r = value_string(e, v, text.data, 10);
	} else if (!number && !hex && text.len > 0 &&
	           (emit_fold_word(ft, ty, "DATETIME") || emit_fold_word(ft, ty, "TIME"))) {
		bool dt = emit_fold_word(ft, ty, "DATETIME");
		size_t n = text.len, skip = text.data[0] == '-' ? 1 : 0;
		const char *dot = memchr(text.data, '.', n);
		size_t whole = dot ? (size_t)(dot - text.data) : n;
		bool ok = dt ? (shaped(text.data, whole, "9999-99-99 99:99:99") ||
		                (dot == NULL && shaped(text.data, n, "9999-99-99")))
		             : (shaped(text.data + skip, whole - skip, "99:99:99") ||
		                shaped(text.data + skip, whole - skip, "999:99:99"));
		if (ok && dot != NULL && strspn(dot + 1, "0123456789") != n - whole - 1)
			ok = false;
		if (ok && !fraction_cut(text.data, n, args[0] > 0 ? (int)args[0] : 0, &out)) {
			emit_note(e,
			          "default of column \"%s\" of %s has more fractional digits than its CAST: "
			          "MariaDB truncates them and MySQL rounds them: not kept",
			          c->name, emit_table_text(e, table));
			r = FOLD_DROP;
		} else if (ok) {
			if (dt && n == 10)
				strbuf_puts(&out, " 00:00:00");
			r = value_string(e, v, out.data, out.len);
		}
	}
done:
	strbuf_free(&text);
	strbuf_free(&out);
	return r;
}

/* Whether a folded literal is true in MySQL's eyes: a number (or a string read as one) not 0. */
static bool
fold_truth(const DdlDefault *v)
{
	if (v->kind == DDL_DEF_BOOL)
		return v->number != 0;
	if (v->kind == DDL_DEF_NUMBER || v->kind == DDL_DEF_STRING)
		return strtod(v->text, NULL) != 0.0;
	return false;
}

/*
 * A call at from ("NAME" "(" ... ")" at close == to) that MySQL computes
 * once when its arguments are literals: IF(), CONVERT(), CAST().
 */
static Fold
fold_call(Emit *e, const DdlName *table, const DdlColumn *c, const FoldToks *ft, int from, int to,
          DdlDefault *v, StrBuf *sql)
{
	int a1 = emit_fold_arg_end(ft, from + 2, to);
	DdlDefault x;
	Fold r;

	if (emit_fold_word(ft, from, "IF")) {
		int a2 = a1 < to ? emit_fold_arg_end(ft, a1 + 1, to) : to, first, last;
		if (a2 >= to || emit_fold_arg_end(ft, a2 + 1, to) != to)
			return FOLD_NONE;
		if (emit_fold(e, table, c, ft, from + 2, a1 - 1, &x, sql) != FOLD_VALUE ||
		    !(x.kind == DDL_DEF_NUMBER || x.kind == DDL_DEF_STRING || x.kind == DDL_DEF_BOOL ||
		      x.kind == DDL_DEF_NULL))
			return FOLD_NONE;
		first = fold_truth(&x) ? a1 + 1 : a2 + 1;
		last = fold_truth(&x) ? a2 - 1 : to - 1;
		if (first > last)
			return FOLD_NONE;
		/* the branch taken, as an expression default of its own */
		memset(v, 0, sizeof(*v));
		v->kind = DDL_DEF_EXPR;
		v->precision = -1;
		v->text = arena_strndup(e->arena, ft->t[first].z,
		                        (size_t)(ft->t[last].z + ft->t[last].n - ft->t[first].z));
		return FOLD_VALUE;
	}
	if (emit_fold_word(ft, from, "CONVERT") && a1 == to) { /* CONVERT(x USING charset) */
		int at_using = from + 2;
		while (at_using < to && !emit_fold_word(ft, at_using, "USING"))
			at_using++;
		if (at_using + 2 != to ||
		    emit_fold(e, table, c, ft, from + 2, at_using - 1, &x, sql) != FOLD_VALUE ||
		    x.kind == DDL_DEF_EXPR)
			return FOLD_NONE;
		if (x.kind == DDL_DEF_NULL || x.kind == DDL_DEF_STRING) {
			*v = x;
			return FOLD_VALUE;
		}
		{
			StrBuf text = STRBUF_INIT; /* a number or hex literal: its text, a string */
			value_text(&x, &text);
			r = value_string(e, v, text.data ? text.data : "", text.len);
			strbuf_free(&text);
			return r;
		}
	}
	if (emit_fold_word(ft, from, "CONVERT") && a1 < to) { /* CONVERT(x, type) */
		if (emit_fold(e, table, c, ft, from + 2, a1 - 1, &x, sql) != FOLD_VALUE)
			return FOLD_NONE;
		return fold_cast(e, table, c, &x, ft, a1 + 1, to - 1, v, sql);
	}
	if (emit_fold_word(ft, from, "CAST") && a1 == to) {
		int as = to - 1;
		while (as > from + 2 && !emit_fold_word(ft, as, "AS"))
			as--;
		if (as <= from + 2 || as + 1 >= to ||
		    emit_fold(e, table, c, ft, from + 2, as - 1, &x, sql) != FOLD_VALUE)
			return FOLD_NONE;
		return fold_cast(e, table, c, &x, ft, as + 1, to - 1, v, sql);
	}
	return FOLD_NONE;
}

/*
 * Tokens from..to of an expression default, when they are a constant MySQL
 * computes once: a literal in any parentheses (its meaning is then the
 * column's, as for DEFAULT <literal>), a typed literal (DATE '...'), and
 * the calls fold_call() knows of such constants.
 */
Fold
emit_fold(Emit *e, const DdlName *table, const DdlColumn *c, const FoldToks *ft, int from, int to,
          DdlDefault *v, StrBuf *sql)
{
	while (from < to && ft->code[from] == TK_LP && emit_fold_close(ft, from) == to)
		from++, to--;
	if (from > to)
		return FOLD_NONE;
	if (from + 1 == to && ft->code[from] == TK_ID && ft->code[to] == TK_STRING &&
	    (emit_fold_word(ft, from, "DATE") || emit_fold_word(ft, from, "TIME") ||
	     emit_fold_word(ft, from, "TIMESTAMP"))) {
		TypeCat cat = emit_known_cat(e, c);
		size_t len;
		DdlParse dp = {.arena = e->arena, .mode = e->ctx->sql_mode};
		const char *s = ddl_string(&dp, &ft->t[to], &len);
		if (memchr(s, '\0', len) != NULL)
			return FOLD_NONE;
		if (emit_fold_word(ft, from, "TIME") && (cat == CAT_DATE || cat == CAT_TIMESTAMP)) {
			/* a time for a date, today at that time: MySQL's today of each insert, MariaDB's of
			 * the CREATE (it stores the constant) */
			emit_note(e,
			          "default (%s) of column \"%s\" of %s not kept: a TIME for a date is today at "
			          "that time, the day of each insert in MySQL, of the statement in MariaDB",
			          c->def.text, c->name, emit_table_text(e, table));
			return FOLD_DROP;
		}
		if (emit_fold_word(ft, from, "DATE") && cat == CAT_INTERVAL)
			return value_string(e, v, "00:00:00", 8); /* a date for a time: midnight */
		return value_string(e, v, s, len);
	}
	if (from == to ||
	    (from + 1 == to && (ft->code[from] == TK_MINUS || ft->code[from] == TK_PLUS) &&
	     (ft->code[to] == TK_INTNUM || ft->code[to] == TK_DECNUM))) {
		int code = ft->code[to];
		DdlColumn tmp;
		DdlParse dp = {.arena = e->arena, .mode = e->ctx->sql_mode, .col = &tmp};
		if (code != TK_STRING && code != TK_INTNUM && code != TK_DECNUM && code != TK_HEXNUM &&
		    code != TK_BITNUM && code != TK_NULL && code != TK_TRUE && code != TK_FALSE)
			return FOLD_NONE;
		memset(&tmp, 0, sizeof(tmp));
		ddl_col_default(&dp, &ft->t[to], from == to ? 0 : ft->code[from] == TK_MINUS ? -1 : 1);
		*v = tmp.def;
		return FOLD_VALUE;
	}
	if (to > from + 1 && ft->code[from + 1] == TK_LP && emit_fold_close(ft, from + 1) == to &&
	    ft->t[from].z[0] != '`' && ft->t[from].z[0] != '"')
		return fold_call(e, table, c, ft, from, to, v, sql);
	return FOLD_NONE;
}
