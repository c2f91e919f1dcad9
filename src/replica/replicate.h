/*
 * replicate.h — the replication engine: one source's reader and replay.
 *
 * replicate and start-replica (as a daemon) both run replicate_run(); the
 * commands only parse their options and load the configuration.  Not here:
 * the reader loop itself (reader.h), the replay's SQL (pg_replay_step), the
 * daemon's detaching and log file (cmd_start_replica).
 */
#ifndef CHM_REPLICATE_H
#define CHM_REPLICATE_H

#include "common/config.h"
#include "common/error.h"

/*
 * Replicates src until SIGINT/SIGTERM, or until the reader or the replay
 * fails (which stops the other).  Installs the signal handlers, takes the
 * source's instance lock, refuses a source that may not start, records the
 * status (running, then stopped or error) and says daemon_ready() once both
 * threads run.  Blocks the calling thread, which meanwhile serves SIGHUP
 * (the log is reopened).  Returns 0 when both stopped cleanly on request,
 * else a negative CHM_E* code (logged).
 */
int replicate_run(const Config *cfg, const SourceConfig *src) CHM_MUSTCHECK;

#endif
