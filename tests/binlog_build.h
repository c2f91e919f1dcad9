/*
 * binlog_build.h — binlog bytes built by hand: events around a body, and
 * MySQL's binary DECIMAL.  Shared by tests/unit/test_binlog.c and the
 * fuzz targets of tests/fuzz/, so that the tests and the fuzzers' seeds
 * are made the same way.  Not a writer for real binlog files: events get
 * no checksum, as a parser that has seen no FORMAT_DESCRIPTION expects.
 */
#ifndef CHM_TESTS_BINLOG_BUILD_H
#define CHM_TESTS_BINLOG_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A byte string of at most 4096 bytes; the put functions do not check the room. */
typedef struct Bytes {
	uint8_t b[4096];
	size_t n;
} Bytes;

static inline void
put(Bytes *x, const void *p, size_t n)
{
	memcpy(x->b + x->n, p, n);
	x->n += n;
}

static inline void
put1(Bytes *x, unsigned v)
{
	x->b[x->n++] = (uint8_t)v;
}

static inline void
put_le(Bytes *x, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		put1(x, (unsigned)(v >> (8 * i)) & 0xff);
}

static inline void
put_be(Bytes *x, uint64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--)
		put1(x, (unsigned)(v >> (8 * i)) & 0xff);
}

/* An event: header (no checksum: the parser has seen no FORMAT_DESCRIPTION) + body. */
static inline void
event(Bytes *ev, uint8_t type, const Bytes *body)
{
	ev->n = 0;
	put_le(ev, 1700000000, 4);
	put1(ev, type);
	put_le(ev, 1, 4);
	put_le(ev, 19 + body->n, 4);
	put_le(ev, 0, 4);
	put_le(ev, 0, 2);
	put(ev, body->b, body->n);
}

/* The start of a TABLE_MAP body: table id, flags, schema "s", table "t". */
static inline void
put_table_map_head(Bytes *tm, uint64_t table_id)
{
	put_le(tm, table_id, 6), put_le(tm, 1, 2);
	put1(tm, 1), put(tm, "s", 2), put1(tm, 1), put(tm, "t", 2);
}

/* The start of a rows event body (v2): table id, flags, no extra data. */
static inline void
put_rows_head(Bytes *rows, uint64_t table_id)
{
	put_le(rows, table_id, 6), put_le(rows, 1, 2), put_le(rows, 2, 2);
}

/* An encoder of MySQL's binary DECIMAL written from the format's description,
 * independent of the decoder: digits "-123.45" for DECIMAL(p,s), which the
 * text must fit (at most p-s integer digits, s fraction digits).  Returns
 * the bytes written to out (at most 30). */
static inline size_t
encode_decimal(const char *text, int prec, int scale, uint8_t *out)
{
	static const int d2b[10] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};
	bool neg = text[0] == '-';
	const char *t = neg ? text + 1 : text;
	const char *dot = strchr(t, '.');
	char ip[80] = "", fp[80] = "";
	int il = dot ? (int)(dot - t) : (int)strlen(t);
	int intg = prec - scale;
	/* left-pad the integer part to intg digits, right-pad the fraction to scale */
	memset(ip, '0', (size_t)intg);
	memcpy(ip + intg - il, t, (size_t)il);
	memset(fp, '0', (size_t)scale);
	if (dot)
		memcpy(fp, dot + 1, strlen(dot + 1));
	size_t n = 0;
	int lead = intg % 9, pos = 0;
	if (lead) {
		unsigned v = 0;
		for (int i = 0; i < lead; i++)
			v = v * 10 + (unsigned)(ip[pos++] - '0');
		for (int i = d2b[lead] - 1; i >= 0; i--)
			out[n++] = (uint8_t)(v >> (8 * i));
	}
	while (pos < intg) {
		unsigned v = 0;
		for (int i = 0; i < 9; i++)
			v = v * 10 + (unsigned)(ip[pos++] - '0');
		for (int i = 3; i >= 0; i--)
			out[n++] = (uint8_t)(v >> (8 * i));
	}
	pos = 0;
	while (scale - pos >= 9) {
		unsigned v = 0;
		for (int i = 0; i < 9; i++)
			v = v * 10 + (unsigned)(fp[pos++] - '0');
		for (int i = 3; i >= 0; i--)
			out[n++] = (uint8_t)(v >> (8 * i));
	}
	if (scale - pos > 0) {
		int rest = scale - pos;
		unsigned v = 0;
		for (int i = 0; i < rest; i++)
			v = v * 10 + (unsigned)(fp[pos++] - '0');
		for (int i = d2b[rest] - 1; i >= 0; i--)
			out[n++] = (uint8_t)(v >> (8 * i));
	}
	out[0] ^= 0x80;
	if (neg)
		for (size_t i = 0; i < n; i++)
			out[i] = (uint8_t)~out[i];
	return n;
}

/* MySQL binary JSON of {"k":[1,-2,"s\"",true,null,1.5],"u":4294967296}, built by hand. */
static inline void
json_sample_object(Bytes *doc)
{
	Bytes a = {.n = 0}, o = {.n = 0};
	/* small array of 6: count, size, 6 entries of 3 bytes, then data */
	size_t arr_hdr = 4 + 6 * 3;
	uint8_t str_entry_off = (uint8_t)arr_hdr, dbl_off = (uint8_t)(arr_hdr + 3);
	put_le(&a, 6, 2);
	put_le(&a, arr_hdr + 3 + 8, 2);
	put1(&a, 0x05), put_le(&a, 1, 2);
	put1(&a, 0x05), put_le(&a, (uint16_t)-2, 2);
	put1(&a, 0x0c), put_le(&a, str_entry_off, 2);
	put1(&a, 0x04), put_le(&a, 1, 2);
	put1(&a, 0x04), put_le(&a, 0, 2);
	put1(&a, 0x0b), put_le(&a, dbl_off, 2);
	put1(&a, 2), put(&a, "s\"", 2);
	double d = 1.5;
	uint64_t bits;
	memcpy(&bits, &d, 8);
	put_le(&a, bits, 8);
	/* small object of 2 keys "k","u": header 4, key entries 2*4, value entries 2*3 */
	size_t hdr = 4 + 2 * 4 + 2 * 3;
	size_t keys = hdr, arr = keys + 2, u64 = arr + a.n;
	put_le(&o, 2, 2);
	put_le(&o, u64 + 8, 2);
	put_le(&o, keys, 2), put_le(&o, 1, 2);
	put_le(&o, keys + 1, 2), put_le(&o, 1, 2);
	put1(&o, 0x02), put_le(&o, arr, 2);
	put1(&o, 0x0a), put_le(&o, u64, 2);
	put(&o, "ku", 2);
	put(&o, a.b, a.n);
	put_le(&o, 4294967296ULL, 8);
	doc->n = 0;
	put1(doc, 0x00);
	put(doc, o.b, o.n);
}

/* A large array: 4-byte count and size, int32 and uint32 inlined: [-5,4000000000,"x"]. */
static inline void
json_sample_large_array(Bytes *l)
{
	l->n = 0;
	put1(l, 0x03);
	put_le(l, 3, 4);
	put_le(l, 8 + 15 + 2, 4);
	put1(l, 0x07), put_le(l, (uint32_t)-5, 4);
	put1(l, 0x08), put_le(l, 4000000000u, 4);
	put1(l, 0x0c), put_le(l, 23, 4);
	put1(l, 1), put1(l, 'x');
}

#endif
