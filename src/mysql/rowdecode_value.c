/*
 * rowdecode_value.c — one value of a row image into canonical text.
 *
 * Values are decoded from the packed formats of MySQL's Field::pack()
 * (the binlog's row format) straight into canonical text (rowdecode.h
 * lists it per type): integers and floats, dates and times, text converted
 * from the column's character set with its NUL bytes left out, ENUM and
 * SET labels, BLOBs, JSON and its partial-update diffs.  Every read is
 * bounded by the rows event's end.  Not here: the walk over columns and
 * rows (rowdecode.c), binary JSON (rowdecode_json.c), number formatting
 * (rowdecode_format.c).
 */
#include <iconv.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mysql/charset_table.inc"
#include "mysql/rowdecode_int.h"

/* ---- temporal ---- */

static void
put_frac(StrBuf *out, uint32_t usec, int fsp)
{
	if (fsp <= 0)
		return;
	char buf[7];
	usec %= 1000000;
	for (int i = 5; i >= 0; i--) {
		buf[i] = (char)('0' + usec % 10);
		usec /= 10;
	}
	strbuf_putc(out, '.');
	strbuf_append(out, buf, (size_t)fsp);
}

static void
put_date(StrBuf *out, unsigned y, unsigned m, unsigned d)
{
	put_uint(out, y, 4);
	strbuf_putc(out, '-');
	put_uint(out, m, 2);
	strbuf_putc(out, '-');
	put_uint(out, d, 2);
}

static void
put_hms(StrBuf *out, unsigned h, unsigned mi, unsigned s)
{
	put_uint(out, h, 2);
	strbuf_putc(out, ':');
	put_uint(out, mi, 2);
	strbuf_putc(out, ':');
	put_uint(out, s, 2);
}

/* Days since 1970-01-01 -> civil date (proleptic Gregorian). */
static void
civil_from_days(int64_t z, unsigned *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (unsigned)(yy + (*m <= 2));
}

static void
put_timestamp(StrBuf *out, uint64_t secs, uint32_t usec, int fsp)
{
	unsigned y, mo, d;
	civil_from_days((int64_t)(secs / 86400), &y, &mo, &d);
	unsigned rem = (unsigned)(secs % 86400);
	put_date(out, y, mo, d);
	strbuf_putc(out, ' ');
	put_hms(out, rem / 3600, rem / 60 % 60, rem % 60);
	put_frac(out, usec, fsp);
	strbuf_append(out, "+00", 3);
}

/* Fraction bytes of TIME2/DATETIME2/TIMESTAMP2 and their unit in microseconds. */
static int
frac_bytes(int fsp)
{
	return (fsp + 1) / 2;
}

/* MySQL's packed TIME (in JSON opaque values and TIME2): int part << 24 | usec. */
void
rowdecode_put_packed_time(StrBuf *out, int64_t packed, int fsp)
{
	/* the magnitude as unsigned: -INT64_MIN does not fit an int64_t */
	uint64_t mag = (uint64_t)packed;
	if (packed < 0) {
		strbuf_putc(out, '-');
		mag = 0 - mag;
	}
	uint64_t hms = mag >> 24;
	uint32_t usec = (uint32_t)(mag & 0xffffff);
	put_hms(out, (unsigned)((hms >> 12) & 0x3ff), (unsigned)((hms >> 6) & 63),
	        (unsigned)(hms & 63));
	put_frac(out, usec, fsp);
}

bool
rowdecode_put_packed_datetime(StrBuf *out, int64_t packed, int fsp, bool date_only)
{
	uint64_t mag = packed < 0 ? 0 - (uint64_t)packed : (uint64_t)packed; /* see put_packed_time */
	uint64_t ymdhms = mag >> 24;
	uint32_t usec = (uint32_t)(mag & 0xffffff);
	uint64_t ymd = ymdhms >> 17, ym = ymd >> 5, hms = ymdhms & 0x1ffff;
	put_date(out, (unsigned)(ym / 13), (unsigned)(ym % 13), (unsigned)(ymd & 31));
	if (!date_only) {
		strbuf_putc(out, ' ');
		put_hms(out, (unsigned)(hms >> 12), (unsigned)((hms >> 6) & 63), (unsigned)(hms & 63));
		put_frac(out, usec, fsp);
	}
	return ym / 13 == 0 || ym % 13 == 0 || (ymd & 31) == 0;
}

/* ---- character sets ---- */

enum {
	CS_UNKNOWN = 0,
	CS_BINARY = 4,
	CS_ASCII = 2,
	CS_LATIN1 = 25,
	CS_UTF8MB3 = 39,
	CS_UTF8MB4 = 40,
	CS_GB18030 = 41,
};

