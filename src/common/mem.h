/*
 * mem.h — allocation helpers that abort on failure.
 *
 * A replication process that cannot allocate a few bytes has no sensible
 * way on, and checking every allocation would bury the logic: these write
 * "fatal: out of memory" to stderr and abort instead of returning NULL.
 * A zero size is taken as one, so the result is never NULL.  What they
 * return is the caller's, to free().
 */
#ifndef CHM_MEM_H
#define CHM_MEM_H

#include <stddef.h>

#include "common/error.h"

void *chm_malloc(size_t n);
void *chm_calloc(size_t count, size_t n);
void *chm_realloc(void *p, size_t n);
char *chm_strdup(const char *s);
char *chm_strndup(const char *s, size_t n);
CHM_NORETURN void chm_oom(void);

#endif
