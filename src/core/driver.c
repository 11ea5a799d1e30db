/* driver.c — runs a benchmark: for each batch size and concurrency level, a
 * warm-up, then N worker threads pull request indices from an atomic counter (in
 * blocks: index_block.h) and write one preallocated record each. T_wall of a level
 * is bracketed by a device sync. The driver knows only ltb_target, ltb_workload and ltb_record (and, on a
 * CUDA target, measures the device's memory and telemetry per level: gpu_level.h).
 * A level whose warm-up runs out of memory is skipped with that reason, so a
 * batch-size sweep goes on to the next point. */
#define _POSIX_C_SOURCE 200809L
#include "driver.h"
#include "arrival_schedule.h"
#include "clock.h"
#include "gpu_level.h"
#include "interrupt.h"
#include "progress.h"
#include "rate_issue.h"
#include "record_store.h"
#include "index_block.h"
#include "request_timed.h"
#include "rss_sampler.h"
#include "thread_plan.h"
#include "worker_group.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct level_ctx {
    const ltb_config *cfg;
    ltb_workload *workload;
    ltb_target *target;
    int concurrency, batch;
    int warmup;
    int iterations;
    uint64_t min_time_ns;             /* also run until this long has passed */
    uint64_t t_go;                    /* when the timed part started */
    uint64_t *due;                    /* rate mode: the schedule (ns after t_go); NULL:
                                         closed loop */
    atomic_long warmup_next;
    atomic_long next;
    record_store store;
    ltb_worker_group group;
    atomic_int open_failed;
    char open_error[LTB_ERROR_LEN];
    int level_index;                  /* in the run: the fleet's barrier names levels by it */
    int intra_threads;                /* each worker's intra-op threads (thread_plan.h) */
    atomic_int warmup_oom;            /* a warm-up request ran out of memory */
    char oom_error[LTB_ERROR_LEN];
    pthread_mutex_t error_lock;
    struct worker_arg *args;          /* one per worker */
} level_ctx;

typedef struct worker_arg {
    level_ctx *ctx;
    int worker;
} worker_arg;

/* The phases each worker ends, in order (worker_group.h). */
enum { PHASE_OPENED = 1, PHASE_WARMED = 2 };

int ltb_effective_warmup(const ltb_config *cfg, int concurrency)
{
    if (cfg->warmup < 0)
        return concurrency > 5 ? concurrency : 5;
    if (cfg->warmup == 0)
        return 0;
    return cfg->warmup > concurrency ? cfg->warmup : concurrency;
}

static void fill_request(level_ctx *ctx, int64_t id, int worker, ltb_request *req)
{
    memset(req, 0, sizeof *req);
    req->id = id;
    req->concurrency = ctx->concurrency;
    req->batch = ctx->batch;
    req->worker = worker;
    ctx->workload->fill(ctx->workload, id, ctx->batch, req);
}

/* Timed request i into its record, unless the coordinator gave up on this worker
 * (then -1: leave; the records are the coordinator's now), or the record store is
 * full or out of memory (-1). */
static int run_timed(level_ctx *ctx, void *state, long i, int worker, uint64_t due_ns,
                     uint64_t ready_ns, uint64_t *took_ns)
{
    ltb_inflight *slot = &ctx->group.inflight[worker];
    ltb_request req;
    fill_request(ctx, i, worker, &req);
    if (ltb_inflight_lock(slot) != 0)
        return -1;
    ltb_record *rec = record_store_at(&ctx->store, (size_t)i);
    if (!rec) {
        ltb_inflight_release(slot);
        return -1;   /* the per-level record limit, or out of memory */
    }
    ltb_inflight_start_request(slot, i, worker, req.sample, req.batch);
    ltb_record done;
    ltb_request_timed(ctx->target, state, &req, ctx->cfg->timeout_s, &done);
    done.t_due_ns = due_ns;
    done.t_ready_ns = ready_ns;
    if (ltb_inflight_end(slot) != 0)
        return -1;
    *rec = done;
    ltb_inflight_release(slot);
    *took_ns = done.t_end_ns - done.t_start_ns;
    return 0;
}

/* The calling worker's cores (--pin) and intra-op threads, before its target state
 * (and so its OpenMP pool) exists. */
