/*
 * show.h — what show-status, show-errors and show-sources report, from
 * the catalog.
 *
 * Lags are in seconds (architecture §10):
 *   read lag   = 0 while the reader is caught up: t_sources.ts_caught_up,
 *                which it writes with every heartbeat of an idle source and
 *                with a batch closed because the stream had nothing more,
 *                is less than 5 s old (the reader's heartbeat is 1 s: a
 *                reader that died stops looking caught up);
 *                otherwise now − t_sources.ts_last_received, which the
 *                reader keeps at the source commit time of the last event
 *                it stored, and moves to the heartbeat's time while idle;
 *   replay lag = now − source commit time of the oldest stored event not
 *                yet applied; 0 when there is none.
 */
#ifndef CHM_SHOW_H
#define CHM_SHOW_H

#include <stdbool.h>
#include <stdio.h>

#include <libpq-fe.h>

#include "common/error.h"

/* Prints one row per source (all when source is NULL): a table, or JSON. */
int pg_show_status(PGconn *conn, const char *source, bool json, FILE *out) CHM_MUSTCHECK;

/* Prints the error log, newest first (limit rows; all sources when NULL). */
int pg_show_errors(PGconn *conn, const char *source, int limit, bool json,
                   FILE *out) CHM_MUSTCHECK;

/* Prints the sources: an aligned table, or a JSON array with json. */
int pg_show_sources(PGconn *conn, bool json, FILE *out) CHM_MUSTCHECK;

#endif
