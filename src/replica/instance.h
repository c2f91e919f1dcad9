/*
 * instance.h — one running replica per source: its pid file and log file.
 *
 * replicate (foreground) and start-replica (daemon) both hold the source's
 * pid file while they run, so stop-replica finds either and two replicas of
 * one source never run at once.
 */
#ifndef CHM_INSTANCE_H
#define CHM_INSTANCE_H

#include <stddef.h>

#include <libpq-fe.h>

#include "common/config.h"

/* <pid_dir>/<source>.pid, creating pid_dir if needed; CHM_EIO if it cannot. */
int instance_pid_path(const Config *cfg, const SourceConfig *src, char *buf, size_t n) CHM_MUSTCHECK;

/* <log_dir>/<source>.log, creating log_dir if needed. */
int instance_log_path(const Config *cfg, const SourceConfig *src, char *buf, size_t n) CHM_MUSTCHECK;

/*
 * Takes the source's pid file for the calling process; CHM_ESTATE (logged
 * with the other pid) when a replica of this source already runs.  *fd
 * holds the lock until instance_unlock or exit.
 */
int instance_lock(const Config *cfg, const SourceConfig *src, int *fd) CHM_MUSTCHECK;
void instance_unlock(const Config *cfg, const SourceConfig *src, int fd);

/*
 * What the target database offers that the type map depends on: whether
 * pgvector is installed there (VECTOR becomes its vector, else real[]).
 * Read once per process, by the first caller that holds a connection,
 * before the threads that translate DDL start (init-replica, sync-tables,
 * the reader of replicate); the same for every thread afterwards.
 * chameleon does not CREATE EXTENSION: that takes privileges it does not
 * ask for, and the operator decides what the target database holds.
 */
int instance_read_target(PGconn *pg) CHM_MUSTCHECK;
/* pgvector's type, schema-qualified ("public".vector), or NULL: not installed
 * (or instance_read_target not called). */
const char *instance_vector_type(void);

#endif
