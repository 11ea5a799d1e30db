/* report_csv_image_seed.c — the seed's image CSV columns (see report_csv_image_seed.h),
 * with its decimals. */
#include "report_csv_image_seed.h"

#include "csv.h"
#include "metrics.h"
#include "report_csv_common.h"
#include "text_stats.h"

#include <stdlib.h>

void csv_image_summary_seed_columns(FILE *f, const ltb_level *level, const ltb_metrics *m,
                                    double guidance_scale, double gpu_mem_mb)
{
    csv_write_int(f, level->concurrency);
    csv_next_double(f, m->ips, 4);
    csv_next_double(f, m->pps, 1);
    csv_next_double(f, m->sps, 2);
    csv_next_shared_summary_columns(f, m, &m->ttfi);
    csv_next_double(f, m->total_images, 0);
    csv_next_double(f, m->total_pixels, 0);
    csv_next_double(f, m->total_steps, 0);
    csv_next_double(f, m->avg_prompt_chars, 0);
    csv_next_double(f, ltb_safe_div(m->total_images, (double)m->ok_requests), 1);
    csv_next_double(f, m->avg_width, 0);
    csv_next_double(f, m->avg_height, 0);
    csv_next_double(f, ltb_safe_div(m->total_steps, (double)m->ok_requests), 1);
    csv_next_double(f, m->ok_requests > 0 ? guidance_scale : 0.0, 2);
    csv_next_double(f, m->peak_rss_mb, 2);
    csv_next_double(f, m->peak_rss_mb, 2);
    csv_next_double(f, gpu_mem_mb, 2);
    csv_next_double(f, gpu_mem_mb, 2);
}

void csv_image_detailed_seed_columns(FILE *f, const ltb_run *run, const ltb_level *level,
                                     const ltb_record *r, const csv_image_request *q)
{
    double pixels = (double)q->images * q->width * q->height;
    double wall_s = ltb_record_latency_ms(r) / 1000.0;
    double per_s = r->res.ok && wall_s > 0 ? 1.0 / wall_s : 0.0;
    char id[32];
    snprintf(id, sizeof id, "req_%lld", (long long)r->id);

    csv_write_int(f, level->concurrency);
    csv_next_text(f, id);
    csv_next_int(f, (long long)r->id);
    csv_next_text(f, q->prompt);
    csv_next_int(f, q->prompt_chars);
    csv_next_int(f, q->prompt_tokens);
    csv_next_int(f, q->negative_chars);
    csv_next_request_times(f, run, r, ltb_record_first_ms);
    csv_next_int(f, q->width);
    csv_next_int(f, q->height);
    csv_next_int(f, q->images);
    csv_next_double(f, pixels, 0);
    csv_next_int(f, q->steps);
    csv_next_double(f, q->guidance_scale, 2);
    fprintf(f, ",%llu", (unsigned long long)q->seed);
    csv_next_double(f, q->images * per_s, 6);
    csv_next_double(f, pixels * per_s, 1);
    csv_next_double(f, q->steps * per_s, 2);
    csv_next_double(f, level->metrics.peak_rss_mb, 2);
    csv_next_double(f, q->gpu_mem_mb, 2);
    csv_next_int(f, (long long)r->res.response_bytes);
    csv_next_text(f, q->format);
    csv_next_text(f, r->res.ok ? "True" : "False");
    csv_next_text(f, r->res.ok ? NULL : r->res.error);
}

void csv_image_summary_extra_head(FILE *f, const ltb_level *level, const ltb_metrics *m)
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
}

void csv_image_summary_extra_tail(FILE *f, const ltb_run *run, const ltb_level *level)
{
    csv_next_text(f, run->config.device);
    csv_next_text(f, run->config.precision);
    csv_next_text(f, level->skipped ? level->note : NULL);
    csv_next_repetition(f, level);
}

void csv_image_detailed_extra_head(FILE *f, const ltb_level *level, const ltb_record *r)
{
    csv_next_int(f, r->batch > 0 ? r->batch : level->batch);
    csv_next_int(f, r->worker);
    csv_next_double(f, ltb_record_latency_ms(r), 4);
    csv_next_phases(f, &r->res);
}

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
