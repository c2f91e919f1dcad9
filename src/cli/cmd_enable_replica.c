/*
 * cmd_enable_replica.c — allow the replica to start.
 */
#include "cli/cli.h"

static int
run(const Command *cmd, CliArgs *args)
{
	(void) cmd;
	return cli_set_enabled(args, true);
}

const Command cmd_enable_replica = {
	.name = "enable-replica",
	.run = run,
	.options = OPT_CONFIG | OPT_SOURCE,
	.synopsis = "[--config FILE] --source NAME",
	.summary = "allow the replica to start",
	.help = "Marks the source enabled, so replicate and start-replica may run it.",
};
