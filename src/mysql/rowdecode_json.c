/*
 * rowdecode_json.c — MySQL's binary JSON as JSON text.
 *
 * The JSON column's on-disk format (objects, arrays, scalars, opaque
 * MySQL values) into text, every offset checked against the value's
 * bytes, nesting bounded, and the output bounded too (JsonCtx.out_max), so
 * that a crafted document cannot grow without end.  Not here: the JSON
 * diffs of partial updates (rowdecode_value.c uses this file for their
 * values), the text of MariaDB JSON columns (plain text).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mysql/rowdecode_int.h"

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
			rowdecode_put_packed_time(out, (int64_t)le(p, 8), 6);
		else
			rowdecode_put_packed_datetime(out, (int64_t)le(p, 8), 6, mtype == MYT_DATE);
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
	if (++j->depth > ROWDECODE_JSON_MAX_DEPTH)
		return json_fail(j, "nested deeper than the maximum of 100");
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
			rowdecode_quote_json(out, (const char *)p + koff, klen, j->nuls);
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
		rowdecode_quote_json(out, (const char *)q, n, j->nuls);
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
