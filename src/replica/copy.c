/*
 * copy.c — one table from MySQL into PostgreSQL through COPY.
 *
 * The hot loop is per value: escape into a buffer, flush the buffer to
 * PostgreSQL when it is full.  Nothing per row allocates.
 */
#include "replica/copy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/log.h"
#include "common/pgname.h"
#include "common/strbuf.h"
#include "mysql/rowdecode.h"
#include "pg/pg.h"
#include "replica/instance.h"

#define PROGRESS_EVERY 10000
#define FLUSH_CAP      (4 * 1024 * 1024)

static const struct {
	const char *data_type;
	CopyKind kind;
} kinds[] = {
    {"float", COPY_FLOAT},         {"bit", COPY_BIT},
    {"binary", COPY_BINARY},       {"varbinary", COPY_BINARY},
    {"tinyblob", COPY_BINARY},     {"blob", COPY_BINARY},
    {"mediumblob", COPY_BINARY},   {"longblob", COPY_BINARY},
    {"geometry", COPY_BINARY},     {"point", COPY_BINARY},
    {"linestring", COPY_BINARY},   {"polygon", COPY_BINARY},
    {"multipoint", COPY_BINARY},   {"multilinestring", COPY_BINARY},
    {"multipolygon", COPY_BINARY}, {"geometrycollection", COPY_BINARY},
    {"date", COPY_DATE},           {"datetime", COPY_DATETIME},
    {"timestamp", COPY_TIMESTAMP}, {"json", COPY_JSON},
    {"vector", COPY_VECTOR},
};

static CopyKind
kind_of(const char *data_type)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcasecmp(kinds[i].data_type, data_type) == 0)
			return kinds[i].kind;
	return COPY_TEXT;
}

int
copy_describe(MyConn *src, Arena *arena, CopyTable *t)
{
	StrBuf sql = STRBUF_INIT;
	MYSQL_RES *res = NULL;
	MYSQL_ROW row;
	int rc = 0, n = 0;

	strbuf_puts(&sql,
	            "SELECT c.COLUMN_NAME, c.DATA_TYPE, c.IS_NULLABLE, c.NUMERIC_PRECISION, c.EXTRA");
	/* MariaDB's JSON is LONGTEXT with a json_valid CHECK: jsonb in the replica */
	if (src->flavor == MY_MARIADB)
		strbuf_puts(
		    &sql, ", EXISTS (SELECT 1 FROM information_schema.CHECK_CONSTRAINTS k "
		          "WHERE k.CONSTRAINT_SCHEMA = c.TABLE_SCHEMA AND k.TABLE_NAME = c.TABLE_NAME "
		          "AND k.CHECK_CLAUSE = CONCAT('json_valid(`', REPLACE(c.COLUMN_NAME, '`', '``'), "
		          "'`)'))");
	strbuf_puts(&sql, " FROM information_schema.COLUMNS c WHERE c.TABLE_SCHEMA = ");
	my_quote_literal(src, &sql, t->src_schema);
	strbuf_puts(&sql, " AND c.TABLE_NAME = ");
	my_quote_literal(src, &sql, t->src_table);
	strbuf_puts(&sql, " ORDER BY c.ORDINAL_POSITION");
	if (mysql_query(src->mysql, sql.data) != 0 || (res = mysql_store_result(src->mysql)) == NULL) {
		my_log_error(src, "could not read the columns of a table");
		rc = CHM_EMYSQL;
		goto done;
	}
	t->n_columns = (int)mysql_num_rows(res);
	if (t->n_columns == 0) {
		chm_log(LOG_ERROR, "table \"%s\".\"%s\" does not exist on MySQL server %s", t->src_schema,
		        t->src_table, src->where);
		rc = CHM_ENOTFOUND;
		goto done;
	}
	t->columns = arena_zalloc(arena, sizeof(CopyColumn) * (size_t)t->n_columns);
	while ((row = mysql_fetch_row(res)) != NULL) {
		CopyColumn *c = &t->columns[n++];
		c->name = arena_strdup(arena, row[0]);
		c->kind = kind_of(row[1]);
		c->nullable = strcmp(row[2], "YES") == 0;
		c->bits = row[3] ? atoi(row[3]) : 0;
		c->generated = row[4] && strcasestr(row[4], "GENERATED") != NULL;
		if (src->flavor == MY_MARIADB && row[5] && strcmp(row[5], "1") == 0)
			c->kind = COPY_JSON;
	}
done:
	if (res)
		mysql_free_result(res);
	strbuf_free(&sql);
	return rc;
}

