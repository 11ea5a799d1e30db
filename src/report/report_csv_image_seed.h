/* report_csv_image_seed.h — the seed's image CSV fields (its ImageBenchmarker
 * columns, exactly), shared by the classification and the image-generation tables:
 * the pieces of a level's summary fields and a request's detailed fields, each from
 * the facts its task supplies, and the blocks after the rows. Internal to the
 * reports. */
#ifndef LTB_REPORT_CSV_IMAGE_SEED_H
#define LTB_REPORT_CSV_IMAGE_SEED_H

#include <stdint.h>
#include <stdio.h>

#include "ltbench.h"
#include "report_fields.h"

/* A level's seed fields up to Avg_Inference_Steps; then the task's Avg_Guidance_Scale,
 * ltb_fields_image_memory (the level's peak RSS), the task's Avg_/Max_GPU_Memory_MB. */
extern const ltb_field ltb_fields_image_summary_seed[], ltb_fields_image_memory[];
/* ltbench's first extra summary fields in both image tasks (Batch, latency, phase
 * means), and their last ones (Device, Precision, Skipped_Reason, repetition). */
extern const ltb_field ltb_fields_image_summary_extra_head[],
    ltb_fields_image_summary_extra_tail[];

/* What one request's seed fields say, from its task (csv_task_layout.request_facts):
 * row->facts of the detailed fields. */
typedef struct csv_image_request {
    const char *prompt;
    long long prompt_chars, prompt_tokens, negative_chars;
    int width, height, images, steps;
    double guidance_scale;
    uint64_t seed;
    double gpu_mem_mb;
    char format[16];
} csv_image_request;

/* A request's seed fields (rates 0 when it failed), then ltbench's first extra ones
 * (Batch, Worker, Latency_ms, the phases, Server_Processing_ms). */
extern const ltb_field ltb_fields_image_detailed_seed[], ltb_fields_image_detailed_extra_head[];

/* "Summary Statistics": IPS, PPS, (SPS with with_sps), RPS, TTFI p95, memory, with
 * the best concurrency and batch, then the overall rows. */
void csv_image_summary_statistics(FILE *f, const ltb_run *run, int with_sps);

/* "Test Configuration"'s common head (csv_write_configuration_head), then
 * Batch_Sizes, Image_Size and Seed. */
void csv_image_configuration_head(FILE *f, const ltb_run *run);

/* The seed's prompt rows: count, min, max, mean and median prompt length in
 * characters, of the samples' texts (with_text) or their names (classification). */
void csv_image_prompt_lengths(FILE *f, const ltb_run *run, int with_text);
#endif
