/*
 * test_ddl_model.c — the translator's table model (src/ddl/model.h).
 *
 * The corpus checks what the emitter makes of the model; these check the
 * model itself: how each statement changes it, that unknown tables stay
 * unknown, and that one table survives JSON and back (the replicator keeps
 * it in its catalog), including what a damaged text does.
 */
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "ddl/ddl.h"
#include "ddl/model.h"
#include "unit.h"

/* Translates sql with ctx; returns the PostgreSQL text of every statement (malloc'ed). */
static char *
translate(DdlContext *ctx, const char *sql)
{
	DdlResult r;
	StrBuf sb = STRBUF_INIT;
	char *s;

	ddl_translate(ctx, sql, strlen(sql), &r);
	for (int i = 0; i < r.n; i++) {
		if (r.stmts[i].outcome == DDL_TRANSLATED)
			strbuf_puts(&sb, r.stmts[i].sql);
		else if (r.stmts[i].outcome == DDL_FAILED)
			strbuf_printf(&sb, "ERROR %s\n", r.stmts[i].message);
	}
	ddl_result_free(&r);
	s = chm_strdup(sb.data ? sb.data : "");
	strbuf_free(&sb);
	return s;
}

/* The index names of t joined by ",", each with its columns: "PRIMARY(id),u(e)". */
static char *
index_list(const DdlModelTable *t)
{
	StrBuf sb = STRBUF_INIT;
	char *s;

	for (int i = 0; t && i < t->nindexes; i++) {
		if (i)
			strbuf_putc(&sb, ',');
		strbuf_printf(&sb, "%s(", t->indexes[i].name);
		for (int j = 0; j < t->indexes[i].ncolumns; j++)
			strbuf_printf(&sb, "%s%s", j ? " " : "",
			              t->indexes[i].columns[j] ? t->indexes[i].columns[j] : "<expr>");
		strbuf_putc(&sb, ')');
	}
	s = chm_strdup(sb.data ? sb.data : "");
	strbuf_free(&sb);
	return s;
}

static char *
column_list(const DdlModelTable *t)
{
	StrBuf sb = STRBUF_INIT;
	char *s;

	for (int i = 0; t && i < t->ncolumns; i++)
		strbuf_printf(&sb, "%s%s %s%s", i ? "," : "", t->columns[i].name, t->columns[i].type.name,
		              t->columns[i].not_null ? " NN" : "");
	s = chm_strdup(sb.data ? sb.data : "");
	strbuf_free(&sb);
	return s;
}

#define CHECK_LIST(fn, t, want, what)                                                              \
	do {                                                                                           \
		char *l_ = fn(t);                                                                          \
		CHECK_STR(l_, want, what);                                                                 \
		free(l_);                                                                                  \
	} while (0)

