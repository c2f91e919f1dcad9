/*
 * test_copy.c — the snapshot's data path on the lab servers: every type's
 * edge values copied from MariaDB land exactly in the mapped PostgreSQL
 * types; failures name the table and column and leave nothing behind.
 * And PostgreSQL's quoters (common/strbuf.h) read back by the server.
 */
#include <stdio.h>
#include <string.h>

#include <libpq-fe.h>

#include "common/log.h"
#include "labenv.h"
#include "replica/copy.h"
#include "../hostile_names.h"
#include "../unit/unit.h"

static MyConn my;
static PGconn *pg;

static void
my_do(const char *sql)
{
	if (my_exec(&my, sql) != 0)
		printf("# MariaDB statement failed: %s\n", sql);
}

static void
pg_do(const char *sql)
{
	PGresult *r = PQexec(pg, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
		printf("# PostgreSQL statement failed: %s: %s", sql, PQerrorMessage(pg));
	PQclear(r);
}

/* The text of one PostgreSQL value ("(null)" for NULL). */
static const char *
pg_value(const char *sql, char *buf, size_t n)
{
	PGresult *r = PQexec(pg, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) < 1)
		snprintf(buf, n, "(error: %s)", PQerrorMessage(pg));
	else if (PQgetisnull(r, 0, 0))
		snprintf(buf, n, "(null)");
	else
		snprintf(buf, n, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return buf;
}

static int
copy_into(const char *table, Arena *arena, CopyStats *st, CopyProgressFn fn)
{
	CopyTable t = {.src_schema = "chm_copy", .src_table = table, .dst_schema = "chm_copy", .dst_table = table};
	memset(st, 0, sizeof(*st));
	int rc = copy_describe(&my, arena, &t);
	if (rc != 0)
		return rc;
	pg_do("BEGIN");
	my_do("START TRANSACTION WITH CONSISTENT SNAPSHOT");
	rc = copy_table(&my, pg, &t, fn, NULL, st);
	my_do("COMMIT");
	pg_do(rc == 0 ? "COMMIT" : "ROLLBACK");
	return rc;
}

static const struct {
	const char *column;
	const char *row1; /* PostgreSQL's text of the copied value */
	const char *row2;
} expect[] = {
	{"ti", "-128", "127"},
	{"tiu", "255", "0"},
	{"si", "-32768", "32767"},
	{"siu", "65535", "0"},
	{"mi", "-8388608", "8388607"},
	{"miu", "16777215", "0"},
	{"i", "-2147483648", "2147483647"},
	{"iu", "4294967295", "0"},
	{"bi", "-9223372036854775808", "9223372036854775807"},
	{"biu", "18446744073709551615", "0"},
	{"dc", "-12345678901234567890123456789012345.123456789012345678901234567890",
	 "0.000000000000000000000000000001"},
	{"f", "1.6777216e+07", "0.1"},
	{"d", "0.30000000000000004", "1.7976931348623157e+308"},
	{"b", "00101", "11111"},
	{"y", "2155", "0"},
	{"dt", "9999-12-31 23:59:59.999999", "1000-01-01 00:00:00"},
	{"ts", "2038-01-19 03:14:07.499+00", "1970-01-01 00:00:01+00"},
	{"tm", "-838:59:59", "838:59:59.5"},
	{"dz", "-infinity", "2024-02-29"},
	{"dzn", "(null)", "(null)"},
	{"dtz", "-infinity", "2020-01-01 00:00:00"},
	/* char(n) pads with blanks on output in PostgreSQL, as bpchar does. */
	{"c", "emoji 😀   ", "          "},
	{"vc", "a\tb\nc\\d\re", "(null)"},
	{"lat", "café", "(null)"},
	{"bin", "\\x00010203", "\\x00000000"},
	{"vb", "\\x", "(null)"},
	{"bl", "\\x00ff0a5c", "(null)"},
	{"e", "b", "a"},
	{"s", "x,z", ""},
	{"j", "{\"a\": [1, 2.5, \"x\"]}", "(null)"},
	{"i6", "2001:db8::1", "(null)"},
	{"u", "123e4567-e89b-12d3-a456-426614174000", "(null)"},
};

static void
test_types(void)
{
	Arena arena;
	CopyStats st;
	char sql[256], got[512];

	arena_init(&arena, "test", 0);
	my_do("CREATE OR REPLACE TABLE chm_copy.types ("
		  " id int PRIMARY KEY, ti tinyint, tiu tinyint unsigned, si smallint, siu smallint unsigned,"
		  " mi mediumint, miu mediumint unsigned, i int, iu int unsigned, bi bigint, biu bigint unsigned,"
		  " dc decimal(65,30), f float, d double, b bit(5), y year, dt datetime(6), ts timestamp(3) NULL,"
		  " tm time(6), dz date NOT NULL, dzn date NULL, dtz datetime NOT NULL, c char(10), vc varchar(100),"
		  " lat varchar(10) CHARACTER SET latin1, bin binary(4), vb varbinary(10), bl blob,"
		  " e enum('a','b') NOT NULL, s set('x','y','z') NOT NULL, j json, i6 inet6, u uuid)");
	my_do("SET SESSION sql_mode = ''");
	my_do("INSERT INTO chm_copy.types VALUES (1, -128, 255, -32768, 65535, -8388608, 16777215, -2147483648,"
		  " 4294967295, -9223372036854775808, 18446744073709551615,"
		  " '-12345678901234567890123456789012345.123456789012345678901234567890', 16777217, 0.1e0 + 0.2e0,"
		  " b'00101', 2155, '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.499', '-838:59:59',"
		  " '0000-00-00', '0000-00-00', '0000-00-00 00:00:00', 'emoji 😀', 'a\\tb\\nc\\\\d\\re', 'café',"
		  " x'00010203', '', x'00ff0a5c', 'b', 'x,z', '{\"a\": [1, 2.5, \"x\"]}', '2001:db8::1',"
		  " '123e4567-e89b-12d3-a456-426614174000')");
	my_do("INSERT INTO chm_copy.types VALUES (2, 127, 0, 32767, 0, 8388607, 0, 2147483647, 0,"
		  " 9223372036854775807, 0, '0.000000000000000000000000000001', 0.1, 1.7976931348623157e308, b'11111',"
		  " 0, '1000-01-01', '1970-01-01 00:00:01', '838:59:59.5', '2024-02-29', NULL, '2020-01-01', '', NULL,"
		  " NULL, x'00', NULL, NULL, 'a', '', NULL, NULL, NULL)");
	my_do("SET SESSION sql_mode = DEFAULT");
	pg_do("CREATE TABLE chm_copy.types (id integer PRIMARY KEY, ti smallint, tiu smallint, si smallint,"
		  " siu integer, mi integer, miu integer, i integer, iu bigint, bi bigint, biu numeric(20),"
		  " dc numeric(65,30), f real, d double precision, b bit(5), y smallint, dt timestamp(6),"
		  " ts timestamptz(3), tm interval, dz date NOT NULL, dzn date, dtz timestamp NOT NULL, c char(10),"
		  " vc varchar(100), lat varchar(10), bin bytea, vb bytea, bl bytea, e text NOT NULL, s text NOT NULL,"
		  " j jsonb, i6 inet, u uuid)");

	CHECK_INT(copy_into("types", &arena, &st, NULL), 0, "the type-torture table copies");
	CHECK_INT(st.rows, 2, "both rows are counted");
	CHECK_INT(st.zero_dates, 3, "the three zero dates are counted");
	for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
		for (int id = 1; id <= 2; id++) {
			snprintf(sql, sizeof(sql), "SELECT \"%s\" FROM chm_copy.types WHERE id = %d", expect[i].column, id);
			char what[96];
			snprintf(what, sizeof(what), "%s of row %d lands exactly", expect[i].column, id);
			CHECK_STR(pg_value(sql, got, sizeof(got)), id == 1 ? expect[i].row1 : expect[i].row2, what);
		}
	}
	arena_free(&arena);
}

