/*
 * expr.c — MySQL expressions to PostgreSQL, token by token.
 *
 * CHECK constraints, expression defaults and functional key parts are kept
 * by the parser as text; here that text is scanned again (same sql_mode) and
 * rewritten: names are double-quoted, strings become PostgreSQL literals,
 * MySQL-only operators get their PostgreSQL spelling, and functions go
 * through one table.  A function or operator with no PostgreSQL counterpart
 * makes the whole expression untranslatable: the caller decides what to do
 * (drop a default or a CHECK with a notice).  This is not a full expression
 * translator and does not pretend to be: it covers what DDL contains.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "ddl/ddl.h"
#include "mysql_ddl.h"

enum {
	FN_RENAME = 1,   /* same arguments, PostgreSQL name */
	FN_SQL,          /* SQL keyword function: no parentheses when called without arguments */
	FN_REPLACE,      /* the whole call (without arguments) becomes the text */
	FN_RENAME_ONE,   /* FN_RENAME, with exactly one argument (a second one changes the meaning) */
	FN_CLOCK,        /* the same, with MySQL's precision (SYSDATE(n)): put_clock() */
	FN_JSON_PATH,    /* (json, 'path'): a path both read alike, strict (MySQL gives NULL where
	                  * PostgreSQL's lax mode would unwrap an array), errors as NULL */
	FN_JSON_UNQUOTE, /* of FN_JSON_PATH only: the text of the value */
};

static const struct {
	const char *mysql;
	int how;
	const char *pg;
} functions[] = {
    {"abs", FN_RENAME, "abs"},
    {"ascii", FN_RENAME, "ascii"},
    {"ceil", FN_RENAME, "ceil"},
    {"ceiling", FN_RENAME, "ceiling"},
    {"char_length", FN_RENAME, "char_length"},
    {"character_length", FN_RENAME, "character_length"},
    {"coalesce", FN_RENAME, "coalesce"},
    {"concat", FN_RENAME, "concat"},
    {"concat_ws", FN_RENAME, "concat_ws"},
    {"cos", FN_RENAME, "cos"},
    {"curdate", FN_SQL, "CURRENT_DATE"},
    {"current_date", FN_SQL, "CURRENT_DATE"},
    {"current_time", FN_SQL, "LOCALTIME"},
    {"current_timestamp", FN_SQL, "CURRENT_TIMESTAMP"},
    {"curtime", FN_SQL, "LOCALTIME"},
    {"degrees", FN_RENAME, "degrees"},
    {"exp", FN_RENAME, "exp"},
    {"floor", FN_RENAME, "floor"},
    {"greatest", FN_RENAME, "greatest"},
    {"ifnull", FN_RENAME, "coalesce"},
    {"json_array", FN_RENAME, "jsonb_build_array"},
    {"json_extract", FN_JSON_PATH, "jsonb_path_query_first"},
    {"json_object", FN_RENAME, "jsonb_build_object"},
    {"json_unquote", FN_JSON_UNQUOTE, ""},
    {"lcase", FN_RENAME, "lower"},
    {"least", FN_RENAME, "least"},
    {"left", FN_RENAME, "left"},
    {"length", FN_RENAME, "octet_length"},
    {"ln", FN_RENAME, "ln"},
    {"localtime", FN_SQL, "CURRENT_TIMESTAMP"},
    {"localtimestamp", FN_SQL, "CURRENT_TIMESTAMP"},
    {"log10", FN_RENAME, "log10"},
    {"lower", FN_RENAME, "lower"},
    {"lpad", FN_RENAME, "lpad"},
    {"ltrim", FN_RENAME, "ltrim"},
    {"md5", FN_RENAME, "md5"},
    {"mod", FN_RENAME, "mod"},
    {"now", FN_SQL, "CURRENT_TIMESTAMP"},
    {"nullif", FN_RENAME, "nullif"},
    {"pi", FN_RENAME, "pi"},
    {"pow", FN_RENAME, "power"},
    {"power", FN_RENAME, "power"},
    {"radians", FN_RENAME, "radians"},
    {"rand", FN_RENAME, "random"},
    {"repeat", FN_RENAME, "repeat"},
    {"replace", FN_RENAME, "replace"},
    {"reverse", FN_RENAME, "reverse"},
    {"right", FN_RENAME, "right"},
    {"round", FN_RENAME, "round"},
    {"rpad", FN_RENAME, "rpad"},
    {"rtrim", FN_RENAME, "rtrim"},
    {"sign", FN_RENAME, "sign"},
    {"sin", FN_RENAME, "sin"},
    {"sqrt", FN_RENAME, "sqrt"},
    {"substr", FN_RENAME, "substr"},
    {"substring", FN_RENAME, "substring"},
    {"sysdate", FN_CLOCK, "clock_timestamp()"}, /* the time of the call, not of the statement */
    {"tan", FN_RENAME, "tan"},
    {"trim", FN_RENAME, "trim"},
    {"truncate", FN_RENAME, "trunc"},
    {"ucase", FN_RENAME, "upper"},
    {"unix_timestamp", FN_REPLACE, "extract(epoch FROM now())::bigint"},
    {"upper", FN_RENAME, "upper"},
    {"utc_date", FN_REPLACE, "(now() AT TIME ZONE 'UTC')::date"},
    {"utc_timestamp", FN_REPLACE, "(now() AT TIME ZONE 'UTC')"},
    {"uuid", FN_REPLACE, "gen_random_uuid()"},
    {"uuid_to_bin", FN_RENAME_ONE, "uuid_send"}, /* the 16 bytes in order; a swap flag reorders */
};

/* Counterparts PostgreSQL marks STABLE or VOLATILE, which an index expression cannot call
 * (the clock and random ones: MySQL refuses them in key parts too) */
static const char *const not_immutable[] = {
    "concat", "concat_ws", "jsonb_build_array", "jsonb_build_object", NULL,
};

