/*
 * cmd_replicate.c — read and replay one source in the foreground.
 *
 * Two threads, each with its own connections, that meet in the catalog
 * (DESIGN §1): the reader stores the binlog in batches, the replay applies
 * them.  The reader also wakes the replay after each batch it stores
 * (batch_stored), so an idle replay does not wait out sleep_loop.  SIGINT/SIGTERM (or the other thread failing) stops both:
 * the reader at its next transaction boundary, having stored it; the
 * replay after its current slice.  start-replica runs this as a daemon.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/daemon.h"
#include "common/log.h"
#include "pg/pg.h"
#include "replica/instance.h"
#include "replica/reader.h"

typedef struct Replica {
	const Config *cfg;
	const SourceConfig *src;
	atomic_int stop; /* one thread failed: the other stops too */
	int reader_rc;
	int replay_rc;
	ReaderStats rstats;
	int64_t applied, ddl, skipped, errors;
	/* the reader counts committed batches and signals; the replay waits
	 * on it when idle, so a stored batch is applied at once */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	uint64_t batches;
} Replica;

static bool
replay_stopping(Replica *rep)
{
	return chm_stop_requested || atomic_load(&rep->stop);
}

/*
 * Records why the reader stopped in t_error_log, so show-status and
 * show-errors say it and not only the log.
 */
static void
record_reader_error(Replica *rep, int code)
{
	PGconn *conn;
	char msg[1200];
	const char *params[3];

	snprintf(msg, sizeof(msg), "the reader stopped: %s",
	         rep->rstats.last_error[0] ? rep->rstats.last_error : chm_strerror(code));
	params[0] = rep->src->name;
	params[1] = msg;
	params[2] = rep->rstats.last_error[0] ? NULL : "the log says where and why";
	if (pg_open(rep->cfg, "chameleon replicate", true, &conn) != 0)
		return;
	if (pg_exec_params(
	        conn,
	        "INSERT INTO sch_chameleon.t_error_log (i_id_source, t_source, t_message, t_detail) "
	        "SELECT i_id_source, t_source, $2, $3 FROM sch_chameleon.t_sources WHERE t_source = $1",
	        3, params, NULL, "record the reader's error") != 0)
		chm_log(LOG_WARNING, "the reader's error is only in the log");
	pg_disconnect(conn);
}

/* The reader committed a batch: wake the replay. */
static void
batch_stored(void *arg)
{
	Replica *rep = arg;
	pthread_mutex_lock(&rep->mu);
	rep->batches++;
	pthread_cond_broadcast(&rep->cv);
	pthread_mutex_unlock(&rep->mu);
}

/* Stops both threads and wakes the replay if it waits. */
static void
stop_both(Replica *rep)
{
	atomic_store(&rep->stop, 1);
	batch_stored(rep);
}

/*
 * Waits until the reader stores a batch after `seen` (the count read before
 * the last replay step), up to `seconds` (batches stored by another process
 * are found by this poll), waking every 100 ms for a stop.
 */
static void
wait_for_batch(Replica *rep, uint64_t seen, int seconds)
{
	struct timespec end, now;
	clock_gettime(CLOCK_REALTIME, &end);
	end.tv_sec += seconds;
	pthread_mutex_lock(&rep->mu);
	while (rep->batches == seen && !replay_stopping(rep)) {
		struct timespec t;
		clock_gettime(CLOCK_REALTIME, &now);
		if (now.tv_sec > end.tv_sec || (now.tv_sec == end.tv_sec && now.tv_nsec >= end.tv_nsec))
			break;
		t = now;
		t.tv_nsec += 100000000L;
		if (t.tv_nsec >= 1000000000L) {
			t.tv_sec++;
			t.tv_nsec -= 1000000000L;
		}
		if (t.tv_sec > end.tv_sec || (t.tv_sec == end.tv_sec && t.tv_nsec > end.tv_nsec))
			t = end;
		pthread_cond_timedwait(&rep->cv, &rep->mu, &t);
	}
	pthread_mutex_unlock(&rep->mu);
}

static uint64_t
batches_seen(Replica *rep)
{
	uint64_t n;
	pthread_mutex_lock(&rep->mu);
	n = rep->batches;
	pthread_mutex_unlock(&rep->mu);
	return n;
}

