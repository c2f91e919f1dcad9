/*
 * cmd_pending.c — commands that are listed but not built yet.
 *
 * Each entry moves to its own cmd_<name>.c, with its run function, when the
 * command is built; until then running it says so and exits 1.
 */
#include "cli/cli.h"

#define PENDING(var, name_, opts, syn, sum) \
	const Command var = {.name = name_, .run = NULL, .options = (opts), .synopsis = syn, .summary = sum, .help = ""}

PENDING(cmd_translate_ddl, "translate-ddl", OPT_SCHEMA_MAP | OPT_SOURCE_SCHEMA | OPT_REGRESS,
		"[--schema-map FROM:TO] [--source-schema S] [--regress] < FILE.sql",
		"translate MySQL DDL on stdin into PostgreSQL DDL on stdout");
PENDING(cmd_replicate, "replicate", OPT_CONFIG | OPT_SOURCE, "[--config FILE] --source NAME",
		"read and replay in the foreground until SIGINT/SIGTERM");
PENDING(cmd_start_replica, "start-replica", OPT_CONFIG | OPT_SOURCE, "[--config FILE] --source NAME",
		"replicate as a daemon with a pid file");
PENDING(cmd_stop_replica, "stop-replica", OPT_CONFIG | OPT_SOURCE, "[--config FILE] --source NAME",
		"stop the daemon after the current transaction");
PENDING(cmd_enable_replica, "enable-replica", OPT_CONFIG | OPT_SOURCE, "[--config FILE] --source NAME",
		"allow the replica to start");
PENDING(cmd_disable_replica, "disable-replica", OPT_CONFIG | OPT_SOURCE, "[--config FILE] --source NAME",
		"forbid the replica to start");
PENDING(cmd_show_status, "show-status", OPT_CONFIG | OPT_SOURCE | OPT_JSON,
		"[--config FILE] [--source NAME] [--json]", "state, read lag and replay lag per source");
PENDING(cmd_show_errors, "show-errors", OPT_CONFIG | OPT_SOURCE | OPT_JSON,
		"[--config FILE] [--source NAME] [--json]", "the replica's error log");
PENDING(cmd_run_maintenance, "run-maintenance", OPT_CONFIG | OPT_SOURCE | OPT_FULL,
		"[--config FILE] --source NAME [--full]", "vacuum the source's log tables");