static void
test_statements(void)
{
	DdlContext ctx;
	DdlModel *m = ddl_model_new();
	const DdlModelTable *t;
	const DdlColumn *c;
	char *out;

	ddl_context_init(&ctx);
	ddl_context_set_schema(&ctx, "s");
	ctx.model = m;

	out = translate(&ctx, "CREATE TABLE p (id INT PRIMARY KEY);"
	                      "CREATE TABLE t (id INT PRIMARY KEY, `Name` VARCHAR(10) NOT NULL "
	                      "DEFAULT 'x', e ENUM('a','b'), b INT, KEY (Name), UNIQUE KEY u (e), "
	                      "CONSTRAINT fk FOREIGN KEY (b) REFERENCES p (id));");
	free(out);
	t = ddl_model_find(m, "s", "t");
	CHECK(t != NULL, "CREATE TABLE: the table is known under its schema");
	CHECK(ddl_model_find(m, NULL, "t") == NULL, "a table is found by schema and name");
	CHECK_LIST(column_list, t, "id int NN,Name varchar NN,e enum,b int", "CREATE TABLE: columns");
	CHECK_LIST(index_list, t, "PRIMARY(id),u(e),Name(Name),fk(b)",
	           "CREATE TABLE: indexes as MySQL names them, the foreign key's own included");
	c = ddl_model_column(t, "name");
	CHECK(c != NULL && strcmp(c->name, "Name") == 0, "columns are found ignoring case");
	CHECK(c && c->def.kind == DDL_DEF_STRING && strcmp(c->def.text, "x") == 0,
	      "the default is kept");
	c = ddl_model_column(t, "e");
	CHECK(c && c->type.nlabels == 2 && strcmp(c->type.labels[1], "b") == 0,
	      "the enum labels are kept");
	CHECK_INT(t ? t->nfks : -1, 1, "the foreign key is kept");

	out = translate(&ctx, "ALTER TABLE t ADD COLUMN c INT AFTER id, DROP INDEX u, "
	                      "CHANGE `NAME` nm VARCHAR(20), ADD UNIQUE (nm), ADD INDEX (nm);");
	free(out);
	t = ddl_model_find(m, "s", "t");
	CHECK_LIST(column_list, t, "id int NN,c int,nm varchar,e enum,b int",
	           "ALTER: AFTER places the column; CHANGE renames and redefines it");
	CHECK_LIST(index_list, t, "PRIMARY(id),Name(nm),fk(b),nm(nm),nm_2(nm)",
	           "ALTER: index columns follow the rename; unnamed ones get _2");

	out = translate(&ctx, "ALTER TABLE t DROP COLUMN nm, MODIFY E ENUM('a','b','c') NOT NULL, "
	                      "RENAME INDEX fk TO fk2, DROP PRIMARY KEY;");
	free(out);
	t = ddl_model_find(m, "s", "t");
	CHECK_LIST(column_list, t, "id int NN,c int,E enum NN,b int",
	           "MODIFY takes the name as written; DROP COLUMN removes it");
	CHECK_LIST(index_list, t, "fk2(b)", "indexes left without columns go with their column");
	c = ddl_model_column(t, "e");
	CHECK(c && c->type.nlabels == 3, "MODIFY changes the type");

	out = translate(&ctx, "ALTER TABLE t ALTER COLUMN c SET DEFAULT 5;"
	                      "CREATE INDEX ic ON t (c); DROP INDEX fk2 ON t;");
	free(out);
	t = ddl_model_find(m, "s", "t");
	c = ddl_model_column(t, "c");
	CHECK(c && c->def.kind == DDL_DEF_NUMBER && strcmp(c->def.text, "5") == 0, "SET DEFAULT");
	CHECK_LIST(index_list, t, "ic(c)", "CREATE INDEX and DROP INDEX");

	out = translate(&ctx, "CREATE TABLE t_copy LIKE t; RENAME TABLE t TO t2;"
	                      "ALTER TABLE t2 RENAME TO other.t3;");
	free(out);
	CHECK(ddl_model_find(m, "s", "t") == NULL && ddl_model_find(m, "s", "t2") == NULL,
	      "RENAME: the old names are gone");
	t = ddl_model_find(m, "other", "t3");
	CHECK_LIST(column_list, t, "id int NN,c int,E enum NN,b int", "RENAME TO another schema");
	t = ddl_model_find(m, "s", "t_copy");
	CHECK_LIST(index_list, t, "ic(c)", "LIKE copies the indexes");
	CHECK_INT(t ? t->nfks : -1, 0, "LIKE does not copy foreign keys");

	out = translate(&ctx, "DROP TABLE other.t3, t_copy; ALTER TABLE nowhere ADD COLUMN x INT;"
	                      "CREATE TEMPORARY TABLE tmp (a INT);");
	free(out);
	CHECK(ddl_model_find(m, "other", "t3") == NULL, "DROP TABLE forgets the table");
	CHECK(ddl_model_find(m, "s", "nowhere") == NULL, "an unknown table stays unknown");
	CHECK(ddl_model_find(m, "s", "tmp") == NULL, "temporary tables are not modelled");
	CHECK_INT(ddl_model_count(m), 1, "only p is left");

	out = translate(&ctx, "CREATE TABLE pk (id INT PRIMARY KEY, v INT); ALTER TABLE pk MODIFY id "
	                      "BIGINT, MODIFY v BIGINT NOT NULL;");
	free(out);
	t = ddl_model_find(m, "s", "pk");
	CHECK_LIST(column_list, t, "id bigint NN,v bigint NN",
	           "MODIFY of a primary key column keeps it NOT NULL");
	out = translate(&ctx, "DROP TABLE pk;");
	free(out);

	/* a failed statement changes nothing */
	out = translate(&ctx, "CREATE TABLE p (id INT) SELECT 1;");
	free(out);
	CHECK(ddl_model_find(m, "s", "p") != NULL && ddl_model_find(m, "s", "p")->ncolumns == 1,
	      "a statement that failed leaves the model alone");

	ddl_context_free(&ctx);
	ddl_model_free(m);
}

