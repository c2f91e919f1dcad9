/*
 * fuzz_values.c — libFuzzer target: single values through the decoder's
 * building blocks, where fuzz_binlog would spend most of its time getting
 * the events around them right.
 *
 * The first byte picks what the rest is (modulo 4):
 *   0  MySQL binary JSON (rowdecode_json_binary); the text must be one
 *      JSON value.
 *   1  precision, scale, then a binary DECIMAL (rowdecode_decimal); the
 *      text must have the digits the type allows, and encoding it again
 *      (binlog_build.h's encoder, written apart from the decoder) must give
 *      the bytes back: no digit is lost or made up.
 *   2  the JSON diffs of a PARTIAL_UPDATE_ROWS after image, put into a
 *      TABLE_MAP and rows event (the diffs are decoded only there); both
 *      images must be JSON.
 *   3  a DOUBLE (8 bytes) and a FLOAT (4): the text must be JSON and read
 *      back to the same number.
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "mysql/binlog.h"
#include "mysql/rowdecode.h"
#include "../binlog_build.h"
#include "fuzz.h"

enum { MODE_JSON, MODE_DECIMAL, MODE_JSON_DIFF, MODE_FLOAT };

static void
fuzz_json(const uint8_t *p, size_t n)
{
	StrBuf out = STRBUF_INIT;
	char err[128] = "";
	if (rowdecode_json_binary(p, n, &out, NULL, err, sizeof err) == 0)
		assert(fuzz_json_valid(out.data, out.len));
	else
		assert(err[0] != '\0');
	strbuf_free(&out);
}

static void
fuzz_decimal(const uint8_t *p, size_t n, int prec, int scale)
{
	static const char digits[] = "0123456789";
	StrBuf out = STRBUF_INIT;
	size_t used = rowdecode_decimal(p, n, prec, scale, &out);
	if (used > 0) {
		const char *t = out.data, *s = t + (t[0] == '-');
		size_t il = strspn(s, digits);
		int intg = prec - scale;
		assert(used <= n && used <= 30);
		assert(il >= 1 && (int)il <= (intg > 0 ? intg : 1) && (il == 1 || s[0] != '0'));
		if (scale > 0)
			assert(s[il] == '.' && strspn(s + il + 1, digits) == (size_t)scale &&
			       s[il + 1 + scale] == '\0');
		else
			assert(s[il] == '\0');
		bool zero = strspn(s, "0.") == strlen(s);
		assert(!(zero && t[0] == '-')); /* no "-0" */
		/* the encoder takes no integer digit where the type has none */
		char again_text[80];
		snprintf(again_text, sizeof again_text, "%s%s", t[0] == '-' ? "-" : "",
		         intg == 0 ? s + 1 : s);
		uint8_t again[64];
		assert(encode_decimal(again_text, prec, scale, again) == used);
		/* zero has two encodings (the sign bit), its text one */
		assert(zero || memcmp(again, p, used) == 0);
	}
	strbuf_free(&out);
}

