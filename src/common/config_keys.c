/*
 * config_keys.c — the tables of the configuration's keys, one per mapping
 * level, and the checks of keys taken together.
 *
 * Each table says {name, type, field, flags, default} once; the same tables
 * decide what is an unknown key, what is required, what the defaults are,
 * what config_free() releases and what show-config prints, so a key is added
 * here and nowhere else.  The checks (check_source_type, check_source,
 * check_db_conn) say what a table cannot: a type that is not supported, a
 * target schema PostgreSQL reserves, TLS keys that contradict each other.
 *
 * This file is not where YAML is walked (config_yaml.c), nor where values
 * are checked against a server: a wrong password is found on connecting.
 */
#include "common/config_int.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/log.h"
#include "common/strbuf.h"

/* ---- the key tables ---- */

static const Choice log_level_choices[] = {
    {"debug", LOG_DEBUG, false},     {"info", LOG_INFO, false},   {"notice", LOG_NOTICE, false},
    {"warning", LOG_WARNING, false}, {"warn", LOG_WARNING, true}, {"error", LOG_ERROR, false},
    {"critical", LOG_FATAL, false},  {"fatal", LOG_FATAL, true},  {NULL, 0, false},
};

/* pg_chameleon's "stdout" is our stderr: stdout belongs to command output. */
static const Choice log_dest_choices[] = {
    {"stderr", 0, false},
    {"file", 1, false},
    {"stdout", 0, true},
    {NULL, 0, false},
};

static const Choice source_type_choices[] = {
    {"mysql", 0, false}, /* MariaDB too */
    {NULL, 0, false},
};

/* MySQL's --ssl-mode values; any case is accepted, upper case is printed. */
static const Choice ssl_mode_choices[] = {
    {"DISABLED", MY_SSL_DISABLED, false},
    {"PREFERRED", MY_SSL_PREFERRED, false},
    {"REQUIRED", MY_SSL_REQUIRED, false},
    {"VERIFY_CA", MY_SSL_VERIFY_CA, false},
    {"VERIFY_IDENTITY", MY_SSL_VERIFY_IDENTITY, false},
    {NULL, 0, false},
};

static const Choice snapshot_method_choices[] = {
    {"auto", SNAPSHOT_AUTO, false},
    {"lock_free", SNAPSHOT_LOCK_FREE, false},
    {"global_lock", SNAPSHOT_GLOBAL_LOCK, false},
    {"table_locks", SNAPSHOT_TABLE_LOCKS, false},
    {NULL, 0, false},
};

static const Choice on_error_choices[] = {
    {"continue", ON_ERROR_CONTINUE, false},
    {"exit", ON_ERROR_EXIT, false},
    {NULL, 0, false},
};

/* Designated initializers, so each line says only what is particular to its key. */
#define KEY(n, t, st, f, fl, d, ...)                                                               \
	{                                                                                              \
		.name = (n), .type = (t), .offset = offsetof(st, f), .flags = (fl), .def = (d),            \
		__VA_ARGS__                                                                                \
	}
#define IGNORED(n)                                                                                 \
	{                                                                                              \
		.name = (n), .flags = KEY_IGNORED                                                          \
	}

static const KeyDef pg_conn_keys[] = {
    KEY("host", KT_STRING, ConnConfig, host, 0, "localhost"),
    KEY("port", KT_INT, ConnConfig, port, 0, "5432", .min = 1, .max = 65535),
    KEY("user", KT_STRING, ConnConfig, user, KEY_REQUIRED, NULL),
    KEY("password", KT_STRING, ConnConfig, password, KEY_SECRET, ""),
    KEY("database", KT_STRING, ConnConfig, database, KEY_REQUIRED, NULL),
    KEY("charset", KT_STRING, ConnConfig, charset, 0, "utf8"),
    KEY("connect_timeout", KT_INT, ConnConfig, connect_timeout, 0, "10", .min = 0, .max = INT_MAX),
    /* libpq's names, so a PostgreSQL user recognises them */
    KEY("sslmode", KT_STRING, ConnConfig, ssl_mode, 0, NULL),
    KEY("sslrootcert", KT_STRING, ConnConfig, ssl_ca, 0, NULL),
    KEY("sslcert", KT_STRING, ConnConfig, ssl_cert, 0, NULL),
    KEY("sslkey", KT_STRING, ConnConfig, ssl_key, 0, NULL),
    {.name = NULL},
};