static bool
stop_early(void *arg, const CopyTable *t, const CopyStats *s)
{
	(void) arg;
	(void) t;
	return s->rows < 20000;
}

static void
test_volume_and_failures(void)
{
	Arena arena;
	CopyStats st;
	char got[64];

	arena_init(&arena, "test", 0);
	my_do("CREATE OR REPLACE TABLE chm_copy.big (id int PRIMARY KEY, v varchar(40), d datetime)");
	my_do("CREATE OR REPLACE TABLE chm_copy.digits (d int)");
	my_do("INSERT INTO chm_copy.digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)");
	my_do("INSERT INTO chm_copy.big SELECT n, concat('row ', n), '2024-01-01' + INTERVAL n SECOND FROM"
		  " (SELECT 1 + a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n FROM chm_copy.digits a,"
		  " chm_copy.digits b, chm_copy.digits c, chm_copy.digits e, chm_copy.digits f) AS s");
	pg_do("CREATE TABLE chm_copy.big (id integer PRIMARY KEY, v varchar(40), d timestamp)");
	CHECK_INT(copy_into("big", &arena, &st, NULL), 0, "100,000 rows stream through");
	CHECK_STR(pg_value("SELECT count(*) || ' ' || sum(id) || ' ' || max(d) FROM chm_copy.big", got, sizeof(got)),
			  "100000 5000050000 2024-01-02 03:46:40", "every row arrives once, intact");

	pg_do("TRUNCATE chm_copy.big");
	CHECK_INT(copy_into("big", &arena, &st, stop_early), CHM_EINTERRUPTED, "a copy can be interrupted");
	CHECK_STR(pg_value("SELECT count(*) FROM chm_copy.big", got, sizeof(got)), "0",
			  "an interrupted copy leaves no row behind");
	CHECK_STR(pg_value("SELECT 1", got, sizeof(got)), "1", "the PostgreSQL connection is usable afterwards");

	my_do("CREATE OR REPLACE TABLE chm_copy.narrow (id int PRIMARY KEY, v int)");
	my_do("INSERT INTO chm_copy.narrow VALUES (1, 5), (2, 99999)");
	pg_do("CREATE TABLE chm_copy.narrow (id integer PRIMARY KEY, v smallint)");
	CHECK_INT(copy_into("narrow", &arena, &st, NULL), CHM_EPG, "a value the target cannot hold fails the copy");
	CHECK_STR(pg_value("SELECT count(*) FROM chm_copy.narrow", got, sizeof(got)), "0",
			  "and leaves nothing half-copied");

	/* NUL bytes: PostgreSQL text cannot hold them, so they are left out and
	 * counted (architecture §11); JSON loses its \u0000 escapes; bytes keep them */
	my_do("CREATE OR REPLACE TABLE chm_copy.nul (id int PRIMARY KEY, v varchar(10), t text, "
		  "j longtext CHECK (json_valid(j)), b varbinary(10))");
	my_do("INSERT INTO chm_copy.nul VALUES (1, concat('a', char(0), 'b'), concat(char(0), 'x', char(0)), "
		  "json_object('k', concat('y', char(0), 'z')), concat('p', char(0), 'q'))");
	pg_do("CREATE TABLE chm_copy.nul (id integer PRIMARY KEY, v varchar(10), t text, j jsonb, b bytea)");
	CHECK_INT(copy_into("nul", &arena, &st, NULL), 0, "NUL bytes in text and JSON do not fail the copy");
	CHECK_STR(pg_value("SELECT v || '|' || t || '|' || (j ->> 'k') || '|' || b::text FROM chm_copy.nul", got,
					   sizeof(got)),
			  "ab|x|yz|\\x700071", "text and JSON without their NUL bytes, varbinary with every byte");
	CHECK_INT((long long) st.nul_removed, 4, "the NUL bytes left out are counted");

	CopyTable missing = {.src_schema = "chm_copy", .src_table = "nope"};
	CHECK_INT(copy_describe(&my, &arena, &missing), CHM_ENOTFOUND, "a missing source table is reported");
	arena_free(&arena);
}

