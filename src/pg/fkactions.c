/*
 * fkactions.c — the catalog's SQL for the source's foreign key actions
 * (t_fk_actions and the fn_fk_* functions of sql/functions-N.sql), for
 * replica/fkeys.c: the calls it puts into the replay stream after a DDL
 * statement, and the rows it replaces after a snapshot.
 *
 * Not here: which keys have actions and what a statement changes
 * (replica/fkeys.c), the triggers themselves (SQL).
 */
#include "pg/pg.h"

#include <stdarg.h>
#include <string.h>

static void
put_lit(StrBuf *sb, const char *s)
{
	if (s == NULL)
		strbuf_puts(sb, "NULL");
	else
		strbuf_quote_literal(sb, s, strlen(s));
}

/* A text[] constant: ARRAY['a', 'b'] */
static void
put_array(StrBuf *sb, const char *const *items, int n)
{
	strbuf_puts(sb, "ARRAY[");
	for (int i = 0; i < n; i++) {
		if (i)
			strbuf_puts(sb, ", ");
		strbuf_quote_literal(sb, items[i], strlen(items[i]));
	}
	strbuf_puts(sb, "]::text[]");
}

void
pg_fn_call_sql(StrBuf *sql, const char *fn, const char *source, int nargs, ...)
{
	va_list ap;
	strbuf_printf(sql, "SELECT sch_chameleon.%s(", fn);
	put_lit(sql, source);
	va_start(ap, nargs);
	for (int i = 0; i < nargs; i++) {
		strbuf_puts(sql, ", ");
		put_lit(sql, va_arg(ap, const char *));
	}
	va_end(ap);
	strbuf_puts(sql, ");\n");
}

void
pg_fk_add_sql(StrBuf *sql, const char *source, const PgForeignKey *fk)
{
	strbuf_puts(sql, "SELECT sch_chameleon.fn_fk_actions_add(");
	put_lit(sql, source);
	strbuf_puts(sql, ", ");
	put_lit(sql, fk->schema);
	strbuf_puts(sql, ", ");
	put_lit(sql, fk->table);
	strbuf_puts(sql, ", ");
	put_lit(sql, fk->name);
	strbuf_puts(sql, ", ");
	put_array(sql, fk->cols, fk->ncols);
	strbuf_puts(sql, ", ");
	put_lit(sql, fk->ref_schema);
	strbuf_puts(sql, ", ");
	put_lit(sql, fk->ref_table);
	strbuf_puts(sql, ", ");
	put_array(sql, fk->ref_cols, fk->ncols);
	strbuf_puts(sql, ", ");
	put_lit(sql, fk->on_delete);
	strbuf_puts(sql, ", ");
	put_lit(sql, fk->on_update);
	strbuf_puts(sql, ");\n");
}

int
pg_fk_actions_forget(PGconn *conn, const char *id, const char *const *pairs, int n, PGresult **out)
{
	StrBuf sql = STRBUF_INIT;
	int rc;

	strbuf_puts(&sql, "DELETE FROM sch_chameleon.t_fk_actions WHERE i_id_source = ");
	strbuf_quote_literal(&sql, id, strlen(id));
	strbuf_puts(&sql, "::integer");
	if (pairs != NULL) {
		strbuf_puts(&sql, " AND (false");
		for (int i = 0; i < n; i++)
			for (int side = 0; side < 2; side++) {
				strbuf_puts(&sql, side ? " OR (v_ref_schema_name, v_ref_table_name) = ("
				                       : " OR (v_schema_name, v_table_name) = (");
				strbuf_quote_literal(&sql, pairs[2 * i], strlen(pairs[2 * i]));
				strbuf_puts(&sql, ", ");
				strbuf_quote_literal(&sql, pairs[2 * i + 1], strlen(pairs[2 * i + 1]));
				strbuf_puts(&sql, ")");
			}
		strbuf_puts(&sql, ")");
	}
	strbuf_puts(&sql, " RETURNING v_ref_schema_name, v_ref_table_name");
	rc = pg_exec_params(conn, sql.data, 0, NULL, out, "forget the source's foreign key actions");
	strbuf_free(&sql);
	return rc;
}
