/* report_plots.h — the plots of a run, as PNG and SVG files in the output dir:
 *   {name}_throughput   "IPS vs Concurrency" / "ASPS vs Concurrency" (a line per batch size)
 *   {name}_rps          "RPS vs Concurrency"
 *   {name}_rtf          "RTF vs Concurrency", the real-time line at 1 (TTS)
 *   {name}_latency      "Time to First Image (ms)" / "Time to First Audio (ms)":
 *                       p50/p95/p99 bars per level
 * (The stress test's time series is drawn by stress/stress_plots.c.)
 * Repetitions of a level are averaged. PLplot is not thread-safe: call these from
 * the main thread after the run. A build without PLplot writes nothing and says
 * "plots: off (built without PLplot)" once. */
#ifndef LTB_REPORT_PLOTS_H
#define LTB_REPORT_PLOTS_H

#include <stddef.h>

#include "ltbench.h"

int ltb_report_plots(const ltb_run *run, const char *dir, char *err, size_t errlen);
/* `ltbench llm`'s: {name}_tokens (output tokens/s vs concurrency), {name}_ttft and
 * {name}_itl (p50/p95/p99 bars per level); report_plots_llm.c. */
int ltb_report_plots_llm(const ltb_run *run, const char *dir, char *err, size_t errlen);

/* For `ltbench compare`: {path_base}.png/.svg, one line per run (y[run][point])
 * over x (concurrency), legend run_names. */
int ltb_plot_compare(const char *path_base, const char *title, int n_runs,
                     const char *const *run_names, int n_points, const double *x,
                     const double *const *y, const char *ylabel, char *err, size_t errlen);
#endif
