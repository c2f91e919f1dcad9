/*
 * log.c — leveled logging.  One line per call, written with a single
 * write so lines of the reader and replay threads never interleave.
 *
 * The log file is opened without following a symbolic link, in a
 * directory only its owner may write (daemon_open_file), so nobody else can
 * point it at another file.  It is reopened on request (SIGHUP, after
 * logrotate moved it: chm_log_reopen) and, with chm_log_set_rotation,
 * rotated daily by the writer itself the way pg_chameleon's
 * TimedRotatingFileHandler does: the first line of a new day (UTC, as the
 * timestamps) renames the file to FILE.YYYY-MM-DD and removes the oldest
 * such files beyond the number to keep.
 */
#include "common/log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "common/daemon.h"
#include "common/strbuf.h"

LogLevel chm_log_level = LOG_INFO;

/* All under log_lock. */
static int log_fd = STDERR_FILENO;
static char log_path[4096]; /* "" while logging to stderr */
static int log_keep;        /* rotated files kept; 0: no rotation */
static long log_day;        /* UTC day (since the epoch) of the file's lines */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static __thread char last_error[1024];
static __thread LogContextFn ctx_fn;
static __thread void *ctx_arg;

static const char *const level_names[] = {"debug", "info", "notice", "warning", "error", "fatal"};

const char *
chm_log_level_name(LogLevel level)
{
	if (level < LOG_DEBUG || level > LOG_FATAL)
		return "?";
	return level_names[level];
}

int
chm_log_level_parse(const char *name)
{
	for (int i = LOG_DEBUG; i <= LOG_FATAL; i++)
		if (strcasecmp(name, level_names[i]) == 0)
			return i;
	if (strcasecmp(name, "warn") == 0)
		return LOG_WARNING;
	if (strcasecmp(name, "critical") == 0)
		return LOG_FATAL;
	return -1;
}

const char *
chm_log_last_error(void)
{
	return last_error;
}

void
chm_log_set_context(LogContextFn fn, void *arg)
{
	ctx_fn = fn;
	ctx_arg = arg;
}

static long
utc_day(time_t t)
{
	return (long)(t / 86400);
}

/*
 * Opens the log file at path for appending, safely (see the top); *day is
 * the day of its last line (its change time when it has any), today when
 * it is new.  On failure writes why into err (size n): it logs nothing,
 * since the rotation calls it holding log_lock.
 */
static int
open_log_file(const char *path, int *fd, long *day, char *err, size_t n)
{
	struct stat st;
	int f = daemon_open_file(path, "log", O_WRONLY | O_CREAT | O_APPEND, &st, err, n);

	if (f < 0)
		return CHM_EIO;
	*day = utc_day(st.st_size > 0 ? st.st_mtime : time(NULL));
	*fd = f;
	return 0;
}

int
chm_log_open(const char *path)
{
	int fd = STDERR_FILENO;
	long day = 0;
	char err[4400];

	if (path != NULL) {
		if (strlen(path) >= sizeof(log_path)) {
			chm_log(LOG_ERROR, "log file path \"%s\" is too long", path);
			return CHM_EIO;
		}
		if (open_log_file(path, &fd, &day, err, sizeof(err)) != 0) {
			chm_log(LOG_ERROR, "%s", err);
			return CHM_EIO;
		}
	}
	pthread_mutex_lock(&log_lock);
	if (log_fd != STDERR_FILENO)
		close(log_fd);
	log_fd = fd;
	log_day = day;
	snprintf(log_path, sizeof(log_path), "%s", path ? path : "");
	pthread_mutex_unlock(&log_lock);
	return 0;
}

int
chm_log_reopen(void)
{
	char path[sizeof(log_path)], err[4400];
	int fd;
	long day;

	pthread_mutex_lock(&log_lock);
	memcpy(path, log_path, sizeof(path));
	pthread_mutex_unlock(&log_lock);
	if (path[0] == '\0')
		return 0;
	chm_log(LOG_INFO, "reopening log file \"%s\"", path);
	if (open_log_file(path, &fd, &day, err, sizeof(err)) != 0) {
		chm_log(LOG_ERROR, "%s; logging goes on to the file opened before", err);
		return CHM_EIO;
	}
	pthread_mutex_lock(&log_lock);
	close(log_fd);
	log_fd = fd;
	log_day = day;
	pthread_mutex_unlock(&log_lock);
	chm_log(LOG_INFO, "log file \"%s\" reopened", path);
	return 0;
}

void
chm_log_set_rotation(int keep)
{
	pthread_mutex_lock(&log_lock);
	log_keep = keep > 0 ? keep : 0;
	pthread_mutex_unlock(&log_lock);
}

void
chm_log_close(void)
{
	pthread_mutex_lock(&log_lock);
	if (log_fd != STDERR_FILENO)
		close(log_fd);
	log_fd = STDERR_FILENO;
	log_path[0] = '\0';
	pthread_mutex_unlock(&log_lock);
}

static void
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		p += w;
		n -= (size_t)w;
	}
}

