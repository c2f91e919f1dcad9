/*
 * myconn.c — connecting to the source, checking it, snapshots.
 */
#include "mysql/myconn.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <errmsg.h>
#include <mysqld_error.h>

#include "common/log.h"
#include "common/strbuf.h"

static void
log_query_error(MyConn *c, const char *sql)
{
	chm_log(LOG_ERROR, "query failed on MySQL server %s: %s (error %u); the query was: %.300s",
	        c->where, mysql_error(c->mysql), mysql_errno(c->mysql), sql);
}

/*
 * mysql_real_escape_string knows the connection's character set (in GBK or
 * SJIS the second byte of a character may look like a backslash) and
 * whether the session has NO_BACKSLASH_ESCAPES (then it doubles quotes and
 * leaves backslashes, which are plain characters there).  libmariadb's
 * never fails with room for twice the bytes.
 */
void
my_quote_literal(MyConn *c, StrBuf *sb, const char *s)
{
	size_t n = strlen(s);
	unsigned long w;

	strbuf_reserve(sb, 2 * n + 2);
	sb->data[sb->len++] = '\'';
	w = mysql_real_escape_string(c->mysql, sb->data + sb->len, s, (unsigned long)n);
	assert(w <= 2 * n);
	sb->len += w;
	sb->data[sb->len++] = '\'';
	sb->data[sb->len] = '\0';
}

void
my_quote_schemas(MyConn *c, StrBuf *sb, const SourceConfig *src)
{
	for (int i = 0; i < src->schema_mappings.n; i++) {
		if (i)
			strbuf_puts(sb, ", ");
		my_quote_literal(c, sb, src->schema_mappings.keys[i]);
	}
}

void
my_log_error(MyConn *c, const char *what)
{
	chm_log(LOG_ERROR, "%s on MySQL server %s: %s (error %u)", what, c->where,
	        c->mysql ? mysql_error(c->mysql) : "not connected",
	        c->mysql ? mysql_errno(c->mysql) : 0);
}

static void
set_opt_str(MYSQL *m, enum mysql_option opt, const char *v)
{
	if (v != NULL && v[0] != '\0')
		mysql_optionsv(m, opt, v);
}

/*
 * Sets libmariadb's TLS options for cc's ssl_mode.  libmariadb 3.3 checks
 * the server's certificate chain whenever a CA is given, and the host name
 * too with MYSQL_OPT_SSL_VERIFY_SERVER_CERT (against the system's CAs when
 * none is given); with neither it checks nothing.  What it does not do is
 * refuse a server without TLS unless verification is on: tls_check() does.
 */
static void
set_tls(MYSQL *m, const ConnConfig *cc)
{
	my_bool on = 1;

	if (cc->my_ssl_mode == MY_SSL_DISABLED || cc->my_ssl_mode == MY_SSL_UNSET)
		return;
	mysql_optionsv(m, MYSQL_OPT_SSL_ENFORCE, &on);
	set_opt_str(m, MYSQL_OPT_SSL_CA, cc->ssl_ca);
	set_opt_str(m, MYSQL_OPT_SSL_CAPATH, cc->ssl_capath);
	set_opt_str(m, MYSQL_OPT_SSL_CERT, cc->ssl_cert);
	set_opt_str(m, MYSQL_OPT_SSL_KEY, cc->ssl_key);
	set_opt_str(m, MYSQL_OPT_SSL_CIPHER, cc->ssl_cipher);
	if (cc->my_ssl_mode == MY_SSL_VERIFY_IDENTITY)
		mysql_optionsv(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &on);
}

