/*
 * reader_hints.c — MariaDB's column types the binlog cannot tell.
 *
 * A MariaDB table map writes INET6 and UUID as 16 binary bytes and JSON as
 * a text blob; the reader asks the source's information_schema which they
 * are, once per table, and sets the hints the row decoder follows.  The
 * cache is dropped by DDL on the table (reader_ddl.c).  Not here: decoding
 * the values (mysql/rowdecode.c), MySQL's own JSON type (the binlog tells).
 */
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/mem.h"
#include "replica/reader_int.h"

/* MariaDB column types the binlog cannot tell (INET6, UUID, JSON), per
 * table, from the source's information_schema; dropped after DDL on it. */
struct HintCols {
	char *schema, *table; /* compared apart: a dot may be in either name */
	uint32_t ncols;
	BinlogColumnHint *hints; /* by column position; NULL: none needed */
	struct HintCols *next;
};

void
reader_free_hints(Reader *r)
{
	while (r->hints) {
		HintCols *h = r->hints;
		r->hints = h->next;
		free(h->schema);
		free(h->table);
		free(h->hints);
		free(h);
	}
}

void
reader_drop_hints(Reader *r, const char *schema, const char *table)
{
	for (HintCols **hp = &r->hints; *hp; hp = &(*hp)->next)
		if (strcmp((*hp)->table, table) == 0 && strcmp((*hp)->schema, schema) == 0) {
			HintCols *h = *hp;
			*hp = h->next;
			free(h->schema);
			free(h->table);
			free(h->hints);
			free(h);
			return;
		}
}

/* Whether a column could be one the binlog hides: 16 binary bytes (INET6,
 * UUID) or a text blob (JSON). */
static bool
maybe_hidden(const BinlogColumn *c)
{
	if (c->real_type == MYT_STRING && c->length == 16)
		return true;
	return c->type == MYT_BLOB && c->collation != 63;
}

/*
 * Sets the hints of a MariaDB table map from information_schema, cached per
 * table.  The cache is dropped by DDL on the table, so the columns asked
 * about are those of the table the rows were written to, save for DDL that
 * the source ran after the event: a race only when a table is altered and
 * replication lags behind it, and then only for these three types.
 */
int
reader_set_hints(Reader *r, BinlogTable *t)
{
	HintCols *h;
	bool any = false;

	if (!t->mariadb)
		return 0;
	for (uint32_t i = 0; i < t->ncols && !any; i++)
		any = maybe_hidden(&t->cols[i]);
	if (!any)
		return 0;
	for (h = r->hints; h; h = h->next)
		if (strcmp(h->table, t->table) == 0 && strcmp(h->schema, t->schema) == 0 &&
		    h->ncols == t->ncols)
			break;
	if (h == NULL) {
		StrBuf sql = STRBUF_INIT;
		MYSQL_RES *res;
		MYSQL_ROW row;

		reader_drop_hints(r, t->schema, t->table);
		strbuf_puts(
		    &sql,
		    "SELECT c.ORDINAL_POSITION, c.COLUMN_TYPE, EXISTS (SELECT 1 FROM "
		    "information_schema.CHECK_CONSTRAINTS k WHERE k.CONSTRAINT_SCHEMA = c.TABLE_SCHEMA "
		    "AND k.TABLE_NAME = c.TABLE_NAME AND k.CHECK_CLAUSE = CONCAT('json_valid(`', "
		    "REPLACE(c.COLUMN_NAME, '`', '``'), '`)')) FROM information_schema.COLUMNS c "
		    "WHERE c.TABLE_SCHEMA = ");
		/* MySQL literals: PostgreSQL's E'a\\b' is a syntax error there, retried forever */
		my_quote_literal(&r->meta, &sql, t->schema);
		strbuf_puts(&sql, " AND c.TABLE_NAME = ");
		my_quote_literal(&r->meta, &sql, t->table);
		strbuf_puts(&sql, " ORDER BY c.ORDINAL_POSITION");
		if (mysql_query(r->meta.mysql, sql.data) != 0 ||
		    (res = mysql_store_result(r->meta.mysql)) == NULL) {
			strbuf_free(&sql);
			my_log_error(&r->meta, "could not read the column types of a table");
			return CHM_EMYSQL;
		}
		strbuf_free(&sql);
		h = chm_calloc(1, sizeof(*h));
		h->schema = chm_strdup(t->schema);
		h->table = chm_strdup(t->table);
		h->ncols = t->ncols;
		h->hints = chm_calloc(t->ncols, sizeof(BinlogColumnHint));
		if (mysql_num_rows(res) == 0)
			chm_log(LOG_WARNING,
			        "the columns of %s.%s are not visible in information_schema (does the user of "
			        "db_conn lack "
			        "SELECT on it?): its INET6, UUID and JSON columns, if any, will be stored as "
			        "bytes and text",
			        t->schema, t->table);
		while ((row = mysql_fetch_row(res)) != NULL) {
			unsigned long i = strtoul(row[0], NULL, 10);
			if (i < 1 || i > t->ncols)
				continue;
			if (strcmp(row[1], "inet6") == 0)
				h->hints[i - 1] = BINLOG_HINT_INET6;
			else if (strcmp(row[1], "uuid") == 0)
				h->hints[i - 1] = BINLOG_HINT_UUID;
			else if (row[2] && strcmp(row[2], "1") == 0)
				h->hints[i - 1] = BINLOG_HINT_JSON;
		}
		mysql_free_result(res);
		h->next = r->hints;
		r->hints = h;
	}
	for (uint32_t i = 0; i < t->ncols; i++)
		t->cols[i].hint = h->hints[i];
	return 0;
}