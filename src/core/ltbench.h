/* ltbench.h — the public C API of libltbench.
 *
 * A C or C++ program benchmarks its own function the way the seed's Python users
 * passed a function: write an ltb_callback_fn, wrap it with ltb_target_callback,
 * and hand it to ltb_run with a config. Same driver, metrics and files as the
 * CLI. Everything here is plain C11.
 *
 * What a library user may call is what this header declares, and only that:
 *   targets    ltb_target_callback, ltb_target_null, ltb_target_sleep
 *   config     ltb_config_defaults, ltb_task_name, ltb_task_from_name
 *   workloads  ltb_workload_synthetic_images, ltb_workload_image_dir,
 *              ltb_workload_texts, ltb_workload_free
 *   running    ltb_run_benchmark (the driver, then the metrics), ltb_run_free
 *   reports    ltb_write_reports
 * The other headers of src/ are libltbench's insides (ARCHITECTURE.md); the CLI
 * (src/cli/) is not part of the library. Implemented in core/config.c,
 * core/driver.c (ltb_run_free), target/target_simple.c, workload/workload_images.c,
 * metrics/run_metrics.c (ltb_run_benchmark) and report/write_reports.c. */
#ifndef LTBENCH_H
#define LTBENCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LTB_MAX_LEVELS 32
#define LTB_TOPK 5
#define LTB_ERROR_LEN 192
#define LTB_MAX_RUN_LEVELS 256     /* concurrency x batch x repetitions */

typedef enum { LTB_TASK_IMAGE = 0, LTB_TASK_TTS = 1, LTB_TASK_GENERATE = 2,
               LTB_TASK_RUN = 3 /* any model (`ltbench run`) */,
               LTB_TASK_LLM = 4 /* text generation (`ltbench llm`) */ } ltb_task;

/* What a target is asked to do: one request, its input prepared before timing. */
typedef struct ltb_request {
    int64_t id;               /* index within the level (warm-up requests are < 0) */
    int concurrency;          /* the level's worker count */
    int batch;                /* images in this request */
    int worker;               /* 0..concurrency-1 */
    int sample;               /* index of the input in the workload */
    /* image input: batch x 3 x height x width normalised floats (NCHW) */
    const float *pixels;
    int height, width;
    const char *image_name;              /* first image's file name */
    const unsigned char *encoded;        /* first image's encoded file bytes */
    size_t encoded_len;
    const unsigned char *const *encoded_batch;  /* every image's encoded bytes (batch) */
    const size_t *encoded_batch_len;
    /* text input (TTS; image generation: the first prompt of the request) */
    const char *text;
    size_t text_bytes;
} ltb_request;

/* What a target reports back for one request. The driver zeroes it before run. */
typedef struct ltb_result {
    int ok;                               /* 1 = success (set by the driver) */
    char error[LTB_ERROR_LEN];            /* one line when !ok */
    /* classification: top-k of the first image in the request */
    int topk_n;
    int32_t topk_ids[LTB_TOPK];
    float topk_scores[LTB_TOPK];
    /* TTS */
    double audio_seconds;
    int sample_rate;
    int bit_depth;
    int text_tokens;
    /* image generation */
    int images;                           /* images made (0: the request's batch) */
    int steps;                            /* denoising steps run (0: the config's steps) */
    int previews;                         /* preview decodes (--preview-every) */
    uint64_t encode_ns, denoise_ns, decode_ns;   /* text encoder, step loop, decodes */
    /* time the first result (first audio chunk, first image) was ready, CLOCK_MONOTONIC ns;
     * 0 means "at the end of the request" */
    uint64_t first_result_ns;
    /* phases, nanoseconds; 0 where the phase does not exist */
    uint64_t preprocess_ns, h2d_ns, forward_ns, d2h_ns, postprocess_ns;
    double gpu_ms;                        /* GPU time by events (H2D + forward + D2H), < 0 when none */
    double gpu_compute_ms;                /* GPU time of the forward alone by events, < 0 when none */
    uint64_t enqueue_ns;                  /* CUDA: host time until the forward call returned (its
                                           * kernels queued), before the wait for them; 0 none */
    int out_of_memory;                    /* the failure was out of (GPU) memory */
    double server_processing_s;           /* HTTP: server-reported time, < 0 when none */
    size_t response_bytes;
    char server_result[64];               /* HTTP: an answer's "result" that is not a
                                           * classification, as JSON text (cut); "" none */
    /* LLM text generation (the record contract: src/core/README.md "LLM records"): per
     * sequence, the prompt's tokens and the tokens generated; token_ns[i] = when the i-th
     * token arrival (a decode step's tokens on the host, or a streamed chunk) happened,
     * CLOCK_MONOTONIC, n_token_ns of them; the memory is the target's (valid until it
     * closes), NULL = none. first_result_ns = the first token's time. prefill_ns = start
     * to the first token, decode_steps_ns = first token to the last. */
    int prompt_tokens, gen_tokens;
    const uint64_t *token_ns;
    int n_token_ns;
    uint64_t prefill_ns, decode_steps_ns;
} ltb_result;

