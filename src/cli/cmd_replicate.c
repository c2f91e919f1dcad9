/*
 * cmd_replicate.c — read and replay one source in the foreground.
 *
 * Only the command: its options and configuration.  The engine (the
 * reader and replay threads, the replay's reconnects, the source's status)
 * is replicate_run() in src/replica; start-replica runs it as a daemon.
 */
#include "cli/cli.h"
#include "replica/replicate.h"

int
cli_replicate(CliArgs *args)
{
	Config *cfg;
	SourceConfig *src;
	int rc;

	if ((rc = cli_load_config(args, true, &cfg, &src)) != EXIT_OK)
		return rc;
	rc = replicate_run(cfg, src) == 0 ? EXIT_OK : EXIT_FAIL;
	config_free(cfg);
	return rc;
}

static int
run(const Command *cmd, CliArgs *args)
{
	(void)cmd;
	return cli_replicate(args);
}

const Command cmd_replicate = {
    .name = "replicate",
    .run = run,
    .options = OPT_CONFIG | OPT_SOURCE,
    .synopsis = "[--config FILE] --source NAME",
    .summary = "read and replay in the foreground until SIGINT/SIGTERM",
    .help = "Runs the source's reader and replay threads in the foreground.  The reader\n"
            "follows the binlog from the last stored batch and stores row changes and\n"
            "translated DDL in batches that end on source transaction boundaries; the\n"
            "replay applies them to the target schemas.  SIGINT or SIGTERM stops both\n"
            "once the current source transaction is stored (exit 0).  SIGHUP reopens\n"
            "the log file (after logrotate moved it) and never stops it.",
};
