/* report_csv.c — the image task's CSV files, in the seed's format so its users'
 * parsers keep working: {name}_detailed.csv (one row per timed request of every
 * level) and {name}_summary.csv (one row per level, then the seed's "Summary
 * Statistics" and "Test Configuration" blocks). The seed's columns come first,
 * with its decimals; ltbench's extra columns follow. Lines end in "\n".
 *
 * Conventions for classification: a "prompt" is the request's (first) image file
 * name, one token; one inference step per image; guidance scale 0. Memory columns
 * carry the level's peak RSS (the seed's per-request memory is not measured per
 * request); GPU memory is 0.00 when not measured. A failed request's per-request
 * rates are 0. Skipped levels get a summary row of zeros with the reason and no
 * detailed rows. */
#include "report.h"
#include "text_stats.h"

#include "atomic_file.h"
#include "csv.h"
#include "metrics.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const summary_header[] = {
    /* the seed's columns */
    "Concurrency", "IPS", "PPS", "SPS", "RPS", "CPS", "Tokens_Per_Sec", "TTFI_p50_ms",
    "TTFI_p95_ms", "TTFI_p99_ms", "TTFI_Mean_ms", "Total_Requests", "Success_Rate_%",
    "Failed_Requests", "Total_Wall_Time_s", "Total_Images", "Total_Pixels",
    "Total_Inference_Steps", "Avg_Prompt_Length_chars", "Avg_Images_Per_Request",
    "Avg_Image_Width", "Avg_Image_Height", "Avg_Inference_Steps", "Avg_Guidance_Scale",
    "Avg_Memory_Peak_MB", "Max_Memory_Peak_MB", "Avg_GPU_Memory_MB", "Max_GPU_Memory_MB",
    /* ltbench's */
    "Batch", "Latency_p50_ms", "Latency_p95_ms", "Latency_p99_ms", "Latency_Mean_ms",
    "Latency_Stddev_ms", "Latency_CoV", "Preprocess_Mean_ms", "H2D_Mean_ms",
    "Forward_Mean_ms", "D2H_Mean_ms", "Postprocess_Mean_ms", "GPU_Mean_ms", "Server_Mean_ms",
    "Device", "Precision", "Skipped_Reason", NULL};

static const char *const detailed_header[] = {
    /* the seed's columns */
    "Concurrency_Level", "Request_ID", "Iteration", "Prompt_Input", "Prompt_Length_Chars",
    "Prompt_Length_Tokens", "Negative_Prompt_Length_Chars", "Start_Time_Sec",
    "First_Image_Time_Sec", "End_Time_Sec", "Wall_Time_Sec", "TTFI_Sec", "Width", "Height",
    "Num_Images", "Total_Pixels", "Num_Inference_Steps", "Guidance_Scale", "Seed",
    "Images_Per_Sec", "Pixels_Per_Sec", "Steps_Per_Sec", "Memory_Peak_MB", "GPU_Memory_MB",
    "File_Size_Bytes", "Image_Format", "Success", "Error_Message",
    /* ltbench's */
    "Batch", "Worker", "Latency_ms", "Preprocess_ms", "H2D_ms", "Forward_ms", "D2H_ms",
    "Postprocess_ms", "GPU_ms", "Server_Processing_ms", "Top1_Class", "Top_K_Classes",
    "Top_K_Scores", NULL};

/* ---- fields after the first of a row: each writes its comma ----------------- */

static void next_int(FILE *f, long long v)
{
    fputc(',', f);
    csv_write_int(f, v);
}

static void next_double(FILE *f, double v, int decimals)
{
    fputc(',', f);
    csv_write_double(f, v, decimals);
}

/* A value that is "none" when negative: an empty field. */
static void next_optional(FILE *f, double v, int decimals)
{
    fputc(',', f);
    if (v >= 0)
        csv_write_double(f, v, decimals);
}

static void next_text(FILE *f, const char *s)
{
    fputc(',', f);
    csv_write_field(f, s);
}

static void write_pair(FILE *f, const char *key, const char *value)
{
    csv_write_field(f, key);
    next_text(f, value);
    fputc('\n', f);
}

