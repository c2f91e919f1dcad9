/*
 * cli.c — option parsing shared by every command, and the command lookup.
 *
 * Options are one getopt_long table for all commands; a command accepts
 * the subset named in its Command.options, so the same option always has
 * the same spelling and meaning whichever command takes it.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/strbuf.h"
#include "pg/pg.h"

int cli_run(const Command *cmd, int argc, char **argv);

/* --log-level and --debug win over the configuration's log_level. */
static bool log_level_from_cli;

enum {
	LONG_HELP = 1000,
	LONG_LOG_LEVEL,
	LONG_DEBUG,
};

static const struct {
	unsigned flag;
	const char *spelling;
	const char *text;
} option_help[] = {
	{OPT_CONFIG, "-c, --config FILE", "configuration file, or a name NAME for ~/.pg_chameleon/configuration/NAME.yml (default: default)"},
	{OPT_SOURCE, "-s, --source NAME", "the source, as named under sources: in the configuration"},
	{OPT_TABLES, "    --tables LIST", "comma-separated schema.table names"},
	{OPT_JOBS, "-j, --jobs N", "parallel worker connections"},
	{OPT_SCHEMA_MAP, "    --schema-map FROM:TO", "write schema FROM as TO (repeatable)"},
	{OPT_SOURCE_SCHEMA, "    --source-schema S", "default schema for unqualified names"},
	{OPT_REGRESS, "    --regress", "print each statement then its translation or error (corpus format)"},
	{OPT_FULL, "    --full", "VACUUM FULL instead of a plain VACUUM"},
	{OPT_SOURCE_FLAVOUR, "    --source-flavour F", "mysql or mariadb (default): whose rules the input follows"},
	{OPT_JSON, "    --json", "print JSON instead of a table"},
	{OPT_YES, "-y, --yes", "do not ask for confirmation"},
};

const Command *
cli_find_command(const char *name)
{
	char norm[64];
	size_t n = strlen(name);

	if (n >= sizeof(norm))
		return NULL;
	for (size_t i = 0; i <= n; i++)
		norm[i] = name[i] == '_' ? '-' : name[i];
	for (int i = 0; chm_commands[i] != NULL; i++)
		if (strcmp(chm_commands[i]->name, norm) == 0)
			return chm_commands[i];
	return NULL;
}

void
cli_print_help(const Command *cmd)
{
	printf("Usage: chameleon %s %s\n\n%s\n", cmd->name, cmd->synopsis, cmd->summary);
	if (cmd->help && cmd->help[0])
		printf("\n%s\n", cmd->help);
	printf("\nOptions:\n");
	for (size_t i = 0; i < sizeof(option_help) / sizeof(option_help[0]); i++)
		if (cmd->options & option_help[i].flag)
			printf("  %-26s %s\n", option_help[i].spelling, option_help[i].text);
	printf("  %-26s %s\n", "    --log-level LEVEL", "debug, info, notice, warning, error (default: the configuration's)");
	printf("  %-26s %s\n", "    --debug", "the same as --log-level debug");
	printf("  %-26s %s\n", "-h, --help", "show this help");
}

static int
usage_error(const Command *cmd, const char *what, const char *arg)
{
	fprintf(stderr, "chameleon %s: %s%s%s%s\n", cmd->name, what, arg ? " \"" : "", arg ? arg : "",
			arg ? "\"" : "");
	fprintf(stderr, "Try \"chameleon %s --help\".\n", cmd->name);
	return EXIT_USAGE;
}

