/*
 * test_config.c — the YAML configuration reader.
 *
 * Good files (pg_chameleon's own style, the example in config/) must load
 * with the values they say and the defaults they do not; bad files must
 * fail with the right CHM_E code at the right line.  A bad fixture marks the
 * line its error must point at with a "#!error" comment, so the expected
 * line lives beside the mistake and not in this file.  show-config's output
 * must load again and print the same (a round trip).
 *
 * Fixtures: CONFIG_FIXTURES (tests/unit/config), CONFIG_EXAMPLE
 * (config/config-example.yml), set by tests/unit/local.mk; argv[1] and
 * argv[2] override them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/config.h"
#include "common/log.h"
#include "common/strbuf.h"
#include "unit.h"

#ifndef CONFIG_FIXTURES
#define CONFIG_FIXTURES "tests/unit/config"
#endif
#ifndef CONFIG_EXAMPLE
#define CONFIG_EXAMPLE "config/config-example.yml"
#endif

static const char *fixtures = CONFIG_FIXTURES;
static const char *example = CONFIG_EXAMPLE;
static char tmpdir[] = "/tmp/test_config.XXXXXX";

static char *
fixture(const char *name)
{
	StrBuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "%s/%s", fixtures, name);
	return strbuf_detach(&sb);
}

/* The whole file, or NULL. */
static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	StrBuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;

	if (f == NULL)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_append(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb);
}

/* The line holding "#!error", or 0. */
static int
marked_line(const char *text)
{
	int line = 1;

	for (const char *c = text; *c; c++) {
		if (strncmp(c, "#!error", 7) == 0)
			return line;
		if (*c == '\n')
			line++;
	}
	return 0;
}

static void
test_good_pgchameleon(void)
{
	char *path = fixture("good-pgchameleon.yml");
	const char *home = getenv("HOME");
	char want[4096];
	Config *cfg = NULL;
	SourceConfig *s;
	int rc = config_load(path, &cfg);

	CHECK_INT(rc, 0, "pg_chameleon-style file loads");
	if (rc != 0) {
		free(path);
		return;
	}
	CHECK_STR(cfg->path, path, "path kept");
	snprintf(want, sizeof(want), "%s/.pg_chameleon/pid/", home);
	CHECK_STR(cfg->pid_dir, want, "pid_dir: leading ~ expanded to $HOME");
	snprintf(want, sizeof(want), "%s/.pg_chameleon/logs/", home);
	CHECK_STR(cfg->log_dir, want, "log_dir: leading ~ expanded to $HOME");
	CHECK_STR(cfg->log_dest, "file", "log_dest");
	CHECK_INT(cfg->log_level, LOG_INFO, "log_level");
	CHECK_INT(cfg->log_days_keep, 10, "log_days_keep");

	CHECK_STR(cfg->pg_conn.host, "db.example.org", "pg_conn.host");
	CHECK_INT(cfg->pg_conn.port, 5433, "pg_conn.port quoted \"5433\" is an int");
	CHECK_STR(cfg->pg_conn.user, "usr_replica", "pg_conn.user");
	CHECK_STR(cfg->pg_conn.password, "pg secret", "pg_conn.password");
	CHECK_STR(cfg->pg_conn.database, "db_replica", "pg_conn.database");
	CHECK_STR(cfg->pg_conn.ssl_mode, "verify-full", "pg_conn.sslmode -> ssl_mode");
	CHECK_STR(cfg->pg_conn.ssl_ca, "/etc/ssl/pg-ca.pem", "pg_conn.sslrootcert -> ssl_ca");
	CHECK(cfg->pg_conn.ssl_cert == NULL, "pg_conn.sslcert not given: NULL");
	CHECK_INT(cfg->pg_conn.connect_timeout, 10, "pg_conn.connect_timeout default");

	CHECK_INT(cfg->n_type_override, 2, "two type overrides");
	if (cfg->n_type_override == 2) {
		CHECK_STR(cfg->type_override[0].from, "tinyint(1)", "type_override name lower-cased");
		CHECK_STR(cfg->type_override[0].to, "boolean", "override_to");
		CHECK_INT(cfg->type_override[0].tables.n, 1, "override_tables count");
		CHECK_STR(cfg->type_override[0].tables.items[0], "*", "override_tables \"*\"");
		CHECK_STR(cfg->type_override[1].from, "bigint unsigned", "second override");
		CHECK_INT(cfg->type_override[1].tables.n, 2, "second override's tables");
	}

	CHECK_INT(cfg->n_sources, 2, "two sources");
	s = config_find_source(cfg, "mysql");
	CHECK(s != NULL, "source mysql found");
	if (s != NULL) {
		CHECK_STR(s->type, "mysql", "type");
		CHECK_STR(s->db_conn.host, "mysql.example.org", "db_conn.host");
		CHECK_INT(s->db_conn.port, 3306, "db_conn.port");
		CHECK_STR(s->db_conn.password, "my secret", "db_conn.password");
		CHECK_STR(s->db_conn.charset, "utf8", "db_conn.charset as given");
		CHECK_STR(s->db_conn.ssl_ca, "/etc/ssl/my-ca.pem", "db_conn.ssl_ca");
		CHECK(s->db_conn.ssl_verify_server_cert, "ssl_verify_server_cert: Yes");
		CHECK_INT(s->schema_mappings.n, 2, "two schema mappings");
		if (s->schema_mappings.n == 2) {
			CHECK_STR(s->schema_mappings.keys[1], "crm", "mapping key, in file order");
			CHECK_STR(s->schema_mappings.values[1], "crm_pg", "mapping value");
		}
		CHECK_INT(s->limit_tables.n, 2, "limit_tables");
		CHECK_STR(s->skip_tables.items[0], "shop.audit", "skip_tables");
		CHECK_STR(s->grant_select_to.items[0], "usr_readonly", "grant_select_to");
		CHECK_INT(s->skip_events_insert.n, 1, "skip_events.insert");
		CHECK_INT(s->skip_events_delete.n, 1, "skip_events.delete");
		CHECK_STR(s->skip_events_delete.items[0], "crm", "skip_events.delete item");
		CHECK_INT(s->skip_events_update.n, 0, "skip_events.update: null is empty");
		CHECK_INT(s->my_server_id, 100, "my_server_id");
		CHECK_INT(s->copy_max_memory, 300LL << 20, "copy_max_memory \"300M\"");
		CHECK_STR(s->batch_retention, "1 day", "batch_retention");
		CHECK_STR(s->lock_timeout, "120s", "lock_timeout");
		CHECK_STR(s->auto_maintenance, "disabled", "auto_maintenance");
		CHECK_INT(s->on_error_replay, ON_ERROR_CONTINUE, "on_error_replay continue");
		CHECK(!s->gtid_enable, "gtid_enable false");
		CHECK(!s->keep_existing_schema, "keep_existing_schema: No");
		CHECK_INT(s->net_read_timeout, 600, "net_read_timeout default");
	}
	s = config_find_source(cfg, "mariadb");
	CHECK(s != NULL, "source mariadb found");
	if (s != NULL) {
		CHECK_STR(s->name, "mariadb", "source name");
		CHECK_INT(s->db_conn.port, 3307, "plain int port");
		CHECK_STR(s->db_conn.password, "", "empty password");
		CHECK_STR(s->db_conn.charset, "utf8mb4", "db_conn.charset default");
		CHECK_INT(s->limit_tables.n, 0, "limit_tables: null is empty");
		CHECK_INT(s->grant_select_to.n, 0, "grant_select_to: null is empty");
		CHECK_INT(s->my_server_id, 4242, "my_server_id quoted");
		CHECK_INT(s->replica_batch_size, 500, "replica_batch_size quoted");
		CHECK_INT(s->replay_max_rows, 10000, "replay_max_rows default");
		CHECK_INT(s->copy_max_memory, 1LL << 30, "copy_max_memory 1G");
		CHECK_INT(s->sleep_loop, 5, "sleep_loop");
		CHECK_INT(s->on_error_replay, ON_ERROR_EXIT, "on_error_replay exit");
		CHECK_INT(s->on_error_read, ON_ERROR_EXIT, "on_error_read Exit (any case)");
		CHECK(s->gtid_enable, "gtid_enable: on");
		CHECK(s->keep_existing_schema, "keep_existing_schema: yes");
		CHECK_INT(s->net_read_timeout, 30, "net_read_timeout");
		CHECK_STR(s->type, "mysql", "type default mysql");
	}
	CHECK(config_find_source(cfg, "nope") == NULL, "unknown source: NULL");
	config_free(cfg);
	free(path);
}

