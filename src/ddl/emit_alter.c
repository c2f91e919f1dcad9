/*
 * emit_alter.c — PostgreSQL DDL for MySQL's ALTER TABLE, spec by spec.
 *
 * Each specification (ADD/DROP/MODIFY/CHANGE/RENAME COLUMN, SET/DROP
 * DEFAULT, ADD/DROP INDEX and key, foreign keys, checks, table options) is
 * emitted against the statement's copy of the model's table (Emit.tm),
 * which is then changed by that spec, so the next one sees the table as
 * MySQL would.  The USING conversions of MODIFY and CHANGE: emit_using.c.
 * Not for what CREATE TABLE shares with ALTER (column definitions, indexes,
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
	strbuf_puts(e->out,
	            "DROP INDEX IF EXISTS "); /* the key's prefix parts (emit.c, pk_prefix_index) */
	emit_index_qname(e, e->out, table, "PRIMARY");
	strbuf_puts(e->out, ";\n");
	strbuf_free(&reg);
	strbuf_free(&body);
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

/*
 * The USING expression of MODIFY or CHANGE of old (PostgreSQL type old_pg)
 * to c (pg), appended to e->out: MySQL's values where PostgreSQL can compute
 * them (emit_using_known), else values the copy of the table replaces (recopy).
 * A NULL becomes the type's implicit default in a NOT NULL column, as MySQL
 * does outside strict mode (strict mode refuses the ALTER).
 */
static void
using_column(Emit *e, const DdlColumn *c, const DdlColumn *old, const char *old_pg, const char *pg,
             bool *loose)
{
	StrBuf x = STRBUF_INIT, u = STRBUF_INIT;
	const char *implicit = NULL;

	emit_ident(&x, c->name);
	if (!emit_using_known(e, &u, x.data, old, old_pg, c, pg, loose)) {
		e->recopy = true;
		emit_note(e,
		          "existing values of column \"%s\" of %s become %s as MySQL converts them, which "
		          "PostgreSQL cannot repeat exactly: the replicator copies the table again",
		          c->name, emit_table_text(e, &e->s->table), pg);
	}
	if (!emit_col_nullable(c) && emit_col_nullable(old) && !c->auto_increment) {
		DdlColumn view = *c;
		memset(&view.def, 0, sizeof(view.def));
		view.key = 0;
		view.not_null = true;
		implicit = emit_implicit_default(e, &e->s->table, &view);
	}
	if (implicit != NULL)
		strbuf_printf(e->out, "coalesce(%s, %s)", u.data, implicit);
	else
		strbuf_append(e->out, u.data, u.len);
	strbuf_free(&x);
	strbuf_free(&u);
}

