/*
 * binlog_stream.c — COM_BINLOG_DUMP over a libmariadb connection, raw bytes out.
 *
 * libmariadb connects, authenticates and brings TLS up; the dump itself is
 * ours: one COM_BINLOG_DUMP (or, on MySQL with a GTID set, its
 * COM_BINLOG_DUMP_GTID) sent through the connection's command method, then
 * one packet read per event.  libmariadb's replication API (mariadb_rpl_*)
 * is not used: it parses each event itself and stops on the types it does
 * not know (MySQL's TRANSACTION_PAYLOAD, PARTIAL_UPDATE_ROWS), while our
 * parser (binlog.c) knows them all.  Not here: parsing events.
 */
#include "mysql/binlog_stream.h"

#include <poll.h>
#include <stdio.h>
#include <string.h>

#include <ma_pvio.h> /* the read-ahead cache of the connection */

#include "common/log.h"
#include "common/strbuf.h"
#include "mysql/binlog_int.h"

/* ER_MASTER_FATAL_ERROR_READING_BINLOG: the position is gone or invalid. */
#define ER_BINLOG_GONE 1236

/* The dump commands: libmariadb's enum_server_command has the first only. */
#define CMD_BINLOG_DUMP      0x12
#define CMD_BINLOG_DUMP_GTID 0x1e
/* COM_BINLOG_DUMP_GTID flags (MySQL's BINLOG_THROUGH_GTID): the GTID set is sent. */
#define DUMP_THROUGH_GTID 0x0004

static int
stream_error(BinlogStream *s, const char *what)
{
	unsigned err = s->conn.mysql ? mysql_errno(s->conn.mysql) : 0;
	const char *msg = s->conn.mysql ? mysql_error(s->conn.mysql) : "";
	char at[COORD_FILE_MAX + 32];

	coord_format(&s->from, at, sizeof(at));
	if (err == ER_BINLOG_GONE) {
		chm_log(LOG_ERROR,
				"MySQL server %s cannot send the binlog from %s%s%s: %s; the replica cannot continue from "
				"there: run init-replica to start again from a new snapshot",
				s->conn.where, at, s->from.gtid[0] ? " / GTID " : "", s->from.gtid, msg);
		return CHM_ENOTFOUND;
	}
	chm_log(LOG_ERROR, "%s on MySQL server %s (stream opened at %s): %s (error %u)", what, s->conn.where, at,
			msg && msg[0] ? msg : "connection lost", err);
	return CHM_EMYSQL;
}

/*
 * The server refuses a position it does not have only when the first event
 * is read; asking for its list of binlogs first gives the clear error at
 * open, where the caller expects it.
 */
static int
check_file_exists(BinlogStream *s)
{
	MYSQL_RES *res;
	MYSQL_ROW row;
	bool found = false;
	char at[COORD_FILE_MAX + 32];

	if (mysql_query(s->conn.mysql, "SHOW BINARY LOGS") != 0 || (res = mysql_store_result(s->conn.mysql)) == NULL) {
		my_log_error(&s->conn, "could not list the binary logs");
		return CHM_EMYSQL;
	}
	while (!found && (row = mysql_fetch_row(res)) != NULL)
		found = row[0] && strcmp(row[0], s->from.file) == 0;
	mysql_free_result(res);
	if (!found) {
		chm_log(LOG_ERROR,
				"MySQL server %s no longer has binlog file \"%s\" (purged?), where the replica stands at %s: "
				"run init-replica to start again from a new snapshot",
				s->conn.where, s->from.file, coord_format(&s->from, at, sizeof(at)));
		return CHM_ENOTFOUND;
	}
	return 0;
}

/*
 * The session variables a dump reads: the server sends checksums only to a
 * replica that says it can check them, GTID events (MariaDB) only to one
 * that declares the capability, heartbeats only when asked.  MySQL 8.0.26
 * renamed master_* to source_*: both are set there.
 */
static int
set_dump_variables(BinlogStream *s, const BinlogCoord *from, bool maria_gtid, int heartbeat_s)
{
	StrBuf sql = STRBUF_INIT;
	long long period = (long long)heartbeat_s * 1000000000LL;
	int rc;

	strbuf_printf(
	    &sql,
	    "SET @master_binlog_checksum = @@global.binlog_checksum, @mariadb_slave_capability = 4, "
	    "@master_heartbeat_period = %lld",
	    period);
	if (s->conn.flavor == MY_MYSQL)
		strbuf_printf(
		    &sql,
		    ", @source_binlog_checksum = @@global.binlog_checksum, @source_heartbeat_period = %lld",
		    period);
	if (maria_gtid) {
		strbuf_puts(&sql, ", @slave_connect_state = ");
		my_quote_literal(&s->conn, &sql, from->gtid);
		strbuf_puts(&sql, ", @slave_gtid_strict_mode = 1, @slave_gtid_ignore_duplicates = 0");
	}
	rc = my_exec(&s->conn, sql.data);
	strbuf_free(&sql);
	return rc;
}

/*
 * Builds the dump command: COM_BINLOG_DUMP (position 4 bytes, flags 2,
 * server id 4, file name) or, for a MySQL GTID set, COM_BINLOG_DUMP_GTID
 * (flags 2, server id 4, name length 4, name, position 8, set length 4,
 * the set as Gtid_set::encode writes it).  MariaDB's GTID dump is a plain
 * dump from nowhere, the position being in @slave_connect_state.
 */
