chameleon_SOURCES += src/cli/main.c
libchm_a_SOURCES += \
	src/cli/cli.c src/cli/cli.h src/cli/commands.c \
	src/cli/cmd_pending.c \
	src/cli/cmd_show_config.c \
	src/cli/cmd_translate_ddl.c
