/*
 * driver.c — statements in, translations out: ddl_translate() (see ddl.h).
 *
 * The loop of sqlite's sqlite3RunParser, with a dump reader around it:
 * scan tokens up to the terminator, classify the statement by its leading
 * words, feed table DDL to the lemon parser and the tree to the emitter.
 * Client-side state (USE, SET sql_mode, DELIMITER) is applied here, between
 * statements, because it changes how the next statement is scanned.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "ddl/ddl.h"
#include "mysql_ddl.h"

void *ddlParserAlloc(void *(*mallocProc)(size_t), DdlParse *p);
void ddlParser(void *parser, int major, Token minor);
void ddlParserInit(void *parser, DdlParse *p);
void ddlParserFinalize(void *parser);

/*
 * How deep parentheses may nest in a statement.  MariaDB's own parser
 * stops far below this; the bound keeps a hostile statement from growing
 * the parser's stack without end.
 */
#define DDL_MAX_NESTING 10000

typedef struct Tok {
	int code;
	Token t;
	const char *error; /* TK_LEX_ERROR: what the scanner found wrong */
} Tok;

typedef struct SavedMode {
	char name[64];
	int mode;
} SavedMode;

void
ddl_context_init(DdlContext *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
}

void
ddl_context_free(DdlContext *ctx)
{
	free(ctx->default_schema);
	free(ctx->delimiter);
	memset(ctx, 0, sizeof(*ctx));
}

void
ddl_context_set_schema(DdlContext *ctx, const char *schema)
{
	free(ctx->default_schema);
	ctx->default_schema = schema ? chm_strdup(schema) : NULL;
}

void
ddl_result_free(DdlResult *out)
{
	free(out->stmts);
	arena_free(&out->arena);
	memset(out, 0, sizeof(*out));
}

int
ddl_sql_mode_bits(const char *text, size_t len)
{
	static const struct {
		const char *name;
		int bits;
	} modes[] = {
	    {"ANSI_QUOTES", LEX_ANSI_QUOTES},
	    {"NO_BACKSLASH_ESCAPES", LEX_NO_BACKSLASH_ESCAPES},
	    {"ANSI", LEX_ANSI_QUOTES},
	    {"DB2", LEX_ANSI_QUOTES},
	    {"MAXDB", LEX_ANSI_QUOTES | LEX_MAXDB},
	    {"MSSQL", LEX_ANSI_QUOTES},
	    {"ORACLE", LEX_ANSI_QUOTES},
	    {"POSTGRESQL", LEX_ANSI_QUOTES},
	};
	int bits = 0;
	size_t i = 0;

	while (i < len) {
		size_t j = i;
		while (j < len && text[j] != ',')
			j++;
		while (i < j && isspace((unsigned char)text[i]))
			i++;
		for (size_t k = 0; k < sizeof(modes) / sizeof(modes[0]); k++)
			if (strlen(modes[k].name) == j - i && strncasecmp(text + i, modes[k].name, j - i) == 0)
				bits |= modes[k].bits;
		i = j + 1;
	}
	return bits;
}

/* ---------------------------------------------------------------- classification */

/* Inlined, first byte compared before anything else: classify() tries dozens of words. */
static inline bool
is_word(const Tok *k, const char *w)
{
	return k->t.n > 0 && ((unsigned char)k->t.z[0] | 0x20) == ((unsigned char)w[0] | 0x20) &&
	       (size_t)k->t.n == strlen(w) && strncasecmp(k->t.z, w, (size_t)k->t.n) == 0;
}

/* Skips DEFINER = user, ALGORITHM = x, SQL SECURITY x, OR REPLACE and the like. */
static int
skip_create_prefix(const Tok *t, int n, int i)
{
	for (;;) {
		if (i + 1 < n && is_word(&t[i], "OR") && is_word(&t[i + 1], "REPLACE"))
			i += 2;
		else if (i + 2 < n && (is_word(&t[i], "ALGORITHM") || is_word(&t[i], "DEFINER")) &&
		         t[i + 1].code == TK_EQ) {
			i += 3;
			if (i < n && t[i].code == TK_VARIABLE)
				i++;
			if (i + 1 < n && t[i].code == TK_LP && t[i + 1].code == TK_RP)
				i += 2;
		} else if (i + 2 < n && is_word(&t[i], "SQL") && is_word(&t[i + 1], "SECURITY"))
			i += 3;
		else if (i < n && (is_word(&t[i], "TEMPORARY") || is_word(&t[i], "ONLINE") ||
		                   is_word(&t[i], "OFFLINE") || is_word(&t[i], "IGNORE") ||
		                   is_word(&t[i], "AGGREGATE") || is_word(&t[i], "UNIQUE") ||
		                   is_word(&t[i], "FULLTEXT") || is_word(&t[i], "SPATIAL")))
			i++;
		else
			return i;
	}
}

