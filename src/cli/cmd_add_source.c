/*
 * cmd_add_source.c — register a source of the configuration in the catalog.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "common/log.h"
#include "pg/pg.h"

static int
run(const Command *cmd, CliArgs *args)
{
	Config *cfg;
	SourceConfig *src;
	PGconn *conn;
	int rc;

	(void)cmd;
	if (args->source != NULL && !pg_source_name_valid(args->source)) {
		chm_log(LOG_ERROR,
		        "invalid source name \"%s\": a source name becomes part of table names, "
		        "use 1 to 32 characters from a-z, 0-9 and _",
		        args->source);
		return EXIT_USAGE;
	}
	if ((rc = cli_load_config(args, true, &cfg, &src)) != EXIT_OK)
		return rc;
	rc = pg_open(cfg, "chameleon add-source", true, &conn);
	if (rc == 0) {
		rc = pg_source_add(conn, src);
		pg_disconnect(conn);
	}
	if (rc == 0)
		printf("source %s added\n", src->name);
	config_free(cfg);
	return rc == 0 ? EXIT_OK : (rc == CHM_EUSAGE ? EXIT_USAGE : EXIT_FAIL);
}

const Command cmd_add_source = {
    .name = "add-source",
    .run = run,
    .options = OPT_CONFIG | OPT_SOURCE,
    .synopsis = "[--config FILE] --source NAME",
    .summary = "register a source in the catalog",
    .help = "Registers the source NAME of the configuration with its schema mappings and\n"
            "creates its log tables sch_chameleon.t_log_replica_NAME_1 and _2.  The name\n"
            "becomes part of table names: 1 to 32 characters from a-z, 0-9 and _.",
};
