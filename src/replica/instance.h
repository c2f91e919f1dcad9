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

#endif
