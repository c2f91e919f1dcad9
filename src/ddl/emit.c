/*
 * emit.c — PostgreSQL DDL from the tree of one MySQL statement: the entry
 * point, ddl_emit(), and table emission (CREATE TABLE and LIKE, DROP,
 * TRUNCATE, RENAME, CREATE/DROP INDEX), with the naming, column, check and
 * index helpers the other emitter files share (emit_int.h).  ALTER TABLE is
 * emit_alter.c's, column defaults are emit_default.c's.
 *
 * The semantics choices are documented in ddl.h; this file applies them.
 * Output goes into a StrBuf: PostgreSQL statements each ending ";\n", and
 * notice lines starting "-- ".  Notices are collected apart and written
 * after the statements, so that a statement's SQL is never interleaved with
 * them.  What outlives a call is in the given arena or the output buffer;
 * the scratch StrBufs a function uses are freed before it returns.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "common/pgname.h"
#include "ddl/ddl.h"
#include "ddl/emit_int.h"

static void like_indexes(Emit *e, const DdlName *table, const DdlName *like);

static void fail(Emit *e, int code, const char *fmt, ...) CHM_PRINTF(3, 4);

static void
fail(Emit *e, int code, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	if (e->error)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	e->error = code;
	e->message = arena_strdup(e->arena, buf);
}

void
emit_note(Emit *e, const char *fmt, ...)
{
	va_list ap;
	size_t start;

	strbuf_puts(&e->notes, "-- ");
	start = e->notes.len;
	va_start(ap, fmt);
	strbuf_vprintf(&e->notes, fmt, ap);
	va_end(ap);
	/* a notice is one line, whatever the names or expressions it quotes */
	for (size_t i = start; i < e->notes.len; i++)
		if (e->notes.data[i] == '\n' || e->notes.data[i] == '\r')
			e->notes.data[i] = ' ';
	strbuf_putc(&e->notes, '\n');
}

/* A name of the replica: PostgreSQL's name for a longer one (common/pgname.h). */
void
emit_ident(StrBuf *sb, const char *s)
{
	chm_quote_pg_name(sb, s);
}

/*
 * Appends "DO <body>;" and empties body.  The body quotes names, so its
 * dollar-quote tag is one that the body does not contain.
 */
void
emit_do_block(StrBuf *out, StrBuf *body)
{
	strbuf_puts(out, "DO ");
	strbuf_dollar_quote(out, body->data, body->len);
	strbuf_puts(out, ";\n");
	strbuf_reset(body);
}

/* The target schema of a source schema: mapped, or the same name. */
static const char *
target_schema(const Emit *e, const char *schema)
{
	const StrMap *m = e->ctx->schema_map;

	if (schema == NULL)
		schema = e->ctx->default_schema;
	if (schema == NULL)
		return NULL;
	if (m != NULL)
		for (int i = 0; i < m->n; i++)
			if (strcmp(m->keys[i], schema) == 0)
				return m->values[i];
	return schema;
}

void
emit_table_name(Emit *e, StrBuf *sb, const DdlName *n)
{
	const char *schema = target_schema(e, n->schema);

	if (schema != NULL && !e->temp) {
		emit_ident(sb, schema);
		strbuf_putc(sb, '.');
	}
	emit_ident(sb, n->name);
}

/* A quoted name in a notice: schema.table as the target sees it. */
const char *
emit_table_text(Emit *e, const DdlName *n)
{
	StrBuf sb = STRBUF_INIT;
	char *r;

	emit_table_name(e, &sb, n);
	r = arena_strdup(e->arena, sb.data);
	strbuf_free(&sb);
	return r;
}

static void
index_name(StrBuf *sb, const char *table, const char *index)
{
	char buf[128];

	ddl_index_pg_name(table, index, buf, sizeof(buf));
	emit_ident(sb, buf);
}

/* The source schema of a table name: its own or the default. */
static const char *
source_schema(const Emit *e, const DdlName *table)
{
	return table->schema ? table->schema : e->ctx->default_schema;
}

/*
 * The PostgreSQL name of a new index of table: <table>_<index>, unless a
 * table the model knows has that name (they share PostgreSQL's namespace).
 */
void
emit_new_index_name(Emit *e, StrBuf *sb, const DdlName *table, const char *index)
{
	char buf[128];

	ddl_model_new_index_pg_name(e->temp ? NULL : e->ctx->model, source_schema(e, table),
	                            table->name, index, NULL, buf, sizeof(buf));
	emit_ident(sb, buf);
}

/* A schema-qualified index name, for DROP INDEX and ALTER INDEX: the model's when it knows it. */
void
emit_index_qname(Emit *e, StrBuf *sb, const DdlName *table, const char *index)
{
	const char *schema = target_schema(e, table->schema);
	const DdlModelIndex *ix =
	    e->tm && strcmp(table->name, e->tm->name) == 0 ? ddl_model_index(e->tm, index) : NULL;

	if (schema != NULL && !e->temp) {
		emit_ident(sb, schema);
		strbuf_putc(sb, '.');
	}
	if (ix != NULL) {
		char buf[128];
		emit_ident(sb, ddl_model_index_pg_name(e->tm, ix, buf, sizeof(buf)));
	} else {
		index_name(sb, table->name, index);
	}
}

/*
 * Table name is about to exist in the schema of table: an index the model
 * knows under that PostgreSQL name must make room first (model.c gives it
 * the same new name).
 */
