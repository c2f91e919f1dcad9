/*
 * tabledef.h — the PostgreSQL definition of one source table, for the
 * snapshot.
 *
 * The snapshot creates each target table bare (columns, types, NOT NULL,
 * defaults, identity, CHECKs), loads it, and only then adds the primary key
 * and the indexes: building them over loaded data is several times faster
 * than maintaining them row by row.  So a TableDef holds the CREATE TABLE
 * and, separately, the statements to run after the load.
 *
 * The definition comes from the DDL translator, the same code that
 * translates replicated DDL: SHOW CREATE TABLE on the source, then
 * ddl_translate() with the source's schema mapping and type_override.  The
 * translator emits the primary key inside CREATE TABLE; it is cut out here
 * (see tabledef.c).  Foreign keys are not here: detach-replica creates them.
 */
#ifndef CHM_TABLEDEF_H
#define CHM_TABLEDEF_H

#include <stdbool.h>

#include "common/arena.h"
#include "common/config.h"
#include "mysql/myconn.h"

typedef struct TableDef {
	const char *src_schema;
	const char *src_table;
	const char *dst_table;
	const char *create_sql; /* CREATE TABLE "dst_schema"."table" (...), without primary key */
	const char **post_sql;  /* primary key, unique and plain indexes, comments */
	int n_post;
	const char **key_columns; /* the primary key; none: n_key == 0 */
	int n_key;
	const char *model_json; /* what the translator learnt of the table (src/ddl/model.h) */
} TableDef;

/*
 * Describes src_schema.src_table as the source's connection sees it now,
 * translated into a table of dst_schema (the snapshot's staging schema)
 * with the configuration's type_override.  Everything is allocated in
 * arena.  CHM_ENOTFOUND, not logged, when the table does not exist; CHM_ESYNTAX or
 * CHM_EUNSUPPORTED when the translator refuses its DDL (logged with the
 * translator's message).
 */
int tabledef_build(MyConn *my, const Config *cfg, const char *src_schema, const char *src_table,
                   const char *dst_schema, Arena *arena, TableDef *out) CHM_MUSTCHECK;

/*
 * Splits PostgreSQL text into statements at the semicolons outside quotes
 * and comments; "-- " comment lines before a statement are returned as
 * statements of their own (the translator's notices).  Each piece is
 * allocated in arena, without its semicolon.  Returns the count.
 */
int tabledef_split_sql(Arena *arena, const char *sql, const char ***out);

#endif
