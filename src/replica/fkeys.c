/*
 * fkeys.c — the source's foreign keys: read from information_schema (for
 * detach-replica, init-replica and sync-tables), derived from replicated
 * DDL, and stored in sch_chameleon.t_fk_actions.  See fkeys.h for why.
 *
 * Names written to the catalog are the replica's: the schema after mapping,
 * the table and column names as the source has them.
 */
#include "replica/fkeys.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/log.h"
#include "pg/pg.h"
#include "replica/filter.h"

/* The actions that change child rows: the replica performs these (fn_fk_action). */
static const DdlFkAction row_actions[] = {DDL_FK_CASCADE, DDL_FK_SET_NULL, DDL_FK_SET_DEFAULT};

const char *
fkeys_action(const char *rule)
{
	for (size_t i = 0; rule != NULL && i < sizeof(row_actions) / sizeof(row_actions[0]); i++)
		if (strcmp(rule, ddl_fk_action_name(row_actions[i])) == 0)
			return ddl_fk_action_name(row_actions[i]);
	return NULL;
}

bool
fkeys_has_action(const ForeignKey *fk)
{
	return fkeys_action(fk->on_delete) != NULL || fkeys_action(fk->on_update) != NULL;
}

void
fkeys_free(ForeignKeys *fks)
{
	free(fks->items);
	fks->items = NULL;
	fks->n = 0;
	arena_free(&fks->arena);
}

static bool
listed(const char *const *tables, int ntables, const char *schema, const char *table)
{
	for (int i = 0; i < ntables; i++)
		if (strcmp(tables[2 * i], schema) == 0 && strcmp(tables[2 * i + 1], table) == 0)
			return true;
	return false;
}

/* Appends a column name to fk's lists (arena arrays grown by copying: keys are short). */
static void
add_column(Arena *a, ForeignKey *fk, const char *col, const char *ref)
{
	const char **cols = arena_alloc(a, sizeof(char *) * (size_t)(fk->ncols + 1));
	const char **refs = arena_alloc(a, sizeof(char *) * (size_t)(fk->ncols + 1));
	if (fk->ncols) {
		memcpy(cols, fk->cols, sizeof(char *) * (size_t)fk->ncols);
		memcpy(refs, fk->ref_cols, sizeof(char *) * (size_t)fk->ncols);
	}
	cols[fk->ncols] = arena_strdup(a, col);
	refs[fk->ncols] = arena_strdup(a, ref);
	fk->cols = cols;
	fk->ref_cols = refs;
	fk->ncols++;
}

