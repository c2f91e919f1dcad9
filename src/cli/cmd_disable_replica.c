/*
 * cmd_disable_replica.c — forbid the replica to start.
 */
#include "cli/cli.h"

static int
run(const Command *cmd, CliArgs *args)
{
	(void) cmd;
	return cli_set_enabled(args, false);
}

const Command cmd_disable_replica = {
	.name = "disable-replica",
	.run = run,
	.options = OPT_CONFIG | OPT_SOURCE,
	.synopsis = "[--config FILE] --source NAME",
	.summary = "forbid the replica to start",
	.help = "Marks the source disabled: replicate and start-replica refuse to run it until\n"
			"enable-replica.  A replica already running is not stopped (use stop-replica).",
};
