/*
 * test_binlog_stream.c — the binlog transport on the lab's MariaDB: raw
 * events as written, heartbeats while idle, GTID positioning, and a clear
 * refusal of a position the server no longer has.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "labenv.h"
#include "mysql/binlog_stream.h"
#include "../unit/unit.h"

enum {
	EV_QUERY = 2,
	EV_ROTATE = 4,
	EV_XID = 16,
	EV_FORMAT_DESCRIPTION = 15,
	EV_WRITE_ROWS_V1 = 23,
	EV_HEARTBEAT = 27,
	EV_WRITE_ROWS_V2 = 30,
	EV_GTID_MARIADB = 162,
};

static MyConn admin;

static void
admin_exec(const char *sql)
{
	if (my_exec(&admin, sql) != 0)
		printf("# admin statement failed: %s\n", sql);
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

/* Reads events until one of type want, at most max events; counts the rest. */
static int
read_until(BinlogStream *s, int want, int max, int *sizes_ok, int *seen_query)
{
	for (int i = 0; i < max; i++) {
		const unsigned char *d;
		size_t len;
		if (binlog_stream_next(s, &d, &len) != 0)
			return -1;
		if (len >= 19 && le32(d + 9) == len)
			(*sizes_ok)++;
		if (d[4] == EV_QUERY && seen_query)
			(*seen_query)++;
		if (d[4] == want)
			return i;
	}
	return -1;
}

static void
test_stream(void)
{
	ConnConfig cc;
	BinlogStream s;
	BinlogCoord at;
	int sizes_ok = 0, queries = 0;
	const unsigned char *d;
	size_t len;

	labenv_mysql(&cc, 1);
	if (my_binlog_position(&admin, &at) != 0) {
		CHECK(0, "read the binlog position");
		return;
	}
	admin_exec("CREATE DATABASE IF NOT EXISTS chm_stream");
	admin_exec("CREATE OR REPLACE TABLE chm_stream.t (id int primary key, v text)");
	admin_exec("INSERT INTO chm_stream.t VALUES (1, 'one')");

	CHECK_INT(binlog_stream_open(&s, &cc, 4242, &at, false, 1), 0, "the stream opens at a file and position");
	if (binlog_stream_next(&s, &d, &len) == 0)
		CHECK(d[4] == EV_ROTATE, "the first event is the server's ROTATE to the file asked for (type %d)", d[4]);
	CHECK(read_until(&s, EV_FORMAT_DESCRIPTION, 5, &sizes_ok, NULL) >= 0, "a FORMAT_DESCRIPTION follows");
	CHECK(read_until(&s, EV_WRITE_ROWS_V1, 50, &sizes_ok, &queries) >= 0, "the insert arrives as a rows event");
	CHECK(queries >= 1, "the CREATE TABLE arrives as a QUERY event before it");
	CHECK(read_until(&s, EV_XID, 5, &sizes_ok, NULL) >= 0, "the transaction ends with an XID");
	CHECK(sizes_ok >= 5, "every event's bytes are whole: the header's size is the length handed out");

	time_t start = time(NULL);
	int hb = read_until(&s, EV_HEARTBEAT, 5, &sizes_ok, NULL);
	CHECK(hb >= 0 && time(NULL) - start <= 4, "an idle source sends heartbeats");
	binlog_stream_close(&s);

	/* GTID positioning: open after the current GTID state, then write. */
	char gtid[COORD_GTID_MAX];
	bool found;
	if (my_query_value(&admin, "SELECT @@GLOBAL.gtid_binlog_pos", gtid, sizeof(gtid), &found, NULL) == 0) {
		BinlogCoord g;
		memset(&g, 0, sizeof(g));
		snprintf(g.gtid, sizeof(g.gtid), "%s", gtid);
		CHECK_INT(binlog_stream_open(&s, &cc, 4243, &g, true, 1), 0, "the stream opens at a GTID position");
		admin_exec("INSERT INTO chm_stream.t VALUES (2, 'two')");
		int gtids = 0, rows = -1;
		for (int i = 0; i < 20; i++) {
			if (binlog_stream_next(&s, &d, &len) != 0)
				break;
			if (d[4] == EV_GTID_MARIADB)
				gtids++;
			if (d[4] == EV_WRITE_ROWS_V1) {
				rows = i;
				break;
			}
		}
		CHECK(rows >= 0 && gtids == 1, "only the transaction after the GTID arrives (%d GTID events)", gtids);
		binlog_stream_close(&s);
	}

	BinlogCoord gone;
	coord_set(&gone, "mysql-bin.999999", 4);
	CHECK_INT(binlog_stream_open(&s, &cc, 4244, &gone, false, 1), CHM_ENOTFOUND,
			  "a purged or unknown binlog file is reported as such");
	admin_exec("DROP DATABASE chm_stream");
}

int
main(void)
{
	ConnConfig cc;

	LABENV_REQUIRE();
	chm_log_level = LOG_FATAL;
	labenv_mysql(&cc, 0);
	if (my_connect(&admin, &cc, 0, 0) != 0) {
		CHECK(0, "connect to the lab MariaDB");
		return unit_done();
	}
	test_stream();
	my_close(&admin);
	return unit_done();
}
