/* stress.c — the ramping stress driver (see stress.h). Worker k opens its state,
 * waits (on a condition variable, no spinning) until start + k/max x ramp-up,
 * then runs requests back to back until the duration ends or the run is
 * stopped. The calling thread is the monitor: one time-series row per sample
 * interval, the progress line, Ctrl-C. */
#define _POSIX_C_SOURCE 200809L
#include "stress.h"
#include "arrival_schedule.h"
#include "clock.h"
#include "interrupt.h"
#include "progress.h"
#include "rate_issue.h"
#include "request_timed.h"
#include "rng.h"
#include "rss_sampler.h"
#include "stress_series.h"
#include "worker_group.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MONITOR_TICK_NS 250000000ull

typedef struct stress_ctx stress_ctx;

typedef struct stress_worker {
    ltb_histogram latency;        /* successful requests, cumulative */
    atomic_uint_fast64_t ok, failed;
    ltb_error_table errors;       /* written by the worker, read after join */
    stress_ctx *ctx;
    int index;
} stress_worker;

struct stress_ctx {
    const ltb_config *cfg;
    const ltb_stress_options *o;
    ltb_workload *workload;
    ltb_target *target;
    int batch, warmup;
    stress_worker *workers;
    ltb_worker_group group;
    pthread_mutex_t lock;         /* guards stop for the condition variable */
    pthread_cond_t wake;          /* CLOCK_MONOTONIC */
    atomic_int stop;
    atomic_int active;
    atomic_long next_id;
    atomic_int open_failed;
    char open_error[LTB_ERROR_LEN];
    uint64_t start_ns, end_ns;    /* set by the monitor before PHASE_WARMED opens */
    atomic_int abandoned_in_flight;
    /* --rate-ramp: the next arrival's due time and the generator of the gaps, under lock */
    uint64_t next_due_ns;
    uint64_t arrival_rng;
};

/* --rate-ramp: the offered rate t_s seconds into the test (see ltb_stress_options). */
double ltb_stress_rate_at(const ltb_stress_options *o, double t_s)
{
    if (!(o->rate_to > 0))
        return 0.0;
    double ramp = o->ramp_up_s > 0 ? o->ramp_up_s : o->duration_s;
    double f = ramp > 0 && t_s < ramp ? (t_s > 0 ? t_s / ramp : 0.0) : 1.0;
    return o->rate_from + (o->rate_to - o->rate_from) * f;
}

/* Claims the next arrival: its due time (0 once it falls after the end). */
static uint64_t claim_due(stress_ctx *ctx)
{
    pthread_mutex_lock(&ctx->lock);
    uint64_t due = ctx->next_due_ns;
    double rate = ltb_stress_rate_at(ctx->o, (double)(due - ctx->start_ns) / 1e9);
    double gap = ltb_arrival_gap_s(rate, ctx->cfg->arrivals, ctx->cfg->arrival_cv,
                                   &ctx->arrival_rng);
    ctx->next_due_ns = due + (uint64_t)(gap * 1e9);
    pthread_mutex_unlock(&ctx->lock);
    return due < ctx->end_ns ? due : 0;
}

/* The phases each worker ends, in order (worker_group.h). */
enum { PHASE_OPENED = 1, PHASE_WARMED = 2 };

/* Waits until CLOCK_MONOTONIC deadline or stop; 1 when the deadline came. */
static int wait_until(stress_ctx *ctx, uint64_t deadline_ns)
{
    struct timespec ts = {(time_t)(deadline_ns / 1000000000ull),
                          (long)(deadline_ns % 1000000000ull)};
    pthread_mutex_lock(&ctx->lock);
    while (!atomic_load(&ctx->stop) && ltb_now_ns() < deadline_ns)
        pthread_cond_timedwait(&ctx->wake, &ctx->lock, &ts);
    pthread_mutex_unlock(&ctx->lock);
    return !atomic_load(&ctx->stop);
}

