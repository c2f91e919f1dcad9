/*
 * test_common.c — strings, quoting, arenas, error codes, pid and log files,
 * SIGHUP.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <stdlib.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/arena.h"
#include "common/daemon.h"
#include "common/log.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "mysql/myconn.h"
#include "../hostile_names.h"
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

typedef void (*Quoter)(StrBuf *sb, const char *s, size_t n);

static void
check_quoter(Quoter q, const char *const *want, const char *what)
{
	StrBuf sb = STRBUF_INIT;
	for (size_t i = 0; i < N_HOSTILE_NAMES; i++) {
		strbuf_reset(&sb);
		strbuf_puts(&sb, "x "); /* appends, after what is there */
		q(&sb, hostile_names[i], strlen(hostile_names[i]));
		CHECK_STR(sb.data + 2, want[i], what);
		CHECK_INT(sb.len, strlen(sb.data), "the length is right");
	}
	strbuf_free(&sb);
}

static void
test_quoters(void)
{
	static const char *const pg_ident[] = {
	    "\"a\\b\"",    "\"it's \"\"q\"\"\"",
	    "\"bt`ick\"",  "\"\xc3\xbcn\xc3\xaf \xe8\xa1\xa8\xe2\x98\x83\"",
	    "\"tail\\\"",  "\"$$\"",
	    "\"x$chm$y\"",
	};
	static const char *const pg_literal[] = {
	    "E'a\\\\b'",   "'it''s \"q\"'", "'bt`ick'",  "'\xc3\xbcn\xc3\xaf \xe8\xa1\xa8\xe2\x98\x83'",
	    "E'tail\\\\'", "'$$'",          "'x$chm$y'",
	};
	static const char *const my_ident[] = {
	    "`a\\b`",   "`it's \"q\"`", "`bt``ick`", "`\xc3\xbcn\xc3\xaf \xe8\xa1\xa8\xe2\x98\x83`",
	    "`tail\\`", "`$$`",         "`x$chm$y`",
	};
	/* mysql_real_escape_string escapes both quote kinds with a backslash */
	static const char *const my_literal[] = {
	    "'a\\\\b'",   "'it\\'s \\\"q\\\"'",
	    "'bt`ick'",   "'\xc3\xbcn\xc3\xaf \xe8\xa1\xa8\xe2\x98\x83'",
	    "'tail\\\\'", "'$$'",
	    "'x$chm$y'",
	};
	/* NO_BACKSLASH_ESCAPES: a backslash is a character, a quote is doubled */
	static const char *const my_literal_nbe[] = {
	    "'a\\b'",   "'it''s \"q\"'", "'bt`ick'",  "'\xc3\xbcn\xc3\xaf \xe8\xa1\xa8\xe2\x98\x83'",
	    "'tail\\'", "'$$'",          "'x$chm$y'",
	};
	StrBuf sb = STRBUF_INIT;
	MyConn c = {0};

	check_quoter(strbuf_quote_ident, pg_ident, "PostgreSQL identifier");
	check_quoter(strbuf_quote_literal, pg_literal, "PostgreSQL literal");
	check_quoter(strbuf_quote_backtick, my_ident, "MySQL identifier");

	/* no server: the handle's character set and status are what a connection sets */
	c.mysql = mysql_init(NULL);
	c.mysql->charset = mariadb_get_charset_by_name("utf8mb4");
	for (size_t i = 0; i < N_HOSTILE_NAMES; i++) {
		strbuf_reset(&sb);
		my_quote_literal(&c, &sb, hostile_names[i]);
		CHECK_STR(sb.data, my_literal[i], "MySQL literal");
	}
	c.mysql->server_status |= SERVER_STATUS_NO_BACKSLASH_ESCAPES;
	for (size_t i = 0; i < N_HOSTILE_NAMES; i++) {
		strbuf_reset(&sb);
		my_quote_literal(&c, &sb, hostile_names[i]);
		CHECK_STR(sb.data, my_literal_nbe[i], "MySQL literal under NO_BACKSLASH_ESCAPES");
	}
	/* GBK: 0xbf5c is one character whose second byte is a backslash: left alone */
	c.mysql->server_status &= ~SERVER_STATUS_NO_BACKSLASH_ESCAPES;
	c.mysql->charset = mariadb_get_charset_by_name("gbk");
	strbuf_reset(&sb);
	my_quote_literal(&c, &sb, "\xbf\x5c'");
	CHECK_STR(sb.data, "'\xbf\x5c\\''",
	          "MySQL literal in GBK: a character ending in 0x5c is not escaped");
	mysql_close(c.mysql);
	strbuf_free(&sb);
}

