/*
 * fkeys.h — the source's foreign keys, for detach-replica and for the
 * foreign key actions the replica performs itself.
 *
 * InnoDB does not write to the binlog the child rows its ON DELETE/UPDATE
 * CASCADE, SET NULL and SET DEFAULT actions change (DEFECTS.md 31), and the
 * replica has no foreign keys until detach-replica.  So the catalog lists
 * such keys (sch_chameleon.t_fk_actions) and triggers on their parents do
 * the actions (sql/functions-5.sql).  The list is filled by init-replica
 * and sync-tables from the source's information_schema (fkeys_read) and
 * kept up to date by the replay of DDL: the reader appends to each DDL
 * event the catalog calls its syntax tree implies (fkeys_ddl_sql), so that
 * they run at replay time, in order with the rows.
 *
 * Known limits: the triggers are right only when the replay applies the
 * parent's and the child's events in source order (fn_replay's business).
 * They match child rows with PostgreSQL's "=", where MySQL compares under
 * the column's collation (case-insensitive, trailing spaces ignored).
 * After sync-tables of a child, its parent's events older than the copy
 * still act on the new copy when replayed: harmless for deletes and SET
 * NULL, but an ON UPDATE CASCADE from a key the child's rows took again
 * since would move them.  InnoDB's cascade depth limit (15) is not applied.
 *
 * Not here: creating the real foreign keys (detach.c), the triggers
 * themselves (SQL).
 */
#ifndef CHM_FKEYS_H
#define CHM_FKEYS_H

#include <stdbool.h>

#include <libpq-fe.h>

#include "common/arena.h"
#include "common/config.h"
#include "common/strbuf.h"
#include "ddl/ddl.h"
#include "mysql/myconn.h"

/* One foreign key of the source whose both tables are replicated. */
typedef struct ForeignKey {
	const char *schema; /* source names */
	const char *table;
	const char *dst_schema; /* the child's target schema */
	const char *name;
	const char **cols;
	int ncols;
	const char *ref_schema;
	const char *ref_table;
	const char *ref_dst_schema;
	const char **ref_cols; /* ncols of them */
	const char *on_update; /* "CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION" */
	const char *on_delete;
} ForeignKey;

typedef struct ForeignKeys {
	ForeignKey *items;
	int n;
	Arena arena; /* owns every string */
} ForeignKeys;

/*
 * Reads the source's foreign keys between replicated tables (schema
 * mappings and table filters) from information_schema into out, which is
 * initialised here and must be released with fkeys_free() whatever the
 * return.  tables, when not NULL, limits the keys to those whose child or
 * parent is one of the ntables source tables (schema, name pairs
 * flattened: tables[2i], tables[2i+1]).  Keys that reach a table not
 * replicated are skipped with a notice.  Returns 0 or CHM_EMYSQL.
 */
int fkeys_read(MyConn *my, const SourceConfig *src, const char *const *tables, int ntables,
               ForeignKeys *out) CHM_MUSTCHECK;
void fkeys_free(ForeignKeys *fks);

/*
 * The action named by rule (information_schema's text) as written here,
 * when it changes child rows (CASCADE, SET NULL, SET DEFAULT), else NULL:
 * the source's text never goes into a statement as given.
 */
const char *fkeys_action(const char *rule);

/* Whether the key's ON DELETE or ON UPDATE action changes child rows. */
bool fkeys_has_action(const ForeignKey *fk);

/*
 * Appends "SELECT sch_chameleon.fn_fk_actions_add(...);\n" for fk (replica
 * names) to sql; name NULL: the replay names it as InnoDB does.
 */
void fkeys_add_sql(StrBuf *sql, const char *source, const ForeignKey *fk);

/*
 * Appends to sql the catalog statements that keep t_fk_actions and the
 * chm_fk_ triggers right after the translated DDL statement st (CREATE
 * TABLE with foreign keys, ALTER TABLE ADD/DROP FOREIGN KEY, DROP
 * CONSTRAINT, CHANGE/RENAME COLUMN, RENAME TO, RENAME TABLE, DROP TABLE).
 * Nothing for other statements, or for tables src does not replicate.
 *
 * A key's name is not always the statement's: the name InnoDB gives a key
 * an ALTER TABLE adds without one depends on the table's other keys, and
 * in "CONSTRAINT a FOREIGN KEY b (...)" the syntax tree keeps b.  With my
 * (may be NULL) the name of each key with actions is looked up in the
 * source's information_schema (a key of the same columns and parent);
 * otherwise, or when that finds none or several, the statement's name is
 * used, and the replay numbers an unnamed one past the names it knows.
 * Returns the number of statements appended.
 */
int fkeys_ddl_sql(const SourceConfig *src, const DdlStatement *st, MyConn *my, StrBuf *sql);

/*
 * Replaces the t_fk_actions rows of source id (catalog id, as text) with
 * the keys of fks that have actions, and recreates the triggers of every
 * parent concerned, in the caller's transaction.  tables as in
 * fkeys_read(): when given, only the rows whose child or parent is one of
 * them are replaced (sync-tables); NULL replaces all of the source's
 * (init-replica).
 */
int fkeys_store(PGconn *pg, const SourceConfig *src, const char *id, const ForeignKeys *fks,
                const char *const *tables, int ntables) CHM_MUSTCHECK;

#endif