/* The object word after CREATE/ALTER/DROP, as a class. */
static const char *
object_class(const Tok *k, bool *table_ddl, const char *verb)
{
	static const struct {
		const char *word;
		const char *cls;
	} objects[] = {
	    {"VIEW", "view"},          {"PROCEDURE", "routine"},     {"FUNCTION", "routine"},
	    {"TRIGGER", "trigger"},    {"EVENT", "event"},           {"DATABASE", "database"},
	    {"SCHEMA", "database"},    {"USER", "account"},          {"ROLE", "account"},
	    {"SEQUENCE", "sequence"},  {"TABLESPACE", "tablespace"}, {"SERVER", "server"},
	    {"LOGFILE", "tablespace"}, {"PACKAGE", "routine"},       {"SYNONYM", "other"},
	    {"RESOURCE", "other"},
	};

	*table_ddl = false;
	if (is_word(k, "TABLE") || is_word(k, "TABLES")) {
		*table_ddl = true;
		return strcmp(verb, "create") == 0  ? "create table"
		       : strcmp(verb, "alter") == 0 ? "alter table"
		                                    : "drop table";
	}
	if (is_word(k, "INDEX")) {
		*table_ddl = strcmp(verb, "alter") != 0;
		return strcmp(verb, "create") == 0 ? "create index"
		       : strcmp(verb, "drop") == 0 ? "drop index"
		                                   : "other";
	}
	for (size_t i = 0; i < sizeof(objects) / sizeof(objects[0]); i++)
		if (is_word(k, objects[i].word))
			return objects[i].cls;
	return "other";
}

/*
 * TEMPORARY among the words before TABLE.  A temporary table lives in one
 * session of the source and holds nothing the replica needs (row-based
 * binlogs never log its rows); translating its DDL would even be harmful:
 * an unqualified DROP TEMPORARY TABLE t would drop the replica's real t.
 */
static bool
has_temporary(const Tok *t, int end)
{
	for (int i = 1; i < end; i++)
		if (is_word(&t[i], "TEMPORARY"))
			return true;
	return false;
}

