/* compare_plots.c — the comparison plots of `ltbench compare`: one line per result
 * file over the first file's concurrency levels (its first batch size), for
 * throughput and for p95 latency. A level a file did not run is left at 0. */
#include "compare.h"
#include "report.h"
#include "report_plots.h"
#include "report_path.h"

#include <stdio.h>
#include <stdlib.h>

#define MAX_FILES 16

static int draw(const ltb_compare_file *files, int n, const int *levels, int n_levels,
                const char *path_base, const char *title, const char *ylabel, int p95,
                char *err, size_t errlen)
{
    double x[LTB_MAX_RUN_LEVELS], y[MAX_FILES][LTB_MAX_RUN_LEVELS];
    const double *rows[MAX_FILES];
    const char *names[MAX_FILES];
    for (int k = 0; k < n_levels; k++)
        x[k] = files[0].points[levels[k]].concurrency;
    for (int f = 0; f < n; f++) {
        for (int k = 0; k < n_levels; k++) {
            const ltb_compare_point *p = ltb_compare_match(&files[f], &files[0].points[levels[k]]);
            y[f][k] = !p ? 0 : p95 ? p->p95_ms : p->throughput;
        }
        rows[f] = y[f];
        names[f] = files[f].label;
    }
    return ltb_plot_compare(path_base, title, n, names, n_levels, x, rows, ylabel, err, errlen);
}

int ltb_compare_plot(const ltb_compare_file *files, int n, const char *dir, const char *name,
                     char *err, size_t errlen)
{
    if (n < 1 || n > MAX_FILES || files[0].n_points < 1)
        return 0;
    /* the levels of the first file's first batch (and, for llm, its first -p/-g test) */
    int levels[LTB_MAX_RUN_LEVELS], n_levels = 0;
    const ltb_compare_point *first = &files[0].points[0];
    for (int i = 0; i < files[0].n_points && n_levels < LTB_MAX_RUN_LEVELS; i++) {
        const ltb_compare_point *p = &files[0].points[i];
        if (p->batch == first->batch && p->prompt_tokens == first->prompt_tokens &&
            p->gen_tokens == first->gen_tokens && ltb_compare_match(&files[0], p) == p)
            levels[n_levels++] = i;
    }
    const char *unit = ltb_compare_throughput_name(files[0].task);
    char title[64];
    snprintf(title, sizeof title, "%s vs Concurrency", unit);
    char base[4096];
    if (ltb_report_path(base, sizeof base, dir, name, "_throughput", err, errlen) != 0 ||
        draw(files, n, levels, n_levels, base, title, unit, 0, err, errlen) != 0)
        return -1;
    if (ltb_report_path(base, sizeof base, dir, name, "_latency_p95", err, errlen) != 0 ||
        draw(files, n, levels, n_levels, base, "p95 latency vs Concurrency", "p95 latency (ms)", 1,
             err, errlen) != 0)
        return -1;
    return 0;
}
