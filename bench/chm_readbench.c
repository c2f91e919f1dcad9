/*
 * chm_readbench.c — the timed parts of bench/read.
 *
 *   chm_readbench raw CONFIG SOURCE      fetch the binlog from the source's read
 *                                        coordinates to the server's current
 *                                        position: libmariadb's loop, nothing else
 *   chm_readbench decode CONFIG SOURCE   the same, each event parsed and every
 *                                        row decoded to JSON text, nothing stored
 *   chm_readbench read CONFIG SOURCE     the reader itself (reader_run), decoding
 *                                        and storing, until caught up
 *
 * Prints one line: "MODE events rows seconds maxrss_kb cpu_seconds".  Not a test: bench/read
 * runs it against a lab and compares the figures with COPY.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "common/config.h"
#include "common/log.h"
#include "common/strbuf.h"
#include "mysql/binlog.h"
#include "mysql/binlog_stream.h"
#include "mysql/myconn.h"
#include "mysql/rowdecode.h"
#include "pg/pg.h"
#include "replica/reader.h"

static double
now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* " maxrss_kb cpu_seconds" of this process so far */
static void
print_usage(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf(" %ld %.3f\n", ru.ru_maxrss,
	       (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6);
}

/* raw and decode: the stream from the stored read coordinates to the
 * server's position at start. */
static int
fetch(const Config *cfg, const SourceConfig *src, bool decode)
{
	PGconn *pg;
	MyConn my;
	BinlogStream bs;
	BinlogCoord from, to;
	BinlogParser parser;
	RowDecoder dec;
	StrBuf before = STRBUF_INIT, after = STRBUF_INIT;
	char *file, *gtid;
	uint64_t pos, events = 0, rows = 0;
	int rc;

	if (pg_open(cfg, "chm_readbench", true, &pg) != 0)
		return 1;
	rc = pg_log_last_coords(pg, src->name, &file, &pos, &gtid);
	pg_disconnect(pg);
	if (rc != 0 || file == NULL)
		return 1;
	rc = coord_set(&from, file, pos);
	free(file);
	free(gtid);
	if (rc != 0 || my_connect(&my, &src->db_conn, 0, 0) != 0)
		return 1;
	rc = my_binlog_position(&my, &to);
	my_close(&my);
	if (rc != 0)
		return 1;
	if (binlog_stream_open(&bs, &src->db_conn, (uint32_t)src->my_server_id, &from, false, 1) != 0)
		return 1;
	binlog_parser_init(&parser, from.file);
	rowdecode_init(&dec);

	double t0 = now_s();
	BinlogCoord cur = from;
	while (coord_compare(&cur, &to) < 0) {
		const unsigned char *data;
		size_t len;
		if ((rc = binlog_stream_next(&bs, &data, &len)) != 0)
			break;
		uint32_t log_pos = (uint32_t)data[13] | (uint32_t)data[14] << 8 | (uint32_t)data[15] << 16 |
		                   (uint32_t)data[16] << 24;
		if (data[4] == BINLOG_HEARTBEAT)
			continue;
		events++;
		if (data[4] == BINLOG_ROTATE && log_pos == 0)
			continue; /* the artificial one, before the format event */
		if (data[4] == BINLOG_ROTATE) {
			/* the next file: name after the 8-byte position, checksum cut */
			size_t n = len - 19 - 8 - (parser.have_format && parser.format.checksum_crc32 ? 4 : 0);
			char name[COORD_FILE_MAX];
			snprintf(name, sizeof(name), "%.*s", (int)n, (const char *)data + 27);
			if (coord_set(&cur, name, 4) != 0)
				break;
			continue;
		}
		if (log_pos > cur.pos)
			cur.pos = log_pos;
		if (!decode)
			continue;
		BinlogEvent ev;
		if ((rc = binlog_parse_event(&parser, data, len, log_pos, &ev)) != 0) {
			fprintf(stderr, "chm_readbench: %s\n", binlog_error(&parser));
			break;
		}
		if ((ev.type >= BINLOG_WRITE_ROWS_V1 && ev.type <= BINLOG_DELETE_ROWS_V1) ||
		    (ev.type >= BINLOG_WRITE_ROWS_V2 && ev.type <= BINLOG_DELETE_ROWS_V2)) {
			RowCursor rcur;
			rowdecode_start(&rcur, &ev, parser.file);
			for (;;) {
				strbuf_reset(&before);
				strbuf_reset(&after);
				rc = rowdecode_next_json(&dec, &rcur, &before, &after);
				if (rc <= 0)
					break;
				rows++;
			}
			if (rc < 0) {
				fprintf(stderr, "chm_readbench: %s\n", rowdecode_error(&dec));
				break;
			}
		}
	}
	double t = now_s() - t0;
	printf("%s %" PRIu64 " %" PRIu64 " %.3f", decode ? "decode" : "raw", events, rows, t);
	print_usage();
	binlog_stream_close(&bs);
	binlog_parser_free(&parser);
	rowdecode_free(&dec);
	strbuf_free(&before);
	strbuf_free(&after);
	return rc == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
	Config *cfg;
	SourceConfig *src;
	int rc;

	if (argc != 4) {
		fprintf(stderr, "usage: chm_readbench raw|decode|read CONFIG SOURCE\n");
		return 2;
	}
	if (config_load(argv[2], &cfg) != 0)
		return 1;
	if ((src = config_find_source(cfg, argv[3])) == NULL) {
		fprintf(stderr, "chm_readbench: no source %s\n", argv[3]);
		return 1;
	}
	if (strcmp(argv[1], "read") == 0) {
		ReaderOptions opt = {.cfg = cfg, .src = src, .heartbeat_s = 1, .until_caught_up = true};
		ReaderStats st;
		memset(&st, 0, sizeof(st));
		double t0 = now_s();
		rc = reader_run(&opt, &st);
		double t = now_s() - t0;
		printf("read %" PRIu64 " %" PRIu64 " %.3f", st.events, st.rows_stored, t);
		print_usage();
		reader_log_stats(src->name, &st);
		rc = rc == 0 ? 0 : 1;
	} else {
		rc = fetch(cfg, src, strcmp(argv[1], "decode") == 0);
	}
	config_free(cfg);
	return rc;
}
