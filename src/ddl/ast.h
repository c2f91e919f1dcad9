/*
 * ast.h — the syntax tree of MySQL table DDL, and the builders the grammar calls.
 *
 * grammar/mysql_ddl.y calls one builder per rule; the builders (build.c)
 * decode tokens and grow the tree under DdlParse.stmt.  Every node and
 * string lives in the statement arena (DdlParse.arena): nothing here is
 * freed piece by piece, and a tree is valid until that arena is reset.
 *
 * Names are decoded (quotes removed, doubled quotes undone) but keep the
 * case they were written in.  A schema of NULL means "the statement's
 * default schema".  Expressions (CHECK, generated columns, expression
 * defaults, functional key parts) are kept as their MySQL text; the
 * emitter translates them (expr.c).
 */
#ifndef CHM_DDL_AST_H
#define CHM_DDL_AST_H

#include <stdbool.h>
#include <stddef.h>

#include "common/arena.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "ddl/lexer.h"

/* A table name as the grammar sees it: schema.n == 0 when not qualified. */
typedef struct DdlQName {
	Token schema;
	Token name;
} DdlQName;

typedef struct DdlName {
	char *schema; /* NULL: the default schema */
	char *name;
} DdlName;

typedef enum DdlIndexKind {
	DDL_IDX_PLAIN = 1,
	DDL_IDX_UNIQUE,
	DDL_IDX_PRIMARY,
	DDL_IDX_FULLTEXT,
	DDL_IDX_SPATIAL,
	DDL_IDX_FOREIGN,
} DdlIndexKind;

typedef enum DdlFkAction {
	DDL_FK_UNSET = 0,
	DDL_FK_RESTRICT,
	DDL_FK_CASCADE,
	DDL_FK_SET_NULL,
	DDL_FK_SET_DEFAULT,
	DDL_FK_NO_ACTION,
} DdlFkAction;

typedef struct DdlType {
	char *name; /* lower case, words joined by one space: "double precision" */
	long args[2];
	int nargs;
	char **labels; /* enum and set labels, decoded */
	size_t *label_lens;
	size_t *label_spaces; /* trailing spaces the parser took off each label (build.c) */
	int nlabels;
	bool is_unsigned;
	bool zerofill;
	bool binary; /* the BINARY attribute (a binary collation), or CHARACTER SET binary */
	char *charset;
	char *collate;
} DdlType;

typedef enum DdlDefaultKind {
	DDL_DEF_NONE = 0,
	DDL_DEF_NULL,
	DDL_DEF_STRING, /* text/len: the decoded bytes */
	DDL_DEF_NUMBER, /* text: digits as written, with the sign */
	DDL_DEF_HEX,    /* text: the hex digits */
	DDL_DEF_BIT,    /* text: the binary digits */
	DDL_DEF_BOOL,   /* number: 1 or 0 */
	DDL_DEF_NOW,    /* CURRENT_TIMESTAMP and synonyms; precision */
	DDL_DEF_EXPR,   /* text: a MySQL expression */
} DdlDefaultKind;

typedef struct DdlDefault {
	DdlDefaultKind kind;
	char *text;
	size_t len;
	int number;
	int precision; /* -1: not given */
	/* DDL_DEF_HEX written X'..' (not 0x..): MariaDB's string, where MySQL's is a number */
	bool quoted;
} DdlDefault;

typedef struct DdlCheck {
	char *name; /* NULL: unnamed */
	char *expr; /* MySQL text, without the parentheses */
	bool enforced;
} DdlCheck;

typedef struct DdlColumn {
	char *name;
	DdlType type;
	bool null_given; /* NULL or NOT NULL was written */
	bool not_null;
	DdlDefault def;
	bool auto_increment;
	DdlIndexKind key; /* 0, DDL_IDX_UNIQUE or DDL_IDX_PRIMARY from the column's attributes */
	char *comment;
	bool on_update_now;
	char *generated; /* expression text, or NULL */
	bool stored;
	bool invisible;
	DdlCheck **checks;
	int nchecks;
	bool placed;  /* FIRST or AFTER was given */
	char *after;  /* AFTER column; NULL with placed = FIRST */
	bool has_ref; /* inline REFERENCES: also a DDL_IDX_FOREIGN of the statement */
} DdlColumn;

typedef struct DdlKeyPart {
	char *column; /* NULL for an expression part */
	int prefix;   /* col(10): 10; 0: the whole column */
	char *expr;
	bool desc;
} DdlKeyPart;

typedef struct DdlIndex {
	DdlIndexKind kind;
	char *name; /* the MySQL index or constraint name; NULL when not given */
	bool if_not_exists;
	DdlKeyPart *parts;
	int nparts;
	/* DDL_IDX_FOREIGN */
	DdlName ref_table;
	char **ref_columns;
	int nref_columns;
	DdlFkAction on_delete;
	DdlFkAction on_update;
} DdlIndex;

