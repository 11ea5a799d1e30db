/* report_csv_common.h — what the image and TTS CSV writers share: fields after
 * the first of a row, "Key,Value" rows, a request's five time columns, the
 * seed's "Summary Statistics" rows, the common head of "Test Configuration",
 * length statistics, and writing a file atomically. Internal to the reports. */
#ifndef LTB_REPORT_CSV_COMMON_H
#define LTB_REPORT_CSV_COMMON_H

#include <stdio.h>

#include "ltbench.h"
#include "metrics.h"
#include "report.h"

/* A field after the first of a row: each writes its comma first. */
void csv_next_int(FILE *f, long long v);
void csv_next_double(FILE *f, double v, int decimals);
/* "none" when negative: an empty field. */
void csv_next_optional(FILE *f, double v, int decimals);
/* An empty field when v is NAN (a value that does not exist; negatives are values). */
void csv_next_number_or_empty(FILE *f, double v, int decimals);
void csv_next_text(FILE *f, const char *s);
/* The repetition columns every summary row ends with (see LTB_CSV_REPETITION_HEADER). */
void csv_next_repetition(FILE *f, const ltb_level *level);
#define LTB_CSV_REPETITION_HEADER \
    "Repetition", "Repetitions", "Throughput_Mean", "Throughput_Stddev", "RPS_Mean", "RPS_Stddev"

/* The GPU columns every summary row ends with, after the repetition columns (empty
 * where not measured: CPU, HTTP, no NVML); joules_column names the energy per item
 * ("Joules_Per_Image", "Joules_Per_Audio_Second"). */
void csv_next_gpu(FILE *f, const ltb_metrics *m);
#define LTB_CSV_GPU_HEADER(joules_column) \
    "GPU_Compute_p50_ms", "GPU_Compute_p95_ms", "GPU_Compute_Mean_ms", "GPU_Compute_CoV", \
    "Enqueue_Mean_ms", "GPU_Mem_Peak_Allocated_MB", "GPU_Mem_Peak_Reserved_MB", \
    "GPU_Mem_Used_MB", "GPU_Mem_Total_MB", "GPU_Energy_J", joules_column, "GPU_Avg_Power_W", \
    "GPU_Max_Power_W", "GPU_Max_Temp_C", "GPU_Avg_SM_Clock_MHz", "GPU_Avg_Mem_Clock_MHz", \
    "GPU_Avg_Util_%", "GPU_Throttled", "GPU_Throttle_Reasons"
/* The GPU columns every detailed row ends with: the request's forward time by CUDA
 * events and its enqueue time (empty where none). */
void csv_next_gpu_request(FILE *f, const ltb_result *res);
#define LTB_CSV_GPU_REQUEST_HEADER "GPU_Compute_ms", "Enqueue_ms"

/* p50, p95, p99 and mean of l. */
void csv_next_latency(FILE *f, const ltb_latency *l, int decimals);
/* The seed's summary columns both tasks share, in its order: RPS, CPS,
 * Tokens_Per_Sec, the first-result time's p50/p95/p99/mean in ms (TTFI or TTFA),
 * Total_Requests, Success_Rate_%, Failed_Requests, Total_Wall_Time_s. */
void csv_next_shared_summary_columns(FILE *f, const ltb_metrics *m, const ltb_latency *first);

/* "Key,Value\n" rows of the summary's trailing blocks. */
void csv_write_pair(FILE *f, const char *key, const char *value);
void csv_write_pair_int(FILE *f, const char *key, long long value);
void csv_write_pair_double(FILE *f, const char *key, double value, int decimals);

/* Start, first-result and end times (Unix seconds, 6 decimals), then the wall
 * time and the first-result time (first_ms of the record) in seconds. */
void csv_next_request_times(FILE *f, const ltb_run *run, const ltb_record *r,
                            ltb_record_ms_fn first_ms);

/* A request's phases in ms: Preprocess, H2D, Forward, D2H, Postprocess, then
 * GPU and Server_Processing (empty when none). */
void csv_next_phases(FILE *f, const ltb_result *res);

/* One "Summary Statistics" row over the levels that ran: Name,Min,Max,Range,
 * Best_Concurrency (and Best_Batch when with_batch); best is the highest unless
 * lower_is_better. Nothing when no level ran. */
typedef double (*csv_level_value_fn)(const ltb_metrics *m);
void csv_write_statistic(FILE *f, const ltb_run *run, const char *name,
                         csv_level_value_fn value, int lower_is_better, int decimals,
                         int with_batch);
/* Total_Requests_All_Levels and Overall_Success_Rate_% rows. */
void csv_write_overall(FILE *f, const ltb_run *run);

/* "\nTest Configuration\n" and its first rows: Model, Model_Path, Device,
 * Precision, Iterations_Per_Level, Warmup_Requests, Concurrency_Levels. */
void csv_write_configuration_head(FILE *f, const ltb_run *run);
/* "1,2,4" into buf. */
void csv_format_int_list(char *buf, size_t cap, const int *v, int n);
/* count_key,n then Min_/Max_/Avg_/Median_{stem} of len (sorted in place). */
void csv_write_length_stats(FILE *f, const char *count_key, const char *stem, size_t *len,
                            int n);

/* What a task's CSV files hold; the files' frame is shared. A level's columns get
 * its metrics, zeros when it was skipped. Each column writer writes its fields
 * (the first without a comma before it for the seed's columns, csv_next_* after). */
typedef void (*csv_level_columns_fn)(FILE *f, const ltb_run *run, const ltb_level *level,
                                     const ltb_metrics *m);
typedef void (*csv_request_columns_fn)(FILE *f, const ltb_run *run, const ltb_level *level,
                                       const ltb_record *r);
typedef void (*csv_block_fn)(FILE *f, const ltb_run *run);
typedef struct csv_task_layout {
    const char *const *summary_header;    /* NULL-terminated */
    csv_level_columns_fn summary_seed_columns, summary_extra_columns;
    csv_block_fn summary_statistics, test_configuration;
    const char *const *detailed_header;   /* NULL-terminated */
    csv_request_columns_fn detailed_seed_columns, detailed_extra_columns;
    int legacy;                           /* also {name}.csv, the summary again (TTS) */
} csv_task_layout;

/* Each task's files (report_csv.c, report_csv_tts.c, report_csv_generate.c); the public
 * ltb_report_csv_* of report.h pick one of these (report_csv_files.c). */
extern const csv_task_layout csv_image_layout, csv_tts_layout, csv_generate_layout;

/* Writes {dir}/{name}_detailed.csv (a row per request of every level that ran)
 * and {dir}/{name}_summary.csv (a row per level, then the blocks), each
 * atomically, and with layout->legacy also {dir}/{name}.csv, the summary again.
 * 0, or -1 with err naming the file. */
int csv_write_task_files(const ltb_run *run, const char *dir, const csv_task_layout *layout,
                         char *err, size_t errlen);
/* The same files over several ranks' runs (a fleet): the rows of each rank in turn,
 * each ending with Rank,Host (so are the headers); the trailing blocks describe
 * ranks[0]'s run. 0, or -1 with err. */
int csv_write_rank_files(const ltb_csv_rank *ranks, int n, const char *dir,
                         const csv_task_layout *layout, char *err, size_t errlen);
#endif
