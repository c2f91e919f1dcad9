/*
 * config_yaml.c — the walk over the YAML tree that fills a Config.
 *
 * libyaml has loaded the whole document as a tree (so every node knows its
 * line); cfg_parse_section() walks one mapping level against its table of
 * keys (config_keys.c), reads each value by its key's type (strings, paths,
 * integers, sizes, booleans, choices, lists, maps, sections, named
 * sections), follows YAML merge keys (<<), rejects unknown and repeated keys
 * with a "did you mean", and applies the defaults of the keys not given.
 *
 * This file is not where keys are declared or checked against one another
 * (config_keys.c), nor where the file is opened and libyaml's own errors are
 * reported (config.c).
 */
#include "common/config_int.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "common/log.h"
#include "common/strbuf.h"

/* ---- messages ---- */

int
cfg_node_line(const yaml_node_t *node)
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

bool
cfg_node_is_null(const yaml_node_t *node)
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
		*rc = cfg_error(p, cfg_node_line(node), "\"%s\" must be a single value, not %s", path,
		                node_kind(node));
		return NULL;
	}
	if (strlen((const char *)node->data.scalar.value) != node->data.scalar.length) {
		*rc = cfg_error(p, cfg_node_line(node), "\"%s\" must not contain a NUL byte", path);
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

char *
cfg_home_dir(void)
{
	const char *h = getenv("HOME");

	if (h == NULL || h[0] == '\0') {
		struct passwd *pw = getpwuid(getuid());
		h = pw && pw->pw_dir ? pw->pw_dir : "/";
	}
	return chm_strdup(h);
}

/* A leading "~/" (or a lone "~") becomes the home directory.  Allocates. */
char *
cfg_expand_home(const char *s)
{
	if (s[0] == '~' && (s[1] == '/' || s[1] == '\0')) {
		char *home = cfg_home_dir();
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

const char *
cfg_choice_name(const Choice *choices, int value)
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
		*(char **)field = cfg_expand_home(s);
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
			*(char **)field = chm_strdup(cfg_choice_name(k->choices, c->value));
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
		return cfg_error(p, cfg_node_line(node), "\"%s\" must be a list, not %s", path,
		                 node_kind(node));
	list->n = 0;
	list->items =
	    chm_calloc((size_t)(node->data.sequence.items.top - node->data.sequence.items.start) + 1,
	               sizeof(char *));
	for (yaml_node_item_t *it = node->data.sequence.items.start; it < node->data.sequence.items.top;
	     it++) {
		yaml_node_t *item = yaml_document_get_node(&p->doc, *it);
		const char *s;

		if (cfg_node_is_null(item))
			return cfg_error(p, cfg_node_line(item), "\"%s\" has an empty list item", path);
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
			int rc = cfg_error(p, cfg_node_line(yaml_document_get_node(&p->doc, pair->key)),
			                   "duplicate key \"%s\" (first given on line %d)", path,
			                   cfg_node_line(other));
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
		*rc = cfg_error(p, cfg_node_line(key), "a key of \"%s\" is %s, not a name",
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
		return cfg_error(p, cfg_node_line(node), "\"%s\" must be a mapping, not %s", path,
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
		if (cfg_node_is_null(value))
			rc = cfg_error(p, cfg_node_line(value), "\"%s\" has no value", sub);
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
		return cfg_error(p, cfg_node_line(node), "\"%s\" must be a mapping, not %s", path,
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
			return cfg_error(p, cfg_node_line(key), "\"%s\" has an entry with an empty name", path);
		*name = chm_strdup(s);
		if (k->flags & KEY_LOWER_NAMES)
			for (char *c = *name; *c; c++)
				*c = (char)tolower((unsigned char)*c);
		sub = path_join(path, s);
		rc = cfg_parse_section(p, sec, elem, yaml_document_get_node(&p->doc, pair->value),
		                       cfg_node_line(key), sub);
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
		return cfg_parse_section(p, k->sub, FIELD(base, k->offset, void), value, line, path);
	case KT_NAMED:
		rc = parse_named(p, k, base, value, path);
		break;
	default:
		if ((s = scalar_text(p, value, path, &rc)) == NULL)
			return rc;
		return store_scalar(p, k, base, s, cfg_node_line(value), path);
	}
	if (rc == 0 && (k->flags & KEY_REQUIRED) && value_is_empty(k, base))
		rc = cfg_error(p, cfg_node_line(value), "\"%s\" must have at least one entry", path);
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

const Entry *
cfg_find_entry(const Entries *es, const char *name)
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
		return cfg_error(p, cfg_node_line(map), "\"%s\": merge keys (<<) nested too deep", path);
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
					return cfg_error(p, cfg_node_line(m),
					                 "\"%s\": a merge key (<<) must name a mapping, not %s", path,
					                 node_kind(m));
				if (n_merges == (int)(sizeof(merges) / sizeof(merges[0])))
					return cfg_error(p, cfg_node_line(m), "\"%s\": too many merge keys (<<)", path);
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
			if (cfg_find_entry(es, more.items[j].name) == NULL)
				add_entry(es, more.items[j].key, more.items[j].value, more.items[j].name);
		free(more.items);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int
cfg_parse_section(Parse *p, const Section *sec, void *base, yaml_node_t *node, int line,
                  const char *path)
{
	bool given[64] = {false};
	Entries es = {NULL, 0, 0};
	int rc = 0;

	if (cfg_node_is_null(node)) {
		node = NULL;
	} else if (node->type != YAML_MAPPING_NODE) {
		if (path[0] == '\0')
			return cfg_error(p, cfg_node_line(node), "the file must hold a mapping of keys, not %s",
			                 node_kind(node));
		return cfg_error(p, cfg_node_line(node), "\"%s\" must be a mapping, not %s", path,
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
				rc = cfg_error(p, cfg_node_line(e->key),
				               "unknown key \"%s\" (did you mean \"%s\"?)", sub, hint);
			else
				rc = cfg_error(p, cfg_node_line(e->key), "unknown key \"%s\"", sub);
		} else if (k->flags & KEY_IGNORED) {
			chm_log(LOG_NOTICE,
			        "configuration file \"%s\", line %d: key \"%s\" is ignored: it means "
			        "nothing to chameleon",
			        p->name, cfg_node_line(e->key), sub);
		} else if (cfg_node_is_null(e->value)) {
			/* "limit_tables:" with nothing after it: pg_chameleon's way of saying "none";
			 * the key gets its default below, as if it were not written */
			if (k->flags & KEY_REQUIRED)
				rc = cfg_error(p, cfg_node_line(e->key), "required key \"%s\" has no value", sub);
		} else {
			assert(k - sec->keys < 64);
			given[k - sec->keys] = true;
			rc = parse_value(p, k, base, e->value, cfg_node_line(e->key), sub);
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
			rc = cfg_parse_section(p, k->sub, FIELD(base, k->offset, void), NULL, line, sub);
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
