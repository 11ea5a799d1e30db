/* compare.h — `ltbench compare`: ltbench result JSON files read back, their
 * levels matched by (concurrency, batch), and the overhead of each file against
 * the first (usually in-process) split by the phases both sides record: model time
 * (forward mean in-process, the server's processing_time mean over HTTP) and
 * transport + serialisation = (latency − model time) − the first file's
 * (latency − model time). All in ms per request, means over successful requests. */
#ifndef LTB_COMPARE_H
#define LTB_COMPARE_H

#include <stdio.h>

#include "ltbench.h"

/* One (concurrency, batch) level of a file; NaN where the file has no number. */
typedef struct ltb_compare_point {
    int concurrency, batch;
    int prompt_tokens, gen_tokens;   /* an llm level's -p and -g (0 for other tasks) */
    double throughput;            /* IPS, ASPS for TTS, output tokens/s for llm */
    double rps;
    double p50_ms, p95_ms, p99_ms, mean_ms;   /* request latency */
    double model_ms;              /* server processing mean when reported, else forward mean
                                     (in-process; for llm the whole request: prefill, decode
                                     and sampling); NaN for a server that reports none */
    int model_from_server;
    double success_rate_pct;
} ltb_compare_point;

typedef struct ltb_compare_file {
    char path[1024];
    char label[128];              /* file name without .json, unique among the files */
    char target[1024];            /* config.model_path: the model file or the server URL */
    ltb_task task;
    ltb_compare_point *points;    /* the levels that ran, in file order */
    int n_points;
} ltb_compare_file;

typedef struct ltb_overhead {
    double total_ms;              /* latency mean − the first file's */
    double model_ms;              /* model time − the first file's */
    double transport_ms;          /* the rest: transport, serialisation, harness */
} ltb_overhead;

/* Reads an ltbench result JSON file. 0, or -1 with a one-line err naming it
 * (unreadable, not JSON, not an ltbench result). */
int ltb_compare_load(const char *path, ltb_compare_file *f, char *err, size_t errlen);
void ltb_compare_file_free(ltb_compare_file *f);
/* Makes equal labels unique ("name", "name_2", ...). */
void ltb_compare_unique_labels(ltb_compare_file *files, int n);
/* Every file's task is the first's: 0, or -1 with err naming the odd one. */
int ltb_compare_same_task(const ltb_compare_file *files, int n, char *err, size_t errlen);
/* The file's level (concurrency, batch) (its first repetition), or NULL. */
const ltb_compare_point *ltb_compare_find(const ltb_compare_file *f, int concurrency, int batch);
/* The file's level matching like's concurrency, batch and (llm) prompt and generated
 * tokens (its first repetition), or NULL. */
const ltb_compare_point *ltb_compare_match(const ltb_compare_file *f, const ltb_compare_point *like);
/* The throughput's column name: "IPS", "ASPS" (tts) or "Output_TPS" (llm). */
const char *ltb_compare_throughput_name(ltb_task task);
/* p against base (the same level of the first file). */
ltb_overhead ltb_compare_overhead(const ltb_compare_point *base, const ltb_compare_point *p);

/* The console table: per level of the first file, a row per file. */
void ltb_compare_print(FILE *out, const ltb_compare_file *files, int n);
/* {dir}/{name}_comparison.csv (a row per file per level), {dir}/{name}_detailed_
 * comparison.csv (a row per level, the files side by side, the overhead split)
 * and {dir}/{name}.json, each atomically. 0, or -1 with err. */
int ltb_compare_write(const ltb_compare_file *files, int n, const char *dir, const char *name,
                      char *err, size_t errlen);
/* {dir}/{name}_throughput.{png,svg} and {dir}/{name}_latency_p95.{png,svg}: one line
 * per file. 0, or -1 with err (also when this build draws no plots). */
int ltb_compare_plot(const ltb_compare_file *files, int n, const char *dir, const char *name,
                     char *err, size_t errlen);
#endif
