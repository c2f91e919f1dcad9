/*
 * bench/decode — row images decoded per second, no server involved.
 *
 * Builds one TABLE_MAP and one WRITE_ROWS_V2 event of a mixed-type table
 * (INT, BIGINT UNSIGNED, VARCHAR(40) utf8mb4, DECIMAL(12,2), DATETIME(6),
 * TIMESTAMP, DOUBLE, TEXT latin1, a nullable INT left NULL) holding ROWS
 * rows, then decodes it again and again into JSON text, as the reader will
 * before handing rows to the log writer.  It measures decoding only: no
 * network, no PostgreSQL.  Build without sanitizers for figures:
 *
 *   mkdir build-bench && cd build-bench && ../configure && make bench/decode/decode
 *   ./bench/decode/decode [seconds]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mysql/binlog.h"
#include "mysql/rowdecode.h"

#define ROWS 200

static uint8_t buf[1 << 20];
static size_t n;

static void
put1(unsigned v)
{
	buf[n++] = (uint8_t)v;
}

static void
put_le(uint64_t v, int k)
{
	for (int i = 0; i < k; i++)
		put1((unsigned)(v >> (8 * i)) & 0xff);
}

static void
put_be(uint64_t v, int k)
{
	for (int i = k - 1; i >= 0; i--)
		put1((unsigned)(v >> (8 * i)) & 0xff);
}

static void
put(const void *p, size_t k)
{
	memcpy(buf + n, p, k);
	n += k;
}

static size_t
header(uint8_t type)
{
	size_t at = n;
	put_le(1700000000, 4);
	put1(type);
	put_le(1, 4);
	put_le(0, 4); /* size, patched */
	put_le(0, 4);
	put_le(0, 2);
	return at;
}

static void
finish(size_t at)
{
	uint32_t size = (uint32_t)(n - at);
	for (int i = 0; i < 4; i++)
		buf[at + 9 + i] = (uint8_t)(size >> (8 * i));
}

static double
clock_s(clockid_t which)
{
	struct timespec ts;
	clock_gettime(which, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

int
main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 3.0;
	static const uint8_t types[] = {MYT_LONG,       MYT_LONGLONG,  MYT_VARCHAR,
	                                MYT_NEWDECIMAL, MYT_DATETIME2, MYT_TIMESTAMP2,
	                                MYT_DOUBLE,     MYT_BLOB,      MYT_LONG};
	const int ncols = (int)sizeof types;

	size_t tm = header(BINLOG_TABLE_MAP);
	put_le(7, 6), put_le(1, 2);
	put1(5), put("bench", 5), put1(0);
	put1(5), put("mixed", 5), put1(0);
	put1((unsigned)ncols);
	put(types, sizeof types);
	put1(2 + 2 + 1 + 1 + 1 + 1);
	put_le(160, 2);                      /* VARCHAR(40) utf8mb4: 160 bytes */
	put1(12), put1(2);                   /* DECIMAL(12,2) */
	put1(6);                             /* DATETIME(6) */
	put1(0);                             /* TIMESTAMP */
	put1(8);                             /* DOUBLE */
	put1(2);                             /* TEXT */
	put_le(0x1ff, 2);                    /* all nullable */
	put1(1), put1(1), put1(0x40);        /* SIGNEDNESS: BIGINT unsigned */
	put1(3), put1(2), put1(45), put1(8); /* COLUMN_CHARSET: varchar utf8mb4, text latin1 */
	put1(4);
	put1(2 + 2 + 2 + 2 + 2 + 2 + 2 + 2 + 2);
	for (int i = 0; i < ncols; i++)
		put1(1), put1((unsigned)('a' + i));
	finish(tm);

	size_t rows = header(BINLOG_WRITE_ROWS_V2);
	put_le(7, 6), put_le(1, 2), put_le(2, 2);
	put1((unsigned)ncols), put_le(0x1ff, 2);
	for (int r = 0; r < ROWS; r++) {
		put_le(0x100, 2); /* column 9 NULL */
		put_le((uint64_t)r * 7919, 4);
		put_le(18446744073709551615ULL - (uint64_t)r, 8);
		char s[64];
		int len = snprintf(s, sizeof s, "customer name number %d é", r);
		put1((unsigned)len), put(s, (size_t)len);
		/* DECIMAL(12,2) 1234567.89: 10 integer digits = 1 byte + 4 bytes, 2 fraction = 1 byte */
		put1(0x80 | 0), put_be(1234567, 4), put1(89);
		uint64_t ymd = ((uint64_t)(2024 * 13 + 5) << 5) | 17;
		put_be(((ymd << 17) | (13 << 12) | (45 << 6) | 12) + 0x8000000000ULL, 5), put_be(123456, 3);
		put_be(1700000000 + (uint64_t)r, 4);
		double d = r / 3.0;
		uint64_t bits;
		memcpy(&bits, &d, 8);
		put_le(bits, 8);
		const char *t = "caf\xe9 cr\xe8me br\xfb"
		                "l\xe9"
		                "e";
		put_le(strlen(t), 2), put(t, strlen(t));
	}
	finish(rows);

	BinlogParser p;
	BinlogEvent ev;
	RowDecoder d;
	StrBuf out = STRBUF_INIT;
	binlog_parser_init(&p, "bench");
	rowdecode_init(&d);
	if (binlog_parse_event(&p, buf + tm, rows - tm, 4, &ev) < 0 ||
	    binlog_parse_event(&p, buf + rows, n - rows, rows, &ev) < 0) {
		fprintf(stderr, "bench: %s\n", binlog_error(&p));
		return 1;
	}
	unsigned long long images = 0;
	size_t bytes = 0;
	/* CPU time too: the machine may be shared, and then wall time says more about the neighbours */
	double start = now(), end, cpu0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	do {
		for (int rep = 0; rep < 50; rep++) {
			RowCursor rc;
			int r;
			rowdecode_start(&rc, &ev, p.file);
			strbuf_reset(&out);
			while ((r = rowdecode_next_json(&d, &rc, NULL, &out)) > 0)
				images++;
			if (r < 0) {
				fprintf(stderr, "bench: %s\n", rowdecode_error(&d));
				return 1;
			}
			bytes += out.len;
		}
		end = now();
	} while (end - start < seconds);
	double cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
	printf("decode: %llu row images of %d mixed columns in %.2f s wall, %.2f s CPU: %.0f images/s "
	       "of CPU "
	       "(%.0f/s wall), %.1f MB/s of JSON text per CPU second\n",
	       images, ncols, end - start, cpu, images / cpu, images / (end - start),
	       bytes / cpu / 1e6);
	printf("sample: %.*s\n", (int)(strchr(out.data, '}') - out.data + 1), out.data);
	strbuf_free(&out);
	rowdecode_free(&d);
	binlog_parser_free(&p);
	return 0;
}
