/*
 * emit_alter.c — PostgreSQL DDL for MySQL's ALTER TABLE, spec by spec.
 *
 * Each specification (ADD/DROP/MODIFY/CHANGE/RENAME COLUMN, SET/DROP
 * DEFAULT, ADD/DROP INDEX and key, foreign keys, checks, table options) is
 * emitted against the statement's copy of the model's table (Emit.tm),
 * which is then changed by that spec, so the next one sees the table as
 * MySQL would.  The USING conversions of MODIFY and CHANGE live here.  Not
 * for what CREATE TABLE shares with ALTER (column definitions, indexes,
 * names: emit.c) nor for default values (emit_default.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "common/pgname.h"
#include "ddl/ddl.h"
#include "ddl/emit_int.h"

/* ---------------------------------------------------------------- ALTER TABLE */

static void
alter_head(Emit *e)
{
	strbuf_puts(e->out, "ALTER TABLE ");
	if (e->s->if_exists)
		strbuf_puts(e->out, "IF EXISTS ");
	emit_table_name(e, e->out, &e->s->table);
	strbuf_putc(e->out, ' ');
}

/* A key written on a column (PRIMARY KEY or UNIQUE) of an added or redefined column. */
static void
column_key(Emit *e, const DdlName *table, const DdlColumn *c, bool if_not_exists)
{
	if (c->key == DDL_IDX_PRIMARY) {
		alter_head(e);
		strbuf_puts(e->out, "ADD PRIMARY KEY (");
		emit_ident(e->out, c->name);
		strbuf_puts(e->out, ");\n");
	} else if (c->key == DDL_IDX_UNIQUE) {
		DdlIndex ix;
		DdlKeyPart kp;
		emit_column_unique(&ix, &kp, c);
		if (e->tm != NULL) {
			/* MySQL names it after the column, or <column>_2 ... when that name is taken */
			char buf[300];
			emit_create_index(e, table, &ix, ddl_model_index_name(e->tm, &ix, buf, sizeof(buf)),
			                  if_not_exists);
		} else {
			emit_create_index(e, table, &ix, c->name, if_not_exists);
		}
	}
}

void
emit_drop_primary_key(Emit *e, const DdlName *table)
{
	StrBuf reg = STRBUF_INIT, body = STRBUF_INIT;

	/* PostgreSQL names the key after the table at creation time, and the table may have been
	 * renamed since */
	emit_table_name(e, &reg, table);
	strbuf_puts(&body,
	            "DECLARE k name; BEGIN SELECT conname INTO k FROM pg_constraint WHERE conrelid = ");
	strbuf_quote_literal(&body, reg.data, reg.len);
	strbuf_puts(
	    &body,
	    "::regclass AND contype = 'p'; IF k IS NOT NULL THEN EXECUTE format('ALTER TABLE %s DROP "
	    "CONSTRAINT %I', ");
	strbuf_quote_literal(&body, reg.data, reg.len);
	strbuf_puts(&body, ", k); END IF; END");
	emit_do_block(e->out, &body);
	strbuf_free(&reg);
	strbuf_free(&body);
}

/*
 * The USING expression that converts column col of PostgreSQL type old_pg
 * (MySQL column old) to pg the way MySQL converts the values.
 */