typedef enum DdlAlterKind {
	DDL_AT_ADD_COLUMN = 1,
	DDL_AT_DROP_COLUMN,
	DDL_AT_CHANGE_COLUMN,
	DDL_AT_MODIFY_COLUMN,
	DDL_AT_SET_DEFAULT,
	DDL_AT_DROP_DEFAULT,
	DDL_AT_ADD_INDEX, /* index, unique, primary key, foreign key, fulltext, spatial */
	DDL_AT_ADD_CHECK,
	DDL_AT_DROP_PRIMARY,
	DDL_AT_DROP_INDEX,
	DDL_AT_DROP_FOREIGN,
	DDL_AT_DROP_CHECK,
	DDL_AT_ENFORCE_CHECK, /* ALTER CHECK|CONSTRAINT name ENFORCED */
	DDL_AT_DROP_CONSTRAINT,
	DDL_AT_RENAME_COLUMN,
	DDL_AT_RENAME_INDEX,
	DDL_AT_RENAME_TABLE,
	DDL_AT_COMMENT,
	DDL_AT_PARTITION, /* partition clauses and operations: nothing for PostgreSQL */
	DDL_AT_ORDER,     /* ORDER BY: PostgreSQL keeps no row order */
} DdlAlterKind;

typedef struct DdlAlterSpec {
	DdlAlterKind kind;
	DdlColumn
	    *column;    /* ADD/CHANGE/MODIFY: the new definition; SET/DROP DEFAULT: name and default */
	char *name;     /* DROP/CHANGE/RENAME: the old name */
	char *new_name; /* RENAME COLUMN/INDEX */
	DdlName table;  /* RENAME TO */
	DdlIndex *index;
	DdlCheck *check;
	char *comment;
	bool if_exists; /* IF [NOT] EXISTS as written */
} DdlAlterSpec;

typedef enum DdlStmtKind {
	DDL_CREATE_TABLE = 1,
	DDL_CREATE_TABLE_LIKE,
	DDL_ALTER_TABLE,
	DDL_DROP_TABLE,
	DDL_TRUNCATE,
	DDL_RENAME_TABLE,
	DDL_CREATE_INDEX,
	DDL_DROP_INDEX,
} DdlStmtKind;

typedef struct DdlStmt {
	DdlStmtKind kind;
	DdlName table; /* every kind but DROP TABLE and RENAME TABLE */
	bool temporary;
	bool if_not_exists;
	bool if_exists;
	bool or_replace; /* CREATE OR REPLACE TABLE or INDEX */
	bool as_select;  /* CREATE TABLE ... SELECT */
	bool partitioned;
	DdlColumn **columns;
	int ncolumns;
	DdlIndex **indexes; /* keys, foreign keys; CREATE INDEX: one */
	int nindexes;
	DdlCheck **checks;
	int nchecks;
	char *comment;
	DdlName like; /* CREATE TABLE ... LIKE */
	DdlAlterSpec **specs;
	int nspecs;
	DdlName *names; /* DROP TABLE: the list; RENAME TABLE: from, to, from, to ... */
	int nnames;
	char *index_name; /* DROP INDEX */
} DdlStmt;

/* The parser's extra context: the arena, the tree being built, the first error. */
typedef struct DdlParse {
	Arena *arena;
	int mode; /* LEX_* bits: how strings decode */
	DdlStmt *stmt;
	DdlColumn *col;       /* the column being defined */
	DdlIndex *idx;        /* the index being defined */
	int error;            /* 0 or a CHM_E* code */
	char *message;        /* arena */
	const char *error_at; /* into the input: where the error is */
	int add_if_not_exists; /* ADD [COLUMN] IF NOT EXISTS (column, ...) */
	/* IF [NOT] EXISTS of ALTER COLUMN or ADD CONSTRAINT, until the spec or index takes it */
	int spec_if_exists;
} DdlParse;

/* ---- token decoding ---- */
int ddl_token_int(const Token *t);
char *ddl_ident(DdlParse *p, const Token *t);
/* Decodes one or more adjacent string literals (introducers allowed); *len gets the byte count. */
char *ddl_string(DdlParse *p, const Token *t, size_t *len);
/* The digits of a hex or bit literal (0x1F, x'1F', _binary 0x1F: "1F"), in p's arena. */
char *ddl_radix_digits(DdlParse *p, const Token *t);
/*
 * The bytes of such digits (hex, else bits) appended to bytes: MySQL pads
 * both on the left to whole bytes, so b'1000001' and x'041' are the bytes
 * 0x41 and 0x00 0x41.
 */
void ddl_radix_bytes(const char *digits, bool hex, StrBuf *bytes);
void ddl_error(DdlParse *p, int code, const char *at, const char *fmt, ...) CHM_PRINTF(4, 5);

/* ---- builders (build.c), one per grammar action ---- */
void ddl_syntax_error(DdlParse *p, int major, const Token *t);
void ddl_parse_failure(DdlParse *p);
void ddl_create_table(DdlParse *p, const DdlQName *n, int or_replace, int temporary,
                      int if_not_exists);