static const char *
classify(const Tok *t, int n, bool *table_ddl)
{
	static const struct {
		const char *word;
		const char *cls;
	} leading[] = {
	    {"INSERT", "dml"},
	    {"UPDATE", "dml"},
	    {"DELETE", "dml"},
	    {"REPLACE", "dml"},
	    {"SELECT", "dml"},
	    {"LOAD", "dml"},
	    {"CALL", "dml"},
	    {"DO", "dml"},
	    {"WITH", "dml"},
	    {"VALUES", "dml"},
	    {"TABLE", "dml"},
	    {"HANDLER", "dml"},
	    {"GRANT", "grant"},
	    {"REVOKE", "grant"},
	    {"SET", "set"},
	    {"USE", "use"},
	    {"FLUSH", "flush"},
	    {"LOCK", "lock"},
	    {"UNLOCK", "lock"},
	    {"BEGIN", "transaction"},
	    {"COMMIT", "transaction"},
	    {"ROLLBACK", "transaction"},
	    {"START", "transaction"},
	    {"SAVEPOINT", "transaction"},
	    {"RELEASE", "transaction"},
	    {"XA", "transaction"},
	    {"SHOW", "show"},
	    {"DESCRIBE", "show"},
	    {"DESC", "show"},
	    {"EXPLAIN", "show"},
	    {"HELP", "show"},
	    {"ANALYZE", "maintenance"},
	    {"OPTIMIZE", "maintenance"},
	    {"REPAIR", "maintenance"},
	    {"CHECK", "maintenance"},
	    {"CHECKSUM", "maintenance"},
	    {"PREPARE", "prepared statement"},
	    {"EXECUTE", "prepared statement"},
	    {"DEALLOCATE", "prepared statement"},
	    {"INSTALL", "plugin"},
	    {"UNINSTALL", "plugin"},
	    {"KILL", "admin"},
	    {"RESET", "admin"},
	    {"PURGE", "admin"},
	    {"CHANGE", "admin"},
	    {"STOP", "admin"},
	    {"BINLOG", "admin"},
	    {"CACHE", "admin"},
	    {"SHUTDOWN", "admin"},
	    {"RESTART", "admin"},
	    {"CLONE", "admin"},
	    {"IMPORT", "admin"},
	    {"DECLARE", "routine"},
	    {"SIGNAL", "routine"},
	    {"RESIGNAL", "routine"},
	    {"GET", "routine"},
	    {"RETURN", "routine"},
	    {"IF", "routine"},
	    {"WHILE", "routine"},
	    {"LOOP", "routine"},
	    {"REPEAT", "routine"},
	    {"LEAVE", "routine"},
	    {"ITERATE", "routine"},
	    {"OPEN", "routine"},
	    {"FETCH", "routine"},
	    {"CLOSE", "routine"},
	    {"END", "routine"},
	    {"CASE", "routine"},
	};
	int i;

	*table_ddl = false;
	if (n == 0)
		return "empty";
	if (t[0].code == TK_LP)
		return "dml"; /* (SELECT ...) */
	if (is_word(&t[0], "CREATE")) {
		i = skip_create_prefix(t, n, 1);
		if (i < n && is_word(&t[i], "TABLE") && has_temporary(t, i))
			return "temporary table";
		return i < n ? object_class(&t[i], table_ddl, "create") : "other";
	}
	if (is_word(&t[0], "ALTER")) {
		i = skip_create_prefix(t, n, 1);
		return i < n ? object_class(&t[i], table_ddl, "alter") : "other";
	}
	if (is_word(&t[0], "DROP")) {
		i = 1;
		while (i < n && (is_word(&t[i], "TEMPORARY") || is_word(&t[i], "ONLINE") ||
		                 is_word(&t[i], "OFFLINE")))
			i++;
		if (i < n && (is_word(&t[i], "TABLE") || is_word(&t[i], "TABLES")) && has_temporary(t, i))
			return "temporary table";
		return i < n ? object_class(&t[i], table_ddl, "drop") : "other";
	}
	if (is_word(&t[0], "RENAME")) {
		*table_ddl = n > 1 && (is_word(&t[1], "TABLE") || is_word(&t[1], "TABLES"));
		return *table_ddl ? "rename table" : "account";
	}
	if (is_word(&t[0], "TRUNCATE")) {
		*table_ddl = true;
		return "truncate table";
	}
	for (size_t k = 0; k < sizeof(leading) / sizeof(leading[0]); k++)
		if (is_word(&t[0], leading[k].word))
			return leading[k].cls;
	return "other";
}

/* ---------------------------------------------------------------- client-side state */

static void
apply_use(DdlContext *ctx, Arena *a, const Tok *t, int n)
{
	DdlParse dp;

	if (n < 2 || t[1].code == TK_LEX_ERROR)
		return;
	memset(&dp, 0, sizeof(dp));
	dp.arena = a;
	ddl_context_set_schema(ctx, ddl_ident(&dp, &t[1].t));
}