static void write_pair_int(FILE *f, const char *key, long long value)
{
    csv_write_field(f, key);
    next_int(f, value);
    fputc('\n', f);
}

static void write_pair_double(FILE *f, const char *key, double value, int decimals)
{
    csv_write_field(f, key);
    next_double(f, value, decimals);
    fputc('\n', f);
}

/* ---- summary rows ----------------------------------------------------------- */

/* The metrics a skipped level reports: zeros, with "none" where none applies. */
static ltb_metrics skipped_metrics(const ltb_level *level)
{
    ltb_metrics m;
    memset(&m, 0, sizeof m);
    m.concurrency = level->concurrency;
    m.batch = level->batch;
    m.mean_gpu_ms = m.mean_server_ms = m.gpu_mem_mb = -1.0;
    return m;
}

static void write_summary_seed_columns(FILE *f, const ltb_level *level, const ltb_metrics *m)
{
    double gpu_mem = m->gpu_mem_mb >= 0 ? m->gpu_mem_mb : 0.0;
    csv_write_int(f, level->concurrency);
    next_double(f, m->ips, 4);
    next_double(f, m->pps, 1);
    next_double(f, m->sps, 2);
    next_double(f, m->rps, 2);
    next_double(f, m->cps, 1);
    next_double(f, m->tokens_per_sec, 1);
    next_double(f, m->ttfi.p50, 3);
    next_double(f, m->ttfi.p95, 3);
    next_double(f, m->ttfi.p99, 3);
    next_double(f, m->ttfi.mean, 3);
    next_int(f, (long long)m->total_requests);
    next_double(f, m->success_rate_pct, 1);
    next_int(f, (long long)m->failed_requests);
    next_double(f, m->wall_s, 4);
    next_double(f, m->total_images, 0);
    next_double(f, m->total_pixels, 0);
    next_double(f, m->total_steps, 0);
    next_double(f, m->avg_prompt_chars, 0);
    next_double(f, m->ok_requests > 0 ? m->total_images / (double)m->ok_requests : 0.0, 1);
    next_double(f, m->avg_width, 0);
    next_double(f, m->avg_height, 0);
    next_double(f, m->ok_requests > 0 ? m->total_steps / (double)m->ok_requests : 0.0, 1);
    next_double(f, 0.0, 2); /* guidance scale: none for classification */
    next_double(f, m->peak_rss_mb, 2);
    next_double(f, m->peak_rss_mb, 2);
    next_double(f, gpu_mem, 2);
    next_double(f, gpu_mem, 2);
}

static void write_summary_extra_columns(FILE *f, const ltb_run *run, const ltb_level *level,
                                        const ltb_metrics *m)
{
    next_int(f, level->batch);
    next_double(f, m->latency.p50, 4);
    next_double(f, m->latency.p95, 4);
    next_double(f, m->latency.p99, 4);
    next_double(f, m->latency.mean, 4);
    next_double(f, m->latency.stddev, 4);
    next_double(f, m->latency.cov, 4);
    next_double(f, m->mean_preprocess_ms, 4);
    next_double(f, m->mean_h2d_ms, 4);
    next_double(f, m->mean_forward_ms, 4);
    next_double(f, m->mean_d2h_ms, 4);
    next_double(f, m->mean_postprocess_ms, 4);
    next_optional(f, m->mean_gpu_ms, 4);
    next_optional(f, m->mean_server_ms, 4);
    next_text(f, run->config.device);
    next_text(f, run->config.precision);
    next_text(f, level->skipped ? level->note : NULL);
}

static void write_summary_row(FILE *f, const ltb_run *run, const ltb_level *level)
{
    ltb_metrics zeros = skipped_metrics(level);
    const ltb_metrics *m = level->skipped ? &zeros : &level->metrics;
    write_summary_seed_columns(f, level, m);
    write_summary_extra_columns(f, run, level, m);
    fputc('\n', f);
}

/* ---- "Summary Statistics": the seed's Metric,Min,Max,Range,Best_Concurrency ---- */

