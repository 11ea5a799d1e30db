/* worker_group.c — phased worker threads with a bounded drain (see worker_group.h). */
#define _POSIX_C_SOURCE 200809L
#include "worker_group.h"
#include "clock.h"
#include "interrupt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The coordinator looks for a signal this often. It only starts the drain deadline,
 * which counts from the signal's own time, so a late look costs nothing but the
 * wake-ups: at 50 ms they were ~30 us of an HTTP client's CPU per request (issue #21). */
#define POLL_NS 250000000ull

typedef struct trampoline {
    ltb_worker_group *g;
    void *(*fn)(void *);
    void *arg;
    int k;
} trampoline;

/* Marks worker k as gone for every phase it has not ended. Locked. */
static void mark_left(ltb_worker_group *g, int k)
{
    for (int p = g->last_step[k] + 1; p <= LTB_GROUP_MAX_PHASE; p++)
        g->arrived[p]++;
    g->last_step[k] = LTB_GROUP_MAX_PHASE;
    g->left++;
    pthread_cond_broadcast(&g->cond);
}

static void free_group(ltb_worker_group *g)
{
    for (int k = 0; g->inflight && k < g->started; k++)
        pthread_mutex_destroy(&g->inflight[k].lock);
    pthread_cond_destroy(&g->cond);
    pthread_mutex_destroy(&g->lock);
    free(g->threads);
    free(g->inflight);
    free(g->last_step);
    free(g->trampolines);
}

static void *trampoline_main(void *p)
{
    trampoline *t = p;
    ltb_worker_group *g = t->g;
    pthread_mutex_lock(&g->lock);
    while (g->opened < 0 && !g->cancelled)   /* until every thread exists */
        pthread_cond_wait(&g->cond, &g->lock);
    int go = !g->cancelled;
    pthread_mutex_unlock(&g->lock);
    if (go)
        t->fn(t->arg);
    pthread_mutex_lock(&g->lock);
    mark_left(g, t->k);
    int last = g->released && g->left >= g->started;   /* abandoned, and the last one out */
    void (*cleanup)(void *) = g->cleanup;
    void *arg = g->cleanup_arg;
    pthread_mutex_unlock(&g->lock);
    if (last) {
        free_group(g);
        if (cleanup)
            cleanup(arg);
    }
    return NULL;
}

static int init_group(ltb_worker_group *g, int n)
{
    g->threads = calloc((size_t)n, sizeof *g->threads);
    g->inflight = aligned_alloc(_Alignof(ltb_inflight), (size_t)n * sizeof *g->inflight);
    if (g->inflight)
        memset(g->inflight, 0, (size_t)n * sizeof *g->inflight);
    g->last_step = calloc((size_t)n, sizeof *g->last_step);
    g->trampolines = calloc((size_t)n, sizeof(trampoline));
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&g->cond, &attr);
    pthread_condattr_destroy(&attr);
    pthread_mutex_init(&g->lock, NULL);
    g->opened = -1;
    return g->threads && g->inflight && g->last_step && g->trampolines ? 0 : -1;
}

int ltb_group_start(ltb_worker_group *g, int n, void *(*fn)(void *), void *args, size_t arg_size,
                    double drain_timeout_s, char *err, size_t errlen)
{
    memset(g, 0, sizeof *g);
    g->drain_timeout_s = drain_timeout_s;
    if (init_group(g, n) != 0) {
        free_group(g);
        snprintf(err, errlen, "out of memory for %d worker threads", n);
        return -1;
    }
    trampoline *tr = g->trampolines;
    int rc = 0;
    for (int k = 0; k < n; k++) {
        pthread_mutex_init(&g->inflight[k].lock, NULL);
        tr[k] = (trampoline){g, fn, (char *)args + (size_t)k * arg_size, k};
        rc = pthread_create(&g->threads[k], NULL, trampoline_main, &tr[k]);
        if (rc != 0) {
            pthread_mutex_destroy(&g->inflight[k].lock);
            break;
        }
        g->started++;
    }
    pthread_mutex_lock(&g->lock);
    if (g->started == n)
        g->opened = 0;
    else
        g->cancelled = 1;
    pthread_cond_broadcast(&g->cond);
    pthread_mutex_unlock(&g->lock);
    if (g->started == n)
        return 0;
    for (int k = 0; k < g->started; k++)
        pthread_join(g->threads[k], NULL);
    snprintf(err, errlen, "could not start %d worker threads (started %d): %s", n, g->started,
             strerror(rc));
    free_group(g);
    memset(g, 0, sizeof *g);
    return -1;
}

int ltb_group_step(ltb_worker_group *g, int k, int phase)
{
    pthread_mutex_lock(&g->lock);
    g->arrived[phase]++;
    g->last_step[k] = phase;
    pthread_cond_broadcast(&g->cond);
    while (g->opened < phase && !g->cancelled)
        pthread_cond_wait(&g->cond, &g->lock);
    int rc = g->opened >= phase ? 0 : -1;
    pthread_mutex_unlock(&g->lock);
    return rc;
}

