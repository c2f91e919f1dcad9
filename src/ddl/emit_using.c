/*
 * emit_using.c — the USING expression of ALTER TABLE MODIFY/CHANGE: a
 * column's existing values converted the way MySQL converts them
 * (emit_using_known), or, where PostgreSQL cannot repeat MySQL exactly, an
 * expression that cannot fail while the table is copied again (the caller,
 * emit_alter.c, sets recopy).  Not for the ALTER statement itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "ddl/ddl.h"
#include "ddl/emit_int.h"

/* ---------------------------------------------------------------- USING conversions */

/*
 * MySQL's range of an integer type (name as the tree spells it), which
 * MySQL clips to when a value does not fit (strict mode refuses the ALTER
 * instead, so either way PostgreSQL must not fail): NULL when not an integer
 * type.  "real" is a double in MySQL.
 */
static const struct {
	const char *name;
	const char *lo, *hi, *uhi;
} int_ranges[] = {
    {"tinyint", "-128", "127", "255"},
    {"int1", "-128", "127", "255"},
    {"bool", "-128", "127", "255"},
    {"boolean", "-128", "127", "255"},
    {"smallint", "-32768", "32767", "65535"},
    {"int2", "-32768", "32767", "65535"},
    {"mediumint", "-8388608", "8388607", "16777215"},
    {"int3", "-8388608", "8388607", "16777215"},
    {"middleint", "-8388608", "8388607", "16777215"},
    {"int", "-2147483648", "2147483647", "4294967295"},
    {"integer", "-2147483648", "2147483647", "4294967295"},
    {"int4", "-2147483648", "2147483647", "4294967295"},
    {"bigint", "-9223372036854775808", "9223372036854775807", "18446744073709551615"},
    {"int8", "-9223372036854775808", "9223372036854775807", "18446744073709551615"},
    {"serial", "0", "18446744073709551615", "18446744073709551615"},
};

static bool
int_range(const DdlColumn *c, const char **lo, const char **hi)
{
	for (size_t i = 0; c->type.name && i < sizeof(int_ranges) / sizeof(int_ranges[0]); i++)
		if (strcmp(c->type.name, int_ranges[i].name) == 0) {
			bool u = c->type.is_unsigned || c->type.zerofill;
			*lo = u ? "0" : int_ranges[i].lo;
			*hi = u ? int_ranges[i].uhi : int_ranges[i].hi;
			return true;
		}
	return false;
}

static bool
type_is(const DdlColumn *c, const char *name)
{
	return c->type.name != NULL && strcmp(c->type.name, name) == 0;
}

static bool
is_decimal(const DdlColumn *c)
{
	return type_is(c, "decimal") || type_is(c, "dec") || type_is(c, "numeric") ||
	       type_is(c, "fixed");
}

/* Fractional digits of a TIME, DATETIME or TIMESTAMP. */
static long
fsp(const DdlColumn *c)
{
	return c->type.nargs ? c->type.args[0] : 0;
}

bool
emit_col_nullable(const DdlColumn *c)
{
	return !(c->not_null || c->key == DDL_IDX_PRIMARY);
}

/* A charset whose text PostgreSQL's (UTF-8) holds as MySQL does: unchanged, or utf8mb4. */
static bool
same_text(const DdlColumn *old, const DdlColumn *c)
{
	const char *a = old->type.charset, *b = c->type.charset;

	if (b == NULL || (a != NULL && strcasecmp(a, b) == 0))
		return true;
	return strcasecmp(b, "utf8mb4") == 0;
}

/* The labels of c as a SQL array, 1-based like MySQL's enum index. */
static void
put_labels(StrBuf *out, const DdlColumn *c)
{
	strbuf_puts(out, "ARRAY[");
	for (int i = 0; i < c->type.nlabels; i++) {
		if (i)
			strbuf_puts(out, ", ");
		strbuf_quote_literal(out, c->type.labels[i], c->type.label_lens[i]);
	}
	strbuf_puts(out, "]::text[]");
}

/*
 * The value of column x (MySQL column old, PostgreSQL type old_pg) as the
 * number MySQL reads it as, into v; returns whether that is MySQL's number
 * for every row, false (v still written and unable to fail) when not, and
 * -1 when no expression is written.
 */