int
fkeys_read(MyConn *my, const SourceConfig *src, const char *const *tables, int ntables,
           ForeignKeys *out)
{
	StrBuf sql = STRBUF_INIT;
	MYSQL_RES *res = NULL;
	MYSQL_ROW row;
	int rc = 0, cap = 0;
	ForeignKey *fk = NULL;
	bool skipping = false;
	const char *cur[3] = {NULL, NULL, NULL};

	memset(out, 0, sizeof(*out));
	arena_init(&out->arena, "foreign keys", 8192);
	strbuf_puts(
	    &sql,
	    "SELECT k.CONSTRAINT_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, "
	    "k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, "
	    "r.UPDATE_RULE, r.DELETE_RULE "
	    "FROM information_schema.REFERENTIAL_CONSTRAINTS r "
	    "JOIN information_schema.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA "
	    "AND k.CONSTRAINT_NAME = r.CONSTRAINT_NAME AND k.TABLE_NAME = r.TABLE_NAME "
	    "WHERE k.REFERENCED_TABLE_NAME IS NOT NULL AND r.CONSTRAINT_SCHEMA IN (");
	my_quote_schemas(my, &sql, src);
	strbuf_puts(
	    &sql,
	    ") ORDER BY k.CONSTRAINT_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION");
	if (mysql_real_query(my->mysql, sql.data, sql.len) != 0 ||
	    (res = mysql_store_result(my->mysql)) == NULL) {
		my_log_error(my, "could not read the foreign keys of the source");
		rc = CHM_EMYSQL;
		goto done;
	}
	while ((row = mysql_fetch_row(res)) != NULL) {
		const char *ts = filter_target_schema(src, row[0]);
		const char *rs = row[4] ? filter_target_schema(src, row[4]) : NULL;
		if (row[0] == NULL || row[1] == NULL || row[2] == NULL || row[3] == NULL || row[6] == NULL)
			continue;
		if (cur[0] == NULL || strcmp(cur[0], row[0]) != 0 || strcmp(cur[1], row[1]) != 0 ||
		    strcmp(cur[2], row[2]) != 0) {
			fk = NULL;
			cur[0] = arena_strdup(&out->arena, row[0]);
			cur[1] = arena_strdup(&out->arena, row[1]);
			cur[2] = arena_strdup(&out->arena, row[2]);
			skipping = tables != NULL && !listed(tables, ntables, row[0], row[1]) &&
			           !(row[4] && row[5] && listed(tables, ntables, row[4], row[5]));
			if (skipping)
				continue;
			if (ts == NULL || rs == NULL || !filter_table_wanted(src, row[0], row[1]) ||
			    !filter_table_wanted(src, row[4], row[5])) {
				chm_log(
				    LOG_NOTICE,
				    "foreign key \"%s\" of \"%s\".\"%s\" skipped: \"%s\".\"%s\" is not replicated",
				    row[2], row[0], row[1], row[4], row[5]);
				skipping = true;
				continue;
			}
			if (out->n == cap) {
				cap = cap ? cap * 2 : 16;
				out->items = chm_realloc(out->items, sizeof(ForeignKey) * (size_t)cap);
			}
			fk = &out->items[out->n++];
			memset(fk, 0, sizeof(*fk));
			fk->schema = cur[0];
			fk->table = cur[1];
			fk->name = cur[2];
			fk->dst_schema = ts;
			fk->ref_schema = arena_strdup(&out->arena, row[4]);
			fk->ref_table = arena_strdup(&out->arena, row[5]);
			fk->ref_dst_schema = rs;
			fk->on_update = arena_strdup(&out->arena, row[7] ? row[7] : "RESTRICT");
			fk->on_delete = arena_strdup(&out->arena, row[8] ? row[8] : "RESTRICT");
		}
		if (fk != NULL && !skipping)
			add_column(&out->arena, fk, row[3], row[6]);
	}
done:
	if (res)
		mysql_free_result(res);
	strbuf_free(&sql);
	return rc;
}

void
fkeys_add_sql(StrBuf *sql, const char *source, const ForeignKey *fk)
{
	PgForeignKey k = {
	    fk->dst_schema, fk->table,          fk->name,      (const char *const *)fk->cols,
	    fk->ncols,      fk->ref_dst_schema, fk->ref_table, (const char *const *)fk->ref_cols,
	    fk->on_delete,  fk->on_update};
	pg_fk_add_sql(sql, source, &k);
}

/* ---- from replicated DDL ---- */

static const char *
action_name(DdlFkAction a)
{
	const char *name = ddl_fk_action_name(a);
	return name ? name : "RESTRICT"; /* InnoDB's default, unset */
}

/* The target schema of a wanted table, else NULL. */
static const char *
target_of(const SourceConfig *src, const char *schema, const char *table)
{
	if (schema == NULL || table == NULL || !filter_table_wanted(src, schema, table))
		return NULL;
	return filter_target_schema(src, schema);
}

/*
 * The key idx of child schema.table (a source name pair, the child wanted),
 * as fn_fk_actions_add; name is the constraint's.  Returns 1 when appended.
 */
static int
add_from_ast(const SourceConfig *src, const char *schema, const char *table, const DdlIndex *idx,
             const char *name, StrBuf *sql)
{
	ForeignKey fk;
	const char *cols[64], *refs[64];
	const char *ref_schema = idx->ref_table.schema ? idx->ref_table.schema : schema;

	memset(&fk, 0, sizeof(fk));
	fk.on_delete = action_name(idx->on_delete);
	fk.on_update = action_name(idx->on_update);
	if (!fkeys_has_action(&fk))
		return 0;
	fk.dst_schema = target_of(src, schema, table);
	fk.ref_dst_schema = target_of(src, ref_schema, idx->ref_table.name);
	if (fk.dst_schema == NULL)
		return 0;
	if (fk.ref_dst_schema == NULL) {
		chm_log(LOG_NOTICE,
		        "foreign key %s%s%s of \"%s\".\"%s\": \"%s\".\"%s\" is not replicated, its actions "
		        "are not performed",
		        name ? "\"" : "", name ? name : "(unnamed)", name ? "\"" : "", schema, table,
		        ref_schema, idx->ref_table.name);
		return 0;
	}
	for (int i = 0; i < idx->nparts && i < idx->nref_columns && fk.ncols < 64; i++) {
		if (idx->parts[i].column == NULL)
			continue;
		cols[fk.ncols] = idx->parts[i].column;
		refs[fk.ncols] = idx->ref_columns[i];
		fk.ncols++;
	}
	if (fk.ncols == 0)
		return 0;
	fk.table = table;
	fk.name = name;
	fk.cols = cols;
	fk.ref_table = idx->ref_table.name;
	fk.ref_cols = refs;
	fkeys_add_sql(sql, src->name, &fk);
	return 1;
}

