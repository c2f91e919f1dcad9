# mysql area: sources go into libchm.a
libchm_a_SOURCES += src/mysql/myconn.c src/mysql/myconn.h
libchm_a_SOURCES += src/mysql/binlog_stream.c src/mysql/binlog_stream.h
