/*
 * tabledef.c — a source table's PostgreSQL definition, through the DDL translator.
 *
 * SHOW CREATE TABLE gives the table's DDL as the server itself would write
 * it; ddl_translate() turns it into PostgreSQL exactly as it would turn the
 * same statement read from the binlog, so a table created by the snapshot
 * and one created by replicated DDL are the same table.
 *
 * What the translator's output does not separate, this file does: the
 * primary key is a table element of CREATE TABLE ("PRIMARY KEY (...)"),
 * and it must be built after the load.  The element is cut out of the
 * CREATE TABLE and becomes an ALTER TABLE ... ADD PRIMARY KEY run after the
 * data, with the indexes (which the translator already emits as separate
 * CREATE INDEX statements).  The cutting understands quotes and comments,
 * since defaults may hold any text.
 */
#include "replica/tabledef.h"
#include "replica/instance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <mysqld_error.h>

#include "common/log.h"
#include "common/strbuf.h"
#include "ddl/ddl.h"
#include "ddl/model.h"

typedef struct PtrList {
	const char **items;
	int n, cap;
} PtrList;

static void
ptr_push(Arena *arena, PtrList *l, const char *s)
{
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 8;
		const char **grown = arena_alloc(arena, sizeof(char *) * (size_t)cap);
		if (l->n)
			memcpy(grown, l->items, sizeof(char *) * (size_t)l->n);
		l->items = grown;
		l->cap = cap;
	}
	l->items[l->n++] = s;
}

/*
 * A scanner over PostgreSQL text that knows where quotes and comments are:
 * step() moves one byte and says whether that byte is plain SQL (outside
 * '...', E'...', "..." and -- comments).
 */
typedef struct Scan {
	const char *start;
	const char *p;
	char quote;     /* '\'', '"', '-' (comment) or 0 */
	bool backslash; /* inside an E'' string */
} Scan;

static bool
scan_plain(Scan *s)
{
	const char *p = s->p;
	switch (s->quote) {
	case 0:
		if (*p == '\'') {
			s->backslash = p > s->start && (p[-1] == 'E' || p[-1] == 'e');
			s->quote = '\'';
			return false;
		}
		if (*p == '"') {
			s->quote = '"';
			return false;
		}
		if (p[0] == '-' && p[1] == '-') {
			s->quote = '-';
			return false;
		}
		return true;
	case '\'':
		if (s->backslash && *p == '\\' && p[1] != '\0')
			s->p++; /* the escaped byte is part of the string */
		else if (*p == '\'' && p[1] == '\'')
			s->p++;
		else if (*p == '\'')
			s->quote = 0;
		return false;
	case '"':
		if (*p == '"' && p[1] == '"')
			s->p++;
		else if (*p == '"')
			s->quote = 0;
		return false;
	default: /* comment to the end of the line */
		if (*p == '\n')
			s->quote = 0;
		return false;
	}
}

