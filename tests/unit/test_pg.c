/*
 * test_pg.c — the pg area's pure code: source name rules, COPY escaping,
 * and the embedded catalog scripts (every version and upgrade step there).
 */
#include <stdio.h>

#include "pg/pg.h"
#include "unit.h"

static void
check_escape(const char *in, size_t n, const char *want, const char *what)
{
	StrBuf sb = STRBUF_INIT;
	strbuf_puts(&sb, "");
	pg_copy_escape(&sb, in, n);
	CHECK_STR(sb.data, want, what);
	strbuf_free(&sb);
}

int
main(void)
{
	char name[64];

	CHECK(pg_source_name_valid("mysql"), "plain name is valid");
	CHECK(pg_source_name_valid("src_01"), "digits and underscore are valid");
	CHECK(!pg_source_name_valid(""), "empty name is invalid");
	CHECK(!pg_source_name_valid(NULL), "no name is invalid");
	CHECK(!pg_source_name_valid("MySQL"), "upper case is invalid");
	CHECK(!pg_source_name_valid("a-b"), "hyphen is invalid");
	CHECK(!pg_source_name_valid("a b"), "space is invalid");
	CHECK(!pg_source_name_valid("x\"; drop"), "quote is invalid");
	CHECK(!pg_source_name_valid("caf\xc3\xa9"), "non-ASCII is invalid");
	CHECK(pg_source_name_valid("abcdefghijabcdefghijabcdefghij12"), "32 characters are valid");
	CHECK(!pg_source_name_valid("abcdefghijabcdefghijabcdefghij123"), "33 characters are invalid");

	check_escape("plain", 5, "plain", "plain text is unchanged");
	check_escape("a\tb\nc\rd\\e", 9, "a\\tb\\nc\\rd\\\\e", "tab, newline, CR, backslash escaped");
	check_escape("{\"k\": \"x\\\"y\"}", 13, "{\"k\": \"x\\\\\"y\"}",
	             "JSON escapes keep their backslash");
	check_escape("ab\0cd", 2, "ab", "length is honoured");
	check_escape("\\\\", 2, "\\\\\\\\", "two backslashes become four");

	/* the current install and functions, every upgrade step, and version 1
	 * (where t-catalog's upgrade test starts) */
	snprintf(name, sizeof(name), "catalog-%d.sql", PG_CATALOG_VERSION);
	CHECK(pg_catalog_script(name) != NULL, "install script %s is embedded", name);
	snprintf(name, sizeof(name), "functions-%d.sql", PG_CATALOG_VERSION);
	CHECK(pg_catalog_script(name) != NULL, "functions script %s is embedded", name);
	CHECK(pg_catalog_script("functions-1.sql") != NULL, "functions script functions-1.sql is embedded");
	for (int v = 2; v <= PG_CATALOG_VERSION; v++) {
		snprintf(name, sizeof(name), "upgrade/%d--%d.sql", v - 1, v);
		CHECK(pg_catalog_script(name) != NULL, "upgrade step %s is embedded", name);
	}
	snprintf(name, sizeof(name), "catalog-%d.sql", PG_CATALOG_VERSION + 1);
	CHECK(pg_catalog_script(name) == NULL, "no script beyond this version");
	CHECK(pg_catalog_script("catalog-1.sql") != NULL &&
	          strstr(pg_catalog_script("catalog-1.sql"), "CREATE SCHEMA sch_chameleon") != NULL,
	      "catalog-1.sql text is intact");
	CHECK(strstr(pg_catalog_script("functions-5.sql"), "''delete''") != NULL,
	      "quotes survive embedding");
	return unit_done();
}