static int
as_number(StrBuf *v, const char *x, const DdlColumn *old, const char *old_pg)
{
	TypeCat oc = emit_type_cat(old_pg);

	if (emit_is_enum(old, old_pg)) {
		/* MySQL stores an enum as its label's index, 1-based like array_position; the error
		 * value '' is 0 */
		strbuf_puts(v, "coalesce(array_position(");
		put_labels(v, old);
		strbuf_printf(v, ", %s), CASE WHEN %s = '' THEN 0 END)", x, x);
		return true;
	}
	switch (oc) {
	case CAT_INT:
	case CAT_NUMERIC:
	case CAT_FLOAT:
		strbuf_puts(v, x);
		return true;
	case CAT_BIT:
		/* bits are unsigned in MySQL; bit(64) with the top bit set is a negative bigint */
		if (fsp(old) == 64)
			strbuf_printf(v,
			              "(%s::bigint::numeric + CASE WHEN %s::bigint < 0 THEN "
			              "18446744073709551616 ELSE 0 END)",
			              x, x);
		else
			strbuf_printf(v, "%s::bigint", x);
		return true;
	case CAT_DATE:
	case CAT_TIMESTAMP:
		/* MySQL reads a date as 20200229, a datetime as 20200229101112; a zero date (the
		 * replica's -infinity) as 0.  A nullable column's zero dates are NULL here: not exact */
		strbuf_printf(v, "CASE WHEN isfinite(%s) THEN to_char(%s, '%s')::numeric ELSE 0 END", x, x,
		              oc == CAT_DATE ? "YYYYMMDD" : "YYYYMMDDHH24MISS");
		return !emit_col_nullable(old) &&
		       (oc == CAT_DATE || (fsp(old) == 0 && !strstr(old_pg, "tz")));
	case CAT_INTERVAL:
		/* MySQL reads a TIME as [-]HHMMSS, the hours going past 24 */
		strbuf_printf(
		    v,
		    "(sign(extract(epoch FROM %s)) * (trunc(abs(extract(epoch FROM %s)) / 3600) * "
		    "10000 + trunc(mod(abs(extract(epoch FROM %s)), 3600) / 60) * 100 + "
		    "trunc(mod(abs(extract(epoch FROM %s)), 60))))",
		    x, x, x, x);
		return fsp(old) == 0;
	default:
		return -1;
	}
}

/* Number v clipped to [lo, hi] (NULL bounds: not clipped) and cast to pg.  Not least() and
 * greatest(), which ignore a NULL. */
static void
put_clipped(StrBuf *out, const char *v, const char *lo, const char *hi, const char *pg)
{
	if (lo != NULL)
		strbuf_printf(out, "(CASE WHEN %s > %s THEN %s WHEN %s < %s THEN %s ELSE %s END)::%s", v,
		              hi, hi, v, lo, lo, v, pg);
	else
		strbuf_printf(out, "(%s)::%s", v, pg);
}

/* A number column: MySQL rounds (decimals half away from zero, floats to even, as
 * PostgreSQL's round() does for each) and clips to the type's range. */
