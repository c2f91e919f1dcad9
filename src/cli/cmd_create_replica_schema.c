/*
 * cmd_create_replica_schema.c — install the sch_chameleon catalog.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "pg/pg.h"

static int
run(const Command *cmd, CliArgs *args)
{
	Config *cfg;
	PGconn *conn;
	int rc;

	(void)cmd;
	if ((rc = cli_load_config(args, false, &cfg, NULL)) != EXIT_OK)
		return rc;
	rc = pg_open(cfg, "chameleon create-replica-schema", false, &conn);
	if (rc == 0) {
		rc = pg_catalog_create(conn);
		pg_disconnect(conn);
	}
	config_free(cfg);
	if (rc != 0)
		return EXIT_FAIL;
	printf("catalog sch_chameleon installed, version %d\n", PG_CATALOG_VERSION);
	return EXIT_OK;
}

const Command cmd_create_replica_schema = {
    .name = "create-replica-schema",
    .run = run,
    .options = OPT_CONFIG,
    .synopsis = "[--config FILE]",
    .summary = "install the sch_chameleon catalog",
    .help = "Creates the schema sch_chameleon in the database of pg_conn, at the catalog\n"
            "version of this chameleon.  An existing catalog is an error: upgrade it with\n"
            "upgrade-replica-schema, or drop it first.",
};
