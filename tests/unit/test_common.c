/*
 * test_common.c — strings, quoting, arenas, error codes.
 */
#include <stdint.h>
#include <string.h>

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/arena.h"
#include "common/daemon.h"
#include "common/log.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "unit.h"

static void
test_strbuf(void)
{
	StrBuf sb = STRBUF_INIT;

	strbuf_puts(&sb, "abc");
	strbuf_printf(&sb, "-%d-", 42);
	CHECK_STR(sb.data, "abc-42-", "strbuf appends and formats");
	strbuf_reset(&sb);
	CHECK_INT(sb.len, 0, "strbuf_reset empties");
	for (int i = 0; i < 10000; i++)
		strbuf_putc(&sb, 'x');
	CHECK_INT(sb.len, 10000, "strbuf grows past its first block");
	strbuf_reset(&sb);
	strbuf_quote_ident(&sb, "we\"ird", 6);
	CHECK_STR(sb.data, "\"we\"\"ird\"", "identifiers are quoted with quotes doubled");
	strbuf_reset(&sb);
	strbuf_quote_literal(&sb, "it's", 4);
	CHECK_STR(sb.data, "'it''s'", "literals double single quotes");
	strbuf_reset(&sb);
	strbuf_quote_literal(&sb, "a\\b", 3);
	CHECK_STR(sb.data, "E'a\\\\b'", "a backslash makes an E'' literal with it doubled");
	strbuf_free(&sb);
}

static void
test_arena(void)
{
	Arena a;
	arena_init(&a, "test", 128);
	char *p = arena_strdup(&a, "hello");
	CHECK_STR(p, "hello", "arena_strdup copies");
	void *big = arena_alloc(&a, 1000);
	CHECK(big != NULL && ((uintptr_t)big % 16) == 0, "large allocations are aligned");
	for (int i = 0; i < 100; i++)
		(void)arena_alloc(&a, 24);
	CHECK(a.total >= 1000 + 100 * 24, "arena counts what it hands out");
	arena_reset(&a);
	CHECK_INT(a.total, 0, "arena_reset forgets everything");
	arena_free(&a);
}

static void
test_errors(void)
{
	CHECK_STR(chm_errname(CHM_ESYNTAX), "CHM_ESYNTAX", "error names come from the table");
	CHECK_STR(chm_strerror(CHM_ENOMEM), "out of memory", "error texts come from the table");
	CHECK_STR(chm_strerror(-9999), "unknown error", "an unknown code still has a text");
}

static void
test_pidfile(void)
{
	char path[] = "/tmp/chm-test-pid.XXXXXX";
	int fd, fd2, tmp = mkstemp(path);
	pid_t pid, child;
	int ready[2];

	close(tmp);
	unlink(path);
	CHECK_INT(pidfile_running(path, &pid), CHM_ENOTFOUND, "no pid file: nothing runs");
	CHECK_INT(pidfile_acquire(path, &fd), 0, "the pid file is taken");
	CHECK(pidfile_running(path, &pid) == 0 && pid == getpid(), "its holder is seen running");
	pidfile_release(path, fd);
	CHECK_INT(pidfile_running(path, &pid), CHM_ENOTFOUND, "a released pid file is gone");

	/* Another process holds it: acquiring fails; when it dies the stale
	 * file is taken over. */
	if (pipe(ready) != 0)
		return;
	child = fork();
	if (child == 0) {
		int f;
		if (pidfile_acquire(path, &f) != 0)
			_exit(1);
		char c = 1;
		if (write(ready[1], &c, 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	char c;
	CHECK(read(ready[0], &c, 1) == 1, "a child takes the pid file");
	chm_log_level = LOG_FATAL;
	CHECK_INT(pidfile_acquire(path, &fd2), CHM_ESTATE,
	          "a second process cannot take a held pid file");
	CHECK(pidfile_running(path, &pid) == 0 && pid == child, "the holder's pid is read back");
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	CHECK_INT(pidfile_running(path, &pid), CHM_ENOTFOUND,
	          "a killed holder leaves a stale file seen as not running");
	CHECK_INT(pidfile_acquire(path, &fd2), 0, "a stale pid file is taken over");
	pidfile_release(path, fd2);
	chm_log_level = LOG_INFO;
	close(ready[0]);
	close(ready[1]);
}

int
main(void)
{
	test_pidfile();
	test_strbuf();
	test_arena();
	test_errors();
	return unit_done();
}