void ddl_create_like(DdlParse *p, const DdlQName *n);
void ddl_create_select(DdlParse *p);
void ddl_partition(DdlParse *p);
void ddl_table_add_column(DdlParse *p);
void ddl_column_begin(DdlParse *p, const Token *name);
void ddl_type_name(DdlParse *p, const Token *a, const Token *b, const Token *c);
void ddl_type_arg(DdlParse *p, const Token *t);
void ddl_type_label(DdlParse *p, const Token *t);
void ddl_type_label_radix(DdlParse *p, const Token *t);
void ddl_type_end(DdlParse *p, const Token *first);
void ddl_col_null(DdlParse *p, int nullable);
void ddl_col_auto_increment(DdlParse *p);
void ddl_col_serial_default(DdlParse *p);
void ddl_col_key(DdlParse *p, int kind);
void ddl_col_comment(DdlParse *p, const Token *s);
void ddl_col_collate(DdlParse *p, const Token *c);
void ddl_col_charset(DdlParse *p, const Token *c);
void ddl_col_binary(DdlParse *p);
void ddl_col_byte(DdlParse *p);
void ddl_col_unsigned(DdlParse *p, int on);
void ddl_col_zerofill(DdlParse *p);
void ddl_col_on_update(DdlParse *p, int precision);
void ddl_col_generated(DdlParse *p, const Token *e);
void ddl_col_stored(DdlParse *p, int stored);
void ddl_col_invisible(DdlParse *p, int invisible);
void ddl_col_check(DdlParse *p, const Token *name, const Token *e);
void ddl_col_check_not_enforced(DdlParse *p);
void ddl_col_references(DdlParse *p, const DdlQName *t);
void ddl_col_fk_name(DdlParse *p, const Token *name);
void ddl_col_row_period(DdlParse *p, const Token *w);
void ddl_col_default(DdlParse *p, const Token *lit, int sign);
void ddl_col_default_now(DdlParse *p, int precision);
void ddl_col_default_expr(DdlParse *p, const Token *e);
void ddl_col_default_call(DdlParse *p, const Token *f, const Token *args);
void ddl_col_default_word(DdlParse *p, const Token *w);
/* ADD COLUMN c gives the rows a table has values MySQL computes (a clock, an
 * expression, a generated column): values the binlog does not carry */
bool ddl_column_fills_rows(const DdlColumn *c);
void ddl_col_default_span(DdlParse *p, const Token *first, const Token *last);
void ddl_col_default_typed(DdlParse *p, const Token *type, const Token *s);
void ddl_col_place(DdlParse *p, const Token *after);
void ddl_fk_ref_column(DdlParse *p, const Token *n);
void ddl_fk_end(DdlParse *p, const DdlQName *t);
void ddl_fk_on_delete(DdlParse *p, int action);
void ddl_fk_on_update(DdlParse *p, int action);
void ddl_check(DdlParse *p, const Token *name, const Token *e, int enforced);
void ddl_index_begin(DdlParse *p, int kind, const Token *name, int if_not_exists);
void ddl_index_end(DdlParse *p);
void ddl_key_part(DdlParse *p, const Token *col, int prefix, int desc);
void ddl_key_expr(DdlParse *p, const Token *e, int desc);
void ddl_table_option(DdlParse *p, const Token *k, const Token *v);
void ddl_table_comment(DdlParse *p, const Token *s);
void ddl_alter_table(DdlParse *p, const DdlQName *n, int if_exists);
void ddl_alter_add_column(DdlParse *p, int if_not_exists);
void ddl_alter_drop_column(DdlParse *p, const Token *n, int if_exists);
void ddl_alter_drop_primary(DdlParse *p);
void ddl_alter_drop_index(DdlParse *p, const Token *n, int if_exists);
void ddl_alter_drop_fk(DdlParse *p, const Token *n, int if_exists);
void ddl_alter_drop_check(DdlParse *p, const Token *n, int if_exists);
void ddl_alter_enforce_check(DdlParse *p, const Token *n);
void ddl_alter_drop_constraint(DdlParse *p, const Token *n, int if_exists);
void ddl_alter_change(DdlParse *p, const Token *old, int if_exists);
void ddl_alter_modify(DdlParse *p, int if_exists);
void ddl_alter_column_begin(DdlParse *p, const Token *n, int if_exists);
void ddl_constraint_if_not_exists(DdlParse *p);
void ddl_alter_order(DdlParse *p);
void ddl_alter_set_default(DdlParse *p);
void ddl_alter_drop_default(DdlParse *p);
void ddl_alter_rename_column(DdlParse *p, const Token *a, const Token *b, int if_exists);
void ddl_alter_rename_index(DdlParse *p, const Token *a, const Token *b, int if_exists);
void ddl_alter_rename_table(DdlParse *p, const DdlQName *n);
void ddl_drop_table(DdlParse *p, int temporary, int if_exists);
void ddl_drop_table_name(DdlParse *p, const DdlQName *n);
void ddl_truncate(DdlParse *p, const DdlQName *n);
void ddl_rename_table(DdlParse *p);
void ddl_rename_pair(DdlParse *p, const DdlQName *a, const DdlQName *b);
void ddl_create_index(DdlParse *p, int kind, const Token *name, int if_not_exists, int or_replace);
void ddl_index_table(DdlParse *p, const DdlQName *t);
void ddl_drop_index(DdlParse *p, const Token *name, const DdlQName *t, int if_exists);

#endif
