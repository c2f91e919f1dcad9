/*
 * binlog_stream.c — COM_BINLOG_DUMP through libmariadb, raw bytes out.
 */
#include "mysql/binlog_stream.h"

#include <poll.h>
#include <stdio.h>
#include <string.h>

#include <ma_pvio.h> /* the read-ahead cache of the connection */

#include "common/log.h"
#include "common/strbuf.h"

/* ER_MASTER_FATAL_ERROR_READING_BINLOG: the position is gone or invalid. */
#define ER_BINLOG_GONE 1236

static int
stream_error(BinlogStream *s, const char *what)
{
	unsigned err = s->rpl ? mariadb_rpl_errno(s->rpl) : 0;
	const char *msg = s->rpl ? mariadb_rpl_error(s->rpl) : "";
	char at[COORD_FILE_MAX + 32];

	if (err == 0 && s->conn.mysql) {
		err = mysql_errno(s->conn.mysql);
		msg = mysql_error(s->conn.mysql);
	}
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
 * is fetched; asking for its list of binlogs first gives the clear error at
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

int
binlog_stream_open(BinlogStream *s, const ConnConfig *cc, uint32_t server_id, const BinlogCoord *from,
				   bool use_gtid, int heartbeat_s)
{
	StrBuf sql = STRBUF_INIT;
	int rc;

	memset(s, 0, sizeof(*s));
	s->from = *from;
	if (heartbeat_s <= 0)
		heartbeat_s = 1;
	rc = my_connect(&s->conn, cc, 0, 3 * heartbeat_s + 5);
	if (rc != 0)
		return rc;

	/* The server sends checksums only to a replica that says it can check
	 * them; GTID events only to one that declares the capability. */
	strbuf_printf(&sql,
				  "SET @master_binlog_checksum = @@global.binlog_checksum, @mariadb_slave_capability = 4, "
				  "@master_heartbeat_period = %lld",
				  (long long) heartbeat_s * 1000000000LL);
	if (use_gtid) {
		strbuf_puts(&sql, ", @slave_connect_state = ");
		my_quote_literal(&s->conn, &sql, from->gtid);
		strbuf_puts(&sql, ", @slave_gtid_strict_mode = 1, @slave_gtid_ignore_duplicates = 0");
	}
	rc = my_exec(&s->conn, sql.data);
	strbuf_free(&sql);
	if (rc == 0 && !use_gtid)
		rc = check_file_exists(s);
	if (rc != 0)
		goto fail;

	s->rpl = mariadb_rpl_init(s->conn.mysql);
	if (s->rpl == NULL) {
		chm_log(LOG_ERROR, "could not start a replication stream on %s", s->conn.where);
		rc = CHM_ENOMEM;
		goto fail;
	}
	if (!use_gtid) {
		mariadb_rpl_optionsv(s->rpl, MARIADB_RPL_FILENAME, from->file, strlen(from->file));
		mariadb_rpl_optionsv(s->rpl, MARIADB_RPL_START, (unsigned long) from->pos);
	} else {
		mariadb_rpl_optionsv(s->rpl, MARIADB_RPL_FILENAME, "", (size_t) 0);
		mariadb_rpl_optionsv(s->rpl, MARIADB_RPL_START, 4UL);
	}
	mariadb_rpl_optionsv(s->rpl, MARIADB_RPL_SERVER_ID, server_id);
	mariadb_rpl_optionsv(s->rpl, MARIADB_RPL_FLAGS, 0);
	if (mariadb_rpl_open(s->rpl) != 0) {
		rc = stream_error(s, "could not open the binlog stream");
		goto fail;
	}
	return 0;

fail:
	binlog_stream_close(s);
	return rc;
}

int
binlog_stream_next(BinlogStream *s, const unsigned char **data, size_t *len)
{
	s->event = mariadb_rpl_fetch(s->rpl, s->event);
	if (s->event == NULL)
		return stream_error(s, "the binlog stream broke");
	/* raw_data is the whole network packet: an OK byte, then the event as
	 * the server wrote it. */
	if (s->event->raw_data_size < 1 + 19 || s->event->raw_data[0] != 0) {
		chm_log(LOG_ERROR, "MySQL server %s sent a binlog packet of %zu bytes that holds no event",
				s->conn.where, s->event->raw_data_size);
		return CHM_ECORRUPT;
	}
	*data = s->event->raw_data + 1;
	*len = s->event->raw_data_size - 1;
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
	if (s->event != NULL)
		mariadb_free_rpl_event(s->event);
	s->event = NULL;
	if (s->rpl != NULL)
		mariadb_rpl_close(s->rpl);
	s->rpl = NULL;
	my_close(&s->conn);
}