static void
move_index_away(Emit *e, const DdlName *table, const char *name)
{
	const DdlModelTable *owner;
	const DdlModelIndex *ix;
	const char *schema = target_schema(e, table->schema);
	char buf[128];

	if (e->ctx->model == NULL || e->temp)
		return;
	ix = ddl_model_index_named_pg(e->ctx->model, source_schema(e, table), name, &owner);
	if (ix == NULL)
		return;
	ddl_model_new_index_pg_name(e->ctx->model, source_schema(e, table), owner->name, ix->name, name,
	                            buf, sizeof(buf));
	strbuf_puts(e->out, "ALTER INDEX ");
	if (schema != NULL) {
		emit_ident(e->out, schema);
		strbuf_putc(e->out, '.');
	}
	emit_ident(e->out, name);
	strbuf_puts(e->out, " RENAME TO ");
	emit_ident(e->out, buf);
	strbuf_puts(e->out, ";\n");
}

/* A column name as the table spells it (MySQL compares them case-insensitively), when known. */
const char *
emit_col_name(const Emit *e, const char *name)
{
	const DdlColumn *c = e->tm && name ? ddl_model_column(e->tm, name) : NULL;

	return c ? c->name : name;
}

TypeCat
emit_type_cat(const char *pg)
{
	if (!strncmp(pg, "smallint", 8) || !strncmp(pg, "integer", 7) || !strncmp(pg, "bigint", 6))
		return CAT_INT;
	if (!strncmp(pg, "numeric", 7) || !strncmp(pg, "decimal", 7))
		return CAT_NUMERIC;
	if (!strncmp(pg, "real", 4) || !strncmp(pg, "double", 6) || !strncmp(pg, "float", 5))
		return CAT_FLOAT;
	if (!strncmp(pg, "bit", 3))
		return CAT_BIT;
	if (!strncmp(pg, "bool", 4))
		return CAT_BOOL;
	if (!strcmp(pg, "date"))
		return CAT_DATE;
	if (!strncmp(pg, "timestamp", 9))
		return CAT_TIMESTAMP;
	if (!strncmp(pg, "interval", 8))
		return CAT_INTERVAL;
	if (!strncmp(pg, "bytea", 5))
		return CAT_BYTEA;
	if (!strncmp(pg, "json", 4))
		return CAT_JSON;
	if (!strncmp(pg, "text", 4) || !strncmp(pg, "varchar", 7) || !strncmp(pg, "char", 4) ||
	    !strncmp(pg, "character", 9))
		return CAT_STRING;
	return CAT_OTHER;
}

/* MariaDB's JSON is longtext + CHECK (json_valid(col)): is expr that check for col? */
static bool
is_json_valid_of(const char *expr, const char *col)
{
	char buf[300];
	size_t j = 0;

	for (const char *s = expr; *s && j + 1 < sizeof(buf); s++)
		if (!isspace((unsigned char)*s) && *s != '`' && *s != '"')
			buf[j++] = (char)tolower((unsigned char)*s);
	buf[j] = '\0';
	if (strncmp(buf, "json_valid(", 11) != 0 || j < 12 || buf[j - 1] != ')')
		return false;
	if (col == NULL)
		return true;
	return strlen(col) == j - 12 && strncasecmp(buf + 11, col, j - 12) == 0;
}

/* The PostgreSQL type of a column, or NULL (error set). */
const char *
emit_column_type(Emit *e, const DdlName *table, const DdlColumn *c)
{
	char buf[256];
	const char *t;

	if (c->type.name == NULL) {
		fail(e, CHM_ESYNTAX, "column \"%s\" has no type", c->name);
		return NULL;
	}
	t = ddl_map_type(e->ctx, table->schema ? table->schema : e->ctx->default_schema, table->name, c,
	                 buf, sizeof(buf));
	if (t == NULL) {
		fail(e, CHM_EUNSUPPORTED, "column \"%s\" of table %s: unknown MySQL type \"%s\"", c->name,
		     emit_table_text(e, table), c->type.name);
		return NULL;
	}
	if (strcmp(t, "real[]") == 0 && strcasecmp(c->type.name, "vector") == 0)
		emit_note(e,
		          "column \"%s\" of %s: VECTOR becomes real[], pgvector is not installed in the "
		          "target database (CREATE EXTENSION vector there to get its vector type)",
		          c->name, emit_table_text(e, table));
	/* MariaDB JSON: text with a json_valid CHECK of itself */
	if (strcmp(t, "text") == 0 && strcmp(c->type.name, "enum") != 0 &&
	    strcmp(c->type.name, "set") != 0)
		for (int i = 0; i < c->nchecks; i++)
			if (is_json_valid_of(c->checks[i]->expr, c->name))
				return "jsonb";
	return arena_strdup(e->arena, t);
}

void
emit_enum_check_name(StrBuf *sb, const char *col)
{
	char buf[128];

	ddl_index_pg_name(col, "enum_check", buf, sizeof(buf));
	emit_ident(sb, buf);
}

/*
 * The labels, then '': outside strict mode MySQL stores an invalid value as
 * the error value '' (index 0), and the row images carry it; a CHECK that
 * refused it would stop the table's replay.
 */