/* Waits (locked) until done(g) or the drain deadline after an interruption. */
static int wait_locked(ltb_worker_group *g, int (*done)(const ltb_worker_group *, int), int arg)
{
    while (!done(g, arg)) {
        uint64_t now = ltb_now_ns(), wake = now + POLL_NS;
        uint64_t stopped = ltb_interrupted_at_ns();
        if (stopped) {
            uint64_t deadline = stopped + (uint64_t)(g->drain_timeout_s * 1e9);
            if (now >= deadline)
                return -1;
            if (deadline < wake)
                wake = deadline;
        }
        struct timespec ts = {(time_t)(wake / 1000000000ull), (long)(wake % 1000000000ull)};
        pthread_cond_timedwait(&g->cond, &g->lock, &ts);
    }
    return 0;
}

static int all_arrived(const ltb_worker_group *g, int phase)
{
    return g->arrived[phase] >= g->started;
}

static int all_left(const ltb_worker_group *g, int unused)
{
    (void)unused;
    return g->left >= g->started;
}

int ltb_group_wait(ltb_worker_group *g, int phase)
{
    pthread_mutex_lock(&g->lock);
    int rc = wait_locked(g, all_arrived, phase);
    pthread_mutex_unlock(&g->lock);
    return rc;
}

void ltb_group_open(ltb_worker_group *g, int phase)
{
    pthread_mutex_lock(&g->lock);
    g->opened = phase;
    pthread_cond_broadcast(&g->cond);
    pthread_mutex_unlock(&g->lock);
}

int ltb_inflight_lock(ltb_inflight *s)
{
    pthread_mutex_lock(&s->lock);
    if (!s->abandoned)
        return 0;
    pthread_mutex_unlock(&s->lock);
    return -1;
}

void ltb_inflight_start(ltb_inflight *s, const ltb_record *head)
{
    s->busy = 1;
    s->head = *head;
    s->head.t_start_ns = ltb_now_ns();
    pthread_mutex_unlock(&s->lock);
}

void ltb_inflight_start_request(ltb_inflight *s, int64_t id, int worker, int sample, int batch)
{
    s->busy = 1;
    s->head.id = id;
    s->head.worker = worker;
    s->head.sample = sample;
    s->head.batch = batch;
    s->head.t_start_ns = ltb_now_ns();
    pthread_mutex_unlock(&s->lock);
}

int ltb_inflight_begin(ltb_inflight *s, const ltb_record *head)
{
    if (ltb_inflight_lock(s) != 0)
        return -1;
    ltb_inflight_start(s, head);
    return 0;
}

int ltb_inflight_end(ltb_inflight *s)
{
    pthread_mutex_lock(&s->lock);
    s->busy = 0;
    if (!s->abandoned)
        return 0;
    pthread_mutex_unlock(&s->lock);
    return -1;
}

void ltb_inflight_release(ltb_inflight *s)
{
    pthread_mutex_unlock(&s->lock);
}

int ltb_group_finish(ltb_worker_group *g, ltb_abandoned_fn on_abandoned, void *user)
{
    pthread_mutex_lock(&g->lock);
    g->cancelled = 1;
    pthread_cond_broadcast(&g->cond);
    int rc = wait_locked(g, all_left, 0);
    int running = g->started - g->left;
    pthread_mutex_unlock(&g->lock);
    if (rc == 0) {
        for (int k = 0; k < g->started; k++)
            pthread_join(g->threads[k], NULL);
        free_group(g);
        memset(g, 0, sizeof *g);
        return 0;
    }
    fprintf(stderr, "ltbench: %d worker%s still inside a request after the %g s drain timeout: "
                    "recorded as interrupted\n", running, running == 1 ? "" : "s",
            g->drain_timeout_s);
    uint64_t now = ltb_now_ns();
    g->abandoned = 1;
    for (int k = 0; k < g->started; k++) {
        ltb_inflight *s = &g->inflight[k];
        pthread_mutex_lock(&s->lock);
        s->abandoned = 1;
        if (s->busy && on_abandoned)
            on_abandoned(user, &s->head, now);
        pthread_mutex_unlock(&s->lock);
        pthread_detach(g->threads[k]);
    }
    return running > 0 ? running : 1;
}

void ltb_group_release(ltb_worker_group *g, void (*cleanup)(void *), void *arg)
{
    if (!g->abandoned) {          /* finish joined everyone and freed the group */
        if (cleanup)
            cleanup(arg);
        return;
    }
    pthread_mutex_lock(&g->lock);
    g->cleanup = cleanup;
    g->cleanup_arg = arg;
    g->released = 1;
    int all_left = g->left >= g->started;
    pthread_mutex_unlock(&g->lock);
    if (all_left) {
        free_group(g);
        if (cleanup)
            cleanup(arg);
    }
}