static void
test_json(void)
{
	DdlContext ctx;
	DdlModel *m = ddl_model_new(), *m2 = ddl_model_new();
	const DdlModelTable *t, *t2;
	StrBuf a = STRBUF_INIT, b = STRBUF_INIT;
	const char *why = NULL;
	char *out;
	int rc;

	ddl_context_init(&ctx);
	ddl_context_set_schema(&ctx, "s");
	ctx.model = m;
	out = translate(&ctx, "CREATE TABLE p (id INT PRIMARY KEY);"
	                      "CREATE TABLE j (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
	                      " e ENUM('it''s', 'x\\0y') DEFAULT 'it''s', v VARCHAR(5) DEFAULT 'a\\0b',"
	                      " bits BIT(12) DEFAULT b'101', d DECIMAL(10,2) NOT NULL,"
	                      " k INT, KEY ((d + 1)), CONSTRAINT f FOREIGN KEY (k) REFERENCES p (id)"
	                      " ON DELETE CASCADE);");
	free(out);
	t = ddl_model_find(m, "s", "j");
	CHECK(t != NULL, "the table to save is known");
	if (t == NULL)
		goto done;
	ddl_model_table_json(t, &a);
	rc = ddl_model_load_json(m2, a.data, a.len, &why);
	CHECK_INT(rc, 0, "the JSON text loads back");
	t2 = ddl_model_find(m2, "s", "j");
	CHECK(t2 != NULL, "the loaded table is found by its schema and name");
	if (t2 == NULL)
		goto done;
	ddl_model_table_json(t2, &b);
	CHECK_STR(b.data, a.data, "JSON -> table -> JSON gives the same text");
	CHECK(t2->columns[1].type.label_lens[1] == 3 &&
	          memcmp(t2->columns[1].type.labels[1], "x\0y", 3) == 0,
	      "an enum label with a NUL byte survives");
	CHECK(t2->columns[2].def.len == 3 && memcmp(t2->columns[2].def.text, "a\0b", 3) == 0,
	      "a default with a NUL byte survives");
	CHECK(t2->columns[0].type.is_unsigned && t2->columns[0].auto_increment &&
	          t2->columns[0].not_null,
	      "unsigned, AUTO_INCREMENT and NOT NULL survive");
	CHECK(t2->columns[3].type.nargs == 1 && t2->columns[3].type.args[0] == 12,
	      "a bit width survives");
	CHECK(t2->nfks == 1 && t2->fks[0].on_delete == DDL_FK_CASCADE &&
	          strcmp(t2->fks[0].ref_table, "p") == 0,
	      "the foreign key survives");
	CHECK(t2->nindexes >= 2 && t2->indexes[1].ncolumns == 1 && t2->indexes[1].columns[0] == NULL,
	      "an expression key part survives as null");

	/* loading replaces the table of the same name */
	rc = ddl_model_load_json(m2, a.data, a.len, &why);
	CHECK(rc == 0 && ddl_model_count(m2) == 1, "loading again replaces the table");

	/* the loaded model drives the translator: MODIFY knows the enum's labels */
	{
		DdlContext c2;
		ddl_context_init(&c2);
		ddl_context_set_schema(&c2, "s");
		c2.model = m2;
		out = translate(&c2, "ALTER TABLE j MODIFY e INT;");
		CHECK(strstr(out, "array_position(ARRAY['it''s', ") != NULL,
		      "a loaded table gives MODIFY its old type");
		free(out);
		c2.model = NULL;
		out = translate(&c2, "ALTER TABLE j MODIFY e INT;");
		CHECK(strstr(out, "USING \"e\"::integer") != NULL,
		      "without a model, MODIFY casts as before");
		free(out);
		ddl_context_free(&c2);
	}

	/* damaged texts are errors and leave the model as it was */
	{
		static const char *const bad[] = {
		    "{",
		    "[]",
		    "{\"version\": 2, \"name\": \"x\", \"columns\": []}",
		    "{\"version\": 1, \"columns\": []}",
		    "{\"version\": 1, \"name\": \"x\"}",
		    "{\"version\": 1, \"name\": \"x\", \"columns\": [1]}",
		    "{\"version\": 1, \"name\": \"x\", \"columns\": [{\"name\": \"a\"}]}",
		    "{\"version\": 1, \"name\": \"x\", \"columns\": [], \"indexes\": [{\"name\": \"i\", "
		    "\"kind\": 99}]}",
		    "{\"version\": 1, \"name\": \"x\", \"columns\": [], \"indexes\": [{\"kind\": 1}]}",
		    "{\"version\": 1, \"name\": \"x\", \"columns\": [{\"name\": \"a\", \"type\": \"int\", "
		    "\"default\": {\"kind\": 42}}]}",
		    "{\"version\": 1, \"name\": 7, \"columns\": []}",
		};
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			why = NULL;
			rc = ddl_model_load_json(m2, bad[i], strlen(bad[i]), &why);
			CHECK(rc == CHM_ECORRUPT && why != NULL && ddl_model_count(m2) == 1,
			      "damaged text %zu refused (%s)", i, why ? why : "no reason");
		}
	}
