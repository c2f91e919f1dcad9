/*
 * cmd_drop_source.c — remove a source, its batches and its log tables.
 *
 * The source need not be in the configuration any more: dropping the
 * leftovers of a source removed from the file is the common case.
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
	CliArgs noargs = *args;
	Config *cfg;
	PGconn *conn;
	bool found = false;
	char what[160];
	int rc;

	(void)cmd;
	if (args->source == NULL) {
		chm_log(LOG_ERROR, "drop-source needs --source NAME");
		return EXIT_USAGE;
	}
	if (!pg_source_name_valid(args->source)) {
		chm_log(LOG_ERROR, "invalid source name \"%s\": use 1 to 32 characters from a-z, 0-9 and _",
		        args->source);
		return EXIT_USAGE;
	}
	noargs.source = NULL;
	if ((rc = cli_load_config(&noargs, false, &cfg, NULL)) != EXIT_OK)
		return rc;
	snprintf(what, sizeof(what), "drop source %s with its log tables and stored events",
	         args->source);
	if (!args->yes && !confirm(what)) {
		config_free(cfg);
		return EXIT_FAIL;
	}
	rc = pg_open(cfg, "chameleon drop-source", true, &conn);
	if (rc == 0) {
		rc = pg_source_drop(conn, args->source, &found);
		pg_disconnect(conn);
	}
	config_free(cfg);
	if (rc != 0)
		return EXIT_FAIL;
	if (!found) {
		chm_log(LOG_ERROR, "source \"%s\" is not in the catalog", args->source);
		return EXIT_FAIL;
	}
	printf("source %s dropped\n", args->source);
	return EXIT_OK;
}

const Command cmd_drop_source = {
    .name = "drop-source",
    .run = run,
    .options = OPT_CONFIG | OPT_SOURCE | OPT_YES,
    .synopsis = "[--config FILE] --source NAME [--yes]",
    .summary = "remove a source and its log tables",
    .help = "Removes the source from the catalog with its batches and log tables; nothing\n"
            "else (replicated tables, the error log) is touched.  Asks for confirmation on\n"
            "a terminal; elsewhere needs --yes.",
};
