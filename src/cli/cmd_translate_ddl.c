/*
 * cmd_translate_ddl.c — MySQL DDL on stdin, PostgreSQL DDL on stdout.
 *
 * The same translator the replica runs (src/ddl/ddl.h), over a whole dump.
 * Errors go to stderr with line:column; the exit code is 1 when any table
 * DDL statement failed.  --regress prints the corpus format defined in the
 * help text below: keep it stable, tests/ddl-corpus is built on it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "common/error.h"
#include "common/log.h"
#include "common/strbuf.h"
#include "ddl/ddl.h"

/* fread fills the whole chunk unless the input ends or fails. */
static long
read_chunk(void *arg, char *buf, size_t cap)
{
	FILE *f = arg;
	size_t n = fread(buf, 1, cap, f);

	if (n == 0 && ferror(f))
		return CHM_EIO;
	return (long)n;
}

typedef struct Output {
	bool regress;
	bool failed;
} Output;

/* Prints one statement's result as it comes (see the --regress format below). */
static void
print_statement(void *arg, const DdlStatement *st)
{
	Output *o = arg;

	if (o->regress) {
		fwrite(st->text, 1, st->len, stdout); /* as written, NUL bytes included */
		fputs(";\n", stdout);
	}
	switch (st->outcome) {
	case DDL_TRANSLATED:
		fputs(st->sql, stdout);
		break;
	case DDL_SKIPPED:
		if (o->regress)
			printf("-- skipped: %s\n", st->cls);
		break;
	case DDL_FAILED:
		if (o->regress)
			printf("ERROR %s: %s\n", chm_errname(st->error), st->message);
		fprintf(stderr, "chameleon translate-ddl: %d:%d: %s: %s\n", st->err_line, st->err_column,
		        chm_errname(st->error), st->message);
		o->failed = true;
		break;
	}
	if (o->regress)
		putchar('\n');
}

static int
run(const Command *cmd, CliArgs *args)
{
	DdlContext ctx;
	Output out = {false, false};
	StrMap map = {NULL, NULL, 0};
	int rc = EXIT_OK, read_error;

	(void)cmd;
	ddl_context_init(&ctx);
	if (args->source_schema)
		ddl_context_set_schema(&ctx, args->source_schema);
	ctx.mysql = args->source_mysql;
	if (args->n_schema_map > 0) {
		map.keys = chm_calloc((size_t)args->n_schema_map, sizeof(char *));
		map.values = chm_calloc((size_t)args->n_schema_map, sizeof(char *));
		for (int i = 0; i < args->n_schema_map; i++) {
			const char *colon = strchr(args->schema_map[i], ':');
			map.keys[i] = chm_strndup(args->schema_map[i], (size_t)(colon - args->schema_map[i]));
			map.values[i] = chm_strdup(colon + 1);
		}
		map.n = args->n_schema_map;
		ctx.schema_map = &map;
	}

	/* the tables the input creates are known to the statements after them */
	ctx.model = ddl_model_new();
	out.regress = args->regress;
	/* read in chunks: a dump is never held whole, memory stays flat */
	ddl_translate_stream(&ctx, read_chunk, stdin, print_statement, &out, &read_error);
	if (out.failed)
		rc = EXIT_FAIL;
	if (read_error != 0) {
		chm_log(LOG_ERROR, "could not read standard input: %m");
		rc = EXIT_FAIL;
	}
	ddl_model_free(ctx.model);
	ddl_context_free(&ctx);
	for (int i = 0; i < map.n; i++) {
		free(map.keys[i]);
		free(map.values[i]);
	}
	free(map.keys);
	free(map.values);
	if (fflush(stdout) != 0) {
		chm_log(LOG_ERROR, "could not write standard output: %m");
		return EXIT_FAIL;
	}
	return rc;
}

const Command cmd_translate_ddl = {
    .name = "translate-ddl",
    .run = run,
    .options = OPT_SCHEMA_MAP | OPT_SOURCE_SCHEMA | OPT_REGRESS | OPT_SOURCE_FLAVOUR,
    .synopsis = "[--schema-map FROM:TO] [--source-schema S] [--source-flavour mysql|mariadb] "
                "[--regress] < FILE.sql",
    .summary = "translate MySQL DDL on stdin into PostgreSQL DDL on stdout",
    .help =
        "Reads MySQL or MariaDB SQL (a dump, a migration, binlog statements) and writes the\n"
        "PostgreSQL translation of every table DDL statement: CREATE/ALTER/DROP/TRUNCATE/RENAME\n"
        "TABLE, CREATE/DROP INDEX.  Other statements (views, routines, triggers, grants, DML,\n"
        "SET, USE, ...) are skipped.  The input is read as the mysql client reads it: USE changes\n"
        "the default schema, SET sql_mode changes quoting (ANSI_QUOTES, NO_BACKSLASH_ESCAPES),\n"
        "DELIMITER lines change the terminator, /*!NNNNN ... */ comments are content.\n"
        "Unqualified names use --source-schema (or the last USE); --schema-map FROM:TO writes\n"
        "schema FROM as TO.  Lines starting with \"-- \" in the output are notices: what\n"
        "PostgreSQL cannot keep, and why.  The tables the input creates are remembered: a\n"
        "later MODIFY converts from the column's old type (enum labels, bit width, TIME),\n"
        "column names match in any case, and unnamed indexes get MySQL's names.\n"
        "--source-flavour mysql says the statements were accepted by MySQL, which (outside\n"
        "strict mode) keeps no literal default of a BLOB, TEXT, JSON or GEOMETRY column; the\n"
        "default, mariadb, keeps such defaults as MariaDB does.\n"
        "\n"
        "Errors go to standard error as \"chameleon translate-ddl: LINE:COLUMN: CODE: message\";\n"
        "the exit status is 1 when any table DDL statement could not be translated.\n"
        "\n"
        "--regress prints, for every statement of the input, in order:\n"
        "  1. the statement exactly as written, from its first token to its last (the\n"
        "     terminator excluded; a version comment's opener and close are included only\n"
        "     when the comment opens inside the statement), then \";\" and a newline;\n"
        "  2. its result:\n"
        "       the PostgreSQL statements, each ending \";\" and a newline, then the notice\n"
        "       lines (\"-- ...\"), when it was translated;\n"
        "       \"-- skipped: CLASS\" when it is not table DDL (CLASS: temporary table, view,\n"
        "       routine, trigger, event, database, account, sequence, grant, dml, set, use,\n"
        "       flush, lock, transaction, show, maintenance, prepared statement, plugin,\n"
        "       admin, other);\n"
        "       \"ERROR CODE: message\" when it failed (CODE: CHM_ESYNTAX, CHM_EUNSUPPORTED);\n"
        "  3. an empty line.\n"
        "DELIMITER lines are not statements and print nothing.",
};
