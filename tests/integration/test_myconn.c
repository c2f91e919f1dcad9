/*
 * test_myconn.c — connecting to the source, the start-up checks, the binlog
 * position and lock-free consistent snapshots, on the lab's MariaDB; and
 * MySQL's quoters read back by the server itself.
 */
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "labenv.h"
#include "mysql/myconn.h"
#include "../hostile_names.h"
#include "../unit/unit.h"

static MyConn admin;

static void
admin_exec(const char *sql)
{
	if (my_exec(&admin, sql) != 0)
		printf("# admin statement failed: %s\n", sql);
}

static void
test_connect(void)
{
	ConnConfig cc;
	MyConn c;

	labenv_mysql(&cc, 1);
	CHECK_INT(my_connect(&c, &cc, 0, 0), 0, "the replication user connects");
	CHECK(c.flavor == MY_MARIADB && c.version >= 101100, "the lab server is MariaDB 10.11 (%lu)", c.version);
	CHECK_INT(my_check_source(&c), 0, "the lab's settings pass the start-up checks");

	char tz[64];
	bool found;
	CHECK(my_query_value(&c, "SELECT @@session.time_zone", tz, sizeof(tz), &found, NULL) == 0 && found &&
			  strcmp(tz, "+00:00") == 0,
		  "sessions read TIMESTAMPs in UTC");
	my_close(&c);

	cc.password = "wrong";
	CHECK_INT(my_connect(&c, &cc, 0, 0), CHM_EMYSQL, "a wrong password is a MySQL error");
	CHECK(c.mysql == NULL, "a failed connection leaves nothing open");
}

static void
test_checks(void)
{
	ConnConfig cc;
	MyConn c;

	labenv_mysql(&cc, 1);
	admin_exec("SET GLOBAL binlog_row_image = 'MINIMAL'");
	if (my_connect(&c, &cc, 0, 0) == 0) {
		CHECK_INT(my_check_source(&c), CHM_ECONFIG, "binlog_row_image MINIMAL is refused");
		my_close(&c);
	}
	admin_exec("SET GLOBAL binlog_row_image = 'FULL'");
	admin_exec("SET GLOBAL binlog_row_metadata = 'MINIMAL'");
	if (my_connect(&c, &cc, 0, 0) == 0) {
		CHECK_INT(my_check_source(&c), CHM_ECONFIG, "binlog_row_metadata MINIMAL is refused");
		my_close(&c);
	}
	admin_exec("SET GLOBAL binlog_row_metadata = 'FULL'");

	admin_exec("DROP USER IF EXISTS 'chm_noperm'@'%'");
	admin_exec("CREATE USER 'chm_noperm'@'%' IDENTIFIED BY 'x'");
	admin_exec("GRANT SELECT ON *.* TO 'chm_noperm'@'%'");
	cc.user = "chm_noperm";
	cc.password = "x";
	if (my_connect(&c, &cc, 0, 0) == 0) {
		CHECK_INT(my_check_source(&c), CHM_ECONFIG, "a user without REPLICATION SLAVE is refused");
		my_close(&c);
	}
	admin_exec("DROP USER 'chm_noperm'@'%'");
}