done:
	strbuf_free(&a);
	strbuf_free(&b);
	ddl_context_free(&ctx);
	ddl_model_free(m);
	ddl_model_free(m2);
}

/* What the emitter does with the model where the corpus does not look. */
static void
test_emit(void)
{
	DdlContext ctx;
	DdlModel *m = ddl_model_new();
	char *out;

	ddl_context_init(&ctx);
	ddl_context_set_schema(&ctx, "s");
	ctx.model = m;
	free(translate(&ctx, "CREATE TABLE x (d DATE, dt DATETIME NOT NULL, t TIME, n INT, "
	                     "b BIT(4), s SMALLINT, KEY a (n));"));
	out = translate(&ctx, "ALTER TABLE x MODIFY d INT, MODIFY t BIGINT, MODIFY n DATE;");
	CHECK(strstr(out, "to_char(\"d\", 'YYYYMMDD')::numeric") != NULL,
	      "DATE to INT: MySQL's number 20200229");
	CHECK(strstr(out,
	             "USING (round((sign(extract(epoch FROM \"t\")) * (trunc(abs(extract(epoch FROM "
	             "\"t\")) / 3600) * 10000 +") != NULL,
	      "TIME to BIGINT: MySQL's number 101112, hours past 24 and the sign kept");
	CHECK(strstr(out, "USING NULL::date") != NULL &&
	          strstr(out, "-- existing values of column \"n\" of \"s\".\"x\" become date as MySQL "
	                      "converts them") != NULL,
	      "INT to DATE (20200229, 200229, 0 ...): a placeholder, the table copied again");
	free(out);
	out = translate(&ctx, "ALTER TABLE x MODIFY b INT, MODIFY s BIT(8);");
	CHECK(strstr(out, "USING (\"b\"::bigint)::integer") != NULL,
	      "BIT(4) to INT goes through bigint, every value fits");
	CHECK(strstr(out,
	             "USING CASE WHEN \"s\"::bigint < 0 OR \"s\"::bigint > 255 THEN ~0::bit(8) ELSE "
	             "\"s\"::bigint::bit(8) END") != NULL,
	      "SMALLINT to BIT(8) goes through bigint; what does not fit is all ones, as in MySQL");
	free(out);
	out = translate(&ctx, "ALTER TABLE x ALTER COLUMN dt SET DEFAULT 0, ALTER d SET DEFAULT 0;");
	CHECK(strstr(out, "\"dt\" SET DEFAULT '-infinity'") != NULL,
	      "zero date default of a NOT NULL column");
	free(out);
	out = translate(&ctx, "ALTER TABLE x ADD CONSTRAINT fk FOREIGN KEY (s) REFERENCES x (n), "
	                      "ADD FOREIGN KEY (n) REFERENCES x (n), ADD INDEX (n);");
	CHECK(strstr(out, "CREATE INDEX \"x_fk\" ON \"s\".\"x\" (\"s\")") != NULL,
	      "a foreign key without an index gets one named after the constraint");
	CHECK(strstr(out, "(\"n\")") != NULL && strstr(out, "x_n\"") != NULL &&
	          strstr(out, "x_n_2") == NULL,
	      "a foreign key whose columns have an index gets none; ADD INDEX (n) is named n");
	free(out);
	ddl_context_free(&ctx);
	ddl_model_free(m);
}