static int
to_number(Emit *e, StrBuf *out, const char *x, const DdlColumn *old, const char *old_pg,
          const DdlColumn *c, const char *pg)
{
	StrBuf v = STRBUF_INIT, r = STRBUF_INIT;
	TypeCat oc = emit_type_cat(old_pg);
	const char *lo = NULL, *hi = NULL;
	char max[160], min[162];
	int exact = as_number(&v, x, old, old_pg);

	(void)e;
	if (exact < 0)
		goto done;
	if (type_is(c, "year")) {
		/* 1..69 are 2001..2069, 70..99 1970..1999, 0 stays 0; out of range: 0 */
		if (oc == CAT_NUMERIC || oc == CAT_FLOAT || oc == CAT_INTERVAL)
			strbuf_printf(&r, "round(%s)", v.data);
		else
			strbuf_append(&r, v.data, v.len);
		strbuf_printf(out,
		              "(CASE WHEN %s BETWEEN 1 AND 69 THEN %s + 2000 WHEN %s BETWEEN 70 AND 99 "
		              "THEN %s + 1900 WHEN %s BETWEEN 1901 AND 2155 THEN %s ELSE 0 END)::%s",
		              r.data, r.data, r.data, r.data, r.data, r.data, pg);
		/* from a fraction MySQL cuts (Field_year::store(double)) where MariaDB may round */
		exact = exact && oc == CAT_INT && !type_is(old, "year");
		goto done;
	}
	if (int_range(c, &lo, &hi)) {
		const char *olo, *ohi;
		if (oc == CAT_NUMERIC || oc == CAT_INTERVAL)
			strbuf_printf(&r, "round(%s)", v.data);
		else if (oc == CAT_FLOAT)
			strbuf_printf(&r, "round(%s)::numeric", v.data);
		else
			strbuf_append(&r, v.data, v.len);
		/* no clipping where every old value fits */
		char bmax[24];
		bool known = true;
		if (type_is(old, "year")) { /* 0, 1901 .. 2155 */
			olo = "0", ohi = "2155";
		} else if (emit_is_enum(old, old_pg)) { /* a label's index */
			olo = "0", ohi = "65535";
		} else if (oc == CAT_INTERVAL) { /* -838:59:59 .. 838:59:59 */
			olo = "-8385959", ohi = "8385959";
		} else if (oc == CAT_BIT && fsp(old) < 63) {
			snprintf(bmax, sizeof(bmax), "%lld", (1LL << (fsp(old) > 0 ? fsp(old) : 1)) - 1);
			olo = "0", ohi = bmax;
		} else {
			known = int_range(old, &olo, &ohi);
		}
		if (known && strtod(olo, NULL) >= strtod(lo, NULL) && strtod(ohi, NULL) <= strtod(hi, NULL))
			lo = hi = NULL;
		put_clipped(out, r.data, lo, hi, pg);
		goto done;
	}
	if (is_decimal(c)) {
		/* precision and scale as the type map wrote them (DECIMAL(0,0) is numeric(10,0)) */
		long p = 0, sc = 0;
		int k = 0;
		if (sscanf(pg, "numeric(%ld,%ld)", &p, &sc) != 2 || p < 1 || p > 65 || sc < 0 || sc > 30 ||
		    sc > p) {
			exact = -1;
			goto done;
		}
		for (long i = 0; i < p - sc; i++)
			max[k++] = '9';
		if (k == 0)
			max[k++] = '0';
		if (sc > 0) {
			max[k++] = '.';
			for (long i = 0; i < sc; i++)
				max[k++] = '9';
		}
		max[k] = '\0';
		snprintf(min, sizeof(min), "-%s", max);
		strbuf_printf(&r, "round(%s%s, %ld)", v.data, oc == CAT_FLOAT ? "::numeric" : "", sc);
		put_clipped(out, r.data, c->type.is_unsigned ? "0" : min, max, pg);
		/* a double's decimal digits: MySQL's and PostgreSQL's shortest forms may differ */
		exact = exact && oc != CAT_FLOAT;
		goto done;
	}
	if (emit_type_cat(pg) == CAT_FLOAT) {
		if (strcmp(pg, "real") == 0)
			/* MySQL clips to the float range; PostgreSQL fails past it */
			strbuf_printf(
			    out,
			    "(CASE WHEN abs(%s::float8) < 7.1e-46 THEN 0 WHEN %s::float8 > 3.402823466e+38 "
			    "THEN 3.402823466e+38 WHEN %s::float8 < -3.402823466e+38 THEN "
			    "-3.402823466e+38 ELSE %s::float8 END)::real",
			    v.data, v.data, v.data, v.data);
		else
			strbuf_printf(out, "(%s)::%s", v.data, pg);
		/* FLOAT(m,d) rounds to d digits in MySQL */
		exact = exact && c->type.nargs < 2;
		goto done;
	}
	exact = -1;
done:
	strbuf_free(&v);
	strbuf_free(&r);
	return exact;
}

/* Label i of old in c: the same bytes, else the same letters in another case (MySQL's
 * collations ignore case); -1 when c has none. */
static int
label_in(const DdlColumn *old, int i, const DdlColumn *c, bool *recased)
{
	for (int j = 0; j < c->type.nlabels; j++)
		if (c->type.label_lens[j] == old->type.label_lens[i] &&
		    memcmp(c->type.labels[j], old->type.labels[i], old->type.label_lens[i]) == 0)
			return j;
	for (int j = 0; j < c->type.nlabels; j++)
		if (c->type.label_lens[j] == old->type.label_lens[i] &&
		    strncasecmp(c->type.labels[j], old->type.labels[i], old->type.label_lens[i]) == 0) {
			*recased = true;
			return j;
		}
	return -1;
}

