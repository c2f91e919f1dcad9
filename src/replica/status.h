/*
 * status.h — what show-status and show-errors report, from the catalog.
 *
 * Lags are in seconds (DESIGN §10):
 *   read lag   = now − t_sources.ts_last_received, which the reader keeps at
 *                the source commit time of the last event it stored, and
 *                moves to the heartbeat's time while it is caught up;
 *   replay lag = now − source commit time of the oldest stored event not
 *                yet applied; 0 when there is none.
 */
#ifndef CHM_STATUS_H
#define CHM_STATUS_H

#include <stdbool.h>
#include <stdio.h>

#include <libpq-fe.h>

#include "common/error.h"

/* Prints one row per source (all when source is NULL): a table, or JSON. */
int status_show(PGconn *conn, const char *source, bool json, FILE *out) CHM_MUSTCHECK;

/* Prints the error log, newest first (limit rows; all sources when NULL). */
int status_errors(PGconn *conn, const char *source, int limit, bool json, FILE *out) CHM_MUSTCHECK;

#endif
