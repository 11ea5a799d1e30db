/* worker_group.h — the worker threads of a level (driver.c) or of a stress test
 * (stress.c), stepped through numbered phases by the thread that started them
 * (the coordinator):
 *
 *   worker:      ltb_group_step(g, k, p) at the end of its phase p (1, 2, ...):
 *                waits until the coordinator opens p; -1 = the run is over, leave.
 *   coordinator: ltb_group_wait(g, p) until every worker has ended phase p, then
 *                ltb_group_open(g, p); at the end ltb_group_finish.
 *
 * Unlike a barrier, the coordinator's waits are bounded once the run is
 * interrupted: at most the drain timeout after the first signal, so a request
 * that never returns cannot hold the results back. The workers still inside a
 * request then are abandoned (detached and left running); what each had in
 * flight is handed to the coordinator through its ltb_inflight slot, so it is
 * reported as interrupted, not lost. Starting the threads is all or nothing: a
 * pthread_create that fails is an error, never an abort. */
#ifndef LTB_WORKER_GROUP_H
#define LTB_WORKER_GROUP_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "ltbench.h"

#define LTB_GROUP_MAX_PHASE 4

/* What one worker has in flight; the worker publishes its result under the lock
 * unless the coordinator has abandoned it. */
typedef struct ltb_inflight {
    _Alignas(64) pthread_mutex_t lock;   /* each worker's slot on its own cache lines */
    int busy;                     /* a request is running */
    int abandoned;                /* the coordinator gave up: publish nothing more */
    ltb_record head;              /* id, worker, sample, batch, t_start_ns of it */
} ltb_inflight;

typedef struct ltb_worker_group {
    int started;                  /* threads running (all that were asked for) */
    double drain_timeout_s;
    pthread_t *threads;
    ltb_inflight *inflight;       /* one per worker */
    int *last_step;               /* per worker: the last phase it ended */
    void *trampolines;
    pthread_mutex_t lock;
    pthread_cond_t cond;          /* CLOCK_MONOTONIC */
    int arrived[LTB_GROUP_MAX_PHASE + 1];
    int opened;                   /* highest phase opened; 0 = launched */
    int left;                     /* workers whose function returned */
    int cancelled;                /* no phase will open any more */
    int abandoned;                /* finish gave up on some workers */
    int released;                 /* the coordinator is done: the last to leave cleans up */
    void (*cleanup)(void *);
    void *cleanup_arg;
} ltb_worker_group;

/* Starts n threads running fn(args + k * arg_size), k = 0..n-1, once all of them
 * exist. 0, or -1 with err ("could not start 8 worker threads (started 3):
 * Resource temporarily unavailable") after the ones that started have been
 * joined without running fn. */
int ltb_group_start(ltb_worker_group *g, int n, void *(*fn)(void *), void *args, size_t arg_size,
                    double drain_timeout_s, char *err, size_t errlen);

/* Worker k has ended phase p (1..LTB_GROUP_MAX_PHASE - 1): waits until it opens. 0 to
 * go on, -1 when the coordinator has finished (leave now). */
int ltb_group_step(ltb_worker_group *g, int k, int phase);

/* Coordinator: waits until every worker has ended phase p (or left; phase
 * LTB_GROUP_MAX_PHASE is ended only by leaving, so waiting for it waits for every
 * worker to leave). 0, or -1 when the run was interrupted and the drain timeout
 * has passed. */
int ltb_group_wait(ltb_worker_group *g, int phase);
void ltb_group_open(ltb_worker_group *g, int phase);

/* Worker: a request is about to start (head = its id, worker, sample, batch).
 * 0, or -1 when abandoned (do not run it). */
int ltb_inflight_begin(ltb_inflight *s, const ltb_record *head);
/* The same in two steps, for a worker that must claim something the coordinator
 * also touches (its record) only while not abandoned: ltb_inflight_lock (0 with
 * the slot locked, -1 when abandoned), claim it, then ltb_inflight_start (which
 * unlocks) or ltb_inflight_release to give up. */
int ltb_inflight_lock(ltb_inflight *s);
void ltb_inflight_start(ltb_inflight *s, const ltb_record *head);
/* ltb_inflight_start for the benchmark driver's hot path: sets only the head's id,
 * worker, sample, batch and t_start_ns (what an abandoned request's record is built
 * from), not a whole record copy. */
void ltb_inflight_start_request(ltb_inflight *s, int64_t id, int worker, int sample, int batch);
/* Worker: the request ended. 0 with the slot locked (publish the result, then
 * ltb_inflight_release), or -1 when abandoned (drop it, leave). */
int ltb_inflight_end(ltb_inflight *s);
void ltb_inflight_release(ltb_inflight *s);

/* Called for each abandoned request in flight with its head; the worker will
 * never publish it. */
typedef void (*ltb_abandoned_fn)(void *user, const ltb_record *head, uint64_t now_ns);

/* Coordinator, once: no phase opens any more; waits for every worker to leave
 * (bounded by the drain timeout after an interruption) and joins them: returns
 * 0. When some do not leave in time: every worker is abandoned (on_abandoned for
 * each request in flight) and the threads are detached; says so on stderr and
 * returns how many were still running. The caller must then keep whatever
 * those workers use (target, workload) alive and leave the process
 * (ltb_exit_leaving_workers) after writing its results. */
int ltb_group_finish(ltb_worker_group *g, ltb_abandoned_fn on_abandoned, void *user);

/* Coordinator, after ltb_group_finish, once it needs nothing the workers share:
 * cleanup(arg) frees that (the context holding g, say). It runs now when every
 * worker has left, else in the last abandoned worker to leave; the group is
 * freed first, and nothing touches it or what cleanup freed afterwards. */
void ltb_group_release(ltb_worker_group *g, void (*cleanup)(void *), void *arg);
#endif
