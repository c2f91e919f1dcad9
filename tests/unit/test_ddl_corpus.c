/*
 * test_ddl_corpus.c — the public DDL corpora through the translator.
 *
 * Reads ../shared/corpus (or $CHM_CORPUS_DIR) when it exists and says so
 * when it does not.  Every file of debezium-ddl, grammars-v4-mysql,
 * pgloader-mysql-unit and sakila is translated; the test passes when none
 * crashes (ASan/UBSan builds make a crash loud) and prints per corpus how
 * many statements were translated, skipped and failed.  Failures are not
 * test failures here: many corpus statements are deliberately odd.  Run
 * with -v to list them with file:line:column and message.
 *
 * grammars-v4-mysql separates some statements with "#begin"/"#end" lines
 * instead of ";": an "#end" line is read as a terminator.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "ddl/ddl.h"
#include "unit.h"

#ifndef CHM_CORPUS_DIR
#define CHM_CORPUS_DIR "../shared/corpus"
#endif

static int verbose;

typedef struct Counts {
	int files, stmts, translated, skipped, failed;
} Counts;

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
run_file(const char *path, bool grammars_v4, Counts *c)
{
	FILE *f = fopen(path, "rb");
	StrBuf sb = STRBUF_INIT;
	char buf[65536];
	size_t n;
	DdlContext ctx;
	DdlResult res;

	if (f == NULL)
		return;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_append(&sb, buf, n);
	fclose(f);
	if (grammars_v4) { /* "#end" lines terminate statements */
		for (char *p = sb.data; p && (p = strstr(p, "\n#end")) != NULL; p += 5)
			memcpy(p + 1, ";   ", 4);
	}
	ddl_context_init(&ctx);
	ddl_translate(&ctx, sb.data ? sb.data : "", sb.len, &res);
	c->files++;
	for (int i = 0; i < res.n; i++) {
		const DdlStatement *st = &res.stmts[i];
		c->stmts++;
		if (st->outcome == DDL_TRANSLATED)
			c->translated++;
		else if (st->outcome == DDL_SKIPPED)
			c->skipped++;
		else {
			c->failed++;
			if (verbose)
				printf("# FAIL %s:%d:%d: %s: %s\n#   %.*s\n", path, st->err_line, st->err_column,
				       chm_errname(st->error), st->message, (int)(st->len > 300 ? 300 : st->len),
				       st->text);
		}
	}
	ddl_result_free(&res);
	ddl_context_free(&ctx);
	strbuf_free(&sb);
}

static void
run_dir(const char *dir, bool grammars_v4, Counts *c)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	int nn = 0;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char path[4096];
		size_t len = strlen(de->d_name);
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (de->d_type == DT_DIR) {
			if (strcmp(de->d_name, "expected") != 0)
				run_dir(path, grammars_v4, c);
			continue;
		}
		if ((len > 4 && strcmp(de->d_name + len - 4, ".sql") == 0) ||
		    (len > 4 && strcmp(de->d_name + len - 4, ".ddl") == 0)) {
			names = realloc(names, sizeof(char *) * (size_t)(nn + 1));
			names[nn++] = strdup(path);
		}
	}
	closedir(d);
	qsort(names, (size_t)nn, sizeof(char *), cmp);
	for (int i = 0; i < nn; i++) {
		run_file(names[i], grammars_v4, c);
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char **argv)
{
	static const char *const corpora[] = {"debezium-ddl", "grammars-v4-mysql",
	                                      "pgloader-mysql-unit", "sakila"};
	const char *root = getenv("CHM_CORPUS_DIR") ? getenv("CHM_CORPUS_DIR") : CHM_CORPUS_DIR;
	DIR *d;

	verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
	d = opendir(root);
	if (d == NULL) {
		printf("# skipped: no public corpus at %s\n", root);
		CHECK(1, "public corpora absent: nothing to run");
		return unit_done();
	}
	closedir(d);
	for (size_t i = 0; i < sizeof(corpora) / sizeof(corpora[0]); i++) {
		char dir[4096];
		Counts c = {0, 0, 0, 0, 0};
		snprintf(dir, sizeof(dir), "%s/%s", root, corpora[i]);
		run_dir(dir, strcmp(corpora[i], "grammars-v4-mysql") == 0, &c);
		printf("# %s: %d files, %d statements: %d translated, %d skipped, %d failed\n", corpora[i],
		       c.files, c.stmts, c.translated, c.skipped, c.failed);
		CHECK(c.files > 0, "%s: %d files translated without a crash", corpora[i], c.files);
	}
	return unit_done();
}
