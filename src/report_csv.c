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
#include "report_csv_image_seed.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const summary_header[] = {
    LTB_CSV_IMAGE_SUMMARY_SEED_HEADER,
    /* ltbench's */
    LTB_CSV_IMAGE_SUMMARY_EXTRA_HEAD, LTB_CSV_IMAGE_SUMMARY_EXTRA_TAIL,
    LTB_CSV_GPU_HEADER("Joules_Per_Image"), "Intra_Op_Threads", NULL};

static const char *const detailed_header[] = {
    LTB_CSV_IMAGE_DETAILED_SEED_HEADER,
    /* ltbench's */
    LTB_CSV_IMAGE_DETAILED_EXTRA_HEAD, "Top1_Class", "Top_K_Classes",
    "Top_K_Scores", LTB_CSV_GPU_REQUEST_HEADER, NULL};

/* ---- summary rows ----------------------------------------------------------- */

static void write_summary_seed_columns(FILE *f, const ltb_run *run, const ltb_level *level,
                                       const ltb_metrics *m)
{
    (void)run;
    /* no guidance for classification; GPU memory 0.00 when not measured */
    csv_image_summary_seed_columns(f, level, m, 0.0, m->gpu_mem_mb >= 0 ? m->gpu_mem_mb : 0.0);
}

static void write_summary_extra_columns(FILE *f, const ltb_run *run, const ltb_level *level,
                                        const ltb_metrics *m)
{
    csv_image_summary_extra_head(f, level, m);
    csv_image_summary_extra_tail(f, run, level);
    csv_next_gpu(f, m);
    csv_next_int(f, level->intra_op_threads);
}

/* ---- "Summary Statistics" ------------------------------------------------------ */

static void write_summary_statistics(FILE *f, const ltb_run *run)
{
    csv_image_summary_statistics(f, run, 0);
}

/* ---- "Test Configuration" ------------------------------------------------------- */

static void write_test_configuration(FILE *f, const ltb_run *run)
{
    const ltb_config *c = &run->config;
    csv_image_configuration_head(f, run);
    csv_write_pair_int(f, "Top_K", c->top_k);
    csv_write_pair_int(f, "Threads", c->threads);
    csv_write_pair_double(f, "Timeout_s", c->timeout_s, 3);
    csv_write_pair(f, "Channels_Last", c->channels_last ? "True" : "False");
    csv_write_pair(f, "CuDNN_Benchmark", c->cudnn_benchmark ? "True" : "False");
    csv_write_pair(f, "CUDA_Graph", c->cuda_graph ? "True" : "False");
    csv_write_pair(f, "Include_Preprocess", c->include_preprocess ? "True" : "False");
    csv_write_pair(f, "Interrupted", run->interrupted ? "True" : "False");
    csv_image_prompt_lengths(f, run, 0);
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
    char format[16];
    image_format(name, format, sizeof format);
    double gpu_mem = level->metrics.gpu_mem_mb;
    csv_image_request q = {
        .prompt = name, .prompt_chars = (long long)ltb_utf8_cstr_chars(name),
        .prompt_tokens = 1, /* one token: the file name */
        .negative_chars = 0, .width = c->width, .height = c->height, .images = batch,
        .steps = batch, /* one step per image */
        .guidance_scale = 0.0, .seed = c->seed, .gpu_mem_mb = gpu_mem >= 0 ? gpu_mem : 0.0,
        .format = format};
    csv_image_detailed_seed_columns(f, run, level, r, &q);
}

static void write_detailed_extra_columns(FILE *f, const ltb_run *run, const ltb_level *level,
                                         const ltb_record *r)
{
    (void)run;
    csv_image_detailed_extra_head(f, level, r);
    next_topk(f, &r->res);
    csv_next_gpu_request(f, &r->res);
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