static const KeyDef db_conn_keys[] = {
    KEY("host", KT_STRING, ConnConfig, host, 0, "localhost"),
    KEY("port", KT_INT, ConnConfig, port, 0, "3306", .min = 1, .max = 65535),
    KEY("user", KT_STRING, ConnConfig, user, KEY_REQUIRED, NULL),
    KEY("password", KT_STRING, ConnConfig, password, KEY_SECRET, ""),
    /* a path, not a secret: show-config prints it */
    KEY("password_file", KT_PATH, ConnConfig, password_file, 0, NULL),
    /* utf8mb4, not pg_chameleon's utf8 (utf8mb3), so 4-byte characters survive */
    KEY("charset", KT_STRING, ConnConfig, charset, 0, "utf8mb4"),
    KEY("connect_timeout", KT_INT, ConnConfig, connect_timeout, 0, "10", .min = 0, .max = INT_MAX),
    /* MySQL's client names; no default: check_db_conn() derives it */
    KEY("ssl_mode", KT_ENUM, ConnConfig, my_ssl_mode, 0, NULL, .choices = ssl_mode_choices),
    KEY("ssl_ca", KT_STRING, ConnConfig, ssl_ca, 0, NULL),
    KEY("ssl_cert", KT_STRING, ConnConfig, ssl_cert, 0, NULL),
    KEY("ssl_key", KT_STRING, ConnConfig, ssl_key, 0, NULL),
    KEY("ssl_capath", KT_STRING, ConnConfig, ssl_capath, 0, NULL),
    KEY("ssl_cipher", KT_STRING, ConnConfig, ssl_cipher, 0, NULL),
    KEY("ssl_verify_server_cert", KT_BOOL, ConnConfig, ssl_verify_server_cert, 0, "false"),
    /* MySQL's client --server-public-key-path, for caching_sha2_password without TLS */
    KEY("server_public_key", KT_PATH, ConnConfig, server_public_key, 0, NULL),
    /* older pg_chameleon examples name a database here; the schemas come from schema_mappings */
    IGNORED("database"),
    {.name = NULL},
};

static const KeyDef skip_events_keys[] = {
    KEY("insert", KT_LIST, SourceConfig, skip_events_insert, 0, NULL),
    KEY("update", KT_LIST, SourceConfig, skip_events_update, 0, NULL),
    KEY("delete", KT_LIST, SourceConfig, skip_events_delete, 0, NULL),
    {.name = NULL},
};

static int check_db_conn(Parse *p, void *base, const Entries *es, const char *path);

static const Section pg_conn_section = {pg_conn_keys, 0, 0, NULL, NULL};
static const Section db_conn_section = {db_conn_keys, 0, 0, NULL, check_db_conn};
/* skip_events' lists live in SourceConfig itself: its offset is 0. */
static const Section skip_events_section = {skip_events_keys, 0, 0, NULL, NULL};

static int check_source_type(Parse *p, void *base, const Entries *es, const char *path);