/* One table renamed: from (sf, tf) to (st, tt), source names. */
static int
renamed_sql(const SourceConfig *src, const char *sf, const char *tf, const char *st, const char *tt,
            StrBuf *sql)
{
	const char *from = target_of(src, sf, tf), *to = target_of(src, st, tt);
	if (from && to) {
		pg_fn_call_sql(sql, "fn_fk_actions_renamed", src->name, 4, from, tf, to, tt);
		return 1;
	}
	if (from) {
		pg_fn_call_sql(sql, "fn_fk_actions_dropped", src->name, 2, from, tf);
		return 1;
	}
	if (to) {
		pg_fn_call_sql(sql, "fn_fk_actions_created", src->name, 2, to, tt);
		return 1;
	}
	return 0;
}

/* Whether a key of the syntax tree has an action that changes child rows. */
static bool
index_has_action(const DdlIndex *idx)
{
	return idx->on_delete == DDL_FK_CASCADE || idx->on_delete == DDL_FK_SET_NULL ||
	       idx->on_delete == DDL_FK_SET_DEFAULT || idx->on_update == DDL_FK_CASCADE ||
	       idx->on_update == DDL_FK_SET_NULL || idx->on_update == DDL_FK_SET_DEFAULT;
}

static bool
generated_name(const char *name, const char *table)
{
	size_t n = strlen(table);
	const char *d = name + n + 6;
	if (strncmp(name, table, n) != 0 || strncmp(name + n, "_ibfk_", 6) != 0 || *d == '\0')
		return false;
	for (; *d; d++)
		if (*d < '0' || *d > '9')
			return false;
	return true;
}

/*
 * The source's name (malloc'd) of the key idx of schema.table: want when
 * a key of that name has the same columns and parent; else the one key of
 * the table that has, a name InnoDB made preferred.  NULL when none or
 * several match, or the lookup fails (logged).  The syntax tree's name may
 * be the key's index name (FOREIGN KEY name (...)), which MySQL 8 does not
 * take as the key's name, and an ALTER TABLE's unnamed key is numbered
 * past keys t_fk_actions does not list.
 */
static char *
source_key_name(MyConn *my, const char *schema, const char *table, const DdlIndex *idx,
                const char *want)
{
	StrBuf q = STRBUF_INIT;
	MYSQL_RES *res = NULL;
	MYSQL_ROW row;
	char *found = NULL, *cur = NULL;
	int matches = 0, generated = 0, pos = 0;
	bool same = false, exact = false;
	const char *ref_schema = idx->ref_table.schema ? idx->ref_table.schema : schema;

	strbuf_puts(&q, "SELECT CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_COLUMN_NAME "
	                "FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ");
	my_quote_literal(my, &q, schema);
	strbuf_puts(&q, " AND TABLE_NAME = ");
	my_quote_literal(my, &q, table);
	strbuf_puts(&q, " AND REFERENCED_TABLE_SCHEMA = ");
	my_quote_literal(my, &q, ref_schema);
	strbuf_puts(&q, " AND REFERENCED_TABLE_NAME = ");
	my_quote_literal(my, &q, idx->ref_table.name);
	strbuf_puts(&q, " ORDER BY CONSTRAINT_NAME, ORDINAL_POSITION");
	if (mysql_real_query(my->mysql, q.data, q.len) != 0 ||
	    (res = mysql_store_result(my->mysql)) == NULL) {
		my_log_error(my, "could not look up the name of a foreign key");
		goto done;
	}
	/* one pass over the keys' columns; a key matches when every column
	 * pair does, in order, and it has as many */
	for (;;) {
		row = mysql_fetch_row(res);
		if (cur != NULL && (row == NULL || strcmp(row[0] ? row[0] : "", cur) != 0)) {
			if (same && pos == idx->nparts && want != NULL && strcmp(cur, want) == 0) {
				free(found);
				found = chm_strdup(cur);
				matches = 1;
				generated = 0;
				want = NULL; /* found: nothing else counts */
				exact = true;
			} else if (same && pos == idx->nparts && !exact) {
				bool gen = generated_name(cur, table);
				if (matches == 0 || (gen && generated == 0)) {
					free(found);
					found = chm_strdup(cur);
				}
				matches++;
				generated += gen;
			}
			free(cur);
			cur = NULL;
		}
		if (row == NULL)
			break;
		if (row[0] == NULL || row[1] == NULL || row[2] == NULL)
			continue;
		if (cur == NULL) {
			cur = chm_strdup(row[0]);
			pos = 0;
			same = true;
		}
		same = same && pos < idx->nparts && pos < idx->nref_columns && idx->parts[pos].column &&
		       strcasecmp(idx->parts[pos].column, row[1]) == 0 &&
		       strcasecmp(idx->ref_columns[pos], row[2]) == 0;
		pos++;
	}
	/* several: one made by InnoDB among named ones is it; else unknown */
	if (!exact && matches > 1 && generated != 1) {
		free(found);
		found = NULL;
	}
done:
	if (res)
		mysql_free_result(res);
	free(cur);
	strbuf_free(&q);
	return found;
}