/*
 * An enum column: MySQL keeps each value's label (looked up in the new
 * list without regard to case), and makes a number the label at that
 * index; what has no label becomes '' (the error value), which the CHECK
 * refuses: *loose asks for it NOT VALID.
 */
static int
to_enum(StrBuf *out, const char *x, const DdlColumn *old, const char *old_pg, const DdlColumn *c,
        bool *loose)
{
	TypeCat oc = emit_type_cat(old_pg);
	const char *lo, *hi;

	if (emit_is_enum(old, old_pg)) {
		bool recased = false, missing = false;
		for (int i = 0; i < old->type.nlabels; i++)
			missing |= label_in(old, i, c, &recased) < 0;
		if (!recased && !missing) {
			strbuf_puts(out, x);
			return true;
		}
		*loose = missing;
		strbuf_printf(out, "CASE %s", x);
		for (int i = 0; i < old->type.nlabels; i++) {
			int j = label_in(old, i, c, &recased);
			strbuf_puts(out, " WHEN ");
			strbuf_quote_literal(out, old->type.labels[i], old->type.label_lens[i]);
			strbuf_puts(out, " THEN ");
			if (j < 0)
				strbuf_puts(out, "''");
			else
				strbuf_quote_literal(out, c->type.labels[j], c->type.label_lens[j]);
		}
		strbuf_puts(out, " WHEN '' THEN '' END"); /* the error value stays */
		return !missing;
	}
	*loose = true;
	if (oc == CAT_INT && int_range(old, &lo, &hi) && !type_is(old, "year")) {
		strbuf_puts(out, "coalesce((");
		put_labels(out, c);
		strbuf_printf(out, ")[%s], '')", x);
		return true;
	}
	if (oc == CAT_STRING) { /* a label in another case, trailing spaces: the copy tells */
		strbuf_printf(out, "%s::text", x);
		return false;
	}
	return -1;
}

/* A date or datetime as MySQL writes it in a string. */
static int
date_text(StrBuf *out, const char *x, const DdlColumn *old, const char *old_pg)
{
	TypeCat oc = emit_type_cat(old_pg);
	long f = fsp(old);

	if (oc == CAT_DATE) {
		strbuf_printf(out,
		              "CASE WHEN isfinite(%s) THEN to_char(%s, 'YYYY-MM-DD') ELSE "
		              "'0000-00-00' END",
		              x, x);
		return !emit_col_nullable(old);
	}
	if (f >= 0 && f <= 6) {
		char ff[8] = "";
		if (f > 0)
			snprintf(ff, sizeof(ff), ".FF%ld", f);
		strbuf_printf(out,
		              "CASE WHEN isfinite(%s) THEN to_char(%s, 'YYYY-MM-DD HH24:MI:SS%s') ELSE "
		              "'0000-00-00 00:00:00%s%.*s' END",
		              x, x, ff, f > 0 ? "." : "", (int)f, "000000");
		/* a TIMESTAMP is written in the session's time zone */
		return !emit_col_nullable(old) && strstr(old_pg, "tz") == NULL;
	}
	strbuf_printf(out, "%s::text", x);
	return false;
}

/*
 * Writes into out the USING expression that converts column x of MySQL
 * column old (PostgreSQL type old_pg) to c (pg) the way MySQL converts the
 * values, and returns whether it gives MySQL's value for every row.  When
 * it returns false the expression written cannot fail but may differ from
 * MySQL's value: the caller has the table copied again.  *loose: an enum's
 * CHECK must not be checked on the rows converted.
 */
