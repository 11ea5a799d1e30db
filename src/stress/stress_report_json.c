/* stress_report_json.c — {dir}/{name}_stress.json: the stress test's sections
 * (test_configuration, performance_metrics, error_analysis, system_metrics,
 * leak_check) and its time_series, one object per window. */
#include "report.h"
#include "report_json.h"
#include "histogram.h"
#include "stress_report.h"
#include "report_path.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

#ifndef LTBENCH_VERSION
#define LTBENCH_VERSION "0.1.0"
#endif

static void add_text(cJSON *o, const char *key, const char *s)
{
    if (s)
        cJSON_AddStringToObject(o, key, s);
    else
        cJSON_AddNullToObject(o, key);
}

static cJSON *configuration(const ltb_stress_result *r)
{
    const ltb_config *c = &r->config;
    cJSON *o = cJSON_CreateObject();
    add_text(o, "task", ltb_task_name(c->task));
    add_text(o, "name", c->name);
    add_text(o, "model_path", c->model_path);
    add_text(o, "device", c->device);
    add_text(o, "precision", c->precision);
    cJSON_AddNumberToObject(o, "threads", c->threads);
    cJSON_AddNumberToObject(o, "batch", c->n_batch > 0 ? c->batch[0] : 1);
    cJSON_AddNumberToObject(o, "duration_s", r->options.duration_s);
    cJSON_AddNumberToObject(o, "max_concurrency", r->options.max_concurrency);
    cJSON_AddNumberToObject(o, "ramp_up_s", r->options.ramp_up_s);
    cJSON_AddNumberToObject(o, "sample_interval_s", r->options.sample_interval_s);
    cJSON_AddNumberToObject(o, "timeout_s", c->timeout_s);
    cJSON_AddNumberToObject(o, "drain_timeout_s", c->drain_timeout_s);
    cJSON_AddNumberToObject(o, "warmup_requests", r->warmup_requests);
    cJSON_AddNumberToObject(o, "started_unix", r->started_unix);
    cJSON_AddBoolToObject(o, "interrupted", r->interrupted != 0);
    add_text(o, "ltbench_version", LTBENCH_VERSION);
    return o;
}

static cJSON *performance(const ltb_stress_result *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "elapsed_s", r->elapsed_s);
    cJSON_AddNumberToObject(o, "total_requests", (double)r->total);
    cJSON_AddNumberToObject(o, "successful_requests", (double)r->ok);
    cJSON_AddNumberToObject(o, "failed_requests", (double)r->failed);
    /* every request taken is counted: started = successful + failed */
    cJSON_AddNumberToObject(o, "requests_started", (double)r->requests_started);
    cJSON_AddNumberToObject(o, "interrupted_in_flight", (double)r->interrupted_in_flight);
    cJSON_AddNumberToObject(o, "success_rate_pct", ltb_stress_success_pct(r));
    cJSON_AddNumberToObject(o, "rps", ltb_stress_rps(r));
    cJSON_AddNumberToObject(o, "requests_per_sec_all",
                            r->elapsed_s > 0 ? (double)r->total / r->elapsed_s : 0);
    cJSON *lat = cJSON_AddObjectToObject(o, "latency_ms");
    cJSON_AddNumberToObject(lat, "p50", ltb_hist_percentile_ms(r->latency, 0.50));
    cJSON_AddNumberToObject(lat, "p95", ltb_hist_percentile_ms(r->latency, 0.95));
    cJSON_AddNumberToObject(lat, "p99", ltb_hist_percentile_ms(r->latency, 0.99));
    cJSON_AddNumberToObject(lat, "mean", ltb_hist_mean_ms(r->latency));
    cJSON_AddNumberToObject(lat, "min", ltb_hist_min_ms(r->latency));
    cJSON_AddNumberToObject(lat, "max", ltb_hist_max_ms(r->latency));
    cJSON_AddNumberToObject(lat, "percentile_resolution_pct", 0.5);
    return o;
}

static cJSON *errors(const ltb_stress_result *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "total_errors", (double)r->failed);
    cJSON *types = cJSON_AddArrayToObject(o, "by_type");
    for (int i = 0; i < r->errors.n; i++) {
        const ltb_error_count *e = &r->errors.items[i];
        cJSON *t = cJSON_CreateObject();
        cJSON_AddStringToObject(t, "type", e->type);
        cJSON_AddNumberToObject(t, "count", (double)e->count);
        cJSON_AddNumberToObject(t, "pct_of_requests",
                                r->total ? 100.0 * (double)e->count / (double)r->total : 0);
        cJSON_AddStringToObject(t, "example", e->example);
        cJSON_AddItemToArray(types, t);
    }
    cJSON_AddNumberToObject(o, "other_types", (double)r->errors.other);
    return o;
}