/* Words that are SQL in both dialects; anything else unquoted is a name. */
static const char *const sql_words[] = {
    "AND",  "BETWEEN", "CASE", "ELSE", "END",  "ESCAPE", "FALSE",   "IN",   "IS",
    "LIKE", "NOT",     "NULL", "OR",   "THEN", "TRUE",   "UNKNOWN", "WHEN", NULL,
};

typedef struct Tok {
	int code;
	Token t;
} Tok;

static bool
word_is(const Token *t, const char *w)
{
	return (size_t)t->n == strlen(w) && strncasecmp(t->z, w, (size_t)t->n) == 0;
}

static const char *
sql_word(const Token *t)
{
	if (t->z[0] == '`' || t->z[0] == '"')
		return NULL;
	for (int i = 0; sql_words[i]; i++)
		if (word_is(t, sql_words[i]))
			return sql_words[i];
	return NULL;
}

static int
find_function(const Token *t)
{
	for (size_t i = 0; i < sizeof(functions) / sizeof(functions[0]); i++)
		if (word_is(t, functions[i].mysql))
			return (int)i;
	return -1;
}

static void
space(StrBuf *out)
{
	if (out->len > 0) {
		char c = out->data[out->len - 1];
		if (c != '(' && c != ' ' && c != '.')
			strbuf_putc(out, ' ');
	}
}

/*
 * MySQL's INTERVAL n UNIT (after NOW() + ...) as a PostgreSQL interval
 * literal: '1 DAY'::interval.  toks[at] is the INTERVAL word.  Only an
 * integer (number or string) with a single unit PostgreSQL reads the same
 * way: MySQL rounds INTERVAL 1.5 DAY to 2 days, where PostgreSQL would read
 * a day and a half, and the compound units (MINUTE_SECOND '1:30') are read
 * differently by PostgreSQL.  Returns how many tokens after INTERVAL it
 * used, or -1 with *why set.
 */
static int
interval_literal(DdlParse *dp, const Tok *toks, int ntok, int at, StrBuf *out, const char **why)
{
	static const char *const units[] = {"MICROSECOND", "SECOND", "MINUTE", "HOUR",    "DAY",
	                                    "WEEK",        "MONTH",  "YEAR",   "QUARTER", NULL};
	int j = at + 1, u;
	bool negative = false;
	char digits[32];
	size_t nd = 0;
	long long v;

	*why = "only INTERVAL with an integer and a single unit (INTERVAL 1 DAY) can be translated";
	if (j < ntok && (toks[j].code == TK_MINUS || toks[j].code == TK_PLUS))
		negative = toks[j++].code == TK_MINUS;
	if (j + 1 >= ntok)
		return -1;
	if (toks[j].code == TK_INTNUM) {
		if (toks[j].t.n > 9) /* a billion days is no default anyone means */
			return -1;
		nd = (size_t)toks[j].t.n;
		memcpy(digits, toks[j].t.z, nd);
	} else if (toks[j].code == TK_STRING) {
		size_t len;
		const char *s = ddl_string(dp, &toks[j].t, &len);
		const char *e = s + len;
		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		if (s < e && (*s == '-' || *s == '+'))
			negative = (*s++ == '-') != negative;
		if (s == e || e - s > 9)
			return -1;
		for (const char *q = s; q < e; q++)
			if (!isdigit((unsigned char)*q))
				return -1;
		nd = (size_t)(e - s);
		memcpy(digits, s, nd);
	} else {
		return -1;
	}
	digits[nd] = '\0';
	for (u = 0; units[u]; u++)
		if (word_is(&toks[j + 1].t, units[u]) && toks[j + 1].t.z[0] != '`')
			break;
	if (units[u] == NULL)
		return -1;
	v = strtoll(digits, NULL, 10);
	space(out);
	if (strcmp(units[u], "QUARTER") == 0) /* PostgreSQL has no quarters: three months each */
		strbuf_printf(out, "'%s%lld MONTH'::interval", negative ? "-" : "", v * 3);
	else
		strbuf_printf(out, "'%s%lld %s'::interval", negative ? "-" : "", v, units[u]);
	return j + 1 - at;
}

/* What translating one expression reads and writes: the state its steps share. */
typedef struct Xlate {
	Arena *a;
	DdlParse dp; /* for ddl_string() and ddl_ident() */
	Tok *toks;   /* the expression's tokens (arena) */
	int ntok;
	const DdlStmt *stmt; /* whose columns give names their spelling; may be NULL */
	int flags;           /* DDL_EXPR_* */
	const DdlExprCols *cols; /* what a column holds; may be NULL */
	StrBuf *out;
	const char **why;
	/* tokens at..last written as text instead (a CAST's type, json_extract's path) */
	struct {
		int at, last;
		const char *text;
	} patch[8];
	int npatch;
} Xlate;

/* Tokens at..last of x are to be written as text (copied to the arena). */
static int
add_patch(Xlate *x, int at, int last, const char *text)
{
	if (x->npatch == (int)(sizeof(x->patch) / sizeof(x->patch[0]))) {
		*x->why = "the expression nests too many CAST and json_extract calls";
		return CHM_EUNSUPPORTED;
	}
	x->patch[x->npatch].at = at;
	x->patch[x->npatch].last = last;
	x->patch[x->npatch++].text = arena_strdup(x->a, text);
	return 0;
}

/*
 * Whether tokens first..last, a CAST or a JSON lookup, stand alone in an
 * index expression: the whole key part (in any parentheses), or the whole
 * argument of a CAST or json_unquote().  Their results are text or jsonb
 * where MySQL's mix with numbers: inside another expression PostgreSQL
 * could refuse the operator, and the replay the index.
 */
