/*
 * cmd_pending.c — commands that are listed but not built yet.
 *
 * Each entry moves to its own cmd_<name>.c, with its run function, when the
 * command is built; until then running it says so and exits 1.
 */
#include "cli/cli.h"

#define PENDING(var, name_, opts, syn, sum) \
	const Command var = {.name = name_, .run = NULL, .options = (opts), .synopsis = syn, .summary = sum, .help = ""}

PENDING(cmd_create_replica_schema, "create-replica-schema", OPT_CONFIG, "[--config FILE]",
		"install the sch_chameleon catalog");
PENDING(cmd_drop_replica_schema, "drop-replica-schema", OPT_CONFIG | OPT_YES, "[--config FILE] [--yes]",
		"drop the sch_chameleon catalog");
PENDING(cmd_upgrade_replica_schema, "upgrade-replica-schema", OPT_CONFIG, "[--config FILE]",
		"upgrade the catalog to this version");
PENDING(cmd_add_source, "add-source", OPT_CONFIG | OPT_SOURCE, "[--config FILE] --source NAME",
		"register a source in the catalog");
PENDING(cmd_drop_source, "drop-source", OPT_CONFIG | OPT_SOURCE | OPT_YES,
		"[--config FILE] --source NAME [--yes]", "remove a source and its log tables");
PENDING(cmd_show_sources, "show-sources", OPT_CONFIG | OPT_JSON, "[--config FILE] [--json]",
		"list the sources in the catalog");
PENDING(cmd_init_replica, "init-replica", OPT_CONFIG | OPT_SOURCE | OPT_JOBS,
		"[--config FILE] --source NAME [--jobs N]", "copy the source consistently and start the replica there");
PENDING(cmd_sync_tables, "sync-tables", OPT_CONFIG | OPT_SOURCE | OPT_TABLES | OPT_JOBS,
		"[--config FILE] --source NAME --tables s.t,...", "re-copy tables while the replica runs");
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
PENDING(cmd_detach_replica, "detach-replica", OPT_CONFIG | OPT_SOURCE | OPT_YES,
		"[--config FILE] --source NAME [--yes]", "make the replica a standalone database");
PENDING(cmd_run_maintenance, "run-maintenance", OPT_CONFIG | OPT_SOURCE | OPT_FULL,
		"[--config FILE] --source NAME [--full]", "vacuum the source's log tables");
