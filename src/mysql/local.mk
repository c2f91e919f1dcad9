# mysql area: sources go into libchm.a
libchm_a_SOURCES += src/mysql/myconn.c src/mysql/myconn.h
libchm_a_SOURCES += src/mysql/binlog_stream.c src/mysql/binlog_stream.h
libchm_a_SOURCES += src/mysql/binlog.c src/mysql/binlog.h src/mysql/binlog_int.h \
	src/mysql/binlog_events.c src/mysql/binlog_table.c \
	src/mysql/rowdecode.c src/mysql/rowdecode.h src/mysql/rowdecode_int.h \
	src/mysql/rowdecode_value.c src/mysql/rowdecode_json.c src/mysql/rowdecode_format.c \
	src/mysql/rowdecode_jsondiff.c
EXTRA_DIST += src/mysql/charset_table.inc