/* SET [SESSION|LOCAL] sql_mode = ..., SET @@[session.]sql_mode = ..., SET @v = @@sql_mode, ... */
static void
apply_set(DdlContext *ctx, Arena *a, const Tok *t, int n, SavedMode *saved, int *nsaved)
{
	DdlParse dp;
	int i = 1;

	memset(&dp, 0, sizeof(dp));
	dp.arena = a;
	dp.mode = ctx->sql_mode;
	while (i < n) {
		bool global = false, is_mode = false;
		const Tok *user_var = NULL;
		int vstart, vend;

		if (is_word(&t[i], "SESSION") || is_word(&t[i], "LOCAL"))
			i++;
		else if (is_word(&t[i], "GLOBAL") || is_word(&t[i], "PERSIST") ||
		         is_word(&t[i], "PERSIST_ONLY")) {
			global = true;
			i++;
		}
		if (i >= n)
			return;
		if (t[i].code == TK_VARIABLE) {
			const char *z = t[i].t.z;
			int len = t[i].t.n;
			if (len > 2 && z[1] == '@') {
				if (len > 9 && strncasecmp(z + 2, "global.", 7) == 0)
					global = true;
				is_mode = len >= 10 && strncasecmp(z + len - 8, "sql_mode", 8) == 0 &&
				          (len == 10 || z[len - 9] == '.');
			} else {
				user_var = &t[i];
			}
		} else {
			is_mode = is_word(&t[i], "sql_mode");
		}
		i++;
		if (i < n &&
		    (t[i].code == TK_EQ || (t[i].code == TK_OP && t[i].t.n == 2 && t[i].t.z[0] == ':')))
			i++;
		vstart = i;
		{
			int depth = 0;
			while (i < n && !(depth == 0 && t[i].code == TK_COMMA)) {
				if (t[i].code == TK_LP)
					depth++;
				else if (t[i].code == TK_RP)
					depth--;
				i++;
			}
		}
		vend = i;
		i++; /* the comma */
		if (user_var != NULL && vend == vstart + 1 && t[vstart].code == TK_VARIABLE &&
		    *nsaved < 8 && t[vstart].t.n >= 10 &&
		    strncasecmp(t[vstart].t.z + t[vstart].t.n - 8, "sql_mode", 8) == 0) {
			snprintf(saved[*nsaved].name, sizeof(saved[0].name), "%.*s", user_var->t.n,
			         user_var->t.z);
			saved[(*nsaved)++].mode = ctx->sql_mode;
			continue;
		}
		if (!is_mode || global || vend <= vstart)
			continue;
		if (vend == vstart + 1 &&
		    (is_word(&t[vstart], "DEFAULT") || t[vstart].code == TK_DEFAULT)) {
			ctx->sql_mode = 0;
		} else if (vend == vstart + 1 && t[vstart].code == TK_STRING) {
			size_t len;
			char *s = ddl_string(&dp, &t[vstart].t, &len);
			ctx->sql_mode = ddl_sql_mode_bits(s, len);
		} else if (vend == vstart + 1 && t[vstart].code == TK_VARIABLE) {
			for (int k = *nsaved - 1; k >= 0; k--)
				if ((int)strlen(saved[k].name) == t[vstart].t.n &&
				    strncasecmp(saved[k].name, t[vstart].t.z, (size_t)t[vstart].t.n) == 0) {
					ctx->sql_mode = saved[k].mode;
					break;
				}
		} else if (vend == vstart + 1) {
			ctx->sql_mode = ddl_sql_mode_bits(t[vstart].t.z, (size_t)t[vstart].t.n);
		}
	}
}

/* ---------------------------------------------------------------- positions */

typedef struct Cursor {
	const char *at;
	int line, column;
} Cursor;

/* Moves the cursor forward to target and returns its line and column. */
static void
locate(Cursor *c, const char *target, int *line, int *column)
{
	if (target < c->at) { /* never happens in order; be safe */
		*line = c->line;
		*column = c->column;
		return;
	}
	for (const char *nl; (nl = memchr(c->at, '\n', (size_t)(target - c->at))) != NULL;) {
		c->line++;
		c->column = 1;
		c->at = nl + 1;
	}
	c->column += (int)(target - c->at);
	c->at = target;
	*line = c->line;
	*column = c->column;
}

/* ---------------------------------------------------------------- the loop */

static void
add_table(DdlResult *out, DdlStatement *st, const DdlContext *ctx, const DdlName *n)
{
	if (st->ntables == 0 || (st->ntables & (st->ntables - 1)) == 0) {
		DdlTableRef *bigger = arena_alloc(
		    &out->arena, sizeof(DdlTableRef) * (size_t)(st->ntables ? st->ntables * 2 : 4));
		if (st->ntables)
			memcpy(bigger, st->tables, sizeof(DdlTableRef) * (size_t)st->ntables);
		st->tables = bigger;
	}
	st->tables[st->ntables].schema =
	    n->schema ? n->schema
	              : (ctx->default_schema ? arena_strdup(&out->arena, ctx->default_schema) : NULL);
	st->tables[st->ntables].name = n->name;
	st->ntables++;
}

