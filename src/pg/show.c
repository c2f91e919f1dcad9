/*
 * show.c — the queries behind show-status, show-errors and show-sources:
 * the show commands' one room (as pgbouncer keeps SHOW in admin.c).
 *
 * The replay lag reads the oldest waiting event through the parent log
 * table, t_log_replica: each child is indexed on i_id_batch, so this is one
 * index probe per log table, whatever their size.
 */
#include "pg/show.h"

#include <stdio.h>

#include "pg/pg.h"

static const char status_sql[] =
	"SELECT s.t_source AS source, s.enm_status AS state, s.b_enabled AS enabled, "
	"  CASE WHEN s.t_read_file IS NULL THEN NULL ELSE s.t_read_file || ':' || s.i_read_pos END AS read_position, "
	"  CASE WHEN s.ts_caught_up > clock_timestamp() - interval '5 seconds' THEN 0.000 "
	"  ELSE round(extract(epoch FROM greatest(clock_timestamp() - s.ts_last_received, '0'::interval))::numeric, 3) "
	"  END AS read_lag_s, "
	"  round(coalesce(extract(epoch FROM greatest(clock_timestamp() - rl.oldest, '0'::interval)), 0)::numeric, 3) "
	"    AS replay_lag_s, "
	"  w.batches AS batches_waiting, w.events AS events_waiting, "
	"  rd.rate AS read_rows_s, rp.rate AS replay_rows_s, "
	"  t.replicating AS tables_replicating, t.disabled AS tables_disabled, "
	"  t.nul_removed, t.nul_removed_tables, "
	"  e.t_message AS last_error "
	"FROM sch_chameleon.t_sources s "
	"LEFT JOIN LATERAL (SELECT count(*) AS batches, "
	"    coalesce(sum(b.i_events - b.i_replayed - b.i_skipped - b.i_ddl), 0) AS events, "
	"    min(b.i_id_batch) AS oldest_batch "
	"  FROM sch_chameleon.t_replica_batch b "
	"  WHERE b.i_id_source = s.i_id_source AND b.b_processed AND NOT b.b_replayed) w ON true "
	"LEFT JOIN LATERAL (SELECT min(l.ts_event_datetime) AS oldest "
	"  FROM sch_chameleon.t_replica_batch b JOIN sch_chameleon.t_log_replica l ON l.i_id_batch = b.i_id_batch "
	"  WHERE b.i_id_batch = w.oldest_batch AND l.i_id_event > b.i_id_last_event) rl ON true "
	"LEFT JOIN LATERAL (SELECT round(coalesce(sum(b.i_events), 0) / 60.0, 2) AS rate "
	"  FROM sch_chameleon.t_replica_batch b "
	"  WHERE b.i_id_source = s.i_id_source AND b.ts_created > clock_timestamp() - interval '1 minute') rd ON true "
	"LEFT JOIN LATERAL (SELECT round(coalesce(sum(x.i_applied), 0) / 60.0, 2) AS rate "
	"  FROM sch_chameleon.t_batch_events x JOIN sch_chameleon.t_replica_batch b ON b.i_id_batch = x.i_id_batch "
	"  WHERE b.i_id_source = s.i_id_source AND x.ts_applied > clock_timestamp() - interval '1 minute') rp ON true "
	"LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE r.b_enabled) AS replicating, "
	"    count(*) FILTER (WHERE NOT r.b_enabled) AS disabled, "
	"    coalesce(sum(r.i_nul_removed), 0) AS nul_removed, "
	"    jsonb_object_agg(r.v_schema_name || '.' || r.v_table_name, r.i_nul_removed) "
	"      FILTER (WHERE r.i_nul_removed > 0) AS nul_removed_tables "
	"  FROM sch_chameleon.t_replica_tables r WHERE r.i_id_source = s.i_id_source) t ON true "
	"LEFT JOIN LATERAL (SELECT x.t_message FROM sch_chameleon.t_error_log x "
	"  WHERE x.i_id_source = s.i_id_source ORDER BY x.i_id_error DESC LIMIT 1) e ON true "
	"WHERE $1::text IS NULL OR s.t_source = $1 "
	"ORDER BY s.t_source";

static const char errors_sql[] =
	"SELECT x.i_id_error AS id, to_char(x.ts_error, 'YYYY-MM-DD HH24:MI:SS') AS time, x.t_source AS source, "
	"  x.v_schema_name || '.' || x.v_table_name AS \"table\", x.enm_binlog_event AS event, "
	"  x.i_id_batch AS batch, x.i_id_event AS event_id, x.v_sqlstate AS sqlstate, x.t_message AS message "
	"FROM sch_chameleon.t_error_log x "
	"WHERE $1::text IS NULL OR x.t_source = $1 "
	"ORDER BY x.i_id_error DESC LIMIT $2::integer";

int
pg_show_status(PGconn *conn, const char *source, bool json, FILE *out)
{
	const char *params[1] = {source};
	return pg_print_query(conn, status_sql, 1, params, json, out, "read the replica status");
}

int
pg_show_errors(PGconn *conn, const char *source, int limit, bool json, FILE *out)
{
	char lim[16];
	const char *params[2] = {source, lim};
	snprintf(lim, sizeof(lim), "%d", limit > 0 ? limit : 100);
	return pg_print_query(conn, errors_sql, 2, params, json, out, "read the error log");
}

#define SOURCES_SQL                                                                                \
	"SELECT s.t_source AS name, s.enm_status AS status, s.b_enabled AS enabled, "                  \
	"s.jsb_schema_mappings AS schema_mappings, s.v_log_table AS log_tables, "                      \
	"(SELECT count(*) FROM sch_chameleon.t_replica_batch b WHERE b.i_id_source = s.i_id_source "   \
	"AND b.b_processed AND NOT b.b_replayed) AS batches_waiting, "                                 \
	"(SELECT b.t_end_file || ':' || b.i_end_pos FROM sch_chameleon.t_replica_batch b "             \
	"WHERE b.i_id_source = s.i_id_source AND b.b_processed ORDER BY b.i_id_batch DESC LIMIT 1) "   \
	"AS read_position, "                                                                           \
	"to_char(s.ts_last_received, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS last_received, "             \
	"to_char(s.ts_last_replayed, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS last_replayed "              \
	"FROM sch_chameleon.t_sources s ORDER BY s.t_source"

int
pg_show_sources(PGconn *conn, bool json, FILE *out)
{
	return pg_print_query(conn, SOURCES_SQL, 0, NULL, json, out, "list the sources");
}
