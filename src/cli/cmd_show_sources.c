/*
 * cmd_show_sources.c — list the sources registered in the catalog.
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
	rc = pg_open(cfg, "chameleon show-sources", true, &conn);
	if (rc == 0) {
		rc = pg_show_sources(conn, args->json, stdout);
		pg_disconnect(conn);
	}
	config_free(cfg);
	return rc == 0 ? EXIT_OK : EXIT_FAIL;
}

const Command cmd_show_sources = {
    .name = "show-sources",
    .run = run,
    .options = OPT_CONFIG | OPT_JSON,
    .synopsis = "[--config FILE] [--json]",
    .summary = "list the sources in the catalog",
    .help = "One line per source: status, schema mappings, log tables, batches waiting for\n"
            "replay, the stored read position and the last received and replayed times.",
};
