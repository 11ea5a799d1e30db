/* stress_result.h — what a stress test produces (options, the time series, the error
 * table, the leak verdict, the totals) and the summaries every stress writer reads
 * (RPS, success rate, memory and CPU): below both the stress driver (stress.c) and
 * its writers, so neither calls back into the other. */
#ifndef LTB_STRESS_RESULT_H
#define LTB_STRESS_RESULT_H

#include "histogram.h"
#include "ltbench.h"

#define LTB_STRESS_MAX_ERROR_TYPES 16
#define LTB_LEAK_THRESHOLD_MB_PER_1K 0.1   /* 100 bytes kept per request */

typedef struct ltb_stress_options {
    double duration_s;            /* whole test, ramp-up included */
    double ramp_up_s;             /* time to reach max_concurrency */
    double sample_interval_s;     /* one time-series row per interval */
    int max_concurrency;
    /* --rate-ramp FROM:TO (requests/s; rate_to 0 = off): the offered rate ramps
     * linearly from FROM to TO over the ramp-up (the whole duration when it is 0) and
     * holds TO, arrivals drawn as config.arrivals; every worker (max_concurrency is the
     * in-flight cap) is active from the start; latency counts from the due time */
    double rate_from, rate_to;
} ltb_stress_options;

/* One time-series row: a window of sample_interval_s ending at t_s. */
typedef struct ltb_stress_sample {
    double t_s;                   /* end of the window, seconds since the start */
    double window_s;
    uint64_t requests, ok, failed;/* completed in the window */
    uint64_t total_requests;      /* completed since the start */
    double rps;                   /* requests (ok + failed) / window_s */
    int active_workers;           /* at the end of the window */
    double offered_rps;           /* --rate-ramp: the offered rate then; 0 otherwise */
    double p50_ms, p95_ms;        /* successful requests of the window */
    double rss_mb;                /* process resident memory at the end */
    double cpu_pct;               /* process CPU over the window, % of one core */
    double gpu_mem_mb;            /* -1: not measured */
} ltb_stress_sample;

typedef struct ltb_error_count {
    char type[64];                /* error_type.h */
    char example[LTB_ERROR_LEN];  /* the first message of this type */
    uint64_t count;
} ltb_error_count;

typedef struct ltb_error_table {
    ltb_error_count items[LTB_STRESS_MAX_ERROR_TYPES];
    int n;
    uint64_t other;               /* failures of types past the table's size */
} ltb_error_table;

/* Memory growth in the hold phase (after the ramp-up): least-squares slope of RSS
 * over cumulative requests, and the same fit in each third of the phase. */
typedef struct ltb_leak_verdict {
    const char *verdict;          /* "no leak detected", "possible leak", "not enough data" */
    double growth_mb_per_1k;      /* slope, MB per 1000 requests */
    double threshold_mb_per_1k;
    double third_slopes_mb_per_1k[3];
    int rising_in_each_third;
    int hold_samples;
    double hold_growth_mb;        /* last - first RSS of the hold phase */
} ltb_leak_verdict;

typedef struct ltb_stress_result {
    ltb_config config;            /* copied: name, model, device... */
    ltb_stress_options options;
    ltb_stress_sample *samples;
    int n_samples, cap_samples;
    ltb_histogram *latency;       /* successful requests of the whole run */
    uint64_t total, ok, failed;
    double elapsed_s;             /* start to the last request's end */
    double started_unix;
    double rss_start_mb;
    int warmup_requests;
    ltb_error_table errors;       /* sorted by count, most first */
    ltb_leak_verdict leak;
    int interrupted;
    uint64_t requests_started;    /* timed requests taken; = total when none was lost */
    uint64_t interrupted_in_flight; /* of the failed: still running when the drain
                                     timeout ran out (recorded as "interrupted") */
    int workers_left_running;     /* > 0: the target and workload are still in use by
                                     them: do not close or free those; end the process */
} ltb_stress_result;

void ltb_stress_result_free(ltb_stress_result *r);
/* Appends a time-series row (grows the array); 0 or -1 out of memory. */
int ltb_stress_add_sample(ltb_stress_result *r, const ltb_stress_sample *s);

/* Memory and CPU over the time series (rows with a reading). */
typedef struct ltb_stress_system {
    double rss_start_mb, rss_end_mb, rss_peak_mb, rss_avg_mb, rss_growth_mb;
    double cpu_peak_pct, cpu_avg_pct;
} ltb_stress_system;

void ltb_stress_system_metrics(const ltb_stress_result *r, ltb_stress_system *s);
/* Successful requests / elapsed seconds (the seed's RPS). */
double ltb_stress_rps(const ltb_stress_result *r);
double ltb_stress_success_pct(const ltb_stress_result *r);
#endif