void
emit_enum_check(StrBuf *sb, const DdlColumn *c)
{
	bool empty = false;

	strbuf_puts(sb, "CHECK (");
	emit_ident(sb, c->name);
	strbuf_puts(sb, " IN (");
	for (int i = 0; i < c->type.nlabels; i++) {
		size_t k = 0;

		if (i)
			strbuf_puts(sb, ", ");
		strbuf_quote_literal(sb, c->type.labels[i], c->type.label_lens[i]);
		while (k < c->type.label_lens[i] && c->type.labels[i][k] == '\0')
			k++; /* PostgreSQL drops NUL bytes: a label of them only is '' there */
		empty = empty || k == c->type.label_lens[i];
	}
	if (!empty)
		strbuf_puts(sb, ", ''");
	strbuf_puts(sb, "))");
}

bool
emit_is_enum(const DdlColumn *c, const char *pg)
{
	return c->type.name && strcmp(c->type.name, "enum") == 0 && c->type.nlabels > 0 && pg &&
	       strcmp(pg, "text") == 0;
}

/* Notices every column definition may bring: order, ON UPDATE, generated, invisible. */
void
emit_column_notes(Emit *e, const DdlName *table, const DdlColumn *c)
{
	const char *t = emit_table_text(e, table);

	if (c->placed) {
		if (c->after)
			emit_note(e,
			          "column order cannot be kept in PostgreSQL: \"%s\" of %s is not placed AFTER "
			          "\"%s\"",
			          c->name, t, c->after);
		else
			emit_note(e,
			          "column order cannot be kept in PostgreSQL: \"%s\" of %s is not placed FIRST",
			          c->name, t);
	}
	if (c->on_update_now)
		emit_note(e,
		          "ON UPDATE CURRENT_TIMESTAMP of column \"%s\" of %s: values come from the binlog "
		          "during "
		          "replication; detach-replica creates the trigger",
		          c->name, t);
	if (c->generated)
		emit_note(
		    e,
		    "generated column \"%s\" of %s AS (%s) %s is a plain column: its values come from the "
		    "binlog",
		    c->name, t, c->generated, c->stored ? "STORED" : "VIRTUAL");
	if (c->invisible)
		emit_note(e,
		          "column \"%s\" of %s is INVISIBLE in MySQL: PostgreSQL has no invisible columns",
		          c->name, t);
	for (int i = 0; i < c->type.nlabels; i++)
		if (memchr(c->type.labels[i], '\0', c->type.label_lens[i]) != NULL) {
			emit_note(e,
			          "label %d of column \"%s\" of %s holds a NUL byte, which PostgreSQL text "
			          "cannot hold: the label is kept without it",
			          i + 1, c->name, t);
			break;
		}
	if (c->auto_increment && c->type.is_unsigned && c->type.name &&
	    strcmp(c->type.name, "bigint") == 0)
		emit_note(e,
		          "column \"%s\" of %s: bigint unsigned AUTO_INCREMENT becomes a bigint identity",
		          c->name, t);
}

/*
 * "col" type [GENERATED BY DEFAULT AS IDENTITY] [NOT NULL] [DEFAULT x]
 * [CONSTRAINT col_enum_check CHECK (...)].  Returns false on error.
 */
bool
emit_column_sql(Emit *e, const DdlName *table, const DdlColumn *c, StrBuf *sb)
{
	const char *pg = emit_column_type(e, table, c);

	if (pg == NULL)
		return false;
	emit_ident(sb, c->name);
	strbuf_putc(sb, ' ');
	strbuf_puts(sb, pg);
	if (c->auto_increment) {
		if (emit_type_cat(pg) == CAT_INT)
			strbuf_puts(sb, " GENERATED BY DEFAULT AS IDENTITY");
		else
			emit_note(
			    e,
			    "AUTO_INCREMENT of column \"%s\" of %s (type %s) is not kept: an identity must be "
			    "an integer",
			    c->name, emit_table_text(e, table), pg);
	}
	if (c->not_null || c->key == DDL_IDX_PRIMARY || c->auto_increment)
		strbuf_puts(sb, " NOT NULL");
	if (!c->auto_increment || emit_type_cat(pg) != CAT_INT) {
		StrBuf d = STRBUF_INIT;
		if (emit_default_sql(e, table, c, pg, &d) && !(c->def.kind == DDL_DEF_NULL))
			strbuf_printf(sb, " DEFAULT %s", d.data);
		else if (d.len > 0 && strcmp(d.data, "NULL") != 0)
			strbuf_printf(sb, " DEFAULT %s", d.data);
		strbuf_free(&d);
	}
	if (emit_is_enum(c, pg)) {
		strbuf_puts(sb, " CONSTRAINT ");
		emit_enum_check_name(sb, c->name);
		strbuf_putc(sb, ' ');
		emit_enum_check(sb, c);
	}
	emit_column_notes(e, table, c);
	return true;
}

/* What column name of the statement's table holds, for ddl_expr_translate(). */
static int
key_column_kind(void *arg, const char *name)
{
	Emit *e = arg;

	switch (emit_known_cat(e, emit_known_column(e, name))) {
	case CAT_OTHER:
		return DDL_COL_UNKNOWN;
	case CAT_STRING:
		return DDL_COL_TEXT;
	case CAT_INT:
	case CAT_NUMERIC:
	case CAT_FLOAT:
		return DDL_COL_NUMBER;
	default:
		return DDL_COL_OTHER;
	}
}

