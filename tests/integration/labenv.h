/*
 * labenv.h — connection settings of the lab (scripts/lab's exports) for the
 * C integration tests.  A test without a lab skips, saying so.
 */
#ifndef CHM_LABENV_H
#define CHM_LABENV_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/config.h"

static inline const char *
labenv(const char *name)
{
	const char *v = getenv(name);
	return v ? v : "";
}

/* Fills a ConnConfig (borrowing the environment's strings) for the lab's
 * MariaDB as the admin user (repl = false) or the replication user. */
static inline int
labenv_mysql(ConnConfig *cc, int repl)
{
	memset(cc, 0, sizeof(*cc));
	if (getenv("CHM_MY_PORT") == NULL)
		return -1;
	cc->host = (char *) labenv("CHM_MY_HOST");
	cc->port = atoi(labenv("CHM_MY_PORT"));
	cc->user = (char *) labenv(repl ? "CHM_MY_REPL_USER" : "CHM_MY_USER");
	cc->password = (char *) labenv(repl ? "CHM_MY_REPL_PASSWORD" : "CHM_MY_PASSWORD");
	cc->connect_timeout = 10;
	return 0;
}

static inline int
labenv_pg(ConnConfig *cc)
{
	memset(cc, 0, sizeof(*cc));
	if (getenv("CHM_PG_PORT") == NULL)
		return -1;
	cc->host = (char *) labenv("CHM_PG_HOST");
	cc->port = atoi(labenv("CHM_PG_PORT"));
	cc->user = (char *) labenv("CHM_PG_USER");
	cc->password = (char *) labenv("CHM_PG_PASSWORD");
	cc->database = (char *) labenv("CHM_PG_DATABASE");
	cc->connect_timeout = 10;
	return 0;
}

#define LABENV_REQUIRE()                                                       \
	do {                                                                       \
		if (getenv("CHM_MY_PORT") == NULL || getenv("CHM_PG_PORT") == NULL) {  \
			printf("1..0 # SKIP no lab (run through scripts/test)\n");         \
			return 0;                                                          \
		}                                                                      \
	} while (0)

#endif
