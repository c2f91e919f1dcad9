# mysql area: sources go into libchm.a
libchm_a_SOURCES += src/mysql/myconn.c src/mysql/myconn.h \
	src/mysql/binlog.c src/mysql/binlog.h \
	src/mysql/rowdecode.c src/mysql/rowdecode.h
EXTRA_DIST += src/mysql/charset_table.inc
