/*
 * names.c — PostgreSQL's names for the objects MySQL names per table.
 *
 * MySQL's index names are per table, PostgreSQL's per schema, so an index
 * (and a named CHECK, such as an enum's) is <table>_<name> in PostgreSQL,
 * cut by the long-name rule of common/pgname.h.  The rule is stateless:
 * the emitter uses it without a model and detach-replica (replica/detach.c)
 * from the catalog.  What the model adds to it, a name that collides with
 * a table's or an index renamed away, is model.c's; this file is not for
 * type names (typemap.c).  Also here: the foreign key actions' names, the
 * same in MySQL, information_schema and PostgreSQL, written once.
 */
#include <stdio.h>
#include <string.h>

#include "common/pgname.h"
#include "ddl/ddl.h"

void
ddl_index_pg_name(const char *table, const char *index, char *buf, size_t n)
{
	char full[1024], cut[CHM_PG_NAME_MAX + 1];
	size_t lt = strlen(table), li = strlen(index);

	if (lt + 1 + li < sizeof(full)) {
		memcpy(full, table, lt);
		full[lt] = '_';
		memcpy(full + lt + 1, index, li + 1);
	} else {
		snprintf(full, sizeof(full), "%s_%s", table, index);
	}
	snprintf(buf, n, "%s", chm_pg_name(full, cut));
}

const char *
ddl_fk_action_name(DdlFkAction a)
{
	switch (a) {
	case DDL_FK_RESTRICT:
		return "RESTRICT";
	case DDL_FK_CASCADE:
		return "CASCADE";
	case DDL_FK_SET_NULL:
		return "SET NULL";
	case DDL_FK_SET_DEFAULT:
		return "SET DEFAULT";
	case DDL_FK_NO_ACTION:
		return "NO ACTION";
	default:
		return NULL;
	}
}
