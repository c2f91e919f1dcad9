/*
 * daemon.c — signals as flags, flock'ed pid files, the double fork.
 */
#include "common/daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/log.h"

volatile sig_atomic_t chm_stop_requested;

/* The write end of the pipe the start-replica parent waits on; -1 when not detached. */
static int ready_fd = -1;

static void
on_stop(int sig)
{
	(void)sig;
	chm_stop_requested = 1;
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
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

int
pidfile_acquire(const char *path, int *fd)
{
	char buf[32];
	int f = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

	if (f < 0) {
		chm_log(LOG_ERROR, "could not open pid file \"%s\": %s", path, strerror(errno));
		return CHM_EIO;
	}
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
	int f = open(path, O_RDONLY | O_CLOEXEC);
	int rc = CHM_ENOTFOUND;

	if (f < 0)
		return CHM_ENOTFOUND;
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
