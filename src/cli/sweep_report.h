/* sweep_report.h — one table of a whole sweep (every device x precision x memory
 * format x cuDNN x CUDA-graph variant, each level of each): a console table and
 * {name}_sweep.csv, like llama-bench's rows. A variant that could not run is a row
 * saying why; the sweep goes on. */
#ifndef LTB_SWEEP_REPORT_H
#define LTB_SWEEP_REPORT_H

#include <stdio.h>

#include "cli_sweep.h"
#include "ltbench.h"

typedef struct sweep_row {
    cli_variant variant;
    int concurrency, batch, repetition;
    char status[LTB_ERROR_LEN + 16];       /* "ok", "skipped: ...", "not run: ..." */
    double throughput, rps, latency_p50, latency_p95;  /* throughput: IPS or ASPS */
    double gpu_compute_ms, joules_per_item, gpu_mem_peak_mb;   /* < 0: none */
} sweep_row;

typedef struct sweep_report {
    ltb_task task;
    sweep_row *rows;
    int n, cap;
} sweep_report;

void sweep_report_init(sweep_report *r, ltb_task task);
/* A row per level of run (the variant's benchmark). */
void sweep_report_add_run(sweep_report *r, const cli_variant *v, const ltb_run *run);
/* One row: the variant did not run, and why. */
void sweep_report_add_not_run(sweep_report *r, const cli_variant *v, const char *why);
void sweep_report_print(FILE *out, const sweep_report *r);
/* {dir}/{name}_sweep.csv, atomically; 0, or -1 with a one-line err. */
int sweep_report_write_csv(const sweep_report *r, const char *dir, const char *name, char *err,
                           size_t errlen);
void sweep_report_free(sweep_report *r);
#endif