static void
test_defaults(void)
{
	char *path = fixture("good-minimal.yml");
	const char *home = getenv("HOME");
	char want[4096];
	Config *cfg = NULL;
	int rc = config_load(path, &cfg);

	CHECK_INT(rc, 0, "minimal file loads (no sources)");
	if (rc == 0) {
		CHECK_STR(cfg->pg_conn.host, "localhost", "default host");
		CHECK_INT(cfg->pg_conn.port, 5432, "default pg port");
		CHECK_STR(cfg->pg_conn.password, "", "default password empty");
		CHECK_INT(cfg->pg_conn.connect_timeout, 10, "default connect_timeout");
		CHECK_INT(cfg->log_level, LOG_INFO, "default log_level");
		CHECK_STR(cfg->log_dest, "stderr", "default log_dest");
		snprintf(want, sizeof(want), "%s/.pg_chameleon/logs/", home);
		CHECK_STR(cfg->log_dir, want, "default log_dir");
		snprintf(want, sizeof(want), "%s/.pg_chameleon/pid/", home);
		CHECK_STR(cfg->pid_dir, want, "default pid_dir");
		CHECK_INT(cfg->n_sources, 0, "no sources");
		CHECK_INT(cfg->n_type_override, 0, "no type overrides");
	}
	config_free(cfg);
	free(path);

	/* the defaults of a source */
	rc = config_load_string("pg_conn: {user: u, database: d}\n"
	                        "sources:\n"
	                        "  s1:\n"
	                        "    db_conn: {user: r}\n"
	                        "    schema_mappings: {a: b}\n",
	                        "inline", &cfg);
	CHECK_INT(rc, 0, "flow-style source loads");
	if (rc == 0) {
		SourceConfig *s = &cfg->sources[0];
		CHECK_STR(s->db_conn.host, "localhost", "default mysql host");
		CHECK_INT(s->db_conn.port, 3306, "default mysql port");
		CHECK_INT(s->db_conn.connect_timeout, 10, "default mysql connect_timeout");
		CHECK(!s->db_conn.ssl_verify_server_cert, "default ssl_verify_server_cert false");
		CHECK_INT(s->my_server_id, 100, "default my_server_id");
		CHECK_INT(s->replica_batch_size, 10000, "default replica_batch_size");
		CHECK_INT(s->replay_max_rows, 10000, "default replay_max_rows");
		CHECK_STR(s->batch_retention, "1 day", "default batch_retention");
		CHECK_INT(s->copy_max_memory, 300LL * 1024 * 1024, "default copy_max_memory 300M");
		CHECK_INT(s->sleep_loop, 1, "default sleep_loop");
		CHECK_INT(s->on_error_replay, ON_ERROR_CONTINUE, "default on_error_replay");
		CHECK_INT(s->on_error_read, ON_ERROR_CONTINUE, "default on_error_read");
		CHECK(!s->gtid_enable, "default gtid_enable");
		CHECK(!s->keep_existing_schema, "default keep_existing_schema");
		CHECK_STR(s->lock_timeout, "120s", "default lock_timeout");
		CHECK_INT(s->net_read_timeout, 600, "default net_read_timeout");
		CHECK_STR(s->type, "mysql", "default type");
		CHECK_INT(s->limit_tables.n + s->skip_tables.n + s->skip_events_insert.n, 0,
		          "default lists empty");
	}
	config_free(cfg);
}