static void
test_position_and_snapshot(void)
{
	ConnConfig cc;
	MyConn conns[3], writer;
	BinlogCoord pos, at, after;
	static const char *const snap_tables[] = {"chm_myconn", "t"};
	MySnapshotSpec spec = {SNAPSHOT_AUTO, 10, snap_tables, 1};
	char value[64];
	bool found;

	labenv_mysql(&cc, 0);
	admin_exec("CREATE DATABASE IF NOT EXISTS chm_myconn");
	admin_exec("CREATE OR REPLACE TABLE chm_myconn.t (id int primary key)");
	admin_exec("INSERT INTO chm_myconn.t VALUES (1), (2)");

	CHECK_INT(my_binlog_position(&admin, &pos), 0, "the binlog position is read");
	CHECK(strncmp(pos.file, "mysql-bin.", 10) == 0 && pos.pos > 4, "the position names the file and offset (%s:%llu)",
		  pos.file, (unsigned long long) pos.pos);
	CHECK(pos.gtid[0] != '\0', "MariaDB's gtid_binlog_pos comes with it (%s)", pos.gtid);

	int opened = 0;
	for (int i = 0; i < 3; i++)
		opened += my_connect(&conns[i], &cc, 0, 0) == 0;
	if (opened != 3 || my_connect(&writer, &cc, 0, 0) != 0) {
		CHECK(0, "connections for the snapshot test");
		return;
	}
	CHECK_INT(my_snapshot_start(&admin, conns, 3, &spec, &at), 0,
	          "three connections share one snapshot");
	CHECK(coord_compare(&at, &pos) == 0, "an idle server's snapshot is at the current position");

	admin_exec("INSERT INTO chm_myconn.t VALUES (3)");
	CHECK_INT(my_binlog_position(&admin, &after), 0, "the position after a write is read");
	CHECK(coord_compare(&after, &at) > 0, "a write moves the position past the snapshot");
	for (int i = 0; i < 3; i++) {
		CHECK(my_query_value(&conns[i], "SELECT count(*) FROM chm_myconn.t", value, sizeof(value), &found, NULL) == 0 &&
				  strcmp(value, "2") == 0,
			  "snapshot %d does not see the later write", i);
		my_close(&conns[i]);
	}
	my_close(&writer);
	admin_exec("DROP DATABASE chm_myconn");
}

/*
 * LOCK TABLES ... READ of the copied tables: it waits for a transaction
 * that wrote to one of them (lock_timeout), not for one that wrote to
 * another table; the snapshots then share one point; too many tables are
 * refused before any statement.
 */
static void
test_table_locks(void)
{
	static const char *const tables[] = {"chm_myconn", "t"};
	MySnapshotSpec spec = {SNAPSHOT_TABLE_LOCKS, 1, tables, 1};
	ConnConfig cc, admin_cc;
	MyConn conns[2], writer;
	BinlogCoord at;
	char value[64];
	bool found;
	int opened = 0;

	labenv_mysql(&cc, 1); /* the snapshots: the lab's least-privilege user */
	labenv_mysql(&admin_cc, 0);
	admin_exec("CREATE DATABASE IF NOT EXISTS chm_myconn");
	admin_exec("CREATE OR REPLACE TABLE chm_myconn.t (id int primary key)");
	admin_exec("CREATE OR REPLACE TABLE chm_myconn.other (id int primary key)");
	admin_exec("INSERT INTO chm_myconn.t VALUES (1), (2)");
	for (int i = 0; i < 2; i++)
		opened += my_connect(&conns[i], &cc, 0, 0) == 0;
	if (opened != 2 || my_connect(&writer, &admin_cc, 0, 0) != 0) {
		CHECK(0, "connections for the table-lock test");
		return;
	}
	CHECK(my_exec(&writer, "START TRANSACTION") == 0 &&
	          my_exec(&writer, "UPDATE chm_myconn.t SET id = 3 WHERE id = 2") == 0,
	      "a transaction writes to the copied table and stays open");
	CHECK_INT(my_snapshot_start(&admin, conns, 2, &spec, &at), CHM_EMYSQL,
	          "the table locks wait for it, then give up after lock_timeout (1 s)");
	CHECK_INT(my_exec(&writer, "COMMIT"), 0, "the writer commits");

	CHECK(my_exec(&writer, "START TRANSACTION") == 0 &&
	          my_exec(&writer, "INSERT INTO chm_myconn.other VALUES (1)") == 0,
	      "a transaction writes to another table and stays open");
	CHECK_INT(my_snapshot_start(&admin, conns, 2, &spec, &at), 0,
	          "the table locks do not wait for it");
	CHECK_INT(my_exec(&writer, "ROLLBACK"), 0, "the writer rolls back");
	admin_exec("INSERT INTO chm_myconn.t VALUES (10)");
	for (int i = 0; i < 2; i++) {
		CHECK(my_query_value(&conns[i], "SELECT group_concat(id ORDER BY id) FROM chm_myconn.t",
		                     value, sizeof(value), &found, NULL) == 0 &&
		          strcmp(value, "1,3") == 0,
		      "snapshot %d has the committed update and not the later insert (%s)", i, value);
		my_close(&conns[i]);
	}
	spec.n_tables = MY_LOCK_TABLES_MAX + 1;
	CHECK_INT(my_snapshot_start(&admin, &writer, 1, &spec, &at), CHM_EUNSUPPORTED,
	          "more than MY_LOCK_TABLES_MAX tables are refused, not sent");
	my_close(&writer);
	admin_exec("DROP DATABASE chm_myconn");
}