static void fill_request(stress_worker *w, int64_t id, ltb_request *req)
{
    stress_ctx *ctx = w->ctx;
    memset(req, 0, sizeof *req);
    req->concurrency = ctx->o->max_concurrency;
    req->batch = ctx->batch;
    req->worker = w->index;
    ctx->workload->fill(ctx->workload, id < 0 ? -id - 1 : id, ctx->batch, req);
    req->id = id;
}

static void account(stress_worker *w, const ltb_record *rec)
{
    if (rec->res.ok) {
        uint64_t from = rec->t_due_ns ? rec->t_due_ns : rec->t_start_ns;   /* rate: from due */
        ltb_hist_record(&w->latency, rec->t_end_ns > from ? rec->t_end_ns - from : 0);
        atomic_fetch_add_explicit(&w->ok, 1, memory_order_relaxed);
    } else {
        ltb_error_table_add(&w->errors, rec->res.error);
        atomic_fetch_add_explicit(&w->failed, 1, memory_order_relaxed);
    }
}

/* One counted request; -1 when the monitor gave up on this worker meanwhile. */
static int counted_request(stress_worker *w, void *state, int64_t id, uint64_t due_ns)
{
    stress_ctx *ctx = w->ctx;
    ltb_inflight *slot = &ctx->group.inflight[w->index];
    ltb_request req;
    fill_request(w, id, &req);
    ltb_record head = {.id = id, .worker = w->index, .sample = req.sample, .batch = req.batch};
    if (ltb_inflight_begin(slot, &head) != 0)
        return -1;
    ltb_record rec;
    ltb_request_timed(ctx->target, state, &req, ctx->cfg->timeout_s, &rec);
    rec.t_due_ns = due_ns;
    if (ltb_inflight_end(slot) != 0)
        return -1;
    account(w, &rec);
    ltb_inflight_release(slot);
    return 0;
}

static void *worker_main(void *arg)
{
    stress_worker *w = arg;
    stress_ctx *ctx = w->ctx;
    ltb_target *t = ctx->target;
    void *state = NULL;
    char err[LTB_ERROR_LEN] = "";
    if (t->worker_open && t->worker_open(t, w->index, &state, err, sizeof err) != 0) {
        pthread_mutex_lock(&ctx->lock);
        if (!atomic_exchange(&ctx->open_failed, 1))
            snprintf(ctx->open_error, sizeof ctx->open_error, "worker %d: %s", w->index,
                     err[0] ? err : "could not start");
        pthread_mutex_unlock(&ctx->lock);
        state = NULL;
    }
    if (ltb_group_step(&ctx->group, w->index, PHASE_OPENED) != 0 || atomic_load(&ctx->open_failed))
        goto done;
    ltb_record rec;
    ltb_request req;
    for (int i = 0; w->index == 0 && i < ctx->warmup && !ltb_interrupted(); i++) {
        fill_request(w, -(int64_t)i - 1, &req);
        ltb_request_timed(t, state, &req, ctx->cfg->timeout_s, &rec);
    }
    if (ltb_group_step(&ctx->group, w->index, PHASE_WARMED) != 0)
        goto done;
    int open_loop = ctx->o->rate_to > 0;   /* every slot of the cap from the start */
    double share = open_loop ? 0.0 : (double)w->index / ctx->o->max_concurrency;
    if (!wait_until(ctx, ctx->start_ns + (uint64_t)(share * ctx->o->ramp_up_s * 1e9)))
        goto done;
    /* Counted until the end: a worker leaves only when the test is over, and the
     * last row reports the load held up to the end, not the workers that already
     * noticed it. */
    atomic_fetch_add(&ctx->active, 1);
    if (open_loop)
        ltb_issue_thread_init();
    while (!atomic_load_explicit(&ctx->stop, memory_order_relaxed) && ltb_now_ns() < ctx->end_ns) {
        uint64_t due = open_loop ? claim_due(ctx) : 0;
        if (open_loop && (due == 0 || ltb_wait_until_due(due) == 0 ||
                          atomic_load_explicit(&ctx->stop, memory_order_relaxed)))
            break;
        if (counted_request(w, state, atomic_fetch_add(&ctx->next_id, 1), due) != 0)
            break;
    }
done:
    if (state && t->worker_close)
        t->worker_close(t, state);
    return NULL;
}

