/*
 * cli.h — the command table and the options every command shares.
 *
 * One table of commands (commands.c); one cmd_<name>.c per command with its
 * Command entry.  Options are parsed once, here, for all commands: a
 * command lists the options it accepts, anything else is a usage error
 * (exit 2).  Commands return an exit code: 0 ok, 1 failure, 2 usage.
 */
#ifndef CHM_CLI_H
#define CHM_CLI_H

#include <stdbool.h>

#include "common/config.h"

enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,
	EXIT_USAGE = 2,
};

/* Options a command may accept (Command.options is a mask of these). */
enum CliOptionFlag {
	OPT_CONFIG = 1 << 0,	 /* --config FILE */
	OPT_SOURCE = 1 << 1,	 /* --source NAME */
	OPT_JSON = 1 << 2,		 /* --json */
	OPT_YES = 1 << 3,		 /* --yes */
	OPT_TABLES = 1 << 4,	 /* --tables LIST */
	OPT_JOBS = 1 << 5,		 /* --jobs N */
	OPT_SCHEMA_MAP = 1 << 6, /* --schema-map FROM:TO (repeatable) */
	OPT_SOURCE_SCHEMA = 1 << 7, /* --source-schema S */
	OPT_REGRESS = 1 << 8,	 /* --regress */
	OPT_FULL = 1 << 9,		 /* --full */
	OPT_SOURCE_FLAVOUR = 1 << 10, /* --source-flavour mysql|mariadb */
};

#define CLI_MAX_SCHEMA_MAP 64

typedef struct CliArgs {
	const char *config_path; /* as given; NULL = the default */
	const char *source;
	const char *tables;
	const char *source_schema;
	const char *schema_map[CLI_MAX_SCHEMA_MAP];
	int n_schema_map;
	int jobs;
	bool json;
	bool yes;
	bool regress;
	bool full;
	bool source_mysql; /* --source-flavour mysql */
	int argc; /* operands left after the options */
	char **argv;
} CliArgs;

typedef struct Command Command;
typedef int (*CommandFn)(const Command *cmd, CliArgs *args);

struct Command {
	const char *name;	 /* canonical, hyphenated */
	CommandFn run;
	unsigned options;	 /* CliOptionFlag mask */
	const char *synopsis; /* operands and options after the name */
	const char *summary; /* one line, for chameleon --help */
	const char *help;	 /* the rest of the command's --help text */
};

/* The command table, in the order --help lists it; ends with a zeroed entry. */
extern const Command *const chm_commands[];

/* Looks a command up by name; '_' and '-' are the same.  NULL if unknown. */
const Command *cli_find_command(const char *name);

/* Prints a command's help to stdout. */
void cli_print_help(const Command *cmd);

/*
 * Loads the configuration named by args (or the default path) and, when
 * the command takes --source, the source: *source is NULL when there is
 * none to find and need_source is false.  Returns an exit code; on failure
 * the reason has been logged.  *cfg is for the caller to config_free().
 */
int cli_load_config(const CliArgs *args, bool need_source, Config **cfg, SourceConfig **source);

/* enable-replica and disable-replica: sets the source's b_enabled; an exit code. */
int cli_set_enabled(CliArgs *args, bool enabled);

/*
 * replicate, and start-replica once detached: loads the configuration and
 * runs replicate_run() on the source; an exit code.
 */
int cli_replicate(CliArgs *args);

/* Every command's entry, defined in its cmd_<name>.c. */
extern const Command cmd_translate_ddl;
extern const Command cmd_show_config;
extern const Command cmd_create_replica_schema;
extern const Command cmd_drop_replica_schema;
extern const Command cmd_upgrade_replica_schema;
extern const Command cmd_add_source;
extern const Command cmd_drop_source;
extern const Command cmd_show_sources;
extern const Command cmd_init_replica;
extern const Command cmd_replicate;
extern const Command cmd_start_replica;
extern const Command cmd_stop_replica;
extern const Command cmd_enable_replica;
extern const Command cmd_disable_replica;
extern const Command cmd_sync_tables;
extern const Command cmd_show_status;
extern const Command cmd_show_errors;
extern const Command cmd_detach_replica;
extern const Command cmd_run_maintenance;

#endif
