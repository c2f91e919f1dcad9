/*
 * cmd_show_errors.c — the replica's error log, newest first.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "pg/pg.h"
#include "pg/show.h"

static int
run(const Command *cmd, CliArgs *args)
{
	Config *cfg;
	PGconn *conn;
	int rc;

	(void) cmd;
	if ((rc = cli_load_config(args, false, &cfg, NULL)) != EXIT_OK)
		return rc;
	rc = pg_open(cfg, "chameleon show-errors", true, &conn);
	if (rc == 0) {
		rc = pg_show_errors(conn, args->source, 100, args->json, stdout);
		pg_disconnect(conn);
	}
	config_free(cfg);
	return rc == 0 ? EXIT_OK : EXIT_FAIL;
}

const Command cmd_show_errors = {
	.name = "show-errors",
	.run = run,
	.options = OPT_CONFIG | OPT_SOURCE | OPT_JSON,
	.synopsis = "[--config FILE] [--source NAME] [--json]",
	.summary = "the replica's error log",
	.help = "The last 100 errors recorded by the replay (all sources, or the one named),\n"
			"newest first: time, source, table, event kind, batch and event ids, SQL state\n"
			"and message.  The failing row images stay in sch_chameleon.t_error_log.",
};