/* A user's function: return 0 on success, or non-zero on failure (the request is
 * then counted as failed, with res->error as its message when set). The driver sets
 * res->ok from the return value; fill the other fields that apply. */
typedef int (*ltb_callback_fn)(const ltb_request *req, ltb_result *res, void *user);

/* ---- targets: what the driver calls ------------------------------------------- */
typedef struct ltb_target ltb_target;
struct ltb_target {
    const char *kind;         /* "torch", "http", "callback", "null" */
    const char *device;       /* "cpu", "cuda:0", "remote" ... */
    void *self;
    /* per-worker state (buffers, streams, connections); may be NULL */
    int (*worker_open)(ltb_target *t, int worker, void **state, char *err, size_t errlen);
    void (*worker_close)(ltb_target *t, void *state);
    /* synchronise the device: state NULL = whole device (around levels), else the
     * worker's own stream (before t_start); may be NULL = nothing to sync */
    int (*sync)(ltb_target *t, void *state);
    /* run one request; return 0 on success, fill res either way */
    int (*run)(ltb_target *t, void *state, const ltb_request *req, ltb_result *res);
    void (*close)(ltb_target *t);
    /* the calling worker thread's intra-op threads (LibTorch targets; called on each
     * worker before worker_open); may be NULL = the target runs no intra-op pool */
    int (*worker_threads)(ltb_target *t, int intra_op, char *err, size_t errlen);
    /* the callback target's function and its user pointer */
    ltb_callback_fn callback;
    void *callback_user;
};

/* A callback target around a user function (no allocation; t is filled in). */
void ltb_target_callback(ltb_target *t, ltb_callback_fn fn, void *user);
/* A target that does nothing (measures the harness itself). */
void ltb_target_null(ltb_target *t);
/* A target that sleeps a fixed time per request (measures the driver's scaling). */
void ltb_target_sleep(ltb_target *t, long microseconds);

/* ---- configuration ------------------------------------------------------------- */
typedef enum {
    LTB_OUT_TABLE = 1, LTB_OUT_CSV = 2, LTB_OUT_JSON = 4, LTB_OUT_MD = 8,
    LTB_OUT_NO_PLOTS = 0x100      /* --no-plots: turns the plots off */
} ltb_output;

/* Open-loop (rate mode) arrival processes (core/arrival_schedule.h). */
typedef enum {
    LTB_ARRIVALS_POISSON = 0, LTB_ARRIVALS_CONSTANT = 1, LTB_ARRIVALS_GAMMA = 2
} ltb_arrivals;