/* MODIFY/CHANGE: the whole column redefined (see ddl.h); old is the column before, if known. */
static void
redefine_column(Emit *e, const DdlColumn *c, const DdlColumn *old)
{
	const DdlName *table = &e->s->table;
	const char *pg = emit_column_type(e, table, c);
	StrBuf *out = e->out;
	StrBuf d = STRBUF_INIT;
	bool identity, nullable, loose = false;

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
			using_column(e, c, old, old_pg, pg, &loose);
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
		if (loose) /* rows MySQL gave the error value '' */
			strbuf_puts(out, " NOT VALID");
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
add_check(Emit *e, const DdlName *table, const DdlCheck *k, const char *col, bool if_not_exists)
{
	StrBuf ck = STRBUF_INIT, alter = STRBUF_INIT;

	if (emit_check_sql(e, table, k, col, &ck)) {
		strbuf_printf(&alter, "ADD %s", k->name ? ck.data : strstr(ck.data, "CHECK ("));
		if (if_not_exists && k->name != NULL) {
			/* MariaDB's ADD CONSTRAINT IF NOT EXISTS: the model keeps no CHECK names */
			alter_table_if(e, table, false,
			               "pg_constraint WHERE conrelid = ", "::regclass AND conname = ", k->name,
			               "", &alter);
		} else {
			alter_head(e);
			strbuf_append(e->out, alter.data, alter.len);
			strbuf_puts(e->out, ";\n");
		}
	}
	strbuf_free(&ck);
	strbuf_free(&alter);
}

/* Whether column SQL col (emit_column_sql) gives the column a default. */
static bool
has_default(const StrBuf *col)
{
	const char *d = strstr(col->data, " DEFAULT "), *k = strstr(col->data, " CONSTRAINT ");

	return d != NULL && (k == NULL || d < k);
}

static void
add_column(Emit *e, const DdlAlterSpec *sp)
{
	const DdlName *table = &e->s->table;
	StrBuf *out = e->out;
	StrBuf col = STRBUF_INIT;
	const DdlColumn *c = sp->column;
	const char *implicit = emit_implicit_default(e, table, c);
	bool fills = ddl_column_fills_rows(c);

	if (!emit_column_sql(e, table, c, &col)) {
		strbuf_free(&col);
		return;
	}
	if (implicit == NULL && fills && emit_col_nullable(c) == false && !has_default(&col)) {
		/* a NOT NULL column whose values MySQL computes (a generated column, a default
		 * PostgreSQL cannot keep, such as one naming a column): PostgreSQL would refuse it on
		 * a table with rows.  The rows get a placeholder the copy below replaces */
		DdlColumn view = *c;
		memset(&view.def, 0, sizeof(view.def));
		view.key = 0;
		view.not_null = true;
		implicit = emit_implicit_default(e, table, &view);
	}
	alter_head(e);
	strbuf_printf(out, "ADD COLUMN %s", sp->if_exists ? "IF NOT EXISTS " : "");
	strbuf_append(out, col.data, col.len);
	strbuf_free(&col);
	if (implicit != NULL) {
		/* MySQL fills the rows it has with the type's implicit default; PostgreSQL would refuse
		 * NOT NULL */
		strbuf_printf(out, " DEFAULT %s;\n", implicit);
		alter_head(e);
		strbuf_puts(out, "ALTER COLUMN ");
		emit_ident(out, c->name);
		strbuf_puts(out, " DROP DEFAULT");
		if (!fills)
			emit_note(e,
			          "existing rows of %s get MySQL's implicit default %s in NOT NULL column "
			          "\"%s\"",
			          emit_table_text(e, table), implicit, c->name);
	}
	strbuf_puts(out, ";\n");
	if (fills) {
		e->recopy = true;
		emit_note(e,
		          "existing rows of %s get their value of column \"%s\" from MySQL, not from the "
		          "binlog: the replicator copies the table again",
		          emit_table_text(e, table), c->name);
	}
	column_key(e, table, c, sp->if_exists);
	for (int j = 0; j < c->nchecks; j++)
		add_check(e, table, c->checks[j], c->name, false);
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

	if (strcmp(emit_col_name(e, sp->name), sp->new_name) == 0)
		return; /* RENAME COLUMN a TO a: PostgreSQL would refuse it */
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
		const char *nm;
		const DdlModelIndex *gone = e->tm ? ddl_model_fk_index_replaced(e->tm, sp->index) : NULL;
		if (gone != NULL) {
			/* MySQL drops the index it gave a foreign key when a key added on its columns can
			 * serve the foreign key; the new key may take its name */
			DdlAlterSpec drop = {.kind = DDL_AT_DROP_INDEX, .name = gone->name};
			strbuf_puts(out, "DROP INDEX IF EXISTS ");
			emit_index_qname(e, out, table, gone->name);
			strbuf_puts(out, ";\n");
			ddl_model_apply_spec(e->tm, &drop);
		}
		nm = e->tm ? ddl_model_index_name(e->tm, sp->index, buf, sizeof(buf))
		           : emit_mysql_index_name(e, sp->index, NULL, 0);
		emit_create_index(e, table, sp->index, nm, sp->index->if_not_exists);
		break;
	}
	case DDL_AT_ADD_CHECK:
		add_check(e, table, sp->check, NULL, sp->if_exists);
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
	case DDL_AT_DROP_CONSTRAINT:
		if (e->tm == NULL || ddl_model_fk(e->tm, sp->name) == NULL) {
			/* a CHECK or a unique key (an index here): drop whichever exists */
			drop_constraint(e, sp->name);
			strbuf_puts(out, "DROP INDEX IF EXISTS ");
			emit_index_qname(e, out, table, sp->name);
			strbuf_puts(out, ";\n");
			break;
		}
		/* a foreign key, whose index MySQL keeps */
		/* fall through */
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
	case DDL_AT_ORDER:
		emit_note(e, "ORDER BY of %s ignored: PostgreSQL keeps no order of rows",
		          emit_table_text(e, table));
		break;
	}
}