/* After connecting: a mode that requires TLS got it. */
static int
tls_check(MyConn *c, const ConnConfig *cc)
{
	const char *cipher = mysql_get_ssl_cipher(c->mysql);

	if (cipher != NULL) {
		chm_log(LOG_DEBUG, "connected to MySQL server %s with TLS (%s, ssl_mode %s)", c->where,
		        cipher, config_ssl_mode_name(cc->my_ssl_mode));
		return 0;
	}
	if (cc->my_ssl_mode >= MY_SSL_REQUIRED) {
		chm_log(LOG_ERROR,
		        "MySQL server %s does not offer TLS, and ssl_mode is %s: configure TLS on the "
		        "server (ssl_cert, ssl_key), or set ssl_mode to PREFERRED or DISABLED",
		        c->where, config_ssl_mode_name(cc->my_ssl_mode));
		return CHM_ECONFIG;
	}
	if (cc->my_ssl_mode == MY_SSL_PREFERRED)
		chm_log(LOG_NOTICE,
		        "MySQL server %s does not offer TLS: connected without it (ssl_mode PREFERRED)",
		        c->where);
	return 0;
}

/* What to do about a failed connection, into buf (size n): "" when nothing specific. */
static void
connect_hint(char *buf, size_t n, unsigned int err, const ConnConfig *cc, const char *host)
{
	const char *mode = config_ssl_mode_name(cc->my_ssl_mode);

	buf[0] = '\0';
	if (err == ER_ACCESS_DENIED_ERROR)
		snprintf(buf, n, "; check the user and the password");
	else if (err != CR_SSL_CONNECTION_ERROR)
		return;
	else if (cc->my_ssl_mode == MY_SSL_VERIFY_IDENTITY)
		snprintf(buf, n,
		         "; ssl_mode %s needs the server to offer TLS with a certificate signed by ssl_ca "
		         "(the system's CAs when it is not set) that names the host \"%s\"",
		         mode, host);
	else if ((cc->ssl_ca && cc->ssl_ca[0]) || (cc->ssl_capath && cc->ssl_capath[0]))
		/* libmariadb checks the chain whenever a CA is given, whatever the mode */
		snprintf(buf, n,
		         "; ssl_mode %s with ssl_ca or ssl_capath needs the server's certificate to be "
		         "signed by that CA",
		         mode);
	else
		snprintf(buf, n, "; ssl_mode %s: the TLS handshake failed", mode);
}

