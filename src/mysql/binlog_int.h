/*
 * binlog_int.h — what the files of src/mysql share and nobody else sees.
 *
 * The little-endian and big-endian integer reads of the binlog's byte
 * layouts, the bounded Cursor the event parsers read through, and the
 * parser's internal steps that live in one file and are called from
 * another.  Not for use outside src/mysql: binlog.h and rowdecode.h are the
 * area's public face.
 */
#ifndef CHM_MYSQL_BINLOG_INT_H
#define CHM_MYSQL_BINLOG_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mysql/binlog.h"

/* n bytes (at most 8) at b, least significant first: the binlog's integers. */
static inline uint64_t
le(const uint8_t *b, int n)
{
	uint64_t v = 0;
	for (int i = n - 1; i >= 0; i--)
		v = (v << 8) | b[i];
	return v;
}

/* n bytes (at most 8) at b, most significant first: DECIMAL, DATETIME2, TIME2. */
static inline uint64_t
be(const uint8_t *b, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v = (v << 8) | b[i];
	return v;
}

#endif