static void
using_known(Emit *e, StrBuf *out, const char *col, const DdlColumn *old, const char *old_pg,
            const char *pg)
{
	TypeCat oc = emit_type_cat(old_pg), nc = emit_type_cat(pg);
	bool number = nc == CAT_INT || nc == CAT_NUMERIC || nc == CAT_FLOAT;

	(void)e;
	if (emit_is_enum(old, old_pg) && number) {
		/* MySQL stores an enum as its label's index, 1-based like array_position */
		strbuf_puts(out, "array_position(ARRAY[");
		for (int i = 0; i < old->type.nlabels; i++) {
			if (i)
				strbuf_puts(out, ", ");
			strbuf_quote_literal(out, old->type.labels[i], old->type.label_lens[i]);
		}
		strbuf_puts(out, "]::text[], ");
		emit_ident(out, col);
		strbuf_putc(out, ')');
		if (strcmp(pg, "integer") != 0)
			strbuf_printf(out, "::%s", pg);
		return;
	}
	if (oc == CAT_INTERVAL && (nc == CAT_TIMESTAMP || nc == CAT_DATE)) {
		/* a TIME becomes today at that time, as MariaDB does */
		strbuf_puts(out, "(CURRENT_DATE + ");
		emit_ident(out, col);
		strbuf_printf(out, ")::%s", pg);
		return;
	}
	if ((oc == CAT_DATE || oc == CAT_TIMESTAMP || oc == CAT_INTERVAL) && number) {
		/* MySQL reads a date as the number 20200229, a time as 101112 */
		strbuf_puts(out, "to_char(");
		emit_ident(out, col);
		strbuf_printf(out, ", '%s')::%s",
		              oc == CAT_DATE        ? "YYYYMMDD"
		              : oc == CAT_TIMESTAMP ? "YYYYMMDDHH24MISS"
		                                    : "HH24MISS",
		              pg);
		return;
	}
	emit_ident(out, col);
	if (nc == CAT_BIT) {
		/* bit(n) to bit(m) pads or cuts on the right; MySQL keeps the value: go through a
		 * number.  smallint has no cast to bit: go through integer */
		if (oc == CAT_BIT || oc == CAT_NUMERIC || oc == CAT_FLOAT)
			strbuf_puts(out, "::bigint");
		else if (oc == CAT_INT && strcmp(old_pg, "smallint") == 0)
			strbuf_puts(out, "::integer");
	} else if (oc == CAT_BIT && number) {
		strbuf_puts(out, "::bigint");
		if (strcmp(pg, "bigint") == 0)
			return;
	} else if (strcmp(pg, "smallint") == 0) {
		strbuf_puts(out, "::integer");
	} else if (oc == CAT_TIMESTAMP && nc == CAT_INTERVAL) {
		/* a DATETIME becomes its time of day; PostgreSQL has no cast to interval */
		strbuf_puts(out, "::time");
	} else if ((nc == CAT_DATE || nc == CAT_TIMESTAMP) &&
	           (oc == CAT_INT || oc == CAT_NUMERIC || oc == CAT_FLOAT)) {
		/* MySQL reads 20200229 as a date; PostgreSQL has no cast from numbers */
		strbuf_puts(out, "::text");
	}
	strbuf_printf(out, "::%s", pg);
}

/*
 * A DO block that runs "ALTER TABLE <table> <alter>" when (exists) or
 * unless "SELECT 1 FROM <from>'<table>'<mid>'<name>'<tail>" finds a row:
 * DDL that depends on what the replica's catalog holds.  The table's name
 * and name go in as literals, as the replica spells them (chm_pg_name).
 */
static void
alter_table_if(Emit *e, const DdlName *table, bool exists, const char *from, const char *mid,
               const char *name, const char *tail, const StrBuf *alter)
{
	StrBuf reg = STRBUF_INIT, body = STRBUF_INIT;

	emit_table_name(e, &reg, table);
	strbuf_puts(&body,
	            exists ? "BEGIN IF EXISTS (SELECT 1 FROM " : "BEGIN IF NOT EXISTS (SELECT 1 FROM ");
	strbuf_puts(&body, from);
	strbuf_quote_literal(&body, reg.data, reg.len);
	strbuf_puts(&body, mid);
	{
		char buf[CHM_PG_NAME_MAX + 1];
		const char *pg = chm_pg_name(name, buf); /* compared with the replica's catalog */
		strbuf_quote_literal(&body, pg, strlen(pg));
	}
	strbuf_puts(&body, tail);
	strbuf_puts(&body, ") THEN ALTER TABLE ");
	strbuf_append(&body, reg.data, reg.len);
	strbuf_putc(&body, ' ');
	strbuf_append(&body, alter->data, alter->len);
	strbuf_puts(&body, "; END IF; END");
	emit_do_block(e->out, &body);
	strbuf_free(&reg);
	strbuf_free(&body);
}

