/*
 * detach.c — detach-replica: the replica becomes an ordinary database.
 *
 * Foreign keys come from the source's information_schema (fkeys_read), read
 * at detach time: the catalog keeps only those with actions, and the
 * source's current definition is the one the replica's tables follow.  The
 * chm_fk_ triggers that performed their actions while replicating are
 * dropped first: the real keys do it now.  Only keys whose both tables are
 * replicated are created.  Each is added NOT VALID (no long lock, no scan)
 * and then validated on its own, so one key the data breaks does not stop
 * the others; it stays NOT VALID and is reported.
 */
#include "replica/detach.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "common/log.h"
#include "common/pgname.h"
#include "common/strbuf.h"
#include "ddl/ddl.h"
#include "mysql/myconn.h"
#include "pg/pg.h"
#include "replica/filter.h"
#include "replica/fkeys.h"

/*
 * The body of the DO block that sets every identity and owned sequence of
 * the schema past its column's maximum, around the schema's literal.
 */
static const char reset_sequences_head[] =
    "DECLARE r record; v_max numeric; v_min bigint; BEGIN "
    "FOR r IN SELECT n.nspname, c.relname, a.attname, "
    "pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) AS seq "
    "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = "
    "c.relnamespace "
    "WHERE n.nspname = ";
static const char reset_sequences_tail[] =
    " AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped LOOP "
    "CONTINUE WHEN r.seq IS NULL; "
    "EXECUTE format('SELECT max(%I) FROM %I.%I', r.attname, r.nspname, r.relname) INTO v_max; "
    "SELECT seqmin INTO v_min FROM pg_sequence WHERE seqrelid = r.seq::regclass; "
    "PERFORM setval(r.seq, greatest(coalesce(v_max + 1, v_min), v_min)::bigint, false); "
    "END LOOP; END";

/*
 * The rule is the source's information_schema text, so it goes into the
 * statement only as one of the actions written here, never as given.
 * RESTRICT and NO ACTION add nothing: PostgreSQL's default, NO ACTION, is
 * what InnoDB does for both.
 */
static void
put_rule(StrBuf *sb, const char *on, const char *rule)
{
	const char *action = fkeys_action(rule);

	if (action != NULL)
		strbuf_printf(sb, " ON %s %s", on, action);
}

/* schema.table of the replica, from the source's names (common/pgname.h). */
static void
put_qualified(StrBuf *sb, const char *schema, const char *table)
{
	chm_quote_pg_name(sb, schema);
	strbuf_putc(sb, '.');
	chm_quote_pg_name(sb, table);
}

/* ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID for fk. */
static void
fk_statement(StrBuf *sql, const ForeignKey *fk)
{
	strbuf_puts(sql, "ALTER TABLE ");
	put_qualified(sql, fk->dst_schema, fk->table);
	strbuf_puts(sql, " ADD CONSTRAINT ");
	chm_quote_pg_name(sql, fk->name);
	strbuf_puts(sql, " FOREIGN KEY (");
	for (int i = 0; i < fk->ncols; i++) {
		if (i)
			strbuf_puts(sql, ", ");
		chm_quote_pg_name(sql, fk->cols[i]);
	}
	strbuf_puts(sql, ") REFERENCES ");
	put_qualified(sql, fk->ref_dst_schema, fk->ref_table);
	strbuf_puts(sql, " (");
	for (int i = 0; i < fk->ncols; i++) {
		if (i)
			strbuf_puts(sql, ", ");
		chm_quote_pg_name(sql, fk->ref_cols[i]);
	}
	strbuf_putc(sql, ')');
	put_rule(sql, "UPDATE", fk->on_update);
	put_rule(sql, "DELETE", fk->on_delete);
	strbuf_puts(sql, " NOT VALID");
}

/*
 * The triggers that do what MySQL's ON UPDATE CURRENT_TIMESTAMP did: while
 * replicating, the binlog carried the values; detached, PostgreSQL must set
 * them.  MySQL sets the column when the row changes and the statement did
 * not set the column; "not set" is read as "unchanged", the closest a row
 * trigger can tell.  Appends the statements to sql.
 */
static int
on_update_triggers(MyConn *my, const SourceConfig *src, StrBuf *sql, int *count)
{
	StrBuf q = STRBUF_INIT;
	MYSQL_RES *res = NULL;
	MYSQL_ROW row;
	int rc = 0;

	*count = 0;
	strbuf_puts(&q, "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS "
	                "WHERE EXTRA LIKE '%on update%' AND TABLE_SCHEMA IN (");
	my_quote_schemas(my, &q, src);
	strbuf_puts(&q, ") ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION");
	if (mysql_real_query(my->mysql, q.data, q.len) != 0 ||
	    (res = mysql_store_result(my->mysql)) == NULL) {
		my_log_error(my, "could not read the ON UPDATE columns of the source");
		rc = CHM_EMYSQL;
		goto done;
	}
	while ((row = mysql_fetch_row(res)) != NULL) {
		const char *ts = filter_target_schema(src, row[0]);
		char name[64];
		StrBuf suffix = STRBUF_INIT, fn = STRBUF_INIT, tab = STRBUF_INIT, body = STRBUF_INIT;
		if (ts == NULL || !filter_table_wanted(src, row[0], row[1]))
			continue;
		strbuf_printf(&suffix, "%s_on_update", row[2]);
		ddl_index_pg_name(row[1], suffix.data, name, sizeof(name));
		put_qualified(&fn, ts, name);
		put_qualified(&tab, ts, row[1]);
		/* the column's name is in the body: the tag must not be in it */
		strbuf_puts(&body, "BEGIN IF NEW.");
		chm_quote_pg_name(&body, row[2]);
		strbuf_puts(&body, " IS NOT DISTINCT FROM OLD.");
		chm_quote_pg_name(&body, row[2]);
		strbuf_puts(&body, " AND NEW IS DISTINCT FROM OLD THEN NEW.");
		chm_quote_pg_name(&body, row[2]);
		strbuf_puts(&body, " := CURRENT_TIMESTAMP; END IF; RETURN NEW; END");
		strbuf_printf(sql, "CREATE OR REPLACE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS ",
		              fn.data);
		strbuf_dollar_quote(sql, body.data, body.len);
		strbuf_puts(sql, ";\n");
		strbuf_puts(sql, "CREATE TRIGGER ");
		strbuf_quote_ident(sql, name, strlen(name));
		strbuf_printf(sql, " BEFORE UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION %s();\n", tab.data,
		              fn.data);
		(*count)++;
		strbuf_free(&suffix);
		strbuf_free(&fn);
		strbuf_free(&tab);
		strbuf_free(&body);
	}
done:
	if (res)
		mysql_free_result(res);
	strbuf_free(&q);
	return rc;
}

