/*
 * model.h — what the translator knows of the tables it has seen.
 *
 * A per-statement translator cannot know the old type of a column that
 * MODIFY changes, whether it is nullable, a BIT column's width, an ENUM's
 * labels, the real spelling of a case-insensitive column name, or which
 * index names a table has.  The model holds that knowledge: per table
 * (source schema, name), its columns in order, its indexes under their
 * MySQL names (the primary key is the index "PRIMARY") and its foreign keys.
 *
 * Ownership: a DdlModel is created and freed by its owner (translate-ddl
 * owns one for its whole input; the replicator one per source) and outlives
 * the DdlContexts that borrow it (DdlContext.model).  Every string in it is
 * owned by the model (malloc), never by a statement arena.  ddl_translate()
 * updates the model after each statement it translated successfully, so the
 * emitter always sees the tables as they were before the statement.
 *
 * Unknown tables stay unknown: a statement on a table the model has not
 * seen (no CREATE TABLE, no loaded JSON) changes nothing in the model, and
 * the translator emits what it emits without knowledge.
 *
 * Persistence: ddl_model_table_json() writes one table as JSON text,
 * ddl_model_load_json() reads it back (replacing a table of the same name),
 * so that the replicator can keep the model in its catalog across restarts.
 */
#ifndef CHM_DDL_MODEL_H
#define CHM_DDL_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "common/strbuf.h"
#include "ddl/ast.h"

typedef struct DdlModelIndex {
	char *name; /* MySQL's name; "PRIMARY" for the primary key */
	/*
	 * PostgreSQL's name when it is not <table>_<index> (ddl_index_pg_name):
	 * that name was, or became, a table's name.  NULL otherwise.
	 */
	char *pg_name;
	DdlIndexKind kind; /* PLAIN, UNIQUE, PRIMARY, FULLTEXT or SPATIAL */
	char **columns;    /* in key order; NULL for an expression part */
	int ncolumns;
	/* the index MySQL gave a foreign key that had none: a key added later on its columns
	 * replaces it (ddl_model_fk_index_replaced) */
	bool for_fk;
} DdlModelIndex;

typedef struct DdlModelFk {
	char *name; /* the constraint name; NULL when MySQL generated it */
	char **columns;
	int ncolumns;
	char *ref_schema; /* NULL: the table's own schema */
	char *ref_table;
	char **ref_columns;
	int nref_columns;
	DdlFkAction on_delete, on_update;
} DdlModelFk;

typedef struct DdlModel DdlModel;

typedef struct DdlModelTable {
	char *schema; /* source schema; NULL when none was known */
	char *name;
	/* borrowed: the model whose table names new index names must avoid; may be NULL */
	const DdlModel *owner;
	/*
	 * The columns as the last statement defined them: name as written, the
	 * MySQL type as parsed (labels, width, unsigned), NULL/NOT NULL,
	 * default, AUTO_INCREMENT.  The other DdlColumn fields are zero: key,
	 * comment, checks, generated and placement are not kept.
	 */
	DdlColumn *columns;
	int ncolumns;
	DdlModelIndex *indexes;
	int nindexes;
	DdlModelFk *fks;
	int nfks;
	/*
	 * Private to the model's files (model_int.h).  A table at rest in a
	 * model keeps its columns, indexes and foreign keys packed in one byte
	 * string (the arrays NULL, the counts 0): a DdlColumn is 192 bytes and
	 * three to five mallocs, its packed form some 25 bytes.  Looking a
	 * table up (ddl_model_find, ddl_model_table_at) unpacks it, and its
	 * pointer stays valid until the next update; ddl_model_apply() packs
	 * again every table unpacked since.
	 */
	unsigned char *packed;
	size_t packed_len;
	bool open; /* unpacked, listed in its model's open tables */
} DdlModelTable;

DdlModel *ddl_model_new(void);
void ddl_model_free(DdlModel *m);

/* The table (source schema, name), or NULL when unknown.  Borrowed: valid until the next update. */
const DdlModelTable *ddl_model_find(const DdlModel *m, const char *schema, const char *name);

/* The column named name (case-insensitive, as MySQL compares them), or NULL. */
const DdlColumn *ddl_model_column(const DdlModelTable *t, const char *name);

/* The index named name (case-insensitive), or NULL. */
const DdlModelIndex *ddl_model_index(const DdlModelTable *t, const char *name);

/*
 * Applies a statement that was translated successfully: CREATE TABLE (and
 * LIKE), ALTER TABLE, RENAME TABLE, DROP TABLE, CREATE/DROP INDEX.
 * default_schema is the schema of unqualified names.  Temporary tables are
 * not modelled.  emitted (may be NULL; m takes ownership) is the table as
 * ddl_emit() left it for s: for ALTER TABLE, its copy of the model's table
 * with every specification applied; for CREATE TABLE, the table with its
 * foreign keys added as ADD FOREIGN KEY adds them.  m takes it as the
 * table's new state instead of deriving that a second time; without it, m
 * derives the state from s.
 */
