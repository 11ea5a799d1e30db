/* driver.c — runs a benchmark: for each batch size and concurrency level, a
 * warm-up, then N worker threads pull request indices from an atomic counter and
 * write one preallocated record each. T_wall of a level is bracketed by a device
 * sync. The driver knows only ltb_target, ltb_workload and ltb_record. */
#define _POSIX_C_SOURCE 200809L
#include "ltbench.h"
#include "clock.h"
#include "interrupt.h"
#include "metrics.h"
#include "progress.h"
#include "record_store.h"
#include "request_timed.h"
#include "rss_sampler.h"

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
    atomic_long warmup_next;
    atomic_long next;
    record_store store;
    pthread_barrier_t opened, warmed, go;
    atomic_int open_failed;
    char open_error[LTB_ERROR_LEN];
    pthread_mutex_t error_lock;
} level_ctx;

typedef struct worker_arg {
    level_ctx *ctx;
    int worker;
} worker_arg;

int ltb_effective_warmup(const ltb_config *cfg, int concurrency)
{
    if (cfg->warmup < 0)
        return concurrency > 5 ? concurrency : 5;
    if (cfg->warmup == 0)
        return 0;
    return cfg->warmup > concurrency ? cfg->warmup : concurrency;
}

static void run_request(level_ctx *ctx, void *state, int64_t id, int worker, ltb_record *rec)
{
    ltb_request req;
    memset(&req, 0, sizeof req);
    req.id = id;
    req.concurrency = ctx->concurrency;
    req.batch = ctx->batch;
    req.worker = worker;
    ctx->workload->fill(ctx->workload, id, ctx->batch, &req);
    ltb_request_timed(ctx->target, state, &req, ctx->cfg->timeout_s, rec);
}

static void *worker_main(void *p)
{
    worker_arg *arg = p;
    level_ctx *ctx = arg->ctx;
    ltb_target *t = ctx->target;
    void *state = NULL;
    char err[LTB_ERROR_LEN] = "";

    if (t->worker_open && t->worker_open(t, arg->worker, &state, err, sizeof err) != 0) {
        pthread_mutex_lock(&ctx->error_lock);
        if (!atomic_exchange(&ctx->open_failed, 1))
            snprintf(ctx->open_error, sizeof ctx->open_error, "worker %d: %s", arg->worker,
                     err[0] ? err : "could not start");
        pthread_mutex_unlock(&ctx->error_lock);
        state = NULL;
    }
    pthread_barrier_wait(&ctx->opened);
    int usable = !atomic_load(&ctx->open_failed);

    ltb_record scratch;
    long i;
    while (usable && !ltb_interrupted() &&
           (i = atomic_fetch_add(&ctx->warmup_next, 1)) < ctx->warmup)
        run_request(ctx, state, -(int64_t)i - 1, arg->worker, &scratch);
    pthread_barrier_wait(&ctx->warmed);
    pthread_barrier_wait(&ctx->go);

    while (usable && !ltb_interrupted()) {
        i = atomic_fetch_add(&ctx->next, 1);
        if (i >= ctx->iterations &&
            (ctx->min_time_ns == 0 || ltb_now_ns() - ctx->t_go >= ctx->min_time_ns))
            break;
        ltb_record *rec = record_store_at(&ctx->store, (size_t)i);
        if (!rec)
            break;   /* the per-level record limit, or out of memory */
        run_request(ctx, state, i, arg->worker, rec);
    }

    if (state && t->worker_close)
        t->worker_close(t, state);
    return NULL;
}

static void device_sync(ltb_target *t)
{
    if (t->sync)
        t->sync(t, NULL);
}

/* Runs one level into lvl; the level's metrics are computed by the caller. */
static void level_gate(const ltb_config *cfg, int level_index)
{
    if (cfg->level_gate)
        cfg->level_gate(cfg->level_gate_user, level_index);
}