/* MODIFY/CHANGE: the whole column redefined (see ddl.h); old is the column before, if known. */
static void
redefine_column(Emit *e, const DdlColumn *c, const DdlColumn *old)
{
	const DdlName *table = &e->s->table;
	const char *pg = emit_column_type(e, table, c);
	StrBuf *out = e->out;
	StrBuf d = STRBUF_INIT;
	bool identity, nullable;

	if (pg == NULL)
		return;
	identity = c->auto_increment && emit_type_cat(pg) == CAT_INT;
	if (!identity) {
		alter_head(e);
		strbuf_puts(out, "ALTER COLUMN ");
		emit_ident(out, c->name);
		strbuf_puts(out, " DROP IDENTITY IF EXISTS;\n");
	}
	alter_head(e);
	strbuf_puts(out, "DROP CONSTRAINT IF EXISTS ");
	emit_enum_check_name(out, c->name);
	if (!identity) {
		strbuf_puts(out, ", ALTER COLUMN ");
		emit_ident(out, c->name);
		strbuf_puts(out, " DROP DEFAULT");
	}
	strbuf_puts(out, ", ALTER COLUMN ");
	emit_ident(out, c->name);
	strbuf_printf(out, " TYPE %s USING ", pg);
	if (old != NULL) {
		char obuf[256];
		const char *old_pg =
		    ddl_map_type(e->ctx, table->schema ? table->schema : e->ctx->default_schema,
		                 table->name, old, obuf, sizeof(obuf));
		if (old_pg != NULL) {
			using_known(e, out, c->name, old, old_pg, pg);
			goto typed;
		}
	}
	emit_ident(out, c->name);
	/*
	 * The old type is not known here, so the cast must work from any.  bit
	 * and boolean have a cast to integer, not to smallint: go through
	 * integer.  PostgreSQL has no cast from numbers to date or timestamp,
	 * while MySQL reads 20200229 as a date: go through text, which every
	 * date, datetime, string and number spells in a form the date and
	 * timestamp input functions read.
	 */
	if (strcmp(pg, "smallint") == 0)
		strbuf_puts(out, "::integer");
	else if (emit_type_cat(pg) == CAT_DATE || emit_type_cat(pg) == CAT_TIMESTAMP)
		strbuf_puts(out, "::text");
	strbuf_printf(out, "::%s", pg);
typed:
	nullable = !(c->not_null || c->key == DDL_IDX_PRIMARY || identity);
	if (!nullable) {
		strbuf_puts(out, ", ALTER COLUMN ");
		emit_ident(out, c->name);
		strbuf_puts(out, " SET NOT NULL");
	}
	if (!identity && emit_default_sql(e, table, c, pg, &d) && strcmp(d.data, "NULL") != 0) {
		strbuf_puts(out, ", ALTER COLUMN ");
		emit_ident(out, c->name);
		strbuf_printf(out, " SET DEFAULT %s", d.data);
	}
	strbuf_free(&d);
	if (emit_is_enum(c, pg)) {
		strbuf_puts(out, ", ADD CONSTRAINT ");
		emit_enum_check_name(out, c->name);
		strbuf_putc(out, ' ');
		emit_enum_check(out, c);
	}
	strbuf_puts(out, ";\n");
	if (nullable || identity) {
		StrBuf alter = STRBUF_INIT;
		strbuf_puts(&alter, "ALTER COLUMN ");
		emit_ident(&alter, c->name);
		if (nullable) {
			/* MySQL keeps a primary key column NOT NULL whatever MODIFY says; PostgreSQL
			 * refuses to drop it */
			strbuf_puts(&alter, " DROP NOT NULL");
			alter_table_if(e, table, false,
			               "pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND "
			               "a.attnum = ANY (i.indkey) WHERE i.indrelid = ",
			               "::regclass AND i.indisprimary AND a.attname = ", c->name, "", &alter);
		} else {
			strbuf_puts(&alter, " ADD GENERATED BY DEFAULT AS IDENTITY");
			alter_table_if(e, table, false,
			               "pg_attribute WHERE attrelid = ", "::regclass AND attname = ", c->name,
			               " AND attidentity <> ''", &alter);
		}
		strbuf_free(&alter);
	}
	column_key(e, table, c, true);
	if (c->comment)
		emit_comment_on_column(e, table, c->name, c->comment);
	emit_column_notes(e, table, c);
}
/*
 * ALTER COLUMN SET DEFAULT where the column's type decides the value: a bit
 * default padded to the column's width, a zero date by the column's
 * nullability (as in CREATE TABLE).  Returns false, having emitted nothing,
 * when the column is unknown or its type does not matter.
 */
