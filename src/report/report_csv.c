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

/* ---- a level's fields (the summary rows) --------------------------------------------- */

/* no guidance for classification; GPU memory 0.00 when not measured */
static double no_guidance(const ltb_field_row *row)
{
    (void)row;
    return 0.0;
}
static double gpu_mem(const ltb_field_row *row)
{
    return row->m->gpu_mem_mb >= 0 ? row->m->gpu_mem_mb : 0.0;
}

static const ltb_field summary_fields[] = {
    LTB_FIELD_L(ltb_fields_image_summary_seed),
    LTB_FIELD_N("Avg_Guidance_Scale", NULL, 2, no_guidance),
    LTB_FIELD_L(ltb_fields_image_memory),
    LTB_FIELD_N("Avg_GPU_Memory_MB", NULL, 2, gpu_mem),
    LTB_FIELD_N("Max_GPU_Memory_MB", NULL, 2, gpu_mem),
    /* ltbench's */
    LTB_FIELD_L(ltb_fields_image_summary_extra_head),
    LTB_FIELD_L(ltb_fields_image_summary_extra_tail),
    LTB_FIELD_L(ltb_fields_gpu_head),
    LTB_FIELD_L(ltb_fields_gpu_energy),
    LTB_FIELD_MO("Joules_Per_Image", NULL, 6, gpu.joules_per_item),
    LTB_FIELD_L(ltb_fields_gpu_tail),
    LTB_FIELD_I("Intra_Op_Threads", NULL, ltb_field_level_intra_op_threads),
    LTB_FIELD_L(ltb_fields_rate_summary),
    LTB_FIELD_L(ltb_fields_level_json),
    LTB_FIELD_LAST};

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

static void request_facts(const ltb_run *run, const ltb_level *level, const ltb_record *r,
                          csv_image_request *q)
{
    const ltb_config *c = &run->config;
    const char *name = prompt_name(run, r->sample);
    int batch = r->batch > 0 ? r->batch : level->batch;
    double gpu_mem = level->metrics.gpu_mem_mb;
    *q = (csv_image_request){
        .prompt = name, .prompt_chars = (long long)ltb_utf8_cstr_chars(name),
        .prompt_tokens = 1, /* one token: the file name */
        .negative_chars = 0, .width = c->width, .height = c->height, .images = batch,
        .steps = batch, /* one step per image */
        .guidance_scale = 0.0, .seed = c->seed, .gpu_mem_mb = gpu_mem >= 0 ? gpu_mem : 0.0};
    image_format(name, q->format, sizeof q->format);
}

static int topk_n(const ltb_result *res)
{
    return res->topk_n < 0 ? 0 : res->topk_n > LTB_TOPK ? LTB_TOPK : res->topk_n;
}

static const char *top1_class(const ltb_field_row *row, char *buf, size_t cap)
{
    if (topk_n(&row->r->res) == 0)
        return NULL;
    snprintf(buf, cap, "%lld", (long long)row->r->res.topk_ids[0]);
    return buf;
}

/* The top-k classes or scores, space-separated. */
static const char *topk_list(const ltb_result *res, int scores, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0, n = topk_n(res); i < n && used < cap; i++) {
        int w = scores ? snprintf(buf + used, cap - used, i > 0 ? " %.4f" : "%.4f",
                                  (double)res->topk_scores[i])
                       : snprintf(buf + used, cap - used, i > 0 ? " %d" : "%d",
                                  (int)res->topk_ids[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    return buf;
}

static const char *topk_classes(const ltb_field_row *row, char *buf, size_t cap)
{
    return topk_list(&row->r->res, 0, buf, cap);
}

static const char *topk_scores(const ltb_field_row *row, char *buf, size_t cap)
{
    return topk_list(&row->r->res, 1, buf, cap);
}

static const ltb_field detailed_fields[] = {
    LTB_FIELD_L(ltb_fields_image_detailed_seed),
    /* ltbench's */
    LTB_FIELD_L(ltb_fields_image_detailed_extra_head),
    LTB_FIELD_T("Top1_Class", NULL, top1_class),
    LTB_FIELD_T("Top_K_Classes", NULL, topk_classes),
    LTB_FIELD_T("Top_K_Scores", NULL, topk_scores),
    LTB_FIELD_L(ltb_fields_gpu_request),
    LTB_FIELD_L(ltb_fields_rate_request),
    LTB_FIELD_L(ltb_fields_request_json),
    LTB_FIELD_LAST};

/* ---- files ---------------------------------------------------------------------- */

const csv_task_layout csv_image_layout = {
    .summary = summary_fields, .detailed = detailed_fields, .request_facts = request_facts,
    .summary_statistics = write_summary_statistics, .test_configuration = write_test_configuration,
    .legacy = 0};
