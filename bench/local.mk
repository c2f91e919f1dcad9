# bench: helpers of the benchmark scripts, built with the tests (make check TESTS=)
check_PROGRAMS += bench/chm_readbench
bench_chm_readbench_SOURCES = bench/chm_readbench.c
bench_chm_readbench_LDADD = $(CHM_LDADD)