static cJSON *system_metrics(const ltb_stress_result *r)
{
    ltb_stress_system s;
    ltb_stress_system_metrics(r, &s);
    cJSON *o = cJSON_CreateObject();
    cJSON *mem = cJSON_AddObjectToObject(o, "memory_mb");
    cJSON_AddNumberToObject(mem, "start", s.rss_start_mb);
    cJSON_AddNumberToObject(mem, "peak", s.rss_peak_mb);
    cJSON_AddNumberToObject(mem, "average", s.rss_avg_mb);
    cJSON_AddNumberToObject(mem, "end", s.rss_end_mb);
    cJSON_AddNumberToObject(mem, "growth", s.rss_growth_mb);
    cJSON *cpu = cJSON_AddObjectToObject(o, "cpu_pct");
    cJSON_AddNumberToObject(cpu, "peak", s.cpu_peak_pct);
    cJSON_AddNumberToObject(cpu, "average", s.cpu_avg_pct);
    cJSON_AddNullToObject(o, "gpu_memory_mb");
    return o;
}

static cJSON *leak(const ltb_leak_verdict *v)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "verdict", v->verdict);
    cJSON_AddNumberToObject(o, "growth_mb_per_1k_requests", v->growth_mb_per_1k);
    cJSON_AddNumberToObject(o, "threshold_mb_per_1k_requests", v->threshold_mb_per_1k);
    cJSON *thirds = cJSON_AddArrayToObject(o, "third_slopes_mb_per_1k_requests");
    for (int k = 0; k < 3; k++)
        cJSON_AddItemToArray(thirds, cJSON_CreateNumber(v->third_slopes_mb_per_1k[k]));
    cJSON_AddBoolToObject(o, "rising_in_each_third", v->rising_in_each_third != 0);
    cJSON_AddNumberToObject(o, "hold_samples", v->hold_samples);
    cJSON_AddNumberToObject(o, "hold_growth_mb", v->hold_growth_mb);
    return o;
}

static cJSON *time_series(const ltb_stress_result *r)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < r->n_samples; i++) {
        const ltb_stress_sample *s = &r->samples[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "t_s", s->t_s);
        cJSON_AddNumberToObject(o, "window_s", s->window_s);
        cJSON_AddNumberToObject(o, "requests_per_sec", s->rps);
        cJSON_AddNumberToObject(o, "requests", (double)s->requests);
        cJSON_AddNumberToObject(o, "successes", (double)s->ok);
        cJSON_AddNumberToObject(o, "failures", (double)s->failed);
        cJSON_AddNumberToObject(o, "total_requests", (double)s->total_requests);
        cJSON_AddNumberToObject(o, "active_workers", s->active_workers);
        cJSON_AddNumberToObject(o, "latency_p50_ms", s->p50_ms);
        cJSON_AddNumberToObject(o, "latency_p95_ms", s->p95_ms);
        cJSON_AddNumberToObject(o, "memory_mb", s->rss_mb);
        cJSON_AddNumberToObject(o, "cpu_pct", s->cpu_pct);
        cJSON_AddNumberToObject(o, "gpu_memory_mb", s->gpu_mem_mb);
        cJSON_AddNumberToObject(o, "offered_rps", s->offered_rps);   /* 0 unless --rate-ramp */
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

int ltb_stress_report_json(const ltb_stress_result *r, const char *dir, char *err,
                           size_t errlen)
{
    char path[4096];
    if (ltb_report_path(path, sizeof path, dir, r->config.name, "_stress.json", err, errlen) != 0)
        return -1;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddItemToObject(root, "test_configuration", configuration(r));
    cJSON_AddItemToObject(root, "performance_metrics", performance(r));
    cJSON_AddItemToObject(root, "error_analysis", errors(r));
    cJSON_AddItemToObject(root, "system_metrics", system_metrics(r));
    cJSON_AddItemToObject(root, "leak_check", leak(&r->leak));
    cJSON_AddItemToObject(root, "time_series", time_series(r));
    return ltb_json_write_file(root, path, err, errlen);
}