static bool
stands_alone(const Xlate *x, int first, int last)
{
	if (!(x->flags & DDL_EXPR_INDEX))
		return false;
	while (first > 0 && last + 1 < x->ntok && x->toks[first - 1].code == TK_LP &&
	       x->toks[last + 1].code == TK_RP && (first < 2 || x->toks[first - 2].code == TK_LP))
		first--, last++;
	if (first == 0 && last == x->ntok - 1)
		return true;
	if (first < 2 || x->toks[first - 1].code != TK_LP)
		return false;
	if (word_is(&x->toks[first - 2].t, "CAST"))
		return last + 1 < x->ntok && word_is(&x->toks[last + 1].t, "AS");
	return word_is(&x->toks[first - 2].t, "json_unquote") && last + 1 < x->ntok &&
	       x->toks[last + 1].code == TK_RP;
}

/*
 * CAST(clock AS DATE | DATETIME | TIME) at *i (AS at as, ")" at close), in a
 * default: CAST(CURRENT_TIMESTAMP AS date), and for the others the time
 * truncated to the second first, as MySQL's casts without a precision do.
 * A CAST of a literal is folded before (emit_default.c); others are
 * refused: MySQL's conversions of other values differ from PostgreSQL's.
 */
static int
put_clock_cast(Xlate *x, int *i, int as, int close)
{
	static const char *const clocks[] = {"CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP", "NOW",
	                                     "SYSDATE",           "CURDATE",   "CURRENT_DATE",   NULL};
	const Token *arg = &x->toks[*i + 2].t, *ty = &x->toks[as + 1].t;
	bool clock = false, date = word_is(ty, "DATE");
	int rc;

	for (int k = 0; clocks[k]; k++)
		clock = clock || word_is(arg, clocks[k]);
	if (!clock || as + 2 != close || arg->z[0] == '`' ||
	    !(date || word_is(ty, "DATETIME") || word_is(ty, "TIME")) ||
	    !(as == *i + 3 ||
	      (x->toks[*i + 3].code == TK_LP && x->toks[as - 1].code == TK_RP && as - 1 <= *i + 5))) {
		*x->why = "CAST of anything but a constant or the clock to a date or time: MySQL's "
		          "conversions differ from PostgreSQL's";
		return CHM_EUNSUPPORTED;
	}
	space(x->out);
	strbuf_puts(x->out, "CAST");
	if (!date && (rc = add_patch(x, *i + 1, *i + 1, "(date_trunc('second', ")) != 0)
		return rc;
	return add_patch(x, as, close - 1,
	                 date                  ? " AS date"
	                 : word_is(ty, "TIME") ? ") AS time"
	                                       : ") AS timestamp");
}

/*
 * CAST(expr AS type) at *i, "CAST" followed by "(": PostgreSQL's CAST, to a
 * character type only.  MySQL converts any string to a number or a date
 * (with a warning); PostgreSQL refuses what is not one, which would fail
 * the index where MySQL built it.  CHARSET/CHARACTER SET/BINARY after the
 * type say nothing PostgreSQL needs.
 */
static int
put_cast(Xlate *x, int *i)
{
	int close = *i + 1, depth = 0, as = -1, j;
	long n = -1;
	char type[32];

	for (; close < x->ntok; close++) {
		int code = x->toks[close].code;
		if (code == TK_LP)
			depth++;
		else if (code == TK_RP && --depth == 0)
			break;
		else if (depth == 1 && as < 0 && word_is(&x->toks[close].t, "AS"))
			as = close;
	}
	j = as + 1;
	if (!(x->flags & DDL_EXPR_INDEX) && as > 0 && close < x->ntok)
		return put_clock_cast(x, i, as, close);
	if (!stands_alone(x, *i, close)) {
		*x->why = "CAST is translated only in an index expression, alone or in CAST";
		return CHM_EUNSUPPORTED;
	}
	if (as < 0 || close >= x->ntok || j >= close ||
	    !(word_is(&x->toks[j].t, "CHAR") || word_is(&x->toks[j].t, "NCHAR"))) {
		*x->why = "CAST to a type other than CHAR: PostgreSQL refuses values MySQL converts";
		return CHM_EUNSUPPORTED;
	}
	j++;
	if (j + 2 < close && x->toks[j].code == TK_LP && x->toks[j + 1].code == TK_INTNUM &&
	    x->toks[j + 2].code == TK_RP) {
		n = strtol(x->toks[j + 1].t.z, NULL, 10);
		if (n < 1 || n > 10485760) {
			*x->why = "CAST AS CHAR(n) with a length PostgreSQL's varchar does not take";
			return CHM_EUNSUPPORTED;
		}
		j += 3;
	}
	for (; j < close; j++)
		if (x->toks[j].code == TK_LP || x->toks[j].code == TK_STRING) {
			*x->why = "CAST AS CHAR with options PostgreSQL has no counterpart for";
			return CHM_EUNSUPPORTED;
		}
	if (n > 0)
		snprintf(type, sizeof(type), " AS varchar(%ld)", n);
	else
		snprintf(type, sizeof(type), " AS text");
	space(x->out);
	strbuf_puts(x->out, "CAST");
	return add_patch(x, as, close - 1, type);
}

/*
 * Scans z[0..n) into x->toks.  Returns CHM_EUNSUPPORTED with *x->why set
 * for what no expression translates: unreadable text, a ';', a variable.
 */
static int
read_tokens(Xlate *x, const char *z, size_t n, int mode)
{
	Lexer lx;
	int cap = 16;

	x->toks = arena_alloc(x->a, sizeof(Tok) * (size_t)cap);
	lex_init(&lx, z, n, mode);
	for (;;) {
		Tok tk;
		tk.code = lex_next(&lx, &tk.t);
		if (tk.code == 0)
			break;
		if (tk.code == TK_LEX_ERROR || tk.code == TK_SEMI || tk.code == TK_VARIABLE) {
			*x->why = tk.code == TK_VARIABLE ? "variables cannot be translated"
			                                 : "the expression cannot be read";
			return CHM_EUNSUPPORTED;
		}
		if (x->ntok == cap) {
			Tok *bigger = arena_alloc(x->a, sizeof(Tok) * (size_t)cap * 2);
			memcpy(bigger, x->toks, sizeof(Tok) * (size_t)cap);
			x->toks = bigger;
			cap *= 2;
		}
		x->toks[x->ntok++] = tk;
	}
	return 0;
}