static void
test_merge(void)
{
	char *path = fixture("good-merge.yml");
	Config *cfg = NULL;
	int rc = config_load(path, &cfg);

	CHECK_INT(rc, 0, "anchors and merge keys (<<) load");
	if (rc == 0 && cfg->n_sources == 2) {
		SourceConfig *a = &cfg->sources[0], *b = &cfg->sources[1];
		CHECK_INT(a->replica_batch_size, 2000, "first source as written");
		CHECK_INT(b->replica_batch_size, 2000, "second source merges replica_batch_size");
		CHECK_INT(b->on_error_replay, ON_ERROR_EXIT, "second source merges on_error_replay");
		CHECK_STR(b->schema_mappings.keys[0], "b", "its own key wins over the merged one");
		CHECK_INT(b->schema_mappings.n, 1, "a mapping is replaced, not merged into");
		CHECK_STR(b->db_conn.host, "mysql.example.org", "nested merge: host");
		CHECK_STR(b->db_conn.password, "pw", "nested merge: password");
		CHECK_INT(b->db_conn.port, 3307, "nested merge: own port");
		CHECK_INT(a->db_conn.port, 3306, "the anchored source keeps its port");
		CHECK_STR(b->type, "mysql", "type MySQL, stored as mysql");
	} else {
		CHECK(0, "good-merge.yml has two sources");
	}
	config_free(cfg);
	free(path);

	rc = config_load_string("pg_conn: &p\n  user: u\n  database: d\n  <<: *p\n", "inline", &cfg);
	CHECK_INT(rc, CHM_ECONFIG, "a mapping merging itself: an error, not a loop");
	rc = config_load_string("pg_conn:\n  user: u\n  database: d\n  <<: [a, b]\n", "inline", &cfg);
	CHECK_INT(rc, CHM_ECONFIG, "merging a list of strings: an error");
	CHECK_INT(config_last_error_line(), 4, "  ... on line 4");
}

static void
test_values(void)
{
	static const struct {
		const char *size;
		long long bytes;
	} sizes[] = {
	    {"300M", 300LL << 20}, {"1G", 1LL << 30},    {"500k", 500LL << 10},
	    {"500K", 500LL << 10}, {"1048576", 1048576}, {"2GB", 2LL << 30},
	};
	static const char *const levels[] = {"debug", "info", "notice", "warning", "error", "critical"};
	static const int level_values[] = {LOG_DEBUG,   LOG_INFO,  LOG_NOTICE,
	                                   LOG_WARNING, LOG_ERROR, LOG_FATAL};
	char text[512];
	Config *cfg;
	int rc;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		snprintf(text, sizeof(text),
		         "pg_conn: {user: u, database: d}\nsources:\n  s:\n    db_conn: {user: r}\n"
		         "    schema_mappings: {a: b}\n    copy_max_memory: %s\n",
		         sizes[i].size);
		rc = config_load_string(text, "inline", &cfg);
		CHECK(rc == 0 && cfg->sources[0].copy_max_memory == sizes[i].bytes,
		      "copy_max_memory %s = %lld bytes", sizes[i].size, sizes[i].bytes);
		config_free(cfg);
	}
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		snprintf(text, sizeof(text), "log_level: %s\npg_conn: {user: u, database: d}\n", levels[i]);
		rc = config_load_string(text, "inline", &cfg);
		CHECK(rc == 0 && cfg->log_level == level_values[i], "log_level %s", levels[i]);
		config_free(cfg);
	}
	rc = config_load_string("log_dest: stdout\npg_conn: {user: u, database: d}\n", "inline", &cfg);
	CHECK(rc == 0 && strcmp(cfg->log_dest, "stderr") == 0,
	      "log_dest: stdout (pg_chameleon) means stderr");
	config_free(cfg);

	rc = config_load_string("pg_conn: {user: u, database: d, password: \"\"}\n"
	                        "log_dir: /var/log/chameleon\n",
	                        "inline", &cfg);
	CHECK(rc == 0 && strcmp(cfg->log_dir, "/var/log/chameleon") == 0, "absolute log_dir kept");
	config_free(cfg);

	/* an anchor and an alias are plain YAML and work */
	rc = config_load_string("pg_conn: &pg {user: u, database: d}\n"
	                        "sources:\n  s:\n    db_conn: {user: r}\n"
	                        "    schema_mappings: {a: b}\n    limit_tables: &t [a.x, a.y]\n"
	                        "    skip_tables: *t\n",
	                        "inline", &cfg);
	CHECK(rc == 0 && cfg->sources[0].skip_tables.n == 2, "YAML aliases");
	config_free(cfg);

	/* an empty file: pg_conn is missing */
	rc = config_load_string("", "empty", &cfg);
	CHECK_INT(rc, CHM_ECONFIG, "empty file: missing pg_conn");
	CHECK(cfg == NULL, "failed load leaves *out NULL");
	CHECK_INT(config_last_error_line(), 1, "empty file: line 1");

	rc = config_load_string("pg_conn: {user: u, database: d}\nsources: {}\n", "inline", &cfg);
	CHECK(rc == 0 && cfg->n_sources == 0, "sources: {} is no sources");
	config_free(cfg);

	rc = config_load_string("pg_conn: {user: u, database: d}\nsources:\n  s:\n"
	                        "    db_conn: {user: r, port: \"0x10\"}\n    schema_mappings: {a: b}\n",
	                        "inline", &cfg);
	CHECK_INT(rc, CHM_ECONFIG, "port \"0x10\" is not an integer");
	CHECK_INT(config_last_error_line(), 4, "  ... on line 4");

	rc = config_load_string("pg_conn: {user: u, database: d}\nsources:\n  s:\n"
	                        "    db_conn: {user: r}\n    schema_mappings: {a: }\n",
	                        "inline", &cfg);
	CHECK_INT(rc, CHM_ECONFIG, "a schema mapping to nothing");

	rc = config_load_string("pg_conn: {user: , database: d}\n", "inline", &cfg);
	CHECK_INT(rc, CHM_ECONFIG, "required key with no value");
	CHECK_INT(config_last_error_line(), 1, "  ... on line 1");
}