/*
 * The column an IF [NOT] EXISTS spec depends on (MariaDB: MODIFY, CHANGE,
 * DROP and RENAME COLUMN IF EXISTS, ALTER COLUMN IF EXISTS, ADD COLUMN IF NOT
 * EXISTS), and whether the
 * spec needs it to exist; NULL for other specs.
 */
static const char *
spec_if_column(const DdlAlterSpec *sp, bool *exists)
{
	if (!sp->if_exists)
		return NULL;
	*exists = sp->kind != DDL_AT_ADD_COLUMN;
	switch (sp->kind) {
	case DDL_AT_MODIFY_COLUMN:
	case DDL_AT_ADD_COLUMN:
		return sp->column->name;
	case DDL_AT_CHANGE_COLUMN:
	case DDL_AT_DROP_COLUMN:
	case DDL_AT_RENAME_COLUMN:
	case DDL_AT_SET_DEFAULT:
	case DDL_AT_DROP_DEFAULT:
		return sp->name;
	default:
		return NULL;
	}
}

/*
 * The name MariaDB checks for ADD INDEX IF NOT EXISTS: the name given,
 * PRIMARY for a primary key, else the first column's (the name MariaDB
 * gives an unnamed key, whose IF NOT EXISTS finds key "a" for "(a)"); NULL
 * for a foreign key, which the model does not name so.
 */
static const char *
if_index_name(const DdlIndex *ix)
{
	if (ix->kind == DDL_IDX_PRIMARY)
		return "PRIMARY";
	if (ix->kind == DDL_IDX_FOREIGN)
		return NULL;
	if (ix->name != NULL)
		return ix->name;
	return ix->nparts > 0 ? ix->parts[0].column : NULL;
}

/*
 * Whether spec sp does nothing in MariaDB, which only notes it: an IF
 * [NOT] EXISTS whose column (or ADD INDEX IF NOT EXISTS whose index) the
 * known table settles.
 */
static bool
spec_is_noop(Emit *e, const DdlAlterSpec *sp)
{
	bool exists;
	const char *col = spec_if_column(sp, &exists);

	if (e->tm == NULL)
		return false;
	if (col != NULL && (ddl_model_column(e->tm, col) != NULL) != exists) {
		emit_note(e, "column \"%s\" of %s %s: the IF %sEXISTS clause does nothing", col,
		          emit_table_text(e, &e->s->table), exists ? "does not exist" : "exists already",
		          exists ? "" : "NOT ");
		return true;
	}
	if (sp->kind == DDL_AT_ADD_INDEX && sp->index->if_not_exists &&
	    (col = if_index_name(sp->index)) != NULL && ddl_model_index(e->tm, col) != NULL) {
		emit_note(e, "index \"%s\" of %s exists already: the IF NOT EXISTS clause does nothing",
		          col, emit_table_text(e, &e->s->table));
		return true;
	}
	return false;
}

/*
 * What was emitted from mark (e->out) made to run only when the condition
 * <before><the statement's table as a literal><after> holds in the replica:
 * one DO block that EXECUTEs it.
 */