static int worker_threads(level_ctx *ctx, int worker, char *err, size_t errlen)
{
    ltb_target *t = ctx->target;
    if (ctx->cfg->pin && ltb_pin_worker(worker, ctx->intra_threads, err, errlen) != 0)
        return -1;
    if (t->worker_threads && t->worker_threads(t, ctx->intra_threads, err, errlen) != 0)
        return -1;
    return 0;
}

static void *worker_main(void *p)
{
    worker_arg *arg = p;
    level_ctx *ctx = arg->ctx;
    ltb_target *t = ctx->target;
    void *state = NULL;
    char err[LTB_ERROR_LEN] = "";

    if (worker_threads(ctx, arg->worker, err, sizeof err) != 0 ||
        (t->worker_open && t->worker_open(t, arg->worker, &state, err, sizeof err) != 0)) {
        pthread_mutex_lock(&ctx->error_lock);
        if (!atomic_exchange(&ctx->open_failed, 1))
            snprintf(ctx->open_error, sizeof ctx->open_error, "worker %d: %s", arg->worker,
                     err[0] ? err : "could not start");
        pthread_mutex_unlock(&ctx->error_lock);
        state = NULL;
    }
    if (ltb_group_step(&ctx->group, arg->worker, PHASE_OPENED) != 0)
        goto leave;
    int usable = !atomic_load(&ctx->open_failed);

    ltb_record scratch;
    ltb_request req;
    long i;
    while (usable && !ltb_interrupted() && !atomic_load(&ctx->warmup_oom) &&
           (i = atomic_fetch_add(&ctx->warmup_next, 1)) < ctx->warmup) {
        fill_request(ctx, -(int64_t)i - 1, arg->worker, &req);
        ltb_request_timed(t, state, &req, ctx->cfg->timeout_s, &scratch);
        if (scratch.res.out_of_memory) {
            pthread_mutex_lock(&ctx->error_lock);
            if (!atomic_exchange(&ctx->warmup_oom, 1))
                snprintf(ctx->oom_error, sizeof ctx->oom_error, "%s", scratch.res.error);
            pthread_mutex_unlock(&ctx->error_lock);
        }
    }
    if (ltb_group_step(&ctx->group, arg->worker, PHASE_WARMED) != 0)
        goto leave;
    usable = usable && !atomic_load(&ctx->warmup_oom);

    ltb_index_block block = {0, 0};
    uint64_t took_ns = 0;   /* the last request's time: sizes the next block */
    while (usable && !ltb_interrupted() && !ctx->due) {
        i = ltb_block_next(&block, &ctx->next, ctx->iterations, ctx->concurrency, took_ns);
        if (i >= ctx->iterations &&
            (ctx->min_time_ns == 0 || ltb_now_ns() - ctx->t_go >= ctx->min_time_ns))
            break;
        if (run_timed(ctx, state, i, arg->worker, 0, 0, &took_ns) != 0)
            break;
    }
    /* open loop: the next due index, once due (a free worker claims it at once and
     * waits for its time; one due while every worker is busy starts late) */
    if (usable && ctx->due)
        ltb_issue_thread_init();
    while (usable && !ltb_interrupted() && ctx->due) {
        i = atomic_fetch_add_explicit(&ctx->next, 1, memory_order_relaxed);
        if (i >= ctx->iterations)
            break;
        uint64_t due = ctx->t_go + ctx->due[i];
        uint64_t ready = ltb_wait_until_due(due);
        if (ready == 0 ||
            run_timed(ctx, state, i, arg->worker, due, ready, &took_ns) != 0)
            break;
    }
leave:
    if (state && t->worker_close)
        t->worker_close(t, state);
    return NULL;
}

static void device_sync(ltb_target *t)
{
    if (t->sync)
        t->sync(t, NULL);
}

/* Lets every rank of a fleet reach the timed part of a level together (a no-op alone). */
static void level_gate(const ltb_config *cfg, int level_index)
{
    if (cfg->level_gate)
        cfg->level_gate(cfg->level_gate_user, level_index);
}

/* A request still running when the drain timeout ran out: recorded as a failed,
 * interrupted request (its worker will never write it). */
