/*
 * cmd_start_replica.c — replicate as a daemon.
 *
 * Detaches, sends the log to <log_dir>/<source>.log, then runs exactly what
 * replicate runs (cli_replicate, replicate_run); the parent returns once the
 * daemon says it started.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "common/daemon.h"
#include "common/log.h"
#include "replica/instance.h"

static int
run(const Command *cmd, CliArgs *args)
{
	Config *cfg;
	SourceConfig *src;
	char log_path[4096], pid_path[4096];
	char *config_path;
	pid_t pid;
	int rc, keep;

	(void)cmd;
	if ((rc = cli_load_config(args, true, &cfg, &src)) != EXIT_OK)
		return rc;
	/* The daemon runs in /: it must find the configuration from there. */
	config_path = realpath(cfg->path, NULL);
	if (config_path == NULL) {
		chm_log(LOG_ERROR, "could not resolve configuration path \"%s\": %m", cfg->path);
		config_free(cfg);
		return EXIT_FAIL;
	}
	args->config_path = config_path;
	/* Refuse here, where the user sees it, rather than in the daemon's log. */
	rc = instance_pid_path(cfg, src, pid_path, sizeof(pid_path));
	if (rc == 0 && (rc = pidfile_running(pid_path, &pid)) == 0) {
		chm_log(
		    LOG_ERROR,
		    "a replica of source \"%s\" is already running (pid %ld): stop it with stop-replica",
		    src->name, (long)pid);
		rc = CHM_ESTATE;
	} else if (rc == CHM_ENOTFOUND) {
		rc = 0; /* CHM_EIO: a pid file refused, and said why */
	}
	if (rc == 0)
		rc = instance_log_path(cfg, src, log_path, sizeof(log_path));
	keep = cfg->log_days_keep;
	if (rc == 0)
		chm_log(LOG_INFO, "starting the replica of source \"%s\" in the background; its log is %s",
		        src->name, log_path);
	config_free(cfg);
	if (rc != 0) {
		free(config_path);
		return EXIT_FAIL;
	}
	if (daemon_detach() != 0)
		return EXIT_FAIL;
	/* From here on this is the daemon: stderr is /dev/null, the log is the file. */
	if (chm_log_open(log_path) != 0) {
		daemon_ready(false);
		return EXIT_FAIL;
	}
	chm_log_set_rotation(keep); /* daily, as pg_chameleon; SIGHUP reopens it too */
	rc = cli_replicate(args); /* the configuration again, by its absolute path */
	daemon_ready(rc == EXIT_OK); /* if replicate ended before saying it started */
	free(config_path);
	return rc;
}

const Command cmd_start_replica = {
    .name = "start-replica",
    .run = run,
    .options = OPT_CONFIG | OPT_SOURCE,
    .synopsis = "[--config FILE] --source NAME",
    .summary = "replicate as a daemon with a pid file",
    .help = "Runs replicate in the background: detached from the terminal, logging to\n"
            "<log_dir>/<source>.log (rotated daily, log_days_keep old files kept; SIGHUP\n"
            "reopens it after logrotate), holding <pid_dir>/<source>.pid.  Returns once the\n"
            "replica has started (exit 0) or failed to (exit 1; the reason is in the log).\n"
            "Stop it with stop-replica.",
};
