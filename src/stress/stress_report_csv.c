/* stress_report_csv.c — {dir}/{name}_stress.csv: the time series (one row per
 * window), then "Summary", "Errors by Type" and "Test Configuration" blocks of
 * Key,Value rows, like the seed's summary files. */
#include "report.h"
#include "atomic_file.h"
#include "csv.h"
#include "histogram.h"
#include "report_csv_common.h"
#include "stress_report.h"
#include "report_path.h"

static const char *const kSeriesHeader[] = {
    "Time_Sec", "Window_Sec", "Requests_Per_Sec", "Requests", "Successes", "Failures",
    "Total_Requests", "Active_Workers", "Latency_p50_ms", "Latency_p95_ms", "Memory_MB",
    "CPU_Percent", "GPU_Memory_MB", "Offered_RPS", NULL};

static void write_series(FILE *f, const ltb_stress_result *r)
{
    csv_write_header(f, kSeriesHeader);
    for (int i = 0; i < r->n_samples; i++) {
        const ltb_stress_sample *s = &r->samples[i];
        csv_write_double(f, s->t_s, 3);
        csv_next_double(f, s->window_s, 3);
        csv_next_double(f, s->rps, 2);
        csv_next_int(f, (long long)s->requests);
        csv_next_int(f, (long long)s->ok);
        csv_next_int(f, (long long)s->failed);
        csv_next_int(f, (long long)s->total_requests);
        csv_next_int(f, s->active_workers);
        csv_next_double(f, s->p50_ms, 3);
        csv_next_double(f, s->p95_ms, 3);
        csv_next_double(f, s->rss_mb, 1);
        csv_next_double(f, s->cpu_pct, 1);
        csv_next_double(f, s->gpu_mem_mb, 1);
        csv_next_double(f, s->offered_rps, 2);     /* 0 unless --rate-ramp */
        fputc('\n', f);
    }
}

static void write_summary(FILE *f, const ltb_stress_result *r)
{
    ltb_stress_system s;
    ltb_stress_system_metrics(r, &s);
    fputs("\nSummary\n", f);
    csv_write_pair_double(f, "Elapsed_s", r->elapsed_s, 3);
    csv_write_pair_int(f, "Total_Requests", (long long)r->total);
    csv_write_pair_int(f, "Successful_Requests", (long long)r->ok);
    csv_write_pair_int(f, "Failed_Requests", (long long)r->failed);
    csv_write_pair_int(f, "Requests_Started", (long long)r->requests_started);
    csv_write_pair_int(f, "Interrupted_In_Flight", (long long)r->interrupted_in_flight);
    csv_write_pair_double(f, "Success_Rate_%", ltb_stress_success_pct(r), 2);
    csv_write_pair_double(f, "RPS", ltb_stress_rps(r), 3);
    csv_write_pair_double(f, "Latency_p50_ms", ltb_hist_percentile_ms(r->latency, 0.50), 3);
    csv_write_pair_double(f, "Latency_p95_ms", ltb_hist_percentile_ms(r->latency, 0.95), 3);
    csv_write_pair_double(f, "Latency_p99_ms", ltb_hist_percentile_ms(r->latency, 0.99), 3);
    csv_write_pair_double(f, "Latency_Mean_ms", ltb_hist_mean_ms(r->latency), 3);
    csv_write_pair_double(f, "Memory_Start_MB", s.rss_start_mb, 1);
    csv_write_pair_double(f, "Memory_Peak_MB", s.rss_peak_mb, 1);
    csv_write_pair_double(f, "Memory_Avg_MB", s.rss_avg_mb, 1);
    csv_write_pair_double(f, "Memory_Growth_MB", s.rss_growth_mb, 1);
    csv_write_pair_double(f, "CPU_Avg_%", s.cpu_avg_pct, 1);
    csv_write_pair_double(f, "CPU_Peak_%", s.cpu_peak_pct, 1);
    csv_write_pair(f, "Leak_Verdict", r->leak.verdict);
    csv_write_pair_double(f, "Memory_Growth_MB_per_1k_Requests", r->leak.growth_mb_per_1k, 4);
    csv_write_pair_double(f, "Leak_Threshold_MB_per_1k_Requests", r->leak.threshold_mb_per_1k, 4);
    csv_write_pair(f, "Interrupted", r->interrupted ? "True" : "False");
}

static void write_errors(FILE *f, const ltb_stress_result *r)
{
    fputs("\nErrors by Type\n", f);
    for (int i = 0; i < r->errors.n; i++)
        csv_write_pair_int(f, r->errors.items[i].type, (long long)r->errors.items[i].count);
    if (r->errors.other)
        csv_write_pair_int(f, "(other types)", (long long)r->errors.other);
}

static void write_configuration(FILE *f, const ltb_stress_result *r)
{
    const ltb_config *c = &r->config;
    fputs("\nTest Configuration\n", f);
    csv_write_pair(f, "Model", c->model_name);
    csv_write_pair(f, "Model_Path", c->model_path);
    csv_write_pair(f, "Device", c->device);
    csv_write_pair(f, "Precision", c->precision);
    csv_write_pair_double(f, "Duration_s", r->options.duration_s, 3);
    csv_write_pair_int(f, "Max_Concurrency", r->options.max_concurrency);
    csv_write_pair_double(f, "Ramp_Up_s", r->options.ramp_up_s, 3);
    csv_write_pair_double(f, "Sample_Interval_s", r->options.sample_interval_s, 3);
    csv_write_pair_int(f, "Warmup_Requests", r->warmup_requests);
}

int ltb_stress_report_csv(const ltb_stress_result *r, const char *dir, char *err,
                          size_t errlen)
{
    char path[4096];
    atomic_file af;
    if (ltb_report_path(path, sizeof path, dir, r->config.name, "_stress.csv", err, errlen) != 0 ||
        atomic_file_open(&af, path, err, errlen) != 0)
        return -1;
    write_series(af.f, r);
    write_summary(af.f, r);
    write_errors(af.f, r);
    write_configuration(af.f, r);
    return atomic_file_commit(&af, err, errlen);
}
