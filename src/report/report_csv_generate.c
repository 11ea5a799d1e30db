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

/* ---- a level's fields (the summary rows) ---------------------------------------------- */

#define M(row) ((row)->m)
static double guidance(const ltb_field_row *row)
{
    return M(row)->ok_requests > 0 ? row->run->config.guidance_scale : 0.0;
}
static double gpu_memory_not_measured(const ltb_field_row *row)
{
    (void)row;
    return GPU_MEMORY_NOT_MEASURED;
}
static const char *generator(const ltb_field_row *row, char *buf, size_t cap)
{
    (void)buf, (void)cap;
    return row->run->config.generator;
}

static const ltb_field summary_fields[] = {
    LTB_FIELD_L(ltb_fields_image_summary_seed),
    LTB_FIELD_N("Avg_Guidance_Scale", NULL, 2, guidance),
    LTB_FIELD_L(ltb_fields_image_memory),
    LTB_FIELD_N("Avg_GPU_Memory_MB", NULL, 2, gpu_memory_not_measured),
    LTB_FIELD_N("Max_GPU_Memory_MB", NULL, 2, gpu_memory_not_measured),
    /* ltbench's */
    LTB_FIELD_L(ltb_fields_image_summary_extra_head),
    LTB_FIELD_MN("Encode_Mean_ms", NULL, 4, mean_encode_ms),
    LTB_FIELD_MN("Step_Mean_ms", NULL, 4, mean_step_ms),
    LTB_FIELD_MN("Decode_Mean_ms", NULL, 4, mean_decode_ms),
    LTB_FIELD_T("Generator", NULL, generator),
    LTB_FIELD_L(ltb_fields_image_summary_extra_tail),
    LTB_FIELD_L(ltb_fields_rate_summary),
    /* JSON only */
    LTB_FIELD_LJ(ltb_fields_gpu_head),
    LTB_FIELD_LJ(ltb_fields_gpu_energy),
    LTB_FIELD_LJ(ltb_fields_gpu_tail),
    LTB_FIELD_L(ltb_fields_level_json),
    LTB_FIELD_LAST};

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

static void request_facts(const ltb_run *run, const ltb_level *level, const ltb_record *r,
                          csv_image_request *q)
{
    const ltb_config *c = &run->config;
    int known = run->samples != NULL && r->sample >= 0 && r->sample < run->n_samples;
    const ltb_sample_info *s = known ? &run->samples[r->sample] : NULL;
    *q = (csv_image_request){
        .prompt = s ? s->text : NULL,
        .prompt_chars = s ? (long long)ltb_sample_text_chars(s) : 0,
        .prompt_tokens = s ? s->tokens : 0,
        .negative_chars = (long long)ltb_utf8_cstr_chars(c->negative_prompt),
        .width = c->width, .height = c->height,
        .images = ltb_record_images(r, level->batch),
        .steps = ltb_record_steps(r, c->steps),
        .guidance_scale = c->guidance_scale, .seed = c->seed,
        .gpu_mem_mb = GPU_MEMORY_NOT_MEASURED, .format = "TENSOR_F32"};
}

#define RES(row) (&(row)->r->res)
static double encode_ms(const ltb_field_row *row) { return RES(row)->encode_ns / 1e6; }
static double denoise_ms(const ltb_field_row *row) { return RES(row)->denoise_ns / 1e6; }
static double step_mean_ms(const ltb_field_row *row)
{
    return ltb_safe_div(RES(row)->denoise_ns / 1e6,
                        ((const csv_image_request *)row->facts)->steps);
}
static double decode_ms(const ltb_field_row *row) { return RES(row)->decode_ns / 1e6; }
static long long previews(const ltb_field_row *row) { return RES(row)->previews; }
static const char *prompt(const ltb_field_row *row, char *buf, size_t cap)
{
    (void)buf, (void)cap;
    const ltb_run *run = row->run;
    int sample = row->r->sample;
    int known = run->samples != NULL && sample >= 0 && sample < run->n_samples;
    return known ? run->samples[sample].text : NULL;
}
/* the request's prompt characters (0) or tokens (1), over its batch */
static double prompt_total(const ltb_field_row *row, int tokens)
{
    double chars, toks;
    ltb_record_prompt_totals(row->r, row->r->batch, row->run->samples, row->run->n_samples,
                             &chars, &toks);
    return tokens ? toks : chars;
}
static double prompt_chars(const ltb_field_row *row) { return prompt_total(row, 0); }
static double prompt_tokens(const ltb_field_row *row) { return prompt_total(row, 1); }
static long long images(const ltb_field_row *row)
{
    return ltb_record_images(row->r, row->r->batch);
}
static long long steps(const ltb_field_row *row)
{
    return ltb_record_steps(row->r, row->run->config.steps);
}
static double ttfi_ms(const ltb_field_row *row) { return ltb_record_first_ms(row->r); }

static const ltb_field detailed_fields[] = {
    LTB_FIELD_L(ltb_fields_image_detailed_seed),
    /* ltbench's */
    LTB_FIELD_L(ltb_fields_image_detailed_extra_head),
    LTB_FIELD_N("Encode_ms", "encode_ms", 4, encode_ms),
    LTB_FIELD_N("Denoise_ms", "denoise_ms", 4, denoise_ms),
    LTB_FIELD_N("Step_Mean_ms", NULL, 4, step_mean_ms),
    LTB_FIELD_N("Decode_ms", "decode_ms", 4, decode_ms),
    LTB_FIELD_I("Previews", "previews", previews),
    LTB_FIELD_L(ltb_fields_rate_request),
    /* JSON only */
    LTB_FIELD_T(NULL, "prompt", prompt),
    LTB_FIELD_N(NULL, "prompt_chars", 0, prompt_chars),
    LTB_FIELD_N(NULL, "prompt_tokens", 0, prompt_tokens),
    LTB_FIELD_I(NULL, "images", images),
    LTB_FIELD_I(NULL, "steps", steps),
    LTB_FIELD_N(NULL, "ttfi_ms", 0, ttfi_ms),
    LTB_FIELD_I(NULL, "response_bytes", ltb_field_response_bytes),
    LTB_FIELD_LJ(ltb_fields_gpu_request),
    LTB_FIELD_L(ltb_fields_request_json),
    LTB_FIELD_LAST};

/* ---- files ---------------------------------------------------------------------- */

const csv_task_layout csv_generate_layout = {
    .summary = summary_fields, .detailed = detailed_fields, .request_facts = request_facts,
    .summary_statistics = write_summary_statistics, .test_configuration = write_test_configuration,
    .legacy = 0};
