/*
 * cmd_sync_tables.c — re-copy chosen tables while the replica runs.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "common/log.h"
#include "replica/snapshot.h"

static int
run(const Command *cmd, CliArgs *args)
{
	Config *cfg;
	SourceConfig *src;
	int rc;

	(void)cmd;
	if (args->tables == NULL) {
		chm_log(LOG_ERROR, "sync-tables needs --tables s.t,... or --tables disabled");
		return EXIT_USAGE;
	}
	if ((rc = cli_load_config(args, true, &cfg, &src)) != EXIT_OK)
		return rc;
	rc = snapshot_sync_tables(cfg, src, args->tables, args->jobs > 0 ? args->jobs : 1);
	if (rc == 0)
		printf("tables of source %s synced\n", src->name);
	config_free(cfg);
	return rc == 0 ? EXIT_OK : (rc == CHM_EUSAGE ? EXIT_USAGE : EXIT_FAIL);
}

const Command cmd_sync_tables = {
    .name = "sync-tables",
    .run = run,
    .options = OPT_CONFIG | OPT_SOURCE | OPT_TABLES | OPT_JOBS,
    .synopsis = "[--config FILE] --source NAME --tables s.t,... [--jobs N]",
    .summary = "re-copy tables while the replica runs",
    .help = "Copies the listed tables (source schema.table names) as of a new point of\n"
            "the binlog and replaces them in the target; the point is stored in\n"
            "sch_chameleon.t_replica_tables, so the replay skips the tables' events the\n"
            "copy already holds.  --tables disabled re-copies the tables the replay\n"
            "disabled (after an error, or source input it could not take: see\n"
            "show-errors), leaving with a notice those the source no longer has\n"
            "(renamed out of the replicated schemas, dropped).  The replay of the\n"
            "source waits while the copy runs; the reader goes on.  An unknown table is\n"
            "an error, before anything is copied.",
};