static void record_interrupted(void *user, const ltb_record *head, uint64_t now_ns)
{
    level_ctx *ctx = user;
    ltb_record *rec = head->id >= 0 ? record_store_at(&ctx->store, (size_t)head->id) : NULL;
    if (!rec)
        return;
    memset(rec, 0, sizeof *rec);
    rec->id = head->id;
    rec->worker = head->worker;
    rec->sample = head->sample;
    rec->batch = head->batch;
    rec->t_start_ns = head->t_start_ns;
    rec->t_end_ns = now_ns;
    rec->res.gpu_ms = -1;
    rec->res.server_processing_s = -1;
    snprintf(rec->res.error, sizeof rec->res.error,
             "interrupted: still running %.1f s after the stop signal (--drain-timeout)",
             (double)(now_ns - ltb_interrupted_at_ns()) / 1e9);
}

static level_ctx *new_level_ctx(const ltb_config *cfg, ltb_workload *w, ltb_target *t,
                                const ltb_level *lvl)
{
    level_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return NULL;
    ctx->cfg = cfg;
    ctx->workload = w;
    ctx->target = t;
    ctx->concurrency = lvl->concurrency;
    ctx->batch = lvl->batch;
    ctx->warmup = ltb_effective_warmup(cfg, lvl->concurrency);
    ctx->iterations = cfg->iterations;
    ctx->min_time_ns = cfg->min_time_s > 0 ? (uint64_t)(cfg->min_time_s * 1e9) : 0;
    size_t max_records = ctx->min_time_ns ? LTB_MAX_RECORDS_PER_LEVEL : (size_t)cfg->iterations;
    if (lvl->rate > 0) {          /* open loop: the whole schedule, drawn up front */
        size_t n = ltb_schedule_count(lvl->rate, cfg->iterations, cfg->min_time_s,
                                      LTB_MAX_RECORDS_PER_LEVEL);
        ctx->due = malloc(n * sizeof *ctx->due);
        if (!ctx->due) {
            free(ctx);
            return NULL;
        }
        ltb_arrival_schedule(lvl->rate, cfg->arrivals, cfg->arrival_cv, cfg->seed, n, ctx->due);
        ctx->iterations = (int)n;
        ctx->min_time_ns = 0;
        max_records = n;
    }
    if (record_store_init(&ctx->store, (size_t)ctx->iterations, max_records) != 0) {
        size_t ignored;
        free(record_store_compact(&ctx->store, 0, &ignored));
        free(ctx->due);
        free(ctx);
        return NULL;
    }
    pthread_mutex_init(&ctx->error_lock, NULL);
    return ctx;
}

static void free_level_ctx(void *p)
{
    level_ctx *ctx = p;
    pthread_mutex_destroy(&ctx->error_lock);
    free(ctx->args);
    free(ctx->due);
    free(ctx);
}

/* Runs the level's phases: open, warm up, timed (GPU memory and telemetry around the
 * timed part). */
static void coordinate(level_ctx *ctx, ltb_level *lvl, ltb_gpu_level *gpu)
{
    ltb_target *t = ctx->target;
    if (ltb_group_wait(&ctx->group, PHASE_OPENED) != 0)
        return;
    ltb_group_open(&ctx->group, PHASE_OPENED);
    if (ltb_group_wait(&ctx->group, PHASE_WARMED) != 0)
        return;
    level_gate(ctx->cfg, ctx->level_index);
    device_sync(t);
    ltb_gpu_level_timed(gpu, ctx->cfg->quiet);
    ctx->t_go = ltb_now_ns();
    char label[96];
    if (lvl->rate > 0)
        snprintf(label, sizeof label, "rate %g/s, in flight <= %d, batch %d", lvl->rate,
                 lvl->concurrency, lvl->batch);
    else
        snprintf(label, sizeof label, "concurrency %d, batch %d", lvl->concurrency, lvl->batch);
    ltb_progress_watch progress;
    ltb_progress_watch_start(&progress, ctx->cfg->quiet, label, &ctx->next, ctx->iterations);
    uint64_t cpu_start = ltb_process_cpu_ns();
    ltb_group_open(&ctx->group, PHASE_WARMED);
    /* the workers run the timed requests now; ltb_group_finish waits for them */
    if (ltb_group_wait(&ctx->group, LTB_GROUP_MAX_PHASE) == 0)
        lvl->metrics.timed_cpu_s = (double)(ltb_process_cpu_ns() - cpu_start) / 1e9;
    ltb_progress_watch_stop(&progress);
}

