/*
 * filter.c — schema mappings and table lists.
 */
#include "replica/filter.h"

#include <string.h>

/* Whether list holds "schema.table", or "schema" alone when whole_schema. */
static bool
list_has(const StrList *list, const char *schema, const char *table, bool whole_schema)
{
	size_t ls = strlen(schema);
	for (int i = 0; i < list->n; i++) {
		const char *e = list->items[i];
		if (strncmp(e, schema, ls) != 0)
			continue;
		if (e[ls] == '\0' && whole_schema)
			return true;
		if (e[ls] == '.' && strcmp(e + ls + 1, table) == 0)
			return true;
	}
	return false;
}

const char *
filter_target_schema(const SourceConfig *src, const char *schema)
{
	for (int i = 0; i < src->schema_mappings.n; i++)
		if (strcmp(src->schema_mappings.keys[i], schema) == 0)
			return src->schema_mappings.values[i];
	return NULL;
}

bool
filter_table_wanted(const SourceConfig *src, const char *schema, const char *table)
{
	if (filter_target_schema(src, schema) == NULL)
		return false;
	if (src->limit_tables.n > 0 && !list_has(&src->limit_tables, schema, table, false))
		return false;
	return !list_has(&src->skip_tables, schema, table, false);
}

bool
filter_event_skipped(const SourceConfig *src, FilterEvent ev, const char *schema, const char *table)
{
	const StrList *list = ev == FILTER_INSERT ? &src->skip_events_insert
						  : ev == FILTER_UPDATE ? &src->skip_events_update
												: &src->skip_events_delete;
	return list_has(list, schema, table, true);
}
