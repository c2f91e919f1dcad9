/*
 * chm_pgname.c — PostgreSQL's name for each MySQL name, as chameleon
 * writes it (common/pgname.h: a name of more than 63 bytes is cut, with a
 * hash suffix).
 *
 *   chm_pgname < NAMES      one name a line in, its PostgreSQL name a line out
 *
 * The catalog comparison of the DDL tests (ddl-compare.sh) pairs a source
 * name with the name chameleon gives it through this program, so that the
 * rule is the one linked into the binary, never a second copy of it.  Not
 * for index names (the comparison pairs indexes by their columns).  A
 * test tool, not a product: no options, exit 1 when stdin fails.
 */
#include <stdio.h>
#include <stdlib.h>

#include "common/pgname.h"

int
main(void)
{
	char *line = NULL, buf[CHM_PG_NAME_MAX + 1];
	size_t cap = 0;
	ssize_t len;
	int rc = 0;

	while ((len = getline(&line, &cap, stdin)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		puts(chm_pg_name(line, buf));
	}
	if (ferror(stdin)) {
		perror("chm_pgname: stdin");
		rc = 1;
	}
	free(line);
	return rc;
}