static void *
reader_thread(void *arg)
{
	Replica *rep = arg;
	ReaderOptions opt = {.cfg = rep->cfg,
	                     .src = rep->src,
	                     .stop = &rep->stop,
	                     .heartbeat_s = 1,
	                     .on_batch = batch_stored,
	                     .on_batch_arg = rep};

	rep->reader_rc = reader_run(&opt, &rep->rstats);
	if (rep->reader_rc != 0) {
		chm_log(LOG_ERROR, "source \"%s\": the reader stopped: %s", rep->src->name,
		        chm_strerror(rep->reader_rc));
		stop_both(rep);
		record_reader_error(rep, rep->reader_rc);
	}
	return NULL;
}

static void *
replay_thread(void *arg)
{
	Replica *rep = arg;
	const SourceConfig *src = rep->src;
	PGconn *conn = NULL;
	int rc;

	rc = pg_open(rep->cfg, "chameleon replay", true, &conn);
	while (rc == 0 && !replay_stopping(rep)) {
		ReplayResult res;
		uint64_t seen = batches_seen(rep);
		memset(&res, 0, sizeof(res));
		rc =
		    pg_replay_step(conn, src->name, src->replay_max_rows > 0 ? src->replay_max_rows : 10000,
		                   src->on_error_replay, src->batch_retention, &res);
		if (rc != 0 && PQstatus(conn) == CONNECTION_BAD) {
			/* the server went away, not an event that failed: nothing was
			 * applied, so connect again and retry, whatever on_error_replay */
			pg_disconnect(conn);
			conn = NULL;
			for (int wait = 1; rc != 0 && !replay_stopping(rep); wait = wait < 32 ? wait * 2 : 60) {
				chm_log(LOG_WARNING,
				        "source \"%s\": replay lost its connection; connecting again in %d s",
				        src->name, wait);
				for (int i = 0; i < wait * 10 && !replay_stopping(rep); i++)
					usleep(100000);
				rc = pg_open(rep->cfg, "chameleon replay", true, &conn);
			}
			continue;
		}
		if (rc == CHM_EBUSY) {
			/* the replay lock is held by sync-tables while it swaps a table
			 * in, or by the reader deleting unfinished pieces: try again
			 * each second (not sleep_loop: both are short) */
			for (int i = 0; i < 10 && !replay_stopping(rep); i++)
				usleep(100000);
			rc = 0;
			continue;
		}
		if (rc != 0)
			break;
		rep->applied += res.applied;
		rep->ddl += res.ddl;
		rep->skipped += res.skipped;
		rep->errors += res.errors;
		if (!res.more) /* idle: until the reader stores a batch, sleep_loop at most */
			wait_for_batch(rep, seen, src->sleep_loop > 0 ? src->sleep_loop : 1);
	}
	if (conn)
		pg_disconnect(conn);
	rep->replay_rc = rc;
	if (rc != 0) {
		chm_log(LOG_ERROR, "source \"%s\": the replay stopped: %s", src->name, chm_strerror(rc));
		stop_both(rep);
	}
	return NULL;
}

/* Refuses a disabled source (disable-replica) and records the status. */
static int
set_status(const Config *cfg, const SourceConfig *src, const char *status, bool check_enabled)
{
	PGconn *conn;
	PGresult *res = NULL;
	const char *params[2] = {src->name, status};
	int rc = pg_open(cfg, "chameleon replicate", true, &conn);
	if (rc != 0)
		return rc;
	/* Starting: refuse, before anything changes, a source that may not run. */
	if (check_enabled) {
		rc = pg_exec_params(conn,
		                    "SELECT b_enabled, t_read_file IS NOT NULL FROM sch_chameleon.t_sources "
		                    "WHERE t_source = $1",
		                    1, params, &res, "read the source's state");
		if (rc == 0 && PQntuples(res) != 1) {
			chm_log(LOG_ERROR, "source \"%s\" is not in the catalog: run add-source", src->name);
			rc = CHM_ENOTFOUND;
		} else if (rc == 0 && strcmp(PQgetvalue(res, 0, 0), "t") != 0) {
			chm_log(LOG_ERROR, "source \"%s\" is disabled: run enable-replica to allow it to start",
			        src->name);
			rc = CHM_ESTATE;
		} else if (rc == 0 && strcmp(PQgetvalue(res, 0, 1), "t") != 0) {
			chm_log(LOG_ERROR,
			        "source \"%s\" has no read coordinates: run init-replica first, which sets where "
			        "the replica starts",
			        src->name);
			rc = CHM_ESTATE;
		}
		if (res)
			PQclear(res);
		res = NULL;
	}
	if (rc == 0)
		rc = pg_exec_params(conn, "UPDATE sch_chameleon.t_sources SET enm_status = $2 WHERE t_source = $1", 2,
		                    params, &res, "record the replica's status");
	if (rc == 0 && strcmp(PQcmdTuples(res), "1") != 0) {
		chm_log(LOG_ERROR, "source \"%s\" is not in the catalog: run add-source", src->name);
		rc = CHM_ENOTFOUND;
	}
	if (res)
		PQclear(res);
	pg_disconnect(conn);
	return rc;
}