int
fkeys_ddl_sql(const SourceConfig *src, const DdlStatement *st, MyConn *my, StrBuf *sql)
{
	const DdlStmt *s = st->ast;
	const char *schema, *table, *dst;
	char gen[300];
	int n = 0, unnamed = 0, next_table = 1;

	if (st->outcome != DDL_TRANSLATED || s == NULL || s->temporary || st->ntables == 0)
		return 0;
	schema = st->tables[0].schema;
	table = st->tables[0].name;
	switch (s->kind) {
	case DDL_CREATE_TABLE:
		if ((dst = target_of(src, schema, table)) == NULL)
			return 0;
		/* a CREATE that found its table there (IF NOT EXISTS) changed nothing,
		 * but the keys it states are then the table's anyway: recording them
		 * is harmless */
		for (int i = 0; i < s->nindexes; i++) {
			const DdlIndex *idx = s->indexes[i];
			const char *name;
			if (idx->kind != DDL_IDX_FOREIGN)
				continue;
			name = idx->name;
			if (name == NULL) {
				/* InnoDB names them <table>_ibfk_<n>, in order */
				snprintf(gen, sizeof(gen), "%s_ibfk_%d", table, ++unnamed);
				name = gen;
			}
			if (my != NULL && index_has_action(idx)) {
				char *known = source_key_name(my, schema, table, idx, name);
				n += add_from_ast(src, schema, table, idx, known ? known : name, sql);
				free(known);
			} else {
				n += add_from_ast(src, schema, table, idx, name, sql);
			}
		}
		pg_fn_call_sql(sql, "fn_fk_actions_created", src->name, 2, dst, table);
		return n + 1;
	case DDL_CREATE_TABLE_LIKE: /* LIKE copies no foreign key */
		if ((dst = target_of(src, schema, table)) == NULL)
			return 0;
		pg_fn_call_sql(sql, "fn_fk_actions_created", src->name, 2, dst, table);
		return 1;
	case DDL_DROP_TABLE:
		for (int i = 0; i < st->ntables; i++)
			if ((dst = target_of(src, st->tables[i].schema, st->tables[i].name)) != NULL) {
				pg_fn_call_sql(sql, "fn_fk_actions_dropped", src->name, 2, dst, st->tables[i].name);
				n++;
			}
		return n;
	case DDL_RENAME_TABLE:
		for (int i = 0; i + 1 < st->ntables; i += 2)
			n += renamed_sql(src, st->tables[i].schema, st->tables[i].name,
			                 st->tables[i + 1].schema, st->tables[i + 1].name, sql);
		return n;
	case DDL_ALTER_TABLE:
		break;
	default:
		return 0;
	}

	for (int i = 0; i < s->nspecs; i++) {
		const DdlAlterSpec *sp = s->specs[i];
		dst = target_of(src, schema, table);
		switch (sp->kind) {
		case DDL_AT_ADD_INDEX:
			if (dst && sp->index && sp->index->kind == DDL_IDX_FOREIGN) {
				char *name = NULL;
				if (my != NULL && index_has_action(sp->index))
					name = source_key_name(my, schema, table, sp->index, sp->index->name);
				n +=
				    add_from_ast(src, schema, table, sp->index, name ? name : sp->index->name, sql);
				free(name);
			}
			break;
		case DDL_AT_DROP_FOREIGN:
		case DDL_AT_DROP_CONSTRAINT:
			if (dst && sp->name) {
				pg_fn_call_sql(sql, "fn_fk_actions_drop", src->name, 3, dst, table, sp->name);
				n++;
			}
			break;
		case DDL_AT_CHANGE_COLUMN:
			if (dst && sp->name && sp->column && sp->column->name &&
			    strcmp(sp->name, sp->column->name) != 0) {
				pg_fn_call_sql(sql, "fn_fk_actions_column_renamed", src->name, 4, dst, table,
				               sp->name, sp->column->name);
				n++;
			}
			break;
		case DDL_AT_RENAME_COLUMN:
			if (dst && sp->name && sp->new_name) {
				pg_fn_call_sql(sql, "fn_fk_actions_column_renamed", src->name, 4, dst, table,
				               sp->name, sp->new_name);
				n++;
			}
			break;
		case DDL_AT_RENAME_TABLE:
			if (next_table < st->ntables) {
				const DdlTableRef *to = &st->tables[next_table++];
				n += renamed_sql(src, schema, table, to->schema, to->name, sql);
				schema = to->schema;
				table = to->name;
			}
			break;
		default:
			break;
		}
	}
	return n;
}