/* Sums the workers' histograms and counters (a consistent-enough live view). */
static void collect(stress_ctx *ctx, ltb_histogram *sum, uint64_t *ok, uint64_t *failed)
{
    ltb_hist_init(sum);
    *ok = *failed = 0;
    for (int k = 0; k < ctx->o->max_concurrency; k++) {
        stress_worker *w = &ctx->workers[k];
        *ok += atomic_load_explicit(&w->ok, memory_order_relaxed);
        *failed += atomic_load_explicit(&w->failed, memory_order_relaxed);
        ltb_hist_merge(sum, &w->latency);
    }
}

static void sleep_until(uint64_t deadline_ns)
{
    uint64_t now = ltb_now_ns();
    if (deadline_ns <= now)
        return;
    uint64_t d = deadline_ns - now;
    struct timespec ts = {(time_t)(d / 1000000000ull), (long)(d % 1000000000ull)};
    nanosleep(&ts, NULL); /* a signal cuts it short: the loop looks again */
}

static void stop_workers(stress_ctx *ctx)
{
    pthread_mutex_lock(&ctx->lock);
    atomic_store(&ctx->stop, 1);
    pthread_cond_broadcast(&ctx->wake);
    pthread_mutex_unlock(&ctx->lock);
}

/* The monitor loop: rows every interval until the end or Ctrl-C; returns the
 * active workers at the end (the last row's value). */
static int monitor(stress_ctx *ctx, stress_series *series, ltb_histogram *sum,
                   ltb_stress_result *r, int *oom)
{
    ltb_progress progress;
    ltb_progress_init(&progress, ctx->cfg->quiet);
    uint64_t interval = (uint64_t)(ctx->o->sample_interval_s * 1e9);
    uint64_t next_row = ctx->start_ns + interval;
    uint64_t ok, failed;
    for (;;) {
        uint64_t now = ltb_now_ns();
        if (ltb_interrupted()) {
            r->interrupted = 1;
            break;
        }
        if (now >= ctx->end_ns)
            break;
        if (now >= next_row) {
            collect(ctx, sum, &ok, &failed);
            if (stress_series_take(series, sum, ok, failed, atomic_load(&ctx->active), now, r) != 0)
                *oom = 1;
            else if (r->n_samples > 0)
                r->samples[r->n_samples - 1].offered_rps =
                    ltb_stress_rate_at(ctx->o, (double)(now - ctx->start_ns) / 1e9);
            next_row += interval;
        }
        collect(ctx, sum, &ok, &failed);
        char label[64];
        if (ctx->o->rate_to > 0)
            snprintf(label, sizeof label, "stress %.1f/s offered, in flight <= %d",
                     ltb_stress_rate_at(ctx->o, (double)(now - ctx->start_ns) / 1e9),
                     ctx->o->max_concurrency);
        else
            snprintf(label, sizeof label, "stress %d/%d workers", atomic_load(&ctx->active),
                     ctx->o->max_concurrency);
        ltb_progress_update(&progress, label, (long)(ok + failed), 0);
        uint64_t wake = now + MONITOR_TICK_NS;
        if (next_row < wake)
            wake = next_row;
        if (ctx->end_ns < wake)
            wake = ctx->end_ns;
        sleep_until(wake);
    }
    ltb_progress_finish(&progress);
    return atomic_load(&ctx->active);
}