typedef double (*level_value_fn)(const ltb_metrics *m);
static double value_ips(const ltb_metrics *m) { return m->ips; }
static double value_pps(const ltb_metrics *m) { return m->pps; }
static double value_rps(const ltb_metrics *m) { return m->rps; }
static double value_ttfi_p95(const ltb_metrics *m) { return m->ttfi.p95; }
static double value_memory(const ltb_metrics *m) { return m->peak_rss_mb; }

static int level_ran(const ltb_level *level)
{
    return !level->skipped && level->metrics.ok_requests > 0;
}

/* One row over the levels that ran; best is the highest unless lower_is_better. */
static void write_statistic(FILE *f, const ltb_run *run, const char *name, level_value_fn value,
                            int lower_is_better, int decimals)
{
    int best = -1;
    double lo = 0, hi = 0;
    for (int i = 0; i < run->n_levels; i++) {
        if (!level_ran(&run->levels[i]))
            continue;
        double v = value(&run->levels[i].metrics);
        if (best < 0 || v < lo)
            lo = v;
        if (best < 0 || v > hi)
            hi = v;
        double best_v = best < 0 ? 0 : value(&run->levels[best].metrics);
        if (best < 0 || (lower_is_better ? v < best_v : v > best_v))
            best = i;
    }
    if (best < 0)
        return;
    csv_write_field(f, name);
    next_double(f, lo, decimals);
    next_double(f, hi, decimals);
    next_double(f, hi - lo, decimals);
    next_int(f, run->levels[best].concurrency);
    next_int(f, run->levels[best].batch);
    fputc('\n', f);
}

static void write_summary_statistics(FILE *f, const ltb_run *run)
{
    size_t total = 0, ok = 0;
    for (int i = 0; i < run->n_levels; i++) {
        total += run->levels[i].metrics.total_requests;
        ok += run->levels[i].metrics.ok_requests;
    }
    fputs("\nSummary Statistics\n", f);
    fputs("Metric,Min,Max,Range,Best_Concurrency,Best_Batch\n", f);
    write_statistic(f, run, "IPS", value_ips, 0, 4);
    write_statistic(f, run, "PPS", value_pps, 0, 1);
    write_statistic(f, run, "RPS", value_rps, 0, 2);
    write_statistic(f, run, "TTFI_p95_ms", value_ttfi_p95, 1, 3);
    write_statistic(f, run, "Memory_MB", value_memory, 1, 2);
    write_pair_int(f, "Total_Requests_All_Levels", (long long)total);
    write_pair_double(f, "Overall_Success_Rate_%", total > 0 ? 100.0 * ok / total : 0.0, 1);
}

/* ---- "Test Configuration" ------------------------------------------------------- */