static const KeyDef source_keys[] = {
    KEY("db_conn", KT_SECTION, SourceConfig, db_conn, KEY_REQUIRED, NULL, .sub = &db_conn_section),
    KEY("schema_mappings", KT_MAP, SourceConfig, schema_mappings, KEY_REQUIRED, NULL),
    KEY("limit_tables", KT_LIST, SourceConfig, limit_tables, 0, NULL),
    KEY("skip_tables", KT_LIST, SourceConfig, skip_tables, 0, NULL),
    KEY("grant_select_to", KT_LIST, SourceConfig, grant_select_to, 0, NULL),
    {.name = "skip_events", .type = KT_SECTION, .offset = 0, .sub = &skip_events_section},
    KEY("my_server_id", KT_INT, SourceConfig, my_server_id, 0, "100", .min = 1, .max = INT_MAX),
    KEY("replica_batch_size", KT_INT, SourceConfig, replica_batch_size, 0, "10000", .min = 1,
        .max = INT_MAX),
    KEY("replay_max_rows", KT_INT, SourceConfig, replay_max_rows, 0, "10000", .min = 1,
        .max = INT_MAX),
    KEY("replica_piece_rows", KT_INT, SourceConfig, replica_piece_rows, 0, "50000", .min = 1,
        .max = INT_MAX),
    KEY("batch_retention", KT_STRING, SourceConfig, batch_retention, 0, "1 day"),
    KEY("copy_max_memory", KT_SIZE, SourceConfig, copy_max_memory, 0, "300M", .min = 1,
        .max = LONG_MAX),
    KEY("sleep_loop", KT_INT, SourceConfig, sleep_loop, 0, "1", .min = 0, .max = INT_MAX),
    KEY("on_error_replay", KT_ENUM, SourceConfig, on_error_replay, 0, "continue",
        .choices = on_error_choices),
    KEY("on_error_read", KT_ENUM, SourceConfig, on_error_read, 0, "continue",
        .choices = on_error_choices),
    KEY("gtid_enable", KT_BOOL, SourceConfig, gtid_enable, 0, "false"),
    KEY("keep_existing_schema", KT_BOOL, SourceConfig, keep_existing_schema, 0, "false"),
    KEY("lock_timeout", KT_STRING, SourceConfig, lock_timeout, 0, "120s"),
    KEY("snapshot_method", KT_ENUM, SourceConfig, snapshot_method, 0, "auto",
        .choices = snapshot_method_choices),
    KEY("net_read_timeout", KT_INT, SourceConfig, net_read_timeout, 0, "600", .min = 1,
        .max = INT_MAX),
    KEY("auto_maintenance", KT_STRING, SourceConfig, auto_maintenance, 0, "disabled"),
    KEY("type", KT_WORD, SourceConfig, type, 0, "mysql", .choices = source_type_choices),
    /* pg_chameleon's copy goes through a file or memory; ours streams */
    IGNORED("copy_mode"),
    IGNORED("out_dir"),
    IGNORED("create_views_in_schema"),
    {.name = NULL},
};

static const KeyDef type_override_keys[] = {
    KEY("override_to", KT_STRING, TypeOverride, to, KEY_REQUIRED, NULL),
    KEY("override_tables", KT_LIST, TypeOverride, tables, KEY_REQUIRED, NULL),
    {.name = NULL},
};

static int check_source(Parse *p, void *base, const Entries *es, const char *path);

static const Section source_section = {source_keys, sizeof(SourceConfig),
                                       offsetof(SourceConfig, name), check_source_type,
                                       check_source};
static const Section type_override_section = {type_override_keys, sizeof(TypeOverride),
                                              offsetof(TypeOverride, from), NULL, NULL};

static const KeyDef top_keys[] = {
    KEY("pid_dir", KT_PATH, Config, pid_dir, 0, "~/.pg_chameleon/pid/"),
    KEY("log_dir", KT_PATH, Config, log_dir, 0, "~/.pg_chameleon/logs/"),
    KEY("log_dest", KT_WORD, Config, log_dest, 0, "stderr", .choices = log_dest_choices),
    KEY("log_level", KT_ENUM, Config, log_level, 0, "info", .choices = log_level_choices),
    KEY("log_days_keep", KT_INT, Config, log_days_keep, 0, "10", .min = 0, .max = INT_MAX),
    KEY("pg_conn", KT_SECTION, Config, pg_conn, KEY_REQUIRED, NULL, .sub = &pg_conn_section),
    KEY("type_override", KT_NAMED, Config, type_override, KEY_LOWER_NAMES, NULL,
        .sub = &type_override_section, .count_offset = offsetof(Config, n_type_override)),
    KEY("sources", KT_NAMED, Config, sources, 0, NULL, .sub = &source_section,
        .count_offset = offsetof(Config, n_sources)),
    IGNORED("rollbar_key"),
    IGNORED("rollbar_env"),
    IGNORED("fillfactor"),
    {.name = NULL},
};