/* The SELECT list item that reads column c exactly as text. */
static void
select_expr(StrBuf *sb, const CopyColumn *c)
{
	size_t n = strlen(c->name);
	switch (c->kind) {
	case COPY_FLOAT:
		strbuf_puts(sb, "CAST(");
		strbuf_quote_backtick(sb, c->name, n);
		strbuf_puts(sb, " AS DOUBLE)");
		break;
	case COPY_BIT:
		strbuf_puts(sb, "LPAD(BIN(");
		strbuf_quote_backtick(sb, c->name, n);
		strbuf_printf(sb, "), %d, '0')", c->bits > 0 ? c->bits : 1);
		break;
	default:
		strbuf_quote_backtick(sb, c->name, n);
		break;
	}
}

static void
put_hex(StrBuf *out, const unsigned char *v, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	strbuf_reserve(out, 2 * n + 3);
	char *p = out->data + out->len;
	*p++ = '\\';
	*p++ = '\\';
	*p++ = 'x';
	for (size_t i = 0; i < n; i++) {
		*p++ = hex[v[i] >> 4];
		*p++ = hex[v[i] & 15];
	}
	out->len = (size_t)(p - out->data);
	out->data[out->len] = '\0';
}

/*
 * Whether a DATE/DATETIME/TIMESTAMP text is a zero date, or a date with a
 * zero part, or year 0: none of them exists in PostgreSQL.
 */
static bool
is_zero_date(const char *v, size_t n)
{
	if (n < 10)
		return true;
	return memcmp(v, "0000", 4) == 0 || memcmp(v + 5, "00", 2) == 0 || memcmp(v + 8, "00", 2) == 0;
}

typedef struct CopyRun {
	MyConn *src;
	PGconn *dst;
	const CopyTable *t;
	StrBuf buf;
	StrBuf val; /* a value without its NUL bytes */
	size_t flush_at;
	CopyStats *stats;
} CopyRun;

static int
flush(CopyRun *r)
{
	if (r->buf.len == 0)
		return 0;
	if (PQputCopyData(r->dst, r->buf.data, (int)r->buf.len) != 1) {
		chm_log(LOG_ERROR, "could not send rows of table \"%s\".\"%s\" to PostgreSQL: %s",
		        r->t->dst_schema, r->t->dst_table, PQerrorMessage(r->dst));
		return CHM_EPG;
	}
	r->stats->bytes += r->buf.len;
	strbuf_reset(&r->buf);
	return 0;
}