static void
execute_if(Emit *e, size_t mark, const char *before, const char *after)
{
	StrBuf reg = STRBUF_INIT, lit = STRBUF_INIT, body = STRBUF_INIT;

	if (e->out->len == mark)
		return;
	emit_table_name(e, &reg, &e->s->table);
	strbuf_quote_literal(&lit, reg.data, reg.len);
	strbuf_printf(&body, "BEGIN IF %s%s%s THEN EXECUTE ", before, lit.data, after);
	strbuf_quote_literal(&body, e->out->data + mark, e->out->len - mark);
	strbuf_puts(&body, "; END IF; END");
	strbuf_truncate(e->out, mark);
	emit_do_block(e->out, &body);
	strbuf_free(&reg);
	strbuf_free(&lit);
	strbuf_free(&body);
}

/*
 * Without a known table, what an IF [NOT] EXISTS spec emitted (e->out from
 * mark) runs only when the replica's table has (or lacks) the column.
 */
static void
guard_spec(Emit *e, size_t mark, const char *col, bool exists)
{
	StrBuf after = STRBUF_INIT;
	char buf[CHM_PG_NAME_MAX + 1];
	const char *pg = chm_pg_name(col, buf);

	strbuf_puts(&after, ") AND attname = ");
	strbuf_quote_literal(&after, pg, strlen(pg));
	strbuf_puts(&after, " AND NOT attisdropped)");
	execute_if(e, mark,
	           exists ? "EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass("
	                  : "NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(",
	           after.data);
	strbuf_free(&after);
}

/* The column a spec changes by its old name (MODIFY, CHANGE, SET/DROP DEFAULT), else NULL. */
static const char *
changed_column(const DdlAlterSpec *sp)
{
	switch (sp->kind) {
	case DDL_AT_MODIFY_COLUMN:
		return sp->column->name;
	case DDL_AT_CHANGE_COLUMN:
	case DDL_AT_SET_DEFAULT:
	case DDL_AT_DROP_DEFAULT:
		return sp->name;
	default:
		return NULL;
	}
}

/*
 * When specs[i] runs (ddl_alter_spec_phase), but for a change of a column
 * an ADD COLUMN before it in the statement adds (ADD x ..., ALTER x DROP
 * DEFAULT, MODIFY x ...): MariaDB changes the new column, so the change
 * runs after the adds, in the order written.
 */
static int
spec_phase(const DdlAlterSpec *const *specs, int i)
{
	int phase = ddl_alter_spec_phase(specs[i]);
	const char *col = changed_column(specs[i]);

	for (int j = 0; j < i && phase == 1 && col != NULL; j++)
		if (specs[j]->kind == DDL_AT_ADD_COLUMN && strcasecmp(specs[j]->column->name, col) == 0)
			phase = 2;
	return phase;
}

/* The old name a spec gives another name (CHANGE to a new name, RENAME COLUMN), else NULL. */
static const char *
renamed_from(const DdlAlterSpec *sp, const char **to)
{
	if (sp->kind == DDL_AT_CHANGE_COLUMN) {
		*to = sp->column->name;
		return sp->name;
	}
	if (sp->kind == DDL_AT_RENAME_COLUMN) {
		*to = sp->new_name;
		return sp->name;
	}
	return NULL;
}

/*
 * MySQL applies every spec of one ALTER to the table as it was, so CHANGE
 * a b, CHANGE b a swaps two names and CHANGE a b, RENAME COLUMN b TO c
 * moves each column once.  PostgreSQL renames one at a time: a column
 * whose name another spec of the statement takes first moves to a
 * temporary name, and its own spec (specs[i], replaced by a copy in the
 * statement arena) renames it from there.
 */