static int run_level(const ltb_config *cfg, ltb_workload *w, ltb_target *t, ltb_level *lvl,
                     int level_index, char *err, size_t errlen)
{
    level_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.cfg = cfg;
    ctx.workload = w;
    ctx.target = t;
    ctx.concurrency = lvl->concurrency;
    ctx.batch = lvl->batch;
    ctx.warmup = ltb_effective_warmup(cfg, lvl->concurrency);
    ctx.iterations = cfg->iterations;
    ctx.min_time_ns = cfg->min_time_s > 0 ? (uint64_t)(cfg->min_time_s * 1e9) : 0;
    size_t max_records = ctx.min_time_ns ? LTB_MAX_RECORDS_PER_LEVEL : (size_t)cfg->iterations;
    int stored = record_store_init(&ctx.store, (size_t)cfg->iterations, max_records) == 0;
    pthread_t *threads = calloc((size_t)lvl->concurrency, sizeof *threads);
    worker_arg *args = calloc((size_t)lvl->concurrency, sizeof *args);
    if (!stored || !threads || !args) {
        size_t ignored;
        free(record_store_compact(&ctx.store, 0, &ignored));
        free(threads);
        free(args);
        snprintf(err, errlen, "out of memory for %d records", cfg->iterations);
        return -1;
    }
    unsigned parties = (unsigned)lvl->concurrency + 1;
    pthread_barrier_init(&ctx.opened, NULL, parties);
    pthread_barrier_init(&ctx.warmed, NULL, parties);
    pthread_barrier_init(&ctx.go, NULL, parties);
    pthread_mutex_init(&ctx.error_lock, NULL);

    int started = 0;
    for (; started < lvl->concurrency; started++) {
        args[started] = (worker_arg){&ctx, started};
        if (pthread_create(&threads[started], NULL, worker_main, &args[started]) != 0)
            break;
    }
    int rc = 0;
    if (started < lvl->concurrency) {
        /* Cannot release the barriers safely with fewer parties: stop here. */
        snprintf(err, errlen, "could not start %d worker threads (started %d)", lvl->concurrency,
                 started);
        fprintf(stderr, "ltbench: %s\n", err);
        abort();
    }
    rss_sampler rss;
    rss_sampler_start(&rss, 20);
    pthread_barrier_wait(&ctx.opened);
    pthread_barrier_wait(&ctx.warmed);
    level_gate(cfg, level_index);
    device_sync(t);
    ctx.t_go = ltb_now_ns();
    pthread_barrier_wait(&ctx.go);
    char label[64];
    snprintf(label, sizeof label, "concurrency %d, batch %d", lvl->concurrency, lvl->batch);
    ltb_progress_watch progress;
    ltb_progress_watch_start(&progress, cfg->quiet, label, &ctx.next, ctx.iterations);
    for (int k = 0; k < started; k++)
        pthread_join(threads[k], NULL);
    ltb_progress_watch_stop(&progress);
    device_sync(t);
    double peak_mb, avg_mb;
    rss_sampler_stop(&rss, &peak_mb, &avg_mb);

    long taken = atomic_load(&ctx.next);
    lvl->records = record_store_compact(&ctx.store, (size_t)(taken > 0 ? taken : 0), &lvl->n_records);
    if (atomic_load(&ctx.open_failed)) {
        lvl->skipped = 1;
        snprintf(lvl->note, sizeof lvl->note, "%s", ctx.open_error);
        lvl->n_records = 0;
    }
    lvl->metrics.peak_rss_mb = peak_mb;
    lvl->metrics.avg_rss_mb = avg_mb;

    pthread_barrier_destroy(&ctx.opened);
    pthread_barrier_destroy(&ctx.warmed);
    pthread_barrier_destroy(&ctx.go);
    pthread_mutex_destroy(&ctx.error_lock);
    free(threads);
    free(args);
    return rc;
}

static void compute_metrics(const ltb_run *run, ltb_level *lvl)
{
    double peak = lvl->metrics.peak_rss_mb, avg = lvl->metrics.avg_rss_mb;
    const ltb_config *cfg = &run->config;
    if (cfg->task == LTB_TASK_TTS)
        ltb_metrics_tts(lvl->records, lvl->n_records, lvl->concurrency, run->samples,
                        run->n_samples, &lvl->metrics);
    else
        ltb_metrics_image(lvl->records, lvl->n_records, lvl->concurrency, lvl->batch,
                          cfg->width, cfg->height, run->samples, run->n_samples, &lvl->metrics);
    lvl->metrics.peak_rss_mb = peak;
    lvl->metrics.avg_rss_mb = avg;
    lvl->metrics.gpu_mem_mb = -1;
}

static int validate_config(const ltb_config *cfg, char *err, size_t errlen)
{
    if (cfg->n_concurrency < 1 || cfg->n_batch < 1) {
        snprintf(err, errlen, "no concurrency levels or batch sizes to run");
        return -1;
    }
    int reps = cfg->repetitions > 0 ? cfg->repetitions : 1;
    if (cfg->n_concurrency * cfg->n_batch * reps > LTB_MAX_RUN_LEVELS) {
        snprintf(err, errlen, "%d concurrency x %d batch x %d repetitions: at most %d levels per run",
                 cfg->n_concurrency, cfg->n_batch, reps, LTB_MAX_RUN_LEVELS);
        return -1;
    }
    if (cfg->iterations < 1) {
        snprintf(err, errlen, "--iterations must be at least 1");
        return -1;
    }
    return 0;
}

int ltb_run_benchmark(const ltb_config *cfg, ltb_workload *w, ltb_target *t, ltb_run *run,
                      char *err, size_t errlen)
{
    memset(run, 0, sizeof *run);
    run->config = *cfg;
    int reps = cfg->repetitions > 0 ? cfg->repetitions : 1;
    run->samples = w->samples;
    run->n_samples = w->n_samples;
    if (validate_config(cfg, err, errlen) != 0)
        return -1;
    if (cfg->width == 0 && w->width)
        run->config.width = w->width, run->config.height = w->height;
    run->started_unix = ltb_unix_now();
    run->started_mono_ns = ltb_now_ns();

    for (int b = 0; b < cfg->n_batch && !ltb_interrupted(); b++) {
        int batch = cfg->batch[b];
        char note[LTB_ERROR_LEN] = "";
        int prepared = w->prepare_batch(w, batch, note, sizeof note) == 0;
        for (int c = 0; c < cfg->n_concurrency && !ltb_interrupted(); c++) {
            int first = run->n_levels;
            for (int r = 0; r < reps && !ltb_interrupted(); r++) {
                int index = run->n_levels++;
                ltb_level *lvl = &run->levels[index];
                lvl->concurrency = cfg->concurrency[c];
                lvl->batch = batch;
                lvl->repetition = r;
                if (!prepared) {
                    lvl->skipped = 1;
                    snprintf(lvl->note, sizeof lvl->note, "%s", note);
                    level_gate(&run->config, index);
                } else if (run_level(&run->config, w, t, lvl, index, err, errlen) != 0) {
                    return -1;
                }
                compute_metrics(run, lvl);
            }
            ltb_repetition_stats(&run->levels[first], run->n_levels - first, cfg->task);
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
