/*
 * rowdecode.c — the row-image decoder core and its two sinks.
 *
 * Values are decoded from the packed formats of MySQL's Field::pack()
 * (the binlog's row format) straight into canonical text.  This file owns
 * every per-type detail; binlog.c has already checked the event's framing
 * and parsed the TABLE_MAP.  Every read is bounded by the rows event's end.
 */
#include "mysql/rowdecode.h"

#include <float.h>
#include <iconv.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/pgname.h"
#include "mysql/binlog_int.h"
#include "mysql/charset_table.inc"

static const char hexd[] = "0123456789abcdef";

static void
put_hex(StrBuf *out, const uint8_t *v, size_t n)
{
	strbuf_reserve(out, 2 * n + 3);
	char *p = out->data + out->len;
	*p++ = '\\';
	*p++ = 'x';
	for (size_t i = 0; i < n; i++) {
		*p++ = hexd[v[i] >> 4];
		*p++ = hexd[v[i] & 15];
	}
	out->len = (size_t)(p - out->data);
	out->data[out->len] = '\0';
}

/* Appends n as decimal digits, zero-padded to width. */
static void
put_uint(StrBuf *out, uint64_t n, int width)
{
	char buf[24];
	char *end = buf + sizeof buf, *p = end;
	do {
		*--p = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	if (width > 20)
		width = 20;
	while (end - p < width)
		*--p = '0';
	strbuf_append(out, p, (size_t)(end - p));
}

static void
put_int(StrBuf *out, int64_t v)
{
	if (v < 0) {
		strbuf_putc(out, '-');
		put_uint(out, (uint64_t)0 - (uint64_t)v, 0);
	} else {
		put_uint(out, (uint64_t)v, 0);
	}
}

/* ---- JSON quoting ---- */

/*
 * Appends s as a JSON string.  nuls == NULL: a NUL byte becomes \u0000;
 * otherwise it is left out and counted in *nuls, since jsonb refuses
 * \u0000 (PostgreSQL text cannot hold it) and one such value would make
 * the whole batch fail.
 */
static void
json_quote(StrBuf *out, const char *s, size_t n, uint64_t *nuls)
{
	strbuf_reserve(out, n + 2);
	strbuf_putc(out, '"');
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch >= 0x20 && ch != '"' && ch != '\\')
			continue;
		strbuf_append(out, s + start, i - start);
		start = i + 1;
		if (ch == 0 && nuls != NULL) {
			(*nuls)++;
			continue;
		}
		switch (ch) {
		case '"':
			strbuf_append(out, "\\\"", 2);
			break;
		case '\\':
			strbuf_append(out, "\\\\", 2);
			break;
		case '\n':
			strbuf_append(out, "\\n", 2);
			break;
		case '\r':
			strbuf_append(out, "\\r", 2);
			break;
		case '\t':
			strbuf_append(out, "\\t", 2);
			break;
		case '\b':
			strbuf_append(out, "\\b", 2);
			break;
		case '\f':
			strbuf_append(out, "\\f", 2);
			break;
		default: {
			char e[7] = {'\\', 'u', '0', '0', hexd[ch >> 4], hexd[ch & 15], 0};
			strbuf_append(out, e, 6);
		}
		}
	}
	strbuf_append(out, s + start, n - start);
	strbuf_putc(out, '"');
}

void
rowdecode_json_quote(StrBuf *out, const char *s, size_t n)
{
	json_quote(out, s, n, NULL);
}

/* ---- floating point ---- */

/*
 * Shortest round-trip text.  DBL_DIG (15) digits always read back to the
 * decimal they came from, so when %.15g reads back to v no shorter text
 * does better (and %g has already dropped the trailing zeros); otherwise
 * 16 and then 17 digits.  The same with FLT_DIG (6) .. 9 for floats.
 */
