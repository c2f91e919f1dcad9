/*
 * tabledef.h — the PostgreSQL definition of one source table, for the
 * snapshot.
 *
 * The snapshot creates each target table bare (columns, types, NOT NULL,
 * defaults, identity), loads it, and only then adds the primary key, the
 * indexes and the CHECK constraints: building them over loaded data is
 * several times faster than maintaining them row by row.  So a TableDef
 * holds the CREATE TABLE and, separately, the statements to run after the
 * load.
 *
 * This is where the DDL translator plugs in: tabledef_build() is the one
 * call that turns a source table into PostgreSQL DDL.  Until the
 * translator's C API (src/ddl/ddl.h) has landed, it reads the table from
 * information_schema and applies the type map of DESIGN §7 itself; the
 * split into "create" and "after the load" is what it needs from the
 * translator's output.  Foreign keys are not here: they are created by
 * detach-replica (DESIGN §7).
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
	/* CREATE TABLE "table" (...), unqualified: the snapshot runs it with
	 * search_path set to a staging schema and moves the table (or the
	 * schema) into place at the end; so do post_sql. */
	const char *create_sql;
	const char **post_sql; /* primary key, unique and plain indexes, CHECKs */
	int n_post;
	const char **key_columns; /* the primary key; none: n_key == 0 */
	int n_key;
} TableDef;

/*
 * Describes src_schema.src_table as the source's control connection sees
 * it now, mapped per the configuration's type_override.  Everything is
 * allocated in arena.  CHM_ENOTFOUND when the table does not exist.
 */
int tabledef_build(MyConn *my, const Config *cfg, const char *src_schema, const char *src_table, Arena *arena,
				   TableDef *out) CHM_MUSTCHECK;

/* An index or constraint name "<table>_<name>" kept under 63 bytes; into buf (size >= 64). */
void tabledef_object_name(char *buf, const char *table, const char *name);

#endif