static void
test_bad_files(void)
{
	static const struct {
		const char *file;
		int code;
		int line; /* 0: the line marked "#!error" */
	} cases[] = {
	    {"bad-unknown-top.yml", CHM_ECONFIG, 0},
	    {"bad-unknown-source.yml", CHM_ECONFIG, 0},
	    {"bad-unknown-dbconn.yml", CHM_ECONFIG, 0},
	    {"bad-int.yml", CHM_ECONFIG, 0},
	    {"bad-port-range.yml", CHM_ECONFIG, 0},
	    {"bad-bool.yml", CHM_ECONFIG, 0},
	    {"bad-list-for-map.yml", CHM_ECONFIG, 0},
	    {"bad-scalar-for-list.yml", CHM_ECONFIG, 0},
	    {"bad-map-for-int.yml", CHM_ECONFIG, 0},
	    {"bad-missing-database.yml", CHM_ECONFIG, 0},
	    {"bad-missing-pg-conn.yml", CHM_ECONFIG, 0},
	    {"bad-missing-db-user.yml", CHM_ECONFIG, 0},
	    {"bad-missing-db-conn.yml", CHM_ECONFIG, 0},
	    {"bad-empty-mappings.yml", CHM_ECONFIG, 0},
	    /* an unterminated quote: libyaml reports where the stream ended */
	    {"bad-syntax.yml", CHM_ECONFIG, 5},
	    {"bad-syntax2.yml", CHM_ECONFIG, 0},
	    {"bad-source-type.yml", CHM_ECONFIG, 0},
	    {"bad-pgsql-source.yml", CHM_ECONFIG, 0},
	    {"bad-size.yml", CHM_ECONFIG, 0},
	    {"bad-on-error.yml", CHM_ECONFIG, 0},
	    {"bad-duplicate.yml", CHM_ECONFIG, 0},
	    {"bad-duplicate-source.yml", CHM_ECONFIG, 0},
	    {"bad-log-level.yml", CHM_ECONFIG, 0},
	    {"bad-top-list.yml", CHM_ECONFIG, 0},
	    {"bad-type-override.yml", CHM_ECONFIG, 0},
	    {"bad-two-documents.yml", CHM_ECONFIG, 0},
	    {"bad-list-item.yml", CHM_ECONFIG, 0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *path = fixture(cases[i].file);
		char *text = slurp(path);
		int want_line = cases[i].line;
		Config *cfg = (Config *)&cfg; /* must come back NULL */
		int rc;

		if (text == NULL) {
			CHECK(0, "%s: fixture readable", path);
			free(path);
			continue;
		}
		if (want_line == 0)
			want_line = marked_line(text);
		CHECK(want_line > 0, "%s: expected line known", cases[i].file);
		rc = config_load(path, &cfg);
		CHECK(rc == cases[i].code, "%s: %s (got %s)", cases[i].file, chm_errname(cases[i].code),
		      chm_errname(rc));
		CHECK(cfg == NULL, "%s: no Config on failure", cases[i].file);
		CHECK(config_last_error_line() == want_line, "%s: error on line %d (got %d)", cases[i].file,
		      want_line, config_last_error_line());
		/* the same text through config_load_string: the same answer */
		rc = config_load_string(text, cases[i].file, &cfg);
		CHECK(rc == cases[i].code && config_last_error_line() == want_line,
		      "%s: same error from config_load_string", cases[i].file);
		free(text);
		free(path);
	}
}

static void
test_io_errors(void)
{
	Config *cfg;
	char path[256];
	int rc;

	snprintf(path, sizeof(path), "%s/does-not-exist.yml", tmpdir);
	rc = config_load(path, &cfg);
	CHECK_INT(rc, CHM_EIO, "missing file: CHM_EIO");
	CHECK_INT(config_last_error_line(), 0, "missing file: no line");
	rc = config_load(tmpdir, &cfg);
	CHECK_INT(rc, CHM_EIO, "a directory: CHM_EIO");
}

/* Runs fn with log lines going to a file, and returns what was logged. */
static char *
captured_log(const char *cfg_path, int *rc)
{
	char logpath[256];
	Config *cfg = NULL;
	char *text;
	LogLevel saved = chm_log_level;

	snprintf(logpath, sizeof(logpath), "%s/log", tmpdir);
	unlink(logpath);
	chm_log_level = LOG_NOTICE;
	if (chm_log_open(logpath) != 0)
		return NULL;
	*rc = config_load(cfg_path, &cfg);
	chm_log_close();
	chm_log_level = saved;
	config_free(cfg);
	text = slurp(logpath);
	unlink(logpath);
	return text;
}

static void
test_messages(void)
{
	char path[256];
	char *fix, *log;
	FILE *f;
	int rc;

	/* permissions: a world-readable file gets a warning, a 0600 one does not */
	snprintf(path, sizeof(path), "%s/perm.yml", tmpdir);
	f = fopen(path, "w");
	fputs("pg_conn: {user: u, database: d, password: s3cret}\n", f);
	fclose(f);
	chmod(path, 0644);
	log = captured_log(path, &rc);
	CHECK(rc == 0 && log && strstr(log, "readable by group or others") && strstr(log, "chmod 600"),
	      "0644 file: warning about passwords");
	free(log);
	chmod(path, 0600);
	log = captured_log(path, &rc);
	CHECK(rc == 0 && log && strstr(log, "readable") == NULL, "0600 file: no warning");
	free(log);
	unlink(path);

	/* ignored keys: a notice naming each */
	fix = fixture("good-pgchameleon.yml");
	log = captured_log(fix, &rc);
	CHECK(log && strstr(log, "\"rollbar_key\" is ignored"), "notice names rollbar_key");
	CHECK(log && strstr(log, "\"sources.mysql.copy_mode\" is ignored"),
	      "notice names sources.mysql.copy_mode with its path");
	CHECK(log && strstr(log, "\"fillfactor\" is ignored"), "notice names fillfactor");
	free(log);
	free(fix);

	/* the message names the file, the line and the full key path */
	fix = fixture("bad-unknown-source.yml");
	log = captured_log(fix, &rc);
	snprintf(path, sizeof(path),
	         "configuration file \"%s\", line 6: unknown key \"sources.mysql.db_con\"", fix);
	CHECK(log && strstr(log, path), "unknown key message: file, line, path");
	CHECK(log && strstr(log, "did you mean \"db_conn\""), "unknown key: did you mean");
	free(log);
	free(fix);

	fix = fixture("bad-int.yml");
	log = captured_log(fix, &rc);
	CHECK(log && strstr(log, "line 8: \"sources.mysql.my_server_id\" must be an integer, not "
	                         "\"abc\""),
	      "integer message");
	free(log);
	free(fix);

	fix = fixture("bad-missing-database.yml");
	log = captured_log(fix, &rc);
	CHECK(log && strstr(log, "missing required key \"pg_conn.database\""),
	      "missing required key message");
	free(log);
	free(fix);

	fix = fixture("bad-source-type.yml");
	log = captured_log(fix, &rc);
	CHECK(log && strstr(log, "source \"pgsql\"") && strstr(log, "\"pgsql\""),
	      "unsupported type names the source");
	free(log);
	free(fix);

	fix = fixture("bad-syntax2.yml");
	log = captured_log(fix, &rc);
	CHECK(log && strstr(log, "column") && strstr(log, "YAML syntax error"),
	      "syntax error: line, column, problem");
	free(log);
	free(fix);
}

static char *
print_to_string(const Config *cfg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	config_print(cfg, f);
	fclose(f);
	return buf;
}

static void
round_trip(const char *path, const char *what)
{
	Config *a = NULL, *b = NULL;
	char *first = NULL, *second = NULL;
	int rc = config_load(path, &a);

	CHECK_INT(rc, 0, what);
	if (rc != 0)
		return;
	first = print_to_string(a);
	rc = config_load_string(first, "show-config output", &b);
	CHECK_INT(rc, 0, "show-config output loads again");
	if (rc == 0) {
		second = print_to_string(b);
		/* the header names the path, which differs: compare from the first key */
		CHECK_STR(strstr(second, "\npid_dir:"), strstr(first, "\npid_dir:"),
		          "printing what was printed gives the same text");
		CHECK_INT(b->n_sources, a->n_sources, "same number of sources");
		CHECK_INT(b->n_type_override, a->n_type_override, "same number of type overrides");
		for (int i = 0; i < a->n_sources && i < b->n_sources; i++) {
			CHECK(a->sources[i].copy_max_memory == b->sources[i].copy_max_memory &&
			          a->sources[i].schema_mappings.n == b->sources[i].schema_mappings.n &&
			          a->sources[i].on_error_replay == b->sources[i].on_error_replay,
			      "source %s survives the round trip", a->sources[i].name);
		}
	}
	if (a->pg_conn.password[0] != '\0') {
		CHECK(strstr(first, a->pg_conn.password) == NULL, "pg password not printed");
		CHECK(strstr(first, "password: \"********\"") != NULL, "password masked");
	}
	config_free(a);
	config_free(b);
	free(first);
	free(second);
}

static void
test_print(void)
{
	char *path = fixture("good-pgchameleon.yml");
	Config *cfg = NULL;
	char *out;

	round_trip(path, "round trip: pg_chameleon-style file");
	free(path);
	path = fixture("good-minimal.yml");
	round_trip(path, "round trip: minimal file");
	free(path);
	round_trip(example, "round trip: config/config-example.yml");

	path = fixture("good-pgchameleon.yml");
	if (config_load(path, &cfg) == 0) {
		out = print_to_string(cfg);
		CHECK(strstr(out, "my secret") == NULL && strstr(out, "pg secret") == NULL,
		      "no password in show-config output");
		CHECK(strstr(out, "    password: \"\"\n") != NULL, "empty password printed as \"\"");
		CHECK(strstr(out, "copy_max_memory: 300M\n") != NULL, "sizes printed with a unit");
		CHECK(strstr(out, "on_error_replay: exit\n") != NULL, "enums printed by name");
		CHECK(strstr(out, "net_read_timeout: 600\n") != NULL, "defaults printed");
		CHECK(strstr(out, "rollbar_key") == NULL && strstr(out, "copy_mode") == NULL,
		      "ignored keys not printed");
		CHECK(strstr(out, "\"tinyint(1)\":\n") != NULL, "type_override printed");
		free(out);
		config_free(cfg);
	} else {
		CHECK(0, "good-pgchameleon.yml loads for printing");
	}
	free(path);
}

/* Loads a one-source file whose db_conn holds the text dbconn (flow style, no braces). */
static int
load_dbconn(const char *dbconn, Config **cfg)
{
	char text[1024];

	snprintf(text, sizeof(text),
	         "pg_conn: {user: u, database: d}\n"
	         "sources:\n"
	         "  s1:\n"
	         "    db_conn: {user: r%s%s}\n"
	         "    schema_mappings: {a: b}\n",
	         dbconn[0] ? ", " : "", dbconn);
	return config_load_string(text, "inline", cfg);
}

static void
test_ssl_mode(void)
{
	static const struct {
		const char *dbconn;
		int rc;
		MySslMode mode;
		const char *what;
	} cases[] = {
	    {"", 0, MY_SSL_DISABLED, "no ssl_* key: DISABLED, as before"},
	    {"ssl_ca: /ca.pem", 0, MY_SSL_VERIFY_CA, "ssl_ca alone: VERIFY_CA"},
	    {"ssl_capath: /certs", 0, MY_SSL_VERIFY_CA, "ssl_capath alone: VERIFY_CA"},
	    {"ssl_ca: /ca.pem, ssl_verify_server_cert: true", 0, MY_SSL_VERIFY_IDENTITY,
	     "ssl_ca with ssl_verify_server_cert: VERIFY_IDENTITY"},
	    {"ssl_cert: /c.pem, ssl_key: /k.pem", 0, MY_SSL_VERIFY_IDENTITY,
	     "a client certificate without a CA: VERIFY_IDENTITY (the system's CAs)"},
	    {"ssl_verify_server_cert: true", 0, MY_SSL_VERIFY_IDENTITY,
	     "ssl_verify_server_cert alone: VERIFY_IDENTITY"},
	    {"ssl_mode: required", 0, MY_SSL_REQUIRED, "ssl_mode in lower case"},
	    {"ssl_mode: PREFERRED", 0, MY_SSL_PREFERRED, "ssl_mode PREFERRED"},
	    {"ssl_mode: REQUIRED, ssl_ca: /ca.pem", 0, MY_SSL_REQUIRED,
	     "an explicit ssl_mode wins over what ssl_ca implies"},
	    {"ssl_mode: DISABLED, ssl_ca: /ca.pem", 0, MY_SSL_DISABLED,
	     "DISABLED with ssl_ca: DISABLED (with a warning)"},
	    {"ssl_mode: VERIFY_IDENTITY", 0, MY_SSL_VERIFY_IDENTITY,
	     "VERIFY_IDENTITY without a CA: the system's CAs"},
	    {"ssl_mode: VERIFY_CA", CHM_ECONFIG, MY_SSL_UNSET, "VERIFY_CA without a CA: error"},
	    {"ssl_mode: REQUIRED, ssl_verify_server_cert: true", CHM_ECONFIG, MY_SSL_UNSET,
	     "ssl_verify_server_cert contradicting ssl_mode: error"},
	    {"ssl_mode: verify", CHM_ECONFIG, MY_SSL_UNSET, "an unknown ssl_mode: error"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		Config *cfg = NULL;
		int rc = load_dbconn(cases[i].dbconn, &cfg);

		if (cases[i].rc != 0) {
			CHECK_INT(rc, cases[i].rc, cases[i].what);
		} else {
			CHECK_INT(rc == 0 ? (int)cfg->sources[0].db_conn.my_ssl_mode : rc, cases[i].mode,
			          cases[i].what);
		}
		config_free(cfg);
	}
	CHECK_STR(config_ssl_mode_name(MY_SSL_VERIFY_CA), "VERIFY_CA", "ssl_mode names");
}

/* Writes text to tmpdir/name with mode; returns the path (static buffer). */
static const char *
write_file(const char *name, const char *text, mode_t mode)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	if (f == NULL)
		return path;
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
	return path;
}

/* server_public_key must name a PEM public key; snapshot_method one of four. */
static void
test_snapshot_keys(void)
{
	char dbconn[700];
	Config *cfg = NULL;
	const char *key =
	    write_file("key.pem", "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n", 0644);
	int rc;

	snprintf(dbconn, sizeof(dbconn), "server_public_key: %s", key);
	rc = load_dbconn(dbconn, &cfg);
	CHECK(rc == 0 && strcmp(cfg->sources[0].db_conn.server_public_key, key) == 0,
	      "server_public_key: a PEM public key is taken");
	CHECK_INT(rc == 0 ? (int)cfg->sources[0].snapshot_method : rc, SNAPSHOT_AUTO,
	          "snapshot_method defaults to auto");
	config_free(cfg);
	cfg = NULL;
	key = write_file("notkey.pem", "-----BEGIN CERTIFICATE-----\n", 0644);
	snprintf(dbconn, sizeof(dbconn), "server_public_key: %s", key);
	CHECK_INT(load_dbconn(dbconn, &cfg), CHM_ECONFIG,
	          "server_public_key: a certificate is refused");
	config_free(cfg);
	cfg = NULL;
	snprintf(dbconn, sizeof(dbconn), "server_public_key: %s/missing.pem", tmpdir);
	CHECK_INT(load_dbconn(dbconn, &cfg), CHM_ECONFIG,
	          "server_public_key: a missing file is refused");
	config_free(cfg);
	cfg = NULL;
	rc = config_load_string(
	    "pg_conn: {user: u, database: d}\nsources:\n  s1:\n    db_conn: {user: r}\n"
	    "    schema_mappings: {a: b}\n    snapshot_method: table_locks\n",
	    "inline", &cfg);
	CHECK_INT(rc == 0 ? (int)cfg->sources[0].snapshot_method : rc, SNAPSHOT_TABLE_LOCKS,
	          "snapshot_method: table_locks");
	config_free(cfg);
	cfg = NULL;
	rc = config_load_string(
	    "pg_conn: {user: u, database: d}\nsources:\n  s1:\n    db_conn: {user: r}\n"
	    "    schema_mappings: {a: b}\n    snapshot_method: ftwrl\n",
	    "inline", &cfg);
	CHECK_INT(rc, CHM_ECONFIG, "an unknown snapshot_method: error");
	config_free(cfg);
	CHECK_STR(config_snapshot_method_name(SNAPSHOT_GLOBAL_LOCK), "global_lock",
	          "snapshot_method names");
	unlink(write_file("key.pem", "", 0644));
	unlink(write_file("notkey.pem", "", 0644));
}

/* config_mysql_password on a db_conn; *pw is "(error)" when it fails. */
static int
password_of(const char *password, const char *file, char *pw, size_t n, char *from, size_t fn)
{
	ConnConfig cc;
	char *out = NULL;
	int rc;

	memset(&cc, 0, sizeof(cc));
	cc.password = (char *)password;
	cc.password_file = (char *)file;
	rc = config_mysql_password(&cc, &out, from, fn);
	snprintf(pw, n, "%s", rc == 0 && out ? out : "(error)");
	free(out);
	return rc;
}

static void
test_password(void)
{
	const char *old_home = getenv("HOME"), *old_pwd = getenv("MYSQL_PWD");
	char *saved_home = old_home ? strdup(old_home) : NULL;
	char *saved_pwd = old_pwd ? strdup(old_pwd) : NULL;
	char pw[256], from[512], file[512], cnf[512], cfgpath[512], text[512];
	Config *cfg = NULL;
	int rc;
	static const struct {
		const char *text;
		mode_t mode;
		const char *what;
	} refused[] = {
	    {"secret\n", 0644, "a world-readable password_file is refused"},
	    {"secret\n", 0640, "a group-readable password_file is refused"},
	    {"", 0600, "an empty password_file is refused"},
	    {"one\ntwo\n", 0600, "a password_file of two lines is refused"},
	};

	/* an empty home: no ~/.my.cnf unless a test writes one */
	setenv("HOME", tmpdir, 1);
	unsetenv("MYSQL_PWD");
	snprintf(cnf, sizeof(cnf), "%s/.my.cnf", tmpdir);
	unlink(cnf);

	rc = password_of(NULL, NULL, pw, sizeof(pw), from, sizeof(from));
	CHECK(rc == 0 && strcmp(pw, "") == 0 && strcmp(from, "without a password") == 0,
	      "no password anywhere: empty, said so");
	rc = password_of("inline", NULL, pw, sizeof(pw), from, sizeof(from));
	CHECK(rc == 0 && strcmp(pw, "inline") == 0, "the configuration's password");

	snprintf(file, sizeof(file), "%s", write_file("pw", "fromfile\n", 0600));
	rc = password_of(NULL, file, pw, sizeof(pw), from, sizeof(from));
	CHECK(rc == 0 && strcmp(pw, "fromfile") == 0, "password_file, its final newline dropped");
	CHECK(strstr(from, file) != NULL && strstr(from, "fromfile") == NULL,
	      "the origin names the file, not the password");
	write_file("pw", "with spaces \r\n", 0600);
	rc = password_of(NULL, file, pw, sizeof(pw), from, sizeof(from));
	CHECK(rc == 0 && strcmp(pw, "with spaces ") == 0, "a CRLF ending dropped, spaces kept");
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		write_file("pw", refused[i].text, refused[i].mode);
		CHECK_INT(password_of(NULL, file, pw, sizeof(pw), from, sizeof(from)), CHM_ECONFIG,
		          refused[i].what);
	}
	unlink(file);
	CHECK_INT(password_of(NULL, file, pw, sizeof(pw), from, sizeof(from)), CHM_ECONFIG,
	          "a missing password_file is an error");
	CHECK_INT(password_of(NULL, tmpdir, pw, sizeof(pw), from, sizeof(from)), CHM_ECONFIG,
	          "a directory as password_file is an error");

	setenv("MYSQL_PWD", "fromenv", 1);
	rc = password_of(NULL, NULL, pw, sizeof(pw), from, sizeof(from));
	CHECK(rc == 0 && strcmp(pw, "fromenv") == 0 && strstr(from, "MYSQL_PWD"), "MYSQL_PWD");
	rc = password_of("inline", NULL, pw, sizeof(pw), from, sizeof(from));
	CHECK(rc == 0 && strcmp(pw, "inline") == 0, "the configuration's password wins over MYSQL_PWD");
	write_file(".my.cnf", "[client]\npassword=fromcnf\n", 0600);
	rc = password_of(NULL, NULL, pw, sizeof(pw), from, sizeof(from));
	CHECK(rc == 0 && strcmp(pw, "fromenv") == 0, "MYSQL_PWD wins over ~/.my.cnf");
	unsetenv("MYSQL_PWD");

	write_file(".my.cnf",
	           "# a comment\n[mysqld]\npassword = notthis\n[client]\nuser = me\n"
	           "password = \"a #b\\\\c\"   # the comment\n[mysql]\npassword = notthiseither\n",
	           0600);
	rc = password_of(NULL, NULL, pw, sizeof(pw), from, sizeof(from));
	CHECK_STR(pw, "a #b\\c", "~/.my.cnf [client]: quotes, escapes and a comment");
	CHECK(strstr(from, ".my.cnf") != NULL, "the origin names ~/.my.cnf");
	write_file(".my.cnf", "[client]\npassword=first\n[client]\npassword='last one'\n", 0600);
	rc = password_of(NULL, NULL, pw, sizeof(pw), from, sizeof(from));
	CHECK_STR(pw, "last one", "~/.my.cnf: the last password wins");
	write_file(".my.cnf", "[client]\npassword=secret\n", 0644);
	CHECK_INT(password_of(NULL, NULL, pw, sizeof(pw), from, sizeof(from)), CHM_ECONFIG,
	          "a world-readable ~/.my.cnf holding a password is refused");
	write_file(".my.cnf", "[client]\nuser=me\n[mysqld]\npassword=x\n", 0644);
	rc = password_of(NULL, NULL, pw, sizeof(pw), from, sizeof(from));
	CHECK(rc == 0 && strcmp(pw, "") == 0,
	      "a world-readable ~/.my.cnf without a [client] password is fine");
	unlink(cnf);

	/* in the configuration: both is an error; a relative path is beside the file */
	CHECK_INT(load_dbconn("password: a, password_file: /pw", &cfg), CHM_ECONFIG,
	          "password and password_file together: error");
	snprintf(text, sizeof(text),
	         "pg_conn: {user: u, database: d}\n"
	         "sources:\n"
	         "  s1:\n"
	         "    db_conn: {user: r, password_file: secret/pw, ssl_ca: ca.pem}\n"
	         "    schema_mappings: {a: b}\n");
	snprintf(cfgpath, sizeof(cfgpath), "%s", write_file("rel.yml", text, 0600));
	rc = config_load(cfgpath, &cfg);
	CHECK_INT(rc, 0, "a relative password_file loads");
	if (rc == 0) {
		char want[600];
		char *out;
		snprintf(want, sizeof(want), "%s/secret/pw", tmpdir);
		CHECK_STR(cfg->sources[0].db_conn.password_file, want,
		          "a relative password_file is beside the configuration file");
		out = print_to_string(cfg);
		CHECK(strstr(out, "    password_file: \"") != NULL &&
		          strstr(out, "    ssl_mode: VERIFY_CA\n") != NULL,
		      "show-config prints password_file's path and the ssl_mode that applies");
		free(out);
	}
	config_free(cfg);
	unlink(cfgpath);

	if (saved_home) {
		setenv("HOME", saved_home, 1);
		free(saved_home);
	}
	if (saved_pwd) {
		setenv("MYSQL_PWD", saved_pwd, 1);
		free(saved_pwd);
	}
}