/* ---- the catalog ---- */

/* A parent to rebuild the triggers of, once. */
static void
note_parent(StrBuf *calls, const char *source, const char *schema, const char *table)
{
	StrBuf one = STRBUF_INIT;
	pg_fn_call_sql(&one, "fn_fk_actions_apply", source, 2, schema, table);
	if (calls->data == NULL || strstr(calls->data, one.data) == NULL)
		strbuf_puts(calls, one.data);
	strbuf_free(&one);
}

int
fkeys_store(PGconn *pg, const SourceConfig *src, const char *id, const ForeignKeys *fks,
            const char *const *tables, int ntables)
{
	StrBuf sql = STRBUF_INIT, calls = STRBUF_INIT;
	PGresult *res = NULL;
	const char **pairs = NULL;
	int rc, stored = 0, npairs = 0;

	/* the rows replaced, and the parents whose triggers they made */
	if (tables != NULL) {
		pairs = chm_calloc((size_t)(ntables > 0 ? ntables : 1) * 2, sizeof(char *));
		for (int i = 0; i < ntables; i++) {
			const char *dst = filter_target_schema(src, tables[2 * i]);
			if (dst == NULL)
				continue;
			pairs[2 * npairs] = dst;
			pairs[2 * npairs + 1] = tables[2 * i + 1];
			npairs++;
			/* a synced table is a new table: its own triggers are gone */
			note_parent(&calls, src->name, dst, tables[2 * i + 1]);
		}
	}
	rc = pg_fk_actions_forget(pg, id, pairs, npairs, &res);
	free(pairs);
	if (rc != 0)
		goto done;
	for (int i = 0; i < PQntuples(res); i++)
		note_parent(&calls, src->name, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
	PQclear(res);
	res = NULL;

	strbuf_reset(&sql);
	for (int i = 0; i < fks->n; i++) {
		const ForeignKey *fk = &fks->items[i];
		if (!fkeys_has_action(fk))
			continue;
		fkeys_add_sql(&sql, src->name, fk); /* which makes its parent's triggers */
		stored++;
	}
	if (sql.len > 0)
		rc = pg_exec(pg, sql.data, "record the source's foreign key actions");
	if (rc == 0 && calls.len > 0)
		rc = pg_exec(pg, calls.data, "create the foreign key action triggers");
	if (rc == 0)
		chm_log(LOG_INFO,
		        "source \"%s\": %d foreign key%s with ON DELETE/UPDATE actions performed on the "
		        "replica",
		        src->name, stored, stored == 1 ? "" : "s");
done:
	if (res)
		PQclear(res);
	strbuf_free(&sql);
	strbuf_free(&calls);
	return rc;
}
