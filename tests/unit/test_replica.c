/*
 * test_replica.c — the pure parts of the replica area: table filters, the
 * splitting of translated DDL into statements.
 */
#include <string.h>

#include "replica/filter.h"
#include "replica/tabledef.h"
#include "unit.h"

static void
test_filters(void)
{
	char *keys[] = {"shop", "crm"}, *values[] = {"store", "crm_pg"};
	char *limit[] = {"shop.orders", "shop.items", "crm.contacts"};
	char *skip[] = {"shop.items"};
	char *skip_ins[] = {"crm"}, *skip_del[] = {"shop.orders"};
	SourceConfig src;

	memset(&src, 0, sizeof(src));
	src.schema_mappings = (StrMap){keys, values, 2};
	CHECK_STR(filter_target_schema(&src, "shop"), "store", "a mapped schema has its target");
	CHECK(filter_target_schema(&src, "other") == NULL, "an unmapped schema has none");
	CHECK(filter_table_wanted(&src, "shop", "anything"),
	      "without limit_tables every table of a mapped schema is wanted");
	CHECK(!filter_table_wanted(&src, "other", "t"), "tables of unmapped schemas are not wanted");
	CHECK(!filter_table_wanted(&src, "Shop", "t"), "schema names compare exactly");

	src.limit_tables = (StrList){limit, 3};
	src.skip_tables = (StrList){skip, 1};
	CHECK(filter_table_wanted(&src, "shop", "orders"), "a table in limit_tables is wanted");
	CHECK(!filter_table_wanted(&src, "shop", "customers"), "a table outside limit_tables is not");
	CHECK(!filter_table_wanted(&src, "shop", "items"), "skip_tables wins over limit_tables");
	CHECK(!filter_table_wanted(&src, "shop", "order"),
	      "a name that is a prefix of a listed one does not match");
	CHECK(!filter_table_wanted(&src, "shop", "orders.x"), "nor one that extends it");

	src.skip_events_insert = (StrList){skip_ins, 1};
	src.skip_events_delete = (StrList){skip_del, 1};
	CHECK(filter_event_skipped(&src, FILTER_INSERT, "crm", "contacts"),
	      "a schema entry skips its tables' events");
	CHECK(!filter_event_skipped(&src, FILTER_UPDATE, "crm", "contacts"),
	      "only the kinds listed are skipped");
	CHECK(filter_event_skipped(&src, FILTER_DELETE, "shop", "orders"),
	      "a table entry skips that table's events");
	CHECK(!filter_event_skipped(&src, FILTER_DELETE, "shop", "items"), "and no other table's");
}

static void
test_split(void)
{
	Arena arena;
	const char **p;
	int n;

	arena_init(&arena, "test", 0);
	n = tabledef_split_sql(&arena,
	                       "CREATE TABLE \"a;b\".\"t\" (\n    \"x\" text DEFAULT 'a;\nb''; c',\n   "
	                       " \"y\" text DEFAULT "
	                       "E'\\'; d'\n);\nCREATE INDEX \"i\" ON \"a;b\".\"t\" (\"x\");\n-- a "
	                       "notice; with a semicolon\n"
	                       "-- another\nCOMMENT ON TABLE \"t\" IS 'x;y'",
	                       &p);
	CHECK_INT(n, 5, "two statements, two notice lines and a last statement without a semicolon");
	if (n == 5) {
		CHECK(strncmp(p[0], "CREATE TABLE", 12) == 0 && strstr(p[0], "'a;\nb''; c'") != NULL &&
		          strstr(p[0], "E'\\'; d'") != NULL,
		      "semicolons in quoted names, strings and E'' strings do not split");
		CHECK_STR(p[1], "CREATE INDEX \"i\" ON \"a;b\".\"t\" (\"x\")",
		          "the second statement, without its semicolon");
		CHECK_STR(p[2], "-- a notice; with a semicolon", "a notice line is a piece of its own");
		CHECK_STR(p[3], "-- another", "each notice line is");
		CHECK_STR(p[4], "COMMENT ON TABLE \"t\" IS 'x;y'", "the last statement needs no semicolon");
	}
	CHECK_INT(tabledef_split_sql(&arena, "  \n ; ;", &p), 0, "empty statements are dropped");
	arena_free(&arena);
}

int
main(void)
{
	test_filters();
	test_split();
	return unit_done();
}
