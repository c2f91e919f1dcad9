/*
 * replicate.c — the replication engine: read and replay one source.
 *
 * Two threads, each with its own connections, that meet in the catalog
 * (architecture §1): the reader stores the binlog in batches, the replay applies
 * them.  The reader also wakes the replay after each batch it stores
 * (batch_stored), so an idle replay does not wait out sleep_loop.
 * SIGINT/SIGTERM (or the other thread failing) stops both: the reader at
 * its next transaction boundary, having stored it; the replay after its
 * current slice.  The calling thread waits for the reader and meanwhile
 * serves SIGHUP, which the two threads block.
 *
 * Not for option parsing or daemonising (src/cli), nor the SQL of the
 * source's status (pg_source_*) and of the replay (pg_replay_step).
 */
#include "replica/replicate.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

	snprintf(msg, sizeof(msg), "the reader stopped: %s",
	         rep->rstats.last_error[0] ? rep->rstats.last_error : chm_strerror(code));
	if (pg_open(rep->cfg, "chameleon replicate", true, &conn) != 0)
		return;
	if (pg_source_log_error(conn, rep->src->name, msg,
	                        rep->rstats.last_error[0] ? NULL : "the log says where and why") != 0)
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

/*
 * Records the replica's status; when starting (check), first refuses a
 * source that may not start, before anything changes.
 */
static int
set_status(const Config *cfg, const SourceConfig *src, const char *status, bool check)
{
	PGconn *conn;
	int rc = pg_open(cfg, "chameleon replicate", true, &conn);

	if (rc != 0)
		return rc;
	if (check)
		rc = pg_source_check_startable(conn, src->name);
	if (rc == 0)
		rc = pg_source_set_status(conn, src->name, status);
	pg_disconnect(conn);
	return rc;
}

/*
 * Starts both threads and waits for them: the reader first (serving
 * SIGHUP meanwhile), then the replay, which finishes its slice.  Returns
 * whether both started.
 */
static bool
run_threads(Replica *rep)
{
	pthread_t rt, pt;
	bool reader_started, replay_started;

	chm_signals_block_hup(true); /* SIGHUP is the main thread's, below */
	reader_started = pthread_create(&rt, NULL, reader_thread, rep) == 0;
	replay_started = reader_started && pthread_create(&pt, NULL, replay_thread, rep) == 0;
	chm_signals_block_hup(false);
	if (!replay_started) {
		chm_log(LOG_ERROR, "could not start the reader and replay threads");
		stop_both(rep);
	} else {
		daemon_ready(true);
	}
	if (reader_started) /* meanwhile SIGHUP reopens the log */
		chm_join_serving_signals(rt);
	stop_both(rep); /* the reader is done: the replay finishes its slice */
	if (replay_started)
		pthread_join(pt, NULL);
	return replay_started;
}

int
replicate_run(const Config *cfg, const SourceConfig *src)
{
	Replica rep;
	int lock_fd = -1, rc, status_rc;
	bool started;

	memset(&rep, 0, sizeof(rep));
	rep.cfg = cfg;
	rep.src = src;
	atomic_init(&rep.stop, 0);
	pthread_mutex_init(&rep.mu, NULL);
	pthread_cond_init(&rep.cv, NULL);
	chm_signals_install();
	if ((rc = instance_lock(cfg, src, &lock_fd)) != 0)
		goto done;
	if ((rc = set_status(cfg, src, "running", true)) != 0) {
		instance_unlock(cfg, src, lock_fd);
		goto done;
	}
	chm_log(LOG_INFO, "source \"%s\": replicating (stop with SIGINT or SIGTERM)", src->name);
	started = run_threads(&rep);
	reader_log_stats(src->name, &rep.rstats);
	chm_log(LOG_INFO,
	        "source \"%s\": replay: %lld events applied, %lld DDL, %lld skipped, %lld errors",
	        src->name, (long long)rep.applied, (long long)rep.ddl, (long long)rep.skipped,
	        (long long)rep.errors);
	rc = !started ? CHM_EIO : rep.reader_rc != 0 ? rep.reader_rc : rep.replay_rc;
	status_rc = set_status(cfg, src, rc == 0 ? "stopped" : "error", false);
	if (rc == 0)
		rc = status_rc;
	instance_unlock(cfg, src, lock_fd);
done:
	pthread_cond_destroy(&rep.cv);
	pthread_mutex_destroy(&rep.mu);
	return rc;
}