/* One statement whose first value (and column name) are read back, or NULL on failure. */
static PGresult *
pg_read_back(const StrBuf *sql)
{
	PGresult *r = PQexec(pg, sql->data);
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		return r;
	printf("# %s: %s", sql->data, PQerrorMessage(pg));
	PQclear(r);
	return NULL;
}

static void
test_pg_quoting(void)
{
	static const char *const bodies[] = {"x $chm", "$chm$ $chm1$", "$chm1$$chm$"};
	StrBuf sql = STRBUF_INIT;
	PGresult *r;

	for (int scs = 1; scs >= 0; scs--) {
		pg_do(scs ? "SET standard_conforming_strings = on"
		          : "SET standard_conforming_strings = off");
		for (size_t i = 0; i < N_HOSTILE_NAMES; i++) {
			const char *s = hostile_names[i];
			strbuf_reset(&sql);
			strbuf_puts(&sql, "SELECT ");
			strbuf_quote_literal(&sql, s, strlen(s));
			strbuf_puts(&sql, " AS ");
			strbuf_quote_ident(&sql, s, strlen(s));
			r = pg_read_back(&sql);
			CHECK(r != NULL && strcmp(PQgetvalue(r, 0, 0), s) == 0 && strcmp(PQfname(r, 0), s) == 0,
			      "standard_conforming_strings %s: PostgreSQL reads back %s as a literal and an "
			      "identifier",
			      scs ? "on" : "off", s);
			PQclear(r);
		}
	}
	pg_do("RESET standard_conforming_strings");
	for (size_t i = 0; i < N_HOSTILE_NAMES + 3; i++) {
		const char *s = i < N_HOSTILE_NAMES ? hostile_names[i] : bodies[i - N_HOSTILE_NAMES];
		strbuf_reset(&sql);
		strbuf_puts(&sql, "SELECT ");
		strbuf_dollar_quote(&sql, s, strlen(s));
		r = pg_read_back(&sql);
		CHECK(r != NULL && strcmp(PQgetvalue(r, 0, 0), s) == 0,
		      "PostgreSQL reads back the dollar-quoted %s", s);
		PQclear(r);
	}
	strbuf_free(&sql);
}