/* Whether token i, a "(", opens the arguments of the function written just before it. */
static bool
opens_call(const Xlate *x, int i)
{
	const StrBuf *out = x->out;
	int prev;

	if (i == 0)
		return false;
	prev = x->toks[i - 1].code;
	return prev != TK_LP && prev != TK_RP && prev != TK_COMMA && prev != TK_OP && prev != TK_EQ &&
	       prev != TK_MINUS && prev != TK_PLUS && prev != TK_STRING && prev != TK_INTNUM &&
	       prev != TK_DECNUM && out->len > 0 && out->data[out->len - 1] != ' ' &&
	       !sql_word(&x->toks[i - 1].t);
}

static void
put_number(StrBuf *out, const Token *t)
{
	if (out->len > 0 && (out->data[out->len - 1] == '-' || out->data[out->len - 1] == '+') &&
	    (out->len == 1 || out->data[out->len - 2] == '(' || out->data[out->len - 2] == ' ')) {
		/* a sign directly before the number: keep them together */
	} else {
		space(out);
	}
	strbuf_append(out, t->z, (size_t)t->n);
}

static int
put_string(Xlate *x, const Token *t)
{
	size_t len;
	char *s = ddl_string(&x->dp, t, &len);

	if (memchr(s, '\0', len) != NULL) {
		*x->why = "a string with a NUL byte cannot be a PostgreSQL literal";
		return CHM_EUNSUPPORTED;
	}
	space(x->out);
	strbuf_quote_literal(x->out, s, len);
	return 0;
}

/* Whether token k is an arithmetic operator: + - * / % DIV MOD. */
static bool
arithmetic(const Xlate *x, int k)
{
	const Token *t;

	if (k < 0 || k >= x->ntok)
		return false;
	t = &x->toks[k].t;
	return x->toks[k].code == TK_PLUS || x->toks[k].code == TK_MINUS ||
	       (x->toks[k].code == TK_OP && t->n == 1 && strchr("*/%", t->z[0]) != NULL) ||
	       word_is(t, "DIV") || word_is(t, "MOD");
}

/*
 * x'..', 0x.., b'..', 0b.. at i (introducer allowed: _binary 0x41): a
 * number next to an arithmetic operator, where MySQL reads it as one;
 * elsewhere a binary string: a string literal when its bytes are printable
 * (concat(0x41, 'b') is 'Ab'), else bytea from hex, a bit string from bits.
 */
static void
put_hex_or_bits(Xlate *x, int i)
{
	const Tok *k = &x->toks[i];
	const char *d = ddl_radix_digits(&x->dp, &k->t);
	size_t nd = strlen(d);
	StrBuf bytes = STRBUF_INIT;
	bool text = true;

	space(x->out);
	if ((arithmetic(x, i - 1) || arithmetic(x, i + 1)) &&
	    nd <= (k->code == TK_HEXNUM ? 15u : 63u)) { /* fits a bigint */
		unsigned long long v = strtoull(d, NULL, k->code == TK_HEXNUM ? 16 : 2);
		strbuf_printf(x->out, "%llu", v);
		return;
	}
	ddl_radix_bytes(d, k->code == TK_HEXNUM, &bytes);
	for (size_t b = 0; b < bytes.len; b++)
		if ((unsigned char)bytes.data[b] < 0x20 || (unsigned char)bytes.data[b] > 0x7e)
			text = false;
	if (text && bytes.len > 0) { /* a string: PostgreSQL reads the literal as either type */
		strbuf_quote_literal(x->out, bytes.data, bytes.len);
		strbuf_free(&bytes);
		return;
	}
	strbuf_free(&bytes);
	strbuf_puts(x->out, k->code == TK_HEXNUM ? "'\\x" : "B'");
	if (k->code == TK_HEXNUM && nd % 2) /* whole bytes, as MySQL pads them */
		strbuf_putc(x->out, '0');
	strbuf_puts(x->out, d);
	strbuf_puts(x->out, k->code == TK_HEXNUM ? "'::bytea" : "'");
}

static int
put_operator(Xlate *x, const Token *t)
{
	StrBuf *out = x->out;

	space(out);
	if (word_is(t, "||"))
		strbuf_puts(out, "OR");
	else if (word_is(t, "&&"))
		strbuf_puts(out, "AND");
	else if (word_is(t, "!"))
		strbuf_puts(out, "NOT");
	else if (word_is(t, "<=>"))
		strbuf_puts(out, "IS NOT DISTINCT FROM");
	else if (word_is(t, "^"))
		strbuf_puts(out, "#");
	else if (word_is(t, "->") || word_is(t, "->>") || word_is(t, ":=") || word_is(t, "@") ||
	         word_is(t, "{") || word_is(t, "}") || word_is(t, "[") || word_is(t, "]") ||
	         word_is(t, "?") || word_is(t, ":") || word_is(t, "\\")) {
		*x->why = "an operator has no PostgreSQL counterpart";
		return CHM_EUNSUPPORTED;
	} else
		strbuf_append(out, t->z, (size_t)t->n);
	return 0;
}

/* The number of arguments between the parentheses at open and close. */
static int
count_args(const Xlate *x, int open, int close)
{
	int args = close > open + 1 ? 1 : 0;

	for (int j = open + 1, d = 0; j < close; j++) {
		if (x->toks[j].code == TK_LP)
			d++;
		else if (x->toks[j].code == TK_RP)
			d--;
		else if (x->toks[j].code == TK_COMMA && d == 0)
			args++;
	}
	return args;
}

