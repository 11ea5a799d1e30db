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

#include "csv.h"
#include "metrics.h"
#include "report_csv_common.h"

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
    "Device", "Precision", "Skipped_Reason", LTB_CSV_REPETITION_HEADER, NULL};

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

/* ---- summary rows ----------------------------------------------------------- */

static void write_summary_seed_columns(FILE *f, const ltb_run *run, const ltb_level *level,
                                       const ltb_metrics *m)
{
    (void)run;
    double gpu_mem = m->gpu_mem_mb >= 0 ? m->gpu_mem_mb : 0.0;
    csv_write_int(f, level->concurrency);
    csv_next_double(f, m->ips, 4);
    csv_next_double(f, m->pps, 1);
    csv_next_double(f, m->sps, 2);
    csv_next_shared_summary_columns(f, m, &m->ttfi);
    csv_next_double(f, m->total_images, 0);
    csv_next_double(f, m->total_pixels, 0);
    csv_next_double(f, m->total_steps, 0);
    csv_next_double(f, m->avg_prompt_chars, 0);
    csv_next_double(f, m->ok_requests > 0 ? m->total_images / (double)m->ok_requests : 0.0, 1);
    csv_next_double(f, m->avg_width, 0);
    csv_next_double(f, m->avg_height, 0);
    csv_next_double(f, m->ok_requests > 0 ? m->total_steps / (double)m->ok_requests : 0.0, 1);
    csv_next_double(f, 0.0, 2); /* guidance scale: none for classification */
    csv_next_double(f, m->peak_rss_mb, 2);
    csv_next_double(f, m->peak_rss_mb, 2);
    csv_next_double(f, gpu_mem, 2);
    csv_next_double(f, gpu_mem, 2);
}

static void write_summary_extra_columns(FILE *f, const ltb_run *run, const ltb_level *level,
                                        const ltb_metrics *m)
{
    csv_next_int(f, level->batch);
    csv_next_latency(f, &m->latency, 4);
    csv_next_double(f, m->latency.stddev, 4);
    csv_next_double(f, m->latency.cov, 4);
    csv_next_double(f, m->mean_preprocess_ms, 4);
    csv_next_double(f, m->mean_h2d_ms, 4);
    csv_next_double(f, m->mean_forward_ms, 4);
    csv_next_double(f, m->mean_d2h_ms, 4);
    csv_next_double(f, m->mean_postprocess_ms, 4);
    csv_next_optional(f, m->mean_gpu_ms, 4);
    csv_next_optional(f, m->mean_server_ms, 4);
    csv_next_text(f, run->config.device);
    csv_next_text(f, run->config.precision);
    csv_next_text(f, level->skipped ? level->note : NULL);
    csv_next_repetition(f, level);
}

/* ---- "Summary Statistics": the seed's Metric,Min,Max,Range,Best_Concurrency ---- */

static double value_ips(const ltb_metrics *m) { return m->ips; }
static double value_pps(const ltb_metrics *m) { return m->pps; }
static double value_rps(const ltb_metrics *m) { return m->rps; }
static double value_ttfi_p95(const ltb_metrics *m) { return m->ttfi.p95; }
static double value_memory(const ltb_metrics *m) { return m->peak_rss_mb; }

static void write_summary_statistics(FILE *f, const ltb_run *run)
{
    fputs("\nSummary Statistics\n", f);
    fputs("Metric,Min,Max,Range,Best_Concurrency,Best_Batch\n", f);
    csv_write_statistic(f, run, "IPS", value_ips, 0, 4, 1);
    csv_write_statistic(f, run, "PPS", value_pps, 0, 1, 1);
    csv_write_statistic(f, run, "RPS", value_rps, 0, 2, 1);
    csv_write_statistic(f, run, "TTFI_p95_ms", value_ttfi_p95, 1, 3, 1);
    csv_write_statistic(f, run, "Memory_MB", value_memory, 1, 2, 1);
    csv_write_overall(f, run);
}

/* ---- "Test Configuration" ------------------------------------------------------- */

