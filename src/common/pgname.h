/*
 * pgname.h — PostgreSQL's name for a MySQL name.
 *
 * PostgreSQL keeps 63 bytes of a name (NAMEDATALEN - 1) and cuts a longer
 * one without a word, so two MySQL names (64 characters, up to 256 bytes)
 * that differ after byte 63 would become one relation or column.  A name
 * of more than 63 bytes becomes instead its first 54 bytes (never cut
 * inside a UTF-8 character), '_' and the 8 hex digits of the FNV-1a hash
 * of the whole name: deterministic, so every statement, row and restart
 * finds the same name without looking it up.  The same rule is
 * sch_chameleon.fn_pg_name() in SQL (sql/functions-N.sql), used where the
 * replay names a table from the catalog's source names; the two must stay
 * equal (tests/integration/t-e2e-untrusted compares them).
 *
 * What speaks which name: the catalog keeps source names for tables
 * (t_replica_tables, log rows, t_ddl_model, t_fk_actions: keys shared
 * with the MySQL side); everything that is a PostgreSQL object or row
 * speaks PostgreSQL names (DDL, the row images' keys, key column lists).
 */
#ifndef CHM_PGNAME_H
#define CHM_PGNAME_H

#include <stdbool.h>

#include "common/strbuf.h"

#define CHM_PG_NAME_MAX 63

/* Whether name is longer than PostgreSQL keeps. */
bool chm_pg_name_long(const char *name);

/*
 * PostgreSQL's name for name: name itself when it fits, else the short
 * form written into buf.  Borrows name or buf: valid while both are.
 */
const char *chm_pg_name(const char *name, char buf[CHM_PG_NAME_MAX + 1]);

/* Appends PostgreSQL's name for name, double-quoted (strbuf_quote_ident). */
void chm_quote_pg_name(StrBuf *sb, const char *name);

#endif
