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
#include <time.h>

#include <errmsg.h>
#include <mysqld_error.h>

#include "common/log.h"
#include "common/mem.h"
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
	if (err == ER_ACCESS_DENIED_ERROR && cc->server_public_key && cc->server_public_key[0] &&
	    cc->my_ssl_mode <= MY_SSL_PREFERRED)
		/* a password encrypted with another key than the server's is a wrong password to it */
		snprintf(buf, n,
		         "; check the user and the password, and that server_public_key \"%s\" is the "
		         "server's RSA public key (its public_key.pem, or SHOW STATUS LIKE "
		         "'Caching_sha2_password_rsa_public_key')",
		         cc->server_public_key);
	else if (err == ER_ACCESS_DENIED_ERROR)
		snprintf(buf, n, "; check the user and the password");
	else if (err == CR_AUTH_PLUGIN_ERR && cc->server_public_key && cc->server_public_key[0])
		snprintf(buf, n,
		         "; server_public_key \"%s\" must be a readable RSA public key, the server's "
		         "(its public_key.pem, or SHOW STATUS LIKE 'Caching_sha2_password_rsa_public_key')",
		         cc->server_public_key);
	else if (err == CR_AUTH_PLUGIN_ERR)
		snprintf(buf, n,
		         "; for caching_sha2_password without TLS set ssl_mode REQUIRED (or a verifying "
		         "mode), or server_public_key to the server's RSA public key");
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

/*
 * mysql_close of libmariadb 3.3 does not free the copy of
 * MYSQL_SERVER_PUBLIC_KEY; setting the option to NULL does (and would not
 * free it twice where mysql_close frees it too).
 */
static void
close_handle(MYSQL *m)
{
	mysql_optionsv(m, MYSQL_SERVER_PUBLIC_KEY, (void *)NULL);
	mysql_close(m);
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
	/* caching_sha2_password without TLS sends the password encrypted with
	 * the server's RSA key: this one when configured, else the key libmariadb
	 * asks the server for (which a man in the middle could answer) */
	set_opt_str(c->mysql, MYSQL_SERVER_PUBLIC_KEY, cc->server_public_key);
	/* A host of "localhost" means the socket to libmariadb; an explicit
	 * 127.0.0.1 means TCP.  Both are what the user wrote, so pass as is.
	 * The password is never NULL: NULL would make libmariadb read
	 * MYSQL_PWD itself, behind config_mysql_password's order.
	 * CLIENT_REMEMBER_OPTIONS: a failed connect would otherwise drop the
	 * options without freeing them all (close_handle frees them). */
	ok = mysql_real_connect(c->mysql, host, cc->user, password, NULL, (unsigned int)cc->port, NULL,
	                        CLIENT_MULTI_RESULTS | CLIENT_REMEMBER_OPTIONS);
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
			close_handle(c->mysql);
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
		close_handle(c->mysql);
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
	const char *why;
} Requirement;

static const Requirement requirements[] = {
    {"log_bin", "1", "chameleon follows the binary log"},
    {"binlog_format", "ROW", "row events carry the changed rows themselves"},
    {"binlog_row_image", "FULL", "updates and deletes need every column of the before-image"},
    {"binlog_row_metadata", "FULL",
     "column names, signedness and enum labels must ride in every table map"},
};

/*
 * The source's own server_id: a binlog written with server_id 0 cannot be
 * followed (MySQL refuses every replica of such a server).
 */
static int
server_id_check(MyConn *c)
{
	char value[32];
	bool found;

	if (my_query_value(c, "SELECT @@GLOBAL.server_id", value, sizeof(value), &found, NULL) != 0)
		return CHM_EMYSQL;
	if (found && strcmp(value, "0") == 0) {
		chm_log(LOG_ERROR,
		        "MySQL server %s has server_id = 0, which no replica may follow: set server_id "
		        "to a number unique among its replicas in the [mysqld] section of its "
		        "configuration (SET GLOBAL server_id works until a restart)",
		        c->where);
		return CHM_ECONFIG;
	}
	return 0;
}

/*
 * The current user's grants, from SHOW GRANTS: lines of "GRANT privileges
 * ON object TO user".  Privileges through roles are not in them: with
 * roles, a privilege not found is only a warning.
 */
