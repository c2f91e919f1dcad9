/*
 * unit.h — a minimal TAP producer for the C unit tests.
 *
 * Each CHECK prints "ok N - what" or "not ok N - what" with the file and
 * line; unit_done() prints the plan and returns the exit status.
 * scripts/test counts these lines across every suite.
 */
#ifndef CHM_UNIT_H
#define CHM_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_n, unit_failed;

#define CHECK(cond, ...)                                                       \
	do {                                                                       \
		unit_n++;                                                              \
		if (cond) {                                                            \
			printf("ok %d - ", unit_n);                                        \
		} else {                                                               \
			unit_failed++;                                                     \
			printf("not ok %d - %s:%d: ", unit_n, __FILE__, __LINE__);         \
		}                                                                      \
		printf(__VA_ARGS__);                                                   \
		printf("\n");                                                          \
	} while (0)

#define CHECK_STR(got, want, what)                                             \
	do {                                                                       \
		const char *g_ = (got), *w_ = (want);                                  \
		int same_ = (g_ == NULL && w_ == NULL) ||                              \
					(g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0);        \
		CHECK(same_, "%s", what);                                              \
		if (!same_)                                                            \
			printf("#   got:  \"%s\"\n#   want: \"%s\"\n", g_ ? g_ : "(null)", \
				   w_ ? w_ : "(null)");                                        \
	} while (0)

#define CHECK_INT(got, want, what)                                             \
	do {                                                                       \
		long long g_ = (long long) (got), w_ = (long long) (want);             \
		CHECK(g_ == w_, "%s", what);                                           \
		if (g_ != w_)                                                          \
			printf("#   got:  %lld\n#   want: %lld\n", g_, w_);                \
	} while (0)

static inline int
unit_done(void)
{
	printf("1..%d\n", unit_n);
	return unit_failed ? 1 : 0;
}

#endif
