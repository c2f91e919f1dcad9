/*
 * log.h — leveled logging to stderr or a file.
 *
 * stdout belongs to a command's output; every log line goes to stderr or to
 * the log file.  Below the current level nothing is formatted.  A context
 * prefix (source, binlog position, table) comes from a callback that the
 * running component installs, per thread.
 */
#ifndef CHM_LOG_H
#define CHM_LOG_H

#include <stdarg.h>
#include <stddef.h>

#include "common/error.h"

typedef enum LogLevel {
	LOG_DEBUG = 0,
	LOG_INFO,
	LOG_NOTICE,
	LOG_WARNING,
	LOG_ERROR,
	LOG_FATAL,
} LogLevel;

extern LogLevel chm_log_level;

/* Writes into buf (size n) the context prefix of the calling thread. */
typedef void (*LogContextFn)(void *arg, char *buf, size_t n);

#define chm_log(level, ...)                                                                        \
	do {                                                                                           \
		if ((level) >= chm_log_level)                                                              \
			chm_log_write((level), __VA_ARGS__);                                                   \
	} while (0)

void chm_log_write(LogLevel level, const char *fmt, ...) CHM_PRINTF(2, 3);
void chm_log_vwrite(LogLevel level, const char *fmt, va_list ap) CHM_PRINTF(2, 0);

/* Parses "debug", "info", ... ("warning" and "warn" both); -1 if unknown. */
int chm_log_level_parse(const char *name);
const char *chm_log_level_name(LogLevel level);

/*
 * Sends log lines to the file at path (appending), or back to stderr when
 * path is NULL.  The file must not be a symbolic link and its directory
 * must not be writable by group or others (someone else could swap the
 * file).  Returns 0 or CHM_EIO (logged), and then logging stays where it was.
 */
int chm_log_open(const char *path) CHM_MUSTCHECK;
void chm_log_close(void);

/*
 * Opens the log file's path again, after logrotate (or anyone) renamed
 * it: lines go on to a new file of that name.  Nothing when logging goes to
 * stderr.  On failure (logged) lines go on to the file opened before.  Not
 * for a signal handler: SIGHUP sets a flag, the main loop calls this.
 */
int chm_log_reopen(void);

/*
 * Rotates the log file daily, as pg_chameleon does: the first line of a
 * new UTC day renames FILE to FILE.YYYY-MM-DD (the day of its lines) and
 * removes the oldest such files beyond keep.  keep 0 (the default): no
 * rotation, for logrotate with SIGHUP.
 */
void chm_log_set_rotation(int keep);

/*
 * The message of the calling thread's most recent ERROR or FATAL line (no
 * level, no context prefix), "" when there was none.  A component that
 * stops on an error reports this specific text (a binlog position, a
 * server's answer) where it would otherwise only have an error code.
 */
const char *chm_log_last_error(void);

/* Installs the calling thread's context callback; NULL removes it. */
void chm_log_set_context(LogContextFn fn, void *arg);

#endif