/* Whether s is a JSON path MySQL and PostgreSQL read alike: $ then .key, ."key" or [n]. */
static bool
simple_json_path(const char *s, size_t n)
{
	size_t k = 1;

	if (n == 0 || s[0] != '$')
		return false;
	while (k < n) {
		size_t start;
		if (s[k] == '.' && k + 1 < n && (isalpha((unsigned char)s[k + 1]) || s[k + 1] == '_')) {
			for (k++; k < n && (isalnum((unsigned char)s[k]) || s[k] == '_'); k++)
				;
		} else if (s[k] == '.' && k + 1 < n && s[k + 1] == '"') {
			for (k += 2; k < n && s[k] != '"' && s[k] != '\\'; k++)
				;
			if (k >= n || s[k] != '"')
				return false;
			k++;
		} else if (s[k] == '[') {
			for (start = ++k; k < n && isdigit((unsigned char)s[k]); k++)
				;
			if (k == start || k >= n || s[k] != ']')
				return false;
			k++;
		} else {
			return false;
		}
	}
	return true;
}

/*
 * The arguments after the document of a JSON path lookup, from the MySQL
 * path literal tok: ", 'strict path', '{}', true" into tail.  Only a path
 * MySQL and PostgreSQL read alike; not in a unique index, where
 * PostgreSQL's spelling of some JSON numbers (1e2 is 100, MySQL's 100.0)
 * could make equal what MySQL keeps apart.
 */
static int
json_path_args(Xlate *x, const Tok *tok, StrBuf *tail)
{
	size_t len;
	const char *path;

	if (x->flags & DDL_EXPR_UNIQUE) {
		*x->why = "a JSON path lookup in a unique index: PostgreSQL writes some JSON numbers "
		          "differently from MySQL";
		return CHM_EUNSUPPORTED;
	}
	path = ddl_string(&x->dp, &tok->t, &len);
	if (!simple_json_path(path, len)) {
		*x->why = "a JSON path PostgreSQL reads differently (only $, .key, .\"key\" and [n])";
		return CHM_EUNSUPPORTED;
	}
	strbuf_puts(tail, ", ");
	{
		StrBuf lit = STRBUF_INIT;
		strbuf_append(&lit, "strict ", 7);
		strbuf_append(&lit, path, len);
		strbuf_quote_literal(tail, lit.data, lit.len);
		strbuf_free(&lit);
	}
	strbuf_puts(tail, ", '{}', true");
	return 0;
}

/*
 * json_extract(doc, 'path') at *i (its ")" at close) as
 * jsonb_path_query_first(doc, 'strict path', '{}', true): json_path_args().
 */
static int
put_json_path(Xlate *x, int *i, int close, const char *pg)
{
	StrBuf tail = STRBUF_INIT;
	int rc;

	if (count_args(x, *i + 1, close) != 2 || x->toks[close - 1].code != TK_STRING ||
	    x->toks[close - 2].code != TK_COMMA) {
		*x->why = "json_extract() takes one literal path in PostgreSQL's translation";
		return CHM_EUNSUPPORTED;
	}
	if (!stands_alone(x, *i, close)) {
		*x->why = "json_extract() is translated only in an index expression, alone or in CAST";
		return CHM_EUNSUPPORTED;
	}
	if ((rc = json_path_args(x, &x->toks[close - 1], &tail)) == 0) {
		space(x->out);
		strbuf_puts(x->out, pg);
		/* the document is translated as any expression; the path replaces ", 'path'" */
		rc = add_patch(x, close - 2, close - 1, tail.data);
	}
	strbuf_free(&tail);
	return rc;
}

/*
 * json_unquote(json_extract(...)) at *i (its ")" at close): the text of the
 * JSON value, (... #>> '{}').  Only of json_extract(): PostgreSQL's #>> takes
 * jsonb, MySQL's json_unquote() any string.
 */
static int
put_json_unquote(Xlate *x, int *i, int close)
{
	int inner = *i + 2, depth = 0, k;

	for (k = inner + 1; k < close; k++)
		if (x->toks[k].code == TK_LP)
			depth++;
		else if (x->toks[k].code == TK_RP && --depth == 0)
			break;
	if (inner >= close || !word_is(&x->toks[inner].t, "json_extract") || k != close - 1) {
		*x->why = "json_unquote() of anything but json_extract() has no PostgreSQL counterpart";
		return CHM_EUNSUPPORTED;
	}
	if (!stands_alone(x, *i, close)) {
		*x->why = "json_unquote() is translated only in an index expression, alone or in CAST";
		return CHM_EUNSUPPORTED;
	}
	space(x->out); /* "(" then the lookup, and the close becomes " #>> '{}')" */
	return add_patch(x, close, close, " #>> '{}')");
}

/* A column name, spelled as the statement's column of that name when it has one. */
static void
put_column(Xlate *x, int i)
{
	char *name = ddl_ident(&x->dp, &x->toks[i].t);
	bool qualified = i > 0 && x->toks[i - 1].code == TK_DOT;

	for (int c = 0; x->stmt != NULL && !qualified && c < x->stmt->ncolumns; c++)
		if (strcasecmp(x->stmt->columns[c]->name, name) == 0)
			name = x->stmt->columns[c]->name;
	strbuf_quote_ident(x->out, name, strlen(name));
}

/*
 * MySQL's column->'path' and column->>'path' at *i (the column): the
 * lookup of json_extract() and json_unquote(json_extract()).
 */
static int
put_json_arrow(Xlate *x, int *i)
{
	bool unquote = word_is(&x->toks[*i + 1].t, "->>");
	StrBuf tail = STRBUF_INIT;
	int rc;

	if (!stands_alone(x, *i, *i + 2)) {
		*x->why = "-> and ->> are translated only in an index expression, alone or in CAST";
		return CHM_EUNSUPPORTED;
	}
	if ((rc = json_path_args(x, &x->toks[*i + 2], &tail)) == 0) {
		space(x->out);
		strbuf_puts(x->out, unquote ? "(jsonb_path_query_first(" : "jsonb_path_query_first(");
		put_column(x, *i);
		strbuf_puts(x->out, tail.data);
		strbuf_puts(x->out, unquote ? ") #>> '{}')" : ")");
		*i += 2;
	}
	strbuf_free(&tail);
	return rc;
}