/* The tables s changes, as far as it was parsed; with a filter, the wanted ones. */
static void
collect_tables(DdlResult *out, DdlStatement *st, const DdlContext *ctx, const DdlStmt *s)
{
	switch (s->kind) {
	case DDL_DROP_TABLE:
	case DDL_RENAME_TABLE:
		for (int i = 0; i < s->nnames; i++)
			if (s->names[i].name && ddl_scope_wanted(ctx, &s->names[i]))
				add_table(out, st, ctx, &s->names[i]);
		break;
	case DDL_ALTER_TABLE:
		if (s->table.name && ddl_scope_wanted(ctx, &s->table))
			add_table(out, st, ctx, &s->table);
		for (int i = 0; i < s->nspecs; i++)
			if (s->specs[i]->kind == DDL_AT_RENAME_TABLE && s->specs[i]->table.name &&
			    ddl_scope_wanted(ctx, &s->specs[i]->table))
				add_table(out, st, ctx, &s->specs[i]->table);
		break;
	default:
		if (s->table.name && ddl_scope_wanted(ctx, &s->table))
			add_table(out, st, ctx, &s->table);
		break;
	}
}

/* The model forgets the tables that left the replicated ones. */
static void
forget_leaving(DdlContext *ctx, const DdlStatement *st)
{
	for (int i = 0; i < st->nleaving; i++) {
		DdlName n = {(char *)st->leaving[2 * i].schema, (char *)st->leaving[2 * i].name};
		DdlStmt drop = {.kind = DDL_DROP_TABLE, .names = &n, .nnames = 1};
		ddl_model_apply(ctx->model, ctx->default_schema, &drop, NULL);
	}
}

/*
 * What the statement loop reuses from one statement to the next instead of
 * allocating it each time: the lemon parser (re-initialised per statement)
 * and the buffer the SQL is written into.
 */
typedef struct Scratch {
	void *parser;
	StrBuf sql;
	bool keep; /* statements outlive the loop: their SQL is copied out of sql */
} Scratch;

/*
 * Whether the ALTER TABLE in t[0..n) holds CONVERT TO CHARACTER SET x with x
 * other than utf8mb4: MySQL converts the text of every row, replacing what
 * x cannot hold with '?', and the binlog carries no rows for it.  utf8mb4
 * holds every character, so a conversion to it changes no text.  The
 * grammar swallows the clause (the replica's text columns keep their type):
 * only the tokens tell.
 */
static bool
converts_charset(const Tok *t, int n)
{
	for (int i = 0; i + 3 < n; i++) {
		int k;
		const Tok *cs;
		if (!is_word(&t[i], "CONVERT") || !is_word(&t[i + 1], "TO"))
			continue;
		k = is_word(&t[i + 2], "CHARSET") ? i + 3 : i + 4; /* CHARACTER SET */
		if (k >= n)
			return true;
		cs = &t[k];
		if (cs->t.n >= 2 && (cs->t.z[0] == '\'' || cs->t.z[0] == '`' || cs->t.z[0] == '"'))
			return !(cs->t.n == 9 && strncasecmp(cs->t.z + 1, "utf8mb4", 7) == 0);
		return !is_word(cs, "utf8mb4");
	}
	return false;
}

/* Parses and emits one table DDL statement. */
/* Whether n names a table of MySQL's own schemas (case-insensitive, as MySQL reads them). */
static bool
system_table(const DdlContext *ctx, const DdlName *n)
{
	static const char *const schemas[] = {"information_schema", "performance_schema", "mysql",
	                                      "sys"};
	const char *schema = n->schema ? n->schema : ctx->default_schema;

	for (size_t i = 0; schema != NULL && i < sizeof(schemas) / sizeof(schemas[0]); i++)
		if (strcasecmp(schema, schemas[i]) == 0)
			return true;
	return false;
}