typedef struct ltb_config {
    ltb_task task;
    const char *name;             /* base name of output files, e.g. "resnet18" */
    const char *output_dir;       /* NULL = do not write files */
    int concurrency[LTB_MAX_LEVELS];
    int n_concurrency;
    int batch[LTB_MAX_LEVELS];
    int n_batch;
    int iterations;               /* timed requests per level */
    int warmup;                   /* warm-up requests per level; < 0 = auto (max(5, concurrency)) */
    int repetitions;              /* each level runs this many times (>= 1), like llama-bench -r */
    double min_time_s;            /* a level runs until both iterations and this time are met */
    double timeout_s;             /* a request slower than this is failed; 0 = none */
    double drain_timeout_s;       /* after Ctrl-C/SIGTERM, wait at most this long for the
                                     requests in flight (then they are recorded as
                                     interrupted and the run ends) */
    int threads;                  /* intra-op threads per worker (0 = auto: max(1, cores /
                                     concurrency) at each level; thread_plan.h) */
    int pin;                      /* --pin: worker w's threads on its own cores */
    uint64_t seed;
    int top_k;
    unsigned outputs;             /* LTB_OUT_* bits */
    int quiet;
    /* descriptive, for reports */
    const char *model_path;
    const char *model_name;
    const char *device;
    const char *precision;
    int channels_last;
    int cudnn_benchmark;          /* cuDNN autotuning was on (CUDA) */
    int cuda_graph;               /* each worker replayed a captured CUDA graph */
    int include_preprocess;
    int width, height;
    /* TTS */
    int streaming;                /* audio in chunks: TTFA = first chunk ready */
    int chunk_frames, context_frames;
    int min_text_length, max_text_length, text_variations;
    const char *texts_file;       /* NULL = generated texts */
    int sample_rate, bit_depth;   /* expected (seed's config); 0 = from the model */
    /* image generation (batch = images per request, one prompt each) */
    int steps;                    /* denoising steps per request (1: one-forward generator) */
    double guidance_scale;        /* classifier-free guidance (0: none) */
    const char *negative_prompt;  /* "" = none */
    int preview_every;            /* decode a preview every K steps (TTFI = first); 0 = none */
    int min_prompt_length, max_prompt_length, prompt_variations;
    const char *prompts_file;     /* NULL = generated prompts */
    const char *generator;        /* "diffusion", "gan" or NULL (descriptive) */
    int profile_requests;         /* --profile K: after the timed levels, K more requests
                                     under LibTorch's profiler (the CLI runs them,
                                     target/profile_pass.h); 0 = none */
    const char *run_inputs;       /* `run`: its inputs as SPECs, space-separated, or NULL */
    /* Called by the driver, on the thread that called ltb_run_benchmark, right before
     * each level's timed part (after its warm-up; for a level that cannot run, where it
     * would have started), with the level's index in the run: an MPI fleet's barrier,
     * so every rank measures at the same time. NULL = none. */
    void (*level_gate)(void *user, int level_index);
    void *level_gate_user;
    /* Open loop (--rate): each rate (requests/s) is a level axis inside concurrency
     * (which is then the in-flight cap); requests are due on a schedule drawn up front
     * from the arrival process (seeded by seed) and latency is measured from the due
     * time. n_rate = 0: closed loop. DESIGN.md "Open-loop timing". */
    double rate[LTB_MAX_LEVELS];
    int n_rate;
    ltb_arrivals arrivals;
    double arrival_cv;            /* gamma's coefficient of variation (poisson 1, constant 0) */
    /* --slo pXX:MS: instead of the levels, search the highest rate whose from-schedule
     * latency percentile slo_quantile (0.99) is at most slo_ms (doubling from rate[0],
     * then bisection to within 5 %; metrics/slo_search.c); slo_ms 0 = none. */
    double slo_quantile, slo_ms;
    /* `ltbench llm`: its tests, the product of the prompt tokens (-p) and generated
     * tokens (-g) per sequence less -p 0 with -g 0, are the workload's shape axis (a
     * level's shape indexes them); temperature 0 = greedy; the model's facts for the
     * reports */
    int llm_prompt[LTB_MAX_RUN_LEVELS], llm_gen[LTB_MAX_RUN_LEVELS], n_llm_tests;
    double temperature;
    double llm_params, llm_param_bytes;
} ltb_config;

/* "image", "tts" or "generate" (config.task in the JSON file), and back (0, or -1
 * for an unknown name). */
const char *ltb_task_name(ltb_task task);
int ltb_task_from_name(const char *name, ltb_task *task);

/* Defaults: concurrency 1,2,4; batch 1; 50 iterations; auto warm-up; seed 42; top-5;
 * output table+csv+json into "ltbench_results". */
void ltb_config_defaults(ltb_config *c);

/* ---- records and results ----------------------------------------------------- */
typedef struct ltb_record {
    int64_t id;
    int worker;
    int sample;
    int batch;
    uint64_t t_start_ns, t_end_ns;        /* CLOCK_MONOTONIC */
    /* rate mode (0 in a closed loop): when the request was due by the schedule, and when
     * a worker was free for it (max(due, the moment a worker claimed it)): queue wait =
     * t_start - t_due, ltbench's own issuing lag = t_start - t_ready */
    uint64_t t_due_ns, t_ready_ns;
    ltb_result res;
} ltb_record;

typedef struct ltb_latency {
    double p50, p95, p99, mean, min, max, stddev, cov;   /* ms; cov = stddev/mean */
    size_t n;
} ltb_latency;

/* What a level did on a GPU. Every number is < 0 ("none") where it was not measured:
 * a CPU or HTTP target, or no NVML for the telemetry. */
typedef struct ltb_gpu_metrics {
    ltb_latency compute;                  /* forward time by CUDA events (ms); n = 0: none */
    double mean_enqueue_ms;               /* host time to queue the forward's kernels */
    /* LibTorch's CUDA caching allocator, peaks within the level (reset before it) */
    double mem_peak_allocated_mb, mem_peak_reserved_mb;
    double mem_used_mb, mem_total_mb;     /* the device's own (cudaMemGetInfo), after the level */
    /* NVML, sampled while the level ran */
    int samples;                          /* 0: no telemetry */
    double energy_j;                      /* energy counter's difference (or power integrated) */
    double joules_per_item;               /* per image, or per audio second for TTS */
    double avg_power_w, max_power_w, max_temp_c;
    double avg_sm_clock_mhz, avg_mem_clock_mhz, avg_util_pct;
    int throttled;                        /* a sample showed a slowdown (power, thermal) */
    char throttle_reasons[96];            /* e.g. "sw power cap, hw thermal slowdown" */
} ltb_gpu_metrics;