/* Runs one level into lvl; the level's metrics are computed after the run (metrics/). A
 * level whose workers cannot start is marked failed (skipped, with the reason)
 * and the sweep goes on. *left_running = workers abandoned inside a request
 * after an interruption (their context is left to them). */
static int run_level(const ltb_config *cfg, ltb_workload *w, ltb_target *t, ltb_level *lvl,
                     int level_index, int *left_running, char *err, size_t errlen)
{
    level_ctx *ctx = new_level_ctx(cfg, w, t, lvl);
    worker_arg *args = ctx ? calloc((size_t)lvl->concurrency, sizeof *args) : NULL;
    if (!args) {
        if (ctx) {
            size_t ignored;
            free(record_store_compact(&ctx->store, 0, &ignored));
            free_level_ctx(ctx);
        }
        snprintf(err, errlen, "out of memory for %d records", cfg->iterations);
        return -1;
    }
    ctx->args = args;
    ctx->level_index = level_index;
    ctx->intra_threads = ltb_level_intra_threads(cfg->threads, ltb_cores_available(),
                                                 lvl->concurrency);
    lvl->intra_op_threads = t->worker_threads ? ctx->intra_threads : 0;
    for (int k = 0; k < lvl->concurrency; k++)
        args[k] = (worker_arg){ctx, k};
    char why[LTB_ERROR_LEN];
    if (ltb_group_start(&ctx->group, lvl->concurrency, worker_main, args, sizeof *args,
                        cfg->drain_timeout_s, why, sizeof why) != 0) {
        fprintf(stderr, "ltbench: concurrency %d, batch %d: %s\n", lvl->concurrency, lvl->batch, why);
        lvl->skipped = 1;
        snprintf(lvl->note, sizeof lvl->note, "%s", why);
        level_gate(cfg, level_index);   /* the other ranks of a fleet still meet here */
        size_t ignored;
        free(record_store_compact(&ctx->store, 0, &ignored));
        free_level_ctx(ctx);
        return 0;
    }
    rss_sampler rss;
    rss_sampler_start(&rss, 20);
    ltb_gpu_level gpu;
    ltb_gpu_level_begin(&gpu, t->device, cfg->quiet);
    coordinate(ctx, lvl, &gpu);
    *left_running = ltb_group_finish(&ctx->group, record_interrupted, ctx);
    if (!*left_running)
        device_sync(t);
    ltb_gpu_level_end(&gpu, &lvl->metrics);
    double peak_mb, avg_mb;
    rss_sampler_stop(&rss, &peak_mb, &avg_mb);

    long taken = atomic_load(&ctx->next);
    if (ctx->due && taken > ctx->iterations)
        taken = ctx->iterations;
    lvl->records = record_store_compact(&ctx->store, (size_t)(taken > 0 ? taken : 0), &lvl->n_records);
    if (atomic_load(&ctx->open_failed)) {
        lvl->skipped = 1;
        snprintf(lvl->note, sizeof lvl->note, "%s", ctx->open_error);
        lvl->n_records = 0;
    } else if (atomic_load(&ctx->warmup_oom)) {
        lvl->skipped = 1;
        snprintf(lvl->note, sizeof lvl->note, "out of memory at batch %d in the warm-up: %s",
                 lvl->batch, ctx->oom_error);
        lvl->n_records = 0;
    }
    lvl->metrics.peak_rss_mb = peak_mb;
    lvl->metrics.avg_rss_mb = avg_mb;
    /* freed now, or by the last abandoned worker when it leaves */
    ltb_group_release(&ctx->group, free_level_ctx, ctx);
    return 0;
}

static int n_shapes_of(const ltb_workload *w)
{
    return w->prepare_shape && w->n_shapes > 1 ? w->n_shapes : 1;
}