const Section cfg_top_section = {top_keys, 0, 0, NULL, NULL};

/* ---- the checks of keys taken together ---- */

/*
 * The type is checked before anything else of the source: a pg_chameleon
 * PostgreSQL source ("type: pgsql") has keys of its own, and "unknown key"
 * about one of them would hide the real reason.
 */
static int
check_source_type(Parse *p, void *base, const Entries *es, const char *path)
{
	const SourceConfig *src = base;
	const Entry *e = cfg_find_entry(es, "type");
	const char *t;

	if (e == NULL || e->value->type != YAML_SCALAR_NODE || cfg_node_is_null(e->value))
		return 0;
	t = (const char *)e->value->data.scalar.value;
	if (strcasecmp(t, "mysql") == 0)
		return 0;
	return cfg_error(p, cfg_node_line(e->key),
	                 "source \"%s\" has type \"%s\", which is not supported (\"%s.type\"): "
	                 "chameleon replicates from \"mysql\" sources (MySQL and MariaDB) only",
	                 src->name, t, path);
}

static int key_line(const Entries *es, const char *name);

/*
 * The target schemas are where the source's DDL lands (architecture §11): never
 * the catalog's schema nor PostgreSQL's own, and a name PostgreSQL keeps
 * whole, so that every statement and the replay name the same schema.
 */
static int
check_source(Parse *p, void *base, const Entries *es, const char *path)
{
	const SourceConfig *src = base;

	for (int i = 0; i < src->schema_mappings.n; i++) {
		const char *t = src->schema_mappings.values[i];
		const char *why = NULL;
		if (t == NULL || t[0] == '\0')
			why = "is empty";
		else if (strlen(t) > 63)
			why = "is longer than the 63 bytes PostgreSQL keeps";
		else if (strcmp(t, "sch_chameleon") == 0)
			why = "is chameleon's catalog";
		else if (strncmp(t, "pg_", 3) == 0 || strcmp(t, "information_schema") == 0)
			why = "is reserved by PostgreSQL";
		if (why != NULL)
			return cfg_error(p, key_line(es, "schema_mappings"),
			                 "target schema \"%s\" of \"%s\" in \"%s.schema_mappings\" %s",
			                 t ? t : "", src->schema_mappings.keys[i], path, why);
	}
	return 0;
}

/* The line of key name in es, or of the section's first key when it is not given. */
static int
key_line(const Entries *es, const char *name)
{
	const Entry *e = cfg_find_entry(es, name);

	if (e == NULL && es->n > 0)
		e = &es->items[0];
	return e ? cfg_node_line(e->key) : 0;
}

/* A relative path is beside the configuration file, wherever the command
 * runs (a daemon runs in /). */
static void
beside_config(const Parse *p, char **path)
{
	const char *slash = strrchr(p->name, '/');
	StrBuf sb = STRBUF_INIT;

	if (!is_set(*path) || (*path)[0] == '/' || slash == NULL)
		return;
	strbuf_append(&sb, p->name, (size_t)(slash - p->name) + 1);
	strbuf_puts(&sb, *path);
	free(*path);
	*path = strbuf_detach(&sb);
}

/*
 * server_public_key must be a PEM public key we can read now: libmariadb
 * reads it only when the server asks for the password, and then says only
 * that the key could not be read.
 */
