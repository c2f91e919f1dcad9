/*
 * test_common.c — strings, quoting, arenas, error codes.
 */
#include <stdint.h>
#include <string.h>

#include "common/arena.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "unit.h"

static void
test_strbuf(void)
{
	StrBuf sb = STRBUF_INIT;

	strbuf_puts(&sb, "abc");
	strbuf_printf(&sb, "-%d-", 42);
	CHECK_STR(sb.data, "abc-42-", "strbuf appends and formats");
	strbuf_reset(&sb);
	CHECK_INT(sb.len, 0, "strbuf_reset empties");
	for (int i = 0; i < 10000; i++)
		strbuf_putc(&sb, 'x');
	CHECK_INT(sb.len, 10000, "strbuf grows past its first block");
	strbuf_reset(&sb);
	strbuf_quote_ident(&sb, "we\"ird", 6);
	CHECK_STR(sb.data, "\"we\"\"ird\"", "identifiers are quoted with quotes doubled");
	strbuf_reset(&sb);
	strbuf_quote_literal(&sb, "it's", 4);
	CHECK_STR(sb.data, "'it''s'", "literals double single quotes");
	strbuf_reset(&sb);
	strbuf_quote_literal(&sb, "a\\b", 3);
	CHECK_STR(sb.data, "E'a\\\\b'", "a backslash makes an E'' literal with it doubled");
	strbuf_free(&sb);
}

static void
test_arena(void)
{
	Arena a;
	arena_init(&a, "test", 128);
	char *p = arena_strdup(&a, "hello");
	CHECK_STR(p, "hello", "arena_strdup copies");
	void *big = arena_alloc(&a, 1000);
	CHECK(big != NULL && ((uintptr_t) big % 16) == 0, "large allocations are aligned");
	for (int i = 0; i < 100; i++)
		(void) arena_alloc(&a, 24);
	CHECK(a.total >= 1000 + 100 * 24, "arena counts what it hands out");
	arena_reset(&a);
	CHECK_INT(a.total, 0, "arena_reset forgets everything");
	arena_free(&a);
}

static void
test_errors(void)
{
	CHECK_STR(chm_errname(CHM_ESYNTAX), "CHM_ESYNTAX", "error names come from the table");
	CHECK_STR(chm_strerror(CHM_ENOMEM), "out of memory", "error texts come from the table");
	CHECK_STR(chm_strerror(-9999), "unknown error", "an unknown code still has a text");
}

int
main(void)
{
	test_strbuf();
	test_arena();
	test_errors();
	return unit_done();
}
