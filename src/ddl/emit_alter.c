/*
 * emit_alter.c — PostgreSQL DDL for MySQL's ALTER TABLE, spec by spec.
 *
 * Each specification (ADD/DROP/MODIFY/CHANGE/RENAME COLUMN, SET/DROP
 * DEFAULT, ADD/DROP INDEX and key, foreign keys, checks, table options) is
 * emitted against the statement's copy of the model's table (Emit.tm),
 * which is then changed by that spec, so the next one sees the table as
 * MySQL would.  The USING conversions of MODIFY and CHANGE live here.  Not
 * for what CREATE TABLE shares with ALTER (column definitions, indexes,
 * names: emit.c) nor for default values (emit_default.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "common/pgname.h"
#include "ddl/ddl.h"
#include "ddl/emit_int.h"

/* ---------------------------------------------------------------- ALTER TABLE */

static void
alter_head(Emit *e)
{
	strbuf_puts(e->out, "ALTER TABLE ");
	if (e->s->if_exists)
		strbuf_puts(e->out, "IF EXISTS ");
	emit_table_name(e, e->out, &e->s->table);
	strbuf_putc(e->out, ' ');
}

/* A key written on a column (PRIMARY KEY or UNIQUE) of an added or redefined column. */
static void
column_key(Emit *e, const DdlName *table, const DdlColumn *c, bool if_not_exists)
{
	if (c->key == DDL_IDX_PRIMARY) {
		alter_head(e);
		strbuf_puts(e->out, "ADD PRIMARY KEY (");
		emit_ident(e->out, c->name);
		strbuf_puts(e->out, ");\n");
	} else if (c->key == DDL_IDX_UNIQUE) {
		DdlIndex ix;
		DdlKeyPart kp;
		emit_column_unique(&ix, &kp, c);
		if (e->tm != NULL) {
			/* MySQL names it after the column, or <column>_2 ... when that name is taken */
			char buf[300];
			emit_create_index(e, table, &ix, ddl_model_index_name(e->tm, &ix, buf, sizeof(buf)),
			                  if_not_exists);
		} else {
			emit_create_index(e, table, &ix, c->name, if_not_exists);
		}
	}
}

void
emit_drop_primary_key(Emit *e, const DdlName *table)
{
	StrBuf reg = STRBUF_INIT, body = STRBUF_INIT;

	/* PostgreSQL names the key after the table at creation time, and the table may have been
	 * renamed since */
	emit_table_name(e, &reg, table);
	strbuf_puts(&body,
	            "DECLARE k name; BEGIN SELECT conname INTO k FROM pg_constraint WHERE conrelid = ");
	strbuf_quote_literal(&body, reg.data, reg.len);
	strbuf_puts(
	    &body,
	    "::regclass AND contype = 'p'; IF k IS NOT NULL THEN EXECUTE format('ALTER TABLE %s DROP "
	    "CONSTRAINT %I', ");
	strbuf_quote_literal(&body, reg.data, reg.len);
	strbuf_puts(&body, ", k); END IF; END");
	emit_do_block(e->out, &body);
	strbuf_puts(e->out,
	            "DROP INDEX IF EXISTS "); /* the key's prefix parts (emit.c, pk_prefix_index) */
	emit_index_qname(e, e->out, table, "PRIMARY");
	strbuf_puts(e->out, ";\n");
	strbuf_free(&reg);
	strbuf_free(&body);
}

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