typedef struct Grants {
	char **lines;
	int n;
	bool roles;
	char user[300]; /* 'name'@'host', quoted for a GRANT statement */
} Grants;

static void
grants_free(Grants *g)
{
	for (int i = 0; i < g->n; i++)
		free(g->lines[i]);
	free(g->lines);
	g->lines = NULL;
	g->n = 0;
}

static int
grants_read(MyConn *c, Grants *g)
{
	char who[300];
	bool found;
	MYSQL_RES *res;
	MYSQL_ROW row;
	StrBuf sb = STRBUF_INIT;
	char *at;

	memset(g, 0, sizeof(*g));
	if (my_query_value(c, "SELECT CURRENT_USER()", who, sizeof(who), &found, NULL) != 0)
		return CHM_EMYSQL;
	if ((at = strrchr(who, '@')) != NULL) {
		*at = '\0';
		my_quote_literal(c, &sb, who);
		strbuf_putc(&sb, '@');
		my_quote_literal(c, &sb, at + 1);
	} else {
		strbuf_puts(&sb, "the user");
	}
	snprintf(g->user, sizeof(g->user), "%s", sb.data);
	strbuf_free(&sb);
	if (mysql_query(c->mysql, "SHOW GRANTS FOR CURRENT_USER()") != 0 ||
	    (res = mysql_store_result(c->mysql)) == NULL) {
		my_log_error(c, "could not read the user's grants");
		return CHM_EMYSQL;
	}
	g->lines = chm_calloc(mysql_num_rows(res) + 1, sizeof(char *));
	while ((row = mysql_fetch_row(res)) != NULL) {
		if (row[0] == NULL || strncasecmp(row[0], "GRANT ", 6) != 0)
			continue;
		if (strstr(row[0], " ON ") == NULL)
			g->roles = true; /* GRANT `role`@`%` TO ... */
		else
			g->lines[g->n++] = chm_strdup(row[0]);
	}
	mysql_free_result(res);
	return 0;
}

/* MySQL's LIKE for a schema name in a grant: % and _ are wildcards, \ escapes. */
static bool
grant_like(const char *pat, const char *s)
{
	for (; *pat; pat++, s++) {
		if (*pat == '%') {
			for (const char *t = s;; t++) {
				if (grant_like(pat + 1, t))
					return true;
				if (*t == '\0')
					return false;
			}
		}
		if (*pat == '\\' && pat[1])
			pat++;
		else if (*pat == '_' && *s) /* one character */
			continue;
		if (*s != *pat)
			return false;
	}
	return *s == '\0';
}

/*
 * Whether a grant line's object covers schema (NULL: global, only *.*).
 * An object of one table counts as the schema's when table_level is set.
 */
static bool
grant_covers(const char *obj, const char *schema, bool table_level)
{
	char name[260];
	size_t k = 0;

	if (strncmp(obj, "*.*", 3) == 0)
		return true;
	if (schema == NULL || *obj != '`')
		return false;
	for (obj++; *obj && k + 1 < sizeof(name); obj++) {
		if (*obj == '`' && obj[1] == '`')
			obj++;
		else if (*obj == '`')
			break;
		name[k++] = *obj;
	}
	name[k] = '\0';
	if (*obj != '`' || obj[1] != '.')
		return false;
	if (obj[2] != '*' && !table_level)
		return false;
	return grant_like(name, schema);
}

/* Whether privs (a line's "SELECT, LOCK TABLES, ...") holds priv. */
static bool
grant_has(const char *privs, size_t len, const char *priv)
{
	size_t n = strlen(priv);

	if (len >= 14 && strncasecmp(privs, "ALL PRIVILEGES", 14) == 0)
		return true;
	for (const char *p = privs; p < privs + len;) {
		const char *end = p;
		while (end < privs + len && *end != ',')
			end++;
		if ((size_t)(end - p) >= n && strncasecmp(p, priv, n) == 0 &&
		    (p + n == end || p[n] == ' ' || p[n] == '('))
			return true;
		p = end;
		while (p < privs + len && (*p == ',' || *p == ' '))
			p++;
	}
	return false;
}