static int
check_public_key(Parse *p, int line, const char *path, const char *file)
{
	char head[64] = "";
	FILE *f = fopen(file, "r");

	if (f == NULL)
		return cfg_error(p, line, "\"%s.server_public_key\": could not open file \"%s\": %s", path,
		                 file, strerror(errno));
	if (fgets(head, sizeof(head), f) == NULL)
		head[0] = '\0';
	fclose(f);
	if (strncmp(head, "-----BEGIN PUBLIC KEY-----", 26) != 0 &&
	    strncmp(head, "-----BEGIN RSA PUBLIC KEY-----", 30) != 0)
		return cfg_error(p, line,
		                 "\"%s.server_public_key\": file \"%s\" is not a PEM public key: copy "
		                 "the server's public_key.pem (SHOW STATUS LIKE "
		                 "'Caching_sha2_password_rsa_public_key' prints it)",
		                 path, file);
	return 0;
}

/*
 * db_conn's keys taken together: the TLS mode that applies when ssl_mode is
 * not given, keys that contradict each other, where a relative
 * password_file or server_public_key is, and that the key is one.
 */
static int
check_db_conn(Parse *p, void *base, const Entries *es, const char *path)
{
	ConnConfig *cc = base;
	bool has_ca = is_set(cc->ssl_ca) || is_set(cc->ssl_capath);
	bool has_tls_key =
	    has_ca || is_set(cc->ssl_cert) || is_set(cc->ssl_key) || is_set(cc->ssl_cipher);

	if (cc->my_ssl_mode == MY_SSL_UNSET) {
		/* TLS only when asked for, and then verified: a CA given is the one
		 * to trust (MySQL's client does the same with --ssl-ca alone); TLS
		 * asked for without a CA is verified against the system's CAs, host
		 * name included; ssl_verify_server_cert adds the host name. */
		if (cc->ssl_verify_server_cert || (has_tls_key && !has_ca))
			cc->my_ssl_mode = MY_SSL_VERIFY_IDENTITY;
		else if (has_ca)
			cc->my_ssl_mode = MY_SSL_VERIFY_CA;
		else
			cc->my_ssl_mode = MY_SSL_DISABLED;
	} else if (cc->ssl_verify_server_cert && cc->my_ssl_mode != MY_SSL_VERIFY_IDENTITY) {
		return cfg_error(p, key_line(es, "ssl_verify_server_cert"),
		                 "\"%s.ssl_verify_server_cert\" is true, which means ssl_mode "
		                 "VERIFY_IDENTITY, but \"%s.ssl_mode\" is %s: keep one of them",
		                 path, path, config_ssl_mode_name(cc->my_ssl_mode));
	}
	if (cc->my_ssl_mode == MY_SSL_VERIFY_CA && !has_ca)
		return cfg_error(p, key_line(es, "ssl_mode"),
		                 "\"%s.ssl_mode\" is VERIFY_CA, which needs the certificate of the CA "
		                 "that signed the server's: set \"%s.ssl_ca\" (or ssl_capath)",
		                 path, path);
	if (cc->my_ssl_mode == MY_SSL_DISABLED && has_tls_key)
		chm_log(LOG_WARNING,
		        "configuration file \"%s\", line %d: \"%s.ssl_mode\" is DISABLED: the other "
		        "ssl_* keys of \"%s\" are not used",
		        p->name, key_line(es, "ssl_mode"), path, path);

	if (is_set(cc->password) && is_set(cc->password_file))
		return cfg_error(p, key_line(es, "password_file"),
		                 "\"%s\" gives both password and password_file: keep one of them", path);
	beside_config(p, &cc->password_file);
	beside_config(p, &cc->server_public_key);
	if (is_set(cc->server_public_key))
		return check_public_key(p, key_line(es, "server_public_key"), path, cc->server_public_key);
	return 0;
}

const char *
config_ssl_mode_name(MySslMode mode)
{
	return cfg_choice_name(ssl_mode_choices, (int)mode);
}

const char *
config_snapshot_method_name(SnapshotMethod method)
{
	return cfg_choice_name(snapshot_method_choices, (int)method);
}