static void
test_coord(void)
{
	BinlogCoord a, b;
	coord_set(&a, "mysql-bin.000009", 500);
	coord_set(&b, "mysql-bin.000010", 4);
	CHECK(coord_compare(&a, &b) < 0, "file sequence numbers compare as numbers");
	coord_set(&b, "mysql-bin.000009", 501);
	CHECK(coord_compare(&a, &b) < 0 && coord_compare(&b, &a) > 0, "positions compare within a file");
	CHECK_INT(coord_compare(&a, &a), 0, "a coordinate equals itself");
}

/* The server reads back every hostile name as a literal and as a column alias. */
static void
check_quoting(MyConn *c, const char *mode)
{
	StrBuf sql = STRBUF_INIT;

	for (size_t i = 0; i < N_HOSTILE_NAMES; i++) {
		const char *s = hostile_names[i];
		MYSQL_RES *res = NULL;
		MYSQL_ROW row;
		MYSQL_FIELD *f;
		bool ok = false;

		strbuf_reset(&sql);
		strbuf_puts(&sql, "SELECT ");
		my_quote_literal(c, &sql, s);
		strbuf_puts(&sql, " AS ");
		strbuf_quote_backtick(&sql, s, strlen(s));
		if (mysql_real_query(c->mysql, sql.data, sql.len) == 0 &&
		    (res = mysql_store_result(c->mysql)) != NULL && (row = mysql_fetch_row(res)) != NULL &&
		    (f = mysql_fetch_field(res)) != NULL)
			ok = row[0] != NULL && strcmp(row[0], s) == 0 && strcmp(f->name, s) == 0;
		else
			printf("# %s: %s\n", sql.data, mysql_error(c->mysql));
		CHECK(ok, "%s: MariaDB reads back %s as a literal and an identifier", mode, s);
		if (res)
			mysql_free_result(res);
	}
	strbuf_free(&sql);
}

static void
test_quoting(void)
{
	ConnConfig cc;
	MyConn c;

	labenv_mysql(&cc, 1);
	if (my_connect(&c, &cc, 0, 0) != 0) {
		CHECK(0, "connect for the quoting tests");
		return;
	}
	check_quoting(&c, "default sql_mode");
	/* the OK packet of SET tells the client: the quoter follows the session */
	if (my_exec(&c,
	            "SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES,ANSI_QUOTES')") ==
	    0)
		check_quoting(&c, "NO_BACKSLASH_ESCAPES, ANSI_QUOTES");
	else
		CHECK(0, "set NO_BACKSLASH_ESCAPES");
	my_close(&c);
}

int
main(void)
{
	ConnConfig cc;

	LABENV_REQUIRE();
	chm_log_level = LOG_FATAL; /* the refusals under test log errors */
	labenv_mysql(&cc, 0);
	if (my_connect(&admin, &cc, 0, 0) != 0) {
		CHECK(0, "the admin user connects to the lab");
		return unit_done();
	}
	test_coord();
	test_connect();
	test_checks();
	test_position_and_snapshot();
	test_table_locks();
	test_quoting();
	my_close(&admin);
	return unit_done();
}