static int
charset_of(uint32_t coll, bool mysql)
{
	if (mysql) {
		/* where MySQL's numbering differs from MariaDB's */
		if (coll >= 248 && coll <= 250)
			return CS_GB18030;
		if (coll == 76)
			return CS_UTF8MB3;
	}
	/* MySQL 8's utf8mb4_0900_* ids, which MariaDB 11.4+ also has (aliases of its UCA-14.0
	 * collations) and MariaDB 10.11 leaves unused */
	if (coll >= 255 && coll <= 323)
		return CS_UTF8MB4;
	if (coll < sizeof maria_collation_charset)
		return maria_collation_charset[coll];
	if (coll >= 2048 && coll < 3328) {
		/* MariaDB's UCA-14.0 collations: 256 ids per character set */
		static const uint8_t uca[] = {CS_UTF8MB3, CS_UTF8MB4, 34 /* ucs2 */, 36 /* utf16 */,
		                              38 /* utf32 */};
		return uca[(coll - 2048) / 256];
	}
	return CS_UNKNOWN;
}

const char *
rowdecode_charset_name(uint32_t collation, bool mysql)
{
	int cs = charset_of(collation, mysql);
	return cs == CS_UNKNOWN ? NULL : charset_names[cs];
}

static const char *
iconv_name(int cs)
{
	static const struct {
		const char *ours, *iconv;
	} map[] = {
	    {"armscii8", "ARMSCII-8"},
	    {"big5", "BIG5"},
	    {"cp1250", "CP1250"},
	    {"cp1251", "CP1251"},
	    {"cp1256", "CP1256"},
	    {"cp1257", "CP1257"},
	    {"cp850", "CP850"},
	    {"cp852", "CP852"},
	    {"cp866", "CP866"},
	    {"cp932", "CP932"},
	    {"eucjpms", "EUC-JP-MS"},
	    {"euckr", "EUC-KR"},
	    {"gb2312", "GB2312"},
	    {"gbk", "GBK"},
	    {"geostd8", "GEORGIAN-PS"},
	    {"greek", "ISO-8859-7"},
	    {"hebrew", "ISO-8859-8"},
	    {"koi8r", "KOI8-R"},
	    {"koi8u", "KOI8-U"},
	    {"latin2", "ISO-8859-2"},
	    {"latin5", "ISO-8859-9"},
	    {"latin7", "ISO-8859-13"},
	    {"macce", "MAC-CENTRALEUROPE"},
	    {"macroman", "MACINTOSH"},
	    {"sjis", "SHIFT_JIS"},
	    {"tis620", "TIS-620"},
	    {"ucs2", "UCS-2BE"},
	    {"ujis", "EUC-JP"},
	    {"utf16", "UTF-16BE"},
	    {"utf16le", "UTF-16LE"},
	    {"utf32", "UTF-32BE"},
	    {"gb18030", "GB18030"},
	    {"cp1252", "CP1252"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i].ours, charset_names[cs]) == 0)
			return map[i].iconv;
	return NULL;
}

/* MySQL's latin1 is Windows-1252 with the five holes mapped straight through. */
static const uint16_t cp1252_80[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static void
latin1_to_utf8(const uint8_t *s, size_t n, StrBuf *out)
{
	strbuf_reserve(out, 3 * n);
	char *p = out->data + out->len;
	for (size_t i = 0; i < n; i++) {
		unsigned c = s[i];
		if (c >= 0x80 && c < 0xa0)
			c = cp1252_80[c - 0x80];
		if (c < 0x80) {
			*p++ = (char)c;
		} else if (c < 0x800) {
			*p++ = (char)(0xc0 | (c >> 6));
			*p++ = (char)(0x80 | (c & 63));
		} else {
			*p++ = (char)(0xe0 | (c >> 12));
			*p++ = (char)(0x80 | ((c >> 6) & 63));
			*p++ = (char)(0x80 | (c & 63));
		}
	}
	out->len = (size_t)(p - out->data);
	out->data[out->len] = '\0';
}

/* ---- values ---- */

int
rowdecode_vfail(ValueCtx *v, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(v->d->err, sizeof v->d->err,
	         "binlog %s:%" PRIu64 ": row %" PRIu64 " of table %s.%s, column %s (%s): %s",
	         v->rc->file && v->rc->file[0] ? v->rc->file : "(unknown)", v->rc->pos, v->rc->row + 1,
	         v->t->schema, v->t->table, v->col ? v->col->name : "?",
	         v->col ? binlog_type_name(v->col->type) : "?", msg);
	return CHM_ECORRUPT;
}

/*
 * Leaves the NUL bytes out of a text value, counting them (architecture §11:
 * PostgreSQL text cannot hold one, and pgloader drops them too).  The value
 * is either the tail of d->val (converted), compacted in place, or borrowed
 * from the event, copied to d->val without them.
 */
static void
drop_nuls(RowDecoder *d, const char **text, size_t *len)
{
	const char *s = *text;
	size_t n = *len, at;
	char *dst;

	if (d->val.data != NULL && s >= d->val.data && s <= d->val.data + d->val.len) {
		at = (size_t)(s - d->val.data);
	} else {
		at = d->val.len;
		strbuf_reserve(&d->val, n);
	}
	dst = d->val.data + at;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\0')
			*dst++ = s[i];
		else
			d->nuls_removed++;
	}
	d->val.len = (size_t)(dst - d->val.data);
	d->val.data[d->val.len] = '\0';
	*text = d->val.data + at;
	*len = d->val.len - at;
}