/* What an open-loop (rate mode) level did against its schedule; zero in a closed loop. */
typedef struct ltb_rate_metrics {
    double offered_rps;                   /* the level's --rate */
    double achieved_rps;                  /* successes / (last end - first due) */
    double scheduled_rps;                 /* the drawn schedule's own rate: requests /
                                             (last due - first due + 1 / offered); a
                                             finite Poisson sample is off by ~1/sqrt(n) */
    ltb_latency queue_wait;               /* start - due (ms), every started request */
    ltb_latency service;                  /* end - start (ms), successes */
    ltb_latency issue_lag;                /* start - ready (ms): ltbench's own lateness */
    size_t late_starts;                   /* due while every slot (-c) was busy */
    double scheduled_cov;                 /* the schedule's inter-arrival CoV */
} ltb_rate_metrics;

/* What an LLM level did (metrics/metrics_llm.c), over its successful requests. */
typedef struct ltb_llm_metrics {
    double prompt_tokens, gen_tokens;     /* per sequence: the level's -p and -g */
    double prefill_tps, prefill_tps_sd;   /* batch x prompt tokens / prefill s, per request:
                                             mean and sample stddev (llama-bench's pp) */
    double decode_tps, decode_tps_sd;     /* batch x (gen - 1) / decode s (its tg) */
    ltb_latency ttft;                     /* first token - origin (start, or due), ms */
    ltb_latency itl;                      /* every gap between consecutive token arrivals */
    ltb_latency tpot;                     /* per request: (last - first) / (arrivals - 1) */
    double output_tokens;                 /* sum of batch x gen tokens */
    double output_tps;                    /* output_tokens / T_wall (the level's) */
    double output_tps_request;            /* mean per request: batch x gen / latency */
} ltb_llm_metrics;

/* Metrics of one level (one concurrency x batch point). */
typedef struct ltb_metrics {
    int concurrency, batch;
    size_t total_requests, ok_requests, failed_requests;
    double success_rate_pct;
    double wall_s;                        /* max(t_end) - min(t_start) over successes */
    /* image */
    double total_images, total_pixels, total_steps;
    double ips, pps, sps, rps, cps, tokens_per_sec;
    ltb_latency ttfi, latency;
    double mean_preprocess_ms, mean_h2d_ms, mean_forward_ms, mean_d2h_ms, mean_postprocess_ms;
    double mean_gpu_ms;                   /* < 0 when none */
    double mean_server_ms;                /* < 0 when none */
    double avg_prompt_chars;
    double avg_width, avg_height;
    /* image generation: mean text encoding and final decode per request, mean denoising step */
    double mean_encode_ms, mean_step_ms, mean_decode_ms;
    /* TTS */
    double total_audio_s, asps, rtf_mean, rtf_median, rtf_p95;
    double sum_request_wall_s;            /* sum of successful requests' latencies */
    ltb_latency ttfa;
    double total_chars, total_tokens, avg_text_chars, avg_audio_s;
    int sample_rate, bit_depth;
    /* memory */
    double peak_rss_mb, avg_rss_mb;
    /* this process's CPU (all threads, user + system) over the timed part, and per
     * request (ok or failed): an HTTP run's client cost (issue #21); < 0 when none */
    double timed_cpu_s, cpu_ms_per_request;
    double gpu_mem_mb;                    /* < 0 when none (peak allocated on CUDA) */
    ltb_gpu_metrics gpu;
    ltb_rate_metrics rate;                /* open loop only (metrics/metrics_rate.c) */
    ltb_llm_metrics llm;                  /* `ltbench llm` only (metrics/metrics_llm.c) */
} ltb_metrics;