void ddl_model_apply(DdlModel *m, const char *default_schema, const DdlStmt *s,
                     DdlModelTable *emitted);

/* ---- one table, for the emitter: a private copy it changes spec by spec ---- */

/* A deep copy of t (allocated; free with ddl_model_table_free). */
DdlModelTable *ddl_model_table_clone(const DdlModelTable *t);
/*
 * A deep copy of the table (schema, name) of m (allocated), or NULL when
 * unknown: ddl_model_table_clone(ddl_model_find(...)) without unpacking
 * the model's table.
 */
DdlModelTable *ddl_model_table_copy(const DdlModel *m, const char *schema, const char *name);
/*
 * The table CREATE TABLE s defines in source schema schema (allocated),
 * with its indexes named as MySQL names them; foreign keys (and the indexes
 * MySQL creates for them) only when with_fks.  m (may be NULL) is the model
 * whose tables its index names must not collide with.
 */
DdlModelTable *ddl_model_table_from_create(const DdlModel *m, const char *schema, const DdlStmt *s,
                                           bool with_fks);
void ddl_model_table_free(DdlModelTable *t);
/* Applies one ALTER TABLE specification to t (RENAME TO excepted: the table's name is its key). */
void ddl_model_apply_spec(DdlModelTable *t, const DdlAlterSpec *sp);
/*
 * When MySQL applies spec sp of an ALTER TABLE, 0 to DDL_ALTER_PHASES - 1:
 * it builds the new table from the old one, dropping columns, keys and
 * constraints first, then changing the columns it keeps, then adding
 * columns, then keys and constraints, whatever order the statement writes
 * them in (ADD PRIMARY KEY (b), DROP PRIMARY KEY keeps the new key).  The
 * emitter and the model take the specs phase by phase, in written order
 * within a phase.
 */
int ddl_alter_spec_phase(const DdlAlterSpec *sp);
#define DDL_ALTER_PHASES 4

/*
 * MySQL's name for index ix added to t: its own name, PRIMARY, or for an
 * unnamed one its first column, then <column>_2, _3 ... when taken.  For a
 * foreign key, the name of the index MySQL creates for it.  Writes into buf.
 */
const char *ddl_model_index_name(const DdlModelTable *t, const DdlIndex *ix, char *buf,
                                 size_t bufsize);

/* Foreign key name of t (case-insensitive), or NULL; one MySQL named is not found. */
const DdlModelFk *ddl_model_fk(const DdlModelTable *t, const char *name);
/*
 * The index MySQL gave a foreign key (DdlModelIndex.for_fk) that key ix,
 * being added, replaces: ix starts with its columns.  NULL when none.
 */
const DdlModelIndex *ddl_model_fk_index_replaced(const DdlModelTable *t, const DdlIndex *ix);
/*
 * True when foreign key fk needs an index of its own in t: no index
 * (primary key included) starts with its columns in order.
 */
bool ddl_model_fk_needs_index(const DdlModelTable *t, const DdlIndex *fk);

/* PostgreSQL's name of index ix of t: its pg_name, or <table>_<index>.  Writes into buf. */
const char *ddl_model_index_pg_name(const DdlModelTable *t, const DdlModelIndex *ix, char *buf,
                                    size_t bufsize);

/*
 * PostgreSQL's name for a new index `index` of table (schema, table):
 * <table>_<index>, or, when m has a table of that name in the schema (or it
 * equals avoid, which may be NULL), <table>_<index>_2, _3 ...: indexes and
 * tables share one namespace in PostgreSQL.  Writes into buf.
 */
const char *ddl_model_new_index_pg_name(const DdlModel *m, const char *schema, const char *table,
                                        const char *index, const char *avoid, char *buf,
                                        size_t bufsize);

/*
 * The index of a table in schema whose PostgreSQL name is name (CREATE
 * TABLE name would collide with it), or NULL; *table gets its table.
 */
const DdlModelIndex *ddl_model_index_named_pg(const DdlModel *m, const char *schema,
                                              const char *name, const DdlModelTable **table);

/* ---- persistence ---- */

/* Appends t as one JSON object to out. */
void ddl_model_table_json(const DdlModelTable *t, StrBuf *out);

/*
 * Reads one table written by ddl_model_table_json() and puts it in m,
 * replacing the table of the same schema and name.  Returns 0, or
 * CHM_ECORRUPT with *why (static text) when the text is not such a table;
 * m is then unchanged.
 */
int ddl_model_load_json(DdlModel *m, const char *json, size_t len, const char **why);

/* The number of tables in m, and the i-th (in no particular order), for saving them all. */
int ddl_model_count(const DdlModel *m);
const DdlModelTable *ddl_model_table_at(const DdlModel *m, int i);

#endif
