/*
 * sql_scripts.h — the catalog's SQL scripts, embedded at build time.
 *
 * The table is generated from sql/ into the build tree by
 * src/pg/embed_sql.awk (see src/pg/local.mk); names are paths under sql/
 * ("catalog-4.sql", "upgrade/3--4.sql").  Use pg_catalog_script() to look
 * one up.
 */
#ifndef CHM_PG_SQL_SCRIPTS_H
#define CHM_PG_SQL_SCRIPTS_H

typedef struct SqlScript {
	const char *name;
	const char *text;
} SqlScript;

/* Ends with an entry whose name is NULL. */
extern const SqlScript chm_sql_scripts[];

#endif
