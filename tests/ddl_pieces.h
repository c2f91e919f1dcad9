/*
 * ddl_pieces.h — a reader for ddl_translate_stream that hands an input out
 * a few bytes at a time, so tests can check that every cut of the input
 * gives what reading it whole gives.  Shared by tests/unit/test_ddl.c and
 * tests/fuzz/fuzz_translate.c.
 */
#ifndef CHM_TESTS_DDL_PIECES_H
#define CHM_TESTS_DDL_PIECES_H

#include <stddef.h>
#include <string.h>

typedef struct Pieces {
	const char *s;
	size_t len, at, step;
} Pieces;

/* Hands the input out step bytes at a time, whatever room the buffer has. */
static inline long
read_pieces(void *arg, char *buf, size_t cap)
{
	Pieces *pc = arg;
	size_t n = pc->len - pc->at;

	if (n > pc->step)
		n = pc->step;
	if (n > cap)
		n = cap;
	memcpy(buf, pc->s + pc->at, n);
	pc->at += n;
	return (long)n;
}

#endif
