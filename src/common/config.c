/*
 * config.c — the YAML configuration reader, with pg_chameleon 2.x keys.
 *
 * libyaml loads the whole document as a tree (so every node knows its line),
 * then one walk checks it against the key tables below and fills the Config.
 * Each mapping level has one static table of keys {name, type, field,
 * flags, default}; the same tables decide what is an unknown key, what is
 * required, what the defaults are, what config_free() releases and what
 * show-config prints, so a key is added in exactly one place.
 *
 * This file is not where values are checked against a server (a wrong
 * password or a schema that does not exist): it only checks that the file
 * says something well-formed.  The first error stops the load; it names the
 * file, the line and the key's full path (sources.mysql.db_conn.port).
 */
#include "common/config.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "common/log.h"
#include "common/strbuf.h"

/* The kinds of value a key holds, and the C type of its field. */
typedef enum KeyType {
	KT_STRING,  /* char *: any scalar */
	KT_PATH,    /* char *: a leading "~/" becomes $HOME/ */
	KT_INT,     /* int within [min, max]; "5432" quoted is fine */
	KT_BOOL,    /* bool: true/false, yes/no, on/off, 1/0 */
	KT_SIZE,    /* int64_t bytes: "300M", "1G", "500k" or a number */
	KT_ENUM,    /* int: the value of one of choices */
	KT_WORD,    /* char *: one of choices, stored as its canonical name */
	KT_LIST,    /* StrList: a sequence of strings; null is empty */
	KT_MAP,     /* StrMap: a mapping of strings to strings; null is empty */
	KT_SECTION, /* a mapping read with its own table (pg_conn, db_conn) */
	KT_NAMED,   /* a mapping of names to sections, into an array (sources) */
} KeyType;

enum KeyFlag {
	KEY_REQUIRED = 1 << 0,    /* must be given, with a value (lists and maps: not empty) */
	KEY_SECRET = 1 << 1,      /* printed masked */
	KEY_IGNORED = 1 << 2,     /* a pg_chameleon key that means nothing here */
	KEY_LOWER_NAMES = 1 << 3, /* KT_NAMED: names are folded to lower case */
};

typedef struct Choice {
	const char *name;
	int value;
	bool alias; /* accepted, never printed: the first non-alias of the value is */
} Choice;

typedef struct Parse Parse;
typedef struct Entries Entries;
typedef struct Section Section;

typedef struct KeyDef {
	const char *name;
	KeyType type;
	size_t offset; /* of the field in the section's struct */
	unsigned flags;
	const char *def;       /* default, as it would be written in the file; NULL: none */
	long min, max;         /* KT_INT, KT_SIZE */
	const Choice *choices; /* KT_ENUM, KT_WORD; ends with a NULL name */
	const Section *sub;    /* KT_SECTION, KT_NAMED */
	size_t count_offset;   /* KT_NAMED: the int that counts the array */
} KeyDef;

/* One mapping level: its keys and, for KT_NAMED, the element layout. */
struct Section {
	const KeyDef *keys;
	size_t elem_size;   /* KT_NAMED: one array element */
	size_t name_offset; /* KT_NAMED: the element's char *name */
	/* Checks what a table cannot say, before the keys are read (NULL: nothing). */
	int (*precheck)(Parse *p, void *base, const Entries *es, const char *path);
	/* Checks the keys together, after they and the defaults are read (NULL: nothing). */
	int (*finish)(Parse *p, void *base, const Entries *es, const char *path);
};

struct Parse {
	const char *name; /* the file, for messages */
	const char *text; /* the whole file, to place reader errors */
	size_t len;
	yaml_document_t doc;
};

/* KT_ENUM fields are enums (OnError, MySslMode) written through an int. */
_Static_assert(sizeof(OnError) == sizeof(int), "an enum field is an int");
_Static_assert(sizeof(MySslMode) == sizeof(int), "an enum field is an int");

#define FIELD(base, off, type)  ((type *)((char *)(base) + (off)))
#define CFIELD(base, off, type) ((const type *)((const char *)(base) + (off)))

/*
 * The array of a KT_NAMED key is a TypeOverride * or a SourceConfig *; it is
 * read and written as bytes so one piece of code serves both types.
 */
static char *
get_array(const void *base, size_t off)
{
	char *a;
	memcpy(&a, (const char *)base + off, sizeof(a));
	return a;
}

static void
set_array(void *base, size_t off, void *a)
{
	memcpy((char *)base + off, &a, sizeof(a));
}

static __thread int last_error_line;

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

static const Section top_section = {top_keys, 0, 0, NULL, NULL};

/* ---- messages ---- */

static int cfg_error_at(Parse *p, int line, int column, const char *fmt, ...) CHM_PRINTF(4, 5);

/*
 * Logs an error about the file at line and column (0: not known) and
 * returns CHM_ECONFIG.
 */
static int
cfg_error_at(Parse *p, int line, int column, const char *fmt, ...)
{
	StrBuf where = STRBUF_INIT, msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (line > 0)
		strbuf_printf(&where, ", line %d", line);
	if (column > 0)
		strbuf_printf(&where, ", column %d", column);
	last_error_line = line;
	chm_log(LOG_ERROR, "configuration file \"%s\"%s: %s", p->name, where.data ? where.data : "",
	        msg.data);
	strbuf_free(&where);
	strbuf_free(&msg);
	return CHM_ECONFIG;
}

#define cfg_error(p, line, ...) cfg_error_at((p), (line), 0, __VA_ARGS__)

static int
node_line(const yaml_node_t *node)
{
	return node ? (int)node->start_mark.line + 1 : 0;
}

static const char *
node_kind(const yaml_node_t *node)
{
	switch (node->type) {
	case YAML_MAPPING_NODE:
		return "a mapping";
	case YAML_SEQUENCE_NODE:
		return "a list";
	default:
		return "a single value";
	}
}