static void
rename_out_of_the_way(Emit *e, const DdlAlterSpec **specs, int n)
{
	for (int i = 0; i < n; i++) {
		const char *to, *from = renamed_from(specs[i], &to);
		bool taken = false;
		DdlAlterSpec *tmp, *moved;
		char buf[64];

		if (from == NULL || (e->tm != NULL && ddl_model_column(e->tm, from) == NULL))
			continue;
		for (int j = 0; j < n && !taken; j++) {
			const char *to2;
			taken = j != i && renamed_from(specs[j], &to2) != NULL && strcasecmp(to2, from) == 0;
		}
		if (!taken)
			continue;
		tmp = arena_zalloc(e->arena, sizeof(*tmp));
		tmp->kind = DDL_AT_RENAME_COLUMN;
		tmp->name = (char *)from;
		snprintf(buf, sizeof(buf), "chm_renamed_%d", i + 1);
		tmp->new_name = arena_strdup(e->arena, buf);
		rename_column(e, tmp);
		if (e->tm != NULL)
			ddl_model_apply_spec(e->tm, tmp);
		moved = arena_alloc(e->arena, sizeof(*moved));
		*moved = *specs[i];
		moved->name = tmp->new_name;
		specs[i] = moved;
	}
}

/* A key of the table that lost a column to DROP COLUMN: PostgreSQL dropped it whole. */
typedef struct LostKey {
	DdlIndex ix; /* name as the model had it, parts by old column names */
} LostKey;

#define MAX_LOST_KEYS 32

/* Before DROP COLUMN col: the known keys it is part of, unless recorded already. */
static void
record_lost_keys(Emit *e, const char *col, LostKey *lost, int *nlost)
{
	for (int i = 0; i < e->tm->nindexes && *nlost < MAX_LOST_KEYS; i++) {
		const DdlModelIndex *mx = &e->tm->indexes[i];
		bool in = false, seen = false;
		for (int j = 0; j < mx->ncolumns; j++)
			in |= mx->columns[j] != NULL && strcasecmp(mx->columns[j], col) == 0;
		for (int k = 0; k < *nlost && !seen; k++)
			seen = strcasecmp(lost[k].ix.name, mx->name) == 0;
		if (!in || seen || mx->kind == DDL_IDX_FULLTEXT || mx->kind == DDL_IDX_SPATIAL)
			continue;
		LostKey *lk = &lost[(*nlost)++];
		memset(lk, 0, sizeof(*lk));
		lk->ix.kind = mx->kind;
		lk->ix.name = arena_strdup(e->arena, mx->name);
		lk->ix.parts = arena_zalloc(e->arena, sizeof(DdlKeyPart) * (size_t)(mx->ncolumns + 1));
		for (int j = 0; j < mx->ncolumns; j++)
			lk->ix.parts[lk->ix.nparts++].column =
			    mx->columns[j] ? arena_strdup(e->arena, mx->columns[j]) : NULL;
	}
}

/*
 * MySQL keeps a key that lost a column on the columns it has left, found by
 * name in the new table: a column CHANGEd or RENAMEd is the key's under its
 * new name, and one dropped and added again in the same statement (DROP i,
 * ADD i) is the key's again.  PostgreSQL dropped such keys with the
 * column: each is created again, unless a spec dropped it.  After the added
 * columns, before the added keys (MySQL's order).
 */