/* A line about the logging itself, written while log_lock is held (chm_log would wait on it). */
static void
write_note_locked(const char *level, const char *msg)
{
	char line[4600];
	int n = snprintf(line, sizeof(line), "%s: %s\n", level, msg);

	write_all(log_fd, line, n > 0 && (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* FILE.YYYY-MM-DD: a file the rotation made from base (FILE's last component). */
static bool
is_rotated(const char *name, const char *base, size_t base_len)
{
	static const char shape[] = "9999-99-99";
	const char *d = name + base_len + 1;

	if (strncmp(name, base, base_len) != 0 || name[base_len] != '.' ||
	    strlen(d) != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == '9' ? (d[i] < '0' || d[i] > '9') : d[i] != shape[i])
			return false;
	return true;
}

/* Removes the oldest rotated files beyond log_keep.  Holds log_lock. */
static void
remove_old_locked(void)
{
	char dir[sizeof(log_path)], msg[4600];
	const char *slash = strrchr(log_path, '/');
	const char *base = slash ? slash + 1 : log_path;
	size_t base_len = strlen(base);
	char **names = NULL;
	int n = 0, cap = 0;
	struct dirent *e;
	DIR *d;

	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - log_path) + 1, log_path);
	if ((d = opendir(dir)) == NULL) {
		snprintf(msg, sizeof(msg), "could not list log directory \"%s\": %s", dir, strerror(errno));
		write_note_locked("warning", msg);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (!is_rotated(e->d_name, base, base_len))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = chm_realloc(names, (size_t)cap * sizeof(char *));
		}
		names[n++] = chm_strdup(e->d_name);
	}
	/* the dates sort as text: the oldest come first */
	qsort(names, (size_t)n, sizeof(char *), cmp_names);
	for (int i = 0; i < n; i++) {
		if (i < n - log_keep && unlinkat(dirfd(d), names[i], 0) != 0) {
			snprintf(msg, sizeof(msg), "could not remove old log file \"%s%s\": %s", dir, names[i],
			         strerror(errno));
			write_note_locked("warning", msg);
		}
		free(names[i]);
	}
	free(names);
	closedir(d);
}

/*
 * The first line of a new day: FILE becomes FILE.<the day of its lines>,
 * a new FILE is opened, and the oldest rotated files beyond log_keep go.
 * A failure is written to the log and the lines go on to the current file.
 * Holds log_lock.
 */
static void
rotate_locked(long today)
{
	char to[sizeof(log_path) + 40], msg[4600]; /* room for any int the compiler imagines */
	time_t t = (time_t)log_day * 86400;
	struct tm tm;
	struct stat st;
	long day;
	int fd;

	gmtime_r(&t, &tm);
	snprintf(to, sizeof(to), "%s.%04d-%02d-%02d", log_path, tm.tm_year + 1900, tm.tm_mon + 1,
	         tm.tm_mday);
	log_day = today; /* whatever happens: one try a day */
	if (lstat(to, &st) == 0) {
		snprintf(msg, sizeof(msg), "log file \"%s\" not rotated: \"%s\" exists already", log_path,
		         to);
		write_note_locked("warning", msg);
		return;
	}
	if (rename(log_path, to) != 0) {
		snprintf(msg, sizeof(msg), "could not rotate log file \"%s\" to \"%s\": %s", log_path, to,
		         strerror(errno));
		write_note_locked("warning", msg);
		return;
	}
	if (open_log_file(log_path, &fd, &day, msg, sizeof(msg)) != 0) {
		write_note_locked("error", msg);
		return;
	}
	close(log_fd);
	log_fd = fd;
	remove_old_locked();
}

void
chm_log_vwrite(LogLevel level, const char *fmt, va_list ap)
{
	char line[4096];
	char ctx[256] = "";
	size_t n = 0;
	int r;

	if (ctx_fn != NULL)
		ctx_fn(ctx_arg, ctx, sizeof(ctx));

	/* Timestamps only in files: on a terminal they are noise. */
	if (log_fd != STDERR_FILENO) {
		struct timeval tv;
		struct tm tm;
		gettimeofday(&tv, NULL);
		gmtime_r(&tv.tv_sec, &tm);
		n = strftime(line, sizeof(line), "%Y-%m-%d %H:%M:%S", &tm);
		r = snprintf(line + n, sizeof(line) - n, ".%03dZ ", (int)(tv.tv_usec / 1000));
		n += r > 0 ? (size_t)r : 0;
	}
	r = snprintf(line + n, sizeof(line) - n, "%s: %s%s", chm_log_level_name(level), ctx,
	             ctx[0] ? ": " : "");
	n += r > 0 ? (size_t)r : 0;
	if (n < sizeof(line)) {
		size_t msg = n;
		r = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
		n += r > 0 ? (size_t)r : 0;
		if (level >= LOG_ERROR)
			snprintf(last_error, sizeof(last_error), "%s", line + msg);
	}
	if (n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	/* one event, one line: a name or message from the source holding a
	 * line break or a terminal escape must not forge or hide lines */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)line[i];
		if (c == '\n' || c == '\r')
			line[i] = ' ';
		else if ((c < 0x20 && c != '\t') || c == 0x7f)
			line[i] = '?';
	}
	line[n++] = '\n';

	pthread_mutex_lock(&log_lock);
	if (log_keep > 0 && log_path[0] != '\0') {
		long today = utc_day(time(NULL));
		if (today > log_day)
			rotate_locked(today);
	}
	write_all(log_fd, line, n);
	pthread_mutex_unlock(&log_lock);
}

void
chm_log_write(LogLevel level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	chm_log_vwrite(level, fmt, ap);
	va_end(ap);
}