/* A plain empty, "~" or "null" scalar: the key is written with no value. */
static bool
node_is_null(const yaml_node_t *node)
{
	const char *v;

	if (node == NULL)
		return true;
	if (node->type != YAML_SCALAR_NODE || node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	v = (const char *)node->data.scalar.value;
	return v[0] == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
	       strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

/* The text of a scalar node, or NULL (after an error) when it is not a plain string. */
static const char *
scalar_text(Parse *p, yaml_node_t *node, const char *path, int *rc)
{
	if (node->type != YAML_SCALAR_NODE) {
		*rc = cfg_error(p, node_line(node), "\"%s\" must be a single value, not %s", path,
		                node_kind(node));
		return NULL;
	}
	if (strlen((const char *)node->data.scalar.value) != node->data.scalar.length) {
		*rc = cfg_error(p, node_line(node), "\"%s\" must not contain a NUL byte", path);
		return NULL;
	}
	return (const char *)node->data.scalar.value;
}

static char *
path_join(const char *prefix, const char *name)
{
	StrBuf sb = STRBUF_INIT;

	if (prefix[0] != '\0')
		strbuf_printf(&sb, "%s.", prefix);
	strbuf_puts(&sb, name);
	return strbuf_detach(&sb);
}

/* Edit distance, for "did you mean"; small strings only. */
static int
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int row[64], prev, tmp;

	if (la >= 64 || lb >= 64)
		return INT_MAX;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

static const char *
closest_key(const KeyDef *keys, const char *name)
{
	const char *best = NULL;
	int best_d = 3; /* more than two edits away is not a typo */

	for (const KeyDef *k = keys; k->name != NULL; k++) {
		int d = edit_distance(name, k->name);
		if (d < best_d) {
			best_d = d;
			best = k->name;
		}
	}
	return best;
}

/* ---- values ---- */

static char *
home_dir(void)
{
	const char *h = getenv("HOME");

	if (h == NULL || h[0] == '\0') {
		struct passwd *pw = getpwuid(getuid());
		h = pw && pw->pw_dir ? pw->pw_dir : "/";
	}
	return chm_strdup(h);
}

/* A leading "~/" (or a lone "~") becomes the home directory.  Allocates. */
static char *
expand_home(const char *s)
{
	if (s[0] == '~' && (s[1] == '/' || s[1] == '\0')) {
		char *home = home_dir();
		StrBuf sb = STRBUF_INIT;

		strbuf_puts(&sb, home);
		strbuf_puts(&sb, s + 1);
		free(home);
		return strbuf_detach(&sb);
	}
	return chm_strdup(s);
}

static bool
parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on", "y", "1"};
	static const char *const no[] = {"false", "no", "off", "n", "0"};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

static bool
parse_long(const char *s, long *out)
{
	char *end;

	if (s[0] == '\0' || isspace((unsigned char)s[0]))
		return false;
	errno = 0;
	*out = strtol(s, &end, 10);
	return errno == 0 && *end == '\0';
}

/* "300M", "1G", "500k", "300MB" or a plain number of bytes. */
static bool
parse_size(const char *s, int64_t *out)
{
	char *end;
	long long n;
	int64_t mult = 1;

	if (!isdigit((unsigned char)s[0]))
		return false;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno != 0)
		return false;
	switch (*end) {
	case '\0':
		break;
	case 'k':
	case 'K':
		mult = INT64_C(1) << 10;
		end++;
		break;
	case 'm':
	case 'M':
		mult = INT64_C(1) << 20;
		end++;
		break;
	case 'g':
	case 'G':
		mult = INT64_C(1) << 30;
		end++;
		break;
	case 't':
	case 'T':
		mult = INT64_C(1) << 40;
		end++;
		break;
	default:
		return false;
	}
	if (mult > 1 && (*end == 'b' || *end == 'B'))
		end++;
	if (*end != '\0' || n > INT64_MAX / mult)
		return false;
	*out = (int64_t)n * mult;
	return true;
}

static const Choice *
find_choice(const Choice *choices, const char *s)
{
	for (const Choice *c = choices; c->name != NULL; c++)
		if (strcasecmp(c->name, s) == 0)
			return c;
	return NULL;
}

static const char *
choice_name(const Choice *choices, int value)
{
	for (const Choice *c = choices; c->name != NULL; c++)
		if (!c->alias && c->value == value)
			return c->name;
	return "?";
}

/* "\"debug\", \"info\" or \"error\"" */
static void
choice_list(StrBuf *sb, const Choice *choices)
{
	int n = 0, i = 0;

	for (const Choice *c = choices; c->name != NULL; c++)
		n += !c->alias;
	for (const Choice *c = choices; c->name != NULL; c++) {
		if (c->alias)
			continue;
		if (i > 0)
			strbuf_puts(sb, i == n - 1 ? " or " : ", ");
		strbuf_printf(sb, "\"%s\"", c->name);
		i++;
	}
}

/*
 * Stores the scalar text s into the field of key k.  Defaults come through
 * here too (line 0), so a default is written exactly as a user would.
 */
static int
store_scalar(Parse *p, const KeyDef *k, void *base, const char *s, int line, const char *path)
{
	void *field = FIELD(base, k->offset, void);
	long l;

	switch (k->type) {
	case KT_STRING:
		free(*(char **)field);
		*(char **)field = chm_strdup(s);
		return 0;
	case KT_PATH:
		free(*(char **)field);
		*(char **)field = expand_home(s);
		return 0;
	case KT_INT:
		if (!parse_long(s, &l))
			return cfg_error(p, line, "\"%s\" must be an integer, not \"%s\"", path, s);
		if (l < k->min || l > k->max)
			return cfg_error(p, line, "\"%s\" must be between %ld and %ld, not \"%s\"", path,
			                 k->min, k->max, s);
		*(int *)field = (int)l;
		return 0;
	case KT_BOOL:
		if (!parse_bool(s, (bool *)field))
			return cfg_error(p, line, "\"%s\" must be a boolean (true or false), not \"%s\"", path,
			                 s);
		return 0;
	case KT_SIZE: {
		int64_t v;
		if (!parse_size(s, &v))
			return cfg_error(p, line,
			                 "\"%s\" must be a size such as \"300M\", \"1G\", \"500k\" or a "
			                 "number of bytes, not \"%s\"",
			                 path, s);
		if (v < k->min || v > k->max)
			return cfg_error(p, line, "\"%s\" must be at least %ld bytes, not \"%s\"", path, k->min,
			                 s);
		*(int64_t *)field = v;
		return 0;
	}
	case KT_ENUM:
	case KT_WORD: {
		const Choice *c = find_choice(k->choices, s);
		if (c == NULL) {
			StrBuf sb = STRBUF_INIT;
			int rc;
			choice_list(&sb, k->choices);
			rc = cfg_error(p, line, "\"%s\" must be %s, not \"%s\"", path, sb.data, s);
			strbuf_free(&sb);
			return rc;
		}
		if (k->type == KT_ENUM) {
			*(int *)field = c->value;
		} else {
			free(*(char **)field);
			*(char **)field = chm_strdup(choice_name(k->choices, c->value));
		}
		return 0;
	}
	default:
		assert(!"not a scalar key type");
		return CHM_ECONFIG;
	}
}

static int
parse_list(Parse *p, yaml_node_t *node, StrList *list, const char *path)
{
	int rc = 0;

	if (node->type != YAML_SEQUENCE_NODE)
		return cfg_error(p, node_line(node), "\"%s\" must be a list, not %s", path,
		                 node_kind(node));
	list->n = 0;
	list->items =
	    chm_calloc((size_t)(node->data.sequence.items.top - node->data.sequence.items.start) + 1,
	               sizeof(char *));
	for (yaml_node_item_t *it = node->data.sequence.items.start; it < node->data.sequence.items.top;
	     it++) {
		yaml_node_t *item = yaml_document_get_node(&p->doc, *it);
		const char *s;

		if (node_is_null(item))
			return cfg_error(p, node_line(item), "\"%s\" has an empty list item", path);
		if ((s = scalar_text(p, item, path, &rc)) == NULL)
			return rc;
		list->items[list->n++] = chm_strdup(s);
	}
	return 0;
}

/*
 * Checks that no key of the mapping appears twice: libyaml keeps both, and
 * silently taking one of them would hide a mistake.
 */
static int
check_duplicate(Parse *p, yaml_node_t *map, yaml_node_pair_t *pair, const char *key,
                const char *prefix)
{
	for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < pair; q++) {
		yaml_node_t *other = yaml_document_get_node(&p->doc, q->key);
		if (other->type == YAML_SCALAR_NODE &&
		    strcmp((const char *)other->data.scalar.value, key) == 0) {
			char *path = path_join(prefix, key);
			int rc =
			    cfg_error(p, node_line(yaml_document_get_node(&p->doc, pair->key)),
			              "duplicate key \"%s\" (first given on line %d)", path, node_line(other));
			free(path);
			return rc;
		}
	}
	return 0;
}