static void format_int_list(char *buf, size_t cap, const int *v, int n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && used < cap; i++) {
        int w = snprintf(buf + used, cap - used, i > 0 ? ",%d" : "%d", v[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

static int compare_sizes(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* The seed's prompt rows: count, min, max, mean and median prompt length. */
static void write_prompt_lengths(FILE *f, const ltb_run *run)
{
    int n = run->samples != NULL ? run->n_samples : 0;
    write_pair_int(f, "Test_Prompts_Count", n);
    size_t *len = n > 0 ? malloc((size_t)n * sizeof *len) : NULL;
    if (len == NULL)
        return;
    double sum = 0;
    for (int i = 0; i < n; i++) {
        len[i] = ltb_utf8_cstr_chars(run->samples[i].name);
        sum += (double)len[i];
    }
    qsort(len, (size_t)n, sizeof *len, compare_sizes);
    double median = n % 2 ? (double)len[n / 2] : (len[n / 2 - 1] + len[n / 2]) / 2.0;
    write_pair_int(f, "Min_Prompt_Length", (long long)len[0]);
    write_pair_int(f, "Max_Prompt_Length", (long long)len[n - 1]);
    write_pair_double(f, "Avg_Prompt_Length", sum / n, 2);
    write_pair_double(f, "Median_Prompt_Length", median, 1);
    free(len);
}

static void write_test_configuration(FILE *f, const ltb_run *run)
{
    const ltb_config *c = &run->config;
    char buf[512];
    fputs("\nTest Configuration\n", f);
    write_pair(f, "Model", c->model_name);
    write_pair(f, "Model_Path", c->model_path);
    write_pair(f, "Device", c->device);
    write_pair(f, "Precision", c->precision);
    write_pair_int(f, "Iterations_Per_Level", c->iterations);
    if (c->warmup < 0)
        write_pair(f, "Warmup_Requests", "auto");
    else
        write_pair_int(f, "Warmup_Requests", c->warmup);
    format_int_list(buf, sizeof buf, c->concurrency, c->n_concurrency);
    write_pair(f, "Concurrency_Levels", buf);
    format_int_list(buf, sizeof buf, c->batch, c->n_batch);
    write_pair(f, "Batch_Sizes", buf);
    snprintf(buf, sizeof buf, "%dx%d", c->width, c->height);
    write_pair(f, "Image_Size", buf);
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)c->seed);
    write_pair(f, "Seed", buf);
    write_pair_int(f, "Top_K", c->top_k);
    write_pair_int(f, "Threads", c->threads);
    write_pair_double(f, "Timeout_s", c->timeout_s, 3);
    write_pair(f, "Channels_Last", c->channels_last ? "True" : "False");
    write_pair(f, "Include_Preprocess", c->include_preprocess ? "True" : "False");
    write_pair(f, "Interrupted", run->interrupted ? "True" : "False");
    write_prompt_lengths(f, run);
}

/* ---- detailed rows -------------------------------------------------------------- */

/* Wall-clock seconds (Unix epoch) of a CLOCK_MONOTONIC time of this run. */
static double unix_seconds(const ltb_run *run, uint64_t t_ns)
{
    return run->started_unix + (double)(int64_t)(t_ns - run->started_mono_ns) / 1e9;
}

static const char *prompt_name(const ltb_run *run, int sample)
{
    if (run->samples == NULL || sample < 0 || sample >= run->n_samples)
        return NULL;
    return run->samples[sample].name;
}

/* "JPEG" for .jpg/.jpeg, the upper-cased extension otherwise, "SYNTHETIC" with none. */
static void image_format(const char *name, char *out, size_t cap)
{
    const char *base = name != NULL ? strrchr(name, '/') : NULL;
    base = base != NULL ? base + 1 : name;
    const char *dot = base != NULL ? strrchr(base, '.') : NULL;
    if (dot == NULL || dot[1] == '\0' || dot == base) {
        snprintf(out, cap, "SYNTHETIC");
        return;
    }
    size_t i = 0;
    for (const char *p = dot + 1; *p && i + 1 < cap; p++)
        out[i++] = (char)toupper((unsigned char)*p);
    out[i] = '\0';
    if (strcmp(out, "JPG") == 0)
        snprintf(out, cap, "JPEG");
}

static void next_topk(FILE *f, const ltb_result *res)
{
    int n = res->topk_n < 0 ? 0 : res->topk_n > LTB_TOPK ? LTB_TOPK : res->topk_n;
    fputc(',', f);
    if (n > 0)
        csv_write_int(f, res->topk_ids[0]);
    fputc(',', f);
    for (int i = 0; i < n; i++)
        fprintf(f, i > 0 ? " %d" : "%d", (int)res->topk_ids[i]);
    fputc(',', f);
    for (int i = 0; i < n; i++)
        fprintf(f, i > 0 ? " %.4f" : "%.4f", (double)res->topk_scores[i]);
}

static void write_detailed_timing(FILE *f, const ltb_run *run, const ltb_record *r)
{
    uint64_t first = r->res.first_result_ns != 0 ? r->res.first_result_ns : r->t_end_ns;
    next_double(f, unix_seconds(run, r->t_start_ns), 6);
    next_double(f, unix_seconds(run, first), 6);
    next_double(f, unix_seconds(run, r->t_end_ns), 6);
    next_double(f, ltb_record_latency_ms(r) / 1000.0, 6);
    next_double(f, ltb_record_first_ms(r) / 1000.0, 6);
}

static void write_detailed_seed_columns(FILE *f, const ltb_run *run, const ltb_level *level,
                                        const ltb_record *r)
{
    const ltb_config *c = &run->config;
    const char *name = prompt_name(run, r->sample);
    int batch = r->batch > 0 ? r->batch : level->batch;
    double pixels = (double)batch * c->width * c->height;
    double wall_s = ltb_record_latency_ms(r) / 1000.0;
    double per_s = r->res.ok && wall_s > 0 ? 1.0 / wall_s : 0.0;
    char id[32], format[16];
    snprintf(id, sizeof id, "req_%lld", (long long)r->id);
    image_format(name, format, sizeof format);

    csv_write_int(f, level->concurrency);
    next_text(f, id);
    next_int(f, (long long)r->id);
    next_text(f, name);
    next_int(f, (long long)ltb_utf8_cstr_chars(name));
    next_int(f, 1); /* one token: the file name */
    next_int(f, 0); /* no negative prompt */
    write_detailed_timing(f, run, r);
    next_int(f, c->width);
    next_int(f, c->height);
    next_int(f, batch);
    next_double(f, pixels, 0);
    next_int(f, batch); /* one step per image */
    next_double(f, 0.0, 2);
    fprintf(f, ",%llu", (unsigned long long)c->seed);
    next_double(f, batch * per_s, 6);
    next_double(f, pixels * per_s, 1);
    next_double(f, batch * per_s, 2);
    next_double(f, level->metrics.peak_rss_mb, 2);
    next_double(f, level->metrics.gpu_mem_mb >= 0 ? level->metrics.gpu_mem_mb : 0.0, 2);
    next_int(f, (long long)r->res.response_bytes);
    next_text(f, format);
    next_text(f, r->res.ok ? "True" : "False");
    next_text(f, r->res.ok ? NULL : r->res.error);
}

static void write_detailed_extra_columns(FILE *f, const ltb_level *level, const ltb_record *r)
{
    const ltb_result *res = &r->res;
    next_int(f, r->batch > 0 ? r->batch : level->batch);
    next_int(f, r->worker);
    next_double(f, ltb_record_latency_ms(r), 4);
    next_double(f, res->preprocess_ns / 1e6, 4);
    next_double(f, res->h2d_ns / 1e6, 4);
    next_double(f, res->forward_ns / 1e6, 4);
    next_double(f, res->d2h_ns / 1e6, 4);
    next_double(f, res->postprocess_ns / 1e6, 4);
    next_optional(f, res->gpu_ms, 4);
    next_optional(f, res->server_processing_s >= 0 ? res->server_processing_s * 1000.0 : -1.0, 4);
    next_topk(f, res);
}

static void write_detailed_rows(FILE *f, const ltb_run *run)
{
    for (int i = 0; i < run->n_levels; i++) {
        const ltb_level *level = &run->levels[i];
        if (level->skipped || level->records == NULL)
            continue;
        for (size_t k = 0; k < level->n_records; k++) {
            write_detailed_seed_columns(f, run, level, &level->records[k]);
            write_detailed_extra_columns(f, level, &level->records[k]);
            fputc('\n', f);
        }
    }
}

/* ---- files ---------------------------------------------------------------------- */

static int write_file(const ltb_run *run, const char *dir, const char *suffix,
                      void (*write_body)(FILE *f, const ltb_run *run), char *err, size_t errlen)
{
    char path[4096];
    atomic_file af;
    if (ltb_report_path(path, sizeof path, dir, run->config.name, suffix, err, errlen) != 0)
        return -1;
    if (atomic_file_open(&af, path, err, errlen) != 0)
        return -1;
    write_body(af.f, run);
    return atomic_file_commit(&af, err, errlen);
}

static void write_summary_body(FILE *f, const ltb_run *run)
{
    csv_write_header(f, summary_header);
    for (int i = 0; i < run->n_levels; i++)
        write_summary_row(f, run, &run->levels[i]);
    write_summary_statistics(f, run);
    write_test_configuration(f, run);
}

static void write_detailed_body(FILE *f, const ltb_run *run)
{
    csv_write_header(f, detailed_header);
    write_detailed_rows(f, run);
}

int ltb_report_csv_image(const ltb_run *run, const char *dir, char *err, size_t errlen)
{
    if (write_file(run, dir, "_detailed.csv", write_detailed_body, err, errlen) != 0)
        return -1;
    return write_file(run, dir, "_summary.csv", write_summary_body, err, errlen);
}
