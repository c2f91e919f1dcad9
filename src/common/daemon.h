/*
 * daemon.h — signals, pid files and detaching, for long-running commands.
 *
 * Signal handlers only set flags; the main loops read them and finish the
 * transaction at hand before they stop.  A pid file is locked (flock) for
 * as long as its process runs: the lock, not the file's existence, says
 * whether the process is alive, so a stale file after a crash is harmless.
 */
#ifndef CHM_DAEMON_H
#define CHM_DAEMON_H

#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <sys/stat.h>
#include <stdbool.h>
#include <sys/types.h>

#include "common/error.h"

/* Set by SIGINT and SIGTERM: stop after the current transaction. */
extern volatile sig_atomic_t chm_stop_requested;
/* Set by SIGHUP: reopen the log file.  SIGHUP never stops chameleon. */
extern volatile sig_atomic_t chm_reopen_requested;

/*
 * Installs the flag-setting handlers for SIGINT, SIGTERM and SIGHUP, and
 * ignores SIGPIPE.  SIGHUP restarts interrupted calls: unlike a stop, it
 * has nothing to wake.
 */
void chm_signals_install(void);

/*
 * Acts on the flags that do not mean stopping (SIGHUP: chm_log_reopen).
 * For a main loop; never from a handler.
 */
void chm_signals_serve(void);

/*
 * Blocks (block true) or unblocks SIGHUP in the calling thread, and so in
 * the threads it creates meanwhile: worker threads never see SIGHUP, so
 * their blocking calls are never interrupted by one; the main thread,
 * unblocked again, takes it and serves it.
 */
void chm_signals_block_hup(bool block);

/* pthread_join(t) that serves the signal flags (chm_signals_serve) while it waits. */
void chm_join_serving_signals(pthread_t t);

/*
 * Opens the file at path (what: "log", "pid") with flags, O_CLOEXEC and
 * O_NOFOLLOW (mode 0640 when O_CREAT creates it), and fills *st: never
 * through a symbolic link, only a regular file, only in a directory that
 * group and others cannot write (they could replace the file).  Returns
 * the descriptor, or -1 with why in err (size n), naming the file or the
 * directory, and errno ENOENT when the file does not exist.  Logs nothing:
 * the log's own rotation calls it.
 */
int daemon_open_file(const char *path, const char *what, int flags, struct stat *st, char *err,
                     size_t n) CHM_MUSTCHECK;

/*
 * Creates (or takes over a stale) pid file at path, locks it and writes
 * the calling process's pid.  CHM_ESTATE when another live process holds
 * it (its pid is logged).  *fd stays open, holding the lock, until exit.
 * The file is never opened through a symbolic link, nor in a directory
 * group or others may write (CHM_EIO, logged); pidfile_running refuses
 * them too, so a pid written by someone else is never signalled.
 */
int pidfile_acquire(const char *path, int *fd) CHM_MUSTCHECK;

/*
 * The pid of the live process holding the pid file at path: CHM_ENOTFOUND
 * when there is no file or nobody holds its lock (the process is gone),
 * CHM_EIO (logged) when the file is refused (see pidfile_acquire).
 */
int pidfile_running(const char *path, pid_t *pid) CHM_MUSTCHECK;

/* Removes the pid file; called by its holder on a clean exit. */
void pidfile_release(const char *path, int fd);

/*
 * Detaches: forks twice, starts a new session, changes to /, sends stdin,
 * stdout and stderr to /dev/null (logs go to the log file).  Returns in
 * the daemon only; the parent exits 0 once the daemon calls
 * daemon_ready(true), or 1 when it calls daemon_ready(false) or exits
 * before, so the caller of start-replica learns the outcome; on failure
 * the parent prints the daemon's last error message (chm_log_last_error).
 */
int daemon_detach(void) CHM_MUSTCHECK;

/*
 * Tells the waiting parent whether the daemon started (ok) or not; the
 * first call counts.  Does nothing in a process that did not detach, so
 * code that runs both in the foreground and as a daemon calls it as is.
 */
void daemon_ready(bool ok);

#endif
