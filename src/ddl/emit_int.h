/*
 * emit_int.h — what the emitter's files share: emit.c (tables, indexes,
 * renames and the ddl_emit() entry point), emit_alter.c (ALTER TABLE) and
 * emit_default.c (column defaults).
 *
 * Not part of the ddl area's public face: only the emitter's files include
 * it; the rest of the code calls ddl_emit() (ddl.h).  The functions are
 * documented where they are defined.
 */
#ifndef CHM_DDL_EMIT_INT_H
#define CHM_DDL_EMIT_INT_H

#include <stdbool.h>

#include "common/arena.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "ddl/ddl.h"
#include "ddl/lexer.h"

typedef enum TypeCat {
	CAT_OTHER = 0,
	CAT_INT,
	CAT_NUMERIC,
	CAT_FLOAT,
	CAT_BIT,
	CAT_BOOL,
	CAT_DATE,
	CAT_TIMESTAMP,
	CAT_INTERVAL,
	CAT_STRING,
	CAT_BYTEA,
	CAT_JSON,
} TypeCat;

typedef struct Emit {
	const DdlContext *ctx;
	Arena *arena;
	const DdlStmt *s;
	StrBuf *out;
	StrBuf notes;
	int error;
	const char *message;
	bool temp;   /* temporary table: names are not schema-qualified */
	int nchecks; /* unnamed CHECKs numbered as MySQL does: <table>_chk_<n> */
	/*
	 * The statement's table as it is before the spec being emitted (a copy
	 * of the model's, changed spec by spec; CREATE TABLE: the table being
	 * created), or NULL when unknown.  Owned.
	 */
	DdlModelTable *tm;
	/* a spec changed values of the rows the table has in a way PostgreSQL does not repeat
	 * exactly (DdlStatement.recopy) */
	bool recopy;
} Emit;

/* ---- emit.c: names, notices, columns, checks, indexes, comments, renames */
void emit_note(Emit *e, const char *fmt, ...) CHM_PRINTF(2, 3);
void emit_ident(StrBuf *sb, const char *s);
void emit_do_block(StrBuf *out, StrBuf *body);
void emit_table_name(Emit *e, StrBuf *sb, const DdlName *n);
const char *emit_table_text(Emit *e, const DdlName *n);
void emit_new_index_name(Emit *e, StrBuf *sb, const DdlName *table, const char *index);
void emit_index_qname(Emit *e, StrBuf *sb, const DdlName *table, const char *index);
const char *emit_col_name(const Emit *e, const char *name);
TypeCat emit_type_cat(const char *pg);
const char *emit_column_type(Emit *e, const DdlName *table, const DdlColumn *c);
void emit_enum_check_name(StrBuf *sb, const char *col);
void emit_enum_check(StrBuf *sb, const DdlColumn *c);
bool emit_is_enum(const DdlColumn *c, const char *pg);
void emit_column_notes(Emit *e, const DdlName *table, const DdlColumn *c);
bool emit_column_sql(Emit *e, const DdlName *table, const DdlColumn *c, StrBuf *sb);
bool emit_check_sql(Emit *e, const DdlName *table, const DdlCheck *k, const char *col, StrBuf *sb);
const char *emit_mysql_index_name(Emit *e, const DdlIndex *ix, const char **taken, int ntaken);
void emit_create_index(Emit *e, const DdlName *table, const DdlIndex *ix, const char *name,
                       bool if_not_exists);
void emit_comment_on_column(Emit *e, const DdlName *table, const char *col, const char *text);
void emit_comment_on_table(Emit *e, const DdlName *table, const char *text);
void emit_rename_table(Emit *e, const DdlName *from, const DdlName *to);
void emit_column_unique(DdlIndex *ix, DdlKeyPart *kp, const DdlColumn *c);

/* ---- emit_alter.c */
void emit_alter(Emit *e);
void emit_drop_primary_key(Emit *e, const DdlName *table);

/* ---- emit_default.c */
const DdlColumn *emit_known_column(Emit *e, const char *name);
TypeCat emit_known_cat(Emit *e, const DdlColumn *c);
bool emit_is_zero_date(const char *s);
bool emit_default_sql(Emit *e, const DdlName *table, const DdlColumn *c, const char *pg,
                      StrBuf *sb);
const char *emit_implicit_default(Emit *e, const DdlName *table, const DdlColumn *c);

/* emit_fold.c: expression defaults that are constants MySQL computes once */
/* What fold() made of an expression default. */
typedef enum Fold {
	FOLD_NONE,  /* not a constant it knows: translate the expression */
	FOLD_VALUE, /* a literal default (*v), to convert as the column's type says */
	FOLD_SQL,   /* PostgreSQL text (sql), to cast to the column's type */
	FOLD_DROP,  /* a notice says why it is not kept */
} Fold;

#define FOLD_MAXTOK 64

/* The tokens of an expression default, which fold() reads. */
typedef struct FoldToks {
	int code[FOLD_MAXTOK];
	Token t[FOLD_MAXTOK];
	int n;
} FoldToks;

bool emit_fold_lex(const Emit *e, const char *z, FoldToks *ft);
bool emit_fold_word(const FoldToks *ft, int i, const char *w);  /* token i is the word w */
int emit_fold_close(const FoldToks *ft, int open);              /* the ")" of the "(" at open */
int emit_fold_arg_end(const FoldToks *ft, int from, int close); /* the next top-level "," */
Fold emit_fold(Emit *e, const DdlName *table, const DdlColumn *c, const FoldToks *ft, int from,
               int to, DdlDefault *v, StrBuf *sql);
/* emit_default.c: the bytes of a hex or bit literal default */
void emit_radix_bytes(const DdlDefault *d, StrBuf *bytes);

/* emit_using.c: whether a column takes NULL (not NOT NULL, not in the primary key); the
 * USING expression converting column x from old (old_pg) to c (pg) as MySQL converts the
 * values, true when it gives MySQL's value for every row (else: the table is copied
 * again); *loose: an enum's CHECK must not be checked on the rows converted */
bool emit_col_nullable(const DdlColumn *c);
bool emit_using_known(Emit *e, StrBuf *out, const char *x, const DdlColumn *old, const char *old_pg,
                      const DdlColumn *c, const char *pg, bool *loose);

#endif
