# The binlog fuzz targets linked with replay.c instead of libFuzzer: each runs
# over its seeds in a few seconds as a unit test (scripts/test), which keeps
# the targets building and their seeds clean between fuzzing sessions.
# tests/fuzz/build.sh builds the libFuzzer binaries with clang.
check_PROGRAMS += tests/unit/test_fuzz_binlog
tests_unit_test_fuzz_binlog_SOURCES = tests/fuzz/fuzz_binlog.c tests/fuzz/replay.c tests/fuzz/fuzz.h
tests_unit_test_fuzz_binlog_CPPFLAGS = $(AM_CPPFLAGS) \
	-DCAPTURED='"$(abs_top_srcdir)/tests/unit/binlog"' \
	-DFIXTURES='"$(abs_top_srcdir)/../shared/fixtures/mysql8-binlog"'
tests_unit_test_fuzz_binlog_LDADD = $(CHM_LDADD)
check_PROGRAMS += tests/unit/test_fuzz_values
tests_unit_test_fuzz_values_SOURCES = tests/fuzz/fuzz_values.c tests/fuzz/replay.c tests/fuzz/fuzz.h \
	tests/binlog_build.h
tests_unit_test_fuzz_values_LDADD = $(CHM_LDADD)
