/*
 * commands.c — the table of commands, in the order --help lists them.
 */
#include "cli/cli.h"

const Command *const chm_commands[] = {
	&cmd_translate_ddl,
	&cmd_show_config,
	&cmd_create_replica_schema,
	&cmd_drop_replica_schema,
	&cmd_upgrade_replica_schema,
	&cmd_add_source,
	&cmd_drop_source,
	&cmd_show_sources,
	&cmd_init_replica,
	&cmd_sync_tables,
	&cmd_replicate,
	&cmd_start_replica,
	&cmd_stop_replica,
	&cmd_enable_replica,
	&cmd_disable_replica,
	&cmd_show_status,
	&cmd_show_errors,
	&cmd_detach_replica,
	&cmd_run_maintenance,
	NULL,
};