/* The text of a mapping key, after checking it is a scalar and not repeated. */
static const char *
pair_key(Parse *p, yaml_node_t *map, yaml_node_pair_t *pair, const char *prefix, int *rc)
{
	yaml_node_t *key = yaml_document_get_node(&p->doc, pair->key);
	const char *s;

	if (key->type != YAML_SCALAR_NODE) {
		*rc = cfg_error(p, node_line(key), "a key of \"%s\" is %s, not a name",
		                prefix[0] ? prefix : "(top level)", node_kind(key));
		return NULL;
	}
	if ((s = scalar_text(p, key, prefix, rc)) == NULL)
		return NULL;
	if ((*rc = check_duplicate(p, map, pair, s, prefix)) != 0)
		return NULL;
	return s;
}

static int
parse_map(Parse *p, yaml_node_t *node, StrMap *map, const char *path)
{
	int rc = 0;
	size_t n;

	if (node->type != YAML_MAPPING_NODE)
		return cfg_error(p, node_line(node), "\"%s\" must be a mapping, not %s", path,
		                 node_kind(node));
	n = (size_t)(node->data.mapping.pairs.top - node->data.mapping.pairs.start);
	map->n = 0;
	map->keys = chm_calloc(n + 1, sizeof(char *));
	map->values = chm_calloc(n + 1, sizeof(char *));
	for (yaml_node_pair_t *pair = node->data.mapping.pairs.start;
	     pair < node->data.mapping.pairs.top; pair++) {
		yaml_node_t *value = yaml_document_get_node(&p->doc, pair->value);
		const char *k, *v;
		char *sub;

		if ((k = pair_key(p, node, pair, path, &rc)) == NULL)
			return rc;
		sub = path_join(path, k);
		if (node_is_null(value))
			rc = cfg_error(p, node_line(value), "\"%s\" has no value", sub);
		else if ((v = scalar_text(p, value, sub, &rc)) != NULL) {
			map->keys[map->n] = chm_strdup(k);
			map->values[map->n++] = chm_strdup(v);
		}
		free(sub);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int parse_section(Parse *p, const Section *sec, void *base, yaml_node_t *node, int line,
                         const char *path);

/* A mapping of names to sections, into a new array (sources, type_override). */
static int
parse_named(Parse *p, const KeyDef *k, void *base, yaml_node_t *node, const char *path)
{
	const Section *sec = k->sub;
	char *array;
	int *count = FIELD(base, k->count_offset, int);
	size_t n;
	int rc = 0;

	if (node->type != YAML_MAPPING_NODE)
		return cfg_error(p, node_line(node), "\"%s\" must be a mapping, not %s", path,
		                 node_kind(node));
	n = (size_t)(node->data.mapping.pairs.top - node->data.mapping.pairs.start);
	/* Zeroed and counted in full now, so config_free() is right after any error. */
	array = chm_calloc(n + 1, sec->elem_size);
	set_array(base, k->offset, array);
	*count = (int)n;
	for (size_t i = 0; i < n; i++) {
		yaml_node_pair_t *pair = node->data.mapping.pairs.start + i;
		yaml_node_t *key = yaml_document_get_node(&p->doc, pair->key);
		void *elem = array + i * sec->elem_size;
		char **name = FIELD(elem, sec->name_offset, char *);
		const char *s;
		char *sub;

		if ((s = pair_key(p, node, pair, path, &rc)) == NULL)
			return rc;
		if (s[0] == '\0')
			return cfg_error(p, node_line(key), "\"%s\" has an entry with an empty name", path);
		*name = chm_strdup(s);
		if (k->flags & KEY_LOWER_NAMES)
			for (char *c = *name; *c; c++)
				*c = (char)tolower((unsigned char)*c);
		sub = path_join(path, s);
		rc = parse_section(p, sec, elem, yaml_document_get_node(&p->doc, pair->value),
		                   node_line(key), sub);
		free(sub);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static bool
value_is_empty(const KeyDef *k, void *base)
{
	switch (k->type) {
	case KT_LIST:
		return FIELD(base, k->offset, StrList)->n == 0;
	case KT_MAP:
		return FIELD(base, k->offset, StrMap)->n == 0;
	case KT_NAMED:
		return *FIELD(base, k->count_offset, int) == 0;
	default:
		return false;
	}
}

/* Reads the value node of key k; line is the key's line. */
static int
parse_value(Parse *p, const KeyDef *k, void *base, yaml_node_t *value, int line, const char *path)
{
	int rc = 0;
	const char *s;

	switch (k->type) {
	case KT_LIST:
		rc = parse_list(p, value, FIELD(base, k->offset, StrList), path);
		break;
	case KT_MAP:
		rc = parse_map(p, value, FIELD(base, k->offset, StrMap), path);
		break;
	case KT_SECTION:
		return parse_section(p, k->sub, FIELD(base, k->offset, void), value, line, path);
	case KT_NAMED:
		rc = parse_named(p, k, base, value, path);
		break;
	default:
		if ((s = scalar_text(p, value, path, &rc)) == NULL)
			return rc;
		return store_scalar(p, k, base, s, node_line(value), path);
	}
	if (rc == 0 && (k->flags & KEY_REQUIRED) && value_is_empty(k, base))
		rc = cfg_error(p, node_line(value), "\"%s\" must have at least one entry", path);
	return rc;
}

static void
apply_default(const KeyDef *k, void *base)
{
	Parse none;
	int rc;

	memset(&none, 0, sizeof(none));
	none.name = "(built-in default)";
	if (k->def == NULL)
		return;
	rc = store_scalar(&none, k, base, k->def, 0, k->name);
	assert(rc == 0);
	(void)rc;
}

/* One key of a section as it applies: written there, or merged in with "<<". */
typedef struct Entry {
	yaml_node_t *key;
	yaml_node_t *value;
	const char *name;
} Entry;

struct Entries {
	Entry *items;
	int n, cap;
};

static const Entry *
find_entry(const Entries *es, const char *name)
{
	for (int i = 0; i < es->n; i++)
		if (strcmp(es->items[i].name, name) == 0)
			return &es->items[i];
	return NULL;
}

static void
add_entry(Entries *es, yaml_node_t *key, yaml_node_t *value, const char *name)
{
	if (es->n == es->cap) {
		es->cap = es->cap ? es->cap * 2 : 16;
		es->items = chm_realloc(es->items, (size_t)es->cap * sizeof(Entry));
	}
	es->items[es->n++] = (Entry){key, value, name};
}

/*
 * Collects the keys of map into es: its own first, then those of the
 * mappings it merges with "<<: *anchor" (YAML's merge key, which PyYAML and
 * so pg_chameleon accept) that it does not set itself.  depth stops a
 * mapping that merges itself.
 */
static int
collect_entries(Parse *p, yaml_node_t *map, const char *path, Entries *es, int depth)
{
	yaml_node_t *merges[16];
	int n_merges = 0, rc = 0;

	if (depth > 8)
		return cfg_error(p, node_line(map), "\"%s\": merge keys (<<) nested too deep", path);
	for (yaml_node_pair_t *pair = map->data.mapping.pairs.start; pair < map->data.mapping.pairs.top;
	     pair++) {
		yaml_node_t *key = yaml_document_get_node(&p->doc, pair->key);
		yaml_node_t *value = yaml_document_get_node(&p->doc, pair->value);
		const char *name;

		if ((name = pair_key(p, map, pair, path, &rc)) == NULL)
			return rc;
		if (strcmp(name, "<<") == 0 && key->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
			/* one mapping, or a list of them: the first that sets a key wins */
			bool list = value->type == YAML_SEQUENCE_NODE;
			int n =
			    list ? (int)(value->data.sequence.items.top - value->data.sequence.items.start) : 1;
			for (int j = 0; j < n; j++) {
				yaml_node_t *m =
				    list ? yaml_document_get_node(&p->doc, value->data.sequence.items.start[j])
				         : value;
				if (m->type != YAML_MAPPING_NODE)
					return cfg_error(p, node_line(m),
					                 "\"%s\": a merge key (<<) must name a mapping, not %s", path,
					                 node_kind(m));
				if (n_merges == (int)(sizeof(merges) / sizeof(merges[0])))
					return cfg_error(p, node_line(m), "\"%s\": too many merge keys (<<)", path);
				merges[n_merges++] = m;
			}
			continue;
		}
		add_entry(es, key, value, name);
	}
	for (int i = 0; i < n_merges; i++) {
		Entries more = {NULL, 0, 0};
		rc = collect_entries(p, merges[i], path, &more, depth + 1);
		for (int j = 0; rc == 0 && j < more.n; j++)
			if (find_entry(es, more.items[j].name) == NULL)
				add_entry(es, more.items[j].key, more.items[j].value, more.items[j].name);
		free(more.items);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/*
 * Reads the mapping node (NULL or null: the section is absent) into base
 * with sec's keys, then applies the defaults of the keys not given.  line is
 * where the section's key stands, for "missing required key".
 */
static int
parse_section(Parse *p, const Section *sec, void *base, yaml_node_t *node, int line,
              const char *path)
{
	bool given[64] = {false};
	Entries es = {NULL, 0, 0};
	int rc = 0;

	if (node_is_null(node)) {
		node = NULL;
	} else if (node->type != YAML_MAPPING_NODE) {
		if (path[0] == '\0')
			return cfg_error(p, node_line(node), "the file must hold a mapping of keys, not %s",
			                 node_kind(node));
		return cfg_error(p, node_line(node), "\"%s\" must be a mapping, not %s", path,
		                 node_kind(node));
	}
	if (node != NULL && (rc = collect_entries(p, node, path, &es, 0)) != 0)
		goto done;
	if (sec->precheck && (rc = sec->precheck(p, base, &es, path)) != 0)
		goto done;

	for (int i = 0; i < es.n; i++) {
		const Entry *e = &es.items[i];
		const KeyDef *k;
		char *sub;

		for (k = sec->keys; k->name != NULL; k++)
			if (strcmp(k->name, e->name) == 0)
				break;
		sub = path_join(path, e->name);
		if (k->name == NULL) {
			const char *hint = closest_key(sec->keys, e->name);
			if (hint)
				rc = cfg_error(p, node_line(e->key), "unknown key \"%s\" (did you mean \"%s\"?)",
				               sub, hint);
			else
				rc = cfg_error(p, node_line(e->key), "unknown key \"%s\"", sub);
		} else if (k->flags & KEY_IGNORED) {
			chm_log(LOG_NOTICE,
			        "configuration file \"%s\", line %d: key \"%s\" is ignored: it means "
			        "nothing to chameleon",
			        p->name, node_line(e->key), sub);
		} else if (node_is_null(e->value)) {
			/* "limit_tables:" with nothing after it: pg_chameleon's way of saying "none";
			 * the key gets its default below, as if it were not written */
			if (k->flags & KEY_REQUIRED)
				rc = cfg_error(p, node_line(e->key), "required key \"%s\" has no value", sub);
		} else {
			assert(k - sec->keys < 64);
			given[k - sec->keys] = true;
			rc = parse_value(p, k, base, e->value, node_line(e->key), sub);
		}
		free(sub);
		if (rc != 0)
			goto done;
	}

	for (const KeyDef *k = sec->keys; k->name != NULL; k++) {
		if (given[k - sec->keys] || (k->flags & KEY_IGNORED))
			continue;
		if (k->flags & KEY_REQUIRED) {
			char *sub = path_join(path, k->name);
			rc = cfg_error(p, line, "missing required key \"%s\"", sub);
			free(sub);
			goto done;
		}
		if (k->type == KT_SECTION) {
			/* absent: its own keys still get their defaults (and say what is required) */
			char *sub = path_join(path, k->name);
			rc = parse_section(p, k->sub, FIELD(base, k->offset, void), NULL, line, sub);
			free(sub);
			if (rc != 0)
				goto done;
		} else {
			apply_default(k, base);
		}
	}
	if (sec->finish)
		rc = sec->finish(p, base, &es, path);
done:
	free(es.items);
	return rc;
}

/*
 * The type is checked before anything else of the source: a pg_chameleon
 * PostgreSQL source ("type: pgsql") has keys of its own, and "unknown key"
 * about one of them would hide the real reason.
 */
static int
check_source_type(Parse *p, void *base, const Entries *es, const char *path)
{
	const SourceConfig *src = base;
	const Entry *e = find_entry(es, "type");
	const char *t;

	if (e == NULL || e->value->type != YAML_SCALAR_NODE || node_is_null(e->value))
		return 0;
	t = (const char *)e->value->data.scalar.value;
	if (strcasecmp(t, "mysql") == 0)
		return 0;
	return cfg_error(p, node_line(e->key),
	                 "source \"%s\" has type \"%s\", which is not supported (\"%s.type\"): "
	                 "chameleon replicates from \"mysql\" sources (MySQL and MariaDB) only",
	                 src->name, t, path);
}

static int key_line(const Entries *es, const char *name);

/*
 * The target schemas are where the source's DDL lands (DESIGN §11): never
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
	const Entry *e = find_entry(es, name);

	if (e == NULL && es->n > 0)
		e = &es->items[0];
	return e ? node_line(e->key) : 0;
}

static bool
is_set(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/*
 * db_conn's keys taken together: the TLS mode that applies when ssl_mode is
 * not given, keys that contradict each other, and where a relative
 * password_file is.
 */
static int
check_db_conn(Parse *p, void *base, const Entries *es, const char *path)
{
	ConnConfig *cc = base;
	bool has_ca = is_set(cc->ssl_ca) || is_set(cc->ssl_capath);
	bool has_tls_key =
	    has_ca || is_set(cc->ssl_cert) || is_set(cc->ssl_key) || is_set(cc->ssl_cipher);
	const char *slash;

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
	/* A relative password_file is beside the configuration file, wherever
	 * the command runs (a daemon runs in /). */
	if (is_set(cc->password_file) && cc->password_file[0] != '/' &&
	    (slash = strrchr(p->name, '/')) != NULL) {
		StrBuf sb = STRBUF_INIT;

		strbuf_append(&sb, p->name, (size_t)(slash - p->name) + 1);
		strbuf_puts(&sb, cc->password_file);
		free(cc->password_file);
		cc->password_file = strbuf_detach(&sb);
	}
	return 0;
}

/* ---- loading ---- */

/* Reports libyaml's own diagnosis: where and what. */
static int
yaml_error(Parse *p, const yaml_parser_t *parser)
{
	const char *problem = parser->problem ? parser->problem : "unknown error";
	int line = (int)parser->problem_mark.line + 1;
	int col = (int)parser->problem_mark.column + 1;

	if (parser->error == YAML_READER_ERROR) {
		/* libyaml gives a byte offset here: count the lines ourselves */
		size_t lim = parser->problem_offset < p->len ? parser->problem_offset : p->len;
		line = 1;
		col = 1;
		for (size_t i = 0; i < lim; i++, col++)
			if (p->text[i] == '\n') {
				line++;
				col = 0;
			}
		return cfg_error_at(p, line, col, "could not read YAML (byte %zu): %s",
		                    parser->problem_offset, problem);
	}
	if (parser->context)
		return cfg_error_at(p, line, col, "YAML syntax error: %s %s that starts on line %d",
		                    problem, parser->context, (int)parser->context_mark.line + 1);
	return cfg_error_at(p, line, col, "YAML syntax error: %s", problem);
}

static int
load_text(const char *text, size_t len, const char *name, Config **out)
{
	yaml_parser_t parser;
	Parse p;
	yaml_node_t *root;
	Config *cfg = NULL;
	int rc = 0;
	bool have_doc = false;

	memset(&p, 0, sizeof(p));
	p.name = name;
	p.text = text;
	p.len = len;
	*out = NULL;
	last_error_line = 0;
	if (!yaml_parser_initialize(&parser))
		chm_oom();
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &p.doc)) {
		rc = yaml_error(&p, &parser);
		goto done;
	}
	have_doc = true;

	/* One document: a second would be silently ignored otherwise. */
	{
		yaml_document_t next;
		if (!yaml_parser_load(&parser, &next)) {
			rc = yaml_error(&p, &parser);
			goto done;
		}
		if (yaml_document_get_root_node(&next) != NULL) {
			rc = cfg_error(&p, (int)next.start_mark.line + 1,
			               "the file holds more than one YAML document");
			yaml_document_delete(&next);
			goto done;
		}
		yaml_document_delete(&next);
	}

	cfg = chm_calloc(1, sizeof(Config));
	cfg->path = chm_strdup(name);
	root = yaml_document_get_root_node(&p.doc);
	rc = parse_section(&p, &top_section, cfg, root, root ? node_line(root) : 1, "");

done:
	if (have_doc)
		yaml_document_delete(&p.doc);
	yaml_parser_delete(&parser);
	if (rc != 0) {
		config_free(cfg);
		return rc;
	}
	*out = cfg;
	return 0;
}

int
config_load_string(const char *text, const char *name, Config **out)
{
	return load_text(text, strlen(text), name, out);
}

int
config_load(const char *path, Config **out)
{
	FILE *f;
	StrBuf sb = STRBUF_INIT;
	struct stat st;
	char chunk[8192];
	size_t n;
	int rc;

	*out = NULL;
	last_error_line = 0;
	f = fopen(path, "r");
	if (f == NULL) {
		chm_log(LOG_ERROR, "could not open configuration file \"%s\": %s", path, strerror(errno));
		return CHM_EIO;
	}
	if (fstat(fileno(f), &st) == 0 && (st.st_mode & (S_IRGRP | S_IROTH)))
		chm_log(LOG_WARNING,
		        "configuration file \"%s\" is readable by group or others: it may hold "
		        "passwords; chmod 600 it",
		        path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		strbuf_append(&sb, chunk, n);
	if (ferror(f)) {
		chm_log(LOG_ERROR, "could not read configuration file \"%s\": %s", path, strerror(errno));
		fclose(f);
		strbuf_free(&sb);
		return CHM_EIO;
	}
	fclose(f);
	rc = load_text(sb.data ? sb.data : "", sb.len, path, out);
	strbuf_free(&sb);
	return rc;
}

int
config_last_error_line(void)
{
	return last_error_line;
}

/* ---- releasing ---- */

static void
free_list(StrList *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
}

static void
free_section(const Section *sec, void *base)
{
	for (const KeyDef *k = sec->keys; k->name != NULL; k++) {
		if (k->flags & KEY_IGNORED)
			continue;
		switch (k->type) {
		case KT_STRING:
		case KT_PATH:
		case KT_WORD:
			free(*FIELD(base, k->offset, char *));
			break;
		case KT_LIST:
			free_list(FIELD(base, k->offset, StrList));
			break;
		case KT_MAP: {
			StrMap *m = FIELD(base, k->offset, StrMap);
			for (int i = 0; i < m->n; i++) {
				free(m->keys[i]);
				free(m->values[i]);
			}
			free(m->keys);
			free(m->values);
			break;
		}
		case KT_SECTION:
			free_section(k->sub, FIELD(base, k->offset, void));
			break;
		case KT_NAMED: {
			char *array = get_array(base, k->offset);
			int n = *FIELD(base, k->count_offset, int);
			for (int i = 0; i < n; i++) {
				void *elem = array + (size_t)i * k->sub->elem_size;
				free(*FIELD(elem, k->sub->name_offset, char *));
				free_section(k->sub, elem);
			}
			free(array);
			break;
		}
		default:
			break;
		}
	}
}

void
config_free(Config *cfg)
{
	if (cfg == NULL)
		return;
	free_section(&top_section, cfg);
	free(cfg->path);
	free(cfg);
}

SourceConfig *
config_find_source(Config *cfg, const char *name)
{
	for (int i = 0; i < cfg->n_sources; i++)
		if (strcmp(cfg->sources[i].name, name) == 0)
			return &cfg->sources[i];
	return NULL;
}

/* ---- the MySQL password ---- */

const char *
config_ssl_mode_name(MySslMode mode)
{
	return choice_name(ssl_mode_choices, (int)mode);
}

/* A password longer than this is not a password; an option file longer is not one either. */
#define PASSWORD_MAX    4096
#define OPTION_FILE_MAX (256 * 1024)

/*
 * Reads the file at path (what names its role: "password file") into buf,
 * NUL-terminated, at most cap - 1 bytes; *st is its status.  A missing
 * file is CHM_ENOTFOUND, not logged, when missing_ok; any other failure
 * is CHM_ECONFIG, logged.  Symbolic links are followed: secrets are often
 * mounted through one (Kubernetes).
 */
static int
read_small_file(const char *path, const char *what, bool missing_ok, char *buf, size_t cap,
                size_t *len, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc = 0;
	ssize_t r;

	*len = 0;
	if (fd < 0) {
		int err = errno;
		if (err == ENOENT && missing_ok)
			return CHM_ENOTFOUND;
		chm_log(LOG_ERROR, "could not open %s \"%s\": %s", what, path, strerror(err));
		return CHM_ECONFIG;
	}
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		chm_log(LOG_ERROR, "%s \"%s\" is not a regular file", what, path);
		rc = CHM_ECONFIG;
		goto done;
	}
	while (*len < cap && (r = read(fd, buf + *len, cap - *len)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			chm_log(LOG_ERROR, "could not read %s \"%s\": %s", what, path, strerror(errno));
			rc = CHM_ECONFIG;
			goto done;
		}
		*len += (size_t)r;
	}
	if (*len >= cap) {
		chm_log(LOG_ERROR, "%s \"%s\" is larger than %zu bytes", what, path, cap - 1);
		rc = CHM_ECONFIG;
		goto done;
	}
	buf[*len] = '\0';
done:
	close(fd);
	return rc;
}

/*
 * Refuses a file holding a secret that group or others may read or write,
 * as libpq refuses a .pgpass with group or world access.
 */
static int
check_private(const struct stat *st, const char *what, const char *path)
{
	if ((st->st_mode & (S_IRWXG | S_IRWXO)) == 0)
		return 0;
	chm_log(LOG_ERROR,
	        "%s \"%s\" has group or world access (mode %04o): it holds a password; chmod 600 it",
	        what, path, (unsigned)(st->st_mode & 07777));
	return CHM_ECONFIG;
}

static char *
trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/*
 * Cuts a value of an option file at its comment: a # outside quotes, as
 * MySQL's reader does (mysys remove_end_comment).
 */
static void
cut_comment(char *v)
{
	char quote = 0;
	bool escape = false;

	for (; *v; v++) {
		if ((*v == '\'' || *v == '"') && !escape)
			quote = quote == 0 ? *v : (quote == *v ? 0 : quote);
		if (quote == 0 && *v == '#') {
			*v = '\0';
			return;
		}
		escape = quote != 0 && *v == '\\' && !escape;
	}
}

/* An option value: surrounding quotes removed, MySQL's escapes replaced, in place. */
static void
unquote_value(char *v)
{
	size_t n = strlen(v);
	char *w = v;

	if (n >= 2 && (v[0] == '\'' || v[0] == '"') && v[n - 1] == v[0]) {
		v[n - 1] = '\0';
		memmove(v, v + 1, n - 1);
	}
	for (char *r = v; *r; r++) {
		if (*r != '\\' || r[1] == '\0') {
			*w++ = *r;
			continue;
		}
		switch (*++r) {
		case 'n':
			*w++ = '\n';
			break;
		case 't':
			*w++ = '\t';
			break;
		case 'r':
			*w++ = '\r';
			break;
		case 'b':
			*w++ = '\b';
			break;
		case 's':
			*w++ = ' ';
			break;
		case '"':
		case '\'':
		case '\\':
			*w++ = *r;
			break;
		default: /* unknown: kept as written, as MySQL does */
			*w++ = '\\';
			*w++ = *r;
			break;
		}
	}
	*w = '\0';
}

/*
 * The password of the [client] group of a MySQL option file's text,
 * which this changes, in place: a pointer into text, NULL when there is
 * none.  The last one given wins, as in MySQL.  "password" alone (which
 * makes MySQL's client prompt) gives none; !include lines are not followed.
 */
static char *
option_file_password(char *text)
{
	bool in_client = false;
	char *found = NULL, *save = NULL;

	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *l = trim(line), *eq;

		if (l[0] == '\0' || l[0] == '#' || l[0] == ';' || l[0] == '!')
			continue;
		if (l[0] == '[') {
			char *close = strchr(l, ']');
			if (close != NULL) {
				*close = '\0';
				in_client = strcasecmp(trim(l + 1), "client") == 0;
			}
			continue;
		}
		if (!in_client || (eq = strchr(l, '=')) == NULL)
			continue;
		*eq = '\0';
		if (strcmp(trim(l), "password") != 0)
			continue;
		found = eq + 1;
		cut_comment(found);
		found = trim(found);
		unquote_value(found);
	}
	return found;
}

static int
password_from_file(const char *path, char **out)
{
	char buf[PASSWORD_MAX];
	struct stat st;
	size_t len;
	int rc = read_small_file(path, "password file", false, buf, sizeof(buf), &len, &st);

	if (rc == 0)
		rc = check_private(&st, "password file", path);
	if (rc != 0)
		goto done;
	/* the whole file, but the newline an editor or echo puts at its end */
	if (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	if (len > 0 && buf[len - 1] == '\r')
		buf[--len] = '\0';
	if (len == 0) {
		chm_log(LOG_ERROR, "password file \"%s\" is empty", path);
		rc = CHM_ECONFIG;
	} else if (strlen(buf) != len || strchr(buf, '\n') != NULL) {
		chm_log(LOG_ERROR,
		        "password file \"%s\" holds more than one line or a NUL byte: it must hold "
		        "the password alone",
		        path);
		rc = CHM_ECONFIG;
	} else {
		*out = chm_strdup(buf);
	}
done:
	explicit_bzero(buf, sizeof(buf));
	return rc;
}

/* ~/.my.cnf's [client] password; *out stays NULL when the file or the password is not there. */
static int
password_from_option_file(const char *path, char **out)
{
	char *text = chm_malloc(OPTION_FILE_MAX);
	struct stat st;
	size_t len;
	char *pw;
	int rc = read_small_file(path, "option file", true, text, OPTION_FILE_MAX, &len, &st);

	if (rc == CHM_ENOTFOUND) {
		rc = 0;
		goto done;
	}
	if (rc != 0)
		goto done;
	/* only a file that holds a password must be private: many hold none */
	if ((pw = option_file_password(text)) != NULL && pw[0] != '\0' &&
	    (rc = check_private(&st, "option file", path)) == 0)
		*out = chm_strdup(pw);
done:
	explicit_bzero(text, OPTION_FILE_MAX);
	free(text);
	return rc;
}

int
config_mysql_password(const ConnConfig *cc, char **out, char *from, size_t n)
{
	const char *env = getenv("MYSQL_PWD");
	char *home, *mycnf = NULL;
	int rc = 0;

	*out = NULL;
	if (is_set(cc->password)) {
		snprintf(from, n, "with the password of the configuration file");
		*out = chm_strdup(cc->password);
	} else if (is_set(cc->password_file)) {
		snprintf(from, n, "with the password of password file \"%s\"", cc->password_file);
		rc = password_from_file(cc->password_file, out);
	} else if (is_set(env)) {
		snprintf(from, n, "with the password of MYSQL_PWD");
		*out = chm_strdup(env);
	} else {
		StrBuf sb = STRBUF_INIT;

		home = home_dir();
		strbuf_printf(&sb, "%s/.my.cnf", home);
		free(home);
		mycnf = strbuf_detach(&sb);
		snprintf(from, n, "with the password of option file \"%s\"", mycnf);
		rc = password_from_option_file(mycnf, out);
		if (rc == 0 && *out == NULL)
			snprintf(from, n, "without a password");
	}
	free(mycnf);
	if (rc != 0) {
		free(*out);
		*out = NULL;
		return rc;
	}
	if (*out == NULL)
		*out = chm_strdup("");
	return 0;
}

/* ---- printing ---- */

/* A YAML double-quoted string: always quoted, so "yes" or "0123" stay strings. */
static void
print_quoted(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c == '"' || *c == '\\')
			fprintf(out, "\\%c", *c);
		else if (*c == '\n')
			fputs("\\n", out);
		else if (*c == '\t')
			fputs("\\t", out);
		else if (*c < 0x20 || *c == 0x7f)
			fprintf(out, "\\x%02x", *c);
		else
			fputc(*c, out);
	}
	fputc('"', out);
}

static void
print_size(FILE *out, int64_t v)
{
	static const char units[] = "kMGT";
	int u = -1;

	while (u < 3 && v != 0 && v % 1024 == 0) {
		v /= 1024;
		u++;
	}
	if (u >= 0)
		fprintf(out, "%lld%c", (long long)v, units[u]);
	else
		fprintf(out, "%lld", (long long)v);
}

static void
print_section(FILE *out, const Section *sec, const void *base, int indent)
{
	for (const KeyDef *k = sec->keys; k->name != NULL; k++) {
		const void *field = CFIELD(base, k->offset, void);

		if (k->flags & KEY_IGNORED)
			continue;
		fprintf(out, "%*s%s:", indent, "", k->name);
		switch (k->type) {
		case KT_STRING:
		case KT_PATH:
		case KT_WORD: {
			const char *s = *(char *const *)field;
			fputc(' ', out);
			if (s == NULL)
				fputs("~", out);
			else if ((k->flags & KEY_SECRET) && s[0] != '\0')
				fputs("\"********\"", out);
			else
				print_quoted(out, s);
			fputc('\n', out);
			break;
		}
		case KT_INT:
			fprintf(out, " %d\n", *(const int *)field);
			break;
		case KT_BOOL:
			fprintf(out, " %s\n", *(const bool *)field ? "true" : "false");
			break;
		case KT_SIZE:
			fputc(' ', out);
			print_size(out, *(const int64_t *)field);
			fputc('\n', out);
			break;
		case KT_ENUM:
			fprintf(out, " %s\n", choice_name(k->choices, *(const int *)field));
			break;
		case KT_LIST: {
			const StrList *l = field;
			if (l->n == 0)
				fputs(" []", out);
			for (int i = 0; i < l->n; i++) {
				fprintf(out, "\n%*s- ", indent + 2, "");
				print_quoted(out, l->items[i]);
			}
			fputc('\n', out);
			break;
		}
		case KT_MAP: {
			const StrMap *m = field;
			if (m->n == 0)
				fputs(" {}", out);
			for (int i = 0; i < m->n; i++) {
				fprintf(out, "\n%*s", indent + 2, "");
				print_quoted(out, m->keys[i]);
				fputs(": ", out);
				print_quoted(out, m->values[i]);
			}
			fputc('\n', out);
			break;
		}
		case KT_SECTION:
			fputc('\n', out);
			print_section(out, k->sub, field, indent + 2);
			break;
		case KT_NAMED: {
			const char *array = get_array(base, k->offset);
			int n = *CFIELD(base, k->count_offset, int);
			fputs(n == 0 ? " {}\n" : "\n", out);
			for (int i = 0; i < n; i++) {
				const void *elem = array + (size_t)i * k->sub->elem_size;
				fprintf(out, "%*s", indent + 2, "");
				print_quoted(out, *CFIELD(elem, k->sub->name_offset, char *));
				fputs(":\n", out);
				print_section(out, k->sub, elem, indent + 4);
			}
			break;
		}
		}
	}
}

void
config_print(const Config *cfg, FILE *out)
{
	fputs("---\n# chameleon: the effective configuration of ", out);
	print_quoted(out, cfg->path ? cfg->path : "");
	fputs("\n# (defaults included, passwords masked)\n", out);
	print_section(out, &top_section, cfg, 0);
}

/* ---- the path ---- */

static bool
has_suffix(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);
	return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

char *
config_resolve_path(const char *arg)
{
	if (arg == NULL)
		arg = "default";
	if (strchr(arg, '/') == NULL && !has_suffix(arg, ".yml") && !has_suffix(arg, ".yaml")) {
		char *home = home_dir();
		StrBuf sb = STRBUF_INIT;

		strbuf_printf(&sb, "%s/.pg_chameleon/configuration/%s.yml", home, arg);
		free(home);
		return strbuf_detach(&sb);
	}
	return expand_home(arg);
}