/* PostgreSQL counterparts that take text, and numbers (an index's functions of a column) */
static const char *const text_functions[] = {
    "ascii", "char_length",  "character_length", "left",      "lower",   "lpad",
    "ltrim", "octet_length", "repeat",           "replace",   "reverse", "right",
    "rpad",  "rtrim",        "substr",           "substring", "trim",    "upper",
    NULL,
};
static const char *const number_functions[] = {
    "abs",   "ceil",    "ceiling", "cos",  "degrees", "exp",  "floor", "ln",    "mod",
    "power", "radians", "round",   "sign", "sin",     "sqrt", "tan",   "trunc", NULL,
};

/* What token k holds when it is a column name alone (DDL_COL_*), with x->cols. */
static int
column_kind(Xlate *x, int k)
{
	static const char *const not_names[] = {"BINARY",
	                                        "COLLATE",
	                                        "CURRENT_DATE",
	                                        "CURRENT_TIME",
	                                        "CURRENT_TIMESTAMP",
	                                        "DIV",
	                                        "INTERVAL",
	                                        "LOCALTIME",
	                                        "LOCALTIMESTAMP",
	                                        "MOD",
	                                        "REGEXP",
	                                        "RLIKE",
	                                        NULL};
	const Tok *t;

	if (x->cols == NULL || k < 0 || k >= x->ntok)
		return DDL_COL_UNKNOWN;
	t = &x->toks[k];
	switch (t->code) {
	case TK_LP:
	case TK_RP:
	case TK_COMMA:
	case TK_DOT:
	case TK_EQ:
	case TK_MINUS:
	case TK_PLUS:
	case TK_INTNUM:
	case TK_DECNUM:
	case TK_STRING:
	case TK_HEXNUM:
	case TK_BITNUM:
	case TK_OP:
		return DDL_COL_UNKNOWN;
	default:
		break;
	}
	if (sql_word(&t->t) || (k + 1 < x->ntok && x->toks[k + 1].code == TK_LP) ||
	    (k > 0 && x->toks[k - 1].code == TK_DOT) ||
	    (k + 1 < x->ntok && x->toks[k + 1].code == TK_DOT))
		return DDL_COL_UNKNOWN;
	for (int i = 0; t->t.z[0] != '`' && t->t.z[0] != '"' && not_names[i]; i++)
		if (word_is(&t->t, not_names[i]))
			return DDL_COL_UNKNOWN;
	return x->cols->kind(x->cols->arg, ddl_ident(&x->dp, &t->t));
}

/*
 * Whether the call at i of pg, PostgreSQL's counterpart, has as first
 * argument a column alone of a kind pg does not take: the refusal in
 * *x->why.
 */
static bool
argument_mismatch(Xlate *x, int i, const char *pg)
{
	int kind, fam = 0;
	char msg[200]; /* copied to the arena: translations run in several threads */

	if (i + 3 >= x->ntok || (x->toks[i + 3].code != TK_COMMA && x->toks[i + 3].code != TK_RP))
		return false;
	for (int k = 0; text_functions[k]; k++)
		if (strcmp(pg, text_functions[k]) == 0)
			fam = DDL_COL_TEXT;
	for (int k = 0; number_functions[k]; k++)
		if (strcmp(pg, number_functions[k]) == 0)
			fam = DDL_COL_NUMBER;
	if (fam == 0)
		return false;
	kind = column_kind(x, i + 2);
	if (kind == DDL_COL_UNKNOWN || kind == fam)
		return false;
	snprintf(msg, sizeof(msg),
	         "%s() of column %.*s, which holds no %s: MySQL converts it, PostgreSQL has no such "
	         "function",
	         pg, x->toks[i + 2].t.n > 64 ? 64 : x->toks[i + 2].t.n, x->toks[i + 2].t.z,
	         fam == DDL_COL_TEXT ? "text" : "numbers");
	*x->why = arena_strdup(x->a, msg);
	return true;
}

/*
 * Whether operator token k (+ - * / % DIV MOD) has a text column alone on
 * either side: PostgreSQL has no arithmetic on text, MySQL converts it.
 */
static bool
text_operand(Xlate *x, int k)
{
	if (!arithmetic(x, k))
		return false;
	if (column_kind(x, k - 1) != DDL_COL_TEXT && column_kind(x, k + 1) != DDL_COL_TEXT)
		return false;
	*x->why = "arithmetic on a text column: MySQL converts it, PostgreSQL has no such operator";
	return true;
}

/*
 * SYSDATE(n) at *i (its ")" at close) as pg, the clock, with the n
 * fraction digits MySQL keeps (none without n), truncated as MySQL does:
 * date_trunc() where a unit has them, else through to_char()'s FFn, which
 * truncates too.
 */
static int
put_clock(Xlate *x, int *i, int close, const char *pg)
{
	long n = 0;

	if (close == *i + 3 && x->toks[*i + 2].code == TK_INTNUM)
		n = strtol(x->toks[*i + 2].t.z, NULL, 10);
	else if (close != *i + 2)
		n = -1;
	if (n < 0 || n > 6) {
		*x->why = "a function is called with arguments PostgreSQL's counterpart does not take";
		return CHM_EUNSUPPORTED;
	}
	if (n == 0 || n == 3)
		strbuf_printf(x->out, "date_trunc('%s', %s)", n ? "milliseconds" : "second", pg);
	else if (n == 6)
		strbuf_puts(x->out, pg);
	else
		strbuf_printf(x->out, "to_char(%s, 'YYYY-MM-DD HH24:MI:SS.FF%ld')::timestamp", pg, n);
	*i = close;
	return 0;
}

/* Whether token i is the first argument of a call of a PostgreSQL function of text. */
static bool
text_argument(const Xlate *x, int i)
{
	int f;

	if (i < 2 || x->toks[i - 1].code != TK_LP || (f = find_function(&x->toks[i - 2].t)) < 0)
		return false;
	for (int k = 0; text_functions[k]; k++)
		if (strcmp(functions[f].pg, text_functions[k]) == 0)
			return true;
	return false;
}