static void
restore_lost_keys(Emit *e, const DdlAlterSpec **specs, int n, LostKey *lost, int nlost)
{
	for (int k = 0; k < nlost; k++) {
		DdlIndex *ix = &lost[k].ix;
		const char *name = ix->name;
		int kept = 0;
		bool dropped = false;
		char buf[300];

		for (int i = 0; i < n; i++) {
			const DdlAlterSpec *sp = specs[i];
			if ((sp->kind == DDL_AT_DROP_INDEX || sp->kind == DDL_AT_DROP_CONSTRAINT) &&
			    strcasecmp(sp->name, name) == 0)
				dropped = true;
			else if (sp->kind == DDL_AT_DROP_PRIMARY && ix->kind == DDL_IDX_PRIMARY)
				dropped = true;
			else if (sp->kind == DDL_AT_RENAME_INDEX && strcasecmp(sp->name, name) == 0)
				name = sp->new_name;
		}
		for (int j = 0; j < ix->nparts; j++) {
			const char *c = ix->parts[j].column, *to;
			if (c == NULL) {
				dropped = true; /* an expression part: the model keeps no expression */
				break;
			}
			for (int i = 0; i < n; i++) {
				const char *from = renamed_from(specs[i], &to);
				if (from != NULL && strcasecmp(from, c) == 0)
					c = to;
			}
			if (ddl_model_column(e->tm, c) != NULL)
				ix->parts[kept++].column = (char *)ddl_model_column(e->tm, c)->name;
		}
		ix->nparts = kept;
		if (dropped || kept == 0)
			continue;
		if (ix->kind != DDL_IDX_PRIMARY)
			ix->name = (char *)name;
		{
			DdlAlterSpec drop = {.kind = ix->kind == DDL_IDX_PRIMARY ? DDL_AT_DROP_PRIMARY
			                                                         : DDL_AT_DROP_INDEX,
			                     .name = ix->name},
			             add = {.kind = DDL_AT_ADD_INDEX, .index = ix};
			ddl_model_apply_spec(e->tm, &drop);
			emit_create_index(e, &e->s->table, ix,
			                  ddl_model_index_name(e->tm, ix, buf, sizeof(buf)), false);
			ddl_model_apply_spec(e->tm, &add);
		}
	}
}

void
emit_alter(Emit *e)
{
	const DdlStmt *s = e->s;
	size_t start = e->out->len;
	const DdlAlterSpec **specs = arena_alloc(e->arena, sizeof(*specs) * (size_t)(s->nspecs + 1));
	LostKey lost[MAX_LOST_KEYS];
	int nlost = 0;

	for (int i = 0; i < s->nspecs; i++)
		specs[i] = s->specs[i];
	for (int phase = 0; phase < DDL_ALTER_PHASES; phase++) {
		if (phase == 1)
			rename_out_of_the_way(e, specs, s->nspecs);
		if (phase == 3 && e->tm != NULL)
			restore_lost_keys(e, specs, s->nspecs, lost, nlost);
		for (int i = 0; i < s->nspecs && !e->error; i++) {
			const DdlAlterSpec *sp = specs[i];
			size_t mark = e->out->len;
			bool exists;
			const char *col;
			if (spec_phase(specs, i) != phase || spec_is_noop(e, sp))
				continue;
			if (sp->kind == DDL_AT_DROP_COLUMN && e->tm != NULL)
				record_lost_keys(e, sp->name, lost, &nlost);
			emit_spec(e, sp);
			if (e->tm != NULL)
				ddl_model_apply_spec(e->tm, sp);
			else if ((col = spec_if_column(sp, &exists)) != NULL &&
			         sp->kind != DDL_AT_DROP_COLUMN) /* PostgreSQL has DROP COLUMN IF EXISTS */
				guard_spec(e, mark, col, exists);
			else if (sp->kind == DDL_AT_ADD_INDEX && sp->index->kind == DDL_IDX_PRIMARY &&
			         sp->index->if_not_exists) /* PostgreSQL has no ADD PRIMARY KEY IF NOT EXISTS */
				execute_if(e, mark,
				           "NOT EXISTS (SELECT 1 FROM pg_constraint WHERE contype = 'p' AND "
				           "conrelid = to_regclass(",
				           "))");
		}
	}
	for (int i = 0; i < s->nspecs && !e->error; i++)
		if (s->specs[i]->kind == DDL_AT_RENAME_TABLE)
			emit_rename_table(e, &s->table, &s->specs[i]->table);
	if (s->if_exists && e->tm == NULL && e->out->len > start &&
	    strstr(e->out->data + start, "DO $") != NULL)
		/* a DO block would fail on the missing table, which ALTER TABLE IF EXISTS does not */
		execute_if(e, start, "to_regclass(", ") IS NOT NULL");
	if (e->out->len == start && e->notes.len == 0)
		emit_note(e, "ALTER TABLE %s: nothing to change in PostgreSQL",
		          emit_table_text(e, &s->table));
}
