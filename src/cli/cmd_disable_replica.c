/*
 * cmd_disable_replica.c — forbid the replica to start.
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
	rc = pg_open(cfg, "chameleon disable-replica", true, &conn);
	if (rc == 0) {
		rc = pg_source_set_enabled(conn, src->name, false, &found);
		pg_disconnect(conn);
	}
	if (rc == 0 && !found) {
		chm_log(LOG_ERROR, "source \"%s\" is not in the catalog: run add-source first", src->name);
		rc = CHM_ENOTFOUND;
	} else if (rc == 0)
		chm_log(LOG_INFO, "source \"%s\" disabled", src->name);
	config_free(cfg);
	return rc == 0 ? EXIT_OK : EXIT_FAIL;
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