/* Many tables: the hash finds each after creations, drops and renames. */
static void
test_many(void)
{
	DdlContext ctx;
	DdlModel *m = ddl_model_new();
	StrBuf sql = STRBUF_INIT;
	int found = 0, wrong = 0;

	ddl_context_init(&ctx);
	ddl_context_set_schema(&ctx, "s");
	ctx.model = m;
	for (int i = 0; i < 300; i++)
		strbuf_printf(&sql, "CREATE TABLE t%d (c%d INT);", i, i);
	for (int i = 0; i < 300; i += 2)
		strbuf_printf(&sql, "DROP TABLE t%d;", i);
	for (int i = 1; i < 300; i += 6)
		strbuf_printf(&sql, "RENAME TABLE t%d TO other.r%d;", i, i);
	free(translate(&ctx, sql.data));
	for (int i = 0; i < 300; i++) {
		char tn[32], cn[32];
		const DdlModelTable *t, *r;
		snprintf(tn, sizeof(tn), "t%d", i);
		t = ddl_model_find(m, "s", tn);
		snprintf(tn, sizeof(tn), "r%d", i);
		r = ddl_model_find(m, "other", tn);
		snprintf(cn, sizeof(cn), "c%d", i);
		if (i % 2 == 0)
			wrong += t != NULL || r != NULL;
		else if (i % 6 == 1)
			wrong += t != NULL || r == NULL || ddl_model_column(r, cn) == NULL;
		else
			wrong += t == NULL || r != NULL || ddl_model_column(t, cn) == NULL;
		found += t != NULL || r != NULL;
	}
	CHECK_INT(wrong, 0, "300 tables, half dropped, some renamed: each found where it is");
	CHECK_INT(found, 150, "150 tables left");
	CHECK_INT(ddl_model_count(m), 150, "the model counts 150");
	strbuf_free(&sql);
	ddl_context_free(&ctx);
	ddl_model_free(m);
}

