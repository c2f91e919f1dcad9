/*
 * cmd_pending.c — commands that are listed but not built yet.
 *
 * Each entry moves to its own cmd_<name>.c, with its run function, when the
 * command is built; until then running it says so and exits 1.
 */
#include "cli/cli.h"

#define PENDING(var, name_, opts, syn, sum) \
	const Command var = {.name = name_, .run = NULL, .options = (opts), .synopsis = syn, .summary = sum, .help = ""}

PENDING(cmd_replicate, "replicate", OPT_CONFIG | OPT_SOURCE, "[--config FILE] --source NAME",
		"read and replay in the foreground until SIGINT/SIGTERM");