/*
 * The call of the function named at *i, through the table of functions.
 * Moves *i to the closing parenthesis when PostgreSQL's counterpart is
 * written without the arguments.
 */
static int
put_call(Xlate *x, int *i)
{
	const Token *t = &x->toks[*i].t;
	int close = *i + 1, depth = 0;
	int f = find_function(t);

	if (f < 0) {
		char msg[128]; /* copied to the arena: translations run in several threads */
		snprintf(msg, sizeof(msg), "function %.*s() has no PostgreSQL counterpart",
		         t->n > 64 ? 64 : t->n, t->z);
		*x->why = arena_strdup(x->a, msg);
		return CHM_EUNSUPPORTED;
	}
	for (; close < x->ntok; close++) {
		if (x->toks[close].code == TK_LP)
			depth++;
		else if (x->toks[close].code == TK_RP && --depth == 0)
			break;
	}
	for (int k = 0; (x->flags & DDL_EXPR_INDEX) && not_immutable[k]; k++)
		if (strcmp(functions[f].pg, not_immutable[k]) == 0) {
			char msg[160];
			snprintf(msg, sizeof(msg),
			         "function %s() is not IMMUTABLE in PostgreSQL, which index expressions need",
			         not_immutable[k]);
			*x->why = arena_strdup(x->a, msg);
			return CHM_EUNSUPPORTED;
		}
	if (argument_mismatch(x, *i, functions[f].pg))
		return CHM_EUNSUPPORTED;
	space(x->out);
	if (functions[f].how == FN_RENAME_ONE) {
		if (count_args(x, *i + 1, close) != 1) {
			*x->why = "a function is called with arguments PostgreSQL's counterpart does not take";
			return CHM_EUNSUPPORTED;
		}
		strbuf_puts(x->out, functions[f].pg);
	} else if (functions[f].how == FN_JSON_PATH) {
		return put_json_path(x, i, close, functions[f].pg);
	} else if (functions[f].how == FN_JSON_UNQUOTE) {
		return put_json_unquote(x, i, close);
	} else if (functions[f].how == FN_RENAME) {
		strbuf_puts(x->out, functions[f].pg);
	} else if (functions[f].how == FN_SQL) {
		strbuf_puts(x->out, functions[f].pg);
		if (close == *i + 2)
			*i = close; /* no arguments: no parentheses */
	} else if (functions[f].how == FN_CLOCK) {
		return put_clock(x, i, close, functions[f].pg);
	} else {
		if (close != *i + 2) {
			*x->why = "a function is called with arguments PostgreSQL's counterpart does not take";
			return CHM_EUNSUPPORTED;
		}
		strbuf_puts(x->out, functions[f].pg);
		if (strcmp(functions[f].mysql, "uuid") == 0 && text_argument(x, *i))
			strbuf_puts(x->out, "::text"); /* MySQL's uuid() is a string: length(uuid()) */
		*i = close;
	}
	return 0;
}

/*
 * DATE '...', TIME '...' or TIMESTAMP '...' at *i: the same typed literal
 * in PostgreSQL (TIMESTAMP without time zone, as MySQL's has none).  A
 * TIME PostgreSQL's time type cannot hold (24 hours or more, negative) is
 * refused.
 */
static int
put_typed_literal(Xlate *x, int *i)
{
	size_t len;
	const char *s = ddl_string(&x->dp, &x->toks[*i + 1].t, &len);

	if (word_is(&x->toks[*i].t, "TIME") &&
	    !(len >= 8 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) && s[2] == ':' &&
	      (s[0] < '2' || (s[0] == '2' && s[1] < '4')))) {
		*x->why = "a TIME literal PostgreSQL's time type cannot hold";
		return CHM_EUNSUPPORTED;
	}
	space(x->out);
	strbuf_puts(x->out, word_is(&x->toks[*i].t, "DATE")   ? "DATE"
	                    : word_is(&x->toks[*i].t, "TIME") ? "TIME"
	                                                      : "TIMESTAMP");
	(*i)++;
	return put_string(x, &x->toks[*i].t);
}

/* Whether token k is a number or boolean literal, in any parentheses from k in direction dir. */
static bool
number_literal(const Xlate *x, int k, int dir)
{
	while (k >= 0 && k < x->ntok && x->toks[k].code == (dir > 0 ? TK_LP : TK_RP))
		k += dir;
	if (k < 0 || k >= x->ntok)
		return false;
	return x->toks[k].code == TK_INTNUM || x->toks[k].code == TK_DECNUM ||
	       word_is(&x->toks[k].t, "TRUE") || word_is(&x->toks[k].t, "FALSE");
}

/*
 * Whether the LIKE at i (NOT LIKE too) has no number or boolean literal as
 * an operand: MySQL reads 1 LIKE TRUE as '1' LIKE '1', PostgreSQL has LIKE
 * of text only.
 */
static bool
like_of_strings(const Xlate *x, int i)
{
	int left = i > 0 && word_is(&x->toks[i - 1].t, "NOT") ? i - 2 : i - 1;

	return !number_literal(x, left, -1) && !number_literal(x, i + 1, 1);
}

/*
 * A word at *i: a keyword, a MySQL-only operator word, a function call or
 * a column name.  Moves *i past the tokens it used after the word
 * (COLLATE's name, an INTERVAL literal, a call written without arguments).
 */
