/*
 * cmd_pending.c — commands that are listed but not built yet.
 *
 * Each entry moves to its own cmd_<name>.c, with its run function, when the
 * command is built; until then running it says so and exits 1.
 */
#include "cli/cli.h"

#define PENDING(var, name_, opts, syn, sum) \
	const Command var = {.name = name_, .run = NULL, .options = (opts), .synopsis = syn, .summary = sum, .help = ""}

PENDING(cmd_init_replica, "init-replica", OPT_CONFIG | OPT_SOURCE | OPT_JOBS,
		"[--config FILE] --source NAME [--jobs N]", "copy the source consistently and start the replica there");
PENDING(cmd_sync_tables, "sync-tables", OPT_CONFIG | OPT_SOURCE | OPT_TABLES | OPT_JOBS,
		"[--config FILE] --source NAME --tables s.t,...", "re-copy tables while the replica runs");
PENDING(cmd_detach_replica, "detach-replica", OPT_CONFIG | OPT_SOURCE | OPT_YES,
		"[--config FILE] --source NAME [--yes]", "make the replica a standalone database");