/* The CHECK constraint text, or false with a notice. */
bool
emit_check_sql(Emit *e, const DdlName *table, const DdlCheck *k, const char *col, StrBuf *sb)
{
	StrBuf x = STRBUF_INIT;
	const char *why = NULL;
	char namebuf[128];
	DdlExprCols cols = {key_column_kind, e};

	if (is_json_valid_of(k->expr, NULL)) { /* MariaDB's own CHECK of a JSON column */
		emit_note(e, "CHECK (%s) of %s not created: jsonb validates JSON itself", k->expr,
		          emit_table_text(e, table));
		return false;
	}
	if (k->name == NULL) {
		/* MySQL numbers every unnamed CHECK, the ones not created here too: a later
		 * DROP CHECK <table>_chk_2 must find the second */
		char num[32];
		snprintf(num, sizeof(num), "chk_%d", ++e->nchecks);
		ddl_index_pg_name(table->name, num, namebuf, sizeof(namebuf));
	}
	if (!k->enforced) {
		emit_note(e, "CHECK (%s) of %s is NOT ENFORCED in MySQL: not created", k->expr,
		          emit_table_text(e, table));
		return false;
	}
	if (ddl_expr_translate(e->arena, k->expr, strlen(k->expr), e->ctx->sql_mode, e->s,
	                       DDL_EXPR_COLUMNS, &cols, &x, &why) != 0) {
		emit_note(e, "CHECK (%s) of %s not created: %s", k->expr, emit_table_text(e, table), why);
		strbuf_free(&x);
		return false;
	}
	(void)col;
	strbuf_puts(sb, "CONSTRAINT ");
	emit_ident(sb, k->name != NULL ? k->name : namebuf);
	strbuf_printf(sb, " CHECK (%s)", x.data ? x.data : "");
	strbuf_free(&x);
	return true;
}


static void
fk_note(Emit *e, const DdlName *table, const DdlIndex *ix)
{
	StrBuf sb = STRBUF_INIT;

	strbuf_puts(&sb, "foreign key ");
	if (ix->name) {
		emit_ident(&sb, ix->name);
		strbuf_putc(&sb, ' ');
	}
	strbuf_puts(&sb, "of ");
	emit_table_name(e, &sb, table);
	strbuf_puts(&sb, " (");
	for (int i = 0; i < ix->nparts; i++) {
		if (i)
			strbuf_puts(&sb, ", ");
		if (ix->parts[i].column)
			emit_ident(&sb, ix->parts[i].column);
	}
	strbuf_puts(&sb, ") REFERENCES ");
	emit_table_name(e, &sb, &ix->ref_table);
	strbuf_puts(&sb, " (");
	for (int i = 0; i < ix->nref_columns; i++) {
		if (i)
			strbuf_puts(&sb, ", ");
		emit_ident(&sb, ix->ref_columns[i]);
	}
	strbuf_putc(&sb, ')');
	if (ddl_fk_action_name(ix->on_delete))
		strbuf_printf(&sb, " ON DELETE %s", ddl_fk_action_name(ix->on_delete));
	if (ddl_fk_action_name(ix->on_update))
		strbuf_printf(&sb, " ON UPDATE %s", ddl_fk_action_name(ix->on_update));
	emit_note(e, "%s: not created during replication; detach-replica creates it", sb.data);
	strbuf_free(&sb);
}

/* The MySQL name of an index: its own, PRIMARY, or MySQL's choice (first column, _2, _3 ...). */
const char *
emit_mysql_index_name(Emit *e, const DdlIndex *ix, const char **taken, int ntaken)
{
	const char *base;
	char buf[300];

	if (ix->name != NULL)
		return ix->name;
	if (ix->kind == DDL_IDX_PRIMARY)
		return "PRIMARY";
	base = ix->nparts > 0 && ix->parts[0].column ? ix->parts[0].column : "functional_index";
	snprintf(buf, sizeof(buf), "%s", base);
	for (int n = 2;; n++) {
		bool clash = false;
		for (int i = 0; i < ntaken; i++)
			if (taken[i] && strcasecmp(taken[i], buf) == 0)
				clash = true;
		if (!clash)
			break;
		snprintf(buf, sizeof(buf), "%s_%d", base, n);
	}
	return arena_strdup(e->arena, buf);
}

/* 1 when column `name` is bytea in PostgreSQL, 0 when it is not, -1 when its type is unknown. */
static int
column_is_bytes(Emit *e, const char *name)
{
	TypeCat cat = emit_known_cat(e, emit_known_column(e, name));

	return cat == CAT_OTHER ? -1 : cat == CAT_BYTEA;
}

/*
 * "(a, left(b, 10), (expr) DESC)"; false with *why when an expression part
 * cannot be translated.  A kept prefix is left() of a text column and
 * substring() of a bytea one (there is no left(bytea)); substring() also
 * when the type is not known here, since it takes both.
 */