static int
put_word(Xlate *x, int *i)
{
	const Token *t = &x->toks[*i].t;
	StrBuf *out = x->out;
	bool call = *i + 1 < x->ntok && x->toks[*i + 1].code == TK_LP;
	bool quoted = t->z[0] == '`' || t->z[0] == '"';
	const char *w = sql_word(t);

	if (w != NULL && strcmp(w, "LIKE") == 0 && !like_of_strings(x, *i)) {
		*x->why = "LIKE of a number or boolean: MySQL compares its text, PostgreSQL has no "
		          "such operator";
		return CHM_EUNSUPPORTED;
	}
	if (w != NULL) {
		space(out);
		strbuf_puts(out, w);
		return 0;
	}
	if (!quoted && (word_is(t, "DIV") || word_is(t, "MOD")) && !call) {
		space(out);
		strbuf_puts(out, word_is(t, "DIV") ? "/" : "%");
		return 0;
	}
	if (!quoted && (word_is(t, "REGEXP") || word_is(t, "RLIKE"))) {
		space(out);
		strbuf_puts(out, "~");
		return 0;
	}
	if (!quoted && word_is(t, "BINARY") && !call)
		return 0; /* BINARY x: a collation cast, nothing in PostgreSQL */
	if (!quoted && word_is(t, "COLLATE") && *i + 1 < x->ntok) {
		(*i)++; /* COLLATE name: dropped */
		return 0;
	}
	if (!quoted &&
	    (word_is(t, "CURRENT_TIMESTAMP") || word_is(t, "LOCALTIME") ||
	     word_is(t, "LOCALTIMESTAMP") || word_is(t, "CURRENT_DATE") ||
	     word_is(t, "CURRENT_TIME")) &&
	    !call) {
		space(out);
		strbuf_puts(out, word_is(t, "CURRENT_DATE")   ? "CURRENT_DATE"
		                 : word_is(t, "CURRENT_TIME") ? "LOCALTIME"
		                                              : "CURRENT_TIMESTAMP");
		return 0;
	}
	if (!quoted && word_is(t, "INTERVAL") && !call) {
		int used = interval_literal(&x->dp, x->toks, x->ntok, *i, out, x->why);
		if (used < 0)
			return CHM_EUNSUPPORTED;
		*i += used;
		return 0;
	}
	if (!quoted && *i + 1 < x->ntok && x->toks[*i + 1].code == TK_STRING &&
	    (word_is(t, "DATE") || word_is(t, "TIME") || word_is(t, "TIMESTAMP")))
		return put_typed_literal(x, i);
	if (call && !quoted && word_is(t, "CAST"))
		return put_cast(x, i);
	if (call && !quoted)
		return put_call(x, i);
	space(out);
	if (!(x->flags & DDL_EXPR_COLUMNS)) {
		*x->why = "a default cannot refer to a column in PostgreSQL";
		return CHM_EUNSUPPORTED;
	}
	if (*i + 2 < x->ntok && x->toks[*i + 1].code == TK_OP && x->toks[*i + 2].code == TK_STRING &&
	    (word_is(&x->toks[*i + 1].t, "->") || word_is(&x->toks[*i + 1].t, "->>")))
		return put_json_arrow(x, i);
	put_column(x, *i);
	return 0;
}

/*
 * Whether the number at i is the whole condition of a searched CASE's
 * WHEN (CASE WHEN 1 THEN ...): true when not 0 in MySQL, where PostgreSQL
 * wants a boolean.  In CASE x WHEN 1 it is a value, compared to x.
 */
static bool
number_condition(const Xlate *x, int i)
{
	int depth = 0;

	if (i < 1 || i + 1 >= x->ntok || !word_is(&x->toks[i - 1].t, "WHEN") ||
	    !word_is(&x->toks[i + 1].t, "THEN"))
		return false;
	for (int k = i - 2; k >= 0; k--) /* the CASE of this WHEN: searched if WHEN follows it */
		if (word_is(&x->toks[k].t, "END"))
			depth++;
		else if (word_is(&x->toks[k].t, "CASE") && depth-- == 0)
			return word_is(&x->toks[k + 1].t, "WHEN");
	return false;
}

int
ddl_expr_translate(Arena *a, const char *z, size_t n, int mode, const DdlStmt *stmt, int flags,
                   const DdlExprCols *cols, StrBuf *out, const char **why)
{
	Xlate x;
	int rc;

	memset(&x, 0, sizeof(x));
	x.a = a;
	x.dp.arena = a;
	x.dp.mode = mode;
	x.stmt = stmt;
	x.flags = flags;
	x.cols = cols;
	x.out = out;
	x.why = why;
	rc = read_tokens(&x, z, n, mode);
	for (int i = 0; i < x.ntok && rc == 0; i++) {
		const Tok *k = &x.toks[i];
		int p = 0;
		while (p < x.npatch && x.patch[p].at != i)
			p++;
		if (p < x.npatch) {
			strbuf_puts(out, x.patch[p].text);
			i = x.patch[p].last;
			continue;
		}
		if (text_operand(&x, i)) {
			rc = CHM_EUNSUPPORTED;
			break;
		}
		switch (k->code) {
		case TK_LP:
			if (!opens_call(&x, i))
				space(out);
			strbuf_putc(out, '(');
			break;
		case TK_RP:
			strbuf_putc(out, ')');
			break;
		case TK_COMMA:
			strbuf_puts(out, ", ");
			break;
		case TK_DOT:
			while (out->len > 0 && out->data[out->len - 1] == ' ')
				strbuf_truncate(out, out->len - 1);
			strbuf_putc(out, '.');
			break;
		case TK_EQ:
			space(out);
			strbuf_putc(out, '=');
			break;
		case TK_MINUS:
		case TK_PLUS:
			space(out);
			strbuf_putc(out, k->t.z[0]);
			break;
		case TK_INTNUM:
		case TK_DECNUM:
			put_number(out, &k->t);
			if (number_condition(&x, i))
				strbuf_puts(out, " <> 0");
			break;
		case TK_STRING:
			rc = put_string(&x, &k->t);
			break;
		case TK_HEXNUM:
		case TK_BITNUM:
			put_hex_or_bits(&x, i);
			break;
		case TK_OP:
			rc = put_operator(&x, &k->t);
			break;
		default: /* words: keywords and names */
			rc = put_word(&x, &i);
			break;
		}
	}
	return rc;
}