static void
translate_one(DdlContext *ctx, DdlResult *out, DdlStatement *st, const Tok *t, int n, Cursor *cur,
              Scratch *sc)
{
	DdlParse p;
	void *parser;
	StrBuf *sql = &sc->sql;
	const char *msg = NULL;
	DdlModelTable *after = NULL;
	bool recopy = false;
	int rc;

	memset(&p, 0, sizeof(p));
	p.arena = &out->arena;
	p.mode = ctx->sql_mode;
	if (sc->parser == NULL)
		sc->parser = ddlParserAlloc(chm_malloc, &p);
	else
		ddlParserInit(sc->parser, &p);
	parser = sc->parser;
	for (int i = 0, depth = 0; i < n && p.error == 0; i++) {
		int code = t[i].code;
		if (code == TK_LEX_ERROR) {
			ddl_error(&p, CHM_ESYNTAX, t[i].t.z, "%s", t[i].error ? t[i].error : "unreadable text");
			break;
		}
		depth += code == TK_LP ? 1 : code == TK_RP ? -1 : 0;
		if (depth > DDL_MAX_NESTING) {
			ddl_error(&p, CHM_EUNSUPPORTED, t[i].t.z, "parentheses nested deeper than %d levels",
			          DDL_MAX_NESTING);
			break;
		}
		/* MySQL: the word after the dot of a qualified name is a name even when it is
		 * reserved (archive.stored, db.select) */
		if (i > 0 && t[i - 1].code == TK_DOT && code != TK_ID &&
		    lex_keyword(t[i].t.z, t[i].t.n) == code)
			code = TK_ID;
		ddlParser(parser, code, t[i].t);
	}
	if (p.error == 0) {
		Token end = {t[n - 1].t.z + t[n - 1].t.n, 0};
		ddlParser(parser, 0, end);
	}
	ddlParserFinalize(parser); /* pops what an error left on the stack */

	if (p.error == 0 && p.stmt == NULL)
		ddl_error(&p, CHM_ESYNTAX, NULL, "the statement is incomplete");
	if (p.error != 0) {
		st->outcome = DDL_FAILED;
		st->error = p.error;
		st->message = p.message;
		if (p.error_at == NULL)
			p.error_at = t[n - 1].t.z + t[n - 1].t.n;
		locate(cur, p.error_at, &st->err_line, &st->err_column);
		if (p.stmt != NULL) /* the tables named before the error: the caller stops them */
			collect_tables(out, st, ctx, p.stmt);
		return;
	}
	if (p.stmt->kind == DDL_CREATE_TABLE_LIKE && system_table(ctx, &p.stmt->like)) {
		/*
		 * MySQL's own tables (information_schema.PROCESSLIST ...) have no
		 * counterpart in PostgreSQL, whose information_schema is another:
		 * the replicator reads the new table from the source and copies it,
		 * as it does a table entering the replicated ones
		 */
		if (ddl_scope_wanted(ctx, &p.stmt->table))
			ddl_scope_add_entering(ctx, &out->arena, st, &p.stmt->like, &p.stmt->table);
		st->outcome = DDL_SKIPPED;
		st->cls = "LIKE a MySQL system table, whose columns only the source knows: the "
		          "replicator copies the new table from the source";
		return;
	}
	if (!ddl_scope_statement(ctx, &out->arena, p.stmt, st)) {
		st->outcome = DDL_SKIPPED;
		st->cls = "not a replicated table";
		if (ctx->model != NULL)
			forget_leaving(ctx, st);
		return;
	}
	strbuf_reset(sql);
	rc = ddl_emit(ctx, &out->arena, p.stmt, sql, &after, &recopy, &msg);
	if (rc == 0 && p.stmt->kind == DDL_ALTER_TABLE && converts_charset(t, n)) {
		recopy = true;
		strbuf_puts(sql, "-- text converted to another character set by MySQL, without row "
		                 "events: the replicator copies the table again\n");
	}
	if (rc != 0) {
		st->outcome = DDL_FAILED;
		st->error = rc;
		st->message = msg ? msg : chm_strerror(rc);
		st->err_line = st->line;
		st->err_column = st->column;
		collect_tables(out, st, ctx, p.stmt);
	} else {
		st->outcome = DDL_TRANSLATED;
		if (sc->keep || sql->data == NULL)
			st->sql = arena_strndup(&out->arena, sql->data ? sql->data : "", sql->len);
		else
			st->sql = sql->data; /* valid until the next statement, as fn's contract says */
		st->ast = p.stmt;
		st->recopy = recopy;
		collect_tables(out, st, ctx, p.stmt);
		if (ctx->model != NULL) {
			ddl_model_apply(ctx->model, ctx->default_schema, p.stmt, after);
			forget_leaving(ctx, st);
		}
	}
}

static DdlStatement *
new_statement(DdlResult *out, int *cap)
{
	if (out->n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		out->stmts = chm_realloc(out->stmts, sizeof(DdlStatement) * (size_t)*cap);
	}
	memset(&out->stmts[out->n], 0, sizeof(DdlStatement));
	return &out->stmts[out->n++];
}

