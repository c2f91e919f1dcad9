/*
 * myconn.h — connections to the source MySQL/MariaDB server.
 *
 * Connecting (with TLS options passed through), the start-up checks that
 * the source writes a binlog chameleon can follow, the current binlog
 * position, and consistent snapshots shared by several connections.  The
 * binlog stream itself is not here (binlog reader); neither is decoding.
 *
 * Every failure is logged with the server's host:port and what to do;
 * functions return 0 or a negative CHM_E* code.
 */
#ifndef CHM_MYCONN_H
#define CHM_MYCONN_H

#include <stdbool.h>
#include <stddef.h>

#include <mysql.h>

#include "common/config.h"
#include "common/coord.h"
#include "common/error.h"
#include "common/strbuf.h"

typedef enum MyFlavor {
	MY_MARIADB,
	MY_MYSQL,
} MyFlavor;

typedef struct MyConn {
	MYSQL *mysql;
	MyFlavor flavor;
	unsigned long version; /* 101106 for 10.11.6, 80036 for 8.0.36 */
	char where[160];       /* "127.0.0.1:3306", for messages */
	bool unreachable;      /* the last my_connect failed to reach the server at all */
} MyConn;

/*
 * Connects with cc's host, port, user, password, charset (default utf8mb4),
 * timeouts and TLS options, then sets the session up for reading exact
 * values: time_zone '+00:00' (TIMESTAMP values come out in UTC), and
 * net_write_timeout/net_read_timeout from net_timeout (a streamed read
 * may wait on PostgreSQL).  read_timeout_s > 0 makes a client read that
 * waits longer than that fail, so a dead server is noticed (the binlog
 * stream sets it above the heartbeat period).  On failure c->mysql is NULL,
 * and c->unreachable says whether the server could not be reached at all
 * (refused, timed out, went away, shutting down, too many connections),
 * as opposed to refusing us (credentials, privileges).
 */
int my_connect(MyConn *c, const ConnConfig *cc, int net_timeout, int read_timeout_s) CHM_MUSTCHECK;
void my_close(MyConn *c);

/* Runs a statement whose result, if any, is discarded. */
int my_exec(MyConn *c, const char *sql) CHM_MUSTCHECK;

/*
 * Runs sql and copies the first column of the first row into buf (size n).
 * *found is false when there is no row; a NULL value gives "" and
 * *is_null true (is_null may be NULL).
 */
int my_query_value(MyConn *c, const char *sql, char *buf, size_t n, bool *found,
                   bool *is_null) CHM_MUSTCHECK;

/*
 * Checks that the source writes the binlog chameleon needs: log_bin on,
 * binlog_format ROW, binlog_row_image FULL, binlog_row_metadata FULL; a
 * server_id; and that the user may read the binlog and its position
 * (REPLICATION SLAVE, and REPLICATION CLIENT or MariaDB's BINLOG MONITOR),
 * named by SHOW GRANTS.  Every problem found is logged with the setting to
 * change; returns CHM_ECONFIG when there was any.
 */
int my_check_source(MyConn *c) CHM_MUSTCHECK;

/*
 * The privileges a snapshot (init-replica, sync-tables) needs beyond those
 * my_check_source asks for: SELECT on each mapped schema of src, and
 * LOCK TABLES on them unless the user has RELOAD (my_snapshot_start).
 * Names what is missing with the GRANT statements that give it; CHM_ECONFIG
 * when the snapshot cannot work without it (a warning only where it may:
 * MariaDB's lock-free snapshot needs no LOCK TABLES on a quiet server, and a
 * role may give what SHOW GRANTS does not list).
 */
int my_check_snapshot(MyConn *c, const SourceConfig *src) CHM_MUSTCHECK;

/*
 * The server's current binlog position, and its GTID state in out->gtid:
 * MariaDB's gtid_binlog_pos, MySQL's executed GTID set when gtid_mode is ON
 * (read in the same statement as the position, without spaces or line
 * breaks; CHM_ERANGE when longer than COORD_GTID_MAX), else "".
 */
int my_binlog_position(MyConn *c, BinlogCoord *out) CHM_MUSTCHECK;

/*
 * MySQL: the executed GTID set at at->file:at->pos (a transaction boundary),
 * into at->gtid: gtid_purged, the file's PREVIOUS_GTIDS and the GTIDs of the
 * transactions before pos, from SHOW BINLOG EVENTS.  For a replica whose
 * resume point has no GTID set (gtid_enable turned on later).  at->gtid
 * stays "" when the server writes no GTIDs.
 */
int my_gtid_set_at(MyConn *c, BinlogCoord *at) CHM_MUSTCHECK;

/* The most tables one LOCK TABLES of the snapshot names (see my_snapshot_start). */
#define MY_LOCK_TABLES_MAX 4096

/* What a snapshot is to lock and how (my_snapshot_start). */
typedef struct MySnapshotSpec {
	SnapshotMethod method;     /* the configuration's snapshot_method */
	int lock_timeout_s;        /* how long a lock may be waited for; <= 0: 120 */
	const char *const *tables; /* the copied tables: pairs of source names, */
	int n_tables;              /* tables[2*i] the schema, tables[2*i+1] the table */
} MySnapshotSpec;

/*
 * Opens a consistent snapshot on each of the n connections, all at ONE
 * binlog position, written to *at (with the GTID state: my_binlog_position).
 * With spec->method SNAPSHOT_AUTO, the strongest method the server and the
 * user's privileges allow, tried in this order (architecture §8); another
 * method is that one alone, or an error that says why not:
 *   1. lock-free, where the server reports each snapshot's binlog position
 *      (MariaDB's binlog_snapshot_file/position) and all agree;
 *   2. FLUSH TABLES WITH READ LOCK (RELOAD) held on control while the
 *      snapshots start and the position is read;
 *   3. else LOCK TABLES ... READ of the copied tables (SELECT and LOCK
 *      TABLES suffice), held the same way.  More than MY_LOCK_TABLES_MAX
 *      tables are refused (CHM_EUNSUPPORTED) with what to grant.
 * The method used is logged.  control is never one of conns: a START
 * TRANSACTION would release its table locks.
 */
int my_snapshot_start(MyConn *control, MyConn *conns, int n, const MySnapshotSpec *spec,
                      BinlogCoord *at) CHM_MUSTCHECK;

/* Logs the last error of c, prefixed with what failed. */
void my_log_error(MyConn *c, const char *what);

/* Appends s as a MySQL string literal, quotes included, escaped for c's character set. */
void my_quote_literal(MyConn *c, StrBuf *sb, const char *s);

/* Appends the source schemas of src's schema_mappings as a list of literals ('a', 'b'),
 * for "TABLE_SCHEMA IN (...)". */
void my_quote_schemas(MyConn *c, StrBuf *sb, const SourceConfig *src);

#endif