static bool
set_default_known(Emit *e, const DdlAlterSpec *sp)
{
	const DdlName *table = &e->s->table;
	const DdlColumn *old = ddl_model_column(e->tm, sp->name);
	const DdlDefault *d = &sp->column->def;
	char buf[256];
	const char *pg;
	TypeCat cat;
	DdlColumn view;
	StrBuf v = STRBUF_INIT;
	bool zero;

	if (old == NULL)
		return false;
	pg = ddl_map_type(e->ctx, table->schema ? table->schema : e->ctx->default_schema, table->name,
	                  old, buf, sizeof(buf));
	if (pg == NULL)
		return false;
	cat = emit_type_cat(pg);
	zero = (d->kind == DDL_DEF_STRING && emit_is_zero_date(d->text)) ||
	       (d->kind == DDL_DEF_NUMBER && strtod(d->text, NULL) == 0.0);
	if ((cat == CAT_DATE || cat == CAT_TIMESTAMP) && zero) {
		alter_head(e);
		strbuf_puts(e->out, "ALTER COLUMN ");
		emit_ident(e->out, old->name);
		/* PostgreSQL has no zero date: NULL where the column allows it, -infinity where not */
		strbuf_puts(e->out, old->not_null ? " SET DEFAULT '-infinity';\n" : " DROP DEFAULT;\n");
		return true;
	}
	if (cat != CAT_BIT)
		return false;
	view = *old;
	view.def = *d;
	if (emit_default_sql(e, table, &view, pg, &v)) {
		alter_head(e);
		strbuf_puts(e->out, "ALTER COLUMN ");
		emit_ident(e->out, old->name);
		strbuf_printf(e->out, " SET DEFAULT %s;\n", v.data);
	}
	strbuf_free(&v);
	return true;
}

/* ALTER TABLE ... RENAME COLUMN from TO to. */
static void
rename_column_to(Emit *e, const char *from, const char *to)
{
	alter_head(e);
	strbuf_puts(e->out, "RENAME COLUMN ");
	emit_ident(e->out, from);
	strbuf_puts(e->out, " TO ");
	emit_ident(e->out, to);
	strbuf_puts(e->out, ";\n");
}

/* ALTER TABLE ... DROP CONSTRAINT IF EXISTS name. */
static void
drop_constraint(Emit *e, const char *name)
{
	alter_head(e);
	strbuf_puts(e->out, "DROP CONSTRAINT IF EXISTS ");
	emit_ident(e->out, name);
	strbuf_puts(e->out, ";\n");
}

/*
 * ADD CHECK k (of column col, or NULL).  An unnamed one is left for
 * PostgreSQL to name: MySQL numbers it after the CHECKs the table has,
 * unknown here.
 */
static void
add_check(Emit *e, const DdlName *table, const DdlCheck *k, const char *col)
{
	StrBuf ck = STRBUF_INIT;

	if (emit_check_sql(e, table, k, col, &ck)) {
		alter_head(e);
		strbuf_printf(e->out, "ADD %s;\n", k->name ? ck.data : strstr(ck.data, "CHECK ("));
	}
	strbuf_free(&ck);
}

static void
add_column(Emit *e, const DdlAlterSpec *sp)
{
	const DdlName *table = &e->s->table;
	StrBuf *out = e->out;
	const DdlColumn *c = sp->column;
	const char *implicit = emit_implicit_default(e, table, c);

	alter_head(e);
	strbuf_printf(out, "ADD COLUMN %s", sp->if_exists ? "IF NOT EXISTS " : "");
	if (!emit_column_sql(e, table, c, out))
		return;
	if (implicit != NULL) {
		/* MySQL fills the rows it has with the type's implicit default; PostgreSQL would refuse
		 * NOT NULL */
		strbuf_printf(out, " DEFAULT %s;\n", implicit);
		alter_head(e);
		strbuf_puts(out, "ALTER COLUMN ");
		emit_ident(out, c->name);
		strbuf_puts(out, " DROP DEFAULT");
		emit_note(e,
		          "existing rows of %s get MySQL's implicit default %s in NOT NULL column \"%s\"",
		          emit_table_text(e, table), implicit, c->name);
	}
	strbuf_puts(out, ";\n");
	if (ddl_column_fills_rows(c))
		emit_note(e,
		          "existing rows of %s get their value of column \"%s\" from MySQL, not from the "
		          "binlog: the replicator copies the table again",
		          emit_table_text(e, table), c->name);
	column_key(e, table, c, sp->if_exists);
	for (int j = 0; j < c->nchecks; j++)
		add_check(e, table, c->checks[j], c->name);
	if (c->comment && c->comment[0])
		emit_comment_on_column(e, table, c->name, c->comment);
}

