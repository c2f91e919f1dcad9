# Unit tests: small, fast, no servers.  Each prints TAP; scripts/test counts.
check_PROGRAMS += tests/unit/test_common
tests_unit_test_common_SOURCES = tests/unit/test_common.c tests/hostile_names.h tests/unit/unit.h
tests_unit_test_common_LDADD = $(CHM_LDADD)
check_PROGRAMS += tests/unit/test_binlog
tests_unit_test_binlog_SOURCES = tests/unit/test_binlog.c tests/binlog_build.h tests/unit/unit.h
tests_unit_test_binlog_LDADD = $(CHM_LDADD)
tests_unit_test_binlog_CPPFLAGS = $(AM_CPPFLAGS) -DCAPTURED='"$(abs_top_srcdir)/tests/unit/binlog"'

# bench/decode: built on demand (make bench/decode/decode), best without sanitizers
EXTRA_PROGRAMS = bench/decode/decode
bench_decode_decode_SOURCES = bench/decode/decode.c
bench_decode_decode_LDADD = $(CHM_LDADD)
CLEANFILES += bench/decode/decode

check_PROGRAMS += tests/unit/test_config
tests_unit_test_config_SOURCES = tests/unit/test_config.c tests/unit/unit.h
tests_unit_test_config_CPPFLAGS = $(AM_CPPFLAGS) \
	-DCONFIG_FIXTURES='"$(abs_top_srcdir)/tests/unit/config"' \
	-DCONFIG_EXAMPLE='"$(abs_top_srcdir)/config/config-example.yml"'
tests_unit_test_config_LDADD = $(CHM_LDADD)

check_PROGRAMS += tests/unit/test_replica
tests_unit_test_replica_SOURCES = tests/unit/test_replica.c tests/unit/unit.h
tests_unit_test_replica_LDADD = $(CHM_LDADD)
check_PROGRAMS += tests/unit/test_pg
tests_unit_test_pg_SOURCES = tests/unit/test_pg.c tests/unit/unit.h
tests_unit_test_pg_LDADD = $(CHM_LDADD)
check_PROGRAMS += tests/unit/test_reader
tests_unit_test_reader_SOURCES = tests/unit/test_reader.c tests/unit/unit.h
tests_unit_test_reader_LDADD = $(CHM_LDADD)

check_PROGRAMS += tests/unit/test_ddl_corpus
tests_unit_test_ddl_corpus_SOURCES = tests/unit/test_ddl_corpus.c tests/unit/unit.h
tests_unit_test_ddl_corpus_CPPFLAGS = $(AM_CPPFLAGS) -DCHM_CORPUS_DIR='"$(abs_top_srcdir)/../shared/corpus"'
tests_unit_test_ddl_corpus_LDADD = $(CHM_LDADD)

check_PROGRAMS += tests/unit/test_ddl
tests_unit_test_ddl_SOURCES = tests/unit/test_ddl.c tests/ddl_pieces.h tests/unit/unit.h
tests_unit_test_ddl_LDADD = $(CHM_LDADD)
check_PROGRAMS += tests/unit/test_ddl_model
tests_unit_test_ddl_model_SOURCES = tests/unit/test_ddl_model.c tests/unit/unit.h
tests_unit_test_ddl_model_LDADD = $(CHM_LDADD)

check_PROGRAMS += tests/unit/test_fkeys
tests_unit_test_fkeys_SOURCES = tests/unit/test_fkeys.c tests/unit/unit.h
tests_unit_test_fkeys_LDADD = $(CHM_LDADD)

check_PROGRAMS += tests/unit/test_rowdecode_json
tests_unit_test_rowdecode_json_SOURCES = tests/unit/test_rowdecode_json.c tests/unit/unit.h
tests_unit_test_rowdecode_json_LDADD = $(CHM_LDADD)
tests_unit_test_rowdecode_json_CPPFLAGS = $(AM_CPPFLAGS) -DCAPTURED='"$(abs_top_srcdir)/tests/unit/binlog"'
