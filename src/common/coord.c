/*
 * coord.c — comparing and formatting binlog coordinates.
 */
#include "common/coord.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"

static uint64_t
file_seq(const char *file, size_t *base_len)
{
	const char *dot = strrchr(file, '.');
	if (dot == NULL) {
		*base_len = strlen(file);
		return 0;
	}
	*base_len = (size_t) (dot - file);
	return strtoull(dot + 1, NULL, 10);
}

int
coord_compare(const BinlogCoord *a, const BinlogCoord *b)
{
	size_t la, lb;
	uint64_t sa = file_seq(a->file, &la), sb = file_seq(b->file, &lb);

	if (la != lb || memcmp(a->file, b->file, la) != 0) {
		int c = strcmp(a->file, b->file);
		return c < 0 ? -1 : 1;
	}
	if (sa != sb)
		return sa < sb ? -1 : 1;
	if (a->pos != b->pos)
		return a->pos < b->pos ? -1 : 1;
	return 0;
}

int
coord_set(BinlogCoord *c, const char *file, uint64_t pos)
{
	size_t n = strlen(file);
	if (n >= sizeof(c->file))
		return CHM_ERANGE;
	memcpy(c->file, file, n + 1);
	c->pos = pos;
	c->gtid[0] = '\0';
	return 0;
}

const char *
coord_format(const BinlogCoord *c, char *buf, int n)
{
	snprintf(buf, (size_t) n, "%s:%" PRIu64, c->file[0] ? c->file : "?", c->pos);
	return buf;
}
