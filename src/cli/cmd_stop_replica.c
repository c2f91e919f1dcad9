/*
 * cmd_stop_replica.c — ask a source's running replica to stop, and wait.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/daemon.h"
#include "common/log.h"
#include "replica/instance.h"

/* How long to wait for the replica to finish its transaction and exit. */
#define STOP_WAIT_S 300

static int
run(const Command *cmd, CliArgs *args)
{
	Config *cfg;
	SourceConfig *src;
	char path[4096];
	pid_t pid;
	int rc;

	(void) cmd;
	if ((rc = cli_load_config(args, true, &cfg, &src)) != EXIT_OK)
		return rc;
	if (instance_pid_path(cfg, src, path, sizeof(path)) != 0) {
		config_free(cfg);
		return EXIT_FAIL;
	}
	if (pidfile_running(path, &pid) != 0) {
		chm_log(LOG_NOTICE, "no replica of source \"%s\" is running (no live holder of \"%s\")", src->name, path);
		config_free(cfg);
		return EXIT_OK;
	}
	if (kill(pid, SIGTERM) != 0) {
		chm_log(LOG_ERROR, "could not signal the replica of source \"%s\" (pid %ld): %m", src->name, (long) pid);
		config_free(cfg);
		return EXIT_FAIL;
	}
	chm_log(LOG_INFO, "asked the replica of source \"%s\" (pid %ld) to stop after its current transaction",
			src->name, (long) pid);
	rc = EXIT_FAIL;
	for (int i = 0; i < STOP_WAIT_S * 10; i++) {
		pid_t again;
		if (pidfile_running(path, &again) != 0) {
			chm_log(LOG_INFO, "the replica of source \"%s\" stopped", src->name);
			rc = EXIT_OK;
			break;
		}
		if (i > 0 && i % 100 == 0)
			chm_log(LOG_INFO, "waiting for the replica of source \"%s\" to finish (%d s)", src->name, i / 10);
		usleep(100000);
	}
	if (rc != EXIT_OK)
		chm_log(LOG_ERROR,
				"the replica of source \"%s\" (pid %ld) still runs after %d s; it may be applying a large "
				"transaction.  Wait, or kill it: nothing is lost, it resumes from its last committed batch",
				src->name, (long) pid, STOP_WAIT_S);
	config_free(cfg);
	return rc;
}

const Command cmd_stop_replica = {
	.name = "stop-replica",
	.run = run,
	.options = OPT_CONFIG | OPT_SOURCE,
	.synopsis = "[--config FILE] --source NAME",
	.summary = "stop the daemon after the current transaction",
	.help = "Sends SIGTERM to the source's running replica (found through its locked pid\n"
			"file <pid_dir>/<source>.pid, whether it was started by start-replica or runs\n"
			"replicate in the foreground) and waits up to 300 s for it to finish the\n"
			"transaction at hand and exit.",
};
