/*
 * cmd_run_maintenance.c — trim and vacuum a source's log tables.
 */
#include "cli/cli.h"
#include "common/log.h"
#include "pg/pg.h"

static int
run(const Command *cmd, CliArgs *args)
{
	Config *cfg;
	SourceConfig *src;
	PGconn *conn;
	bool found = false;
	int rc;

	(void) cmd;
	if ((rc = cli_load_config(args, true, &cfg, &src)) != EXIT_OK)
		return rc;
	rc = pg_open(cfg, "chameleon run-maintenance", true, &conn);
	if (rc == 0) {
		rc = pg_source_maintenance(conn, src->name, src->batch_retention, args->full, &found);
		pg_disconnect(conn);
	}
	if (rc == 0 && !found) {
		chm_log(LOG_ERROR, "source \"%s\" is not in the catalog: run add-source first", src->name);
		rc = CHM_ENOTFOUND;
	}
	config_free(cfg);
	return rc == 0 ? EXIT_OK : EXIT_FAIL;
}

const Command cmd_run_maintenance = {
	.name = "run-maintenance",
	.run = run,
	.options = OPT_CONFIG | OPT_SOURCE | OPT_FULL,
	.synopsis = "[--config FILE] --source NAME [--full]",
	.summary = "vacuum the source's log tables",
	.help = "Removes the source's replayed batches older than batch_retention, then runs\n"
			"VACUUM (ANALYZE) on its log tables and the batch table.  --full runs VACUUM\n"
			"FULL, which locks the tables: stop the replica first.",
};
