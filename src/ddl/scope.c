/*
 * scope.c — which table references of a statement the replica may act on.
 *
 * architecture §11: a statement from the source is applied only to the tables
 * the source replicates (schema_mappings, limit_tables, skip_tables: the
 * caller's DdlContext.wanted says which); every other table reference is
 * removed from the tree before it is emitted, so that no translation ever
 * names sch_chameleon or a schema outside the mappings.  A RENAME across
 * the border is not a rename for the replica: a table leaving the
 * replicated ones stops being replicated where it is, a table entering
 * them must be copied (the caller does both; the pairs are handed back in
 * the DdlStatement).
 *
 * Not here: what the caller does with those pairs, the filters themselves.
 */
#include <string.h>

#include "ddl/ddl.h"

static const char *
schema_of(const DdlContext *ctx, const DdlName *n)
{
	return n->schema ? n->schema : ctx->default_schema;
}

bool
ddl_scope_wanted(const DdlContext *ctx, const DdlName *n)
{
	const char *schema = schema_of(ctx, n);
	if (ctx->wanted == NULL)
		return true;
	return schema != NULL && n->name != NULL && ctx->wanted(ctx->wanted_arg, schema, n->name);
}

static void
add_pair(const DdlContext *ctx, Arena *a, DdlTableRef **list, int *n, const DdlName *from,
         const DdlName *to)
{
	DdlTableRef *bigger = arena_alloc(a, sizeof(DdlTableRef) * (size_t)(*n + 1) * 2);
	if (*n > 0)
		memcpy(bigger, *list, sizeof(DdlTableRef) * (size_t)*n * 2);
	bigger[2 * *n].schema = schema_of(ctx, from);
	bigger[2 * *n].name = from->name;
	bigger[2 * *n + 1].schema = schema_of(ctx, to);
	bigger[2 * *n + 1].name = to->name;
	*list = bigger;
	(*n)++;
}

void
ddl_scope_add_entering(const DdlContext *ctx, Arena *a, DdlStatement *st, const DdlName *from,
                       const DdlName *to)
{
	add_pair(ctx, a, &st->entering, &st->nentering, from, to);
}

/* A rename of from to to, as the replica sees it: false when it is no rename there. */
static bool
keep_rename(const DdlContext *ctx, Arena *a, DdlStatement *st, const DdlName *from,
            const DdlName *to)
{
	bool wf = ddl_scope_wanted(ctx, from), wt = ddl_scope_wanted(ctx, to);
	if (wf && !wt)
		add_pair(ctx, a, &st->leaving, &st->nleaving, from, to);
	else if (!wf && wt)
		add_pair(ctx, a, &st->entering, &st->nentering, from, to);
	return wf && wt;
}

bool
ddl_scope_statement(const DdlContext *ctx, Arena *a, DdlStmt *s, DdlStatement *st)
{
	int kept = 0;

	if (ctx->wanted == NULL)
		return true;
	switch (s->kind) {
	case DDL_DROP_TABLE:
		for (int i = 0; i < s->nnames; i++)
			if (ddl_scope_wanted(ctx, &s->names[i]))
				s->names[kept++] = s->names[i];
		s->nnames = kept;
		return kept > 0;
	case DDL_RENAME_TABLE:
		for (int i = 0; i + 1 < s->nnames; i += 2)
			if (keep_rename(ctx, a, st, &s->names[i], &s->names[i + 1])) {
				s->names[kept++] = s->names[i];
				s->names[kept++] = s->names[i + 1];
			}
		s->nnames = kept;
		return kept > 0;
	case DDL_ALTER_TABLE: {
		bool mine = ddl_scope_wanted(ctx, &s->table);
		int had = s->nspecs;
		for (int i = 0; i < s->nspecs; i++) {
			DdlAlterSpec *sp = s->specs[i];
			if (sp->kind == DDL_AT_RENAME_TABLE && !keep_rename(ctx, a, st, &s->table, &sp->table))
				continue; /* leaving: the rest applies where it is; entering: copied whole */
			s->specs[kept++] = sp;
		}
		s->nspecs = kept;
		return mine && (kept > 0 || had == 0);
	}
	case DDL_CREATE_TABLE_LIKE:
		if (!ddl_scope_wanted(ctx, &s->table))
			return false;
		if (!ddl_scope_wanted(ctx, &s->like)) {
			/* built from a table the replica does not have: copied instead */
			add_pair(ctx, a, &st->entering, &st->nentering, &s->like, &s->table);
			return false;
		}
		return true;
	default:
		return ddl_scope_wanted(ctx, &s->table);
	}
}
