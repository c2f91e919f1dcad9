/*
 * filter.h — which tables and events of a source are replicated.
 *
 * The one reading of schema_mappings, limit_tables, skip_tables and
 * skip_events, shared by the snapshot (which tables to copy) and the
 * reader (which events to store), so both always agree.
 */
#ifndef CHM_FILTER_H
#define CHM_FILTER_H

#include <stdbool.h>

#include "common/config.h"

typedef enum FilterEvent {
	FILTER_INSERT,
	FILTER_UPDATE,
	FILTER_DELETE,
} FilterEvent;

/* The target schema of a source schema, or NULL when it is not mapped. */
const char *filter_target_schema(const SourceConfig *src, const char *schema);

/*
 * Whether schema.table is replicated: its schema is mapped, it is in
 * limit_tables when that list is not empty, and it is not in skip_tables.
 * Names compare exactly, as MySQL on Linux does.
 */
bool filter_table_wanted(const SourceConfig *src, const char *schema, const char *table);

/* Whether skip_events drops this kind of event on schema.table (an entry
 * is a schema or a schema.table). */
bool filter_event_skipped(const SourceConfig *src, FilterEvent ev, const char *schema, const char *table);

#endif