/*
 * What PostgreSQL's scanner reads from a dollar-quoted string: the tag runs
 * from the first $ to the next, the body ends at the tag's first occurrence
 * after it.  Returns the body (malloc'd), or NULL when the text is not one
 * whole dollar-quoted string.
 */
static char *
pg_read_dollar(const char *s, size_t n)
{
	const char *end = s + n, *tag_end, *close;
	size_t tn;

	if (n < 2 || s[0] != '$' || (tag_end = memchr(s + 1, '$', n - 1)) == NULL)
		return NULL;
	for (const char *p = s + 1; p < tag_end; p++)
		if (!(*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (p > s + 1 && *p >= '0' && *p <= '9') || (unsigned char)*p >= 0x80))
			return NULL;
	tn = (size_t)(tag_end - s) + 1;
	close = memmem(tag_end + 1, (size_t)(end - tag_end - 1), s, tn);
	if (close == NULL || close + tn != end)
		return NULL;
	return strndup(tag_end + 1, (size_t)(close - tag_end - 1));
}

static bool
dollar_round_trip(const char *body, size_t n, StrBuf *sb)
{
	char *got;
	bool same;

	strbuf_reset(sb);
	strbuf_dollar_quote(sb, body, n);
	got = pg_read_dollar(sb->data, sb->len);
	same = got != NULL && strlen(got) == n && memcmp(got, body, n) == 0;
	free(got);
	return same;
}

static void
test_dollar_quote(void)
{
	static const char alphabet[] = "$chm1x";
	StrBuf sb = STRBUF_INIT;
	char body[8];
	long bad = 0, tried = 0;

	strbuf_dollar_quote(&sb, "BEGIN NULL; END", 15);
	CHECK_STR(sb.data, "$chm$BEGIN NULL; END$chm$", "a body without the tag gets $chm$");
	strbuf_reset(&sb);
	strbuf_dollar_quote(&sb, "'a$chm$b'", 9);
	CHECK_STR(sb.data, "$chm1$'a$chm$b'$chm1$", "a body holding $chm$ gets $chm1$");
	strbuf_reset(&sb);
	strbuf_dollar_quote(&sb, "$chm$ $chm1$", 12);
	CHECK_STR(sb.data, "$chm2$$chm$ $chm1$$chm2$", "and $chm2$ when it holds $chm1$ too");
	strbuf_reset(&sb);
	strbuf_dollar_quote(&sb, "x $chm", 6);
	CHECK_STR(sb.data, "$chm1$x $chm$chm1$",
	          "a body ending in $chm would end early with $chm$: it gets $chm1$");
	strbuf_reset(&sb);
	strbuf_dollar_quote(&sb, "$$", 2);
	CHECK_STR(sb.data, "$chm$$$$chm$", "$$ is no tag of chameleon's");
	for (size_t i = 0; i < N_HOSTILE_NAMES; i++)
		CHECK(dollar_round_trip(hostile_names[i], strlen(hostile_names[i]), &sb),
		      "PostgreSQL reads back the body %s", hostile_names[i]);

	/* every body of up to 6 bytes made of the tags' bytes */
	for (int len = 0; len <= 6; len++) {
		long count = 1;
		for (int i = 0; i < len; i++)
			count *= (long)(sizeof(alphabet) - 1);
		for (long k = 0; k < count; k++) {
			long v = k;
			for (int i = 0; i < len; i++, v /= (long)(sizeof(alphabet) - 1))
				body[i] = alphabet[v % (long)(sizeof(alphabet) - 1)];
			tried++;
			if (!dollar_round_trip(body, (size_t)len, &sb) && bad++ == 0)
				printf("# first body read back wrong: %.*s as %s\n", len, body, sb.data);
		}
	}
	CHECK(bad == 0, "PostgreSQL reads back each of %ld bodies of $, c, h, m, 1, x (%ld wrong)",
	      tried, bad);
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
	char dir[] = "/tmp/chm-test-pid.XXXXXX", path[64], link[64];
	int fd, fd2;
	pid_t pid, child;
	int ready[2];

	/* not /tmp itself: a pid directory others may write is refused */
	if (mkdtemp(dir) == NULL)
		return;
	snprintf(path, sizeof(path), "%s/s.pid", dir);
	snprintf(link, sizeof(link), "%s/link.pid", dir);
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

	/* a symbolic link is never followed, whether it points at a file or not */
	CHECK(symlink(path, link) == 0, "a symbolic link to the pid file");
	CHECK_INT(pidfile_acquire(link, &fd), CHM_EIO, "a symlinked pid file is refused");
	CHECK_INT(pidfile_running(link, &pid), CHM_EIO,
	          "a symlinked pid file is not read: its pid is never signalled");
	unlink(link);
	CHECK(symlink("/tmp/chm-test-nowhere", link) == 0, "a dangling symbolic link");
	CHECK_INT(pidfile_acquire(link, &fd), CHM_EIO, "a dangling symlink is not created through");
	CHECK(access("/tmp/chm-test-nowhere", F_OK) != 0, "and nothing was created at its target");
	unlink(link);
	pidfile_release(path, fd2);

	/* a directory group or others may write */
	chmod(dir, 0770);
	CHECK_INT(pidfile_acquire(path, &fd), CHM_EIO, "a group-writable pid directory is refused");
	chmod(dir, 01777);
	CHECK_INT(pidfile_acquire(path, &fd), CHM_EIO,
	          "a world-writable pid directory is refused, sticky or not");
	chmod(dir, 0755);
	CHECK_INT(pidfile_acquire(path, &fd), 0, "a pid directory only its owner writes is fine");
	pidfile_release(path, fd);
	chm_log_level = LOG_INFO;
	close(ready[0]);
	close(ready[1]);
	rmdir(dir);
}