void
rowdecode_double(double v, StrBuf *out)
{
	char buf[40];
	if (!isfinite(v)) {
		/* MySQL cannot store these; keep the text honest anyway */
		strbuf_puts(out, isnan(v) ? "\"NaN\"" : v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
		return;
	}
	/* the range first: converting a double beyond int64_t (DBL_MAX) is undefined */
	if (fabs(v) < 1e15 && v == (double)(int64_t)v) {
		/* A JSON string: as a number, jsonb (numeric) would drop the sign. */
		if (v == 0 && signbit(v))
			strbuf_puts(out, "\"-0\"");
		else
			put_int(out, (int64_t)v);
		return;
	}
	/* subnormals carry fewer digits: there the search starts at one */
	for (int prec = fabs(v) < DBL_MIN ? 1 : 15; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, v);
		if (prec == 17 || strtod(buf, NULL) == v)
			break;
	}
	strbuf_puts(out, buf);
}

void
rowdecode_float(float v, StrBuf *out)
{
	char buf[40];
	if (!isfinite(v)) {
		strbuf_puts(out, isnan(v) ? "\"NaN\"" : v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
		return;
	}
	if (v == 0 && signbit(v)) {
		strbuf_puts(out, "\"-0\""); /* see rowdecode_double */
		return;
	}
	for (int prec = fabsf(v) < FLT_MIN ? 1 : 6; prec <= 9; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, (double)v);
		if (prec == 9 || strtof(buf, NULL) == v)
			break;
	}
	strbuf_puts(out, buf);
}

/* ---- DECIMAL ---- */

static const int dig2bytes[10] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};

/* Writes v as exactly `width` digits at buf; returns width. */
static int
put_digits(char *buf, uint32_t v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		buf[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return width;
}

static size_t
decimal_size(int precision, int scale)
{
	int intg = precision - scale;
	return (size_t)((intg / 9) * 4 + dig2bytes[intg % 9] + (scale / 9) * 4 + dig2bytes[scale % 9]);
}

size_t
rowdecode_decimal(const uint8_t *p, size_t avail, int precision, int scale, StrBuf *out)
{
	if (precision < 1 || precision > 65 || scale < 0 || scale > precision)
		return 0;
	int intg = precision - scale;
	int intg0 = intg / 9, intg0x = intg % 9, frac0 = scale / 9, frac0x = scale % 9;
	size_t size = decimal_size(precision, scale);
	if (avail < size)
		return 0;
	uint8_t b[64];
	memcpy(b, p, size);
	bool neg = !(b[0] & 0x80);
	b[0] ^= 0x80;
	if (neg)
		for (size_t i = 0; i < size; i++)
			b[i] = (uint8_t)~b[i];
	/* integer digits, as text, then strip leading zeros */
	char digits[80];
	int nd = 0;
	size_t k = 0;
	/* each group must fit its digits: put_digits would drop the excess silently */
	static const uint32_t lim[10] = {1,      10,      100,      1000,      10000,
	                                 100000, 1000000, 10000000, 100000000, 1000000000};
	if (intg0x) {
		int nb = dig2bytes[intg0x];
		uint64_t v = be(b + k, nb);
		k += (size_t)nb;
		if (v >= lim[intg0x])
			return 0;
		nd += put_digits(digits + nd, (uint32_t)v, intg0x);
	}
	for (int i = 0; i < intg0; i++) {
		uint64_t v = be(b + k, 4);
		k += 4;
		if (v >= 1000000000u)
			return 0;
		nd += put_digits(digits + nd, (uint32_t)v, 9);
	}
	int lead = 0;
	while (lead < nd - 1 && digits[lead] == '0')
		lead++;
	char frac[80];
	int nf = 0;
	for (int i = 0; i < frac0; i++) {
		uint64_t v = be(b + k, 4);
		k += 4;
		if (v >= 1000000000u)
			return 0;
		nf += put_digits(frac + nf, (uint32_t)v, 9);
	}
	if (frac0x) {
		int nb = dig2bytes[frac0x];
		uint64_t v = be(b + k, nb);
		k += (size_t)nb;
		if (v >= lim[frac0x])
			return 0;
		nf += put_digits(frac + nf, (uint32_t)v, frac0x);
	}
	bool zero = true;
	for (int i = lead; i < nd; i++)
		zero = zero && digits[i] == '0';
	for (int i = 0; i < nf; i++)
		zero = zero && frac[i] == '0';
	if (neg && !zero)
		strbuf_putc(out, '-');
	if (nd == 0)
		strbuf_putc(out, '0');
	else
		strbuf_append(out, digits + lead, (size_t)(nd - lead));
	if (nf > 0) {
		strbuf_putc(out, '.');
		strbuf_append(out, frac, (size_t)nf);
	}
	return size;
}

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
static void
put_packed_time(StrBuf *out, int64_t packed, int fsp)
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

static bool
put_packed_datetime(StrBuf *out, int64_t packed, int fsp, bool date_only)
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

/* ---- MySQL binary JSON ---- */

typedef struct JsonCtx {
	const uint8_t *base;
	size_t len;
	char *err;
	size_t errlen;
	int depth;
	uint64_t *nuls; /* NUL bytes left out of strings and keys */
	/*
	 * Where the text ends at the most.  Entries may point at data that
	 * other entries use too, which MySQL never writes: two entries per
	 * level naming the same child double the text at each level, 2^99
	 * values from a few hundred bytes.  A real document's text is at most
	 * about 6 times its bytes (a string of control characters), so the
	 * limit is far above it and still linear.
	 */
	size_t out_max;
} JsonCtx;

static int json_value(JsonCtx *j, uint8_t type, const uint8_t *p, size_t avail, bool large,
                      StrBuf *out);

static int
json_fail(JsonCtx *j, const char *what)
{
	snprintf(j->err, j->errlen, "binary JSON: %s", what);
	return CHM_ECORRUPT;
}

/* JSON's own variable-length integer: 7 bits a byte, low first. */
static bool
json_varlen(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
	uint64_t v = 0;
	for (int i = 0; i < 5; i++) {
		if (*p >= end)
			return false;
		uint8_t b = *(*p)++;
		v |= (uint64_t)(b & 0x7f) << (7 * i);
		if (!(b & 0x80)) {
			*out = v;
			return true;
		}
	}
	return false;
}

static void
base64(StrBuf *out, const uint8_t *s, size_t n)
{
	static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)s[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		strbuf_putc(out, t[(v >> 18) & 63]);
		strbuf_putc(out, t[(v >> 12) & 63]);
		strbuf_putc(out, i + 1 < n ? t[(v >> 6) & 63] : '=');
		strbuf_putc(out, i + 2 < n ? t[v & 63] : '=');
	}
}

