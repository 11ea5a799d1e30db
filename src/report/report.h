/* report.h — everything that turns a finished run into text: console table,
 * Markdown, CSV files and the JSON file. Files are written atomically. */
#ifndef LTB_REPORT_H
#define LTB_REPORT_H

#include <stdio.h>
#include "ltbench.h"
#include "environment.h"

/* Console summary in the seed's layout + "Best Performance" lines (image or TTS
 * by run->config.task). */
void ltb_report_table(FILE *out, const ltb_run *run);
/* The GPU block under the summary (nothing when no level has GPU measurements). */
void ltb_report_table_gpu(FILE *out, const ltb_run *run);
/* The same summary as a Markdown table. */
void ltb_report_markdown(FILE *out, const ltb_run *run);
/* `ltbench llm`'s Markdown: llama-bench's table (model, size, params, backend, threads,
 * test, t/s +- sd), a row per test of each level (report_md_llm.c). */
void ltb_report_markdown_llm(FILE *out, const ltb_run *run);

/* {dir}/{name}_detailed.csv and {dir}/{name}_summary.csv, the seed's image headers
 * first, extra columns after; summary ends with the seed's "Summary Statistics" and
 * "Test Configuration" blocks. Returns 0, or -1 with a one-line message in err. */
int ltb_report_csv_image(const ltb_run *run, const char *dir, char *err, size_t errlen);

/* The TTS files: {dir}/{name}_detailed.csv and {dir}/{name}_summary.csv with the
 * seed's TTS headers first, extra columns after (the summary ends with the
 * "Summary Statistics" and "Test Configuration" blocks), and {dir}/{name}.csv,
 * the seed's legacy file: the summary again. 0, or -1 with err. */
int ltb_report_csv_tts(const ltb_run *run, const char *dir, char *err, size_t errlen);

/* The image-generation files: {dir}/{name}_detailed.csv and {dir}/{name}_summary.csv
 * with the seed's image headers first, extra columns after (step, encode and decode
 * times); the summary ends with the two blocks. 0, or -1 with err. */
int ltb_report_csv_generate(const ltb_run *run, const char *dir, char *err, size_t errlen);
/* `ltbench run`'s files (report_csv_run.c): Concurrency,Batch,RPS,Samples_Per_Sec,...
 * first. 0, or -1 with err. */
int ltb_report_csv_run(const ltb_run *run, const char *dir, char *err, size_t errlen);
int ltb_report_csv_llm(const ltb_run *run, const char *dir, char *err, size_t errlen);
/* A rank's run in a fleet's CSV files (its rows end with Rank and Host). */
typedef struct ltb_csv_rank {
    const ltb_run *run;
    int rank;
    const char *host;
} ltb_csv_rank;
/* The task's CSV files (image, TTS or generation, as above) over n >= 1 ranks' runs: the rows of
 * each rank in turn, every header and row ending with Rank,Host; the "Summary
 * Statistics" and "Test Configuration" blocks describe ranks[0]'s run. */
int ltb_report_csv_image_ranks(const ltb_csv_rank *ranks, int n, const char *dir, char *err,
                               size_t errlen);
int ltb_report_csv_tts_ranks(const ltb_csv_rank *ranks, int n, const char *dir, char *err,
                             size_t errlen);
int ltb_report_csv_generate_ranks(const ltb_csv_rank *ranks, int n, const char *dir, char *err,
                                  size_t errlen);
/* The one of those that ranks[0]'s task asks for. */
int ltb_report_csv_ranks(const ltb_csv_rank *ranks, int n, const char *dir, char *err,
                         size_t errlen);

/* {dir}/{name}.json: config, environment, every level's metrics and records, the
 * run's warnings (ltb_validate_run) and, for TTS, max_realtime_streams. */
int ltb_report_json(const ltb_run *run, const ltb_environment *env, const char *dir,
                    char *err, size_t errlen);


/* Writes every file and output asked for by run->config.outputs (table and
 * Markdown to out, then the run's warnings to out when out is not NULL). */
int ltb_report_all(const ltb_run *run, const ltb_environment *env, FILE *out,
                   char *err, size_t errlen);
#endif
