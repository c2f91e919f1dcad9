/*
 * cmd_show_status.c — per source: state, read lag, replay lag, backlog.
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

	(void)cmd;
	if ((rc = cli_load_config(args, false, &cfg, NULL)) != EXIT_OK)
		return rc;
	rc = pg_open(cfg, "chameleon show-status", true, &conn);
	if (rc == 0) {
		rc = pg_show_status(conn, args->source, args->json, stdout);
		pg_disconnect(conn);
	}
	config_free(cfg);
	return rc == 0 ? EXIT_OK : EXIT_FAIL;
}

const Command cmd_show_status = {
    .name = "show-status",
    .run = run,
    .options = OPT_CONFIG | OPT_SOURCE | OPT_JSON,
    .synopsis = "[--config FILE] [--source NAME] [--json]",
    .summary = "state, read lag and replay lag per source",
    .help = "One row per source (or the one named): state, enabled, the stored read\n"
            "position, read lag (seconds between now and the source commit time of the\n"
            "last event stored; kept current by heartbeats while caught up), replay lag\n"
            "(seconds since the source committed the oldest stored event not yet\n"
            "applied; 0 when none waits), batches and events waiting, rows per second\n"
            "read and replayed over the last minute, tables replicating and disabled, the\n"
            "NUL bytes removed from text values (PostgreSQL text cannot hold them: in all,\n"
            "and per source table), and the last error.",
};