static bool
key_parts(Emit *e, const DdlIndex *ix, StrBuf *sb, bool keep_prefix, const char **why)
{
	strbuf_putc(sb, '(');
	for (int i = 0; i < ix->nparts; i++) {
		const DdlKeyPart *kp = &ix->parts[i];
		if (i)
			strbuf_puts(sb, ", ");
		if (kp->expr) {
			StrBuf x = STRBUF_INIT;
			DdlExprCols cols = {key_column_kind, e};
			if (ddl_expr_translate(e->arena, kp->expr, strlen(kp->expr), e->ctx->sql_mode, e->s,
			                       DDL_EXPR_COLUMNS | DDL_EXPR_INDEX |
			                           (ix->kind == DDL_IDX_PLAIN ? 0 : DDL_EXPR_UNIQUE),
			                       &cols, &x, why) != 0) {
				strbuf_free(&x);
				return false;
			}
			strbuf_printf(sb, "(%s)", x.data ? x.data : "");
			strbuf_free(&x);
		} else if (kp->prefix > 0 && keep_prefix && column_is_bytes(e, kp->column) == 0) {
			strbuf_puts(sb, "left(");
			emit_ident(sb, emit_col_name(e, kp->column));
			strbuf_printf(sb, ", %d)", kp->prefix);
		} else if (kp->prefix > 0 && keep_prefix) {
			strbuf_puts(sb, "substring(");
			emit_ident(sb, emit_col_name(e, kp->column));
			strbuf_printf(sb, " FROM 1 FOR %d)", kp->prefix);
		} else {
			emit_ident(sb, emit_col_name(e, kp->column));
		}
		if (kp->desc)
			strbuf_puts(sb, " DESC");
	}
	strbuf_putc(sb, ')');
	return true;
}

/*
 * Fills ix (with its one key part kp) as the unnamed UNIQUE index that
 * column c's UNIQUE keyword makes.  ix borrows kp and c's name.
 */
void
emit_column_unique(DdlIndex *ix, DdlKeyPart *kp, const DdlColumn *c)
{
	memset(ix, 0, sizeof(*ix));
	memset(kp, 0, sizeof(*kp));
	kp->column = c->name;
	ix->kind = DDL_IDX_UNIQUE;
	ix->parts = kp;
	ix->nparts = 1;
}

/*
 * MySQL gives a foreign key an index of its own when no index starts with
 * its columns: PostgreSQL gets that index too, so that the index names
 * agree for a later DROP INDEX (only when the table is known).
 */
static void
fk_index(Emit *e, const DdlName *table, const DdlIndex *fk, bool if_not_exists)
{
	DdlIndex plain;
	char buf[300];

	if (e->tm == NULL || fk->nparts == 0 || !ddl_model_fk_needs_index(e->tm, fk))
		return;
	plain = *fk;
	plain.kind = DDL_IDX_PLAIN;
	emit_create_index(e, table, &plain, ddl_model_index_name(e->tm, &plain, buf, sizeof(buf)),
	                  if_not_exists);
}

/*
 * A primary key with prefix parts (PRIMARY KEY (a(32), b)): PostgreSQL's
 * key cannot hold an expression, so it is on the whole columns (replay
 * identifies rows by them) and this unique index <table>_PRIMARY on
 * (left(a, 32), b) makes the constraint MySQL's.  DROP PRIMARY KEY drops it
 * too (emit_drop_primary_key).
 */
static void
pk_prefix_index(Emit *e, const DdlName *table, const DdlIndex *pk, bool if_not_exists)
{
	DdlIndex u;
	int i = 0;

	while (i < pk->nparts && pk->parts[i].prefix == 0)
		i++;
	if (i == pk->nparts)
		return;
	u = *pk;
	u.kind = DDL_IDX_UNIQUE;
	emit_create_index(e, table, &u, "PRIMARY", if_not_exists);
}