static int
dump_command(BinlogStream *s, uint32_t server_id, bool mysql_gtid, bool maria_gtid, StrBuf *cmd,
             int *code)
{
	const BinlogCoord *from = &s->from;

	if (mysql_gtid) {
		GtidSet set;
		StrBuf enc = STRBUF_INIT;
		int rc = gtid_set_parse(&set, from->gtid);
		if (rc != 0) {
			chm_log(LOG_ERROR,
			        "the stored GTID position \"%s\" is not a MySQL GTID set, which MySQL "
			        "server %s needs with gtid_enable: run init-replica to store one",
			        from->gtid, s->conn.where);
			return rc;
		}
		binlog_gtid_set_encode(&set, &enc);
		gtid_set_free(&set);
		*code = CMD_BINLOG_DUMP_GTID;
		put_le(cmd, DUMP_THROUGH_GTID, 2);
		put_le(cmd, server_id, 4);
		put_le(cmd, 0, 4); /* no file name: the server finds the first file the set lacks */
		put_le(cmd, 4, 8);
		put_le(cmd, enc.len, 4);
		strbuf_append(cmd, enc.data ? enc.data : "", enc.len);
		strbuf_free(&enc);
		return 0;
	}
	*code = CMD_BINLOG_DUMP;
	put_le(cmd, maria_gtid ? 4 : from->pos, 4);
	put_le(cmd, 0, 2);
	put_le(cmd, server_id, 4);
	if (!maria_gtid)
		strbuf_puts(cmd, from->file);
	return 0;
}

int
binlog_stream_open(BinlogStream *s, const ConnConfig *cc, uint32_t server_id,
                   const BinlogCoord *from, bool use_gtid, int heartbeat_s)
{
	StrBuf cmd = STRBUF_INIT;
	bool mysql_gtid, maria_gtid;
	int rc, code = 0;

	memset(s, 0, sizeof(*s));
	s->from = *from;
	if (heartbeat_s <= 0)
		heartbeat_s = 1;
	rc = my_connect(&s->conn, cc, 0, 3 * heartbeat_s + 5);
	if (rc != 0)
		return rc;
	mysql_gtid = use_gtid && s->conn.flavor == MY_MYSQL;
	maria_gtid = use_gtid && s->conn.flavor == MY_MARIADB;
	rc = set_dump_variables(s, from, maria_gtid, heartbeat_s);
	if (rc == 0 && !use_gtid)
		rc = check_file_exists(s);
	if (rc == 0)
		rc = dump_command(s, server_id, mysql_gtid, maria_gtid, &cmd, &code);
	if (rc == 0) {
		MYSQL *m = s->conn.mysql;
		/* skip_check: the answer is the stream itself, read by binlog_stream_next */
		if (m->methods->db_command(m, (enum enum_server_command)code, cmd.data, cmd.len, 1, NULL) !=
		    0)
			rc = stream_error(s, "could not open the binlog stream");
	}
	strbuf_free(&cmd);
	if (rc != 0)
		binlog_stream_close(s);
	return rc;
}

int
binlog_stream_next(BinlogStream *s, const unsigned char **data, size_t *len)
{
	MYSQL *m = s->conn.mysql;
	unsigned long n;
	const unsigned char *p;

	if (m == NULL)
		return CHM_EMYSQL;
	/* an error packet (0xff) is turned into mysql_errno/mysql_error here */
	n = mysql_net_read_packet(m);
	if (n == packet_error || n == 0) /* mariadb_com.h: (unsigned int) -1, not ~0UL */
		return stream_error(s, "the binlog stream broke");
	p = m->net.read_pos;
	if (p[0] == 0xfe && n < 8) {
		chm_log(LOG_ERROR, "MySQL server %s ended the binlog stream (shutting down?)",
		        s->conn.where);
		return CHM_EMYSQL;
	}
	/* an OK byte, then the event as the server wrote it */
	if (n < 1 + BINLOG_HEADER_LEN || p[0] != 0) {
		chm_log(LOG_ERROR, "MySQL server %s sent a binlog packet of %lu bytes that holds no event",
		        s->conn.where, n);
		return CHM_ECORRUPT;
	}
	*data = p + 1;
	*len = n - 1;
	return 0;
}

bool
binlog_stream_pending(BinlogStream *s, int timeout_ms)
{
	MYSQL *m = s->conn.mysql;
	struct pollfd pfd;

	if (m == NULL)
		return false;
	/* libmariadb reads ahead into its pvio cache: what is there is read
	 * without touching the socket */
	if (m->net.pvio != NULL && m->net.pvio->cache != NULL &&
		m->net.pvio->cache_pos < m->net.pvio->cache + m->net.pvio->cache_size)
		return true;
	pfd.fd = (int) mysql_get_socket(m);
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (pfd.fd < 0)
		return false;
	return poll(&pfd, 1, timeout_ms > 0 ? timeout_ms : 0) > 0;
}

void
binlog_stream_close(BinlogStream *s)
{
	my_close(&s->conn);
}
