/*
 * log.c — leveled logging.  One line per call, written with a single
 * write so lines of the reader and replay threads never interleave.
 */
#include "common/log.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

LogLevel chm_log_level = LOG_INFO;

static int log_fd = STDERR_FILENO;
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

int
chm_log_open(const char *path)
{
	int fd = STDERR_FILENO;

	if (path != NULL) {
		fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
		if (fd < 0) {
			chm_log(LOG_ERROR, "could not open log file \"%s\": %s", path, strerror(errno));
			return CHM_EIO;
		}
	}
	pthread_mutex_lock(&log_lock);
	if (log_fd != STDERR_FILENO)
		close(log_fd);
	log_fd = fd;
	pthread_mutex_unlock(&log_lock);
	return 0;
}

void
chm_log_close(void)
{
	pthread_mutex_lock(&log_lock);
	if (log_fd != STDERR_FILENO)
		close(log_fd);
	log_fd = STDERR_FILENO;
	pthread_mutex_unlock(&log_lock);
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
	line[n++] = '\n';

	pthread_mutex_lock(&log_lock);
	{
		const char *p = line;
		while (n > 0) {
			ssize_t w = write(log_fd, p, n);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			p += w;
			n -= (size_t)w;
		}
	}
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
