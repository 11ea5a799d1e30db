/* report_plots_llm.c — `ltbench llm`'s plots, PNG and SVG in the output dir:
 *   {name}_tokens  output tokens/s vs concurrency, a line per (test, batch)
 *   {name}_ttft    TTFT p50/p95/p99 bars per level
 *   {name}_itl     ITL p50/p95/p99 bars per level (every gap between tokens)
 * (open loop: the rate plots of report_plots_rate.c, against the offered rate).
 * Repetitions of a level are averaged. Called by ltb_report_plots. */
#include "plot.h"
#include "report.h"
#include "report_path.h"
#include "report_plots.h"

#include <math.h>
#include <stdio.h>

#define MAX_BARS 64

typedef double (*llm_metric_fn)(const ltb_metrics *m);
static double out_tps(const ltb_metrics *m) { return m->llm.output_tps; }
static double ttft_p50(const ltb_metrics *m) { return m->llm.ttft.p50; }
static double ttft_p95(const ltb_metrics *m) { return m->llm.ttft.p95; }
static double ttft_p99(const ltb_metrics *m) { return m->llm.ttft.p99; }
static double itl_p50(const ltb_metrics *m) { return m->llm.itl.p50; }
static double itl_p95(const ltb_metrics *m) { return m->llm.itl.p95; }
static double itl_p99(const ltb_metrics *m) { return m->llm.itl.p99; }

/* The mean of f over the levels of (test, batch, concurrency) that had a success. */
static double point(const ltb_run *run, int test, int batch, int conc, llm_metric_fn f)
{
    double sum = 0;
    int n = 0;
    for (int i = 0; i < run->n_levels; i++) {
        const ltb_level *l = &run->levels[i];
        if (l->skipped || l->shape != test || l->batch != batch || l->concurrency != conc ||
            l->metrics.ok_requests == 0 || !isfinite(f(&l->metrics)))
            continue;
        sum += f(&l->metrics);
        n++;
    }
    return n ? sum / n : NAN;
}

static const char *test_label(const ltb_run *run, int test)
{
    for (int i = 0; i < run->n_levels; i++)
        if (run->levels[i].shape == test)
            return run->levels[i].shape_name;
    return "";
}

static int tokens_plot(const ltb_run *run, const char *dir, char *err, size_t errlen)
{
    const ltb_config *c = &run->config;
    static double y[LTB_MAX_LEVELS][LTB_MAX_LEVELS];
    static char names_buf[LTB_MAX_LEVELS][64];
    double x[LTB_MAX_LEVELS];
    const double *rows[LTB_MAX_LEVELS];
    const char *names[LTB_MAX_LEVELS];
    int n = 0;
    for (int j = 0; j < c->n_concurrency; j++)
        x[j] = c->concurrency[j];
    for (int t = 0; t < c->n_llm_tests; t++)
        for (int b = 0; b < c->n_batch && n < LTB_MAX_LEVELS; b++, n++) {
            for (int j = 0; j < c->n_concurrency; j++)
                y[n][j] = point(run, t, c->batch[b], c->concurrency[j], out_tps);
            rows[n] = y[n];
            snprintf(names_buf[n], sizeof names_buf[n], "%s b%d", test_label(run, t), c->batch[b]);
            names[n] = names_buf[n];
        }
    char path[4096];
    if (ltb_report_path(path, sizeof path, dir, c->name, "_tokens", err, errlen) != 0)
        return -1;
    ltb_plot_lines_spec spec = {
        .title = "Output tokens/s vs Concurrency", .xlabel = "Concurrency",
        .ylabel = "Output tokens per second", .n_series = n, .names = n > 1 ? names : NULL,
        .n_points = c->n_concurrency, .x = x, .y = rows, .ref_y = NAN, .ref_label = NULL};
    return ltb_plot_lines(path, &spec, err, errlen);
}

/* p50/p95/p99 bars of a latency, a group per (test, batch, concurrency). */
static int percentile_plot(const ltb_run *run, const char *dir, const char *suffix,
                           const char *title, const char *ylabel, llm_metric_fn f[3], char *err,
                           size_t errlen)
{
    const ltb_config *c = &run->config;
    static double values[3][MAX_BARS];
    static char labels_buf[MAX_BARS][64];
    const char *labels[MAX_BARS];
    int n = 0;
    for (int t = 0; t < c->n_llm_tests; t++)
        for (int b = 0; b < c->n_batch; b++)
            for (int j = 0; j < c->n_concurrency && n < MAX_BARS; j++, n++) {
                for (int k = 0; k < 3; k++)
                    values[k][n] = point(run, t, c->batch[b], c->concurrency[j], f[k]);
                snprintf(labels_buf[n], sizeof labels_buf[n], "%s%sc%d b%d",
                         c->n_llm_tests > 1 ? test_label(run, t) : "", c->n_llm_tests > 1 ? " " : "",
                         c->concurrency[j], c->batch[b]);
                labels[n] = labels_buf[n];
            }
    static const char *const kSeries[] = {"p50", "p95", "p99"};
    const double *rows[3] = {values[0], values[1], values[2]};
    char path[4096];
    if (ltb_report_path(path, sizeof path, dir, c->name, suffix, err, errlen) != 0)
        return -1;
    ltb_plot_bars_spec spec = {.title = title, .xlabel = "Level", .ylabel = ylabel, .n_groups = n,
                               .group_labels = labels, .n_series = 3, .series_names = kSeries,
                               .values = rows};
    return ltb_plot_bars(path, &spec, err, errlen);
}

int ltb_report_plots_llm(const ltb_run *run, const char *dir, char *err, size_t errlen)
{
    char msg[512];
    int rc = 0;
    llm_metric_fn ttft[3] = {ttft_p50, ttft_p95, ttft_p99}, itl[3] = {itl_p50, itl_p95, itl_p99};
    if (tokens_plot(run, dir, msg, sizeof msg) != 0 && rc == 0)
        rc = -1, snprintf(err, errlen, "%s", msg);
    if (percentile_plot(run, dir, "_ttft", "Time to First Token (ms)", "TTFT (ms)", ttft, msg,
                        sizeof msg) != 0 && rc == 0)
        rc = -1, snprintf(err, errlen, "%s", msg);
    if (percentile_plot(run, dir, "_itl", "Inter-token Latency (ms)", "ITL (ms)", itl, msg,
                        sizeof msg) != 0 && rc == 0)
        rc = -1, snprintf(err, errlen, "%s", msg);
    return rc;
}
