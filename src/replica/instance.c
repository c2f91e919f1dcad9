/*
 * instance.c — pid and log file paths of a source's replica.
 */
#include "replica/instance.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "common/daemon.h"
#include "common/log.h"

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