static void
test_example(void)
{
	Config *cfg = NULL;
	int rc = config_load(example, &cfg);

	CHECK_INT(rc, 0, "config/config-example.yml loads cleanly");
	if (rc == 0) {
		CHECK(cfg->n_sources >= 1, "the example has a source");
		CHECK(cfg->n_type_override >= 1, "the example has a type_override");
	}
	config_free(cfg);
}

static void
test_resolve_path(void)
{
	char *p;
	const char *old = getenv("HOME");
	char *saved = old ? strdup(old) : NULL;

	setenv("HOME", "/home/tester", 1);
	p = config_resolve_path(NULL);
	CHECK_STR(p, "/home/tester/.pg_chameleon/configuration/default.yml", "no --config: default");
	free(p);
	p = config_resolve_path("prod");
	CHECK_STR(p, "/home/tester/.pg_chameleon/configuration/prod.yml", "bare name");
	free(p);
	p = config_resolve_path("prod.yml");
	CHECK_STR(p, "prod.yml", "name.yml is a path");
	free(p);
	p = config_resolve_path("prod.yaml");
	CHECK_STR(p, "prod.yaml", "name.yaml is a path");
	free(p);
	p = config_resolve_path("./prod");
	CHECK_STR(p, "./prod", "a path with / as given");
	free(p);
	p = config_resolve_path("/etc/chameleon/c.yml");
	CHECK_STR(p, "/etc/chameleon/c.yml", "absolute path as given");
	free(p);
	if (saved) {
		setenv("HOME", saved, 1);
		free(saved);
	} else {
		unsetenv("HOME");
	}
}

