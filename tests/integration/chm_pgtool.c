/*
 * chm_pgtool.c — drives the pg area (catalog, log writer, replay driver)
 * from the integration tests, without MySQL and without a configuration
 * file: the connection comes from CHM_PG_HOST/PORT/USER/PASSWORD/DATABASE.
 *
 *   chm_pgtool create | drop | upgrade | open | version
 *   chm_pgtool add SOURCE [FROM:TO ...] | dropsrc SOURCE | show [--json]
 *   chm_pgtool write SOURCE < EVENTS      (format below)
 *   chm_pgtool coords SOURCE              the resume coordinates
 *   chm_pgtool replay SOURCE MAX_ROWS exit|continue [RETENTION]   until caught up
 *   chm_pgtool step SOURCE MAX_ROWS exit|continue                 one call
 *
 * EVENTS: one per line, tab-separated:
 *   BEGIN file pos [gtid] | COMMIT file pos [gtid] | ABORT
 *   XID n        the source XID of the events that follow (0: each event its own)
 *   I|U|D schema table file pos epoch after-json before-json   ("-" = none)
 *   Q schema table file pos epoch query
 * A test tool, not a product: it exits 1 with the logged reason on failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/strbuf.h"
#include "pg/pg.h"
#include "pg/show.h"

static int
split(char *line, char **f, int max)
{
	int n = 0;
	char *p = line;

	while (n < max) {
		f[n++] = p;
		p = strchr(p, '\t');
		if (p == NULL)
			break;
		*p++ = '\0';
	}
	return n;
}

static int
cmd_write(PGconn *conn, const char *source)
{
	LogWriter *w;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc, lineno = 0;
	uint64_t xid = 0;

	if ((rc = pg_log_writer_open(conn, source, &w)) != 0)
		return rc;
	while ((len = getline(&line, &cap, stdin)) > 0) {
		char *f[9];
		int n;
		lineno++;
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (len == 0)
			continue;
		n = split(line, f, 9);
		if (strcmp(f[0], "BEGIN") == 0 || strcmp(f[0], "COMMIT") == 0) {
			BinlogCoord c;
			memset(&c, 0, sizeof(c));
			if (n > 1)
				(void)coord_set(&c, f[1], n > 2 ? strtoull(f[2], NULL, 10) : 0);
			if (n > 3)
				snprintf(c.gtid, sizeof(c.gtid), "%s", f[3]);
			rc = f[0][0] == 'B' ? pg_log_begin_batch(w, &c) : pg_log_commit_batch(w, &c, false);
		} else if (strcmp(f[0], "XID") == 0 && n > 1) {
			xid = strtoull(f[1], NULL, 10);
			rc = 0;
		} else if (strcmp(f[0], "ABORT") == 0) {
			pg_log_abort_batch(w);
			rc = 0;
		} else if (n >= 7 &&
		           (f[0][0] == 'I' || f[0][0] == 'U' || f[0][0] == 'D' || f[0][0] == 'Q')) {
			LogEvent ev;
			memset(&ev, 0, sizeof(ev));
			ev.kind = f[0][0] == 'I'   ? LOG_EVENT_INSERT
			          : f[0][0] == 'U' ? LOG_EVENT_UPDATE
			          : f[0][0] == 'D' ? LOG_EVENT_DELETE
			                           : LOG_EVENT_DDL;
			ev.schema = f[1];
			ev.table = f[2];
			ev.binlog_file = f[3];
			ev.binlog_pos = strtoull(f[4], NULL, 10);
			ev.commit_time = strtoll(f[5], NULL, 10);
			ev.xid = xid != 0 ? xid : (uint64_t)lineno;
			if (ev.kind == LOG_EVENT_DDL) {
				ev.query = f[6];
				ev.query_len = strlen(f[6]);
			} else {
				if (strcmp(f[6], "-") != 0) {
					ev.after = f[6];
					ev.after_len = strlen(f[6]);
				}
				if (n > 7 && strcmp(f[7], "-") != 0) {
					ev.before = f[7];
					ev.before_len = strlen(f[7]);
				}
			}
			rc = pg_log_append(w, &ev);
		} else {
			chm_log(LOG_ERROR, "stdin:%d: cannot read this event line", lineno);
			rc = CHM_ESYNTAX;
		}
		if (rc != 0)
			break;
	}
	free(line);
	pg_log_writer_close(w);
	return rc;
}

static int
cmd_replay(PGconn *conn, const char *source, int max_rows, const char *policy,
           const char *retention, bool loop)
{
	ReplayResult r, total;
	int rc, calls = 0;

	memset(&total, 0, sizeof(total));
	do {
		rc = pg_replay_step(conn, source, max_rows,
		                    strcmp(policy, "continue") == 0 ? ON_ERROR_CONTINUE : ON_ERROR_EXIT,
		                    retention, &r);
		if (rc != 0)
			return rc;
		calls++;
		total.applied += r.applied;
		total.skipped += r.skipped;
		total.ddl += r.ddl;
		total.errors += r.errors;
	} while (loop && r.more);
	printf("applied=%lld skipped=%lld ddl=%lld errors=%lld calls=%d\n", (long long)total.applied,
	       (long long)total.skipped, (long long)total.ddl, (long long)total.errors, calls);
	return 0;
}

int
main(int argc, char **argv)
{
	ConnConfig cc;
	PGconn *conn;
	const char *cmd;
	int rc = 0, version;

	if (argc < 2) {
		fprintf(stderr, "usage: chm_pgtool COMMAND [ARGS] (see the source)\n");
		return 2;
	}
	cmd = argv[1];
	memset(&cc, 0, sizeof(cc));
	cc.host = getenv("CHM_PG_HOST");
	cc.port = getenv("CHM_PG_PORT") ? atoi(getenv("CHM_PG_PORT")) : 0;
	cc.user = getenv("CHM_PG_USER");
	cc.password = getenv("CHM_PG_PASSWORD");
	cc.database = getenv("CHM_PG_DATABASE");
	if (pg_connect(&cc, "chm_pgtool", &conn) != 0)
		return 1;

	if (strcmp(cmd, "create") == 0) {
		rc = pg_catalog_create(conn);
	} else if (strcmp(cmd, "drop") == 0) {
		bool existed;
		rc = pg_catalog_drop(conn, &existed);
		if (rc == 0)
			printf("%s\n", existed ? "dropped" : "absent");
	} else if (strcmp(cmd, "upgrade") == 0) {
		int from;
		rc = pg_catalog_upgrade(conn, &from);
		if (rc == 0)
			printf("from %d to %d\n", from, PG_CATALOG_VERSION);
	} else if (strcmp(cmd, "open") == 0) {
		rc = pg_catalog_open(conn);
	} else if (strcmp(cmd, "version") == 0) {
		rc = pg_catalog_version(conn, &version);
		if (rc == 0)
			printf("%d\n", version);
	} else if (strcmp(cmd, "add") == 0 && argc >= 3) {
		SourceConfig src;
		memset(&src, 0, sizeof(src));
		src.name = argv[2];
		src.schema_mappings.n = argc - 3;
		src.schema_mappings.keys = chm_calloc((size_t)argc, sizeof(char *));
		src.schema_mappings.values = chm_calloc((size_t)argc, sizeof(char *));
		for (int i = 3; i < argc; i++) {
			char *colon = strchr(argv[i], ':');
			if (colon == NULL)
				return 2;
			*colon = '\0';
			src.schema_mappings.keys[i - 3] = argv[i];
			src.schema_mappings.values[i - 3] = colon + 1;
		}
		rc = pg_catalog_open(conn);
		if (rc == 0)
			rc = pg_source_add(conn, &src);
		free(src.schema_mappings.keys);
		free(src.schema_mappings.values);
	} else if (strcmp(cmd, "dropsrc") == 0 && argc >= 3) {
		bool found;
		rc = pg_catalog_open(conn);
		if (rc == 0)
			rc = pg_source_drop(conn, argv[2], &found);
		if (rc == 0)
			printf("%s\n", found ? "dropped" : "absent");
	} else if (strcmp(cmd, "show") == 0) {
		rc = pg_catalog_open(conn);
		if (rc == 0)
			rc = pg_show_sources(conn, argc > 2 && strcmp(argv[2], "--json") == 0, stdout);
	} else if (strcmp(cmd, "write") == 0 && argc >= 3) {
		rc = pg_catalog_open(conn);
		if (rc == 0)
			rc = cmd_write(conn, argv[2]);
	} else if (strcmp(cmd, "coords") == 0 && argc >= 3) {
		char *file, *gtid;
		uint64_t pos;
		rc = pg_log_last_coords(conn, argv[2], &file, &pos, &gtid);
		if (rc == 0)
			printf("%s %llu %s\n", file ? file : "-", (unsigned long long)pos, gtid ? gtid : "-");
		free(file);
		free(gtid);
	} else if ((strcmp(cmd, "replay") == 0 || strcmp(cmd, "step") == 0) && argc >= 5) {
		rc = pg_catalog_open(conn);
		if (rc == 0)
			rc = cmd_replay(conn, argv[2], atoi(argv[3]), argv[4], argc > 5 ? argv[5] : NULL,
			                strcmp(cmd, "replay") == 0);
	} else {
		fprintf(stderr, "chm_pgtool: unknown command or missing arguments: %s\n", cmd);
		rc = CHM_EUSAGE;
	}
	pg_disconnect(conn);
	return rc == 0 ? 0 : (rc == CHM_EUSAGE ? 2 : 1);
}