static int validate_config(const ltb_config *cfg, int shapes, char *err, size_t errlen)
{
    if (cfg->n_concurrency < 1 || cfg->n_batch < 1) {
        snprintf(err, errlen, "no concurrency levels or batch sizes to run");
        return -1;
    }
    int reps = cfg->repetitions > 0 ? cfg->repetitions : 1;
    int rates = cfg->n_rate > 0 ? cfg->n_rate : 1;
    if ((long)cfg->n_concurrency * cfg->n_batch * reps * rates * shapes > LTB_MAX_RUN_LEVELS) {
        snprintf(err, errlen, "%d concurrency x %d batch x %d rates x %d repetitions%s: at most "
                 "%d levels per run", cfg->n_concurrency, cfg->n_batch, rates, reps,
                 shapes > 1 ? " x shapes" : "",
                 LTB_MAX_RUN_LEVELS);
        return -1;
    }
    for (int k = 0; k < cfg->n_rate; k++)
        if (!(cfg->rate[k] > 0.0)) {
            snprintf(err, errlen, "--rate: %g is not a positive number of requests per second",
                     cfg->rate[k]);
            return -1;
        }
    if (cfg->iterations < 1) {
        snprintf(err, errlen, "--iterations must be at least 1");
        return -1;
    }
    return 0;
}

int ltb_drive(const ltb_config *cfg, ltb_workload *w, ltb_target *t, ltb_run *run, char *err,
              size_t errlen)
{
    memset(run, 0, sizeof *run);
    run->config = *cfg;
    int reps = cfg->repetitions > 0 ? cfg->repetitions : 1;
    int n_rates = cfg->n_rate > 0 ? cfg->n_rate : 1;   /* closed loop: one pass */
    run->samples = w->samples;
    run->n_samples = w->n_samples;
    int shapes = n_shapes_of(w);
    if (validate_config(cfg, shapes, err, errlen) != 0)
        return -1;
    if (cfg->width == 0 && w->width)
        run->config.width = w->width, run->config.height = w->height;
    run->started_unix = ltb_unix_now();
    run->started_mono_ns = ltb_now_ns();

    for (int s = 0; s < shapes && !ltb_interrupted(); s++) {
      char shape_note[LTB_ERROR_LEN] = "";
      int shape_ready = !w->prepare_shape || w->prepare_shape(w, s, shape_note, sizeof shape_note) == 0;
      for (int b = 0; b < cfg->n_batch && !ltb_interrupted(); b++) {
        int batch = cfg->batch[b];
        char note[LTB_ERROR_LEN] = "";
        int prepared = shape_ready && w->prepare_batch(w, batch, note, sizeof note) == 0;
        if (!shape_ready)
            snprintf(note, sizeof note, "%s", shape_note);
        for (int c = 0; c < cfg->n_concurrency && !ltb_interrupted(); c++) {
          for (int k = 0; k < n_rates && !ltb_interrupted(); k++) {
            for (int r = 0; r < reps && !ltb_interrupted(); r++) {
                int index = run->n_levels++;
                ltb_level *lvl = &run->levels[index];
                lvl->concurrency = cfg->concurrency[c];
                lvl->rate = cfg->n_rate > 0 ? cfg->rate[k] : 0.0;
                lvl->batch = batch;
                lvl->repetition = r;
                lvl->shape = s;
                if (w->shape_name)
                    snprintf(lvl->shape_name, sizeof lvl->shape_name, "%s", w->shape_name(w, s));
                lvl->metrics.gpu_mem_mb = -1;      /* "none" until measured */
                lvl->metrics.timed_cpu_s = -1;
                ltb_gpu_metrics_none(&lvl->metrics.gpu);
                if (!prepared) {
                    lvl->skipped = 1;
                    snprintf(lvl->note, sizeof lvl->note, "%s", note);
                    level_gate(&run->config, index);
                } else if (run_level(&run->config, w, t, lvl, index, &run->workers_left_running, err,
                                     errlen) != 0) {
                    return -1;
                }
            }
          }
        }
      }
    }
    run->interrupted = ltb_interrupted();
    return 0;
}

void ltb_run_free(ltb_run *run)
{
    for (int i = 0; i < run->n_levels; i++) {
        free(run->levels[i].records);
        run->levels[i].records = NULL;
    }
    run->n_levels = 0;
}
