/*
 * daemon.c — signals as flags, flock'ed pid files, the double fork.
 */
#include "common/daemon.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"

volatile sig_atomic_t chm_stop_requested;
volatile sig_atomic_t chm_reopen_requested;

/* The write end of the pipe the start-replica parent waits on; -1 when not detached. */
static int ready_fd = -1;

static void
on_stop(int sig)
{
	(void)sig;
	chm_stop_requested = 1;
}

static void
on_hup(int sig)
{
	(void)sig;
	chm_reopen_requested = 1;
}

void
chm_signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a blocking read returns EINTR and the loop looks at the flag. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* SIGHUP's default is to terminate: a daemon whose catalog says
	 * "running" would vanish without a word at the first logrotate. */
	sa.sa_handler = on_hup;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sa.sa_flags = 0;
	sigaction(SIGPIPE, &sa, NULL);
}

void
chm_signals_serve(void)
{
	if (chm_reopen_requested) {
		chm_reopen_requested = 0;
		chm_log(LOG_INFO, "SIGHUP received");
		(void)chm_log_reopen(); /* a failure is logged, and lines go on to the old file */
	}
}

void
chm_signals_block_hup(bool block)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(block ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

void
chm_join_serving_signals(pthread_t t)
{
	for (;;) {
		struct timespec until;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 200 * 1000 * 1000;
		if (until.tv_nsec >= 1000 * 1000 * 1000) {
			until.tv_sec++;
			until.tv_nsec -= 1000 * 1000 * 1000;
		}
		if (pthread_timedjoin_np(t, NULL, &until) != ETIMEDOUT)
			return;
		chm_signals_serve();
	}
}

/* The directory of the file at path is not writable by group or others; else why in err. */
static int
check_dir(const char *path, const char *what, char *err, size_t n)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	struct stat st;

	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	if (stat(dir, &st) != 0) {
		snprintf(err, n, "could not check %s directory \"%s\": %s", what, dir, strerror(errno));
		return CHM_EIO;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(err, n,
		         "%s directory \"%s\" is writable by group or others (mode %04o): they could "
		         "replace its files; chmod go-w it or choose another %s_dir",
		         what, dir, (unsigned)(st.st_mode & 07777), what);
		return CHM_EIO;
	}
	return 0;
}

int
daemon_open_file(const char *path, const char *what, int flags, struct stat *st, char *err,
                 size_t n)
{
	int f;

	if (check_dir(path, what, err, n) != 0)
		return -1;
	f = open(path, flags | O_CLOEXEC | O_NOFOLLOW, 0640);
	if (f < 0) {
		int e = errno;
		if (e == ELOOP)
			snprintf(err, n,
			         "%s file \"%s\" is a symbolic link: chameleon does not follow one there", what,
			         path);
		else
			snprintf(err, n, "could not open %s file \"%s\": %s", what, path, strerror(e));
		errno = e;
		return -1;
	}
	if (fstat(f, st) != 0 || !S_ISREG(st->st_mode)) {
		snprintf(err, n, "%s file \"%s\" is not a regular file", what, path);
		close(f);
		errno = EINVAL;
		return -1;
	}
	return f;
}

/*
 * Opens a pid file (see pidfile_acquire) into *fd.  CHM_ENOTFOUND, not
 * logged, when missing_ok and there is no file; CHM_EIO, logged, when it
 * cannot or must not be opened.
 */
static int
open_pidfile(const char *path, int flags, bool missing_ok, int *fd)
{
	char err[4400];
	struct stat st;

	if (missing_ok && lstat(path, &st) != 0 && errno == ENOENT)
		return CHM_ENOTFOUND;
	if ((*fd = daemon_open_file(path, "pid", flags, &st, err, sizeof(err))) >= 0)
		return 0;
	if (errno == ENOENT && missing_ok)
		return CHM_ENOTFOUND;
	chm_log(LOG_ERROR, "%s", err);
	return CHM_EIO;
}

int
pidfile_acquire(const char *path, int *fd)
{
	char buf[32];
	int f = -1, rc = open_pidfile(path, O_RDWR | O_CREAT, false, &f);

	if (rc != 0)
		return rc;
	if (flock(f, LOCK_EX | LOCK_NB) != 0) {
		ssize_t n = pread(f, buf, sizeof(buf) - 1, 0);
		buf[n > 0 ? n : 0] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		chm_log(LOG_ERROR, "another process (pid %s) holds pid file \"%s\": it is already running",
		        buf, path);
		close(f);
		return CHM_ESTATE;
	}
	int n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(f, 0) != 0 || pwrite(f, buf, (size_t)n, 0) != n) {
		chm_log(LOG_ERROR, "could not write pid file \"%s\": %s", path, strerror(errno));
		close(f);
		return CHM_EIO;
	}
	*fd = f;
	return 0;
}

int
pidfile_running(const char *path, pid_t *pid)
{
	char buf[32];
	int f = -1, rc = open_pidfile(path, O_RDONLY, true, &f);

	if (rc != 0)
		return rc;
	rc = CHM_ENOTFOUND;
	if (flock(f, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
		ssize_t n = pread(f, buf, sizeof(buf) - 1, 0);
		buf[n > 0 ? n : 0] = '\0';
		*pid = (pid_t)strtol(buf, NULL, 10);
		rc = *pid > 0 ? 0 : CHM_ENOTFOUND;
	}
	close(f);
	return rc;
}

void
pidfile_release(const char *path, int fd)
{
	unlink(path);
	close(fd);
}

int
daemon_detach(void)
{
	int pipefd[2];
	pid_t pid;
	char ok = 0;

	if (pipe(pipefd) != 0) {
		chm_log(LOG_ERROR, "could not create a pipe: %s", strerror(errno));
		return CHM_EIO;
	}
	pid = fork();
	if (pid < 0) {
		chm_log(LOG_ERROR, "could not fork: %s", strerror(errno));
		return CHM_EIO;
	}
	if (pid > 0) {
		/* The caller's process: wait for the daemon's word, then exit. */
		close(pipefd[1]);
		ssize_t n = read(pipefd[0], &ok, 1);
		if (n == 1 && ok == 1)
			_exit(0);
		/* The daemon's reason follows its "failed" byte. */
		char why[1024];
		ssize_t m = n == 1 ? read(pipefd[0], why, sizeof(why) - 1) : 0;
		why[m > 0 ? m : 0] = '\0';
		waitpid(pid, NULL, 0);
		chm_log(LOG_ERROR, "the daemon did not start: %s",
		        why[0] ? why : "it exited before saying why");
		_exit(1);
	}
	close(pipefd[0]);
	setsid();
	pid = fork();
	if (pid < 0)
		_exit(1);
	if (pid > 0)
		_exit(0); /* the session leader goes; the daemon can never get a terminal */
	if (chdir("/") != 0)
		_exit(1);
	umask(027);
	int devnull = open("/dev/null", O_RDWR);
	if (devnull >= 0) {
		dup2(devnull, STDIN_FILENO);
		dup2(devnull, STDOUT_FILENO);
		dup2(devnull, STDERR_FILENO);
		if (devnull > STDERR_FILENO)
			close(devnull);
	}
	ready_fd = pipefd[1];
	return 0;
}

void
daemon_ready(bool ok)
{
	char c = ok ? 1 : 0;
	if (ready_fd < 0)
		return;
	ssize_t n = write(ready_fd, &c, 1);
	if (!ok && n == 1) {
		const char *why = chm_log_last_error();
		n = write(ready_fd, why, strlen(why));
	}
	(void)n;
	close(ready_fd);
	ready_fd = -1;
}
