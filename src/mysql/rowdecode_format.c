/*
 * rowdecode_format.c — numbers and JSON strings as canonical text.
 *
 * JSON string quoting (with NUL bytes left out and counted), the shortest
 * round-trip text of FLOAT and DOUBLE, and DECIMAL's binary format as exact
 * text: the formatting that both the value decoder and the binary JSON
 * decoder need.  Not here: reading values out of row images
 * (rowdecode_value.c), binary JSON (rowdecode_json.c).
 */
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mysql/rowdecode_int.h"

const char rowdecode_hexd[17] = "0123456789abcdef";

/* ---- JSON quoting ---- */

/*
 * Appends s as a JSON string.  nuls == NULL: a NUL byte becomes \u0000;
 * otherwise it is left out and counted in *nuls, since jsonb refuses
 * \u0000 (PostgreSQL text cannot hold it) and one such value would make
 * the whole batch fail.
 */
void
rowdecode_quote_json(StrBuf *out, const char *s, size_t n, uint64_t *nuls)
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
			char e[7] = {'\\', 'u', '0', '0', rowdecode_hexd[ch >> 4], rowdecode_hexd[ch & 15], 0};
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
	rowdecode_quote_json(out, s, n, NULL);
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

/*
 * A VECTOR (MariaDB 11.7+, MySQL 9): little-endian IEEE floats as a JSON
 * array, "[1,2.5,-3]", which is also pgvector's input.  Both servers refuse
 * NaN and the infinities in a vector; -0 becomes 0, since jsonb's numbers
 * have no negative zero and the snapshot and the stream must agree.
 */
void
rowdecode_vector(const uint8_t *p, size_t n, StrBuf *out)
{
	strbuf_putc(out, '[');
	for (size_t i = 0; i + 4 <= n; i += 4) {
		uint32_t u = (uint32_t)p[i] | (uint32_t)p[i + 1] << 8 | (uint32_t)p[i + 2] << 16 |
		             (uint32_t)p[i + 3] << 24;
		float f;
		memcpy(&f, &u, sizeof f);
		if (i > 0)
			strbuf_putc(out, ',');
		if (f == 0)
			strbuf_putc(out, '0');
		else
			rowdecode_float(f, out);
	}
	strbuf_putc(out, ']');
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
