/*
 * fuzz_translate.c — libFuzzer target: scanner, parser and emitter together.
 *
 * The first byte picks the sql_mode; the rest goes through ddl_translate()
 * as a dump would.  The result is walked so that every string it holds is
 * read (ASan sees a bad pointer), and the context is freed (LeakSanitizer
 * sees a leak).
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ddl/ddl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	DdlContext ctx;
	DdlResult res;
	size_t total = 0;

	if (size == 0)
		return 0;
	ddl_context_init(&ctx);
	ctx.sql_mode = data[0] & 3;
	if (data[0] & 4)
		ddl_context_set_schema(&ctx, "db");
	ddl_translate(&ctx, (const char *)data + 1, size - 1, &res);
	for (int i = 0; i < res.n; i++) {
		const DdlStatement *st = &res.stmts[i];
		assert(st->text >= (const char *)data + 1 &&
		       st->text + st->len <= (const char *)data + size);
		total += strlen(st->cls);
		if (st->outcome == DDL_TRANSLATED)
			total += strlen(st->sql);
		else if (st->outcome == DDL_FAILED)
			total += strlen(st->message) + (size_t)st->err_line;
		for (int j = 0; j < st->ntables; j++)
			total += strlen(st->tables[j].name);
	}
	ddl_result_free(&res);
	ddl_context_free(&ctx);
	return total == (size_t)-1;
}