/* Indexes and tables share PostgreSQL's namespace: <table>_<index> may be a table's name. */
static void
test_index_names(void)
{
	DdlContext ctx;
	DdlModel *m = ddl_model_new(), *m2 = ddl_model_new();
	StrBuf js = STRBUF_INIT;
	const char *why = NULL;
	char *out;

	ddl_context_init(&ctx);
	ddl_context_set_schema(&ctx, "s");
	ctx.model = m;
	out = translate(&ctx, "CREATE TABLE t1 (a INT, KEY k (a)); CREATE TABLE t1_k (x INT);");
	CHECK(strstr(out,
	             "ALTER INDEX \"s\".\"t1_k\" RENAME TO \"t1_k_2\";\nCREATE TABLE \"s\".\"t1_k\"") !=
	          NULL,
	      "CREATE TABLE moves an index of that name out of the way first");
	free(out);
	out =
	    translate(&ctx, "ALTER TABLE t1 RENAME INDEX k TO k2; ALTER TABLE t1 RENAME INDEX k2 TO k;"
	                    "DROP INDEX k ON t1;");
	CHECK(strstr(out, "ALTER INDEX IF EXISTS \"s\".\"t1_k_2\" RENAME TO \"t1_k2\";") != NULL &&
	          strstr(out, "ALTER INDEX IF EXISTS \"s\".\"t1_k2\" RENAME TO \"t1_k_2\";") != NULL &&
	          strstr(out, "DROP INDEX IF EXISTS \"s\".\"t1_k_2\";") != NULL,
	      "later statements find the index under its new name");
	free(out);
	out = translate(&ctx, "CREATE TABLE t2_i (x INT); CREATE TABLE t2 (a INT, KEY i (a));"
	                      "ALTER TABLE t2 ADD INDEX j (a), ADD INDEX (a);");
	CHECK(strstr(out, "CREATE INDEX \"t2_i_2\" ON \"s\".\"t2\"") != NULL,
	      "a new index avoids the name of a table");
	CHECK(strstr(out, "CREATE INDEX \"t2_j\"") != NULL &&
	          strstr(out, "CREATE INDEX \"t2_a\"") != NULL,
	      "other indexes keep <table>_<index>");
	free(out);
	ddl_model_table_json(ddl_model_find(m, "s", "t2"), &js);
	CHECK(strstr(js.data, "\"pg_name\":\"t2_i_2\"") != NULL, "the PostgreSQL name is saved");
	CHECK_INT(ddl_model_load_json(m2, js.data, js.len, &why), 0, "and loads back");
	ctx.model = m2;
	out = translate(&ctx, "ALTER TABLE t2 DROP INDEX i;");
	CHECK(strstr(out, "DROP INDEX IF EXISTS \"s\".\"t2_i_2\";") != NULL,
	      "a loaded table knows its index's PostgreSQL name");
	free(out);
	ctx.model = m;
	out = translate(&ctx, "CREATE TABLE t4 LIKE t2; DROP INDEX i ON t4;");
	CHECK(strstr(out, "DROP INDEX IF EXISTS \"s\".\"t4_i_2\";") != NULL,
	      "LIKE copies the index under the name the copy gets");
	free(out);
	out = translate(&ctx, "RENAME TABLE t2 TO t3; ALTER TABLE t3 DROP INDEX i;");
	CHECK(strstr(out, "DROP INDEX IF EXISTS \"s\".\"t3_i_2\";") != NULL,
	      "the PostgreSQL name follows a table rename");
	free(out);
	strbuf_free(&js);
	ddl_context_free(&ctx);
	ddl_model_free(m);
	ddl_model_free(m2);
}

/* Every table of a and of b as JSON, sorted by name: equal when the models are. */
static char *
model_text(const DdlModel *m)
{
	int n = ddl_model_count(m);
	char **v = chm_calloc((size_t)n + 1, sizeof(char *));
	StrBuf sb = STRBUF_INIT;
	char *s;

	for (int i = 0; i < n; i++) {
		StrBuf one = STRBUF_INIT;
		ddl_model_table_json(ddl_model_table_at(m, i), &one);
		v[i] = chm_strdup(one.data ? one.data : "");
		strbuf_free(&one);
	}
	for (int i = 1; i < n; i++) /* insertion sort: a few tables */
		for (int j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
			char *x = v[j];
			v[j] = v[j - 1];
			v[j - 1] = x;
		}
	for (int i = 0; i < n; i++) {
		strbuf_printf(&sb, "%s\n", v[i]);
		free(v[i]);
	}
	free(v);
	s = chm_strdup(sb.data ? sb.data : "");
	strbuf_free(&sb);
	return s;
}

/*
 * Tables at rest are packed (model.h): every field must come back as it
 * was, whatever its value, and ALTER TABLE, which takes the emitter's copy
 * of the table, must leave the model as applying the specs does.
 */
