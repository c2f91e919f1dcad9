/*
 * progress.c — a progress bar that degrades to log lines.
 */
#include "replica/progress.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "common/strbuf.h"

struct Progress {
	pthread_mutex_t lock;
	const char *what;
	bool tty;
	int tables, tables_done;
	uint64_t est_rows, est_bytes, rows, bytes;
	double start, last_draw;
};

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

Progress *
progress_new(const char *what, int tables, uint64_t est_rows, uint64_t est_bytes, int tty)
{
	Progress *p = chm_calloc(1, sizeof(*p));
	pthread_mutex_init(&p->lock, NULL);
	p->what = what;
	p->tty = tty < 0 ? isatty(STDERR_FILENO) : tty != 0;
	p->tables = tables;
	p->est_rows = est_rows;
	p->est_bytes = est_bytes;
	p->start = p->last_draw = now();
	return p;
}

/* Formats the status line; called with the lock held. */
static void
format_line(Progress *p, char *buf, size_t n)
{
	double elapsed = now() - p->start;
	double mbs = elapsed > 0 ? p->bytes / 1e6 / elapsed : 0;
	double done = p->est_bytes > 0 ? (double) p->bytes / (double) p->est_bytes : 0;
	char eta[32] = "--:--";

	if (done > 1)
		done = 1;
	if (done > 0.01 && elapsed > 1) {
		long left = (long) (elapsed / done - elapsed);
		snprintf(eta, sizeof(eta), "%ld:%02ld", left / 60, left % 60);
	}
	if (p->tty) {
		char bar[21];
		int fill = (int) (done * 20);
		for (int i = 0; i < 20; i++)
			bar[i] = i < fill ? '=' : (i == fill ? '>' : ' ');
		bar[20] = '\0';
		snprintf(buf, n, "\r%s [%s] %d/%d tables, %llu rows, %.1f MB/s, ETA %s ", p->what, bar, p->tables_done,
				 p->tables, (unsigned long long) p->rows, mbs, eta);
	} else {
		snprintf(buf, n, "%s: %d/%d tables, %llu rows, %.1f MB copied, %.1f MB/s, ETA %s", p->what,
				 p->tables_done, p->tables, (unsigned long long) p->rows, p->bytes / 1e6, mbs, eta);
	}
}

static void
draw(Progress *p, bool force)
{
	char line[256];
	double t = now();

	if (!force && t - p->last_draw < (p->tty ? 0.1 : 10.0))
		return;
	p->last_draw = t;
	format_line(p, line, sizeof(line));
	if (p->tty) {
		fputs(line, stderr);
		fflush(stderr);
	} else
		chm_log(LOG_INFO, "%s", line);
}

void
progress_add(Progress *p, uint64_t rows, uint64_t bytes)
{
	pthread_mutex_lock(&p->lock);
	p->rows += rows;
	p->bytes += bytes;
	draw(p, false);
	pthread_mutex_unlock(&p->lock);
}

void
progress_table_done(Progress *p, const char *name, uint64_t rows)
{
	pthread_mutex_lock(&p->lock);
	p->tables_done++;
	if (p->tty)
		draw(p, true);
	else
		chm_log(LOG_INFO, "%s: table %s done, %llu rows (%d/%d)", p->what, name, (unsigned long long) rows,
				p->tables_done, p->tables);
	pthread_mutex_unlock(&p->lock);
}

void
progress_finish(Progress *p, bool ok)
{
	double elapsed = now() - p->start;
	if (p->tty) {
		draw(p, true);
		fputc('\n', stderr);
	}
	chm_log(ok ? LOG_INFO : LOG_ERROR, "%s %s: %d/%d tables, %llu rows, %.1f MB in %.1f s (%.1f MB/s)", p->what,
			ok ? "finished" : "failed", p->tables_done, p->tables, (unsigned long long) p->rows, p->bytes / 1e6,
			elapsed, elapsed > 0 ? p->bytes / 1e6 / elapsed : 0.0);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
