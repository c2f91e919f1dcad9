/*
 * config.c — the YAML configuration reader, with pg_chameleon 2.x keys: its
 * entry points.
 *
 * config_load() reads the file, libyaml loads it as one document, and the
 * walk of config_yaml.c checks it against the key tables of config_keys.c
 * and fills the Config.  This file holds what frames that walk: the error
 * messages (file, line, column, the key's full path such as
 * sources.mysql.db_conn.port), libyaml's own syntax errors, releasing a
 * Config, and the default path of the file.
 *
 * This file is not where values are checked against a server (a wrong
 * password or a schema that does not exist): the reader only checks that
 * the file says something well-formed.  The first error stops the load.
 * Printing (config_print.c) and the MySQL password (config_password.c)
 * live in their own files.
 */
#include "common/config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "common/config_int.h"
#include "common/log.h"
#include "common/strbuf.h"

static __thread int last_error_line;

/* ---- messages ---- */

int
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
	rc = cfg_parse_section(&p, &cfg_top_section, cfg, root, root ? cfg_node_line(root) : 1, "");

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
	free_section(&cfg_top_section, cfg);
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
		char *home = cfg_home_dir();
		StrBuf sb = STRBUF_INIT;

		strbuf_printf(&sb, "%s/.pg_chameleon/configuration/%s.yml", home, arg);
		free(home);
		return strbuf_detach(&sb);
	}
	return cfg_expand_home(arg);
}