static int
run(const Command *cmd, CliArgs *args)
{
	Config *cfg;
	SourceConfig *src;
	Replica rep;
	pthread_t rt, pt;
	int lock_fd = -1, rc;
	bool reader_started = false, replay_started = false;

	(void)cmd;
	if ((rc = cli_load_config(args, true, &cfg, &src)) != EXIT_OK)
		return rc;
	memset(&rep, 0, sizeof(rep));
	rep.cfg = cfg;
	rep.src = src;
	atomic_init(&rep.stop, 0);
	pthread_mutex_init(&rep.mu, NULL);
	pthread_cond_init(&rep.cv, NULL);
	chm_signals_install();
	if (instance_lock(cfg, src, &lock_fd) != 0) {
		config_free(cfg);
		return EXIT_FAIL;
	}
	if (set_status(cfg, src, "running", true) != 0) {
		rc = EXIT_FAIL;
		goto done;
	}
	chm_log(LOG_INFO, "source \"%s\": replicating (stop with SIGINT or SIGTERM)", src->name);
	chm_signals_block_hup(true); /* SIGHUP is the main thread's, below */
	reader_started = pthread_create(&rt, NULL, reader_thread, &rep) == 0;
	replay_started = reader_started && pthread_create(&pt, NULL, replay_thread, &rep) == 0;
	chm_signals_block_hup(false);
	if (!replay_started) {
		chm_log(LOG_ERROR, "could not start the reader and replay threads");
		stop_both(&rep);
	} else {
		daemon_ready(true);
	}
	if (reader_started) /* meanwhile SIGHUP reopens the log */
		chm_join_serving_signals(rt);
	stop_both(&rep); /* the reader is done: the replay finishes its slice */
	if (replay_started)
		pthread_join(pt, NULL);
	reader_log_stats(src->name, &rep.rstats);
	chm_log(LOG_INFO,
	        "source \"%s\": replay: %lld events applied, %lld DDL, %lld skipped, %lld errors",
	        src->name, (long long)rep.applied, (long long)rep.ddl, (long long)rep.skipped,
	        (long long)rep.errors);
	rc = replay_started && rep.reader_rc == 0 && rep.replay_rc == 0 ? EXIT_OK : EXIT_FAIL;
	if (set_status(cfg, src, rc == EXIT_OK ? "stopped" : "error", false) != 0)
		rc = EXIT_FAIL;
done:
	instance_unlock(cfg, src, lock_fd);
	pthread_cond_destroy(&rep.cv);
	pthread_mutex_destroy(&rep.mu);
	config_free(cfg);
	return rc;
}

const Command cmd_replicate = {
    .name = "replicate",
    .run = run,
    .options = OPT_CONFIG | OPT_SOURCE,
    .synopsis = "[--config FILE] --source NAME",
    .summary = "read and replay in the foreground until SIGINT/SIGTERM",
    .help = "Runs the source's reader and replay threads in the foreground.  The reader\n"
            "follows the binlog from the last stored batch and stores row changes and\n"
            "translated DDL in batches that end on source transaction boundaries; the\n"
            "replay applies them to the target schemas.  SIGINT or SIGTERM stops both\n"
            "once the current source transaction is stored (exit 0).  SIGHUP reopens\n"
            "the log file (after logrotate moved it) and never stops it.",
};
