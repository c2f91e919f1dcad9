/*
 * config.h — the YAML configuration, with pg_chameleon 2.x keys.
 *
 * config_load() reads the whole file into a Config and checks it: an unknown
 * key, a value of the wrong type or a missing required key is an error that
 * names the file, the line and the key's full path (sources.mysql.db_conn.port).
 * Keys that mean nothing here (copy_mode, out_dir, rollbar_*) are accepted
 * and ignored with a notice.  Every key lives in one table per mapping level
 * ({name, type, field, flags, default}); the same tables print show-config.
 *
 * A Config owns all of its strings; config_free() releases them.
 */
#ifndef CHM_CONFIG_H
#define CHM_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "common/error.h"

/*
 * db_conn's ssl_mode, MySQL's client --ssl-mode.  MY_SSL_UNSET only while
 * the file is read: config_load() replaces it by what the other ssl_* keys
 * imply (DISABLED when none is given, a verifying mode when one is), so a
 * loaded Config always holds the mode that applies.
 */
typedef enum MySslMode {
	MY_SSL_UNSET = 0,
	MY_SSL_DISABLED,        /* plain text */
	MY_SSL_PREFERRED,       /* TLS when the server offers it, else plain text */
	MY_SSL_REQUIRED,        /* TLS or no connection; the certificate is not checked */
	MY_SSL_VERIFY_CA,       /* TLS, the certificate signed by ssl_ca / ssl_capath */
	MY_SSL_VERIFY_IDENTITY, /* VERIFY_CA, and the certificate names host */
} MySslMode;

/*
 * snapshot_method: how init-replica and sync-tables bring their workers'
 * snapshots to one point (my_snapshot_start, architecture §8).  AUTO takes
 * the strongest the server and the user's privileges allow.
 */
typedef enum SnapshotMethod {
	SNAPSHOT_AUTO = 0,
	SNAPSHOT_LOCK_FREE,   /* MariaDB: snapshots that report one binlog position */
	SNAPSHOT_GLOBAL_LOCK, /* FLUSH TABLES WITH READ LOCK (RELOAD) */
	SNAPSHOT_TABLE_LOCKS, /* LOCK TABLES ... READ of the copied tables (LOCK TABLES) */
} SnapshotMethod;

typedef struct ConnConfig {
	char *host;
	int port;
	char *user;
	char *password;
	char *password_file; /* db_conn only: a file holding the password */
	char *database;      /* pg_conn only */
	char *charset;
	int connect_timeout;
	/* TLS, passed through to libpq (sslmode, sslrootcert, ...) or libmariadb
	 * (ssl_ca, ssl_cert, ssl_key, ssl_capath, ssl_cipher). */
	char *ssl_mode;        /* pg_conn only: libpq's sslmode as given */
	MySslMode my_ssl_mode; /* db_conn only */
	char *ssl_ca;
	char *ssl_cert;
	char *ssl_key;
	char *ssl_capath;
	char *ssl_cipher;
	bool ssl_verify_server_cert;
	/* db_conn only: the server's RSA public key (PEM) for caching_sha2_password
	 * without TLS; without it libmariadb asks the server for the key */
	char *server_public_key;
} ConnConfig;

typedef struct StrList {
	char **items;
	int n;
} StrList;

typedef struct StrMap {
	char **keys;
	char **values;
	int n;
} StrMap;

/* type_override: "tinyint(1)": {override_to: boolean, override_tables: ["*"]} */
typedef struct TypeOverride {
	char *from;     /* MySQL type as written, lower case: "tinyint(1)" */
	char *to;       /* PostgreSQL type */
	StrList tables; /* "*" or schema.table names */
} TypeOverride;

typedef enum OnError {
	ON_ERROR_CONTINUE = 0,
	ON_ERROR_EXIT,
} OnError;

typedef struct SourceConfig {
	char *name;
	char *type; /* "mysql" (MariaDB too) */
	ConnConfig db_conn;
	StrMap schema_mappings; /* source schema -> target schema */
	StrList limit_tables;   /* schema.table; empty = every table */
	StrList skip_tables;
	StrList skip_events_insert; /* schema or schema.table */
	StrList skip_events_update;
	StrList skip_events_delete;
	StrList grant_select_to;
	int my_server_id;
	int replica_batch_size;
	int replay_max_rows;
	int replica_piece_rows;  /* a larger source transaction is stored in pieces of this many rows */
	char *batch_retention;   /* PostgreSQL interval text: "1 day" */
	int64_t copy_max_memory; /* bytes; "300M" in the file */
	int sleep_loop;          /* seconds */
	OnError on_error_replay;
	OnError on_error_read;
	bool gtid_enable;
	bool keep_existing_schema;
	char *lock_timeout; /* "120s" */
	SnapshotMethod snapshot_method;
	int net_read_timeout;
	char *auto_maintenance;
} SourceConfig;

typedef struct Config {
	char *path;
	ConnConfig pg_conn;
	TypeOverride *type_override;
	int n_type_override;
	char *log_dir;
	char *log_dest; /* "stderr" or "file" */
	int log_level;  /* a LogLevel */
	int log_days_keep;
	char *pid_dir;
	SourceConfig *sources;
	int n_sources;
} Config;

/*
 * Reads and checks the file at path.  On success *out is a new Config the
 * caller frees with config_free().  On failure returns CHM_ECONFIG (bad
 * content) or CHM_EIO (unreadable file), *out is NULL, and the reason has
 * been logged: file, line, key.  Warns when the file is readable by group
 * or others, since it holds passwords.
 */
int config_load(const char *path, Config **out) CHM_MUSTCHECK;
/* Parses YAML text; name is used in messages in place of a path. */
int config_load_string(const char *text, const char *name, Config **out) CHM_MUSTCHECK;
/* Releases cfg and everything it owns; NULL is allowed. */
void config_free(Config *cfg);

/*
 * The line of the error the last failed config_load*() of this thread
 * reported, 0 when it was not tied to a line (unreadable file).  Lets the
 * tests check where an error points without parsing the message.
 */
int config_last_error_line(void);

/*
 * The MySQL password of cc, from the first place that has one: db_conn's
 * password, its password_file (the whole file but a final newline),
 * $MYSQL_PWD, the [client] section of ~/.my.cnf.  *out is a new string the
 * caller frees (explicit_bzero first: it is a secret), "" when no place has
 * one; from (size n) says where it came from, for messages ("with the
 * password of MYSQL_PWD", "without a password"): never the password.
 * A password file, or a ~/.my.cnf holding a password, that group or others
 * may read is refused with CHM_ECONFIG, as is an unreadable password_file:
 * a secret others can read is no secret, and a connection without the
 * password it was meant to have would only fail later, less clearly.
 */
int config_mysql_password(const ConnConfig *cc, char **out, char *from, size_t n) CHM_MUSTCHECK;

/* "DISABLED", "PREFERRED", ... for messages. */
const char *config_ssl_mode_name(MySslMode mode);

/* "auto", "lock_free", "global_lock", "table_locks". */
const char *config_snapshot_method_name(SnapshotMethod method);

/* The source called name, or NULL. */
SourceConfig *config_find_source(Config *cfg, const char *name);

/*
 * Prints the effective configuration as YAML: every key, defaults included,
 * non-empty passwords as "********".  The output loads with config_load().
 */
void config_print(const Config *cfg, FILE *out);

/*
 * The default configuration path when --config is not given, and the
 * expansion of a bare name ("default") to ~/.pg_chameleon/configuration/NAME.yml
 * as pg_chameleon does.  Returns a malloc'd string.
 */
char *config_resolve_path(const char *arg);

#endif
