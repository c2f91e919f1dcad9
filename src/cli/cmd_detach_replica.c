/*
 * cmd_detach_replica.c — make the replica a standalone database.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/log.h"
#include "replica/detach.h"

static int
run(const Command *cmd, CliArgs *args)
{
	Config *cfg;
	SourceConfig *src;
	int rc;

	(void)cmd;
	if ((rc = cli_load_config(args, true, &cfg, &src)) != EXIT_OK)
		return rc;
	if (!args->yes) {
		char answer[16] = "";
		if (!isatty(STDIN_FILENO)) {
			chm_log(LOG_ERROR, "detach-replica removes source \"%s\" for good: confirm with --yes",
			        src->name);
			config_free(cfg);
			return EXIT_USAGE;
		}
		fprintf(stderr,
		        "Detach the replica of source %s? Its replication stops for good. [yes/no] ",
		        src->name);
		if (fgets(answer, sizeof(answer), stdin) == NULL || strncmp(answer, "yes", 3) != 0) {
			fprintf(stderr, "not detached\n");
			config_free(cfg);
			return EXIT_FAIL;
		}
	}
	rc = snapshot_detach(cfg, src);
	if (rc == 0 || rc == CHM_ESTATE)
		printf("source %s detached\n", src->name);
	config_free(cfg);
	return rc == 0 ? EXIT_OK : EXIT_FAIL;
}

const Command cmd_detach_replica = {
    .name = "detach-replica",
    .run = run,
    .options = OPT_CONFIG | OPT_SOURCE | OPT_YES,
    .synopsis = "[--config FILE] --source NAME [--yes]",
    .summary = "make the replica a standalone database",
    .help = "Sets every identity and sequence of the target schemas past the current\n"
            "maximum of its column, creates the source's foreign keys (read from its\n"
            "information_schema) between replicated tables NOT VALID and then validates\n"
            "each, and removes the source from the catalog.  A foreign key the rows do\n"
            "not satisfy stays NOT VALID and is reported (exit 1).  Asks for\n"
            "confirmation on a terminal; --yes confirms.",
};