int
my_connect(MyConn *c, const ConnConfig *cc, int net_timeout, int read_timeout_s)
{
	const char *host = cc->host && cc->host[0] ? cc->host : "localhost";
	unsigned int timeout = cc->connect_timeout > 0 ? (unsigned int)cc->connect_timeout : 10;
	char sql[160], from[4200];
	char *password = NULL;
	MYSQL *ok;
	int rc;

	memset(c, 0, sizeof(*c));
	snprintf(c->where, sizeof(c->where), "%s:%d", host, cc->port ? cc->port : 3306);
	/* before anything else: a refused password file is not a server's fault */
	if ((rc = config_mysql_password(cc, &password, from, sizeof(from))) != 0) {
		chm_log(LOG_ERROR, "could not connect to MySQL server %s: no usable password", c->where);
		return rc;
	}
	c->mysql = mysql_init(NULL);
	if (c->mysql == NULL) {
		chm_log(LOG_ERROR, "could not allocate a MySQL connection for %s", c->where);
		rc = CHM_ENOMEM;
		goto done;
	}
	mysql_optionsv(c->mysql, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	if (read_timeout_s > 0) {
		unsigned int rt = (unsigned int)read_timeout_s;
		mysql_optionsv(c->mysql, MYSQL_OPT_READ_TIMEOUT, &rt);
	}
	mysql_optionsv(c->mysql, MYSQL_SET_CHARSET_NAME,
	               cc->charset && cc->charset[0] ? cc->charset : "utf8mb4");
	set_tls(c->mysql, cc);
	/* A host of "localhost" means the socket to libmariadb; an explicit
	 * 127.0.0.1 means TCP.  Both are what the user wrote, so pass as is.
	 * The password is never NULL: NULL would make libmariadb read
	 * MYSQL_PWD itself, behind config_mysql_password's order. */
	ok = mysql_real_connect(c->mysql, host, cc->user, password, NULL, (unsigned int)cc->port, NULL,
	                        CLIENT_MULTI_RESULTS);
	if (ok == NULL) {
		unsigned int err = mysql_errno(c->mysql);
		char hint[400];
		connect_hint(hint, sizeof(hint), err, cc, host);
		chm_log(LOG_ERROR, "could not connect to MySQL server %s as \"%s\" %s: %s%s", c->where,
		        cc->user ? cc->user : "", from, mysql_error(c->mysql), hint);
		c->unreachable = err == CR_CONNECTION_ERROR || err == CR_CONN_HOST_ERROR ||
		                 err == CR_SERVER_GONE_ERROR || err == CR_SERVER_LOST ||
		                 err == ER_SERVER_SHUTDOWN || err == ER_CON_COUNT_ERROR;
		rc = CHM_EMYSQL;
		goto done;
	}
	rc = tls_check(c, cc);
done:
	explicit_bzero(password, strlen(password));
	free(password);
	if (rc != 0) {
		if (c->mysql != NULL)
			mysql_close(c->mysql);
		c->mysql = NULL;
		return rc;
	}
	c->version = mysql_get_server_version(c->mysql);
	c->flavor = strcasestr(mysql_get_server_info(c->mysql), "mariadb") ? MY_MARIADB : MY_MYSQL;

	if (net_timeout <= 0)
		net_timeout = 600;
	snprintf(sql, sizeof(sql),
	         "SET SESSION time_zone = '+00:00', SESSION net_write_timeout = %d, SESSION "
	         "net_read_timeout = %d",
	         net_timeout, net_timeout);
	if (my_exec(c, sql) != 0) {
		my_close(c);
		return CHM_EMYSQL;
	}
	return 0;
}

void
my_close(MyConn *c)
{
	if (c->mysql != NULL)
		mysql_close(c->mysql);
	c->mysql = NULL;
}

int
my_exec(MyConn *c, const char *sql)
{
	if (mysql_query(c->mysql, sql) != 0) {
		log_query_error(c, sql);
		return CHM_EMYSQL;
	}
	/* Drain every result so the connection is ready for the next query. */
	do {
		MYSQL_RES *res = mysql_store_result(c->mysql);
		if (res != NULL)
			mysql_free_result(res);
	} while (mysql_next_result(c->mysql) == 0);
	return 0;
}

/*
 * The first column of the first row of sql.  When quiet, a failing query
 * is not logged and *err gets its MySQL error number, for callers that
 * expect some failures (a variable an older server does not have).
 */
static int
query_value(MyConn *c, const char *sql, char *buf, size_t n, bool *found, bool *is_null, bool quiet,
            unsigned *err)
{
	MYSQL_RES *res;
	MYSQL_ROW row;
	int rc = 0;

	*found = false;
	if (is_null)
		*is_null = false;
	if (n > 0)
		buf[0] = '\0';
	if (mysql_query(c->mysql, sql) != 0 || (res = mysql_store_result(c->mysql)) == NULL) {
		if (err)
			*err = mysql_errno(c->mysql);
		if (!quiet)
			log_query_error(c, sql);
		return CHM_EMYSQL;
	}
	if ((row = mysql_fetch_row(res)) != NULL && mysql_num_fields(res) > 0) {
		unsigned long *len = mysql_fetch_lengths(res);
		*found = true;
		if (row[0] == NULL) {
			if (is_null)
				*is_null = true;
		} else if (len[0] >= n) {
			chm_log(LOG_ERROR, "value of \"%s\" on MySQL server %s is too long (%lu bytes)", sql,
			        c->where, len[0]);
			rc = CHM_ERANGE;
		} else {
			memcpy(buf, row[0], len[0]);
			buf[len[0]] = '\0';
		}
	}
	mysql_free_result(res);
	return rc;
}

int
my_query_value(MyConn *c, const char *sql, char *buf, size_t n, bool *found, bool *is_null)
{
	return query_value(c, sql, buf, n, found, is_null, false, NULL);
}

/* One requirement of the source: a global variable and the value it needs. */
typedef struct Requirement {
	const char *variable;
	const char *want; /* compared case-insensitively; "" = must be empty */
	bool mysql_only;
	const char *why;
} Requirement;

static const Requirement requirements[] = {
    {"log_bin", "1", false, "chameleon follows the binary log"},
    {"binlog_format", "ROW", false, "row events carry the changed rows themselves"},
    {"binlog_row_image", "FULL", false,
     "updates and deletes need every column of the before-image"},
    {"binlog_row_metadata", "FULL", false,
     "column names, signedness and enum labels must ride in every table map"},
    {"binlog_transaction_compression", "0", true,
     "compressed transactions stop the client library's stream"},
    {"binlog_row_value_options", "", true, "partial JSON updates stop the client library's stream"},
};

int
my_check_source(MyConn *c)
{
	int problems = 0;
	char sql[160], value[256];
	bool found, is_null;

	for (size_t i = 0; i < sizeof(requirements) / sizeof(requirements[0]); i++) {
		const Requirement *r = &requirements[i];
		if (r->mysql_only && c->flavor != MY_MYSQL)
			continue;
		snprintf(sql, sizeof(sql), "SELECT @@GLOBAL.%s", r->variable);
		unsigned err = 0;
		if (query_value(c, sql, value, sizeof(value), &found, &is_null, true, &err) != 0) {
			if (err != 1193) { /* 1193: unknown system variable */
				log_query_error(c, sql);
				return CHM_EMYSQL;
			}
			/* Unknown variable: the server is older than the setting. */
			if (strcmp(r->variable, "binlog_row_metadata") == 0) {
				chm_log(
				    LOG_ERROR,
				    "MySQL server %s has no binlog_row_metadata: chameleon needs MariaDB 10.5 or "
				    "MySQL 8.0 or later",
				    c->where);
				problems++;
			}
			continue;
		}
		/* ON and 1 are the same for boolean variables. */
		bool ok = strcasecmp(value, r->want) == 0 ||
		          (strcmp(r->want, "1") == 0 && strcasecmp(value, "ON") == 0) ||
		          (strcmp(r->want, "0") == 0 && strcasecmp(value, "OFF") == 0);
		if (!ok) {
			if (strcmp(r->variable, "log_bin") == 0)
				chm_log(LOG_ERROR,
				        "MySQL server %s does not write a binary log: set log_bin (with server_id) "
				        "in the [mysqld] section of its configuration and restart it",
				        c->where);
			else
				chm_log(
				    LOG_ERROR,
				    "MySQL server %s has %s = '%s'; chameleon needs '%s' because %s: set it in the "
				    "[mysqld] section of the server's configuration, or SET GLOBAL %s = '%s' "
				    "(sessions already open keep the old value)",
				    c->where, r->variable, value, strcmp(r->want, "0") == 0 ? "OFF" : r->want,
				    r->why, r->variable, strcmp(r->want, "0") == 0 ? "OFF" : r->want);
			problems++;
		}
	}

	/* Reading the binlog needs REPLICATION SLAVE (and a client privilege to
	 * ask for the position).  SHOW GRANTS names what the user has. */
	if (mysql_query(c->mysql, "SHOW GRANTS FOR CURRENT_USER()") == 0) {
		MYSQL_RES *res = mysql_store_result(c->mysql);
		bool repl = false;
		MYSQL_ROW row;
		while (res && (row = mysql_fetch_row(res)) != NULL)
			if (row[0] && (strcasestr(row[0], "REPLICATION SLAVE") ||
			               strcasestr(row[0], "REPLICATION REPLICA") ||
			               strcasestr(row[0], "ALL PRIVILEGES ON *.*")))
				repl = true;
		if (res)
			mysql_free_result(res);
		if (!repl) {
			chm_log(
			    LOG_ERROR,
			    "the user of MySQL server %s may not read the binary log: GRANT REPLICATION "
			    "SLAVE, REPLICATION CLIENT ON *.* TO it (BINLOG MONITOR on MariaDB), and SELECT "
			    "on the replicated schemas (README.md, Privileges)",
			    c->where);
			problems++;
		}
	}
	return problems ? CHM_ECONFIG : 0;
}

/*
 * MySQL with gtid_mode ON: the server's executed GTID set, from the
 * Executed_Gtid_Set column of the same row as the file and position (one
 * statement, so one moment), without the line breaks and spaces MySQL puts
 * after its commas.  A resume point by GTID starts from it.
 */
static int
copy_gtid_set(MyConn *c, const char *set, BinlogCoord *out)
{
	size_t k = 0;

	for (const char *p = set; *p; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
			continue;
		if (k + 1 >= sizeof(out->gtid)) {
			chm_log(
			    LOG_ERROR,
			    "the executed GTID set of MySQL server %s is longer than chameleon keeps (%d "
			    "bytes): PURGE old servers' GTIDs from it, or replicate with gtid_enable: false",
			    c->where, COORD_GTID_MAX - 1);
			out->gtid[0] = '\0';
			return CHM_ERANGE;
		}
		out->gtid[k++] = *p;
	}
	out->gtid[k] = '\0';
	return 0;
}

/* Reads file and position from SHOW MASTER STATUS's first row (SHOW BINARY
 * LOG STATUS on MySQL 8.4 and later); the GTID state with them: MariaDB's
 * gtid_binlog_pos, MySQL's Executed_Gtid_Set when gtid_mode is ON. */
int
my_binlog_position(MyConn *c, BinlogCoord *out)
{
	const char *sql = c->flavor == MY_MYSQL && c->version >= 80400 ? "SHOW BINARY LOG STATUS"
	                                                               : "SHOW MASTER STATUS";
	char mode[32] = "";
	bool found, is_null;
	MYSQL_RES *res;
	MYSQL_ROW row;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (c->flavor == MY_MYSQL && (rc = my_query_value(c, "SELECT @@GLOBAL.gtid_mode", mode,
	                                                  sizeof(mode), &found, &is_null)) != 0)
		return rc;
	if (mysql_query(c->mysql, sql) != 0 || (res = mysql_store_result(c->mysql)) == NULL) {
		my_log_error(c, "could not read the binlog position");
		return CHM_EMYSQL;
	}
	row = mysql_fetch_row(res);
	if (row == NULL || row[0] == NULL || row[1] == NULL) {
		chm_log(LOG_ERROR, "MySQL server %s reports no binlog position: is log_bin on?", c->where);
		rc = CHM_ECONFIG;
	} else if (coord_set(out, row[0], strtoull(row[1], NULL, 10)) != 0) {
		chm_log(LOG_ERROR, "binlog file name \"%s\" of MySQL server %s is too long", row[0],
		        c->where);
		rc = CHM_ERANGE;
	} else if (strcasecmp(mode, "ON") == 0 && mysql_num_fields(res) >= 5 && row[4] != NULL) {
		rc = copy_gtid_set(c, row[4], out);
	}
	mysql_free_result(res);
	if (rc == 0 && c->flavor == MY_MARIADB)
		rc = my_query_value(c, "SELECT @@GLOBAL.gtid_binlog_pos", out->gtid, sizeof(out->gtid),
		                    &found, &is_null);
	return rc;
}

/*
 * MariaDB: the binlog position of this connection's consistent snapshot.
 * CHM_ENOTFOUND, not logged, when the server has no binlog_snapshot_*
 * status (MySQL): the lock-free method is not available there.
 */
static int
snapshot_position(MyConn *c, BinlogCoord *at)
{
	MYSQL_RES *res;
	MYSQL_ROW row;
	char file[COORD_FILE_MAX] = "";
	uint64_t pos = 0;
	bool have_pos = false;

	if (mysql_query(c->mysql, "SHOW STATUS LIKE 'binlog_snapshot_%'") != 0 ||
	    (res = mysql_store_result(c->mysql)) == NULL) {
		my_log_error(c, "could not read the snapshot's binlog position");
		return CHM_EMYSQL;
	}
	while ((row = mysql_fetch_row(res)) != NULL) {
		if (row[0] == NULL || row[1] == NULL)
			continue;
		if (strcasecmp(row[0], "binlog_snapshot_file") == 0)
			snprintf(file, sizeof(file), "%s", row[1]);
		else if (strcasecmp(row[0], "binlog_snapshot_position") == 0) {
			pos = strtoull(row[1], NULL, 10);
			have_pos = true;
		}
	}
	mysql_free_result(res);
	if (file[0] == '\0' || !have_pos)
		return CHM_ENOTFOUND;
	return coord_set(at, file, pos);
}

static int
start_all(MyConn *conns, int n)
{
	for (int i = 0; i < n; i++)
		if (my_exec(&conns[i], "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY") != 0)
			return CHM_EMYSQL;
	return 0;
}

static void
rollback_all(MyConn *conns, int n)
{
	for (int i = 0; i < n; i++)
		if (conns[i].mysql)
			(void)mysql_query(conns[i].mysql, "ROLLBACK");
}

/*
 * Lock-free (MariaDB): snapshots that all report the same binlog position
 * see the same committed state.  A busy server may move between two
 * starts: a few tries.  Returns 1 with the snapshots open and *at set, 0
 * when the server has no snapshot position or the tries did not align
 * (nothing left open), < 0 on error.
 */
static int
try_lock_free(MyConn *conns, int n, BinlogCoord *at)
{
	int rc;

	for (int attempt = 0; attempt < 5; attempt++) {
		BinlogCoord first, other;
		bool same = true;
		if ((rc = start_all(conns, n)) != 0)
			return rc;
		if ((rc = snapshot_position(&conns[0], &first)) != 0) {
			rollback_all(conns, n);
			return rc == CHM_ENOTFOUND ? 0 : rc;
		}
		for (int i = 1; i < n && same; i++) {
			if ((rc = snapshot_position(&conns[i], &other)) != 0)
				return rc == CHM_ENOTFOUND ? CHM_EMYSQL : rc;
			same = coord_compare(&first, &other) == 0;
		}
		if (same) {
			*at = first;
			return 1;
		}
		rollback_all(conns, n);
	}
	chm_log(LOG_NOTICE, "the source is busy: %d snapshots did not align without a lock in 5 tries",
	        n);
	return 0;
}

/* The errors of a statement the user lacks a privilege for (or that a
 * managed service refuses whatever the grants, as RDS does FTWRL). */
static bool
access_denied(unsigned err)
{
	return err == ER_SPECIFIC_ACCESS_DENIED_ERROR || err == ER_ACCESS_DENIED_ERROR ||
	       err == ER_DBACCESS_DENIED_ERROR || err == ER_TABLEACCESS_DENIED_ERROR;
}

/*
 * FLUSH TABLES WITH READ LOCK on control: every commit on the server waits
 * while it is held.  Returns 1 when held, 0 when the user may not take it
 * (no RELOAD: said at INFO, the caller falls back), < 0 on other errors.
 */
static int
global_lock(MyConn *control, int lock_timeout_s)
{
	unsigned err;

	if (mysql_query(control->mysql, "FLUSH TABLES WITH READ LOCK") == 0)
		return 1;
	err = mysql_errno(control->mysql);
	if (access_denied(err)) {
		chm_log(LOG_INFO,
		        "the user of MySQL server %s may not take the global read lock (%s): locking "
		        "the copied tables instead",
		        control->where, mysql_error(control->mysql));
		return 0;
	}
	if (err == ER_LOCK_WAIT_TIMEOUT)
		chm_log(
		    LOG_ERROR,
		    "could not take the global read lock on MySQL server %s within %d s (lock_timeout): "
		    "a long statement or transaction holds it off; retry, or raise lock_timeout",
		    control->where, lock_timeout_s);
	else
		log_query_error(control, "FLUSH TABLES WITH READ LOCK");
	return CHM_EMYSQL;
}

/*
 * LOCK TABLES s.t READ, ... of the n tables (pairs of names) on control:
 * commits to them wait while it is held, and it waits for every open
 * transaction that wrote to them (architecture §8).  Needs LOCK TABLES and
 * SELECT on them.  One statement holds them all (a second LOCK TABLES
 * would release the first), so the list is capped.
 */
static int
table_locks(MyConn *control, const char *const *tables, int n, int lock_timeout_s)
{
	StrBuf sql = STRBUF_INIT;
	unsigned err;
	int rc = 0;

	if (n > MY_LOCK_TABLES_MAX) {
		chm_log(LOG_ERROR,
		        "the snapshot copies %d tables of MySQL server %s, more than one LOCK TABLES holds "
		        "(%d), and its user may not take the global read lock: GRANT RELOAD ON *.* TO it, "
		        "or copy fewer tables at a time (limit_tables, sync-tables)",
		        n, control->where, MY_LOCK_TABLES_MAX);
		return CHM_EUNSUPPORTED;
	}
	strbuf_puts(&sql, "LOCK TABLES ");
	for (int i = 0; i < n; i++) {
		if (i)
			strbuf_puts(&sql, ", ");
		strbuf_quote_backtick(&sql, tables[2 * i], strlen(tables[2 * i]));
		strbuf_putc(&sql, '.');
		strbuf_quote_backtick(&sql, tables[2 * i + 1], strlen(tables[2 * i + 1]));
		strbuf_puts(&sql, " READ");
	}
	if (mysql_real_query(control->mysql, sql.data, sql.len) == 0)
		goto done;
	rc = CHM_EMYSQL;
	err = mysql_errno(control->mysql);
	if (access_denied(err))
		chm_log(LOG_ERROR,
		        "the snapshot could not lock the copied tables on MySQL server %s: %s; GRANT "
		        "SELECT, LOCK TABLES on the replicated schemas TO the user, or RELOAD ON *.* for "
		        "the global read lock (README.md, Privileges)",
		        control->where, mysql_error(control->mysql));
	else if (err == ER_LOCK_WAIT_TIMEOUT)
		chm_log(LOG_ERROR,
		        "could not lock the %d copied tables on MySQL server %s within %d s "
		        "(lock_timeout): a long transaction writing to one of them holds it off; retry, "
		        "or raise lock_timeout",
		        n, control->where, lock_timeout_s);
	else
		my_log_error(control, "could not lock the copied tables");
done:
	strbuf_free(&sql);
	return rc;
}

int
my_snapshot_start(MyConn *control, MyConn *conns, int n, int lock_timeout_s,
                  const char *const *tables, int n_tables, BinlogCoord *at)
{
	char sql[96], buf[COORD_FILE_MAX + 32], how[96];
	int rc;

	if (lock_timeout_s <= 0)
		lock_timeout_s = 120;
	for (int i = 0; i < n; i++)
		assert(&conns[i] != control);
	if ((rc = try_lock_free(conns, n, at)) != 0) {
		if (rc < 0)
			return rc;
		chm_log(LOG_INFO, "consistent snapshot on %d connection%s at %s, without a lock", n,
		        n == 1 ? "" : "s", coord_format(at, buf, sizeof(buf)));
		return 0;
	}

	snprintf(sql, sizeof(sql), "SET SESSION lock_wait_timeout = %d", lock_timeout_s);
	if ((rc = my_exec(control, sql)) != 0)
		return rc;
	if ((rc = global_lock(control, lock_timeout_s)) < 0)
		return rc;
	if (rc == 1) {
		snprintf(how, sizeof(how), "under a brief global read lock");
	} else if (n_tables == 0) {
		/* nothing is copied: any point will do */
		snprintf(how, sizeof(how), "without a lock (no table to copy)");
	} else {
		if ((rc = table_locks(control, tables, n_tables, lock_timeout_s)) != 0)
			return rc;
		snprintf(how, sizeof(how), "by LOCK TABLES ... READ on %d table%s", n_tables,
		         n_tables == 1 ? "" : "s");
	}
	rc = start_all(conns, n);
	if (rc == 0)
		rc = my_binlog_position(control, at);
	if (my_exec(control, "UNLOCK TABLES") != 0 && rc == 0)
		rc = CHM_EMYSQL;
	if (rc != 0) {
		rollback_all(conns, n);
		return rc;
	}
	chm_log(LOG_INFO, "consistent snapshot on %d connection%s at %s %s%s%s", n, n == 1 ? "" : "s",
	        coord_format(at, buf, sizeof(buf)), how, at->gtid[0] ? "; GTID set " : "", at->gtid);
	return 0;
}