int
cli_run(const Command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"config", required_argument, NULL, 'c'},
		{"source", required_argument, NULL, 's'},
		{"tables", required_argument, NULL, 't'},
		{"jobs", required_argument, NULL, 'j'},
		{"schema-map", required_argument, NULL, 'm'},
		{"source-schema", required_argument, NULL, 'S'},
		{"regress", no_argument, NULL, 'r'},
		{"full", no_argument, NULL, 'F'},
		{"source-flavour", required_argument, NULL, 'V'},
		{"json", no_argument, NULL, 'J'},
		{"yes", no_argument, NULL, 'y'},
		{"help", no_argument, NULL, 'h'},
		{"log-level", required_argument, NULL, LONG_LOG_LEVEL},
		{"debug", no_argument, NULL, LONG_DEBUG},
		{NULL, 0, NULL, 0},
	};
	static const struct {
		int opt;
		unsigned flag;
	} needs[] = {
		{'c', OPT_CONFIG}, {'s', OPT_SOURCE}, {'t', OPT_TABLES}, {'j', OPT_JOBS},
		{'m', OPT_SCHEMA_MAP}, {'S', OPT_SOURCE_SCHEMA}, {'r', OPT_REGRESS}, {'F', OPT_FULL},
		{'J', OPT_JSON}, {'y', OPT_YES}, {'V', OPT_SOURCE_FLAVOUR},
	};
	CliArgs args;
	int c;

	memset(&args, 0, sizeof(args));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:c:s:j:yh", longopts, NULL)) != -1) {
		if (c == '?')
			return usage_error(cmd, "unknown option", argv[optind - 1]);
		if (c == ':')
			return usage_error(cmd, "option needs a value:", argv[optind - 1]);
		for (size_t i = 0; i < sizeof(needs) / sizeof(needs[0]); i++)
			if (needs[i].opt == c && !(cmd->options & needs[i].flag))
				return usage_error(cmd, "this command does not take the option", argv[optind - 1]);
		switch (c) {
		case 'c':
			args.config_path = optarg;
			break;
		case 's':
			args.source = optarg;
			break;
		case 't':
			args.tables = optarg;
			break;
		case 'j': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end != '\0' || v < 1 || v > 256)
				return usage_error(cmd, "--jobs takes a number from 1 to 256, not", optarg);
			args.jobs = (int) v;
			break;
		}
		case 'm':
			if (strchr(optarg, ':') == NULL)
				return usage_error(cmd, "--schema-map takes FROM:TO, not", optarg);
			if (args.n_schema_map == CLI_MAX_SCHEMA_MAP)
				return usage_error(cmd, "too many --schema-map options", NULL);
			args.schema_map[args.n_schema_map++] = optarg;
			break;
		case 'S':
			args.source_schema = optarg;
			break;
		case 'r':
			args.regress = true;
			break;
		case 'F':
			args.full = true;
			break;
		case 'V':
			if (strcmp(optarg, "mysql") != 0 && strcmp(optarg, "mariadb") != 0)
				return usage_error(cmd, "--source-flavour takes mysql or mariadb, not", optarg);
			args.source_mysql = strcmp(optarg, "mysql") == 0;
			break;
		case 'J':
			args.json = true;
			break;
		case 'y':
			args.yes = true;
			break;
		case 'h':
			cli_print_help(cmd);
			return EXIT_OK;
		case LONG_LOG_LEVEL: {
			int level = chm_log_level_parse(optarg);
			if (level < 0)
				return usage_error(cmd, "unknown log level", optarg);
			chm_log_level = (LogLevel) level;
			log_level_from_cli = true;
			break;
		}
		case LONG_DEBUG:
			chm_log_level = LOG_DEBUG;
			log_level_from_cli = true;
			break;
		default:
			return usage_error(cmd, "unknown option", argv[optind - 1]);
		}
	}
	args.argc = argc - optind;
	args.argv = argv + optind;

	return cmd->run(cmd, &args);
}

int
cli_load_config(const CliArgs *args, bool need_source, Config **cfg, SourceConfig **source)
{
	char *path = config_resolve_path(args->config_path);
	int rc = config_load(path, cfg);

	free(path);
	if (rc != 0)
		return EXIT_FAIL;
	if (!log_level_from_cli)
		chm_log_level = (LogLevel) (*cfg)->log_level;
	if (source != NULL)
		*source = NULL;
	if (args->source != NULL) {
		SourceConfig *s = config_find_source(*cfg, args->source);
		if (s == NULL) {
			chm_log(LOG_ERROR, "source \"%s\" is not in the configuration file \"%s\"", args->source,
					(*cfg)->path);
			config_free(*cfg);
			*cfg = NULL;
			return EXIT_FAIL;
		}
		if (source != NULL)
			*source = s;
	} else if (need_source) {
		if ((*cfg)->n_sources == 1 && source != NULL) {
			*source = &(*cfg)->sources[0];
		} else {
			chm_log(LOG_ERROR, "this command needs --source NAME (the configuration has %d sources)",
					(*cfg)->n_sources);
			config_free(*cfg);
			*cfg = NULL;
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}

int
cli_set_enabled(CliArgs *args, bool enabled)
{
	Config *cfg;
	SourceConfig *src;
	PGconn *conn;
	bool found = false;
	int rc;

	if ((rc = cli_load_config(args, true, &cfg, &src)) != EXIT_OK)
		return rc;
	rc = pg_open(cfg, enabled ? "chameleon enable-replica" : "chameleon disable-replica", true, &conn);
	if (rc == 0) {
		rc = pg_source_set_enabled(conn, src->name, enabled, &found);
		pg_disconnect(conn);
	}
	if (rc == 0 && !found) {
		chm_log(LOG_ERROR, "source \"%s\" is not in the catalog: run add-source first", src->name);
		rc = CHM_ENOTFOUND;
	} else if (rc == 0)
		chm_log(LOG_INFO, "source \"%s\" %s", src->name, enabled ? "enabled" : "disabled");
	config_free(cfg);
	return rc == 0 ? EXIT_OK : EXIT_FAIL;
}