/*
 * The \u0000 escapes of a JSON text (a MariaDB JSON column), left out and
 * counted: jsonb refuses them as PostgreSQL text refuses a NUL.  Valid JSON
 * has a backslash only inside strings, each starting an escape, so a walk
 * over escapes finds them without a parser ("\\u0000" is not one).  The
 * result replaces the value in d->val.
 */
uint64_t
rowdecode_json_drop_nuls(StrBuf *out, const char *s, size_t n)
{
	uint64_t dropped = 0;

	strbuf_reserve(out, n);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\0') {
			dropped++; /* not JSON, but never worth a failed COPY */
		} else if (s[i] != '\\' || i + 1 >= n) {
			strbuf_putc(out, s[i]);
		} else if (i + 5 < n && memcmp(s + i + 1, "u0000", 5) == 0) {
			dropped++;
			i += 5;
		} else {
			strbuf_append(out, s + i, 2);
			i++;
		}
	}
	return dropped;
}

static void
drop_json_nul_escapes(RowDecoder *d, const char **text, size_t *len)
{
	if (*len < 6 || memmem(*text, *len, "\\u0000", 6) == NULL)
		return;
	strbuf_reset(&d->tmp);
	d->nuls_removed += rowdecode_json_drop_nuls(&d->tmp, *text, *len);
	strbuf_reset(&d->val);
	strbuf_append(&d->val, d->tmp.data, d->tmp.len);
	*text = d->val.data;
	*len = d->val.len;
}

/* Text in the column's character set -> UTF-8 into d->val (or hex when binary). */
static int
put_text(ValueCtx *v, const uint8_t *s, size_t n, RowValueKind *kind, const char **text,
         size_t *len)
{
	RowDecoder *d = v->d;
	int cs = v->col->collation ? charset_of(v->col->collation, !v->t->mariadb) : CS_UTF8MB4;
	*kind = ROWVAL_STRING;
	switch (cs) {
	case CS_BINARY:
		put_hex(&d->val, s, n);
		*text = d->val.data;
		*len = d->val.len;
		return 0;
	case CS_UTF8MB4:
	case CS_UTF8MB3:
	case CS_ASCII:
		if (!utf8_valid(s, n))
			return rowdecode_vfail(v, "text is not valid UTF-8 (collation %u)", v->col->collation);
		*text = (const char *)s;
		*len = n;
		break;
	case CS_LATIN1:
		latin1_to_utf8(s, n, &d->val);
		*text = d->val.data;
		*len = d->val.len;
		break;
	default: {
		const char *name = cs == CS_UNKNOWN ? NULL : iconv_name(cs);
		if (name == NULL)
			return rowdecode_vfail(v, "character set of collation %u cannot be converted to UTF-8",
			                       v->col->collation);
		iconv_t cd = (iconv_t)d->iconv_cache[cs];
		if (d->iconv_cache[cs] == NULL) {
			cd = iconv_open("UTF-8", name);
			if (cd == (iconv_t)-1)
				return rowdecode_vfail(v, "iconv cannot convert from %s", name);
			d->iconv_cache[cs] = (void *)cd;
		}
		iconv(cd, NULL, NULL, NULL, NULL);
		size_t at = d->val.len;
		strbuf_reserve(&d->val, 4 * n + 8);
		char *in = (char *)s, *outp = d->val.data + at;
		size_t inleft = n, outleft = d->val.cap - at - 1;
		if (iconv(cd, &in, &inleft, &outp, &outleft) == (size_t)-1)
			return rowdecode_vfail(v, "text is not valid %s", charset_names[cs]);
		d->val.len = (size_t)(outp - d->val.data);
		d->val.data[d->val.len] = '\0';
		*text = d->val.data + at;
		*len = d->val.len - at;
		break;
	}
	}
	if (memchr(*text, '\0', *len) != NULL)
		drop_nuls(d, text, len);
	return 0;
}