/* Whether g holds priv on schema (NULL: globally). */
static bool
grants_hold(const Grants *g, const char *priv, const char *schema, bool table_level)
{
	for (int i = 0; i < g->n; i++) {
		const char *line = g->lines[i], *on = strstr(line, " ON ");
		if (grant_has(line + 6, (size_t)(on - line - 6), priv) &&
		    grant_covers(on + 4, schema, table_level))
			return true;
	}
	return false;
}

/*
 * Reading the binlog needs REPLICATION SLAVE, and asking for its position
 * REPLICATION CLIENT (MariaDB: BINLOG MONITOR, which it also accepts under
 * the old name).  Names the missing ones and the GRANT that gives them.
 */
static int
check_binlog_privileges(MyConn *c)
{
	const char *client = c->flavor == MY_MARIADB ? "BINLOG MONITOR" : "REPLICATION CLIENT";
	StrBuf missing = STRBUF_INIT;
	Grants g;
	int rc;

	if ((rc = grants_read(c, &g)) != 0)
		return rc;
	if (!grants_hold(&g, "REPLICATION SLAVE", NULL, false) &&
	    !grants_hold(&g, "REPLICATION REPLICA", NULL, false))
		strbuf_puts(&missing, "REPLICATION SLAVE");
	if (!grants_hold(&g, client, NULL, false) &&
	    !grants_hold(&g, "REPLICATION CLIENT", NULL, false))
		strbuf_printf(&missing, "%s%s", missing.len ? ", " : "", client);
	if (missing.len) {
		chm_log(g.roles ? LOG_WARNING : LOG_ERROR,
		        "the user %s of %s server %s lacks %s%s: GRANT REPLICATION SLAVE, %s ON *.* TO "
		        "%s (README.md, Privileges)",
		        g.user, c->flavor == MY_MARIADB ? "MariaDB" : "MySQL", c->where, missing.data,
		        g.roles ? ", unless one of its roles gives it" : "", client, g.user);
		rc = g.roles ? 0 : CHM_ECONFIG;
	}
	strbuf_free(&missing);
	grants_free(&g);
	return rc;
}

int
my_check_snapshot(MyConn *c, const SourceConfig *src)
{
	StrBuf missing = STRBUF_INIT, grant = STRBUF_INIT;
	bool reload, mariadb = c->flavor == MY_MARIADB;
	Grants g;
	int rc;

	if ((rc = grants_read(c, &g)) != 0)
		return rc;
	reload = grants_hold(&g, "RELOAD", NULL, false);
	for (int i = 0; i < src->schema_mappings.n; i++) {
		const char *schema = src->schema_mappings.keys[i];
		bool sel, lock;
		/* grants on single tables: the copy and LOCK TABLES say what is missing */
		if (grants_hold(&g, "SELECT", schema, true) && !grants_hold(&g, "SELECT", schema, false))
			continue;
		sel = grants_hold(&g, "SELECT", schema, false);
		lock = reload || grants_hold(&g, "LOCK TABLES", schema, false);
		if (sel && lock)
			continue;
		strbuf_printf(&missing, "%s%s%s%s on `%s`", missing.len ? "; " : "", sel ? "" : "SELECT",
		              sel || lock ? "" : ", ", lock ? "" : "LOCK TABLES", schema);
		strbuf_printf(&grant, "%sGRANT SELECT, LOCK TABLES ON ", grant.len ? "; " : "");
		strbuf_quote_backtick(&grant, schema, strlen(schema));
		strbuf_printf(&grant, ".* TO %s", g.user);
	}
	if (missing.len) {
		/* MariaDB aligns its snapshots without a lock unless the server is busy */
		bool only_lock = strstr(missing.data, "SELECT") == NULL;
		bool warn = g.roles || (mariadb && only_lock);
		chm_log(warn ? LOG_WARNING : LOG_ERROR,
		        "the user %s of %s server %s lacks %s, which the snapshot needs%s: %s (or GRANT "
		        "RELOAD ON *.* TO %s for the global read lock instead of LOCK TABLES; README.md, "
		        "Privileges)",
		        g.user, mariadb ? "MariaDB" : "MySQL", c->where, missing.data,
		        g.roles ? " unless one of its roles gives it"
		        : warn  ? " when the server is too busy to align the snapshots without a lock"
		                : "",
		        grant.data, g.user);
		rc = warn ? 0 : CHM_ECONFIG;
	}
	strbuf_free(&missing);
	strbuf_free(&grant);
	grants_free(&g);
	return rc;
}