static const char *
trimmed(Arena *arena, const char *b, const char *e)
{
	while (b < e && (*b == ' ' || *b == '\n' || *b == '\t' || *b == '\r'))
		b++;
	while (e > b && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	return b == e ? NULL : arena_strndup(arena, b, (size_t)(e - b));
}

int
tabledef_split_sql(Arena *arena, const char *sql, const char ***out)
{
	PtrList l = {0};
	Scan s = {.start = sql, .p = sql};
	const char *start = sql;

	for (; *s.p != '\0'; s.p++) {
		/* a comment line standing before a statement is a piece of its own */
		if (s.quote == 0 && s.p[0] == '-' && s.p[1] == '-') {
			const char *before = trimmed(arena, start, s.p);
			if (before == NULL) {
				const char *eol = strchr(s.p, '\n');
				if (eol == NULL)
					eol = s.p + strlen(s.p);
				ptr_push(arena, &l, arena_strndup(arena, s.p, (size_t)(eol - s.p)));
				s.p = eol;
				start = *eol ? eol + 1 : eol;
				if (*eol == '\0')
					break;
				continue;
			}
		}
		if (scan_plain(&s) && *s.p == ';') {
			const char *piece = trimmed(arena, start, s.p);
			if (piece != NULL)
				ptr_push(arena, &l, piece);
			start = s.p + 1;
		}
	}
	{
		const char *piece = trimmed(arena, start, s.p);
		if (piece != NULL)
			ptr_push(arena, &l, piece);
	}
	*out = l.items;
	return l.n;
}

/*
 * Cuts the table elements "PRIMARY KEY (...)" and "UNIQUE (...)" out of a
 * CREATE TABLE statement: *create gets the rest, and each cut element
 * becomes "ALTER TABLE <name> ADD <element>" in post.
 */
static int
cut_keys(Arena *arena, const char *stmt, const char **create, PtrList *post)
{
	Scan s = {.start = stmt, .p = stmt};
	const char *open = NULL, *elem = NULL;
	int depth = 0;
	StrBuf out = STRBUF_INIT, name = STRBUF_INIT;
	bool any = false;

	for (; *s.p != '\0'; s.p++) {
		if (!scan_plain(&s))
			continue;
		if (*s.p == '(') {
			if (++depth == 1) {
				open = s.p;
				elem = s.p + 1;
				strbuf_append(&name, stmt + 12,
				              (size_t)(s.p - stmt - 12)); /* after "CREATE TABLE" */
				strbuf_append(&out, stmt, (size_t)(s.p - stmt + 1));
			}
		} else if (*s.p == ')' || *s.p == ',') {
			if (*s.p == ')' && --depth > 0)
				continue;
			if (*s.p == ',' && depth != 1)
				continue;
			/* the end of a table element */
			const char *e = trimmed(arena, elem, s.p);
			if (e != NULL &&
			    (strncmp(e, "PRIMARY KEY", 11) == 0 || strncmp(e, "UNIQUE (", 8) == 0)) {
				StrBuf alter = STRBUF_INIT;
				const char *tn = trimmed(arena, name.data, name.data + name.len);
				strbuf_printf(&alter, "ALTER TABLE %s ADD %s", tn ? tn : "", e);
				ptr_push(arena, post, arena_strdup(arena, alter.data));
				strbuf_free(&alter);
			} else if (e != NULL) {
				if (any)
					strbuf_putc(&out, ',');
				strbuf_puts(&out, "\n    ");
				strbuf_puts(&out, e);
				any = true;
			}
			elem = s.p + 1;
			if (*s.p == ')') {
				strbuf_puts(&out, "\n");
				strbuf_puts(&out, s.p); /* ")" and any table options after it */
				break;
			}
		}
	}
	if (open == NULL || depth != 0 || !any) {
		strbuf_free(&out);
		strbuf_free(&name);
		return CHM_ESYNTAX;
	}
	*create = arena_strdup(arena, out.data);
	strbuf_free(&out);
	strbuf_free(&name);
	return 0;
}

/* The primary key columns, in key order, from information_schema. */
static int
primary_key(MyConn *my, const char *schema, const char *table, Arena *arena, PtrList *keys)
{
	StrBuf sql = STRBUF_INIT;
	MYSQL_RES *res = NULL;
	MYSQL_ROW row;
	int rc = 0;

	strbuf_puts(&sql,
	            "SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ");
	my_quote_literal(my, &sql, schema);
	strbuf_puts(&sql, " AND TABLE_NAME = ");
	my_quote_literal(my, &sql, table);
	strbuf_puts(&sql, " AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX");
	if (mysql_real_query(my->mysql, sql.data, sql.len) != 0 ||
	    (res = mysql_store_result(my->mysql)) == NULL) {
		my_log_error(my, "could not read the primary key of a table");
		rc = CHM_EMYSQL;
	} else {
		while ((row = mysql_fetch_row(res)) != NULL)
			if (row[0] != NULL)
				ptr_push(arena, keys, arena_strdup(arena, row[0]));
		mysql_free_result(res);
	}
	strbuf_free(&sql);
	return rc;
}

/* SHOW CREATE TABLE's text and the session's sql_mode, into arena. */
static int
show_create(MyConn *my, const char *schema, const char *table, Arena *arena, char **ddl,
            size_t *len, char **mode)
{
	StrBuf sql = STRBUF_INIT;
	MYSQL_RES *res = NULL;
	MYSQL_ROW row;
	int rc = 0;

	strbuf_puts(&sql, "SHOW CREATE TABLE ");
	strbuf_quote_backtick(&sql, schema, strlen(schema));
	strbuf_putc(&sql, '.');
	strbuf_quote_backtick(&sql, table, strlen(table));
	if (mysql_real_query(my->mysql, sql.data, sql.len) != 0 ||
	    (res = mysql_store_result(my->mysql)) == NULL) {
		if (mysql_errno(my->mysql) == ER_NO_SUCH_TABLE ||
		    mysql_errno(my->mysql) == ER_BAD_DB_ERROR) {
			rc = CHM_ENOTFOUND; /* the caller says what that means */
		} else {
			my_log_error(my, "could not read the definition of a table");
			rc = CHM_EMYSQL;
		}
		goto done;
	}
	if ((row = mysql_fetch_row(res)) == NULL || mysql_num_fields(res) < 2 || row[1] == NULL) {
		chm_log(LOG_ERROR, "SHOW CREATE TABLE gave nothing for \"%s\".\"%s\"", schema, table);
		rc = CHM_EMYSQL;
		goto done;
	}
	*len = mysql_fetch_lengths(res)[1];
	*ddl = arena_strndup(arena, row[1], *len);
	mysql_free_result(res);
	res = NULL;
	/* SHOW CREATE TABLE quotes with " under ANSI_QUOTES: the translator must know */
	if (mysql_query(my->mysql, "SELECT @@SESSION.sql_mode") != 0 ||
	    (res = mysql_store_result(my->mysql)) == NULL || (row = mysql_fetch_row(res)) == NULL) {
		my_log_error(my, "could not read the session's sql_mode");
		rc = CHM_EMYSQL;
		goto done;
	}
	*mode = arena_strdup(arena, row[0] ? row[0] : "");
done:
	if (res)
		mysql_free_result(res);
	strbuf_free(&sql);
	return rc;
}

int
tabledef_build(MyConn *my, const Config *cfg, const char *schema, const char *table,
               const char *dst_schema, Arena *arena, TableDef *out)
{
	DdlContext ctx;
	DdlResult res;
	DdlModel *model;
	char *ddl = NULL, *mode = NULL, *map_key, *map_value;
	size_t len = 0;
	StrMap map = {.keys = &map_key, .values = &map_value, .n = 1};
	PtrList post = {0}, keys = {0};
	const char **pieces;
	int rc, n;

	memset(out, 0, sizeof(*out));
	out->src_schema = arena_strdup(arena, schema);
	out->src_table = arena_strdup(arena, table);
	out->dst_table = out->src_table;
	if ((rc = show_create(my, schema, table, arena, &ddl, &len, &mode)) != 0)
		return rc;
	if ((rc = primary_key(my, schema, table, arena, &keys)) != 0)
		return rc;

	map_key = (char *)schema;
	map_value = (char *)dst_schema;
	ddl_context_init(&ctx);
	ddl_context_set_schema(&ctx, schema);
	ctx.sql_mode = ddl_sql_mode_bits(mode, strlen(mode));
	ctx.schema_map = &map;
	ctx.overrides = cfg->type_override;
	ctx.n_overrides = cfg->n_type_override;
	ctx.pg_vector_type = instance_vector_type();
	/* the reader starts from this knowledge of the table (t_ddl_model) */
	model = ddl_model_new();
	ctx.model = model;
	rc = ddl_translate(&ctx, ddl, len, &res);
	if (rc != 0 || res.n != 1 || res.stmts[0].outcome != DDL_TRANSLATED ||
	    res.stmts[0].sql == NULL) {
		const DdlStatement *st = res.n > 0 ? &res.stmts[0] : NULL;
		chm_log(LOG_ERROR,
		        "could not translate the definition of table \"%s\".\"%s\"%s%s (SHOW CREATE TABLE "
		        "%d:%d)",
		        schema, table, st && st->message ? ": " : "", st && st->message ? st->message : "",
		        st ? st->err_line : 0, st ? st->err_column : 0);
		rc = rc != 0 ? rc : CHM_EUNSUPPORTED;
		goto done;
	}

	n = tabledef_split_sql(arena, res.stmts[0].sql, &pieces);
	for (int i = 0; i < n && rc == 0; i++) {
		const char *p = pieces[i];
		if (strncmp(p, "--", 2) == 0) {
			chm_log(LOG_NOTICE, "table \"%s\".\"%s\": %s", schema, table,
			        p + (p[2] == ' ' ? 3 : 2));
		} else if (strncmp(p, "CREATE TABLE ", 13) == 0 && out->create_sql == NULL) {
			PtrList keys_post = {0};
			rc = cut_keys(arena, p, &out->create_sql, &keys_post);
			if (rc != 0)
				chm_log(LOG_ERROR,
				        "table \"%s\".\"%s\": could not find the columns in the translated DDL: %s",
				        schema, table, p);
			/* the primary key first: the other indexes may lean on it */
			for (int k = 0; k < keys_post.n; k++)
				ptr_push(arena, &post, keys_post.items[k]);
		} else {
			ptr_push(arena, &post, p);
		}
	}
	if (rc == 0 && out->create_sql == NULL) {
		chm_log(LOG_ERROR, "table \"%s\".\"%s\": the translated DDL creates no table: %s", schema,
		        table, res.stmts[0].sql);
		rc = CHM_EUNSUPPORTED;
	}
	out->post_sql = post.items;
	out->n_post = post.n;
	out->key_columns = keys.items;
	out->n_key = keys.n;
	if (rc == 0) {
		const DdlModelTable *t = ddl_model_find(model, schema, table);
		StrBuf json = STRBUF_INIT;
		if (t == NULL) {
			chm_log(LOG_ERROR, "table \"%s\".\"%s\": the translator kept no model of it", schema,
			        table);
			rc = CHM_EUNSUPPORTED;
		} else {
			ddl_model_table_json(t, &json);
			out->model_json = arena_strdup(arena, json.data);
		}
		strbuf_free(&json);
	}
done:
	ddl_result_free(&res);
	ddl_context_free(&ctx);
	ddl_model_free(model);
	return rc;
}