static int
json_opaque(JsonCtx *j, const uint8_t *p, size_t avail, StrBuf *out)
{
	const uint8_t *end = p + avail;
	uint64_t n;
	if (avail < 1)
		return json_fail(j, "truncated opaque value");
	uint8_t mtype = *p++;
	if (!json_varlen(&p, end, &n) || n > (size_t)(end - p))
		return json_fail(j, "truncated opaque value");
	StrBuf *tmp = out;
	switch (mtype) {
	case MYT_NEWDECIMAL: {
		/* precision, scale, then the binary decimal: a JSON number */
		if (n < 2)
			return json_fail(j, "short decimal");
		if (rowdecode_decimal(p + 2, n - 2, p[0], p[1], tmp) == 0)
			return json_fail(j, "malformed decimal");
		return 0;
	}
	case MYT_DATE:
	case MYT_DATETIME:
	case MYT_TIMESTAMP:
	case MYT_TIME:
		if (n < 8)
			return json_fail(j, "short temporal value");
		strbuf_putc(out, '"');
		if (mtype == MYT_TIME)
			put_packed_time(out, (int64_t)le(p, 8), 6);
		else
			put_packed_datetime(out, (int64_t)le(p, 8), 6, mtype == MYT_DATE);
		strbuf_putc(out, '"');
		return 0;
	default:
		/* as MySQL prints any other opaque value */
		strbuf_printf(out, "\"base64:type%u:", mtype);
		base64(out, p, n);
		strbuf_putc(out, '"');
		return 0;
	}
}

