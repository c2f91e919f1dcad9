chameleon_SOURCES += src/cli/main.c
libchm_a_SOURCES += \
	src/cli/cli.c src/cli/cli.h src/cli/commands.c \
	src/cli/cmd_show_config.c \
	src/cli/cmd_create_replica_schema.c src/cli/cmd_drop_replica_schema.c \
	src/cli/cmd_upgrade_replica_schema.c src/cli/cmd_add_source.c \
	src/cli/cmd_drop_source.c src/cli/cmd_show_sources.c \
	src/cli/cmd_init_replica.c src/cli/cmd_sync_tables.c src/cli/cmd_detach_replica.c
libchm_a_SOURCES += \
	src/cli/cmd_show_status.c src/cli/cmd_show_errors.c \
	src/cli/cmd_enable_replica.c src/cli/cmd_disable_replica.c \
	src/cli/cmd_run_maintenance.c
libchm_a_SOURCES += src/cli/cmd_start_replica.c src/cli/cmd_stop_replica.c
libchm_a_SOURCES += src/cli/cmd_translate_ddl.c
libchm_a_SOURCES += src/cli/cmd_replicate.c