/* Target schemas the source's DDL must never reach (architecture §11). */
static void
test_target_schemas(void)
{
	static const char *const bad[] = {"sch_chameleon", "pg_catalog", "information_schema", "''",
	                                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"};
	char text[512];
	Config *cfg = NULL;
	int rc;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text),
		         "pg_conn: {user: u, database: d}\nsources:\n  s1:\n    db_conn: {user: r}\n"
		         "    schema_mappings: {a: b, c: %s}\n",
		         bad[i]);
		rc = config_load_string(text, "inline", &cfg);
		CHECK(rc == CHM_ECONFIG && config_last_error_line() == 5,
		      "target schema %s is refused, on its line", bad[i]);
		if (rc == 0)
			config_free(cfg);
		cfg = NULL;
	}
	rc = config_load_string("pg_conn: {user: u, database: d}\nsources:\n  s1:\n"
	                        "    db_conn: {user: r}\n    schema_mappings: {sch_chameleon: x_ok}\n",
	                        "inline", &cfg);
	CHECK_INT(rc, 0, "a source schema of any name may map to an ordinary target");
	if (rc == 0)
		config_free(cfg);
}

int
main(int argc, char **argv)
{
	if (argc > 1)
		fixtures = argv[1];
	if (argc > 2)
		example = argv[2];
	/* the expected paths below are built from $HOME, as the reader builds them */
	if (getenv("HOME") == NULL)
		setenv("HOME", "/nonexistent-home", 1);
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	/* quiet: the bad files log errors on purpose (TEST_VERBOSE=1 shows them) */
	if (getenv("TEST_VERBOSE") == NULL)
		chm_log_level = LOG_FATAL;

	test_good_pgchameleon();
	test_defaults();
	test_values();
	test_merge();
	test_bad_files();
	test_io_errors();
	test_messages();
	test_print();
	test_example();
	test_resolve_path();
	test_ssl_mode();
	test_snapshot_keys();
	test_password();
	test_target_schemas();

	rmdir(tmpdir);
	return unit_done();
}
