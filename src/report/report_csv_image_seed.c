/* report_csv_image_seed.c — the seed's image CSV fields (see report_csv_image_seed.h),
 * with its decimals. */
#include "report_csv_image_seed.h"

#include "csv.h"
#include "metrics.h"
#include "report_csv_common.h"
#include "text_stats.h"

#include <stdlib.h>

/* ---- a level's fields ------------------------------------------------------------------ */

#define M(row) ((row)->m)
static double images_per_request(const ltb_field_row *row)
{
    return ltb_safe_div(M(row)->total_images, (double)M(row)->ok_requests);
}
static double steps_per_request(const ltb_field_row *row)
{
    return ltb_safe_div(M(row)->total_steps, (double)M(row)->ok_requests);
}

const ltb_field ltb_fields_image_summary_seed[] = {
    LTB_FIELD_I("Concurrency", NULL, ltb_field_concurrency),
    LTB_FIELD_MN("IPS", NULL, 4, ips),
    LTB_FIELD_MN("PPS", NULL, 1, pps),
    LTB_FIELD_MN("SPS", NULL, 2, sps),
    LTB_FIELD_L(ltb_fields_rates),
    LTB_FIELD_MN("TTFI_p50_ms", NULL, 3, ttfi.p50),
    LTB_FIELD_MN("TTFI_p95_ms", NULL, 3, ttfi.p95),
    LTB_FIELD_MN("TTFI_p99_ms", NULL, 3, ttfi.p99),
    LTB_FIELD_MN("TTFI_Mean_ms", NULL, 3, ttfi.mean),
    LTB_FIELD_L(ltb_fields_totals),
    LTB_FIELD_MN("Total_Images", NULL, 0, total_images),
    LTB_FIELD_MN("Total_Pixels", NULL, 0, total_pixels),
    LTB_FIELD_MN("Total_Inference_Steps", NULL, 0, total_steps),
    LTB_FIELD_MN("Avg_Prompt_Length_chars", NULL, 0, avg_prompt_chars),
    LTB_FIELD_N("Avg_Images_Per_Request", NULL, 1, images_per_request),
    LTB_FIELD_MN("Avg_Image_Width", NULL, 0, avg_width),
    LTB_FIELD_MN("Avg_Image_Height", NULL, 0, avg_height),
    LTB_FIELD_N("Avg_Inference_Steps", NULL, 1, steps_per_request),
    LTB_FIELD_LAST};

const ltb_field ltb_fields_image_memory[] = {
    LTB_FIELD_MN("Avg_Memory_Peak_MB", NULL, 2, peak_rss_mb),
    LTB_FIELD_MN("Max_Memory_Peak_MB", NULL, 2, peak_rss_mb),
    LTB_FIELD_LAST};

const ltb_field ltb_fields_image_summary_extra_head[] = {
    LTB_FIELD_I("Batch", NULL, ltb_field_level_batch),
    LTB_FIELD_L(ltb_fields_latency),
    LTB_FIELD_MN("Latency_Stddev_ms", NULL, 4, latency.stddev),
    LTB_FIELD_MN("Latency_CoV", NULL, 4, latency.cov),
    LTB_FIELD_MN("Preprocess_Mean_ms", NULL, 4, mean_preprocess_ms),
    LTB_FIELD_MN("H2D_Mean_ms", NULL, 4, mean_h2d_ms),
    LTB_FIELD_MN("Forward_Mean_ms", NULL, 4, mean_forward_ms),
    LTB_FIELD_MN("D2H_Mean_ms", NULL, 4, mean_d2h_ms),
    LTB_FIELD_MN("Postprocess_Mean_ms", NULL, 4, mean_postprocess_ms),
    LTB_FIELD_MO("GPU_Mean_ms", NULL, 4, mean_gpu_ms),
    LTB_FIELD_MO("Server_Mean_ms", NULL, 4, mean_server_ms),
    LTB_FIELD_LAST};

const ltb_field ltb_fields_image_summary_extra_tail[] = {
    LTB_FIELD_T("Device", NULL, ltb_field_device),
    LTB_FIELD_T("Precision", NULL, ltb_field_precision),
    LTB_FIELD_T("Skipped_Reason", NULL, ltb_field_skipped_reason),
    LTB_FIELD_L(ltb_fields_repetition),
    LTB_FIELD_LAST};

/* ---- a request's fields ---------------------------------------------------------------- */

#define Q(row) ((const csv_image_request *)(row)->facts)
static const char *prompt(const ltb_field_row *row, char *buf, size_t cap)
{
    (void)buf, (void)cap;
    return Q(row)->prompt;
}
static long long prompt_chars(const ltb_field_row *row) { return Q(row)->prompt_chars; }
static long long prompt_tokens(const ltb_field_row *row) { return Q(row)->prompt_tokens; }
static long long negative_chars(const ltb_field_row *row) { return Q(row)->negative_chars; }
static double ttfi_s(const ltb_field_row *row) { return ltb_record_first_ms(row->r) / 1000.0; }
static long long width(const ltb_field_row *row) { return Q(row)->width; }
static long long height(const ltb_field_row *row) { return Q(row)->height; }
static long long images(const ltb_field_row *row) { return Q(row)->images; }
static double pixels(const ltb_field_row *row)
{
    return (double)Q(row)->images * Q(row)->width * Q(row)->height;
}
static long long steps(const ltb_field_row *row) { return Q(row)->steps; }
static double guidance_scale(const ltb_field_row *row) { return Q(row)->guidance_scale; }
static const char *seed(const ltb_field_row *row, char *buf, size_t cap)
{
    snprintf(buf, cap, "%llu", (unsigned long long)Q(row)->seed);
    return buf;
}
/* Per second of the request's wall time; 0 when it failed. */
static double per_s(const ltb_field_row *row)
{
    double wall_s = ltb_record_latency_ms(row->r) / 1000.0;
    return row->r->res.ok && wall_s > 0 ? 1.0 / wall_s : 0.0;
}
static double images_per_s(const ltb_field_row *row) { return Q(row)->images * per_s(row); }
static double pixels_per_s(const ltb_field_row *row) { return pixels(row) * per_s(row); }
static double steps_per_s(const ltb_field_row *row) { return Q(row)->steps * per_s(row); }
static double level_peak_rss(const ltb_field_row *row) { return row->level->metrics.peak_rss_mb; }
static double gpu_mem(const ltb_field_row *row) { return Q(row)->gpu_mem_mb; }
static const char *format(const ltb_field_row *row, char *buf, size_t cap)
{
    (void)buf, (void)cap;
    return Q(row)->format;
}