static void
change_column(Emit *e, const DdlAlterSpec *sp)
{
	const char *from = emit_col_name(e, sp->name);

	if (strcmp(from, sp->column->name) != 0) {
		rename_column_to(e, from, sp->column->name);
		alter_head(e);
		strbuf_puts(e->out, "DROP CONSTRAINT IF EXISTS ");
		emit_enum_check_name(e->out, from);
		strbuf_puts(e->out, ";\n");
	}
	redefine_column(e, sp->column, ddl_model_column(e->tm, sp->name));
}

static void
modify_column(Emit *e, const DdlAlterSpec *sp)
{
	/* MODIFY names the column as written: MySQL renames CamelColumn to camelcolumn */
	const DdlColumn *old = ddl_model_column(e->tm, sp->column->name);

	if (old != NULL && strcmp(old->name, sp->column->name) != 0)
		rename_column_to(e, old->name, sp->column->name);
	redefine_column(e, sp->column, old);
}

static void
set_default(Emit *e, const DdlAlterSpec *sp)
{
	StrBuf d = STRBUF_INIT;
	const DdlColumn *known, *c = sp->column;
	DdlColumn with_type;

	if (set_default_known(e, sp))
		return;
	known = emit_known_column(e, sp->name);
	if (known != NULL) { /* its type decides what 0xFF means: 255 or a byte */
		with_type = *known;
		with_type.name = sp->name;
		with_type.def = sp->column->def;
		c = &with_type;
	}
	if (emit_default_sql(e, &e->s->table, c, NULL, &d)) {
		alter_head(e);
		strbuf_puts(e->out, "ALTER COLUMN ");
		emit_ident(e->out, emit_col_name(e, sp->name));
		strbuf_printf(e->out, " SET DEFAULT %s;\n", d.data);
	}
	strbuf_free(&d);
}

static void
rename_column(Emit *e, const DdlAlterSpec *sp)
{
	StrBuf alter = STRBUF_INIT;
	char from[128], to[128];

	rename_column_to(e, emit_col_name(e, sp->name), sp->new_name);
	/* an enum's CHECK is named after its column: keep the rule for a later MODIFY */
	ddl_index_pg_name(emit_col_name(e, sp->name), "enum_check", from, sizeof(from));
	ddl_index_pg_name(sp->new_name, "enum_check", to, sizeof(to));
	strbuf_puts(&alter, "RENAME CONSTRAINT ");
	emit_ident(&alter, from);
	strbuf_puts(&alter, " TO ");
	emit_ident(&alter, to);
	alter_table_if(e, &e->s->table, true,
	               "pg_constraint WHERE conrelid = ", "::regclass AND conname = ", from, "",
	               &alter);
	strbuf_free(&alter);
}