/* CREATE [UNIQUE] INDEX for a plain or unique key; notices for the rest. */
void
emit_create_index(Emit *e, const DdlName *table, const DdlIndex *ix, const char *name,
                  bool if_not_exists)
{
	StrBuf *out = e->out;
	StrBuf parts = STRBUF_INIT;
	const char *why = NULL;

	switch (ix->kind) {
	case DDL_IDX_FULLTEXT:
	case DDL_IDX_SPATIAL:
		emit_note(
		    e,
		    "%s index \"%s\" of %s skipped: PostgreSQL builds text search and geometry indexes "
		    "differently",
		    ix->kind == DDL_IDX_FULLTEXT ? "FULLTEXT" : "SPATIAL", name, emit_table_text(e, table));
		return;
	case DDL_IDX_FOREIGN:
		fk_index(e, table, ix, if_not_exists);
		fk_note(e, table, ix);
		return;
	default:
		break;
	}
	if (!key_parts(e, ix, &parts, ix->kind == DDL_IDX_UNIQUE, &why)) {
		emit_note(e, "index \"%s\" of %s skipped: %s", name, emit_table_text(e, table), why);
		strbuf_free(&parts);
		return;
	}
	if (ix->kind == DDL_IDX_PRIMARY) {
		strbuf_puts(out, "ALTER TABLE ");
		emit_table_name(e, out, table);
		strbuf_printf(out, " ADD PRIMARY KEY %s;\n", parts.data);
		strbuf_free(&parts);
		pk_prefix_index(e, table, ix, if_not_exists);
		return;
	}
	strbuf_puts(out, ix->kind == DDL_IDX_UNIQUE ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
	if (if_not_exists)
		strbuf_puts(out, "IF NOT EXISTS ");
	emit_new_index_name(e, out, table, name);
	strbuf_puts(out, " ON ");
	emit_table_name(e, out, table);
	strbuf_putc(out, ' ');
	strbuf_append(out, parts.data, parts.len);
	strbuf_puts(out, ";\n");
	strbuf_free(&parts);
}

void
emit_comment_on_column(Emit *e, const DdlName *table, const char *col, const char *text)
{
	strbuf_puts(e->out, "COMMENT ON COLUMN ");
	emit_table_name(e, e->out, table);
	strbuf_putc(e->out, '.');
	emit_ident(e->out, col);
	strbuf_puts(e->out, " IS ");
	if (text[0] == '\0')
		strbuf_puts(e->out, "NULL");
	else
		strbuf_quote_literal(e->out, text, strlen(text));
	strbuf_puts(e->out, ";\n");
}

void
emit_comment_on_table(Emit *e, const DdlName *table, const char *text)
{
	strbuf_puts(e->out, "COMMENT ON TABLE ");
	emit_table_name(e, e->out, table);
	strbuf_puts(e->out, " IS ");
	if (text[0] == '\0')
		strbuf_puts(e->out, "NULL");
	else
		strbuf_quote_literal(e->out, text, strlen(text));
	strbuf_puts(e->out, ";\n");
}

/* ---------------------------------------------------------------- CREATE TABLE */

static void
emit_create(Emit *e)
{
	const DdlStmt *s = e->s;
	StrBuf *out = e->out;
	const char **names;
	int nnames = 0;
	const DdlIndex *pk = NULL;
	bool first = true;
	int pk_col = -1;

	if (s->as_select) {
		fail(e, CHM_EUNSUPPORTED,
		     "CREATE TABLE %s ... SELECT cannot be translated: the column types come from "
		     "the query; the binlog logs such tables as a plain CREATE TABLE",
		     emit_table_text(e, &s->table));
		return;
	}
	if (s->or_replace) {
		strbuf_puts(out, "DROP TABLE IF EXISTS ");
		emit_table_name(e, out, &s->table);
		strbuf_puts(out, ";\n");
	}
	move_index_away(e, &s->table, s->table.name);
	strbuf_printf(out, "CREATE %sTABLE %s", s->temporary ? "TEMPORARY " : "",
	              s->if_not_exists ? "IF NOT EXISTS " : "");
	emit_table_name(e, out, &s->table);
	if (s->kind == DDL_CREATE_TABLE_LIKE) {
		strbuf_puts(out, " (LIKE ");
		emit_table_name(e, out, &s->like);
		strbuf_puts(out, " INCLUDING ALL EXCLUDING INDEXES);\n");
		if (!e->temp)
			like_indexes(e, &s->table, &s->like);
		return;
	}
	strbuf_puts(out, " (\n");
	for (int i = 0; i < s->ncolumns; i++) {
		if (!first)
			strbuf_puts(out, ",\n");
		first = false;
		strbuf_puts(out, "    ");
		if (!emit_column_sql(e, &s->table, s->columns[i], out))
			return;
		if (s->columns[i]->key == DDL_IDX_PRIMARY && pk_col < 0)
			pk_col = i;
	}
	for (int i = 0; i < s->nindexes; i++)
		if (s->indexes[i]->kind == DDL_IDX_PRIMARY)
			pk = s->indexes[i];
	if (pk != NULL) {
		const char *why = NULL;
		strbuf_puts(out, ",\n    PRIMARY KEY ");
		if (!key_parts(e, pk, out, false, &why))
			fail(e, CHM_EUNSUPPORTED, "primary key of %s: %s", emit_table_text(e, &s->table), why);
	} else if (pk_col >= 0) {
		strbuf_puts(out, ",\n    PRIMARY KEY (");
		emit_ident(out, s->columns[pk_col]->name);
		strbuf_putc(out, ')');
	}
	/* column CHECKs, then table CHECKs, numbered like MySQL's <table>_chk_<n> */
	for (int i = 0; i < s->ncolumns; i++)
		for (int j = 0; j < s->columns[i]->nchecks; j++) {
			StrBuf ck = STRBUF_INIT;
			if (emit_check_sql(e, &s->table, s->columns[i]->checks[j], s->columns[i]->name, &ck))
				strbuf_printf(out, ",\n    %s", ck.data);
			strbuf_free(&ck);
		}
	for (int i = 0; i < s->nchecks; i++) {
		StrBuf ck = STRBUF_INIT;
		if (emit_check_sql(e, &s->table, s->checks[i], NULL, &ck))
			strbuf_printf(out, ",\n    %s", ck.data);
		strbuf_free(&ck);
	}
	strbuf_puts(out, "\n);\n");

	/* indexes: named as MySQL names them, unnamed ones after their first column */
	names = arena_alloc(e->arena, sizeof(char *) * (size_t)(s->nindexes + s->ncolumns + 1));
	for (int i = 0; i < s->nindexes; i++)
		if (s->indexes[i]->name)
			names[nnames++] = s->indexes[i]->name;
	for (int i = 0; i < s->ncolumns; i++) {
		const DdlColumn *c = s->columns[i];
		if (c->key == DDL_IDX_UNIQUE) {
			DdlIndex ix;
			DdlKeyPart kp;
			emit_column_unique(&ix, &kp, c);
			names[nnames] = emit_mysql_index_name(e, &ix, names, nnames);
			emit_create_index(e, &s->table, &ix, names[nnames], s->if_not_exists);
			nnames++;
		}
	}
	for (int i = 0; i < s->nindexes; i++) {
		const DdlIndex *ix = s->indexes[i];
		const char *nm;
		if (ix->kind == DDL_IDX_PRIMARY)
			continue;
		if (ix->kind == DDL_IDX_FOREIGN) {
			DdlAlterSpec add;
			emit_create_index(e, &s->table, ix, ix->name, s->if_not_exists);
			memset(&add, 0, sizeof(add));
			add.kind = DDL_AT_ADD_INDEX;
			add.index = (DdlIndex *)ix;
			if (e->tm != NULL) /* the next foreign key may use the index this one got */
				ddl_model_apply_spec(e->tm, &add);
			continue;
		}
		nm = emit_mysql_index_name(e, ix, names, nnames);
		if (ix->name == NULL)
			names[nnames++] = nm;
		emit_create_index(e, &s->table, ix, nm, s->if_not_exists || ix->if_not_exists);
	}
	if (pk != NULL)
		pk_prefix_index(e, &s->table, pk, s->if_not_exists);
	if (s->comment && s->comment[0])
		emit_comment_on_table(e, &s->table, s->comment);
	for (int i = 0; i < s->ncolumns; i++)
		if (s->columns[i]->comment && s->columns[i]->comment[0])
			emit_comment_on_column(e, &s->table, s->columns[i]->name, s->columns[i]->comment);
	if (s->partitioned)
		emit_note(e, "partitioning of %s is not kept: the PostgreSQL table is not partitioned",
		          emit_table_text(e, &s->table));
	if (s->temporary)
		emit_note(e, "temporary table: it exists only in this session");
}

/* '<table>_' as a PostgreSQL literal: the prefix of the index names of a table. */
static void
prefix_literal(StrBuf *sb, const char *table)
{
	StrBuf p = STRBUF_INIT;

	strbuf_printf(&p, "%s_", table);
	strbuf_quote_literal(sb, p.data, p.len);
	strbuf_free(&p);
}

/*
 * After a table is renamed from old to table: its indexes, named
 * <old>_<index>, become <table>_<index>, so that later DDL finds them by the
 * rule of ddl_index_pg_name().  Done by the server from its catalog, since
 * only it knows which indexes exist; names longer than 63 bytes are left.
 */
static void
rename_indexes(Emit *e, const DdlName *table, const char *old)
{
	StrBuf *out = e->out;
	StrBuf reg = STRBUF_INIT, body = STRBUF_INIT;

	emit_table_name(e, &reg, table);
	strbuf_puts(&body,
	            "DECLARE r record; BEGIN FOR r IN SELECT i.indexrelid::regclass AS idx, c.relname "
	            "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = ");
	strbuf_quote_literal(&body, reg.data, reg.len);
	strbuf_puts(&body, "::regclass AND NOT i.indisprimary AND starts_with(c.relname, ");
	prefix_literal(&body, old);
	strbuf_puts(&body, ") LOOP IF octet_length(");
	prefix_literal(&body, table->name);
	strbuf_puts(&body, " || substr(r.relname, char_length(");
	prefix_literal(&body, old);
	strbuf_puts(&body, ") + 1)) <= 63 THEN EXECUTE format('ALTER INDEX %s RENAME TO %I', r.idx, ");
	prefix_literal(&body, table->name);
	strbuf_puts(&body, " || substr(r.relname, char_length(");
	prefix_literal(&body, old);
	strbuf_puts(&body, ") + 1)); END IF; END LOOP; END");
	emit_do_block(out, &body);
	strbuf_free(&reg);
	strbuf_free(&body);
}

/*
 * CREATE TABLE new LIKE old: everything but the indexes comes with LIKE;
 * the indexes are created again under new's names (<new>_<index>), and the
 * primary key as a primary key.
 */
static void
like_indexes(Emit *e, const DdlName *table, const DdlName *like)
{
	StrBuf *out = e->out;
	StrBuf reg = STRBUF_INIT, src = STRBUF_INIT, body = STRBUF_INIT;

	emit_table_name(e, &reg, table);
	emit_table_name(e, &src, like);
	strbuf_puts(
	    &body,
	    "DECLARE r record; BEGIN FOR r IN SELECT c.relname, i.indisunique, "
	    "pg_get_indexdef(i.indexrelid) AS def, (SELECT pg_get_constraintdef(k.oid) FROM "
	    "pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype = 'p') AS pk FROM pg_index "
	    "i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = ");
	strbuf_quote_literal(&body, src.data, src.len);
	strbuf_puts(
	    &body,
	    "::regclass LOOP IF r.pk IS NOT NULL THEN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE "
	    "conrelid = ");
	strbuf_quote_literal(&body, reg.data, reg.len);
	strbuf_puts(&body, "::regclass AND contype = 'p') THEN EXECUTE ");
	{
		StrBuf head = STRBUF_INIT;
		strbuf_printf(&head, "ALTER TABLE %s ADD ", reg.data);
		strbuf_quote_literal(&body, head.data, head.len);
		strbuf_free(&head);
	}
	strbuf_puts(&body,
	            " || r.pk; END IF; ELSE EXECUTE format('CREATE %sINDEX IF NOT EXISTS %I ON "
	            "%s%s', CASE WHEN "
	            "r.indisunique THEN 'UNIQUE ' ELSE '' END, CASE WHEN starts_with(r.relname, ");
	prefix_literal(&body, like->name);
	strbuf_puts(&body, ") THEN ");
	prefix_literal(&body, table->name);
	strbuf_puts(&body, " || substr(r.relname, char_length(");
	prefix_literal(&body, like->name);
	strbuf_puts(&body, ") + 1) ELSE r.relname || ");
	{
		StrBuf suffix = STRBUF_INIT;
		strbuf_printf(&suffix, "_%s", table->name);
		strbuf_quote_literal(&body, suffix.data, suffix.len);
		strbuf_free(&suffix);
	}
	strbuf_puts(&body, " END, ");
	strbuf_quote_literal(&body, reg.data, reg.len);
	strbuf_puts(&body, ", substring(r.def FROM ' USING .*')); END IF; END LOOP; END");
	emit_do_block(out, &body);
	strbuf_free(&reg);
	strbuf_free(&src);
	strbuf_free(&body);
}

void
emit_rename_table(Emit *e, const DdlName *from, const DdlName *to)
{
	const char *fs = target_schema(e, from->schema), *ts = target_schema(e, to->schema);
	StrBuf *out = e->out;

	if (!e->temp)
		move_index_away(e, to, to->name);
	if (strcmp(from->name, to->name) != 0) {
		strbuf_puts(out, "ALTER TABLE ");
		emit_table_name(e, out, from);
		strbuf_puts(out, " RENAME TO ");
		emit_ident(out, to->name);
		strbuf_puts(out, ";\n");
	}
	if ((fs == NULL) != (ts == NULL) || (fs && strcmp(fs, ts) != 0)) {
		DdlName mid = {from->schema, to->name};
		strbuf_puts(out, "ALTER TABLE ");
		emit_table_name(e, out, &mid);
		strbuf_puts(out, " SET SCHEMA ");
		emit_ident(out, ts ? ts : "public");
		strbuf_puts(out, ";\n");
	}
	if (strcmp(from->name, to->name) != 0 && !e->temp)
		rename_indexes(e, to, from->name);
}

/* ---------------------------------------------------------------- the rest */

int
ddl_emit(const DdlContext *ctx, Arena *a, const DdlStmt *s, StrBuf *out, DdlModelTable **table,
         bool *recopy, const char **message)
{
	Emit e;

	memset(&e, 0, sizeof(e));
	e.ctx = ctx;
	e.arena = a;
	e.s = s;
	e.out = out;
	e.temp = s->temporary;
	strbuf_init(&e.notes);
	*table = NULL;
	if (s->kind == DDL_CREATE_TABLE)
		e.tm = ddl_model_table_from_create(s->temporary ? NULL : ctx->model,
		                                   s->table.schema ? s->table.schema : ctx->default_schema,
		                                   s, false);
	else if ((s->kind == DDL_ALTER_TABLE || s->kind == DDL_CREATE_INDEX ||
	          s->kind == DDL_DROP_INDEX) &&
	         ctx->model != NULL && !s->temporary) {
		e.tm = ddl_model_table_copy(
		    ctx->model, s->table.schema ? s->table.schema : ctx->default_schema, s->table.name);
	}

	switch (s->kind) {
	case DDL_CREATE_TABLE:
	case DDL_CREATE_TABLE_LIKE:
		emit_create(&e);
		break;
	case DDL_ALTER_TABLE:
		emit_alter(&e);
		break;
	case DDL_DROP_TABLE:
		strbuf_printf(out, "DROP TABLE %s", s->if_exists ? "IF EXISTS " : "");
		for (int i = 0; i < s->nnames; i++) {
			if (i)
				strbuf_puts(out, ", ");
			emit_table_name(&e, out, &s->names[i]);
		}
		strbuf_puts(out, ";\n");
		break;
	case DDL_TRUNCATE:
		strbuf_puts(out, "TRUNCATE TABLE ");
		emit_table_name(&e, out, &s->table);
		strbuf_puts(out, ";\n");
		break;
	case DDL_RENAME_TABLE:
		for (int i = 0; i + 1 < s->nnames; i += 2)
			emit_rename_table(&e, &s->names[i], &s->names[i + 1]);
		break;
	case DDL_CREATE_INDEX:
		if (s->nindexes != 1)
			break;
		if (s->or_replace) {
			strbuf_puts(out, "DROP INDEX IF EXISTS ");
			emit_index_qname(&e, out, &s->table, s->indexes[0]->name);
			strbuf_puts(out, ";\n");
		}
		emit_create_index(&e, &s->table, s->indexes[0], s->indexes[0]->name,
		                  s->indexes[0]->if_not_exists);
		break;
	case DDL_DROP_INDEX:
		if (strcasecmp(s->index_name, "PRIMARY") == 0) {
			emit_drop_primary_key(&e, &s->table);
			break;
		}
		strbuf_puts(out, "DROP INDEX IF EXISTS "); /* see DDL_AT_DROP_INDEX */
		emit_index_qname(&e, out, &s->table, s->index_name);
		strbuf_puts(out, ";\n");
		break;
	}
	if (e.error == 0 && e.notes.len > 0)
		strbuf_append(out, e.notes.data, e.notes.len);
	strbuf_free(&e.notes);
	if ((s->kind == DDL_ALTER_TABLE || (s->kind == DDL_CREATE_TABLE && !s->temporary)) &&
	    e.tm != NULL && e.error == 0 && ctx->model != NULL)
		*table = e.tm; /* the table as s leaves it */
	else
		ddl_model_table_free(e.tm);
	*recopy = e.recopy && e.error == 0;
	*message = e.message;
	return e.error;
}