static int
json_container(JsonCtx *j, const uint8_t *p, size_t avail, bool large, bool object, StrBuf *out)
{
	size_t w = large ? 4 : 2;
	if (++j->depth > 100)
		return json_fail(j, "nested deeper than 100");
	if (avail < 2 * w)
		return json_fail(j, "truncated container header");
	uint64_t count = le(p, (int)w), size = le(p + w, (int)w);
	if (size > avail || size < 2 * w)
		return json_fail(j, "container size beyond its data");
	size_t key_entry = object ? w + 2 : 0, val_entry = 1 + w;
	size_t header = 2 * w + count * (key_entry + val_entry);
	if (count > size || header > size)
		return json_fail(j, "container entries beyond its size");
	strbuf_putc(out, object ? '{' : '[');
	for (uint64_t i = 0; i < count; i++) {
		if (out->len > j->out_max)
			return json_fail(j, "entries share their data (the text outgrows the document)");
		if (i)
			strbuf_putc(out, ',');
		if (object) {
			const uint8_t *ke = p + 2 * w + i * key_entry;
			uint64_t koff = le(ke, (int)w), klen = le(ke + w, 2);
			if (koff > size || klen > size - koff)
				return json_fail(j, "key beyond its object");
			json_quote(out, (const char *)p + koff, klen, j->nuls);
			strbuf_putc(out, ':');
		}
		const uint8_t *ve = p + 2 * w + count * key_entry + i * val_entry;
		uint8_t t = ve[0];
		int rc;
		bool inlined = t == 0x04 || t == 0x05 || t == 0x06 || (large && (t == 0x07 || t == 0x08));
		if (inlined) {
			rc = json_value(j, t, ve + 1, w, large, out);
		} else {
			uint64_t off = le(ve + 1, (int)w);
			if (off >= size)
				return json_fail(j, "value beyond its container");
			rc = json_value(j, t, p + off, size - off, large, out);
		}
		if (rc < 0)
			return rc;
	}
	strbuf_putc(out, object ? '}' : ']');
	j->depth--;
	return 0;
}

static int
json_value(JsonCtx *j, uint8_t type, const uint8_t *p, size_t avail, bool large, StrBuf *out)
{
	(void)large;
	switch (type) {
	case 0x00:
	case 0x01:
		return json_container(j, p, avail, type == 0x01, true, out);
	case 0x02:
	case 0x03:
		return json_container(j, p, avail, type == 0x03, false, out);
	case 0x04:
		if (avail < 1)
			return json_fail(j, "truncated literal");
		switch (p[0]) {
		case 0:
			strbuf_puts(out, "null");
			return 0;
		case 1:
			strbuf_puts(out, "true");
			return 0;
		case 2:
			strbuf_puts(out, "false");
			return 0;
		default:
			return json_fail(j, "unknown literal");
		}
	case 0x05:
	case 0x06:
		if (avail < 2)
			return json_fail(j, "truncated int16");
		if (type == 0x05)
			put_int(out, (int16_t)le(p, 2));
		else
			put_uint(out, le(p, 2), 0);
		return 0;
	case 0x07:
	case 0x08:
		if (avail < 4)
			return json_fail(j, "truncated int32");
		if (type == 0x07)
			put_int(out, (int32_t)le(p, 4));
		else
			put_uint(out, le(p, 4), 0);
		return 0;
	case 0x09:
	case 0x0a:
		if (avail < 8)
			return json_fail(j, "truncated int64");
		if (type == 0x09)
			put_int(out, (int64_t)le(p, 8));
		else
			put_uint(out, le(p, 8), 0);
		return 0;
	case 0x0b: {
		if (avail < 8)
			return json_fail(j, "truncated double");
		double d;
		uint64_t bits = le(p, 8);
		memcpy(&d, &bits, 8);
		if (d == 0 && signbit(d)) {
			/* a number inside a document, as MySQL prints it, not the
			 * column's "-0" string: that would change the value's type */
			strbuf_puts(out, "-0.0");
			return 0;
		}
		size_t at = out->len;
		rowdecode_double(d, out);
		/* MySQL prints a double that looks integral as 1.0; keep its type
		 * visible (but not after the quoted text of an infinity) */
		if (out->data[at] != '"' && strpbrk(out->data + at, ".eE") == NULL)
			strbuf_append(out, ".0", 2);
		return 0;
	}
	case 0x0c: {
		const uint8_t *q = p;
		uint64_t n;
		if (!json_varlen(&q, p + avail, &n) || n > (size_t)(p + avail - q))
			return json_fail(j, "truncated string");
		json_quote(out, (const char *)q, n, j->nuls);
		return 0;
	}
	case 0x0f:
		return json_opaque(j, p, avail, out);
	default:
		return json_fail(j, "unknown value type");
	}
}