typedef struct ltb_level {
    int concurrency, batch;
    double rate;                          /* offered requests/s (open loop); 0 = closed loop */
    ltb_record *records;                  /* timed requests only */
    size_t n_records;
    ltb_metrics metrics;
    int skipped;                          /* level could not run (e.g. unsupported) */
    char note[LTB_ERROR_LEN];             /* why it was skipped */
    int repetition;                       /* 0-based; levels of one point are adjacent */
    int intra_op_threads;                 /* each worker's intra-op threads; 0 = no
                                             LibTorch pool (null, HTTP, callback) */
    int shape;                            /* index on the workload's shape axis (0: none) */
    char shape_name[96];                  /* its label, e.g. "ids.1=128"; "" = none */
    /* across the repetitions of this (concurrency, batch) point, filled on each of them:
     * the primary throughput (IPS, or ASPS for TTS) and RPS, mean and sample stddev */
    /* a --slo search step: the from-schedule latency percentile and whether it met the
     * bound (slo_pass 0: not a search step, 1: met it, 2: missed it) */
    double slo_latency_ms;
    int slo_pass;
    int repetitions;
    double rep_throughput_mean, rep_throughput_stddev;
    double rep_rps_mean, rep_rps_stddev;
} ltb_level;

/* One sample of the workload, as the reports name it. */
typedef struct ltb_sample_info {
    const char *name;                     /* image file name or "text_3" */
    const char *text;                     /* TTS text, NULL for images */
    size_t chars, bytes;                  /* UTF-8 characters and bytes of text */
    int tokens;                           /* words */
} ltb_sample_info;

typedef struct ltb_run {
    ltb_config config;
    ltb_level levels[LTB_MAX_RUN_LEVELS];
    int n_levels;
    const ltb_sample_info *samples;       /* borrowed from the workload */
    int n_samples;
    int interrupted;                      /* a signal stopped the run: results are partial */
    int workers_left_running;             /* > 0: workers still inside a request when the
                                             drain timeout ran out; they use the target and
                                             workload still, so do not close or free those:
                                             write the results and end the process */
    /* --slo: the highest rate that met the bound (0 when even the lowest tried failed),
     * the lowest that failed (0 when none did) */
    double slo_answer_rps, slo_failed_rps;
    double started_unix;                  /* wall clock at start, for the CSV times */
    uint64_t started_mono_ns;             /* CLOCK_MONOTONIC at the same moment */
} ltb_run;


/* ---- workloads: inputs prepared before timing -------------------------------- */
typedef struct ltb_workload ltb_workload;
struct ltb_workload {
    void *self;
    int n_samples;
    const ltb_sample_info *samples;
    int height, width;                    /* image workloads */
    /* prepare the inputs of a batch size before a level's timing starts */
    int (*prepare_batch)(ltb_workload *w, int batch, char *err, size_t errlen);
    /* point req's input fields at request id's prepared input (no copying) */
    void (*fill)(ltb_workload *w, int64_t id, int batch, ltb_request *req);
    void (*free)(ltb_workload *w);
    /* a target that reads req->encoded* (the image files) calls this before its first
     * prepare_batch: synthetic images encode their PNGs then, not for targets that send
     * tensors; NULL where the workload holds its files already */
    int (*need_files)(ltb_workload *w, char *err, size_t errlen);
    /* a shape axis (`run`'s {a,b} dims; NULL = none): the driver runs every batch at
     * each of n_shapes shapes, calling prepare_shape before that shape's batches;
     * shape_name labels a shape for the reports */
    int n_shapes;
    int (*prepare_shape)(ltb_workload *w, int shape, char *err, size_t errlen);
    const char *(*shape_name)(const ltb_workload *w, int shape);
};

/* Seeded synthetic images (no files): n images of width x height, their PNG bytes made
 * only when a target asks (need_files). */
int ltb_workload_synthetic_images(ltb_workload *w, int n, int width, int height,
                                  uint64_t seed, char *err, size_t errlen);
/* Every .jpg/.jpeg/.png in dir (sorted by name), decoded, resized and normalised. */
int ltb_workload_image_dir(ltb_workload *w, const char *dir, int width, int height,
                           char *err, size_t errlen);
/* Given texts (copied), for TTS-like callbacks. */
int ltb_workload_texts(ltb_workload *w, const char *const *texts, int n, char *err,
                       size_t errlen);
void ltb_workload_free(ltb_workload *w);

/* ---- running -------------------------------------------------------------------- */
/* Runs every concurrency x batch level of cfg on target with workload's inputs and
 * fills run (records and metrics). Returns 0, or -1 with a one-line err when the run
 * could not start (a level that fails is recorded in run, not returned). Free with
 * ltb_run_free. */
int ltb_run_benchmark(const ltb_config *cfg, ltb_workload *workload, ltb_target *target,
                      ltb_run *run, char *err, size_t errlen);
void ltb_run_free(ltb_run *run);

/* Writes the table/CSV/JSON that cfg.outputs asks for (files into cfg.output_dir). */
int ltb_write_reports(const ltb_run *run, FILE *out, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
