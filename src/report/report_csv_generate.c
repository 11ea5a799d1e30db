/* report_csv_generate.c — the image-generation task's CSV files, in the seed's image
 * format so its users' parsers keep working: {name}_detailed.csv (one row per timed
 * request) and {name}_summary.csv (one row per level, then the seed's "Summary
 * Statistics" and "Test Configuration" blocks). The seed's columns come first
 * (report_csv_image_seed.h), ltbench's extra columns follow.
 *
 * A request makes `batch` images, one prompt each: its row shows its first prompt
 * (Prompt_Input, Prompt_Length_Chars/Tokens: that prompt's characters and words);
 * Num_Images, Total_Pixels and the rates cover all its images. Num_Inference_Steps
 * is the denoising steps of the request (1 for a one-forward generator).
 * File_Size_Bytes is the size of the float32 image tensor the model returned
 * (in-process there is no file), Image_Format "TENSOR_F32". Memory columns carry
 * the level's peak RSS; the GPU memory columns are -1 (not measured). In a fleet
 * the same files hold every rank's rows, each ending with Rank,Host. */
#include "report.h"

#include "csv.h"
#include "metrics.h"
#include "report_csv_common.h"
#include "report_csv_image_seed.h"
#include "text_stats.h"

#include <string.h>

#define GPU_MEMORY_NOT_MEASURED (-1.0)

static const char *const summary_header[] = {
    LTB_CSV_IMAGE_SUMMARY_SEED_HEADER,
    /* ltbench's */
    LTB_CSV_IMAGE_SUMMARY_EXTRA_HEAD, "Encode_Mean_ms", "Step_Mean_ms", "Decode_Mean_ms",
    "Generator", LTB_CSV_IMAGE_SUMMARY_EXTRA_TAIL, NULL};

static const char *const detailed_header[] = {
    LTB_CSV_IMAGE_DETAILED_SEED_HEADER,
    /* ltbench's */
    LTB_CSV_IMAGE_DETAILED_EXTRA_HEAD, "Encode_ms", "Denoise_ms",
    "Step_Mean_ms", "Decode_ms", "Previews", NULL};

/* ---- summary rows ----------------------------------------------------------- */

static void write_summary_seed_columns(FILE *f, const ltb_run *run, const ltb_level *level,
                                       const ltb_metrics *m)
{
    csv_image_summary_seed_columns(f, level, m, run->config.guidance_scale,
                                   GPU_MEMORY_NOT_MEASURED);
}

static void write_summary_extra_columns(FILE *f, const ltb_run *run, const ltb_level *level,
                                        const ltb_metrics *m)
{
    csv_image_summary_extra_head(f, level, m);
    csv_next_double(f, m->mean_encode_ms, 4);
    csv_next_double(f, m->mean_step_ms, 4);
    csv_next_double(f, m->mean_decode_ms, 4);
    csv_next_text(f, run->config.generator);
    csv_image_summary_extra_tail(f, run, level);
}

static void write_summary_statistics(FILE *f, const ltb_run *run)
{
    csv_image_summary_statistics(f, run, 1);
}

static void write_test_configuration(FILE *f, const ltb_run *run)
{
    const ltb_config *c = &run->config;
    char buf[64];
    csv_image_configuration_head(f, run);
    csv_write_pair(f, "Generator", c->generator ? c->generator : "none");
    csv_write_pair_int(f, "Inference_Steps", c->steps);
    csv_write_pair_double(f, "Guidance_Scale", c->guidance_scale, 2);
    csv_write_pair(f, "Negative_Prompt", c->negative_prompt ? c->negative_prompt : "");
    csv_write_pair_int(f, "Preview_Every", c->preview_every);
    csv_write_pair(f, "Prompts_File", c->prompts_file ? c->prompts_file : "");
    snprintf(buf, sizeof buf, "%d..%d", c->min_prompt_length, c->max_prompt_length);
    csv_write_pair(f, "Generated_Prompt_Length_Range", c->prompts_file ? "" : buf);
    csv_write_pair_int(f, "Threads", c->threads);
    csv_write_pair_double(f, "Timeout_s", c->timeout_s, 3);
    csv_write_pair(f, "Interrupted", run->interrupted ? "True" : "False");
    csv_image_prompt_lengths(f, run, 1);
}

/* ---- detailed rows -------------------------------------------------------------- */

static void write_detailed_seed_columns(FILE *f, const ltb_run *run, const ltb_level *level,
                                        const ltb_record *r)
{
    const ltb_config *c = &run->config;
    int known = run->samples != NULL && r->sample >= 0 && r->sample < run->n_samples;
    const ltb_sample_info *s = known ? &run->samples[r->sample] : NULL;
    csv_image_request q = {
        .prompt = s ? s->text : NULL,
        .prompt_chars = s ? (long long)ltb_sample_text_chars(s) : 0,
        .prompt_tokens = s ? s->tokens : 0,
        .negative_chars = (long long)ltb_utf8_cstr_chars(c->negative_prompt),
        .width = c->width, .height = c->height,
        .images = ltb_record_images(r, level->batch),
        .steps = ltb_record_steps(r, c->steps),
        .guidance_scale = c->guidance_scale, .seed = c->seed,
        .gpu_mem_mb = GPU_MEMORY_NOT_MEASURED, .format = "TENSOR_F32"};
    csv_image_detailed_seed_columns(f, run, level, r, &q);
}

static void write_detailed_extra_columns(FILE *f, const ltb_run *run, const ltb_level *level,
                                         const ltb_record *r)
{
    const ltb_result *res = &r->res;
    int steps = ltb_record_steps(r, run->config.steps);
    csv_image_detailed_extra_head(f, level, r);
    csv_next_double(f, res->encode_ns / 1e6, 4);
    csv_next_double(f, res->denoise_ns / 1e6, 4);
    csv_next_double(f, ltb_safe_div(res->denoise_ns / 1e6, steps), 4);
    csv_next_double(f, res->decode_ns / 1e6, 4);
    csv_next_int(f, res->previews);
}

/* ---- files ---------------------------------------------------------------------- */

const csv_task_layout csv_generate_layout = {
    .summary_header = summary_header, .detailed_header = detailed_header, .legacy = 0,
    .summary_seed_columns = write_summary_seed_columns, .summary_extra_columns = write_summary_extra_columns,
    .summary_statistics = write_summary_statistics, .test_configuration = write_test_configuration,
    .detailed_seed_columns = write_detailed_seed_columns, .detailed_extra_columns = write_detailed_extra_columns};
