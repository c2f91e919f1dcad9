/*
 * mem.c — allocation that aborts on failure.
 *
 * Every area allocates through these (the string buffer too); see mem.h
 * for why failure aborts.  Not for lifetimes: arenas are arena.c.
 */
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void
chm_oom(void)
{
	static const char msg[] = "fatal: out of memory\n";
	ssize_t w = write(STDERR_FILENO, msg, sizeof(msg) - 1);
	(void)w;
	abort();
}

void *
chm_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		chm_oom();
	return p;
}

void *
chm_calloc(size_t count, size_t n)
{
	void *p = calloc(count ? count : 1, n ? n : 1);
	if (p == NULL)
		chm_oom();
	return p;
}

void *
chm_realloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		chm_oom();
	return p;
}

char *
chm_strndup(const char *s, size_t n)
{
	char *d = chm_malloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *
chm_strdup(const char *s)
{
	return chm_strndup(s, strlen(s));
}