/* Appends one value; returns CHM_ECORRUPT for a value PostgreSQL cannot hold. */
static int
put_value(CopyRun *r, const CopyColumn *c, const char *v, size_t n)
{
	if (v == NULL) {
		strbuf_append(&r->buf, "\\N", 2);
		return 0;
	}
	switch (c->kind) {
	case COPY_BINARY:
		put_hex(&r->buf, (const unsigned char *)v, n);
		return 0;
	case COPY_DATE:
	case COPY_DATETIME:
	case COPY_TIMESTAMP:
		if (is_zero_date(v, n)) {
			r->stats->zero_dates++;
			if (c->nullable)
				strbuf_append(&r->buf, "\\N", 2);
			else
				strbuf_puts(&r->buf, "-infinity");
			return 0;
		}
		strbuf_append(&r->buf, v, n);
		if (c->kind == COPY_TIMESTAMP)
			strbuf_append(&r->buf, "+00", 3);
		return 0;
	case COPY_VECTOR:
		/* the decoder's text, so that the snapshot and the stream agree */
		strbuf_reset(&r->val);
		rowdecode_vector((const uint8_t *)v, n, &r->val);
		if (instance_vector_type() == NULL) {
			r->val.data[0] = '{';
			r->val.data[r->val.len - 1] = '}';
		}
		strbuf_append(&r->buf, r->val.data, r->val.len);
		return 0;
	case COPY_JSON:
		if (memmem(v, n, "\\u0000", 6) != NULL || memchr(v, '\0', n) != NULL) {
			strbuf_reset(&r->val);
			r->stats->nul_removed += rowdecode_json_drop_nuls(&r->val, v, n);
			v = r->val.data;
			n = r->val.len;
		}
		pg_copy_escape(&r->buf, v, n);
		return 0;
	default:
		/* PostgreSQL text cannot hold a NUL: left out, counted (architecture §11) */
		if (memchr(v, '\0', n) != NULL) {
			strbuf_reset(&r->val);
			strbuf_reserve(&r->val, n);
			for (size_t i = 0; i < n; i++)
				if (v[i] != '\0')
					strbuf_putc(&r->val, v[i]);
			r->stats->nul_removed += n - r->val.len;
			v = r->val.data;
			n = r->val.len;
		}
		pg_copy_escape(&r->buf, v, n);
		return 0;
	}
}

/* Ends the COPY: cleanly when error is NULL, aborted with that text otherwise. */
static int
finish_copy(CopyRun *r, const char *error)
{
	int rc = 0;
	PGresult *res;

	if (PQputCopyEnd(r->dst, error) != 1) {
		chm_log(LOG_ERROR, "could not end the COPY into \"%s\".\"%s\": %s", r->t->dst_schema,
		        r->t->dst_table, PQerrorMessage(r->dst));
		rc = CHM_EPG;
	}
	while ((res = PQgetResult(r->dst)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && error == NULL) {
			const char *ctx = PQresultErrorField(res, PG_DIAG_CONTEXT);
			chm_log(
			    LOG_ERROR,
			    "PostgreSQL refused rows of table \"%s\".\"%s\" (from \"%s\".\"%s\"): %s [%s]%s%s",
			    r->t->dst_schema, r->t->dst_table, r->t->src_schema, r->t->src_table,
			    PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY),
			    PQresultErrorField(res, PG_DIAG_SQLSTATE), ctx ? "; " : "", ctx ? ctx : "");
			rc = CHM_EPG;
		}
		PQclear(res);
	}
	return error != NULL && rc == 0 ? CHM_EIO : rc;
}

