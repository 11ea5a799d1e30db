/* report_csv_common.h — what the image and TTS CSV writers share: fields after
 * the first of a row, "Key,Value" rows, the seed's "Summary Statistics" rows, the
 * common head of "Test Configuration", length statistics, and the files' frame
 * (a task's field tables, written atomically). Internal to the reports. */
#ifndef LTB_REPORT_CSV_COMMON_H
#define LTB_REPORT_CSV_COMMON_H

#include <stdio.h>

#include "ltbench.h"
#include "metrics.h"
#include "report.h"
#include "report_csv_image_seed.h"
#include "report_fields.h"

/* A field after the first of a row: each writes its comma first. */
void csv_next_int(FILE *f, long long v);
void csv_next_double(FILE *f, double v, int decimals);
/* "none" when negative: an empty field. */
void csv_next_optional(FILE *f, double v, int decimals);
/* An empty field when v is NAN (a value that does not exist; negatives are values). */
void csv_next_number_or_empty(FILE *f, double v, int decimals);
void csv_next_text(FILE *f, const char *s);
/* "Key,Value\n" rows of the summary's trailing blocks. */
void csv_write_pair(FILE *f, const char *key, const char *value);
void csv_write_pair_int(FILE *f, const char *key, long long value);
void csv_write_pair_double(FILE *f, const char *key, double value, int decimals);

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

/* What a task's CSV files hold; the files' frame is shared. The summary has a row
 * per level of the task's summary fields (their getters see the level's metrics,
 * zeros when it was skipped), the detailed file a row per request of its detailed
 * fields (report_fields.h); the header is the fields' columns. */
typedef void (*csv_block_fn)(FILE *f, const ltb_run *run);
typedef struct csv_task_layout {
    const ltb_field *summary, *detailed;
    /* what an image task works out for a request before its row: the detailed
     * fields' row->facts (NULL: none) */
    void (*request_facts)(const ltb_run *run, const ltb_level *level, const ltb_record *r,
                          csv_image_request *q);
    csv_block_fn summary_statistics, test_configuration;
    int legacy;                           /* also {name}.csv, the summary again (TTS) */
} csv_task_layout;

/* Each task's files (report_csv.c, report_csv_tts.c, report_csv_generate.c); the public
 * ltb_report_csv_* of report.h pick one of these (report_csv_files.c). */
extern const csv_task_layout csv_image_layout, csv_tts_layout, csv_generate_layout;
extern const csv_task_layout csv_run_layout;   /* report_csv_run.c */
extern const csv_task_layout csv_llm_layout;   /* report_csv_llm.c */
/* The layout of task's files (its field tables, which the JSON writer reads too). */
const csv_task_layout *csv_task_layout_of(ltb_task task);

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
