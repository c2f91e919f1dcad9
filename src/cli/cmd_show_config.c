/*
 * cmd_show_config.c — print the effective configuration, passwords masked.
 */
#include <stdio.h>

#include "cli/cli.h"

static int
run(const Command *cmd, CliArgs *args)
{
	Config *cfg;
	int rc;

	(void) cmd;
	rc = cli_load_config(args, false, &cfg, NULL);
	if (rc != EXIT_OK)
		return rc;
	config_print(cfg, stdout);
	config_free(cfg);
	return EXIT_OK;
}

const Command cmd_show_config = {
	.name = "show-config",
	.run = run,
	.options = OPT_CONFIG,
	.synopsis = "[--config FILE]",
	.summary = "print the effective configuration with passwords masked",
	.help = "Reads and checks the configuration file, then prints every key with its value\n"
			"or default.  An unknown key, a value of the wrong type or a missing required key\n"
			"is an error naming the file, line and key.",
};
