/*
 * fuzz_translate.c — libFuzzer target: scanner, parser and emitter together.
 *
 * The first byte picks the sql_mode (bits 0-1), a default schema (bit 2)
 * and whether the translator runs without a table model (bit 3); the rest
 * goes through ddl_translate() as a dump would.  The result is walked so that
 * every string it holds is read (ASan sees a bad pointer); every table the
 * model learnt goes through its JSON and back, as the replicator stores it;
 * the context and the models are freed (LeakSanitizer sees a leak).
 * The same input then goes through ddl_translate_stream() in pieces of a
 * few bytes (the count taken from the last byte and the size): every
 * statement must come out exactly as from the whole input.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ddl/ddl.h"
#include "ddl/model.h"
#include "../ddl_pieces.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One line of what a caller sees of a statement. */
static void
record(StrBuf *sb, const DdlStatement *st)
{
	strbuf_printf(sb, "%d:%d %d %d %s %d:%d\n", st->line, st->column, (int)st->len,
	              (int)st->outcome, st->cls, st->err_line, st->err_column);
	if (st->outcome == DDL_TRANSLATED)
		strbuf_puts(sb, st->sql);
	else if (st->outcome == DDL_FAILED)
		strbuf_puts(sb, st->message);
	strbuf_putc(sb, '\n');
}

static void
record_fn(void *arg, const DdlStatement *st)
{
	record(arg, st);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	DdlContext ctx;
	DdlResult res;
	DdlModel *model, *copy;
	size_t total = 0;

	if (size == 0)
		return 0;
	model = ddl_model_new();
	ddl_context_init(&ctx);
	if (!(data[0] & 8))
		ctx.model = model;
	ctx.sql_mode = data[0] & 3;
	if (data[0] & 4)
		ddl_context_set_schema(&ctx, "db");
	StrBuf whole = STRBUF_INIT, pieces = STRBUF_INIT;
	int rc = ddl_translate(&ctx, (const char *)data + 1, size - 1, &res);
	for (int i = 0; i < res.n; i++) {
		const DdlStatement *st = &res.stmts[i];
		record(&whole, st);
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

	{
		DdlModel *m2 = ddl_model_new();
		/* about 32 pieces at most: each piece rescans the statement being read */
		Pieces pc = {(const char *)data + 1, size - 1, 0, 1 + data[size - 1] % 23 + size / 32};
		int read_error, rc2;

		ddl_context_init(&ctx);
		if (!(data[0] & 8))
			ctx.model = m2;
		ctx.sql_mode = data[0] & 3;
		if (data[0] & 4)
			ddl_context_set_schema(&ctx, "db");
		rc2 = ddl_translate_stream(&ctx, read_pieces, &pc, record_fn, &pieces, &read_error);
		ddl_context_free(&ctx);
		ddl_model_free(m2);
		assert(read_error == 0 && rc2 == rc);
		assert((whole.len == 0 && pieces.len == 0) ||
		       (whole.len == pieces.len && memcmp(whole.data, pieces.data, whole.len) == 0));
		strbuf_free(&whole);
		strbuf_free(&pieces);
	}
	copy = ddl_model_new();
	for (int i = 0; i < ddl_model_count(model); i++) {
		StrBuf json = STRBUF_INIT;
		const char *why = NULL;
		ddl_model_table_json(ddl_model_table_at(model, i), &json);
		assert(ddl_model_load_json(copy, json.data, json.len, &why) == 0);
		strbuf_free(&json);
	}
	assert(ddl_model_count(copy) == ddl_model_count(model));
	ddl_model_free(copy);
	ddl_model_free(model);
	return total == (size_t)-1;
}