int
snapshot_detach(const Config *cfg, const SourceConfig *src)
{
	PGconn *pg = NULL;
	MyConn my = {0};
	ForeignKeys fks = {0};
	StrBuf triggers = STRBUF_INIT;
	int n_fk = 0, rc, invalid = 0, n_trig = 0;
	bool fks_read = false;
	bool found;

	if ((rc = pg_open(cfg, "chameleon detach-replica", true, &pg)) != 0)
		goto done;
	if ((rc = my_connect(&my, &src->db_conn, src->net_read_timeout, 0)) != 0)
		goto done;
	rc = fkeys_read(&my, src, NULL, 0, &fks);
	fks_read = true;
	n_fk = fks.n;
	if (rc != 0)
		goto done;
	if ((rc = on_update_triggers(&my, src, &triggers, &n_trig)) != 0)
		goto done;

	rc = pg_exec(pg, "BEGIN", "begin the detach");
	if (rc == 0) {
		/* no replay may run on these tables any more */
		rc = pg_source_hold_replay(pg, src->name);
	}
	for (int i = 0; i < src->schema_mappings.n && rc == 0; i++) {
		const char *schema = src->schema_mappings.values[i];
		StrBuf body = STRBUF_INIT, sql = STRBUF_INIT;
		/* a DO block takes no parameters: the literal goes into the body */
		strbuf_puts(&body, reset_sequences_head);
		strbuf_quote_literal(&body, schema, strlen(schema));
		strbuf_puts(&body, reset_sequences_tail);
		strbuf_puts(&sql, "DO ");
		strbuf_dollar_quote(&sql, body.data, body.len);
		rc = pg_exec(pg, sql.data, "set the sequences past the current maximum");
		strbuf_free(&body);
		strbuf_free(&sql);
	}
	if (rc == 0) {
		/* the triggers that performed the keys' actions while replicating */
		long dropped = 0;
		rc = pg_fk_triggers_drop(pg, src->name, &dropped);
		if (rc == 0)
			chm_log(LOG_INFO, "source \"%s\": %ld foreign key action trigger(s) dropped",
			        src->name, dropped);
	}
	for (int i = 0; i < n_fk && rc == 0; i++) {
		StrBuf sql = STRBUF_INIT;
		fk_statement(&sql, &fks.items[i]);
		rc = pg_exec(pg, sql.data, "create a foreign key");
		if (rc != 0)
			chm_log(LOG_ERROR, "the statement was: %s", sql.data);
		strbuf_free(&sql);
	}
	if (rc == 0 && n_trig > 0)
		rc = pg_exec(pg, triggers.data, "create the ON UPDATE CURRENT_TIMESTAMP triggers");
	if (rc == 0)
		rc = pg_source_drop(pg, src->name, &found);
	if (rc == 0)
		rc = pg_exec(pg, "COMMIT", "commit the detach");
	if (rc != 0) {
		pg_rollback(pg);
		goto done;
	}

	/* validation scans the tables: one key at a time, each on its own */
	for (int i = 0; i < n_fk; i++) {
		const ForeignKey *fk = &fks.items[i];
		StrBuf sql = STRBUF_INIT;
		strbuf_puts(&sql, "ALTER TABLE ");
		put_qualified(&sql, fk->dst_schema, fk->table);
		strbuf_puts(&sql, " VALIDATE CONSTRAINT ");
		chm_quote_pg_name(&sql, fk->name);
		if (pg_exec(pg, sql.data, "validate a foreign key") != 0) {
			chm_log(
			    LOG_WARNING,
			    "foreign key \"%s\" of \"%s\".\"%s\" stays NOT VALID: fix the rows, then run: %s",
			    fk->name, fk->dst_schema, fk->table, sql.data);
			invalid++;
		}
		strbuf_free(&sql);
	}
	chm_log(
	    LOG_INFO,
	    "source \"%s\" detached: %d foreign key%s created, %d not valid; %d ON UPDATE trigger%s",
	    src->name, n_fk, n_fk == 1 ? "" : "s", invalid, n_trig, n_trig == 1 ? "" : "s");
	if (invalid > 0)
		rc = CHM_ESTATE;
done:
	if (fks_read)
		fkeys_free(&fks);
	strbuf_free(&triggers);
	if (my.mysql)
		my_close(&my);
	if (pg)
		pg_disconnect(pg);
	return rc;
}