static int validate(const ltb_stress_options *o, char *err, size_t errlen)
{
    if (o->max_concurrency < 1 || o->duration_s <= 0 || o->sample_interval_s <= 0 ||
        o->ramp_up_s < 0) {
        snprintf(err, errlen, "stress: need --max-concurrency >= 1, --duration > 0, "
                              "--sample-interval > 0 and --ramp-up >= 0");
        return -1;
    }
    if (o->rate_to > 0 && !(o->rate_from > 0)) {
        snprintf(err, errlen, "stress: --rate-ramp FROM:TO needs FROM > 0 requests/s");
        return -1;
    }
    if (o->ramp_up_s > o->duration_s) {
        snprintf(err, errlen, "stress: --ramp-up %gs is longer than --duration %gs",
                 o->ramp_up_s, o->duration_s);
        return -1;
    }
    return 0;
}

/* The lock and condition variable of the ramp, and each worker's counters. */
static void init_ctx(stress_ctx *ctx)
{
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&ctx->wake, &attr);
    pthread_condattr_destroy(&attr);
    pthread_mutex_init(&ctx->lock, NULL);
    for (int k = 0; k < ctx->o->max_concurrency; k++) {
        stress_worker *w = &ctx->workers[k];
        ltb_hist_init(&w->latency);
        atomic_init(&w->ok, 0);
        atomic_init(&w->failed, 0);
        w->ctx = ctx;
        w->index = k;
    }
}

/* A request still running when the drain timeout ran out: a failure of type
 * "interrupted" (its worker will never count it). */
static void count_interrupted(void *user, const ltb_record *head, uint64_t now_ns)
{
    stress_ctx *ctx = user;
    stress_worker *w = &ctx->workers[head->worker];
    char msg[LTB_ERROR_LEN];
    snprintf(msg, sizeof msg, "interrupted: still running %.1f s after the stop signal "
             "(--drain-timeout)", (double)(now_ns - ltb_interrupted_at_ns()) / 1e9);
    ltb_error_table_add(&w->errors, msg);
    atomic_fetch_add(&w->failed, 1);
    atomic_fetch_add(&ctx->abandoned_in_flight, 1);
}

static void finish(stress_ctx *ctx, ltb_stress_result *r)
{
    for (int k = 0; k < ctx->o->max_concurrency; k++) {
        stress_worker *w = &ctx->workers[k];
        ltb_hist_merge(r->latency, &w->latency);
        ltb_error_table_merge(&r->errors, &w->errors);
    }
    r->ok = ltb_hist_count(r->latency);
    r->total = r->ok + r->failed;
    r->requests_started = (uint64_t)atomic_load(&ctx->next_id);
    r->interrupted_in_flight = (uint64_t)atomic_load(&ctx->abandoned_in_flight);
}

static void free_ctx(void *p)
{
    stress_ctx *ctx = p;
    pthread_cond_destroy(&ctx->wake);
    pthread_mutex_destroy(&ctx->lock);
    free(ctx->workers);
    free(ctx);
}

/* Opens the workers' state and runs the warm-up; 1 when the test may start. */
static int open_and_warm_up(stress_ctx *ctx, int *rc, char *err, size_t errlen)
{
    if (ltb_group_wait(&ctx->group, PHASE_OPENED) != 0)
        return 0;
    ltb_group_open(&ctx->group, PHASE_OPENED);
    if (atomic_load(&ctx->open_failed)) {
        snprintf(err, errlen, "%s", ctx->open_error);
        *rc = -1;
        return 0;
    }
    return ltb_group_wait(&ctx->group, PHASE_WARMED) == 0;
}

static int prepare(const ltb_config *cfg, const ltb_stress_options *o, ltb_workload *w,
                   ltb_stress_result *r, int batch, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    r->config = *cfg;
    r->options = *o;
    if (validate(o, err, errlen) != 0)
        return -1;
    r->latency = malloc(sizeof *r->latency);
    if (!r->latency) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    ltb_hist_init(r->latency);
    if (cfg->width == 0 && w->width)
        r->config.width = w->width, r->config.height = w->height;
    return w->prepare_batch(w, batch, err, errlen);
}

