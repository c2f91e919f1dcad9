/*
 * reader_hints.c — MariaDB's column types the binlog cannot tell.
 *
 * A MariaDB table map writes INET6 and UUID as 16 binary bytes, INET4 as 4,
 * VECTOR as a binary VARCHAR and JSON as a text blob; the reader asks the source's
 * information_schema which they are, once per table, and sets the hints the row decoder follows.
 * The cache is dropped by DDL on the table (reader_ddl.c).  Not here: decoding the values
 * (mysql/rowdecode.c), MySQL's own JSON type (the binlog tells).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
 * UUID), 4 (INET4), a binary VARCHAR (VECTOR) or a text blob (JSON). */
static bool
maybe_hidden(const BinlogColumn *c)
{
	if (c->real_type == MYT_STRING && (c->length == 16 || c->length == 4))
		return true;
	if (c->type == MYT_VARCHAR && c->collation == 63)
		return true;
	return c->type == MYT_BLOB && c->collation != 63;
}

/* The hint of a column the binlog writes as bytes, from its declared type. */
static BinlogColumnHint
hint_of_type(const char *type)
{
	if (type == NULL)
		return BINLOG_HINT_NONE;
	if (strcasecmp(type, "uuid") == 0)
		return BINLOG_HINT_UUID;
	if (strcasecmp(type, "inet6") == 0)
		return BINLOG_HINT_INET6;
	if (strcasecmp(type, "inet4") == 0)
		return BINLOG_HINT_INET4;
	if (strcasecmp(type, "vector") == 0)
		return BINLOG_HINT_VECTOR;
	return BINLOG_HINT_NONE;
}

/*
 * The model (t_ddl_model) knows the table as it was at this point of the
 * stream, information_schema only as it is now: where the model knows the
 * table, its types decide UUID, INET4, INET6 and VECTOR.  Without that, rows
 * of a table since dropped and created again with a UUID where an INET6 was
 * (or the reverse) were decoded as the other type, and PostgreSQL refused
 * them.  JSON stays information_schema's: the model does not keep CHECKs.
 */
static void
hints_from_model(const Reader *r, const BinlogTable *t, BinlogColumnHint *hints)
{
	const DdlModelTable *mt = r->model ? ddl_model_find(r->model, t->schema, t->table) : NULL;
	if (mt == NULL || (uint32_t)mt->ncolumns != t->ncols)
		return;
	for (uint32_t i = 0; i < t->ncols; i++) {
		const char *type = mt->columns[i].type.name;
		BinlogColumnHint h = hint_of_type(type);
		if (h == BINLOG_HINT_NONE && type && strcasecmp(type, "json") == 0)
			h = BINLOG_HINT_JSON;
		/* a text column information_schema says is JSON now: as it was then */
		if (h == BINLOG_HINT_NONE && hints[i] == BINLOG_HINT_JSON && type &&
		    strcasestr(type, "text") != NULL)
			h = BINLOG_HINT_JSON;
		hints[i] = h;
	}
}

/*
 * Sets the hints of a MariaDB table map, cached per table: from the model
 * where it knows the table (hints_from_model), from information_schema
 * otherwise and for JSON.  The cache is dropped by DDL on the table, so the
 * columns asked about are those of the table the rows were written to,
 * save for DDL that the source ran after the event: a race only for JSON,
 * or a table the model does not know, when a table is altered and
 * replication lags behind it.
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
			        "SELECT on it?): its INET4, INET6, UUID, VECTOR and JSON columns, if any, "
			        "will be stored as bytes and text",
			        t->schema, t->table);
		while ((row = mysql_fetch_row(res)) != NULL) {
			unsigned long i = strtoul(row[0], NULL, 10);
			if (i < 1 || i > t->ncols)
				continue;
			if (strcmp(row[1], "inet6") == 0)
				h->hints[i - 1] = BINLOG_HINT_INET6;
			else if (strcmp(row[1], "inet4") == 0)
				h->hints[i - 1] = BINLOG_HINT_INET4;
			else if (strncmp(row[1], "vector(", 7) == 0)
				h->hints[i - 1] = BINLOG_HINT_VECTOR;
			else if (strcmp(row[1], "uuid") == 0)
				h->hints[i - 1] = BINLOG_HINT_UUID;
			else if (row[2] && strcmp(row[2], "1") == 0)
				h->hints[i - 1] = BINLOG_HINT_JSON;
		}
		mysql_free_result(res);
		hints_from_model(r, t, h->hints);
		h->next = r->hints;
		r->hints = h;
	}
	for (uint32_t i = 0; i < t->ncols; i++)
		t->cols[i].hint = h->hints[i];
	return 0;
}