const ltb_field ltb_fields_image_detailed_seed[] = {
    LTB_FIELD_L(ltb_fields_request_head),
    LTB_FIELD_T("Prompt_Input", NULL, prompt),
    LTB_FIELD_I("Prompt_Length_Chars", NULL, prompt_chars),
    LTB_FIELD_I("Prompt_Length_Tokens", NULL, prompt_tokens),
    LTB_FIELD_I("Negative_Prompt_Length_Chars", NULL, negative_chars),
    LTB_FIELD_N("Start_Time_Sec", NULL, 6, ltb_field_unix_start),
    LTB_FIELD_N("First_Image_Time_Sec", NULL, 6, ltb_field_unix_first),
    LTB_FIELD_N("End_Time_Sec", NULL, 6, ltb_field_unix_end),
    LTB_FIELD_N("Wall_Time_Sec", NULL, 6, ltb_field_wall_s),
    LTB_FIELD_N("TTFI_Sec", NULL, 6, ttfi_s),
    LTB_FIELD_I("Width", NULL, width),
    LTB_FIELD_I("Height", NULL, height),
    LTB_FIELD_I("Num_Images", NULL, images),
    LTB_FIELD_N("Total_Pixels", NULL, 0, pixels),
    LTB_FIELD_I("Num_Inference_Steps", NULL, steps),
    LTB_FIELD_N("Guidance_Scale", NULL, 2, guidance_scale),
    LTB_FIELD_T("Seed", NULL, seed),
    LTB_FIELD_N("Images_Per_Sec", NULL, 6, images_per_s),
    LTB_FIELD_N("Pixels_Per_Sec", NULL, 1, pixels_per_s),
    LTB_FIELD_N("Steps_Per_Sec", NULL, 2, steps_per_s),
    LTB_FIELD_N("Memory_Peak_MB", NULL, 2, level_peak_rss),
    LTB_FIELD_N("GPU_Memory_MB", NULL, 2, gpu_mem),
    LTB_FIELD_I("File_Size_Bytes", NULL, ltb_field_response_bytes),
    LTB_FIELD_T("Image_Format", NULL, format),
    LTB_FIELD_T("Success", NULL, ltb_field_success),
    LTB_FIELD_T("Error_Message", NULL, ltb_field_error),
    LTB_FIELD_LAST};

static long long request_batch(const ltb_field_row *row)
{
    return row->r->batch > 0 ? row->r->batch : row->level->batch;
}

const ltb_field ltb_fields_image_detailed_extra_head[] = {
    LTB_FIELD_I("Batch", NULL, request_batch),
    LTB_FIELD_I("Worker", NULL, ltb_field_worker),
    LTB_FIELD_N("Latency_ms", NULL, 4, ltb_field_latency_ms),
    LTB_FIELD_L(ltb_fields_phases),
    LTB_FIELD_L(ltb_fields_server),
    LTB_FIELD_LAST};

/* ---- blocks ------------------------------------------------------------------------------ */

static double value_ips(const ltb_metrics *m) { return m->ips; }
static double value_pps(const ltb_metrics *m) { return m->pps; }
static double value_sps(const ltb_metrics *m) { return m->sps; }
static double value_rps(const ltb_metrics *m) { return m->rps; }
static double value_ttfi_p95(const ltb_metrics *m) { return m->ttfi.p95; }
static double value_memory(const ltb_metrics *m) { return m->peak_rss_mb; }

void csv_image_summary_statistics(FILE *f, const ltb_run *run, int with_sps)
{
    fputs("\nSummary Statistics\n", f);
    fputs("Metric,Min,Max,Range,Best_Concurrency,Best_Batch\n", f);
    csv_write_statistic(f, run, "IPS", value_ips, 0, 4, 1);
    csv_write_statistic(f, run, "PPS", value_pps, 0, 1, 1);
    if (with_sps)
        csv_write_statistic(f, run, "SPS", value_sps, 0, 2, 1);
    csv_write_statistic(f, run, "RPS", value_rps, 0, 2, 1);
    csv_write_statistic(f, run, "TTFI_p95_ms", value_ttfi_p95, 1, 3, 1);
    csv_write_statistic(f, run, "Memory_MB", value_memory, 1, 2, 1);
    csv_write_overall(f, run);
}

void csv_image_configuration_head(FILE *f, const ltb_run *run)
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
}

void csv_image_prompt_lengths(FILE *f, const ltb_run *run, int with_text)
{
    int n = run->samples != NULL ? run->n_samples : 0;
    size_t *len = n > 0 ? malloc((size_t)n * sizeof *len) : NULL;
    for (int i = 0; len != NULL && i < n; i++)
        len[i] = with_text ? ltb_sample_text_chars(&run->samples[i])
                           : ltb_utf8_cstr_chars(run->samples[i].name);
    csv_write_length_stats(f, "Test_Prompts_Count", "Prompt_Length", len, n);
    free(len);
}