int ltb_stress_run(const ltb_config *cfg, const ltb_stress_options *o, ltb_workload *w,
                   ltb_target *t, ltb_stress_result *r, char *err, size_t errlen)
{
    int batch = cfg->n_batch > 0 ? cfg->batch[0] : 1;
    if (prepare(cfg, o, w, r, batch, err, errlen) != 0)
        return -1;
    stress_ctx *ctx = calloc(1, sizeof *ctx);
    ltb_histogram *sum = malloc(sizeof *sum);
    stress_series series;
    int series_ok = stress_series_init(&series) == 0;
    if (ctx)
        ctx->workers = calloc((size_t)o->max_concurrency, sizeof *ctx->workers);
    if (!ctx || !ctx->workers || !sum || !series_ok) {
        snprintf(err, errlen, "out of memory for %d stress workers", o->max_concurrency);
        if (ctx)
            free(ctx->workers);
        free(ctx);
        free(sum);
        if (series_ok)
            stress_series_free(&series);
        return -1;
    }
    ctx->cfg = cfg;
    ctx->o = o;
    ctx->workload = w;
    ctx->target = t;
    ctx->batch = batch;
    ctx->warmup = cfg->warmup < 0 ? 5 : cfg->warmup;
    r->warmup_requests = ctx->warmup;
    r->rss_start_mb = rss_current_mb();
    init_ctx(ctx);
    if (ltb_group_start(&ctx->group, o->max_concurrency, worker_main, ctx->workers,
                        sizeof *ctx->workers, cfg->drain_timeout_s, err, errlen) != 0) {
        free_ctx(ctx);
        free(sum);
        stress_series_free(&series);
        ltb_stress_result_free(r);
        return -1;
    }
    int oom = 0, rc = 0, final_active = 0;
    int go = open_and_warm_up(ctx, &rc, err, errlen);
    ctx->start_ns = ltb_now_ns();
    ctx->end_ns = ctx->start_ns + (uint64_t)(o->duration_s * 1e9);
    ctx->arrival_rng = ltb_rng_state(cfg->seed, 0xA442u);
    ctx->next_due_ns = ctx->start_ns;
    r->started_unix = ltb_unix_now();
    stress_series_begin(&series, ctx->start_ns);
    if (go) {
        ltb_group_open(&ctx->group, PHASE_WARMED);
        final_active = monitor(ctx, &series, sum, r, &oom);
    } else if (rc == 0) {
        r->interrupted = 1;       /* stopped during the warm-up */
    }
    stop_workers(ctx);
    r->workers_left_running = ltb_group_finish(&ctx->group, count_interrupted, ctx);
    uint64_t end = ltb_now_ns();
    uint64_t ok, failed;
    collect(ctx, sum, &ok, &failed);
    r->failed = failed;
    if (rc == 0 && stress_series_take(&series, sum, ok, failed, final_active, end, r) != 0)
        oom = 1;
    else if (rc == 0 && r->n_samples > 0)
        r->samples[r->n_samples - 1].offered_rps =
            ltb_stress_rate_at(o, (double)(end - ctx->start_ns) / 1e9);
    r->elapsed_s = (double)(end - ctx->start_ns) / 1e9;
    finish(ctx, r);
    ltb_stress_leak_check(r);
    stress_series_free(&series);
    free(sum);
    /* freed now, or by the last abandoned worker when it leaves */
    ltb_group_release(&ctx->group, free_ctx, ctx);
    if (rc == 0 && oom) {
        snprintf(err, errlen, "out of memory for the time series");
        rc = -1;
    }
    if (rc != 0)
        ltb_stress_result_free(r);
    return rc;
}
