# C integration tests: programs that run against the lab's servers
# (scripts/test runs them with the lab's exports; without a lab they skip).
check_PROGRAMS += tests/integration/test_myconn
tests_integration_test_myconn_SOURCES = tests/integration/test_myconn.c tests/integration/labenv.h \
	tests/hostile_names.h
tests_integration_test_myconn_LDADD = $(CHM_LDADD)
check_PROGRAMS += tests/integration/test_copy
tests_integration_test_copy_SOURCES = tests/integration/test_copy.c tests/integration/labenv.h \
	tests/hostile_names.h
tests_integration_test_copy_LDADD = $(CHM_LDADD)
check_PROGRAMS += tests/integration/test_binlog_stream
tests_integration_test_binlog_stream_SOURCES = tests/integration/test_binlog_stream.c tests/integration/labenv.h
tests_integration_test_binlog_stream_LDADD = $(CHM_LDADD)
# The pg area's driver for t-catalog and bench/replay (catalog, log writer,
# replay) without MySQL or a configuration file.
check_PROGRAMS += tests/integration/chm_pgtool
tests_integration_chm_pgtool_SOURCES = tests/integration/chm_pgtool.c
tests_integration_chm_pgtool_LDADD = $(CHM_LDADD)
# PostgreSQL's names for long MySQL names (common/pgname.h), for the
# catalog comparison of t-ddl-differential and t-ddl-suites.
check_PROGRAMS += tests/integration/chm_pgname
tests_integration_chm_pgname_SOURCES = tests/integration/chm_pgname.c
tests_integration_chm_pgname_LDADD = $(CHM_LDADD)