static void
put_inet6(StrBuf *out, const uint8_t *a)
{
	/* RFC 5952: longest run (>= 2) of zero groups becomes "::" */
	if (memcmp(a, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0) {
		strbuf_printf(out, "::ffff:%u.%u.%u.%u", a[12], a[13], a[14], a[15]);
		return;
	}
	int best = -1, bestlen = 0;
	for (int i = 0; i < 8;) {
		if (a[2 * i] == 0 && a[2 * i + 1] == 0) {
			int k = i;
			while (k < 8 && a[2 * k] == 0 && a[2 * k + 1] == 0)
				k++;
			if (k - i > bestlen && k - i >= 2) {
				best = i;
				bestlen = k - i;
			}
			i = k;
		} else {
			i++;
		}
	}
	for (int i = 0; i < 8; i++) {
		if (i == best) {
			strbuf_append(out, "::", 2);
			i += bestlen - 1;
			continue;
		}
		if (i > 0 && i != best + bestlen)
			strbuf_putc(out, ':');
		strbuf_printf(out, "%x", (unsigned)be(a + 2 * i, 2));
	}
}

/* A zero date per the decoder's policy; returns the kind to report. */
static RowValueKind
zero_date(ValueCtx *v, unsigned *flags)
{
	v->d->n_zero_dates++;
	*flags |= ROWVAL_F_ZERO_DATE;
	if (v->d->zero_dates == ROW_ZERO_DATES_LITERAL)
		return ROWVAL_STRING;
	strbuf_reset(&v->d->val);
	if (v->col->nullable)
		return ROWVAL_NULL;
	strbuf_puts(&v->d->val, "-infinity");
	return ROWVAL_STRING;
}

static int decode_json_diff(ValueCtx *v, const uint8_t *p, size_t n);

/*
 * A MariaDB JSON column (hint) is embedded as JSON, so it must be JSON: the
 * server's json_valid CHECK can be dropped, and one bad document would make
 * PostgreSQL refuse the whole batch.
 */
static int
check_json_text(ValueCtx *v, const char *text, size_t len)
{
	json_tokener *tok = json_tokener_new();
	StrBuf *tmp = &v->d->tmp;
	strbuf_reset(tmp);
	strbuf_append(tmp, text, len);
	json_object *o = json_tokener_parse_ex(tok, tmp->data ? tmp->data : "", (int)len + 1);
	bool ok = json_tokener_get_error(tok) == json_tokener_success;
	for (size_t i = ok ? json_tokener_get_parse_end(tok) : len; i < len; i++)
		ok = ok && strchr(" \t\r\n", text[i]) != NULL && text[i] != '\0';
	json_object_put(o);
	json_tokener_free(tok);
	if (!ok)
		return rowdecode_vfail(v, "the text of a JSON column is not JSON");
	return 0;
}

/* What one value decodes to, and how many bytes of the image it takes. */
typedef struct DecodedValue {
	RowValueKind kind;
	const char *text; /* NULL: the text is the decoder's val */
	size_t len;
	unsigned flags;
	size_t need;
} DecodedValue;

/*
 * A JSON column's document as the row image carries it.  The literal null
 * would read as SQL NULL there, so it goes as {"$chm_json":null}, and an
 * object whose only key is "$chm_json" is wrapped the same way, so that
 * nothing is ambiguous; the replay unwraps both (fn_image_json in
 * sql/functions-5.sql).  The snapshot stores the document itself.
 */
static void
wrap_json_doc(RowDecoder *d, DecodedValue *val)
{
	const char *s = val->text ? val->text : (d->val.data ? d->val.data : "");
	size_t n = val->text ? val->len : d->val.len, a = 0, b = n;
	bool wrap;

	while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r' || s[a] == '\n'))
		a++;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r' || s[b - 1] == '\n'))
		b--;
	wrap = b - a == 4 && memcmp(s + a, "null", 4) == 0;
	/* the key may be spelt with \u escapes: parse whatever could hold it */
	if (!wrap && b > a && s[a] == '{' &&
	    (memmem(s + a, b - a, "$chm_json", 9) != NULL || memmem(s + a, b - a, "\\u", 2) != NULL)) {
		strbuf_reset(&d->tmp);
		strbuf_append(&d->tmp, s + a, b - a);
		json_object *o = json_tokener_parse(d->tmp.data);
		wrap = o != NULL && json_object_is_type(o, json_type_object) &&
		       json_object_object_length(o) == 1 && json_object_object_get_ex(o, "$chm_json", NULL);
		json_object_put(o);
	}
	if (!wrap)
		return;
	strbuf_reset(&d->tmp);
	strbuf_puts(&d->tmp, "{\"$chm_json\":");
	strbuf_append(&d->tmp, s + a, b - a);
	strbuf_putc(&d->tmp, '}');
	val->text = d->tmp.data;
	val->len = d->tmp.len;
}

/* Takes n bytes of the image for the value, or fails when fewer are left. */
#define NEED(n)                                                                                    \
	do {                                                                                           \
		val->need = (n);                                                                           \
		if (avail < val->need)                                                                     \
			return rowdecode_vfail(v, "value needs %zu bytes, %zu left in the event", val->need,   \
			                       avail);                                                         \
	} while (0)

/* Integers, floating point, DECIMAL, YEAR and BIT: numbers and their text. */
static int
decode_number(ValueCtx *v, const uint8_t *p, size_t avail, DecodedValue *val)
{
	const BinlogColumn *col = v->col;
	StrBuf *out = &v->d->val;

	switch (col->type) {
	case MYT_TINY:
		NEED(1);
		if (col->is_unsigned)
			put_uint(out, p[0], 0);
		else
			put_int(out, (int8_t)p[0]);
		break;
	case MYT_SHORT:
		NEED(2);
		if (col->is_unsigned)
			put_uint(out, le(p, 2), 0);
		else
			put_int(out, (int16_t)le(p, 2));
		break;
	case MYT_INT24: {
		NEED(3);
		uint32_t u = (uint32_t)le(p, 3);
		if (col->is_unsigned)
			put_uint(out, u, 0);
		else
			put_int(out, (u & 0x800000) ? (int32_t)(u | 0xff000000u) : (int32_t)u);
		break;
	}
	case MYT_LONG:
		NEED(4);
		if (col->is_unsigned)
			put_uint(out, le(p, 4), 0);
		else
			put_int(out, (int32_t)le(p, 4));
		break;
	case MYT_LONGLONG:
		NEED(8);
		if (col->is_unsigned) {
			val->kind = ROWVAL_STRING;
			put_uint(out, le(p, 8), 0);
		} else {
			put_int(out, (int64_t)le(p, 8));
		}
		break;
	case MYT_FLOAT: {
		NEED(4);
		uint32_t bits = (uint32_t)le(p, 4);
		float f;
		memcpy(&f, &bits, 4);
		rowdecode_float(f, out);
		break;
	}
	case MYT_DOUBLE: {
		NEED(8);
		uint64_t bits = le(p, 8);
		double f;
		memcpy(&f, &bits, 8);
		rowdecode_double(f, out);
		break;
	}
	case MYT_NEWDECIMAL:
		val->kind = ROWVAL_STRING;
		val->need = rowdecode_decimal(p, avail, col->precision, col->decimals, out);
		if (val->need == 0)
			return rowdecode_vfail(v, "malformed or truncated DECIMAL(%u,%u)", col->precision,
			                       col->decimals);
		break;
	case MYT_YEAR:
		NEED(1);
		put_uint(out, p[0] ? 1900u + p[0] : 0, 0);
		break;
	case MYT_BIT: {
		uint32_t bits = col->length, nbytes = (bits + 7) / 8;
		NEED(nbytes);
		val->kind = ROWVAL_STRING;
		strbuf_reserve(out, bits);
		for (uint32_t i = 0; i < bits; i++) {
			uint32_t bit = bits - 1 - i; /* most significant first */
			uint8_t byte = p[nbytes - 1 - bit / 8];
			strbuf_putc(out, (byte >> (bit % 8)) & 1 ? '1' : '0');
		}
		break;
	}
	default:
		return rowdecode_vfail(v, "column type %u is not supported", col->type);
	}
	return 0;
}

/* DATE, TIME, DATETIME and TIMESTAMP, old and fractional formats. */
static int
decode_temporal(ValueCtx *v, const uint8_t *p, size_t avail, DecodedValue *val)
{
	const BinlogColumn *col = v->col;
	StrBuf *out = &v->d->val;

	switch (col->type) {
	case MYT_DATE:
	case MYT_NEWDATE: {
		NEED(3);
		uint32_t u = (uint32_t)le(p, 3);
		unsigned day = u & 31, mon = (u >> 5) & 15, year = u >> 9;
		val->kind = ROWVAL_STRING;
		put_date(out, year, mon, day);
		if (year == 0 || mon == 0 || day == 0)
			val->kind = zero_date(v, &val->flags);
		break;
	}
	case MYT_TIME: {
		NEED(3);
		uint32_t u = (uint32_t)le(p, 3);
		int32_t t = (u & 0x800000) ? (int32_t)(u | 0xff000000u) : (int32_t)u;
		val->kind = ROWVAL_STRING;
		if (t < 0) {
			strbuf_putc(out, '-');
			t = -t;
		}
		put_hms(out, (unsigned)(t / 10000), (unsigned)(t / 100 % 100), (unsigned)(t % 100));
		break;
	}
	case MYT_TIME2: {
		int fb = frac_bytes(col->decimals);
		NEED(3 + (size_t)fb);
		/* one big-endian number with an offset; negative values are its
		 * two's complement, so take the sign first and then the parts */
		int64_t raw = (int64_t)be(p, 3 + fb) - ((int64_t)0x800000 << (8 * fb));
		bool neg = raw < 0;
		uint64_t a = neg ? (uint64_t)-raw : (uint64_t)raw;
		uint64_t hms = a >> (8 * fb);
		uint64_t fr = a & ((1ull << (8 * fb)) - 1);
		uint32_t usec = (uint32_t)(fb == 1 ? fr * 10000 : fb == 2 ? fr * 100 : fr);
		val->kind = ROWVAL_STRING;
		if (neg)
			strbuf_putc(out, '-');
		put_hms(out, (unsigned)((hms >> 12) & 0x3ff), (unsigned)((hms >> 6) & 63),
		        (unsigned)(hms & 63));
		put_frac(out, usec, col->decimals);
		break;
	}
	case MYT_DATETIME: {
		NEED(8);
		uint64_t u = le(p, 8);
		unsigned date = (unsigned)(u / 1000000), time = (unsigned)(u % 1000000);
		val->kind = ROWVAL_STRING;
		put_date(out, date / 10000, date / 100 % 100, date % 100);
		strbuf_putc(out, ' ');
		put_hms(out, time / 10000, time / 100 % 100, time % 100);
		if (date / 10000 == 0 || date / 100 % 100 == 0 || date % 100 == 0)
			val->kind = zero_date(v, &val->flags);
		break;
	}
	case MYT_DATETIME2: {
		int fb = frac_bytes(col->decimals);
		NEED(5 + (size_t)fb);
		int64_t ip = (int64_t)be(p, 5) - 0x8000000000LL;
		uint64_t fr = fb ? be(p + 5, fb) : 0;
		uint32_t usec = (uint32_t)(fb == 1 ? fr * 10000 : fb == 2 ? fr * 100 : fr);
		if (ip < 0)
			return rowdecode_vfail(v, "negative DATETIME");
		uint64_t ymd = (uint64_t)ip >> 17, ym = ymd >> 5, hms = (uint64_t)ip & 0x1ffff;
		unsigned y = (unsigned)(ym / 13), mo = (unsigned)(ym % 13), dd = (unsigned)(ymd & 31);
		val->kind = ROWVAL_STRING;
		put_date(out, y, mo, dd);
		strbuf_putc(out, ' ');
		put_hms(out, (unsigned)(hms >> 12), (unsigned)((hms >> 6) & 63), (unsigned)(hms & 63));
		put_frac(out, usec, col->decimals);
		if (y == 0 || mo == 0 || dd == 0)
			val->kind = zero_date(v, &val->flags);
		break;
	}
	case MYT_TIMESTAMP: {
		NEED(4);
		uint32_t secs = (uint32_t)le(p, 4);
		val->kind = ROWVAL_STRING;
		if (secs == 0) {
			strbuf_puts(out, "0000-00-00 00:00:00");
			val->kind = zero_date(v, &val->flags);
		} else {
			put_timestamp(out, secs, 0, 0);
		}
		break;
	}
	case MYT_TIMESTAMP2: {
		int fb = frac_bytes(col->decimals);
		NEED(4 + (size_t)fb);
		uint32_t secs = (uint32_t)be(p, 4);
		uint64_t fr = fb ? be(p + 4, fb) : 0;
		uint32_t usec = (uint32_t)(fb == 1 ? fr * 10000 : fb == 2 ? fr * 100 : fr);
		val->kind = ROWVAL_STRING;
		if (secs == 0 && usec == 0) {
			strbuf_puts(out, "0000-00-00 00:00:00");
			put_frac(out, 0, col->decimals);
			val->kind = zero_date(v, &val->flags);
		} else {
			put_timestamp(out, secs, usec, col->decimals);
		}
		break;
	}
	default:
		return rowdecode_vfail(v, "column type %u is not supported", col->type);
	}
	return 0;
}

/*
 * Text of a string or TEXT column: converted to UTF-8, and embedded as JSON
 * when a MariaDB hint says it is JSON.
 */
static int
decode_text(ValueCtx *v, const uint8_t *s, size_t n, DecodedValue *val)
{
	int rc = put_text(v, s, n, &val->kind, &val->text, &val->len);
	if (rc < 0)
		return rc;
	if (v->col->hint == BINLOG_HINT_JSON) {
		rc = check_json_text(v, val->text, val->len);
		if (rc < 0)
			return rc;
		drop_json_nul_escapes(v->d, &val->text, &val->len);
		val->kind = ROWVAL_JSON;
		wrap_json_doc(v->d, val);
	}
	return 0;
}

/* ENUM and SET: their labels (converted like any text), or the number without labels. */
static int
decode_enum_set(ValueCtx *v, const uint8_t *p, size_t avail, DecodedValue *val)
{
	RowDecoder *d = v->d;
	const BinlogColumn *col = v->col;
	StrBuf *out = &d->val;

	uint32_t nb = col->length;
	if (nb < 1 || nb > 8)
		return rowdecode_vfail(v, "%s of %u bytes", col->real_type == MYT_ENUM ? "ENUM" : "SET",
		                       nb);
	NEED(nb);
	uint64_t x = le(p, (int)nb);
	val->kind = ROWVAL_STRING;
	if (col->labels == NULL) {
		put_uint(out, x, 0); /* no labels in the metadata: the number */
		return 0;
	}
	/* labels are in the column's character set: join them in tmp,
	 * then convert like any text */
	StrBuf *lab = &d->tmp;
	strbuf_reset(lab);
	if (col->real_type == MYT_ENUM) {
		if (x > col->nlabels)
			return rowdecode_vfail(v, "ENUM index %" PRIu64 " beyond its %u labels", x,
			                       col->nlabels);
		if (x > 0)
			strbuf_append(lab, col->labels[x - 1], col->label_lens[x - 1]);
	} else {
		bool first = true;
		for (uint32_t i = 0; i < 64 && x; i++) {
			if (!((x >> i) & 1))
				continue;
			if (i >= col->nlabels)
				return rowdecode_vfail(v, "SET bit %u beyond its %u labels", i, col->nlabels);
			if (!first)
				strbuf_putc(lab, ',');
			strbuf_append(lab, col->labels[i], col->label_lens[i]);
			first = false;
			x &= ~(1ull << i);
		}
	}
	return put_text(v, (const uint8_t *)(lab->data ? lab->data : ""), lab->len, &val->kind,
	                &val->text, &val->len);
}

/*
 * CHAR, VARCHAR, BINARY and VARBINARY (and ENUM and SET, which the binlog
 * writes as MYT_STRING): text in the column's character set, hex when
 * binary, or what a MariaDB hint says the bytes are.
 */
static int
decode_string(ValueCtx *v, const uint8_t *p, size_t avail, DecodedValue *val)
{
	RowDecoder *d = v->d;
	const BinlogColumn *col = v->col;
	StrBuf *out = &d->val;

	if (col->real_type == MYT_ENUM || col->real_type == MYT_SET)
		return decode_enum_set(v, p, avail, val);
	int lb = col->length > 255 ? 2 : 1;
	NEED((size_t)lb);
	size_t n = (size_t)le(p, lb);
	NEED((size_t)lb + n);
	const uint8_t *s = p + lb;
	if (col->hint == BINLOG_HINT_INET4) {
		uint8_t b[4] = {0};
		if (n > 4)
			return rowdecode_vfail(v, "%zu bytes for a 4-byte INET4", n);
		memcpy(b, s, n); /* trailing zero bytes are not written */
		val->kind = ROWVAL_STRING;
		strbuf_printf(out, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
		return 0;
	}
	if (col->hint == BINLOG_HINT_VECTOR) {
		if (n % 4 != 0)
			return rowdecode_vfail(v, "%zu bytes for a VECTOR of 4-byte floats", n);
		val->kind = ROWVAL_JSON;
		rowdecode_vector(s, n, out);
		return 0;
	}
	if (col->hint == BINLOG_HINT_INET6 || col->hint == BINLOG_HINT_UUID) {
		uint8_t b[16] = {0};
		if (n > 16)
			return rowdecode_vfail(v, "%zu bytes for a 16-byte %s", n,
			                       col->hint == BINLOG_HINT_UUID ? "UUID" : "INET6");
		memcpy(b, s, n); /* trailing zero bytes are not written */
		val->kind = ROWVAL_STRING;
		if (col->hint == BINLOG_HINT_INET6)
			put_inet6(out, b);
		else /* MariaDB 10.11 writes the bytes in text order (checked against the lab
		      * server: tests/unit/binlog/capture.sh); the index-friendly swapped
		      * layout of its record never reaches the binlog */
			binlog_put_uuid(out, b);
		return 0;
	}
	int cs = col->collation ? charset_of(col->collation, !v->t->mariadb) : CS_UNKNOWN;
	if (col->type == MYT_STRING && cs == CS_BINARY && n < col->length) {
		/* BINARY(n) loses its trailing zero bytes in the binlog: put them back */
		strbuf_reserve(&d->tmp, col->length);
		strbuf_reset(&d->tmp);
		strbuf_append(&d->tmp, (const char *)s, n);
		while (d->tmp.len < col->length)
			strbuf_putc(&d->tmp, '\0');
		put_hex(out, (const uint8_t *)d->tmp.data, d->tmp.len);
		val->kind = ROWVAL_STRING;
		return 0;
	}
	return decode_text(v, s, n, val);
}

/*
 * BLOB and TEXT, GEOMETRY, VECTOR and JSON: a length prefix, then text,
 * bytes or binary JSON (as diffs when partial).
 */
static int
decode_blob(ValueCtx *v, const uint8_t *p, size_t avail, bool partial, DecodedValue *val)
{
	RowDecoder *d = v->d;
	const BinlogColumn *col = v->col;
	StrBuf *out = &d->val;

	int lb = (int)col->length;
	if (lb < 1 || lb > 4)
		return rowdecode_vfail(v, "length prefix of %d bytes", lb);
	NEED((size_t)lb);
	size_t n = (size_t)le(p, lb);
	NEED((size_t)lb + n);
	const uint8_t *s = p + lb;
	if (col->type == MYT_JSON) {
		if (partial) {
			int rc = decode_json_diff(v, s, n);
			if (rc < 0)
				return rc;
		} else {
			char jerr[128];
			if (rowdecode_json_binary(s, n, out, &d->nuls_removed, jerr, sizeof jerr) < 0)
				return rowdecode_vfail(v, "%s", jerr);
			if (d->keep_json && v->index < d->n_json_before) {
				strbuf_reset(&d->json_before[v->index]);
				strbuf_append(&d->json_before[v->index], out->data, out->len);
			}
		}
		val->kind = ROWVAL_JSON;
		wrap_json_doc(d, val);
	} else if (col->type == MYT_VECTOR) {
		if (n % 4 != 0)
			return rowdecode_vfail(v, "%zu bytes for a VECTOR of 4-byte floats", n);
		val->kind = ROWVAL_JSON;
		rowdecode_vector(s, n, out);
	} else if (col->type == MYT_GEOMETRY || !col->collation) {
		/* no character set known: a BLOB without COLUMN_CHARSET metadata is kept as bytes */
		val->kind = ROWVAL_STRING;
		put_hex(out, s, n);
	} else {
		return decode_text(v, s, n, val);
	}
	return 0;
}

/*
 * Decodes one value at *pp (not past end) into text and calls the sink.
 * partial: a JSON column of a PARTIAL_UPDATE_ROWS after image sent as diffs.
 */
int
rowdecode_value(ValueCtx *v, const uint8_t **pp, const uint8_t *end, bool partial,
                const RowSink *sink, void *ctx)
{
	const BinlogColumn *col = v->col;
	const uint8_t *p = *pp;
	size_t avail = (size_t)(end - p);
	DecodedValue val = {ROWVAL_NUMBER, NULL, 0, 0, 0};
	StrBuf *out = &v->d->val;
	int rc;
	strbuf_reset(out);

	switch (col->type) {
	case MYT_TINY:
	case MYT_SHORT:
	case MYT_INT24:
	case MYT_LONG:
	case MYT_LONGLONG:
	case MYT_FLOAT:
	case MYT_DOUBLE:
	case MYT_NEWDECIMAL:
	case MYT_YEAR:
	case MYT_BIT:
		rc = decode_number(v, p, avail, &val);
		break;
	case MYT_DATE:
	case MYT_NEWDATE:
	case MYT_TIME:
	case MYT_TIME2:
	case MYT_DATETIME:
	case MYT_DATETIME2:
	case MYT_TIMESTAMP:
	case MYT_TIMESTAMP2:
		rc = decode_temporal(v, p, avail, &val);
		break;
	case MYT_VARCHAR:
	case MYT_VAR_STRING:
	case MYT_STRING:
		rc = decode_string(v, p, avail, &val);
		break;
	case MYT_BLOB:
	case MYT_TINY_BLOB:
	case MYT_MEDIUM_BLOB:
	case MYT_LONG_BLOB:
	case MYT_GEOMETRY:
	case MYT_JSON:
	case MYT_VECTOR:
		rc = decode_blob(v, p, avail, partial, &val);
		break;
	case MYT_NULL:
		val.kind = ROWVAL_NULL;
		rc = 0;
		break;
	default:
		return rowdecode_vfail(v, "column type %u is not supported", col->type);
	}
	if (rc < 0)
		return rc;
	if (val.text == NULL) {
		val.text = out->data ? out->data : "";
		val.len = out->len;
	}
	*pp = p + val.need;
	sink->value(ctx, col, v->index, val.kind, val.text, val.len, val.flags);
	return 0;
}

#undef NEED

/*
 * A partial JSON update: a list of (operation, path, value) diffs, applied
 * in order to the column's document in the before image (rowdecode_jsondiff.c).
 * The result goes to d->val as the whole new document.
 */
static int
decode_json_diff(ValueCtx *v, const uint8_t *p, size_t n)
{
	static const char *const ops[] = {"REPLACE", "INSERT", "REMOVE"};
	RowDecoder *d = v->d;
	const uint8_t *end = p + n;

	if (v->index >= d->n_json_before || d->json_before[v->index].len == 0)
		return rowdecode_vfail(v, "a partial JSON update without the document of the before "
		                          "image: the source must run with binlog_row_image=FULL");
	strbuf_reset(&d->jdoc);
	strbuf_append(&d->jdoc, d->json_before[v->index].data, d->json_before[v->index].len);
	while (p < end) {
		uint8_t op = *p++;
		uint64_t plen, vlen;
		const char *path, *why;
		size_t k;
		if (op > 2)
			return rowdecode_vfail(v, "JSON diff operation %u", op);
		k = binlog_read_packed(p, end, &plen);
		if (k == 0 || plen > (size_t)(end - p - k))
			return rowdecode_vfail(v, "truncated JSON diff path");
		path = (const char *)p + k;
		p += k + plen;
		strbuf_reset(&d->jval);
		if (op != 2) {
			char jerr[128];
			k = binlog_read_packed(p, end, &vlen);
			if (k == 0 || vlen > (size_t)(end - p - k))
				return rowdecode_vfail(v, "truncated JSON diff value");
			p += k;
			if (rowdecode_json_binary(p, vlen, &d->jval, &d->nuls_removed, jerr, sizeof jerr) < 0)
				return rowdecode_vfail(v, "%s", jerr);
			p += vlen;
		}
		/* the path is the source's text: not in the message, like any value */
		if (rowdecode_json_apply(&d->jdoc, &d->jnext, op, path, plen, &d->jval, &why) < 0)
			return rowdecode_vfail(v, "could not apply a partial JSON update (%s): %s", ops[op],
			                       why);
	}
	strbuf_append(&d->val, d->jdoc.data, d->jdoc.len);
	return 0;
}