/* Table 9 (id INT, j JSON) and one PARTIAL_UPDATE_ROWS whose after image sends j as diffs. */
static void
fuzz_json_diff(const uint8_t *diff, size_t n)
{
	Bytes tm = {.n = 0}, rows = {.n = 0}, ev;
	BinlogParser p;
	BinlogEvent e;
	RowDecoder d;
	StrBuf before = STRBUF_INIT, after = STRBUF_INIT;

	if (n > 3900)
		n = 3900; /* the event must fit a Bytes */
	put_table_map_head(&tm, 9);
	put1(&tm, 2), put1(&tm, MYT_LONG), put1(&tm, MYT_JSON);
	put1(&tm, 1), put1(&tm, 4); /* metadata: JSON's length bytes */
	put1(&tm, 0x03);            /* both nullable */
	put_rows_head(&rows, 9);
	put1(&rows, 2), put1(&rows, 0x03), put1(&rows, 0x02);
	put1(&rows, 0x02), put_le(&rows, 1, 4); /* before: id 1, j NULL */
	put1(&rows, 0x01), put1(&rows, 0x01);   /* after: PARTIAL_JSON_UPDATES, j is partial */
	put1(&rows, 0x00), put_le(&rows, n, 4), put(&rows, diff, n);

	binlog_parser_init(&p, "fuzz-values");
	rowdecode_init(&d);
	event(&ev, BINLOG_TABLE_MAP, &tm);
	int rc = binlog_parse_event(&p, ev.b, ev.n, 4, &e);
	assert(rc == 0);
	event(&ev, BINLOG_PARTIAL_UPDATE_ROWS, &rows);
	rc = binlog_parse_event(&p, ev.b, ev.n, 100, &e);
	assert(rc == 0);
	RowCursor cur;
	rowdecode_start(&cur, &e, p.file);
	rc = rowdecode_next_json(&d, &cur, &before, &after);
	if (rc > 0) {
		assert(fuzz_json_valid(before.data, before.len));
		assert(fuzz_json_valid(after.data, after.len));
		assert(rowdecode_next_json(&d, &cur, &before, &after) == 0);
	}
	strbuf_free(&before);
	strbuf_free(&after);
	rowdecode_free(&d);
	binlog_parser_free(&p);
}

/* The text of v must be JSON that reads back as v (back), quoted only for
 * what a JSON number cannot say: -0 and the infinities. */
static void
check_float_text(const StrBuf *out, double v, double back)
{
	assert(fuzz_json_valid(out->data, out->len));
	if (out->data[0] == '"')
		assert(!isfinite(v) || (v == 0 && signbit(v)));
	else
		assert(back == v);
}