int
rowdecode_json_binary(const uint8_t *p, size_t len, StrBuf *out, uint64_t *nuls, char *err,
                      size_t errlen)
{
	uint64_t ignored = 0;
	JsonCtx j = {p, len, err, errlen, 0, nuls ? nuls : &ignored, out->len + 16 * len + 1024};
	if (len == 0) { /* MySQL writes an empty value for a JSON null */
		strbuf_puts(out, "null");
		return 0;
	}
	return json_value(&j, p[0], p + 1, len - 1, false, out);
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
		if (coll >= 255 && coll <= 323)
			return CS_UTF8MB4;
	}
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

/* ---- the decoder core ---- */

void
rowdecode_init(RowDecoder *d)
{
	memset(d, 0, sizeof *d);
	strbuf_init(&d->val);
	strbuf_init(&d->tmp);
}

void
rowdecode_free(RowDecoder *d)
{
	strbuf_free(&d->val);
	strbuf_free(&d->tmp);
	for (size_t i = 0; i < sizeof d->iconv_cache / sizeof d->iconv_cache[0]; i++)
		if (d->iconv_cache[i] != NULL)
			iconv_close((iconv_t)d->iconv_cache[i]);
	memset(d->iconv_cache, 0, sizeof d->iconv_cache);
}

const char *
rowdecode_error(const RowDecoder *d)
{
	return d->err;
}

void
rowdecode_start(RowCursor *rc, const BinlogEvent *ev, const char *file)
{
	memset(rc, 0, sizeof *rc);
	rc->rows = &ev->u.rows;
	rc->file = file;
	rc->pos = ev->pos;
}

/* Everything one value decode needs to know and to say when it fails. */
typedef struct ValueCtx {
	RowDecoder *d;
	const RowCursor *rc;
	const BinlogTable *t;
	const BinlogColumn *col;
	uint32_t index;
} ValueCtx;

static int vfail(ValueCtx *v, const char *fmt, ...) CHM_PRINTF(2, 3);