int
main(void)
{
	ConnConfig cc;
	char conninfo[512];

	LABENV_REQUIRE();
	chm_log_level = LOG_FATAL; /* the failures under test log errors */
	labenv_mysql(&cc, 0);
	if (my_connect(&my, &cc, 0, 0) != 0) {
		CHECK(0, "connect to the lab MariaDB");
		return unit_done();
	}
	snprintf(conninfo, sizeof(conninfo), "host=%s port=%s user=%s password=%s dbname=%s options='-c TimeZone=UTC -c client_min_messages=warning'",
			 labenv("CHM_PG_HOST"), labenv("CHM_PG_PORT"), labenv("CHM_PG_USER"), labenv("CHM_PG_PASSWORD"),
			 labenv("CHM_PG_DATABASE"));
	pg = PQconnectdb(conninfo);
	if (PQstatus(pg) != CONNECTION_OK) {
		CHECK(0, "connect to the lab PostgreSQL: %s", PQerrorMessage(pg));
		return unit_done();
	}
	my_do("DROP DATABASE IF EXISTS chm_copy");
	my_do("CREATE DATABASE chm_copy CHARACTER SET utf8mb4");
	pg_do("DROP SCHEMA IF EXISTS chm_copy CASCADE");
	pg_do("CREATE SCHEMA chm_copy");

	test_types();
	test_volume_and_failures();
	test_pg_quoting();

	my_do("DROP DATABASE chm_copy");
	pg_do("DROP SCHEMA chm_copy CASCADE");
	PQfinish(pg);
	my_close(&my);
	return unit_done();
}
