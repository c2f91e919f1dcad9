/*
 * progress.h — progress of long work (snapshot, sync-tables).
 *
 * On a terminal, one line on stderr redrawn at most ten times a second:
 * tables done, rows, MB/s and ETA.  Elsewhere (a log file, a pipe), an
 * INFO line every ten seconds and one per finished table.  Workers report
 * from their own threads; the reporter serialises.
 */
#ifndef CHM_PROGRESS_H
#define CHM_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct Progress Progress;

/*
 * Starts a report for tables tables of about est_rows rows and est_bytes
 * bytes in all (information_schema's estimates: the ETA is as good as
 * they are).  tty forces the terminal style on or off; -1 asks isatty().
 */
Progress *progress_new(const char *what, int tables, uint64_t est_rows, uint64_t est_bytes, int tty);

/* Adds rows and bytes copied since the last call; thread-safe. */
void progress_add(Progress *p, uint64_t rows, uint64_t bytes);

/* Records a finished table; thread-safe. */
void progress_table_done(Progress *p, const char *name, uint64_t rows);

/* Prints the final line and frees p. */
void progress_finish(Progress *p, bool ok);

#endif