static int
vfail(ValueCtx *v, const char *fmt, ...)
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
 * Leaves the NUL bytes out of a text value, counting them (DESIGN §11:
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
			return vfail(v, "text is not valid UTF-8 (collation %u)", v->col->collation);
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
			return vfail(v, "character set of collation %u cannot be converted to UTF-8",
			             v->col->collation);
		iconv_t cd = (iconv_t)d->iconv_cache[cs];
		if (d->iconv_cache[cs] == NULL) {
			cd = iconv_open("UTF-8", name);
			if (cd == (iconv_t)-1)
				return vfail(v, "iconv cannot convert from %s", name);
			d->iconv_cache[cs] = (void *)cd;
		}
		iconv(cd, NULL, NULL, NULL, NULL);
		size_t at = d->val.len;
		strbuf_reserve(&d->val, 4 * n + 8);
		char *in = (char *)s, *outp = d->val.data + at;
		size_t inleft = n, outleft = d->val.cap - at - 1;
		if (iconv(cd, &in, &inleft, &outp, &outleft) == (size_t)-1)
			return vfail(v, "text is not valid %s", charset_names[cs]);
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

/*
 * MariaDB 10.11 writes a UUID column as BINARY(16) holding the bytes in
 * text order (checked against the lab server: tests/unit/binlog/capture.sh);
 * the index-friendly swapped layout of its record never reaches the binlog.
 */
static void
put_uuid_text(StrBuf *out, const uint8_t *u)
{
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			strbuf_putc(out, '-');
		strbuf_putc(out, hexd[u[i] >> 4]);
		strbuf_putc(out, hexd[u[i] & 15]);
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
		return vfail(v, "the text of a JSON column is not JSON");
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

/* Takes n bytes of the image for the value, or fails when fewer are left. */
#define NEED(n)                                                                                    \
	do {                                                                                           \
		val->need = (n);                                                                           \
		if (avail < val->need)                                                                     \
			return vfail(v, "value needs %zu bytes, %zu left in the event", val->need, avail);     \
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
			return vfail(v, "malformed or truncated DECIMAL(%u,%u)", col->precision, col->decimals);
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
		return vfail(v, "column type %u is not supported", col->type);
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
			return vfail(v, "negative DATETIME");
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
		return vfail(v, "column type %u is not supported", col->type);
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
		return vfail(v, "%s of %u bytes", col->real_type == MYT_ENUM ? "ENUM" : "SET", nb);
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
			return vfail(v, "ENUM index %" PRIu64 " beyond its %u labels", x, col->nlabels);
		if (x > 0)
			strbuf_append(lab, col->labels[x - 1], col->label_lens[x - 1]);
	} else {
		bool first = true;
		for (uint32_t i = 0; i < 64 && x; i++) {
			if (!((x >> i) & 1))
				continue;
			if (i >= col->nlabels)
				return vfail(v, "SET bit %u beyond its %u labels", i, col->nlabels);
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
	if (col->hint == BINLOG_HINT_INET6 || col->hint == BINLOG_HINT_UUID) {
		uint8_t b[16] = {0};
		if (n > 16)
			return vfail(v, "%zu bytes for a 16-byte %s", n,
			             col->hint == BINLOG_HINT_UUID ? "UUID" : "INET6");
		memcpy(b, s, n); /* trailing zero bytes are not written */
		val->kind = ROWVAL_STRING;
		if (col->hint == BINLOG_HINT_INET6)
			put_inet6(out, b);
		else
			put_uuid_text(out, b);
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
		return vfail(v, "length prefix of %d bytes", lb);
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
				return vfail(v, "%s", jerr);
		}
		val->kind = ROWVAL_JSON;
	} else if (col->type == MYT_GEOMETRY || col->type == MYT_VECTOR || !col->collation) {
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
static int
decode_value(ValueCtx *v, const uint8_t **pp, const uint8_t *end, bool partial, const RowSink *sink,
             void *ctx)
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
		return vfail(v, "column type %u is not supported", col->type);
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

/* A partial JSON update: a list of (operation, path, value) diffs. */
static int
decode_json_diff(ValueCtx *v, const uint8_t *p, size_t n)
{
	static const char *const ops[] = {"replace", "insert", "remove"};
	const uint8_t *end = p + n;
	StrBuf *out = &v->d->val;
	strbuf_puts(out, "{\"$chm_json_diff\":[");
	bool first = true;
	while (p < end) {
		uint8_t op = *p++;
		uint64_t plen, vlen;
		size_t k;
		if (op > 2)
			return vfail(v, "JSON diff operation %u", op);
		k = binlog_read_packed(p, end, &plen);
		if (k == 0 || plen > (size_t)(end - p - k))
			return vfail(v, "truncated JSON diff path");
		p += k;
		if (!first)
			strbuf_putc(out, ',');
		first = false;
		strbuf_printf(out, "{\"op\":\"%s\",\"path\":", ops[op]);
		json_quote(out, (const char *)p, plen, &v->d->nuls_removed);
		p += plen;
		if (op != 2) {
			k = binlog_read_packed(p, end, &vlen);
			if (k == 0 || vlen > (size_t)(end - p - k))
				return vfail(v, "truncated JSON diff value");
			p += k;
			char jerr[128];
			strbuf_puts(out, ",\"value\":");
			if (rowdecode_json_binary(p, vlen, out, &v->d->nuls_removed, jerr, sizeof jerr) < 0)
				return vfail(v, "%s", jerr);
			p += vlen;
		}
		strbuf_putc(out, '}');
	}
	strbuf_puts(out, "]}");
	return 0;
}

static inline bool
bit_lsb(const uint8_t *bits, uint32_t i)
{
	return (bits[i / 8] >> (i % 8)) & 1;
}

static void
discard_value(void *ctx, const BinlogColumn *col, uint32_t index, RowValueKind kind,
              const char *text, size_t len, unsigned flags)
{
	(void)ctx, (void)col, (void)index, (void)kind, (void)text, (void)len, (void)flags;
}

/* Decodes and checks an image nobody asked for: the next one starts after it. */
static const RowSink discard_sink = {NULL, discard_value, NULL};

/* One image: [value options + partial bitmap], NULL bitmap, values. */
static int
decode_image(RowDecoder *d, RowCursor *rc, const uint8_t *present, bool partial_after,
             const RowSink *sink, void *ctx)
{
	const BinlogRows *r = rc->rows;
	const BinlogTable *t = r->table;
	const uint8_t *p = r->data + rc->off, *end = r->data + r->data_len;
	ValueCtx v = {d, rc, t, NULL, 0};
	const uint8_t *partial_bits = NULL;
	uint32_t npresent = 0;

	if (partial_after) {
		uint64_t opts;
		size_t k = binlog_read_packed(p, end, &opts);
		if (k == 0)
			return vfail(&v, "truncated value options");
		p += k;
		if (opts & 1) { /* PARTIAL_JSON_UPDATES: one bit per JSON column of the table */
			size_t nb = (t->njson + 7) / 8;
			if ((size_t)(end - p) < nb)
				return vfail(&v, "truncated partial JSON bitmap");
			partial_bits = p;
			p += nb;
		}
	}
	for (uint32_t i = 0; i < r->ncols; i++)
		npresent += bit_lsb(present, i);
	size_t nb = (npresent + 7) / 8;
	if ((size_t)(end - p) < nb)
		return vfail(&v, "truncated NULL bitmap");
	const uint8_t *nulls = p;
	p += nb;

	if (sink == NULL) {
		sink = &discard_sink;
		ctx = NULL;
	}
	if (sink->begin)
		sink->begin(ctx, t);
	uint32_t k = 0, json_k = 0;
	for (uint32_t i = 0; i < r->ncols; i++) {
		const BinlogColumn *col = &t->cols[i];
		bool partial = false;
		if (col->type == MYT_JSON) {
			partial = partial_bits != NULL && bit_lsb(partial_bits, json_k);
			json_k++;
		}
		if (!bit_lsb(present, i))
			continue;
		v.col = col;
		v.index = i;
		if (bit_lsb(nulls, k++)) {
			sink->value(ctx, col, i, ROWVAL_NULL, "", 0, 0);
			continue;
		}
		int rcode = decode_value(&v, &p, end, partial, sink, ctx);
		if (rcode < 0)
			return rcode;
	}
	if (sink->end)
		sink->end(ctx);
	rc->off = (size_t)(p - r->data);
	return 0;
}

int
rowdecode_next(RowDecoder *d, RowCursor *rc, const RowSink *before, void *bctx,
               const RowSink *after, void *actx)
{
	const BinlogRows *r = rc->rows;
	size_t start = rc->off;
	int rcode;
	d->err[0] = '\0';
	if (rc->off >= r->data_len)
		return 0;
	d->nuls_removed = 0;
	switch (r->kind) {
	case BINLOG_ROWS_WRITE:
		rcode = decode_image(d, rc, r->cols_after, false, after, actx);
		break;
	case BINLOG_ROWS_DELETE:
		rcode = decode_image(d, rc, r->cols_before, false, before, bctx);
		break;
	case BINLOG_ROWS_UPDATE:
	case BINLOG_ROWS_PARTIAL_UPDATE:
		rcode = decode_image(d, rc, r->cols_before, false, before, bctx);
		if (rcode == 0)
			rcode = decode_image(d, rc, r->cols_after, r->kind == BINLOG_ROWS_PARTIAL_UPDATE, after,
			                     actx);
		break;
	default:
		return CHM_ESTATE;
	}
	if (rcode < 0)
		return rcode;
	if (rc->off == start) {
		/* no column present in any image: this row, and every next one,
		 * would be the same bytes again, for ever */
		ValueCtx v = {d, rc, r->table, NULL, 0};
		return vfail(&v, "a row of no bytes: its images have no column");
	}
	rc->row++;
	return 1;
}

/* ---- the JSON text sink ---- */

typedef struct JsonSinkCtx {
	StrBuf *out;
	bool first;
} JsonSinkCtx;

static void
json_begin(void *ctx, const BinlogTable *t)
{
	JsonSinkCtx *j = ctx;
	(void)t;
	strbuf_putc(j->out, '{');
	j->first = true;
}

static void
json_put(void *ctx, const BinlogColumn *col, uint32_t index, RowValueKind kind, const char *text,
         size_t len, unsigned flags)
{
	JsonSinkCtx *j = ctx;
	(void)index, (void)flags;
	if (!j->first)
		strbuf_putc(j->out, ',');
	j->first = false;
	if (col->name_len > CHM_PG_NAME_MAX) {
		/* the key is the replica's column name (common/pgname.h) */
		char buf[CHM_PG_NAME_MAX + 1];
		const char *pg = chm_pg_name(col->name, buf);
		rowdecode_json_quote(j->out, pg, strlen(pg));
	} else {
		rowdecode_json_quote(j->out, col->name, col->name_len);
	}
	strbuf_putc(j->out, ':');
	switch (kind) {
	case ROWVAL_NULL:
		strbuf_append(j->out, "null", 4);
		break;
	case ROWVAL_NUMBER:
	case ROWVAL_JSON:
		strbuf_append(j->out, text, len);
		break;
	case ROWVAL_STRING:
		rowdecode_json_quote(j->out, text, len);
		break;
	}
}

static void
json_end(void *ctx)
{
	JsonSinkCtx *j = ctx;
	strbuf_putc(j->out, '}');
}

const RowSink rowdecode_json_sink = {json_begin, json_put, json_end};

int
rowdecode_next_json(RowDecoder *d, RowCursor *rc, StrBuf *before, StrBuf *after)
{
	JsonSinkCtx b = {before, true}, a = {after, true};
	return rowdecode_next(d, rc, before ? &rowdecode_json_sink : NULL, &b,
	                      after ? &rowdecode_json_sink : NULL, &a);
}

/* ---- the json-c sink ---- */

typedef struct JsoncCtx {
	json_object *obj;
	bool bad;    /* a JSON value json-c could not parse (cannot happen with our own text) */
	StrBuf *tmp; /* NUL-terminated copy: json-c needs the end to finish a number */
} JsoncCtx;

static void
jsonc_begin(void *ctx, const BinlogTable *t)
{
	JsoncCtx *j = ctx;
	(void)t;
	j->obj = json_object_new_object();
}

static void
jsonc_put(void *ctx, const BinlogColumn *col, uint32_t index, RowValueKind kind, const char *text,
          size_t len, unsigned flags)
{
	JsoncCtx *j = ctx;
	json_object *v = NULL;
	(void)index, (void)flags;
	switch (kind) {
	case ROWVAL_NULL:
		break;
	case ROWVAL_STRING:
		v = json_object_new_string_len(text, (int)len);
		break;
	case ROWVAL_NUMBER:
	case ROWVAL_JSON: {
		json_tokener *tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH);
		strbuf_reset(j->tmp);
		strbuf_append(j->tmp, text, len);
		v = json_tokener_parse_ex(tok, j->tmp->data, (int)len + 1);
		if (json_tokener_get_error(tok) != json_tokener_success) {
			json_object_put(v);
			v = NULL;
			j->bad = true;
		}
		json_tokener_free(tok);
		break;
	}
	}
	json_object_object_add_ex(j->obj, col->name, v, 0);
}

static const RowSink jsonc_sink = {jsonc_begin, jsonc_put, NULL};

int
rowdecode_next_jsonc(RowDecoder *d, RowCursor *rc, json_object **before, json_object **after)
{
	JsoncCtx b = {NULL, false, &d->tmp}, a = {NULL, false, &d->tmp};
	int rcode =
	    rowdecode_next(d, rc, before ? &jsonc_sink : NULL, &b, after ? &jsonc_sink : NULL, &a);
	if (rcode <= 0 || b.bad || a.bad) {
		json_object_put(b.obj);
		json_object_put(a.obj);
		if (before)
			*before = NULL;
		if (after)
			*after = NULL;
		if (rcode > 0) {
			snprintf(d->err, sizeof d->err, "json-c could not read a decoded JSON value");
			return CHM_ECORRUPT;
		}
		return rcode;
	}
	if (before)
		*before = b.obj;
	if (after)
		*after = a.obj;
	return rcode;
}