/* The seed's prompt rows: count, min, max, mean and median prompt length. */
static void write_prompt_lengths(FILE *f, const ltb_run *run)
{
    int n = run->samples != NULL ? run->n_samples : 0;
    size_t *len = n > 0 ? malloc((size_t)n * sizeof *len) : NULL;
    for (int i = 0; len != NULL && i < n; i++)
        len[i] = ltb_utf8_cstr_chars(run->samples[i].name);
    csv_write_length_stats(f, "Test_Prompts_Count", "Prompt_Length", len, n);
    free(len);
}

static void write_test_configuration(FILE *f, const ltb_run *run)
{
    const ltb_config *c = &run->config;
    char buf[512];
    csv_write_configuration_head(f, run);
    csv_format_int_list(buf, sizeof buf, c->batch, c->n_batch);
    csv_write_pair(f, "Batch_Sizes", buf);
    snprintf(buf, sizeof buf, "%dx%d", c->width, c->height);
    csv_write_pair(f, "Image_Size", buf);
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)c->seed);
    csv_write_pair(f, "Seed", buf);
    csv_write_pair_int(f, "Top_K", c->top_k);
    csv_write_pair_int(f, "Threads", c->threads);
    csv_write_pair_double(f, "Timeout_s", c->timeout_s, 3);
    csv_write_pair(f, "Channels_Last", c->channels_last ? "True" : "False");
    csv_write_pair(f, "Include_Preprocess", c->include_preprocess ? "True" : "False");
    csv_write_pair(f, "Interrupted", run->interrupted ? "True" : "False");
    write_prompt_lengths(f, run);
}

/* ---- detailed rows -------------------------------------------------------------- */

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
    csv_next_text(f, id);
    csv_next_int(f, (long long)r->id);
    csv_next_text(f, name);
    csv_next_int(f, (long long)ltb_utf8_cstr_chars(name));
    csv_next_int(f, 1); /* one token: the file name */
    csv_next_int(f, 0); /* no negative prompt */
    csv_next_request_times(f, run, r, ltb_record_first_ms);
    csv_next_int(f, c->width);
    csv_next_int(f, c->height);
    csv_next_int(f, batch);
    csv_next_double(f, pixels, 0);
    csv_next_int(f, batch); /* one step per image */
    csv_next_double(f, 0.0, 2);
    fprintf(f, ",%llu", (unsigned long long)c->seed);
    csv_next_double(f, batch * per_s, 6);
    csv_next_double(f, pixels * per_s, 1);
    csv_next_double(f, batch * per_s, 2);
    csv_next_double(f, level->metrics.peak_rss_mb, 2);
    csv_next_double(f, level->metrics.gpu_mem_mb >= 0 ? level->metrics.gpu_mem_mb : 0.0, 2);
    csv_next_int(f, (long long)r->res.response_bytes);
    csv_next_text(f, format);
    csv_next_text(f, r->res.ok ? "True" : "False");
    csv_next_text(f, r->res.ok ? NULL : r->res.error);
}

static void write_detailed_extra_columns(FILE *f, const ltb_run *run, const ltb_level *level,
                                         const ltb_record *r)
{
    (void)run;
    const ltb_result *res = &r->res;
    csv_next_int(f, r->batch > 0 ? r->batch : level->batch);
    csv_next_int(f, r->worker);
    csv_next_double(f, ltb_record_latency_ms(r), 4);
    csv_next_phases(f, res);
    next_topk(f, res);
}

/* ---- files ---------------------------------------------------------------------- */

static const csv_task_layout layout = {
    .summary_header = summary_header,
    .summary_seed_columns = write_summary_seed_columns,
    .summary_extra_columns = write_summary_extra_columns,
    .summary_statistics = write_summary_statistics,
    .test_configuration = write_test_configuration,
    .detailed_header = detailed_header,
    .detailed_seed_columns = write_detailed_seed_columns,
    .detailed_extra_columns = write_detailed_extra_columns,
};

int ltb_report_csv_image(const ltb_run *run, const char *dir, char *err, size_t errlen)
{
    return csv_write_task_files(run, dir, &layout, 0, err, errlen);
}

int ltb_report_csv_image_ranks(const ltb_csv_rank *ranks, int n, const char *dir, char *err,
                               size_t errlen)
{
    return csv_write_rank_files(ranks, n, dir, &layout, 0, err, errlen);
}
