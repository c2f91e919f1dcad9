/*
 * main.c — chameleon's entry point: global options, then one command.
 *
 * chameleon COMMAND [options] [operands].  Global handling is deliberately
 * thin: --help, --version, and finding the command; each command parses its
 * own options through cli_parse_args() in cli.c.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "common/log.h"

static void
print_usage(FILE *out)
{
	fprintf(out, "chameleon %s — MySQL/MariaDB to PostgreSQL replication\n\n", PACKAGE_VERSION);
	fprintf(out, "Usage: chameleon COMMAND [--config FILE] [--source NAME] [options]\n");
	fprintf(out, "       chameleon COMMAND --help\n\nCommands:\n");
	for (int i = 0; chm_commands[i] != NULL; i++) {
		const Command *c = chm_commands[i];
		fprintf(out, "  %-22s %s\n", c->name, c->summary);
	}
	fprintf(out, "\nThe pg_chameleon spellings with underscores are accepted too (init_replica).\n");
	fprintf(out, "Exit status: 0 ok, 1 failure, 2 usage error.\n");
}

int cli_run(const Command *cmd, int argc, char **argv);

int
main(int argc, char **argv)
{
	if (argc < 2) {
		print_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		if (argc > 2 && cli_find_command(argv[2]) != NULL) {
			cli_print_help(cli_find_command(argv[2]));
			return EXIT_OK;
		}
		print_usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("chameleon %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}

	const Command *cmd = cli_find_command(argv[1]);
	if (cmd == NULL) {
		fprintf(stderr, "chameleon: unknown command \"%s\"\n", argv[1]);
		fprintf(stderr, "Try \"chameleon --help\" for the list of commands.\n");
		return EXIT_USAGE;
	}
	return cli_run(cmd, argc - 1, argv + 1);
}