static void
test_packed(void)
{
	static const char table[] =
	    "{\"version\":1,\"schema\":\"s\",\"name\":\"w\",\"columns\":["
	    "{\"name\":\"a\",\"type\":\"some odd type\",\"args\":[-9223372036854775807,4294967296],"
	    "\"unsigned\":true,\"zerofill\":true,\"binary\":true,\"charset\":\"latin1\","
	    "\"collate\":\"latin1_bin\",\"not_null\":false,\"null_given\":true,"
	    "\"auto_increment\":false,\"on_update_now\":true,"
	    "\"default\":{\"kind\":7,\"len\":0,\"number\":-5,\"precision\":6}},"
	    "{\"name\":\"\",\"type\":\"set\",\"args\":[],\"labels\":[\"\",\"a\\u0000b\",\"\xc3\xa9\"],"
	    "\"unsigned\":false,\"zerofill\":false,\"binary\":false,\"not_null\":true,"
	    "\"null_given\":false,\"auto_increment\":false,\"on_update_now\":false,"
	    "\"default\":{\"kind\":2,\"text\":\"x\\u0000\",\"len\":2,\"number\":0,\"precision\":-1}},"
	    "{\"name\":\"n\",\"type\":\"int\",\"args\":[127],\"unsigned\":false,\"zerofill\":false,"
	    "\"binary\":false,\"not_null\":false,\"null_given\":false,\"auto_increment\":true,"
	    "\"on_update_now\":false}],"
	    "\"indexes\":[{\"name\":\"PRIMARY\",\"kind\":3,\"columns\":[\"n\"]},"
	    "{\"name\":\"i\",\"pg_name\":\"w_i_2\",\"kind\":1,\"columns\":[null,\"a\"]}],"
	    "\"foreign_keys\":[{\"name\":null,\"columns\":[\"n\"],\"ref_schema\":\"o\","
	    "\"ref_table\":\"p\",\"ref_columns\":[\"id\",null],\"on_delete\":3,\"on_update\":5}]}";
	static const char sql[] =
	    "CREATE TABLE p (id INT PRIMARY KEY, code CHAR(3) UNIQUE);"
	    "CREATE TABLE c (id INT, Name VARCHAR(20) DEFAULT 'x', e ENUM('a','b'), pid INT,"
	    " KEY (Name), CONSTRAINT fk FOREIGN KEY (pid) REFERENCES p (id));"
	    "ALTER TABLE c ADD PRIMARY KEY (id), MODIFY e ENUM('a','b','c') NOT NULL,"
	    " CHANGE name nm VARCHAR(30), ADD COLUMN z INT FIRST, ADD UNIQUE (z);"
	    "ALTER TABLE c DROP COLUMN nm, RENAME INDEX z TO zz, ALTER e SET DEFAULT 'b';"
	    "ALTER TABLE c DROP FOREIGN KEY fk, ADD FOREIGN KEY (z) REFERENCES p (id),"
	    " RENAME TO c2;"
	    "ALTER TABLE c2 ADD COLUMN q BIT(3) DEFAULT b'1' AFTER id, DROP PRIMARY KEY;"
	    "CREATE TABLE c3 LIKE c2;"
	    "ALTER TABLE c3 ADD INDEX (q), RENAME COLUMN q TO r;"
	    "CREATE INDEX ci ON c3 (r); DROP INDEX ci ON c3;"
	    "ALTER TABLE unknown_one ADD COLUMN x INT;";
	DdlModel *m = ddl_model_new(), *direct = ddl_model_new();
	const DdlModelTable *t;
	StrBuf a = STRBUF_INIT;
	const char *why = NULL;
	DdlContext ctx;
	DdlResult r;
	char *ta, *tb;
	int applied = 0;

	CHECK_INT(ddl_model_load_json(m, table, strlen(table), &why), 0, "an odd table loads");
	t = ddl_model_find(m, "s", "w");
	CHECK(t != NULL && t->ncolumns == 3 && t->nindexes == 2 && t->nfks == 1,
	      "a loaded table is packed, and unpacked when looked up");
	if (t != NULL) {
		const char *expect = table;
		ddl_model_table_json(t, &a);
		CHECK_STR(a.data, expect, "every field of a packed table comes back as it was");
		CHECK(t->columns[0].type.args[0] == -9223372036854775807L &&
		          t->columns[0].type.args[1] == 4294967296L,
		      "numbers of any size and sign come back");
	}
	strbuf_free(&a);

	ddl_context_init(&ctx);
	ddl_context_set_schema(&ctx, "s");
	ctx.model = m;
	ddl_translate(&ctx, sql, strlen(sql), &r);
	for (int i = 0; i < r.n; i++)
		if (r.stmts[i].outcome == DDL_TRANSLATED && r.stmts[i].ast != NULL) {
			ddl_model_apply(direct, "s", r.stmts[i].ast, NULL);
			applied++;
		}
	ddl_result_free(&r);
	CHECK_INT(applied, 11, "every statement is translated");
	ddl_model_load_json(direct, table, strlen(table), &why);
	ta = model_text(m);
	tb = model_text(direct);
	CHECK_STR(ta, tb, "the emitter's table taken by ALTER is the table the specs make");
	CHECK(strstr(ta, "\"name\":\"c2\"") != NULL && strstr(ta, "\"name\":\"c3\"") != NULL,
	      "the statements changed the model");
	free(ta);
	free(tb);
	ddl_context_free(&ctx);
	ddl_model_free(m);
	ddl_model_free(direct);
}

