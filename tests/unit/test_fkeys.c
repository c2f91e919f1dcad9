/*
 * test_fkeys.c — the catalog calls derived from replicated DDL
 * (fkeys_ddl_sql): which statements change t_fk_actions, with which names.
 * The calls themselves are tested against PostgreSQL by t-e2e-cascade.
 */
#include <string.h>

#include "ddl/ddl.h"
#include "replica/fkeys.h"
#include "unit.h"

static SourceConfig src;

/* The catalog SQL of the first statement of mysql (default schema shop). */
static void
check(const char *mysql, const char *want, const char *what)
{
	DdlContext ctx;
	DdlResult res;
	StrBuf sql = STRBUF_INIT;

	ddl_context_init(&ctx);
	ddl_context_set_schema(&ctx, "shop");
	ctx.schema_map = &src.schema_mappings;
	(void)ddl_translate(&ctx, mysql, strlen(mysql), &res);
	if (res.n > 0)
		(void)fkeys_ddl_sql(&src, &res.stmts[0], NULL, &sql);
	CHECK_STR(sql.data ? sql.data : "", want, what);
	strbuf_free(&sql);
	ddl_result_free(&res);
	ddl_context_free(&ctx);
}

int
main(void)
{
	char *keys[] = {"shop", "crm"}, *values[] = {"store", "crm_pg"};
	char *skip[] = {"shop.skipped"};

	memset(&src, 0, sizeof(src));
	src.name = "s1";
	src.schema_mappings = (StrMap){keys, values, 2};
	src.skip_tables = (StrList){skip, 1};

	check("CREATE TABLE c (id int PRIMARY KEY, pid int, qid int, "
	      "FOREIGN KEY (pid) REFERENCES p (id) ON DELETE CASCADE, "
	      "CONSTRAINT fk_q FOREIGN KEY (qid) REFERENCES crm.q (id) ON UPDATE SET NULL, "
	      "FOREIGN KEY (qid) REFERENCES p (id))",
	      "SELECT sch_chameleon.fn_fk_actions_add('s1', 'store', 'c', 'c_ibfk_1', "
	      "ARRAY['pid']::text[], 'store', 'p', ARRAY['id']::text[], 'CASCADE', 'RESTRICT');\n"
	      "SELECT sch_chameleon.fn_fk_actions_add('s1', 'store', 'c', 'fk_q', "
	      "ARRAY['qid']::text[], 'crm_pg', 'q', ARRAY['id']::text[], 'RESTRICT', 'SET NULL');\n"
	      "SELECT sch_chameleon.fn_fk_actions_created('s1', 'store', 'c');\n",
	      "CREATE TABLE: keys with actions recorded (unnamed ones as InnoDB names them, "
	      "the referenced schema mapped), then the table's own triggers");
	check("CREATE TABLE c2 (a int, b int, FOREIGN KEY (a, b) REFERENCES p (x, y) ON DELETE SET "
	      "DEFAULT ON UPDATE CASCADE)",
	      "SELECT sch_chameleon.fn_fk_actions_add('s1', 'store', 'c2', 'c2_ibfk_1', "
	      "ARRAY['a', 'b']::text[], 'store', 'p', ARRAY['x', 'y']::text[], 'SET DEFAULT', "
	      "'CASCADE');\n"
	      "SELECT sch_chameleon.fn_fk_actions_created('s1', 'store', 'c2');\n",
	      "a two-column key keeps its column order");
	check("CREATE TABLE c3 (pid int, FOREIGN KEY (pid) REFERENCES skipped (id) ON DELETE CASCADE)",
	      "SELECT sch_chameleon.fn_fk_actions_created('s1', 'store', 'c3');\n",
	      "a key to a table not replicated is not recorded");
	check("CREATE TABLE other.c (pid int, FOREIGN KEY (pid) REFERENCES p (id) ON DELETE CASCADE)",
	      "", "a table of an unmapped schema: nothing");
	check("CREATE TEMPORARY TABLE tt (pid int, FOREIGN KEY (pid) REFERENCES p (id) ON DELETE "
	      "CASCADE)",
	      "", "a temporary table: nothing");
	check("CREATE TABLE l LIKE c",
	      "SELECT sch_chameleon.fn_fk_actions_created('s1', 'store', 'l');\n",
	      "CREATE TABLE LIKE copies no key but may be a parent");
	check("ALTER TABLE c ADD CONSTRAINT fk_x FOREIGN KEY (x) REFERENCES p (id) ON DELETE CASCADE, "
	      "ADD FOREIGN KEY (y) REFERENCES c (id) ON DELETE SET NULL, "
	      "ADD FOREIGN KEY (z) REFERENCES p (id), DROP FOREIGN KEY c_ibfk_1",
	      "SELECT sch_chameleon.fn_fk_actions_add('s1', 'store', 'c', 'fk_x', ARRAY['x']::text[], "
	      "'store', 'p', ARRAY['id']::text[], 'CASCADE', 'RESTRICT');\n"
	      "SELECT sch_chameleon.fn_fk_actions_add('s1', 'store', 'c', NULL, ARRAY['y']::text[], "
	      "'store', 'c', ARRAY['id']::text[], 'SET NULL', 'RESTRICT');\n"
	      "SELECT sch_chameleon.fn_fk_actions_drop('s1', 'store', 'c', 'c_ibfk_1');\n",
	      "ALTER TABLE ADD and DROP FOREIGN KEY, in order; an unnamed key is named by the replay; "
	      "a RESTRICT key is not recorded");
	check("ALTER TABLE c DROP CONSTRAINT fk_x, CHANGE pid parent_id int, RENAME COLUMN qid TO q, "
	      "CHANGE b b bigint",
	      "SELECT sch_chameleon.fn_fk_actions_drop('s1', 'store', 'c', 'fk_x');\n"
	      "SELECT sch_chameleon.fn_fk_actions_column_renamed('s1', 'store', 'c', 'pid', "
	      "'parent_id');\n"
	      "SELECT sch_chameleon.fn_fk_actions_column_renamed('s1', 'store', 'c', 'qid', 'q');\n",
	      "DROP CONSTRAINT, and columns renamed by CHANGE and RENAME COLUMN (not a CHANGE that "
	      "keeps the name)");
	check("ALTER TABLE c RENAME TO crm.c9, ADD FOREIGN KEY (a) REFERENCES p (id) ON UPDATE CASCADE",
	      "SELECT sch_chameleon.fn_fk_actions_renamed('s1', 'store', 'c', 'crm_pg', 'c9');\n"
	      "SELECT sch_chameleon.fn_fk_actions_add('s1', 'crm_pg', 'c9', NULL, ARRAY['a']::text[], "
	      "'crm_pg', 'p', ARRAY['id']::text[], 'RESTRICT', 'CASCADE');\n",
	      "ALTER TABLE RENAME TO another schema: the rows follow; later specs use the new name");
	check("ALTER TABLE c ADD COLUMN n int", "", "an ALTER that touches no key: nothing");
	check("RENAME TABLE c TO c_old, c_new TO c, p TO other.p, other.x TO x",
	      "SELECT sch_chameleon.fn_fk_actions_renamed('s1', 'store', 'c', 'store', 'c_old');\n"
	      "SELECT sch_chameleon.fn_fk_actions_renamed('s1', 'store', 'c_new', 'store', 'c');\n"
	      "SELECT sch_chameleon.fn_fk_actions_dropped('s1', 'store', 'p');\n"
	      "SELECT sch_chameleon.fn_fk_actions_created('s1', 'store', 'x');\n",
	      "RENAME TABLE: each pair; out of the mapped schemas is a drop, into them a create");
	check("DROP TABLE IF EXISTS c, other.t, crm.q",
	      "SELECT sch_chameleon.fn_fk_actions_dropped('s1', 'store', 'c');\n"
	      "SELECT sch_chameleon.fn_fk_actions_dropped('s1', 'crm_pg', 'q');\n",
	      "DROP TABLE: every replicated table of the list");
	check("TRUNCATE c", "", "TRUNCATE: nothing (InnoDB refuses it on a parent)");
	check("CREATE TABLE `we\"ird` (`p'id` int, FOREIGN KEY (`p'id`) REFERENCES p (id) ON DELETE "
	      "CASCADE)",
	      "SELECT sch_chameleon.fn_fk_actions_add('s1', 'store', 'we\"ird', 'we\"ird_ibfk_1', "
	      "ARRAY['p''id']::text[], 'store', 'p', ARRAY['id']::text[], 'CASCADE', 'RESTRICT');\n"
	      "SELECT sch_chameleon.fn_fk_actions_created('s1', 'store', 'we\"ird');\n",
	      "names are quoted literals");
	return unit_done();
}
