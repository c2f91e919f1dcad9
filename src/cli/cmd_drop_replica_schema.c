/*
 * cmd_drop_replica_schema.c — drop the sch_chameleon catalog.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/log.h"
#include "pg/pg.h"

/* Asks on the terminal; without one, refuses unless --yes was given. */
static bool
confirm(const char *what)
{
	char line[32];

	if (!isatty(STDIN_FILENO)) {
		chm_log(LOG_ERROR, "refusing to %s without --yes: standard input is not a terminal", what);
		return false;
	}
	fprintf(stderr, "%s? Type yes to confirm: ", what);
	fflush(stderr);
	if (fgets(line, sizeof(line), stdin) == NULL || strcmp(line, "yes\n") != 0) {
		fprintf(stderr, "not confirmed: nothing done\n");
		return false;
	}
	return true;
}

static int
run(const Command *cmd, CliArgs *args)
{
	Config *cfg;
	PGconn *conn;
	bool existed = false;
	int rc;

	(void)cmd;
	if ((rc = cli_load_config(args, false, &cfg, NULL)) != EXIT_OK)
		return rc;
	if (!args->yes &&
	    !confirm("drop the catalog sch_chameleon, every source and every stored event")) {
		config_free(cfg);
		return EXIT_FAIL;
	}
	rc = pg_open(cfg, "chameleon drop-replica-schema", false, &conn);
	if (rc == 0) {
		rc = pg_catalog_drop(conn, &existed);
		pg_disconnect(conn);
	}
	config_free(cfg);
	if (rc != 0)
		return EXIT_FAIL;
	printf(existed ? "catalog sch_chameleon dropped\n"
	               : "catalog sch_chameleon was not installed\n");
	return EXIT_OK;
}

const Command cmd_drop_replica_schema = {
    .name = "drop-replica-schema",
    .run = run,
    .options = OPT_CONFIG | OPT_YES,
    .synopsis = "[--config FILE] [--yes]",
    .summary = "drop the sch_chameleon catalog",
    .help = "Drops sch_chameleon with every source, batch and stored event.  The replicated\n"
            "tables stay.  Asks for confirmation on a terminal; elsewhere needs --yes.",
};