int
my_check_source(MyConn *c)
{
	int problems = 0;
	char sql[160], value[256];
	bool found, is_null;

	for (size_t i = 0; i < sizeof(requirements) / sizeof(requirements[0]); i++) {
		const Requirement *r = &requirements[i];
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

	if (server_id_check(c) != 0)
		problems++;
	if (check_binlog_privileges(c) != 0)
		problems++;
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

/* One row of SHOW BINLOG EVENTS (Log_name, Pos, Event_type, Server_id,
 * End_log_pos, Info) into set: PREVIOUS_GTIDS's set, a GTID event's GTID. */
static int
gtid_row_add(MyConn *c, MYSQL_ROW row, GtidSet *set)
{
	const char *text = NULL, *q;
	char one[COORD_GTID_MAX];
	GtidSet g;
	int rc;

	if (strcasecmp(row[2], "Previous_gtids") == 0) {
		text = row[5];
	} else if (strncasecmp(row[2], "Gtid", 4) == 0 && (q = strchr(row[5], '\'')) != NULL) {
		/* SET @@SESSION.GTID_NEXT= 'uuid[:tag]:n' */
		snprintf(one, sizeof(one), "%s", q + 1);
		one[strcspn(one, "'")] = '\0';
		text = one;
	}
	if (text == NULL)
		return 0;
	rc = gtid_set_parse(&g, text);
	if (rc == 0)
		gtid_set_union(set, &g);
	else
		chm_log(LOG_ERROR, "MySQL server %s shows a GTID this reader cannot read: \"%s\"", c->where,
		        text);
	gtid_set_free(&g);
	return rc;
}

int
my_gtid_set_at(MyConn *c, BinlogCoord *at)
{
	enum { CHUNK = 1000 };
	GtidSet set = {0};
	uint64_t from = 4;
	int rc;
	bool done = false, found;

	/* the GTIDs in no binlog file (purged, or set by gtid_purged on a new
	 * server): a PREVIOUS_GTIDS holds only those logged before its file */
	rc = my_query_value(c, "SELECT REPLACE(@@GLOBAL.gtid_purged, '\\n', '')", at->gtid,
	                    sizeof(at->gtid), &found, NULL);
	if (rc == 0 && gtid_set_parse(&set, at->gtid) != 0) {
		chm_log(LOG_ERROR, "MySQL server %s has a gtid_purged this reader cannot read: \"%s\"",
		        c->where, at->gtid);
		rc = CHM_ESYNTAX;
	}
	at->gtid[0] = '\0';
	while (rc == 0 && !done) {
		StrBuf sql = STRBUF_INIT;
		MYSQL_RES *res;
		MYSQL_ROW row;
		unsigned rows = 0;

		strbuf_puts(&sql, "SHOW BINLOG EVENTS IN ");
		my_quote_literal(c, &sql, at->file);
		strbuf_printf(&sql, " FROM %" PRIu64 " LIMIT %d", from, CHUNK);
		if (mysql_query(c->mysql, sql.data) != 0 || (res = mysql_store_result(c->mysql)) == NULL) {
			my_log_error(c, "could not list the binlog's events to find its GTID set");
			rc = CHM_EMYSQL;
		} else {
			while (rc == 0 && (row = mysql_fetch_row(res)) != NULL && mysql_num_fields(res) >= 6) {
				rows++;
				if (row[1] == NULL || row[2] == NULL || row[4] == NULL || row[5] == NULL)
					continue;
				if (strtoull(row[1], NULL, 10) >= at->pos) {
					done = true;
					break;
				}
				rc = gtid_row_add(c, row, &set);
				from = strtoull(row[4], NULL, 10);
			}
			mysql_free_result(res);
			done = done || rows < CHUNK;
		}
		strbuf_free(&sql);
	}
	if (rc == 0 && set.n > 0 && gtid_set_format(&set, at->gtid, sizeof(at->gtid)) != 0) {
		chm_log(LOG_ERROR, "the GTID set of MySQL server %s at %s is longer than chameleon keeps",
		        c->where, at->file);
		at->gtid[0] = '\0';
		rc = CHM_ERANGE;
	}
	gtid_set_free(&set);
	return rc;
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

/*
 * MariaDB: the GTID position of a binlog position (BINLOG_GTID_POS), so that
 * a lock-free snapshot's resume point has its GTID state too: the reader can
 * then resume by GTID for every domain, one that writes nothing later
 * included.  NULL (a position the server cannot map) leaves it empty.
 */
static int
gtid_at_position(MyConn *c, BinlogCoord *at)
{
	StrBuf sql = STRBUF_INIT;
	bool found, is_null;
	int rc;

	strbuf_puts(&sql, "SELECT BINLOG_GTID_POS(");
	my_quote_literal(c, &sql, at->file);
	strbuf_printf(&sql, ", %" PRIu64 ")", at->pos);
	rc = my_query_value(c, sql.data, at->gtid, sizeof(at->gtid), &found, &is_null);
	strbuf_free(&sql);
	return rc;
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
			if ((rc = gtid_at_position(&conns[0], at)) != 0) {
				rollback_all(conns, n);
				return rc;
			}
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

/* The error for a snapshot_method the server or the user cannot honour. */
static int
method_refused(MyConn *control, const MySnapshotSpec *spec, const char *why)
{
	chm_log(LOG_ERROR, "snapshot_method %s cannot be used on MySQL server %s: %s",
	        config_snapshot_method_name(spec->method), control->where, why);
	return CHM_ECONFIG;
}

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

int
my_snapshot_start(MyConn *control, MyConn *conns, int n, const MySnapshotSpec *spec,
                  BinlogCoord *at)
{
	double locked_at;
	int timeout = spec->lock_timeout_s > 0 ? spec->lock_timeout_s : 120;
	char sql[96], buf[COORD_FILE_MAX + 32], how[96];
	int rc = 0;

	for (int i = 0; i < n; i++)
		assert(&conns[i] != control);
	if (spec->method == SNAPSHOT_AUTO || spec->method == SNAPSHOT_LOCK_FREE)
		rc = try_lock_free(conns, n, at);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		chm_log(LOG_INFO, "consistent snapshot on %d connection%s at %s, without a lock", n,
		        n == 1 ? "" : "s", coord_format(at, buf, sizeof(buf)));
		return 0;
	}
	if (spec->method == SNAPSHOT_LOCK_FREE)
		return method_refused(control, spec,
		                      "the server gives no snapshot binlog position (MariaDB does), or "
		                      "the snapshots did not align (a busy server); use auto");

	snprintf(sql, sizeof(sql), "SET SESSION lock_wait_timeout = %d", timeout);
	if ((rc = my_exec(control, sql)) != 0)
		return rc;
	rc = 0;
	if (spec->method == SNAPSHOT_AUTO || spec->method == SNAPSHOT_GLOBAL_LOCK)
		rc = global_lock(control, timeout);
	if (rc < 0)
		return rc;
	if (rc == 0 && spec->method == SNAPSHOT_GLOBAL_LOCK)
		return method_refused(control, spec,
		                      "its user may not take FLUSH TABLES WITH READ LOCK: GRANT RELOAD ON "
		                      "*.* TO it, or use auto");
	if (rc == 1) {
		snprintf(how, sizeof(how), "under a brief global read lock");
	} else if (spec->n_tables == 0) {
		/* nothing is copied: any point will do */
		snprintf(how, sizeof(how), "without a lock (no table to copy)");
	} else {
		if ((rc = table_locks(control, spec->tables, spec->n_tables, timeout)) != 0)
			return rc;
		snprintf(how, sizeof(how), "by LOCK TABLES ... READ on %d table%s", spec->n_tables,
		         spec->n_tables == 1 ? "" : "s");
	}
	locked_at = now_ms();
	rc = start_all(conns, n);
	if (rc == 0)
		rc = my_binlog_position(control, at);
	if (my_exec(control, "UNLOCK TABLES") != 0 && rc == 0)
		rc = CHM_EMYSQL;
	if (rc != 0) {
		rollback_all(conns, n);
		return rc;
	}
	/* how long writers waited is what an operator weighs the method by */
	chm_log(LOG_INFO, "consistent snapshot on %d connection%s at %s %s (%.0f ms)%s%s", n,
	        n == 1 ? "" : "s", coord_format(at, buf, sizeof(buf)), how, now_ms() - locked_at,
	        at->gtid[0] ? "; GTID set " : "", at->gtid);
	return 0;
}