/* A DELIMITER line: sets the terminator from the rest of the line, moves past it. */
static void
apply_delimiter(DdlContext *ctx, Lexer *lx, const Token *kw)
{
	const char *s = kw->z + kw->n, *e = lx->pe, *w;

	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	w = s;
	while (s < e && !isspace((unsigned char)*s) && *s != '\0')
		s++;
	if (s > w) { /* NUL ends the word: an empty delimiter would end a statement at every byte */
		free(ctx->delimiter);
		ctx->delimiter = NULL;
		if (!(s - w == 1 && *w == ';'))
			ctx->delimiter = chm_strndup(w, (size_t)(s - w));
	}
	while (s < e && *s != '\n')
		s++;
	lx->p = s;
	lx->delim = ctx->delimiter;
	lx->delim_len = ctx->delimiter ? strlen(ctx->delimiter) : 0;
}

/* What the statement loop carries from one chunk of a stream to the next. */
typedef struct LoopState {
	int line, column; /* of the chunk's first byte */
	SavedMode saved[8];
	int nsaved;
	int first_error;
} LoopState;

/*
 * The statement loop.  Each statement is built in out->arena and handed to
 * fn; with reset, the arena is emptied after fn returns, so memory stays
 * flat over a dump of any length.
 *
 * With more (more input follows sql[0..len)), the loop stops at the end of
 * the chunk, at a DELIMITER line without its newline, and at a terminator
 * or a DELIMITER line inside a version comment, and returns in *consumed
 * where the next chunk must start: after the last terminator (or DELIMITER
 * line) outside a version comment, up to which every statement was handed
 * to fn and every USE, SET and DELIMITER applied (the scanner starts afresh
 * there).  A statement
 * is translated only once its terminator is seen, so a token cut by the end
 * of the chunk (a word, a string, a comment) never reaches the parser: it
 * is scanned again, whole, with the next chunk.
 */
static void
translate_loop(DdlContext *ctx, const char *sql, size_t len, DdlResult *out, bool reset,
               DdlStatementFn fn, void *arg, LoopState *ls, bool more, size_t *consumed)
{
	Lexer lx;
	Tok *toks = NULL;
	int ntok = 0, tokcap = 0;
	Cursor cur = {sql, ls->line, ls->column};
	SavedMode *saved = ls->saved;
	const char *first_in = NULL, *last_in = NULL; /* version comment of the first, last token */
	const char *safe = sql;                       /* where a next chunk could start */
	Scratch sc = {NULL, STRBUF_INIT, !reset};

	lex_init(&lx, sql, len, ctx->sql_mode);
	lx.delim = ctx->delimiter;
	lx.delim_len = ctx->delimiter ? strlen(ctx->delimiter) : 0;

	for (;;) {
		Tok k;
		bool table_ddl;
		DdlStatement st;
		const char *cls;

		k.code = lex_next(&lx, &k.t);
		k.error = k.code == TK_LEX_ERROR ? lx.error : NULL;
		if (more && k.code == 0)
			break; /* the statement being read may go on in the next chunk */
		/* a terminator inside a version comment is no place to start a chunk:
		 * nothing after the last such place is acted on until one comes, or
		 * until the end of the input (then the rest is read whole) */
		if (more && k.code == TK_SEMI && lx.in_version)
			break;
		if (ntok == 0 && k.code == TK_ID && k.t.n == 9 && strncasecmp(k.t.z, "DELIMITER", 9) == 0) {
			if (more && (lx.in_version || memchr(k.t.z, '\n', (size_t)(lx.pe - k.t.z)) == NULL))
				break;
			apply_delimiter(ctx, &lx, &k.t);
			safe = lx.p;
			continue;
		}
		if (k.code != 0 && k.code != TK_SEMI) {
			if (ntok == tokcap) {
				tokcap = tokcap ? tokcap * 2 : 256;
				toks = chm_realloc(toks, sizeof(Tok) * (size_t)tokcap);
			}
			if (ntok == 0)
				first_in = lx.in_version ? lx.version_at : NULL;
			last_in = lx.in_version ? lx.version_at : NULL;
			toks[ntok++] = k;
			continue;
		}
		if (ntok > 0) {
			const char *end = toks[ntok - 1].t.z + toks[ntok - 1].t.n;
			memset(&st, 0, sizeof(st));
			st.text = toks[0].t.z;
			/* The text as written takes in a version comment that holds its first
			 * token and closes before its last one (with its opener), and one that
			 * opens after its first token and holds its last one (with its close),
			 * as in mysqldump's triggers and views; not one that wraps it whole. */
			if (first_in != NULL && last_in != first_in)
				st.text = first_in;
			if (last_in != NULL && last_in != first_in && lx.closed_at == last_in &&
			    lx.closed_end <= k.t.z)
				end = lx.closed_end;
			st.len = (size_t)(end - st.text);
			locate(&cur, st.text, &st.line, &st.column);
			cls = classify(toks, ntok, &table_ddl);
			st.cls = cls;
			if (table_ddl) {
				translate_one(ctx, out, &st, toks, ntok, &cur, &sc);
				if (st.outcome == DDL_FAILED) {
					out->nfailed++;
					if (ls->first_error == 0)
						ls->first_error = st.error;
				}
			} else {
				st.outcome = DDL_SKIPPED;
				if (strcmp(cls, "use") == 0)
					apply_use(ctx, &out->arena, toks, ntok);
				else if (strcmp(cls, "set") == 0)
					apply_set(ctx, &out->arena, toks, ntok, saved, &ls->nsaved);
				lx.mode = ctx->sql_mode;
			}
			fn(arg, &st);
			if (reset)
				arena_reset(&out->arena);
		}
		ntok = 0;
		if (k.code == 0)
			break;
		safe = k.t.z + k.t.n;
	}
	free(toks);
	if (sc.parser != NULL)
		free(sc.parser); /* finalized after its last statement: ddlParserFree would free its stack
		                    again */
	strbuf_free(&sc.sql);
	if (more) {
		locate(&cur, safe, &ls->line, &ls->column);
		*consumed = (size_t)(safe - sql);
	}
}

