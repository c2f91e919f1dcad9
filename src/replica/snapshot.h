/*
 * snapshot.h — init-replica and sync-tables (detach-replica: detach.h).
 *
 * A snapshot copies tables of the source at ONE binlog point shared by N
 * worker threads, each with its own MySQL and PostgreSQL connection
 * (myconn's my_snapshot_start), through copy_table into tables created in
 * a staging schema; each worker builds the keys and indexes of its table
 * after the data, in the same transaction.  Only when every table is in
 * does one PostgreSQL transaction swap the staging copies in and record in
 * the catalog where the replica starts: a failed or interrupted snapshot
 * leaves the previous copy and the catalog as they were.
 *
 * Not here: reading the binlog and replaying (the replica starts from the
 * coordinates written here), the catalog's SQL (pg area).
 */
#ifndef CHM_SNAPSHOT_H
#define CHM_SNAPSHOT_H

#include "common/config.h"
#include "common/error.h"

/*
 * Copies every table of src that the filters want (schema_mappings,
 * limit_tables, skip_tables) with jobs workers, replaces the target
 * schemas, records the tables in t_replica_tables and the snapshot's
 * coordinates as the source's read position; the source's status goes
 * initialising -> initialised (error on failure).  SIGINT/SIGTERM
 * (chm_stop_requested) stop it cleanly with CHM_EINTERRUPTED.
 */
int snapshot_init_replica(const Config *cfg, const SourceConfig *src, int jobs) CHM_MUSTCHECK;

/*
 * Re-copies the tables listed in tables ("s.t,s.t" with source names, or
 * "disabled": the tables the replay disabled) at their own coordinates,
 * stored in t_replica_tables so that the replay skips the events the copy
 * already holds.  The replay of the source is held (its advisory lock)
 * from the snapshot point to the swap.  Unknown or unmapped names are an
 * error before anything is copied (CHM_ENOTFOUND).
 */
int snapshot_sync_tables(const Config *cfg, const SourceConfig *src, const char *tables,
                         int jobs) CHM_MUSTCHECK;
/*
 * The same for n (schema, table) pairs of source names (names[2*i],
 * names[2*i+1]), any bytes in them: the replicate process copies a table
 * renamed into the replicated schemas with it.  Installs no signal
 * handlers (the caller's stay).
 */
int snapshot_sync_table_list(const Config *cfg, const SourceConfig *src, const char *const *names,
                             int n, int jobs) CHM_MUSTCHECK;

#endif
