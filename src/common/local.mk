libchm_a_SOURCES += \
	src/common/arena.c src/common/arena.h \
	src/common/config.c src/common/config.h src/common/config_int.h \
	src/common/config_keys.c src/common/config_password.c \
	src/common/config_print.c src/common/config_yaml.c \
	src/common/coord.c src/common/coord.h \
	src/common/daemon.c src/common/daemon.h \
	src/common/error.c src/common/error.h \
	src/common/log.c src/common/log.h \
	src/common/mem.c src/common/mem.h \
	src/common/pgname.c src/common/pgname.h \
	src/common/strbuf.c src/common/strbuf.h

# The commented example configuration (every key), installed as a template.
dist_pkgdata_DATA = config/config-example.yml