static void
fuzz_float(const uint8_t *p, size_t n)
{
	StrBuf out = STRBUF_INIT;
	if (n >= 8) {
		double v;
		memcpy(&v, p, 8);
		rowdecode_double(v, &out);
		check_float_text(&out, v, strtod(out.data, NULL));
	}
	if (n >= 4) {
		float v;
		memcpy(&v, p, 4);
		strbuf_reset(&out);
		rowdecode_float(v, &out);
		check_float_text(&out, v, strtof(out.data, NULL));
	}
	strbuf_free(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	switch (data[0] % 4) {
	case MODE_JSON:
		fuzz_json(data + 1, size - 1);
		break;
	case MODE_DECIMAL:
		if (size >= 3)
			fuzz_decimal(data + 3, size - 3, data[1], data[2]);
		break;
	case MODE_JSON_DIFF:
		fuzz_json_diff(data + 1, size - 1);
		break;
	case MODE_FLOAT:
		fuzz_float(data + 1, size - 1);
		break;
	}
	return 0;
}

/* ---- seeds: values built by hand ---- */

static void
seed(FuzzSeedFn *emit, void *arg, const char *name, int mode, const void *p, size_t n)
{
	Bytes s = {.n = 0};
	put1(&s, (unsigned)mode);
	put(&s, p, n);
	emit(arg, name, s.b, s.n);
}

/* A JSON opaque value (type 0x0f) of MySQL type mtype. */
static void
seed_opaque(FuzzSeedFn *emit, void *arg, const char *name, unsigned mtype, const void *p, size_t n)
{
	Bytes v = {.n = 0};
	put1(&v, 0x0f), put1(&v, mtype), put1(&v, (unsigned)n), put(&v, p, n);
	seed(emit, arg, name, MODE_JSON, v.b, v.n);
}

static void
seed_decimal(FuzzSeedFn *emit, void *arg, const char *text, int prec, int scale)
{
	uint8_t b[2 + 64] = {(uint8_t)prec, (uint8_t)scale};
	char name[120];
	size_t n = encode_decimal(text, prec, scale, b + 2);
	snprintf(name, sizeof name, "decimal-%d-%d-%s", prec, scale, text);
	seed(emit, arg, name, MODE_DECIMAL, b, n + 2);
}

void
fuzz_seeds(FuzzSeedFn *emit, void *arg)
{
	Bytes doc;
	json_sample_object(&doc);
	seed(emit, arg, "json-object", MODE_JSON, doc.b, doc.n);
	json_sample_large_array(&doc);
	seed(emit, arg, "json-large-array", MODE_JSON, doc.b, doc.n);
	seed(emit, arg, "json-empty-is-null", MODE_JSON, "", 0);
	/* {"a":1}: count, size, key entry, inlined int16, key */
	static const char small[] = "\x00\x01\x00\x0c\x00\x0b\x00\x01\x00\x05\x01\x00"
	                            "a";
	seed(emit, arg, "json-small-object", MODE_JSON, small, sizeof small - 1);
	seed(emit, arg, "json-true", MODE_JSON, "\x04\x01", 2);
	seed(emit, arg, "json-int64", MODE_JSON, "\x09\x00\x00\x00\x00\x00\x00\x00\x80", 9);
	seed(emit, arg, "json-uint64", MODE_JSON, "\x0a\xff\xff\xff\xff\xff\xff\xff\xff", 9);
	seed(emit, arg, "json-double-max", MODE_JSON, "\x0b\xff\xff\xff\xff\xff\xff\xef\x7f", 9);
	seed(emit, arg, "json-double-1", MODE_JSON, "\x0b\x00\x00\x00\x00\x00\x00\xf0\x3f", 9);
	seed(emit, arg, "json-string", MODE_JSON,
	     "\x0c\x03"
	     "a\"\n",
	     5);
	uint8_t dec[2 + 64] = {10, 2};
	size_t n = encode_decimal("-12.34", 10, 2, dec + 2);
	seed_opaque(emit, arg, "json-opaque-decimal", MYT_NEWDECIMAL, dec, n + 2);
	/* packed temporal values: 2012-03-18, 2012-03-18 11:30:45, 87:31:46.654321 */
	seed_opaque(emit, arg, "json-opaque-date", MYT_DATE, "\x00\x00\x00\x00\x00\x62\x75\x19", 8);
	seed_opaque(emit, arg, "json-opaque-datetime", MYT_DATETIME, "\x00\x00\x00\xed\xb7\x62\x75\x19",
	            8);
	seed_opaque(emit, arg, "json-opaque-time", MYT_TIME, "\xf1\xfb\x09\xbf\xd7\x57\x00\x00", 8);
	seed_opaque(emit, arg, "json-opaque-other", MYT_VARCHAR, "\x55", 1);

	seed_decimal(emit, arg, "1234567890.1234", 14, 4);
	seed_decimal(emit, arg, "-1234567890.1234", 14, 4);
	seed_decimal(emit, arg, "12345678901234567890123456789012345.123456789012345678901234567890",
	             65, 30);
	seed_decimal(emit, arg, "-0.50", 10, 2);
	seed_decimal(emit, arg, "0", 5, 0);
	seed_decimal(emit, arg, "-7", 1, 0);
	seed_decimal(emit, arg, ".0000000010", 10, 10);
	seed_decimal(emit, arg, "123456789", 9, 0);
	seed_decimal(emit, arg, "9.99", 3, 2);

	/* replace $.age by 26, insert $.b "x", remove $.c */
	static const char diff[] = "\x00\x05$.age\x03\x05\x1a\x00"
	                           "\x01\x03$.b\x03\x0c\x01x"
	                           "\x02\x03$.c";
	seed(emit, arg, "json-diff", MODE_JSON_DIFF, diff, sizeof diff - 1);

	static const double doubles[] = {
	    0.1, 1e23, -0.0, 5e-324, 1.7976931348623157e308, 1e15, -1e15, 9007199254740993.0};
	for (size_t i = 0; i < sizeof doubles / sizeof doubles[0]; i++) {
		char name[40];
		snprintf(name, sizeof name, "double-%zu", i);
		seed(emit, arg, name, MODE_FLOAT, &doubles[i], 8);
	}
	static const float floats[] = {0.1f, 3.4028235e38f, -0.0f, 1e-45f, 16777217.0f};
	for (size_t i = 0; i < sizeof floats / sizeof floats[0]; i++) {
		char name[40];
		snprintf(name, sizeof name, "float-%zu", i);
		seed(emit, arg, name, MODE_FLOAT, &floats[i], 4);
	}
}