typedef struct Collect {
	DdlResult *out;
	int cap;
} Collect;

static void
collect(void *arg, const DdlStatement *st)
{
	Collect *c = arg;
	DdlStatement *slot = new_statement(c->out, &c->cap);

	*slot = *st;
}

int
ddl_translate(DdlContext *ctx, const char *sql, size_t len, DdlResult *out)
{
	Collect c = {out, 0};
	LoopState ls = {.line = 1, .column = 1};

	memset(out, 0, sizeof(*out));
	arena_init(&out->arena, "ddl result", 64 * 1024);
	translate_loop(ctx, sql, len, out, false, collect, &c, &ls, false, NULL);
	return ls.first_error;
}

int
ddl_translate_each(DdlContext *ctx, const char *sql, size_t len, DdlStatementFn fn, void *arg)
{
	DdlResult scratch;
	LoopState ls = {.line = 1, .column = 1};

	memset(&scratch, 0, sizeof(scratch));
	arena_init(&scratch.arena, "ddl statement", 64 * 1024);
	translate_loop(ctx, sql, len, &scratch, true, fn, arg, &ls, false, NULL);
	arena_free(&scratch.arena);
	return ls.first_error;
}

int
ddl_translate_stream(DdlContext *ctx, DdlReadFn rd, void *rd_arg, DdlStatementFn fn, void *arg,
                     int *read_error)
{
	enum { CHUNK = 1 << 20 };
	DdlResult scratch;
	LoopState ls = {.line = 1, .column = 1};
	char *buf = NULL;
	size_t cap = 0, len = 0;
	bool eof = false;

	*read_error = 0;
	memset(&scratch, 0, sizeof(scratch));
	arena_init(&scratch.arena, "ddl statement", 64 * 1024);
	while (!eof) {
		size_t consumed = 0;
		long n;

		/* a statement longer than the buffer makes it grow: it is read whole */
		if (cap - len < CHUNK) {
			cap = cap ? cap * 2 : 2 * CHUNK;
			buf = chm_realloc(buf, cap);
		}
		n = rd(rd_arg, buf + len, cap - len);
		if (n < 0) {
			*read_error = (int)n;
			break;
		}
		eof = n == 0;
		len += (size_t)n;
		translate_loop(ctx, buf, len, &scratch, true, fn, arg, &ls, !eof, &consumed);
		memmove(buf, buf + consumed, len - consumed);
		len -= consumed;
	}
	free(buf);
	arena_free(&scratch.arena);
	return ls.first_error;
}