static void
emit_spec(Emit *e, const DdlAlterSpec *sp)
{
	const DdlName *table = &e->s->table;
	StrBuf *out = e->out;

	switch (sp->kind) {
	case DDL_AT_ADD_COLUMN:
		add_column(e, sp);
		break;
	case DDL_AT_DROP_COLUMN:
		alter_head(e);
		strbuf_printf(out, "DROP COLUMN %s", sp->if_exists ? "IF EXISTS " : "");
		emit_ident(out, emit_col_name(e, sp->name));
		strbuf_puts(out, ";\n");
		break;
	case DDL_AT_CHANGE_COLUMN:
		change_column(e, sp);
		break;
	case DDL_AT_MODIFY_COLUMN:
		modify_column(e, sp);
		break;
	case DDL_AT_SET_DEFAULT:
		set_default(e, sp);
		break;
	case DDL_AT_DROP_DEFAULT:
		alter_head(e);
		strbuf_puts(out, "ALTER COLUMN ");
		emit_ident(out, emit_col_name(e, sp->name));
		strbuf_puts(out, " DROP DEFAULT;\n");
		break;
	case DDL_AT_ADD_INDEX: {
		char buf[300];
		const char *nm = e->tm ? ddl_model_index_name(e->tm, sp->index, buf, sizeof(buf))
		                       : emit_mysql_index_name(e, sp->index, NULL, 0);
		emit_create_index(e, table, sp->index, nm, sp->index->if_not_exists);
		break;
	}
	case DDL_AT_ADD_CHECK:
		add_check(e, table, sp->check, NULL);
		break;
	case DDL_AT_DROP_PRIMARY:
		emit_drop_primary_key(e, table);
		break;
	case DDL_AT_DROP_INDEX:
		if (strcasecmp(sp->name, "PRIMARY") == 0) {
			emit_drop_primary_key(e, table);
			break;
		}
		/* PostgreSQL may not have it (a skipped FULLTEXT or SPATIAL index, one that went with a
		 * dropped column): MySQL has checked that it exists */
		strbuf_puts(out, "DROP INDEX IF EXISTS ");
		emit_index_qname(e, out, table, sp->name);
		strbuf_puts(out, ";\n");
		break;
	case DDL_AT_DROP_FOREIGN:
		emit_note(e,
		          "foreign key \"%s\" of %s dropped: foreign keys exist only after detach-replica",
		          sp->name, emit_table_text(e, table));
		break;
	case DDL_AT_DROP_CHECK:
		/* also ALTER CHECK ... NOT ENFORCED.  Always IF EXISTS: a CHECK that was NOT ENFORCED or
		 * could not be translated was never created in PostgreSQL */
		drop_constraint(e, sp->name);
		break;
	case DDL_AT_ENFORCE_CHECK:
		/* the model keeps no CHECK expressions (NOT ENFORCED ones are never created): the
		 * replica cannot create it, and the rows need it not, MySQL checks them */
		emit_note(e,
		          "CHECK \"%s\" of %s is ENFORCED again in MySQL: not created in PostgreSQL, "
		          "whose copy of the table keeps no CHECK expressions; add it by hand if needed",
		          sp->name, emit_table_text(e, table));
		break;
	case DDL_AT_DROP_CONSTRAINT:
		/* a CHECK, a unique key (an index here) or a foreign key (nothing here): drop whichever
		 * exists */
		drop_constraint(e, sp->name);
		strbuf_puts(out, "DROP INDEX IF EXISTS ");
		emit_index_qname(e, out, table, sp->name);
		strbuf_puts(out, ";\n");
		break;
	case DDL_AT_RENAME_COLUMN:
		rename_column(e, sp);
		break;
	case DDL_AT_RENAME_INDEX:
		/* IF EXISTS as for DROP INDEX: a FULLTEXT or SPATIAL index was skipped */
		strbuf_puts(out, "ALTER INDEX IF EXISTS ");
		emit_index_qname(e, out, table, sp->name);
		strbuf_puts(out, " RENAME TO ");
		emit_new_index_name(e, out, table, sp->new_name);
		strbuf_puts(out, ";\n");
		break;
	case DDL_AT_RENAME_TABLE:
		break; /* after every other spec: see emit_alter */
	case DDL_AT_COMMENT:
		emit_comment_on_table(e, table, sp->comment);
		break;
	case DDL_AT_PARTITION:
		emit_note(e, "partition clause of %s ignored: the PostgreSQL table is not partitioned",
		          emit_table_text(e, table));
		break;
	}
}

void
emit_alter(Emit *e)
{
	const DdlStmt *s = e->s;
	size_t start = e->out->len;

	for (int i = 0; i < s->nspecs && !e->error; i++) {
		emit_spec(e, s->specs[i]);
		if (e->tm != NULL)
			ddl_model_apply_spec(e->tm, s->specs[i]);
	}
	for (int i = 0; i < s->nspecs && !e->error; i++)
		if (s->specs[i]->kind == DDL_AT_RENAME_TABLE)
			emit_rename_table(e, &s->table, &s->specs[i]->table);
	if (e->out->len == start && e->notes.len == 0)
		emit_note(e, "ALTER TABLE %s: nothing to change in PostgreSQL",
		          emit_table_text(e, &s->table));
}
