/*
 * instance.c — pid and log file paths of a source's replica, and what its
 * target database offers (pgvector).
 */
#include "replica/instance.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "common/daemon.h"
#include "common/log.h"
#include "pg/pg.h"

/* instance_read_target's answer: written once, before the threads that read it */
static char *vector_type;
static bool target_read;

/* mkdir -p, mode 0750: logs and pid files are nobody else's business. */
static int
make_dirs(const char *dir)
{
	char path[4096];
	size_t n = strlen(dir);

	if (n == 0 || n >= sizeof(path))
		return CHM_EIO;
	memcpy(path, dir, n + 1);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0750) != 0 && errno != EEXIST)
			goto fail;
		*p = '/';
	}
	if (mkdir(path, 0750) != 0 && errno != EEXIST)
		goto fail;
	return 0;
fail:
	chm_log(LOG_ERROR, "could not create directory \"%s\": %s", path, strerror(errno));
	return CHM_EIO;
}

static int
file_in(const char *dir, const char *name, const char *suffix, char *buf, size_t n)
{
	int rc = make_dirs(dir);
	if (rc != 0)
		return rc;
	if ((size_t) snprintf(buf, n, "%s%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name, suffix) >= n) {
		chm_log(LOG_ERROR, "path under \"%s\" is too long", dir);
		return CHM_ERANGE;
	}
	return 0;
}

int
instance_pid_path(const Config *cfg, const SourceConfig *src, char *buf, size_t n)
{
	return file_in(cfg->pid_dir, src->name, ".pid", buf, n);
}

int
instance_log_path(const Config *cfg, const SourceConfig *src, char *buf, size_t n)
{
	return file_in(cfg->log_dir, src->name, ".log", buf, n);
}

int
instance_lock(const Config *cfg, const SourceConfig *src, int *fd)
{
	char path[4096];
	int rc = instance_pid_path(cfg, src, path, sizeof(path));
	if (rc != 0)
		return rc;
	rc = pidfile_acquire(path, fd);
	if (rc == CHM_ESTATE)
		chm_log(LOG_ERROR, "a replica of source \"%s\" is already running: stop it with stop-replica", src->name);
	return rc;
}

void
instance_unlock(const Config *cfg, const SourceConfig *src, int fd)
{
	char path[4096];
	if (instance_pid_path(cfg, src, path, sizeof(path)) == 0)
		pidfile_release(path, fd);
}

int
instance_read_target(PGconn *pg)
{
	PGresult *res;
	int rc;

	if (target_read)
		return 0;
	rc = pg_exec_params(
	    pg,
	    "SELECT (SELECT format('%I.%I', n.nspname, t.typname) FROM pg_catalog.pg_extension x "
	    "JOIN pg_catalog.pg_depend d ON d.refobjid = x.oid AND d.deptype = 'e' "
	    "AND d.classid = 'pg_catalog.pg_type'::regclass "
	    "JOIN pg_catalog.pg_type t ON t.oid = d.objid AND t.typname = 'vector' "
	    "JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE x.extname = 'vector'), "
	    "EXISTS (SELECT 1 FROM pg_catalog.pg_available_extensions WHERE name = 'vector')",
	    0, NULL, &res, "read whether pgvector is installed");
	if (rc != 0)
		return rc;
	if (!PQgetisnull(res, 0, 0)) {
		vector_type = strdup(PQgetvalue(res, 0, 0));
		chm_log(LOG_DEBUG, "target database: pgvector's type is %s", vector_type);
	} else if (strcmp(PQgetvalue(res, 0, 1), "t") == 0) {
		chm_log(LOG_INFO, "pgvector is available to the target database but not installed: "
		                  "VECTOR columns become real[] (CREATE EXTENSION vector to get vector)");
	}
	PQclear(res);
	target_read = true;
	return 0;
}

const char *
instance_vector_type(void)
{
	return vector_type;
}
