/* report_csv_image_seed.h — the seed's image CSV columns (its ImageBenchmarker
 * headers, exactly), shared by the classification and the image-generation files:
 * the header names, the seed's summary columns of a level and its detailed columns
 * of a request, each from the facts its task supplies. Internal to the reports. */
#ifndef LTB_REPORT_CSV_IMAGE_SEED_H
#define LTB_REPORT_CSV_IMAGE_SEED_H

#include <stdint.h>
#include <stdio.h>

#include "ltbench.h"

#define LTB_CSV_IMAGE_SUMMARY_SEED_HEADER                                                    \
    "Concurrency", "IPS", "PPS", "SPS", "RPS", "CPS", "Tokens_Per_Sec", "TTFI_p50_ms",       \
    "TTFI_p95_ms", "TTFI_p99_ms", "TTFI_Mean_ms", "Total_Requests", "Success_Rate_%",        \
    "Failed_Requests", "Total_Wall_Time_s", "Total_Images", "Total_Pixels",                  \
    "Total_Inference_Steps", "Avg_Prompt_Length_chars", "Avg_Images_Per_Request",            \
    "Avg_Image_Width", "Avg_Image_Height", "Avg_Inference_Steps", "Avg_Guidance_Scale",      \
    "Avg_Memory_Peak_MB", "Max_Memory_Peak_MB", "Avg_GPU_Memory_MB", "Max_GPU_Memory_MB"

#define LTB_CSV_IMAGE_DETAILED_SEED_HEADER                                                   \
    "Concurrency_Level", "Request_ID", "Iteration", "Prompt_Input", "Prompt_Length_Chars",   \
    "Prompt_Length_Tokens", "Negative_Prompt_Length_Chars", "Start_Time_Sec",                \
    "First_Image_Time_Sec", "End_Time_Sec", "Wall_Time_Sec", "TTFI_Sec", "Width", "Height",  \
    "Num_Images", "Total_Pixels", "Num_Inference_Steps", "Guidance_Scale", "Seed",           \
    "Images_Per_Sec", "Pixels_Per_Sec", "Steps_Per_Sec", "Memory_Peak_MB", "GPU_Memory_MB",  \
    "File_Size_Bytes", "Image_Format", "Success", "Error_Message"

/* ltbench's first extra columns, after the seed's, in both image tasks: */
#define LTB_CSV_IMAGE_SUMMARY_EXTRA_HEAD                                                     \
    "Batch", "Latency_p50_ms", "Latency_p95_ms", "Latency_p99_ms", "Latency_Mean_ms",        \
    "Latency_Stddev_ms", "Latency_CoV", "Preprocess_Mean_ms", "H2D_Mean_ms",                 \
    "Forward_Mean_ms", "D2H_Mean_ms", "Postprocess_Mean_ms", "GPU_Mean_ms", "Server_Mean_ms"
#define LTB_CSV_IMAGE_DETAILED_EXTRA_HEAD                                                    \
    "Batch", "Worker", "Latency_ms", "Preprocess_ms", "H2D_ms", "Forward_ms", "D2H_ms",      \
    "Postprocess_ms", "GPU_ms", "Server_Processing_ms"

/* ... and their last ones: */
#define LTB_CSV_IMAGE_SUMMARY_EXTRA_TAIL "Device", "Precision", "Skipped_Reason", \
    LTB_CSV_REPETITION_HEADER

/* The columns of LTB_CSV_IMAGE_SUMMARY_EXTRA_HEAD for a level. */
void csv_image_summary_extra_head(FILE *f, const ltb_level *level, const ltb_metrics *m);
/* The columns of LTB_CSV_IMAGE_SUMMARY_EXTRA_TAIL for a level. */
void csv_image_summary_extra_tail(FILE *f, const ltb_run *run, const ltb_level *level);
/* The columns of LTB_CSV_IMAGE_DETAILED_EXTRA_HEAD for a request. */
void csv_image_detailed_extra_head(FILE *f, const ltb_level *level, const ltb_record *r);

/* The seed's summary columns of a level; the memory columns carry the level's peak
 * RSS, the GPU ones gpu_mem_mb as given. */
void csv_image_summary_seed_columns(FILE *f, const ltb_level *level, const ltb_metrics *m,
                                    double guidance_scale, double gpu_mem_mb);

/* What one request's seed columns say, from its task. */
typedef struct csv_image_request {
    const char *prompt;
    long long prompt_chars, prompt_tokens, negative_chars;
    int width, height, images, steps;
    double guidance_scale;
    uint64_t seed;
    double gpu_mem_mb;
    const char *format;
} csv_image_request;

/* The seed's detailed columns of request r (rates 0 when it failed). */
void csv_image_detailed_seed_columns(FILE *f, const ltb_run *run, const ltb_level *level,
                                     const ltb_record *r, const csv_image_request *q);
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