bool
emit_using_known(Emit *e, StrBuf *out, const char *x, const DdlColumn *old, const char *old_pg,
                 const DdlColumn *c, const char *pg, bool *loose)
{
	TypeCat oc = emit_type_cat(old_pg), nc = emit_type_cat(pg);
	size_t mark = out->len;
	int exact = -1;

	if (emit_is_enum(c, pg)) {
		exact = to_enum(out, x, old, old_pg, c, loose);
	} else if (c->type.name && strcmp(c->type.name, "set") == 0) {
		/* a SET keeps its members' order of definition: the old labels first, in order */
		bool prefix = old->type.name && strcmp(old->type.name, "set") == 0 &&
		              old->type.nlabels <= c->type.nlabels;
		for (int i = 0; prefix && i < old->type.nlabels; i++)
			prefix = old->type.label_lens[i] == c->type.label_lens[i] &&
			         memcmp(old->type.labels[i], c->type.labels[i], c->type.label_lens[i]) == 0;
		if (oc == CAT_STRING) {
			strbuf_printf(out, "%s::text", x);
			exact = prefix;
		}
	} else if (nc == CAT_INT || nc == CAT_NUMERIC || nc == CAT_FLOAT) {
		exact = to_number(e, out, x, old, old_pg, c, pg);
	} else if (nc == CAT_STRING) {
		/* an explicit cast to varchar(n) or char(n) cuts, as MySQL (non-strict) does */
		if (oc == CAT_STRING) {
			strbuf_printf(out, "%s::%s", x, pg);
			exact = same_text(old, c);
		} else if (type_is(old, "year")) {
			strbuf_printf(out, "(CASE WHEN %s = 0 THEN '0000' ELSE %s::text END)::%s", x, x, pg);
			exact = true;
		} else if (oc == CAT_INT || oc == CAT_NUMERIC) {
			strbuf_printf(out, "%s::text::%s", x, pg);
			exact = true;
		} else if (oc == CAT_DATE || oc == CAT_TIMESTAMP) {
			strbuf_putc(out, '(');
			exact = date_text(out, x, old, old_pg);
			strbuf_printf(out, ")::%s", pg);
		} else if (strcmp(old_pg, "uuid") == 0) { /* MariaDB writes a UUID as PostgreSQL does */
			strbuf_printf(out, "%s::text::%s", x, pg);
			exact = true;
		} else if (oc == CAT_BYTEA) {
			strbuf_printf(out, "encode(%s, 'escape')::%s", x, pg);
			exact = false;
		} else {
			strbuf_printf(out, "%s::text::%s", x, pg);
			exact = false;
		}
	} else if (nc == CAT_BYTEA) {
		/* binary(n) pads, binary(n) and varbinary(n) cut; a blob or a geometry keeps the bytes */
		bool sized = type_is(c, "binary") || type_is(c, "varbinary") || type_is(c, "char") ||
		             type_is(c, "varchar") || type_is(c, "character");
		bool blob = !sized && !c->type.binary;
		if (oc == CAT_BYTEA) {
			strbuf_puts(out, x);
			exact =
			    !sized ||
			    (old->type.nargs > 0 && c->type.nargs > 0 && old->type.args[0] <= c->type.args[0] &&
			     (type_is(old, "binary") == type_is(c, "binary") || !type_is(c, "binary")));
		} else {
			strbuf_printf(out, "convert_to(%s::text, 'UTF8')", x);
			exact = blob && (oc == CAT_INT || oc == CAT_NUMERIC);
		}
	} else if (nc == CAT_DATE) {
		if (oc == CAT_DATE) {
			strbuf_puts(out, x);
			exact = true;
		} else if (oc == CAT_TIMESTAMP) {
			/* MySQL rounds fractional seconds first, MariaDB does not */
			strbuf_printf(out, "%s::date", x);
			exact = fsp(old) == 0 && strstr(old_pg, "tz") == NULL;
		} else if (oc == CAT_INTERVAL) {
			/* a TIME becomes today at that time: the replica's today may be another day */
			strbuf_printf(out, "(CURRENT_DATE + %s)::date", x);
			exact = false;
		}
	} else if (nc == CAT_TIMESTAMP) {
		bool tz = strstr(pg, "tz") != NULL, otz = strstr(old_pg, "tz") != NULL;
		if (oc == CAT_DATE || oc == CAT_TIMESTAMP) {
			strbuf_printf(out, "%s::%s", x, pg);
			/* fewer fractional digits: MySQL rounds, MariaDB cuts; a TIMESTAMP is read in
			 * the session's time zone */
			exact = tz == otz && (oc == CAT_DATE || fsp(c) >= fsp(old));
		} else if (oc == CAT_INTERVAL) {
			strbuf_printf(out, "(CURRENT_DATE + %s)::%s", x, pg);
			exact = false;
		}
	} else if (nc == CAT_INTERVAL) {
		const char *lo, *hi;
		if (oc == CAT_INTERVAL) {
			strbuf_printf(out, "%s::%s", x, pg);
			exact = fsp(c) >= fsp(old);
		} else if (oc == CAT_TIMESTAMP) {
			/* a DATETIME becomes its time of day; PostgreSQL has no cast to interval */
			strbuf_printf(out, "(CASE WHEN isfinite(%s) THEN %s::time ELSE '00:00:00' END)::%s", x,
			              x, pg);
			exact = fsp(c) >= fsp(old) && !emit_col_nullable(old) && strstr(old_pg, "tz") == NULL;
		} else if (oc == CAT_DATE) {
			strbuf_printf(out, "(CASE WHEN %s IS NOT NULL THEN '00:00:00' END)::%s", x, pg);
			exact = !emit_col_nullable(old);
		} else if (oc == CAT_INT && int_range(old, &lo, &hi) && !type_is(old, "year")) {
			/*
			 * MySQL reads 123456 as 12:34:56 and -10203 as -01:02:03; past 838:59:59 it clips,
			 * and a number of 11 digits or more is a datetime, whose time of day it keeps;
			 * minutes or seconds over 59 make 00:00:00
			 */
			strbuf_printf(
			    out,
			    "(CASE WHEN %s >= 10000000000 THEN make_interval(hours => (%s / 10000 %% "
			    "100)::int, "
			    "mins => (%s / 100 %% 100)::int, secs => (%s %% 100)::int) "
			    "WHEN %s > 8385959 THEN '838:59:59'::interval "
			    "WHEN %s < -8385959 THEN '-838:59:59'::interval "
			    "WHEN abs(%s) %% 100 >= 60 OR abs(%s) / 100 %% 100 >= 60 THEN '00:00:00'::interval "
			    "ELSE sign(%s) * make_interval(hours => (abs(%s) / 10000)::int, mins => (abs(%s) / "
			    "100 %% 100)::int, secs => (abs(%s) %% 100)::int) END)::%s",
			    x, x, x, x, x, x, x, x, x, x, x, x, pg);
			exact = true;
		}
	} else if (nc == CAT_BIT) {
		const char *lo, *hi;
		long w = fsp(c) > 0 ? fsp(c) : 1;
		if ((oc == CAT_INT && int_range(old, &lo, &hi)) || oc == CAT_BIT) {
			/* MySQL keeps the number (bit(n) to bit(m) would pad or cut on the right), all
			 * ones when it does not fit; negative numbers are huge unsigned ones */
			if (w >= 64)
				strbuf_printf(out, "%s::bigint::bit(64)", x);
			else
				strbuf_printf(
				    out,
				    "CASE WHEN %s::bigint < 0 OR %s::bigint > %lld THEN ~0::bit(%ld) ELSE "
				    "%s::bigint::bit(%ld) END",
				    x, x, (1LL << w) - 1, w, x, w);
			exact = true;
		}
	} else if (nc == CAT_JSON) {
		if (oc == CAT_JSON) {
			strbuf_puts(out, x);
			exact = true;
		} else if (oc == CAT_STRING) {
			/* MySQL refuses a string that is not JSON, whatever the sql_mode */
			strbuf_printf(out, "%s::jsonb", x);
			exact = true;
		} else {
			strbuf_printf(out, "to_jsonb(%s)", x);
			exact = false;
		}
	} else if (strcmp(old_pg, pg) == 0) {
		strbuf_puts(out, x);
		exact = true;
	}
	if (exact < 0) {
		/* nothing PostgreSQL can compute without risk of failing: a value the copy replaces */
		const char *implicit = NULL;
		strbuf_truncate(out, mark);
		if (!emit_col_nullable(c)) {
			DdlColumn view = *c;
			memset(&view.def, 0, sizeof(view.def));
			view.not_null = true;
			view.key = 0;
			view.auto_increment = false;
			implicit = emit_implicit_default(e, &e->s->table, &view);
		}
		strbuf_puts(out, implicit ? implicit : "NULL");
		if (implicit == NULL)
			strbuf_printf(out, "::%s", pg);
		*loose = true;
		return false;
	}
	return exact == 1;
}