/* Whether translating sql with ctx sets DdlStatement.recopy on any statement. */
static bool
recopies(DdlContext *ctx, const char *sql)
{
	DdlResult res;
	bool r = false;

	(void)ddl_translate(ctx, sql, strlen(sql), &res);
	for (int i = 0; i < res.n; i++)
		r |= res.stmts[i].recopy;
	ddl_result_free(&res);
	return r;
}

/*
 * DdlStatement.recopy (issue 14): set where MySQL changes the values of the
 * rows a table has, without row events, in a way the PostgreSQL statement
 * does not repeat exactly; not where the USING gives MySQL's values.
 */
static void
test_recopy(void)
{
	DdlContext ctx;
	DdlModel *m = ddl_model_new();

	ddl_context_init(&ctx);
	ddl_context_set_schema(&ctx, "s");
	ctx.model = m;
	CHECK(!recopies(&ctx, "CREATE TABLE r (id INT PRIMARY KEY, a INT, s VARCHAR(10), "
	                      "e ENUM('x','y'), d DECIMAL(6,2), st SET('a','b'), dt DATE NOT NULL, "
	                      "dn DATE)"),
	      "CREATE TABLE: nothing to copy");
	CHECK(!recopies(&ctx, "ALTER TABLE r MODIFY a TIME"), "int to TIME: exact, no copy");
	CHECK(!recopies(&ctx, "ALTER TABLE r MODIFY d INT"), "decimal to int: exact, no copy");
	CHECK(recopies(&ctx, "ALTER TABLE r MODIFY s INT"), "string to int: copied again");
	CHECK(!recopies(&ctx, "ALTER TABLE r MODIFY e ENUM('y','x','z')"),
	      "enum labels reordered and added: no copy");
	CHECK(recopies(&ctx, "ALTER TABLE r MODIFY e ENUM('y','z')"),
	      "an enum label removed: copied again");
	CHECK(!recopies(&ctx, "ALTER TABLE r MODIFY st SET('a','b','c')"),
	      "set members added: no copy");
	CHECK(recopies(&ctx, "ALTER TABLE r MODIFY st SET('c','b','a')"),
	      "set members reordered: copied again");
	CHECK(!recopies(&ctx, "ALTER TABLE r MODIFY dt INT NOT NULL"),
	      "a NOT NULL date to int: exact (a zero date is 0), no copy");
	CHECK(recopies(&ctx, "ALTER TABLE r MODIFY dn INT"),
	      "a nullable date to int: its NULLs may be zero dates, copied again");
	CHECK(recopies(&ctx, "ALTER TABLE r ADD COLUMN b INT NOT NULL DEFAULT (id + 1)"),
	      "ADD COLUMN with a default naming a column: copied again");
	CHECK(!recopies(&ctx, "ALTER TABLE r ADD COLUMN IF NOT EXISTS b INT NOT NULL DEFAULT (id + 2)"),
	      "ADD COLUMN IF NOT EXISTS of an existing column does nothing: no copy");
	CHECK(recopies(&ctx, "ALTER TABLE r CONVERT TO CHARACTER SET latin1"),
	      "CONVERT TO another character set: copied again");
	CHECK(!recopies(&ctx, "ALTER TABLE r CONVERT TO CHARSET 'utf8mb4'"),
	      "CONVERT TO utf8mb4 changes no text: no copy");
	ddl_context_free(&ctx);
	ddl_model_free(m);
}

int
main(void)
{
	test_statements();
	test_json();
	test_emit();
	test_index_names();
	test_many();
	test_packed();
	test_recopy();
	return unit_done();
}