/* The whole file, "" when it cannot be read; the caller frees. */
static char *
slurp(const char *path)
{
	StrBuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	FILE *f = fopen(path, "r");

	strbuf_puts(&sb, "");
	if (f == NULL)
		return strbuf_detach(&sb);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_append(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb);
}

static bool
file_has(const char *path, const char *text)
{
	char *all = slurp(path);
	bool has = strstr(all, text) != NULL;

	free(all);
	return has;
}

static void
test_log_file(void)
{
	char dir[] = "/tmp/chm-test-log.XXXXXX", path[64], moved[64], link[64], name[96];
	char *err;
	struct timeval old[2];
	time_t days_ago;
	struct tm tm;
	LogLevel saved = chm_log_level;

	if (mkdtemp(dir) == NULL)
		return;
	chmod(dir, 0755);
	snprintf(path, sizeof(path), "%s/s.log", dir);
	snprintf(moved, sizeof(moved), "%s/s.log.moved", dir);
	snprintf(link, sizeof(link), "%s/link.log", dir);
	chm_log_level = LOG_INFO;

	/* refused: a symbolic link, a directory others may write; logging stays on stderr */
	CHECK(symlink(path, link) == 0, "a symbolic link to the log file");
	CHECK_INT(chm_log_open(link), CHM_EIO, "a symlinked log file is refused");
	CHECK(access(path, F_OK) != 0, "and nothing was created through it");
	err = chm_strdup(chm_log_last_error());
	CHECK(strstr(err, "symbolic link") && strstr(err, link), "the error names the link: %s", err);
	free(err);
	unlink(link);
	chmod(dir, 0775);
	CHECK_INT(chm_log_open(path), CHM_EIO, "a group-writable log directory is refused");
	err = chm_strdup(chm_log_last_error());
	CHECK(strstr(err, dir) && strstr(err, "writable by group or others"),
	      "the error names the directory: %s", err);
	free(err);
	chmod(dir, 0755);

	/* SIGHUP: the process lives on, and the log is reopened by whoever serves the flag */
	CHECK_INT(chm_log_open(path), 0, "the log file opens");
	chm_log(LOG_INFO, "line one");
	CHECK(rename(path, moved) == 0, "the log file is moved away (logrotate)");
	chm_log(LOG_INFO, "line two");
	chm_signals_install();
	raise(SIGHUP);
	CHECK(chm_reopen_requested == 1, "SIGHUP sets the flag and does not stop the process");
	chm_signals_serve();
	CHECK(chm_reopen_requested == 0, "serving the flag clears it");
	chm_log(LOG_INFO, "line three");
	chm_log(LOG_INFO, "name \"a\nerror: forged\033[2J\"");
	CHECK(file_has(path, "name \"a error: forged?[2J\"") && !file_has(path, "\nerror: forged"),
	      "a line break or escape in a message stays inside its one line");
	CHECK(file_has(moved, "line one") && file_has(moved, "line two"),
	      "lines before the reopen went to the moved file");
	CHECK(file_has(path, "line three") && !file_has(path, "line two") && file_has(path, "reopened"),
	      "lines after it go to a new file of the same name");
	signal(SIGHUP, SIG_DFL);
	unlink(moved);

	/* daily rotation: a file last written 3 days ago is rotated at the next line,
	 * and only the 2 newest rotated files stay */
	chm_log_close();
	days_ago = time(NULL) - 3 * 86400;
	gmtime_r(&days_ago, &tm);
	old[0].tv_sec = old[1].tv_sec = days_ago;
	old[0].tv_usec = old[1].tv_usec = 0;
	CHECK(utimes(path, old) == 0, "the log file dates from 3 days ago");
	for (int d = 1; d <= 3; d++) {
		snprintf(name, sizeof(name), "%s.2020-01-0%d", path, d);
		FILE *f = fopen(name, "w");
		if (f)
			fclose(f);
	}
	snprintf(name, sizeof(name), "%s.keep-me", path);
	fclose(fopen(name, "w"));
	CHECK_INT(chm_log_open(path), 0, "the old log file opens");
	chm_log_set_rotation(2);
	chm_log(LOG_INFO, "line of today");
	snprintf(name, sizeof(name), "%s.%04d-%02d-%02d", path, tm.tm_year + 1900, tm.tm_mon + 1,
	         tm.tm_mday);
	CHECK(file_has(name, "line three") && !file_has(name, "line of today"),
	      "the old file is renamed to the day of its lines");
	CHECK(file_has(path, "line of today") && !file_has(path, "line three"),
	      "today's line starts a new file");
	snprintf(name, sizeof(name), "%s.2020-01-03", path);
	CHECK(access(name, F_OK) == 0, "the newest older rotated file is kept (2 in all)");
	snprintf(name, sizeof(name), "%s.2020-01-02", path);
	CHECK(access(name, F_OK) != 0, "older rotated files are removed");
	snprintf(name, sizeof(name), "%s.2020-01-01", path);
	CHECK(access(name, F_OK) != 0, "the oldest too");
	snprintf(name, sizeof(name), "%s.keep-me", path);
	CHECK(access(name, F_OK) == 0, "a file not named like a rotated one is left alone");
	chm_log(LOG_INFO, "another line of today");
	CHECK(file_has(path, "another line of today"), "the same day: no second rotation");
	chm_log_set_rotation(0);
	chm_log_close();
	chm_log_level = saved;

	/* clean up: every file of the directory */
	unlink(name);
	unlink(path);
	snprintf(name, sizeof(name), "%s.%04d-%02d-%02d", path, tm.tm_year + 1900, tm.tm_mon + 1,
	         tm.tm_mday);
	unlink(name);
	snprintf(name, sizeof(name), "%s.2020-01-03", path);
	unlink(name);
	CHECK(rmdir(dir) == 0, "nothing else was left in the log directory");
}

int
main(void)
{
	test_pidfile();
	test_log_file();
	test_strbuf();
	test_quoters();
	test_dollar_quote();
	test_arena();
	test_errors();
	return unit_done();
}