static bool
nullable_col(const DdlColumn *c)
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
		return !nullable_col(old) && (oc == CAT_DATE || (fsp(old) == 0 && !strstr(old_pg, "tz")));
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
		return !nullable_col(old);
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
		return !nullable_col(old) && strstr(old_pg, "tz") == NULL;
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
static bool
using_known(Emit *e, StrBuf *out, const char *x, const DdlColumn *old, const char *old_pg,
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
			exact = fsp(c) >= fsp(old) && !nullable_col(old) && strstr(old_pg, "tz") == NULL;
		} else if (oc == CAT_DATE) {
			strbuf_printf(out, "(CASE WHEN %s IS NOT NULL THEN '00:00:00' END)::%s", x, pg);
			exact = !nullable_col(old);
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
		if (!nullable_col(c)) {
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

	emit_table_name(e, &reg, table);
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
	emit_do_block(e->out, &body);
	strbuf_free(&reg);
	strbuf_free(&body);
}

/*
 * The USING expression of MODIFY or CHANGE of old (PostgreSQL type old_pg)
 * to c (pg), appended to e->out: MySQL's values where PostgreSQL can compute
 * them (using_known), else values the copy of the table replaces (recopy).
 * A NULL becomes the type's implicit default in a NOT NULL column, as MySQL
 * does outside strict mode (strict mode refuses the ALTER).
 */
static void
using_column(Emit *e, const DdlColumn *c, const DdlColumn *old, const char *old_pg, const char *pg,
             bool *loose)
{
	StrBuf x = STRBUF_INIT, u = STRBUF_INIT;
	const char *implicit = NULL;

	emit_ident(&x, c->name);
	if (!using_known(e, &u, x.data, old, old_pg, c, pg, loose)) {
		e->recopy = true;
		emit_note(e,
		          "existing values of column \"%s\" of %s become %s as MySQL converts them, which "
		          "PostgreSQL cannot repeat exactly: the replicator copies the table again",
		          c->name, emit_table_text(e, &e->s->table), pg);
	}
	if (!nullable_col(c) && nullable_col(old) && !c->auto_increment) {
		DdlColumn view = *c;
		memset(&view.def, 0, sizeof(view.def));
		view.key = 0;
		view.not_null = true;
		implicit = emit_implicit_default(e, &e->s->table, &view);
	}
	if (implicit != NULL)
		strbuf_printf(e->out, "coalesce(%s, %s)", u.data, implicit);
	else
		strbuf_append(e->out, u.data, u.len);
	strbuf_free(&x);
	strbuf_free(&u);
}

/* MODIFY/CHANGE: the whole column redefined (see ddl.h); old is the column before, if known. */
static void
redefine_column(Emit *e, const DdlColumn *c, const DdlColumn *old)
{
	const DdlName *table = &e->s->table;
	const char *pg = emit_column_type(e, table, c);
	StrBuf *out = e->out;
	StrBuf d = STRBUF_INIT;
	bool identity, nullable, loose = false;

	if (pg == NULL)
		return;
	identity = c->auto_increment && emit_type_cat(pg) == CAT_INT;
	if (!identity) {
		alter_head(e);
		strbuf_puts(out, "ALTER COLUMN ");
		emit_ident(out, c->name);
		strbuf_puts(out, " DROP IDENTITY IF EXISTS;\n");
	}
	alter_head(e);
	strbuf_puts(out, "DROP CONSTRAINT IF EXISTS ");
	emit_enum_check_name(out, c->name);
	if (!identity) {
		strbuf_puts(out, ", ALTER COLUMN ");
		emit_ident(out, c->name);
		strbuf_puts(out, " DROP DEFAULT");
	}
	strbuf_puts(out, ", ALTER COLUMN ");
	emit_ident(out, c->name);
	strbuf_printf(out, " TYPE %s USING ", pg);
	if (old != NULL) {
		char obuf[256];
		const char *old_pg =
		    ddl_map_type(e->ctx, table->schema ? table->schema : e->ctx->default_schema,
		                 table->name, old, obuf, sizeof(obuf));
		if (old_pg != NULL) {
			using_column(e, c, old, old_pg, pg, &loose);
			goto typed;
		}
	}
	emit_ident(out, c->name);
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
	else if (emit_type_cat(pg) == CAT_DATE || emit_type_cat(pg) == CAT_TIMESTAMP)
		strbuf_puts(out, "::text");
	strbuf_printf(out, "::%s", pg);
typed:
	nullable = !(c->not_null || c->key == DDL_IDX_PRIMARY || identity);
	if (!nullable) {
		strbuf_puts(out, ", ALTER COLUMN ");
		emit_ident(out, c->name);
		strbuf_puts(out, " SET NOT NULL");
	}
	if (!identity && emit_default_sql(e, table, c, pg, &d) && strcmp(d.data, "NULL") != 0) {
		strbuf_puts(out, ", ALTER COLUMN ");
		emit_ident(out, c->name);
		strbuf_printf(out, " SET DEFAULT %s", d.data);
	}
	strbuf_free(&d);
	if (emit_is_enum(c, pg)) {
		strbuf_puts(out, ", ADD CONSTRAINT ");
		emit_enum_check_name(out, c->name);
		strbuf_putc(out, ' ');
		emit_enum_check(out, c);
		if (loose) /* rows MySQL gave the error value '' */
			strbuf_puts(out, " NOT VALID");
	}
	strbuf_puts(out, ";\n");
	if (nullable || identity) {
		StrBuf alter = STRBUF_INIT;
		strbuf_puts(&alter, "ALTER COLUMN ");
		emit_ident(&alter, c->name);
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
		emit_comment_on_column(e, table, c->name, c->comment);
	emit_column_notes(e, table, c);
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
	cat = emit_type_cat(pg);
	zero = (d->kind == DDL_DEF_STRING && emit_is_zero_date(d->text)) ||
	       (d->kind == DDL_DEF_NUMBER && strtod(d->text, NULL) == 0.0);
	if ((cat == CAT_DATE || cat == CAT_TIMESTAMP) && zero) {
		alter_head(e);
		strbuf_puts(e->out, "ALTER COLUMN ");
		emit_ident(e->out, old->name);
		/* PostgreSQL has no zero date: NULL where the column allows it, -infinity where not */
		strbuf_puts(e->out, old->not_null ? " SET DEFAULT '-infinity';\n" : " DROP DEFAULT;\n");
		return true;
	}
	if (cat != CAT_BIT)
		return false;
	view = *old;
	view.def = *d;
	if (emit_default_sql(e, table, &view, pg, &v)) {
		alter_head(e);
		strbuf_puts(e->out, "ALTER COLUMN ");
		emit_ident(e->out, old->name);
		strbuf_printf(e->out, " SET DEFAULT %s;\n", v.data);
	}
	strbuf_free(&v);
	return true;
}

/* ALTER TABLE ... RENAME COLUMN from TO to. */
static void
rename_column_to(Emit *e, const char *from, const char *to)
{
	alter_head(e);
	strbuf_puts(e->out, "RENAME COLUMN ");
	emit_ident(e->out, from);
	strbuf_puts(e->out, " TO ");
	emit_ident(e->out, to);
	strbuf_puts(e->out, ";\n");
}

/* ALTER TABLE ... DROP CONSTRAINT IF EXISTS name. */
static void
drop_constraint(Emit *e, const char *name)
{
	alter_head(e);
	strbuf_puts(e->out, "DROP CONSTRAINT IF EXISTS ");
	emit_ident(e->out, name);
	strbuf_puts(e->out, ";\n");
}

/*
 * ADD CHECK k (of column col, or NULL).  An unnamed one is left for
 * PostgreSQL to name: MySQL numbers it after the CHECKs the table has,
 * unknown here.
 */
static void
add_check(Emit *e, const DdlName *table, const DdlCheck *k, const char *col, bool if_not_exists)
{
	StrBuf ck = STRBUF_INIT, alter = STRBUF_INIT;

	if (emit_check_sql(e, table, k, col, &ck)) {
		strbuf_printf(&alter, "ADD %s", k->name ? ck.data : strstr(ck.data, "CHECK ("));
		if (if_not_exists && k->name != NULL) {
			/* MariaDB's ADD CONSTRAINT IF NOT EXISTS: the model keeps no CHECK names */
			alter_table_if(e, table, false,
			               "pg_constraint WHERE conrelid = ", "::regclass AND conname = ", k->name,
			               "", &alter);
		} else {
			alter_head(e);
			strbuf_append(e->out, alter.data, alter.len);
			strbuf_puts(e->out, ";\n");
		}
	}
	strbuf_free(&ck);
	strbuf_free(&alter);
}

/* Whether column SQL col (emit_column_sql) gives the column a default. */
static bool
has_default(const StrBuf *col)
{
	const char *d = strstr(col->data, " DEFAULT "), *k = strstr(col->data, " CONSTRAINT ");

	return d != NULL && (k == NULL || d < k);
}

static void
add_column(Emit *e, const DdlAlterSpec *sp)
{
	const DdlName *table = &e->s->table;
	StrBuf *out = e->out;
	StrBuf col = STRBUF_INIT;
	const DdlColumn *c = sp->column;
	const char *implicit = emit_implicit_default(e, table, c);
	bool fills = ddl_column_fills_rows(c);

	if (!emit_column_sql(e, table, c, &col)) {
		strbuf_free(&col);
		return;
	}
	if (implicit == NULL && fills && nullable_col(c) == false && !has_default(&col)) {
		/* a NOT NULL column whose values MySQL computes (a generated column, a default
		 * PostgreSQL cannot keep, such as one naming a column): PostgreSQL would refuse it on
		 * a table with rows.  The rows get a placeholder the copy below replaces */
		DdlColumn view = *c;
		memset(&view.def, 0, sizeof(view.def));
		view.key = 0;
		view.not_null = true;
		implicit = emit_implicit_default(e, table, &view);
	}
	alter_head(e);
	strbuf_printf(out, "ADD COLUMN %s", sp->if_exists ? "IF NOT EXISTS " : "");
	strbuf_append(out, col.data, col.len);
	strbuf_free(&col);
	if (implicit != NULL) {
		/* MySQL fills the rows it has with the type's implicit default; PostgreSQL would refuse
		 * NOT NULL */
		strbuf_printf(out, " DEFAULT %s;\n", implicit);
		alter_head(e);
		strbuf_puts(out, "ALTER COLUMN ");
		emit_ident(out, c->name);
		strbuf_puts(out, " DROP DEFAULT");
		if (!fills)
			emit_note(e,
			          "existing rows of %s get MySQL's implicit default %s in NOT NULL column "
			          "\"%s\"",
			          emit_table_text(e, table), implicit, c->name);
	}
	strbuf_puts(out, ";\n");
	if (fills) {
		e->recopy = true;
		emit_note(e,
		          "existing rows of %s get their value of column \"%s\" from MySQL, not from the "
		          "binlog: the replicator copies the table again",
		          emit_table_text(e, table), c->name);
	}
	column_key(e, table, c, sp->if_exists);
	for (int j = 0; j < c->nchecks; j++)
		add_check(e, table, c->checks[j], c->name, false);
	if (c->comment && c->comment[0])
		emit_comment_on_column(e, table, c->name, c->comment);
}

static void
change_column(Emit *e, const DdlAlterSpec *sp)
{
	const char *from = emit_col_name(e, sp->name);

	if (strcmp(from, sp->column->name) != 0) {
		rename_column_to(e, from, sp->column->name);
		alter_head(e);
		strbuf_puts(e->out, "DROP CONSTRAINT IF EXISTS ");
		emit_enum_check_name(e->out, from);
		strbuf_puts(e->out, ";\n");
	}
	redefine_column(e, sp->column, ddl_model_column(e->tm, sp->name));
}

static void
modify_column(Emit *e, const DdlAlterSpec *sp)
{
	/* MODIFY names the column as written: MySQL renames CamelColumn to camelcolumn */
	const DdlColumn *old = ddl_model_column(e->tm, sp->column->name);

	if (old != NULL && strcmp(old->name, sp->column->name) != 0)
		rename_column_to(e, old->name, sp->column->name);
	redefine_column(e, sp->column, old);
}

static void
set_default(Emit *e, const DdlAlterSpec *sp)
{
	StrBuf d = STRBUF_INIT;
	const DdlColumn *known, *c = sp->column;
	DdlColumn with_type;

	if (set_default_known(e, sp))
		return;
	known = emit_known_column(e, sp->name);
	if (known != NULL) { /* its type decides what 0xFF means: 255 or a byte */
		with_type = *known;
		with_type.name = sp->name;
		with_type.def = sp->column->def;
		c = &with_type;
	}
	if (emit_default_sql(e, &e->s->table, c, NULL, &d)) {
		alter_head(e);
		strbuf_puts(e->out, "ALTER COLUMN ");
		emit_ident(e->out, emit_col_name(e, sp->name));
		strbuf_printf(e->out, " SET DEFAULT %s;\n", d.data);
	}
	strbuf_free(&d);
}

static void
rename_column(Emit *e, const DdlAlterSpec *sp)
{
	StrBuf alter = STRBUF_INIT;
	char from[128], to[128];

	if (strcmp(emit_col_name(e, sp->name), sp->new_name) == 0)
		return; /* RENAME COLUMN a TO a: PostgreSQL would refuse it */
	rename_column_to(e, emit_col_name(e, sp->name), sp->new_name);
	/* an enum's CHECK is named after its column: keep the rule for a later MODIFY */
	ddl_index_pg_name(emit_col_name(e, sp->name), "enum_check", from, sizeof(from));
	ddl_index_pg_name(sp->new_name, "enum_check", to, sizeof(to));
	strbuf_puts(&alter, "RENAME CONSTRAINT ");
	emit_ident(&alter, from);
	strbuf_puts(&alter, " TO ");
	emit_ident(&alter, to);
	alter_table_if(e, &e->s->table, true,
	               "pg_constraint WHERE conrelid = ", "::regclass AND conname = ", from, "",
	               &alter);
	strbuf_free(&alter);
}

static void
emit_spec(Emit *e, const DdlAlterSpec *sp)
{
	const DdlName *table = &e->s->table;
	StrBuf *out = e->out;

	switch (sp->kind) {
	case DDL_AT_ADD_COLUMN:
		add_column(e, sp);
		break;
	case DDL_AT_DROP_COLUMN:
		alter_head(e);
		strbuf_printf(out, "DROP COLUMN %s", sp->if_exists ? "IF EXISTS " : "");
		emit_ident(out, emit_col_name(e, sp->name));
		strbuf_puts(out, ";\n");
		break;
	case DDL_AT_CHANGE_COLUMN:
		change_column(e, sp);
		break;
	case DDL_AT_MODIFY_COLUMN:
		modify_column(e, sp);
		break;
	case DDL_AT_SET_DEFAULT:
		set_default(e, sp);
		break;
	case DDL_AT_DROP_DEFAULT:
		alter_head(e);
		strbuf_puts(out, "ALTER COLUMN ");
		emit_ident(out, emit_col_name(e, sp->name));
		strbuf_puts(out, " DROP DEFAULT;\n");
		break;
	case DDL_AT_ADD_INDEX: {
		char buf[300];
		const char *nm;
		const DdlModelIndex *gone = e->tm ? ddl_model_fk_index_replaced(e->tm, sp->index) : NULL;
		if (gone != NULL) {
			/* MySQL drops the index it gave a foreign key when a key added on its columns can
			 * serve the foreign key; the new key may take its name */
			DdlAlterSpec drop = {.kind = DDL_AT_DROP_INDEX, .name = gone->name};
			strbuf_puts(out, "DROP INDEX IF EXISTS ");
			emit_index_qname(e, out, table, gone->name);
			strbuf_puts(out, ";\n");
			ddl_model_apply_spec(e->tm, &drop);
		}
		nm = e->tm ? ddl_model_index_name(e->tm, sp->index, buf, sizeof(buf))
		           : emit_mysql_index_name(e, sp->index, NULL, 0);
		emit_create_index(e, table, sp->index, nm, sp->index->if_not_exists);
		break;
	}
	case DDL_AT_ADD_CHECK:
		add_check(e, table, sp->check, NULL, sp->if_exists);
		break;
	case DDL_AT_DROP_PRIMARY:
		emit_drop_primary_key(e, table);
		break;
	case DDL_AT_DROP_INDEX:
		if (strcasecmp(sp->name, "PRIMARY") == 0) {
			emit_drop_primary_key(e, table);
			break;
		}
		/* PostgreSQL may not have it (a skipped FULLTEXT or SPATIAL index, one that went with a
		 * dropped column): MySQL has checked that it exists */
		strbuf_puts(out, "DROP INDEX IF EXISTS ");
		emit_index_qname(e, out, table, sp->name);
		strbuf_puts(out, ";\n");
		break;
	case DDL_AT_DROP_CONSTRAINT:
		if (e->tm == NULL || ddl_model_fk(e->tm, sp->name) == NULL) {
			/* a CHECK or a unique key (an index here): drop whichever exists */
			drop_constraint(e, sp->name);
			strbuf_puts(out, "DROP INDEX IF EXISTS ");
			emit_index_qname(e, out, table, sp->name);
			strbuf_puts(out, ";\n");
			break;
		}
		/* a foreign key, whose index MySQL keeps */
		/* fall through */
	case DDL_AT_DROP_FOREIGN:
		emit_note(e,
		          "foreign key \"%s\" of %s dropped: foreign keys exist only after detach-replica",
		          sp->name, emit_table_text(e, table));
		break;
	case DDL_AT_DROP_CHECK:
		/* also ALTER CHECK ... NOT ENFORCED.  Always IF EXISTS: a CHECK that was NOT ENFORCED or
		 * could not be translated was never created in PostgreSQL */
		drop_constraint(e, sp->name);
		break;
	case DDL_AT_ENFORCE_CHECK:
		/* the model keeps no CHECK expressions (NOT ENFORCED ones are never created): the
		 * replica cannot create it, and the rows need it not, MySQL checks them */
		emit_note(e,
		          "CHECK \"%s\" of %s is ENFORCED again in MySQL: not created in PostgreSQL, "
		          "whose copy of the table keeps no CHECK expressions; add it by hand if needed",
		          sp->name, emit_table_text(e, table));
		break;
	case DDL_AT_RENAME_COLUMN:
		rename_column(e, sp);
		break;
	case DDL_AT_RENAME_INDEX:
		/* IF EXISTS as for DROP INDEX: a FULLTEXT or SPATIAL index was skipped */
		strbuf_puts(out, "ALTER INDEX IF EXISTS ");
		emit_index_qname(e, out, table, sp->name);
		strbuf_puts(out, " RENAME TO ");
		emit_new_index_name(e, out, table, sp->new_name);
		strbuf_puts(out, ";\n");
		break;
	case DDL_AT_RENAME_TABLE:
		break; /* after every other spec: see emit_alter */
	case DDL_AT_COMMENT:
		emit_comment_on_table(e, table, sp->comment);
		break;
	case DDL_AT_PARTITION:
		emit_note(e, "partition clause of %s ignored: the PostgreSQL table is not partitioned",
		          emit_table_text(e, table));
		break;
	case DDL_AT_ORDER:
		emit_note(e, "ORDER BY of %s ignored: PostgreSQL keeps no order of rows",
		          emit_table_text(e, table));
		break;
	}
}

/*
 * The column an IF [NOT] EXISTS spec depends on (MariaDB: MODIFY, CHANGE,
 * DROP and RENAME COLUMN IF EXISTS, ALTER COLUMN IF EXISTS, ADD COLUMN IF NOT
 * EXISTS), and whether the
 * spec needs it to exist; NULL for other specs.
 */
static const char *
spec_if_column(const DdlAlterSpec *sp, bool *exists)
{
	if (!sp->if_exists)
		return NULL;
	*exists = sp->kind != DDL_AT_ADD_COLUMN;
	switch (sp->kind) {
	case DDL_AT_MODIFY_COLUMN:
	case DDL_AT_ADD_COLUMN:
		return sp->column->name;
	case DDL_AT_CHANGE_COLUMN:
	case DDL_AT_DROP_COLUMN:
	case DDL_AT_RENAME_COLUMN:
	case DDL_AT_SET_DEFAULT:
	case DDL_AT_DROP_DEFAULT:
		return sp->name;
	default:
		return NULL;
	}
}

/*
 * The name MariaDB checks for ADD INDEX IF NOT EXISTS: the name given,
 * PRIMARY for a primary key, else the first column's (the name MariaDB
 * gives an unnamed key, whose IF NOT EXISTS finds key "a" for "(a)"); NULL
 * for a foreign key, which the model does not name so.
 */
static const char *
if_index_name(const DdlIndex *ix)
{
	if (ix->kind == DDL_IDX_PRIMARY)
		return "PRIMARY";
	if (ix->kind == DDL_IDX_FOREIGN)
		return NULL;
	if (ix->name != NULL)
		return ix->name;
	return ix->nparts > 0 ? ix->parts[0].column : NULL;
}

/*
 * Whether spec sp does nothing in MariaDB, which only notes it: an IF
 * [NOT] EXISTS whose column (or ADD INDEX IF NOT EXISTS whose index) the
 * known table settles.
 */
static bool
spec_is_noop(Emit *e, const DdlAlterSpec *sp)
{
	bool exists;
	const char *col = spec_if_column(sp, &exists);

	if (e->tm == NULL)
		return false;
	if (col != NULL && (ddl_model_column(e->tm, col) != NULL) != exists) {
		emit_note(e, "column \"%s\" of %s %s: the IF %sEXISTS clause does nothing", col,
		          emit_table_text(e, &e->s->table), exists ? "does not exist" : "exists already",
		          exists ? "" : "NOT ");
		return true;
	}
	if (sp->kind == DDL_AT_ADD_INDEX && sp->index->if_not_exists &&
	    (col = if_index_name(sp->index)) != NULL && ddl_model_index(e->tm, col) != NULL) {
		emit_note(e, "index \"%s\" of %s exists already: the IF NOT EXISTS clause does nothing",
		          col, emit_table_text(e, &e->s->table));
		return true;
	}
	return false;
}

/*
 * What was emitted from mark (e->out) made to run only when the condition
 * <before><the statement's table as a literal><after> holds in the replica:
 * one DO block that EXECUTEs it.
 */
static void
execute_if(Emit *e, size_t mark, const char *before, const char *after)
{
	StrBuf reg = STRBUF_INIT, lit = STRBUF_INIT, body = STRBUF_INIT;

	if (e->out->len == mark)
		return;
	emit_table_name(e, &reg, &e->s->table);
	strbuf_quote_literal(&lit, reg.data, reg.len);
	strbuf_printf(&body, "BEGIN IF %s%s%s THEN EXECUTE ", before, lit.data, after);
	strbuf_quote_literal(&body, e->out->data + mark, e->out->len - mark);
	strbuf_puts(&body, "; END IF; END");
	strbuf_truncate(e->out, mark);
	emit_do_block(e->out, &body);
	strbuf_free(&reg);
	strbuf_free(&lit);
	strbuf_free(&body);
}

/*
 * Without a known table, what an IF [NOT] EXISTS spec emitted (e->out from
 * mark) runs only when the replica's table has (or lacks) the column.
 */
static void
guard_spec(Emit *e, size_t mark, const char *col, bool exists)
{
	StrBuf after = STRBUF_INIT;
	char buf[CHM_PG_NAME_MAX + 1];
	const char *pg = chm_pg_name(col, buf);

	strbuf_puts(&after, ") AND attname = ");
	strbuf_quote_literal(&after, pg, strlen(pg));
	strbuf_puts(&after, " AND NOT attisdropped)");
	execute_if(e, mark,
	           exists ? "EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass("
	                  : "NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(",
	           after.data);
	strbuf_free(&after);
}

/* The column a spec changes by its old name (MODIFY, CHANGE, SET/DROP DEFAULT), else NULL. */
static const char *
changed_column(const DdlAlterSpec *sp)
{
	switch (sp->kind) {
	case DDL_AT_MODIFY_COLUMN:
		return sp->column->name;
	case DDL_AT_CHANGE_COLUMN:
	case DDL_AT_SET_DEFAULT:
	case DDL_AT_DROP_DEFAULT:
		return sp->name;
	default:
		return NULL;
	}
}

/*
 * When specs[i] runs (ddl_alter_spec_phase), but for a change of a column
 * an ADD COLUMN before it in the statement adds (ADD x ..., ALTER x DROP
 * DEFAULT, MODIFY x ...): MariaDB changes the new column, so the change
 * runs after the adds, in the order written.
 */
static int
spec_phase(const DdlAlterSpec *const *specs, int i)
{
	int phase = ddl_alter_spec_phase(specs[i]);
	const char *col = changed_column(specs[i]);

	for (int j = 0; j < i && phase == 1 && col != NULL; j++)
		if (specs[j]->kind == DDL_AT_ADD_COLUMN && strcasecmp(specs[j]->column->name, col) == 0)
			phase = 2;
	return phase;
}

/* The old name a spec gives another name (CHANGE to a new name, RENAME COLUMN), else NULL. */
static const char *
renamed_from(const DdlAlterSpec *sp, const char **to)
{
	if (sp->kind == DDL_AT_CHANGE_COLUMN) {
		*to = sp->column->name;
		return sp->name;
	}
	if (sp->kind == DDL_AT_RENAME_COLUMN) {
		*to = sp->new_name;
		return sp->name;
	}
	return NULL;
}

/*
 * MySQL applies every spec of one ALTER to the table as it was, so CHANGE
 * a b, CHANGE b a swaps two names and CHANGE a b, RENAME COLUMN b TO c
 * moves each column once.  PostgreSQL renames one at a time: a column
 * whose name another spec of the statement takes first moves to a
 * temporary name, and its own spec (specs[i], replaced by a copy in the
 * statement arena) renames it from there.
 */
static void
rename_out_of_the_way(Emit *e, const DdlAlterSpec **specs, int n)
{
	for (int i = 0; i < n; i++) {
		const char *to, *from = renamed_from(specs[i], &to);
		bool taken = false;
		DdlAlterSpec *tmp, *moved;
		char buf[64];

		if (from == NULL || (e->tm != NULL && ddl_model_column(e->tm, from) == NULL))
			continue;
		for (int j = 0; j < n && !taken; j++) {
			const char *to2;
			taken = j != i && renamed_from(specs[j], &to2) != NULL && strcasecmp(to2, from) == 0;
		}
		if (!taken)
			continue;
		tmp = arena_zalloc(e->arena, sizeof(*tmp));
		tmp->kind = DDL_AT_RENAME_COLUMN;
		tmp->name = (char *)from;
		snprintf(buf, sizeof(buf), "chm_renamed_%d", i + 1);
		tmp->new_name = arena_strdup(e->arena, buf);
		rename_column(e, tmp);
		if (e->tm != NULL)
			ddl_model_apply_spec(e->tm, tmp);
		moved = arena_alloc(e->arena, sizeof(*moved));
		*moved = *specs[i];
		moved->name = tmp->new_name;
		specs[i] = moved;
	}
}

/* A key of the table that lost a column to DROP COLUMN: PostgreSQL dropped it whole. */
typedef struct LostKey {
	DdlIndex ix; /* name as the model had it, parts by old column names */
} LostKey;

#define MAX_LOST_KEYS 32

/* Before DROP COLUMN col: the known keys it is part of, unless recorded already. */
static void
record_lost_keys(Emit *e, const char *col, LostKey *lost, int *nlost)
{
	for (int i = 0; i < e->tm->nindexes && *nlost < MAX_LOST_KEYS; i++) {
		const DdlModelIndex *mx = &e->tm->indexes[i];
		bool in = false, seen = false;
		for (int j = 0; j < mx->ncolumns; j++)
			in |= mx->columns[j] != NULL && strcasecmp(mx->columns[j], col) == 0;
		for (int k = 0; k < *nlost && !seen; k++)
			seen = strcasecmp(lost[k].ix.name, mx->name) == 0;
		if (!in || seen || mx->kind == DDL_IDX_FULLTEXT || mx->kind == DDL_IDX_SPATIAL)
			continue;
		LostKey *lk = &lost[(*nlost)++];
		memset(lk, 0, sizeof(*lk));
		lk->ix.kind = mx->kind;
		lk->ix.name = arena_strdup(e->arena, mx->name);
		lk->ix.parts = arena_zalloc(e->arena, sizeof(DdlKeyPart) * (size_t)(mx->ncolumns + 1));
		for (int j = 0; j < mx->ncolumns; j++)
			lk->ix.parts[lk->ix.nparts++].column =
			    mx->columns[j] ? arena_strdup(e->arena, mx->columns[j]) : NULL;
	}
}

/*
 * MySQL keeps a key that lost a column on the columns it has left, found by
 * name in the new table: a column CHANGEd or RENAMEd is the key's under its
 * new name, and one dropped and added again in the same statement (DROP i,
 * ADD i) is the key's again.  PostgreSQL dropped such keys with the
 * column: each is created again, unless a spec dropped it.  After the added
 * columns, before the added keys (MySQL's order).
 */
static void
restore_lost_keys(Emit *e, const DdlAlterSpec **specs, int n, LostKey *lost, int nlost)
{
	for (int k = 0; k < nlost; k++) {
		DdlIndex *ix = &lost[k].ix;
		const char *name = ix->name;
		int kept = 0;
		bool dropped = false;
		char buf[300];

		for (int i = 0; i < n; i++) {
			const DdlAlterSpec *sp = specs[i];
			if ((sp->kind == DDL_AT_DROP_INDEX || sp->kind == DDL_AT_DROP_CONSTRAINT) &&
			    strcasecmp(sp->name, name) == 0)
				dropped = true;
			else if (sp->kind == DDL_AT_DROP_PRIMARY && ix->kind == DDL_IDX_PRIMARY)
				dropped = true;
			else if (sp->kind == DDL_AT_RENAME_INDEX && strcasecmp(sp->name, name) == 0)
				name = sp->new_name;
		}
		for (int j = 0; j < ix->nparts; j++) {
			const char *c = ix->parts[j].column, *to;
			if (c == NULL) {
				dropped = true; /* an expression part: the model keeps no expression */
				break;
			}
			for (int i = 0; i < n; i++) {
				const char *from = renamed_from(specs[i], &to);
				if (from != NULL && strcasecmp(from, c) == 0)
					c = to;
			}
			if (ddl_model_column(e->tm, c) != NULL)
				ix->parts[kept++].column = (char *)ddl_model_column(e->tm, c)->name;
		}
		ix->nparts = kept;
		if (dropped || kept == 0)
			continue;
		if (ix->kind != DDL_IDX_PRIMARY)
			ix->name = (char *)name;
		{
			DdlAlterSpec drop = {.kind = ix->kind == DDL_IDX_PRIMARY ? DDL_AT_DROP_PRIMARY
			                                                         : DDL_AT_DROP_INDEX,
			                     .name = ix->name},
			             add = {.kind = DDL_AT_ADD_INDEX, .index = ix};
			ddl_model_apply_spec(e->tm, &drop);
			emit_create_index(e, &e->s->table, ix,
			                  ddl_model_index_name(e->tm, ix, buf, sizeof(buf)), false);
			ddl_model_apply_spec(e->tm, &add);
		}
	}
}

void
emit_alter(Emit *e)
{
	const DdlStmt *s = e->s;
	size_t start = e->out->len;
	const DdlAlterSpec **specs = arena_alloc(e->arena, sizeof(*specs) * (size_t)(s->nspecs + 1));
	LostKey lost[MAX_LOST_KEYS];
	int nlost = 0;

	for (int i = 0; i < s->nspecs; i++)
		specs[i] = s->specs[i];
	for (int phase = 0; phase < DDL_ALTER_PHASES; phase++) {
		if (phase == 1)
			rename_out_of_the_way(e, specs, s->nspecs);
		if (phase == 3 && e->tm != NULL)
			restore_lost_keys(e, specs, s->nspecs, lost, nlost);
		for (int i = 0; i < s->nspecs && !e->error; i++) {
			const DdlAlterSpec *sp = specs[i];
			size_t mark = e->out->len;
			bool exists;
			const char *col;
			if (spec_phase(specs, i) != phase || spec_is_noop(e, sp))
				continue;
			if (sp->kind == DDL_AT_DROP_COLUMN && e->tm != NULL)
				record_lost_keys(e, sp->name, lost, &nlost);
			emit_spec(e, sp);
			if (e->tm != NULL)
				ddl_model_apply_spec(e->tm, sp);
			else if ((col = spec_if_column(sp, &exists)) != NULL &&
			         sp->kind != DDL_AT_DROP_COLUMN) /* PostgreSQL has DROP COLUMN IF EXISTS */
				guard_spec(e, mark, col, exists);
			else if (sp->kind == DDL_AT_ADD_INDEX && sp->index->kind == DDL_IDX_PRIMARY &&
			         sp->index->if_not_exists) /* PostgreSQL has no ADD PRIMARY KEY IF NOT EXISTS */
				execute_if(e, mark,
				           "NOT EXISTS (SELECT 1 FROM pg_constraint WHERE contype = 'p' AND "
				           "conrelid = to_regclass(",
				           "))");
		}
	}
	for (int i = 0; i < s->nspecs && !e->error; i++)
		if (s->specs[i]->kind == DDL_AT_RENAME_TABLE)
			emit_rename_table(e, &s->table, &s->specs[i]->table);
	if (s->if_exists && e->tm == NULL && e->out->len > start &&
	    strstr(e->out->data + start, "DO $") != NULL)
		/* a DO block would fail on the missing table, which ALTER TABLE IF EXISTS does not */
		execute_if(e, start, "to_regclass(", ") IS NOT NULL");
	if (e->out->len == start && e->notes.len == 0)
		emit_note(e, "ALTER TABLE %s: nothing to change in PostgreSQL",
		          emit_table_text(e, &s->table));
}