int
copy_table(MyConn *src, PGconn *dst, const CopyTable *t, CopyProgressFn progress, void *arg,
           CopyStats *stats)
{
	CopyRun r = {.src = src, .dst = dst, .t = t, .stats = stats};
	StrBuf sql = STRBUF_INIT;
	MYSQL_RES *res = NULL;
	MYSQL_ROW row;
	PGresult *pres;
	int rc = 0;
	const char *abort_reason = NULL;

	memset(stats, 0, sizeof(*stats));
	strbuf_init(&r.buf);
	strbuf_init(&r.val);
	r.flush_at = t->max_memory > 0 && t->max_memory < FLUSH_CAP ? (size_t)t->max_memory : FLUSH_CAP;

	/* COPY first: if the target is wrong, fail before reading anything. */
	strbuf_puts(&sql, "COPY ");
	strbuf_quote_ident(&sql, t->dst_schema, strlen(t->dst_schema));
	strbuf_putc(&sql, '.');
	chm_quote_pg_name(&sql, t->dst_table);
	strbuf_puts(&sql, " (");
	for (int i = 0; i < t->n_columns; i++) {
		if (i)
			strbuf_puts(&sql, ", ");
		chm_quote_pg_name(&sql, t->columns[i].name);
	}
	strbuf_puts(&sql, t->freeze ? ") FROM STDIN (FREEZE)" : ") FROM STDIN");
	pres = PQexec(dst, sql.data);
	if (PQresultStatus(pres) != PGRES_COPY_IN) {
		chm_log(LOG_ERROR, "could not start COPY into \"%s\".\"%s\": %s", t->dst_schema,
		        t->dst_table, PQresultErrorMessage(pres));
		PQclear(pres);
		rc = CHM_EPG;
		goto done;
	}
	PQclear(pres);

	strbuf_reset(&sql);
	strbuf_puts(&sql, "SELECT ");
	for (int i = 0; i < t->n_columns; i++) {
		if (i)
			strbuf_puts(&sql, ", ");
		select_expr(&sql, &t->columns[i]);
	}
	strbuf_puts(&sql, " FROM ");
	strbuf_quote_backtick(&sql, t->src_schema, strlen(t->src_schema));
	strbuf_putc(&sql, '.');
	strbuf_quote_backtick(&sql, t->src_table, strlen(t->src_table));

	if (mysql_real_query(src->mysql, sql.data, sql.len) != 0 ||
	    (res = mysql_use_result(src->mysql)) == NULL) {
		my_log_error(src, "could not read the rows of a table");
		chm_log(LOG_ERROR, "the table was \"%s\".\"%s\"", t->src_schema, t->src_table);
		(void)finish_copy(&r, "source query failed");
		rc = CHM_EMYSQL;
		goto done;
	}
	if ((int)mysql_num_fields(res) != t->n_columns) {
		chm_log(LOG_ERROR, "table \"%s\".\"%s\" changed while being copied", t->src_schema,
		        t->src_table);
		abort_reason = "source table changed";
		rc = CHM_ESTATE;
	}
	while (rc == 0 && (row = mysql_fetch_row(res)) != NULL) {
		unsigned long *len = mysql_fetch_lengths(res);
		for (int i = 0; i < t->n_columns && rc == 0; i++) {
			if (i)
				strbuf_putc(&r.buf, '\t');
			rc = put_value(&r, &t->columns[i], row[i], len[i]);
		}
		strbuf_putc(&r.buf, '\n');
		stats->rows++;
		if (rc == 0 && r.buf.len >= r.flush_at)
			rc = flush(&r);
		if (rc == 0 && progress != NULL && stats->rows % PROGRESS_EVERY == 0 &&
		    !progress(arg, t, stats)) {
			chm_log(LOG_NOTICE, "copy of \"%s\".\"%s\" interrupted after %llu rows", t->src_schema,
			        t->src_table, (unsigned long long)stats->rows);
			rc = CHM_EINTERRUPTED;
		}
		if (rc != 0 && abort_reason == NULL)
			abort_reason = "copy failed";
	}
	if (rc == 0 && mysql_errno(src->mysql) != 0) {
		my_log_error(src, "the source stopped sending rows");
		chm_log(LOG_ERROR, "the table was \"%s\".\"%s\", after %llu rows", t->src_schema,
		        t->src_table, (unsigned long long)stats->rows);
		abort_reason = "source read failed";
		rc = CHM_EMYSQL;
	}
	if (rc == 0)
		rc = flush(&r);
	{
		int end = finish_copy(&r, rc == 0 ? NULL : (abort_reason ? abort_reason : "copy failed"));
		if (rc == 0)
			rc = end;
	}
	if (rc == 0 && progress != NULL)
		(void)progress(arg, t, stats);
	if (rc == 0 && stats->nul_removed > 0)
		chm_log(LOG_WARNING,
		        "%llu NUL bytes removed from the text values of table \"%s\".\"%s\" in its copy "
		        "(PostgreSQL text cannot hold them); show-status counts them per table",
		        (unsigned long long)stats->nul_removed, t->src_schema, t->src_table);
done:
	if (res != NULL)
		mysql_free_result(res); /* with use_result, this also drains unread rows */
	strbuf_free(&r.buf);
	strbuf_free(&r.val);
	strbuf_free(&sql);
	return rc;
}
