/*
 * cmd_upgrade_replica_schema.c — bring the catalog to this binary's version.
 *
 * Every command that opens the catalog upgrades it the same way; this
 * command does only that, so an upgrade can be run (and watched) on its own.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "pg/pg.h"

static int
run(const Command *cmd, CliArgs *args)
{
	Config *cfg;
	PGconn *conn;
	int rc, from = 0;

	(void)cmd;
	if ((rc = cli_load_config(args, false, &cfg, NULL)) != EXIT_OK)
		return rc;
	rc = pg_open(cfg, "chameleon upgrade-replica-schema", false, &conn);
	if (rc == 0) {
		rc = pg_catalog_upgrade(conn, &from);
		pg_disconnect(conn);
	}
	config_free(cfg);
	if (rc != 0)
		return EXIT_FAIL;
	if (from == PG_CATALOG_VERSION)
		printf("catalog sch_chameleon is at version %d already\n", from);
	else
		printf("catalog sch_chameleon upgraded from version %d to %d\n", from, PG_CATALOG_VERSION);
	return EXIT_OK;
}

const Command cmd_upgrade_replica_schema = {
    .name = "upgrade-replica-schema",
    .run = run,
    .options = OPT_CONFIG,
    .synopsis = "[--config FILE]",
    .summary = "upgrade the catalog to this version",
    .help = "Runs the upgrade chain from the installed catalog version to this chameleon's,\n"
            "in one transaction under an advisory lock.  A catalog newer than this chameleon\n"
            "is an error.  Stop the replicas and back up sch_chameleon first.",
};
