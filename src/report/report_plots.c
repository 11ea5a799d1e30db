/* report_plots.c — the run's and the stress test's plots (see report_plots.h):
 * gathers each (batch, concurrency) point's metrics, averaged over repetitions,
 * and hands them to plot.h. */
#include "report_plots.h"
#include "plot.h"
#include "report.h"
#include "report_path.h"
#include "report_rate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_BAR_GROUPS 64

typedef double (*metric_fn)(const ltb_metrics *m);

static double ips(const ltb_metrics *m) { return m->ips; }
static double asps(const ltb_metrics *m) { return m->asps; }
static double rps(const ltb_metrics *m) { return m->rps; }
static double rtf(const ltb_metrics *m) { return m->ok_requests ? m->rtf_mean : NAN; }
static const ltb_latency *first(const ltb_metrics *m, int tts) { return tts ? &m->ttfa : &m->ttfi; }
static double first_p50_image(const ltb_metrics *m) { return first(m, 0)->p50; }
static double first_p95_image(const ltb_metrics *m) { return first(m, 0)->p95; }
static double first_p99_image(const ltb_metrics *m) { return first(m, 0)->p99; }
static double first_p50_tts(const ltb_metrics *m) { return first(m, 1)->p50; }
static double first_p95_tts(const ltb_metrics *m) { return first(m, 1)->p95; }
static double first_p99_tts(const ltb_metrics *m) { return first(m, 1)->p99; }

/* The mean of f over the levels of (batch, concurrency) that ran with a success. */
static double point_mean(const ltb_run *run, int batch, int concurrency, metric_fn f)
{
    double sum = 0;
    int n = 0;
    for (int i = 0; i < run->n_levels; i++) {
        const ltb_level *l = &run->levels[i];
        if (l->skipped || l->batch != batch || l->concurrency != concurrency ||
            l->metrics.ok_requests == 0)
            continue;
        double v = f(&l->metrics);
        if (isfinite(v))
            sum += v, n++;
    }
    return n ? sum / n : NAN;
}

/* A line per batch size of f over the concurrency levels. */
static int throughput_plot(const ltb_run *run, const char *dir, const char *suffix,
                           const char *title, const char *ylabel, metric_fn f, double ref_y,
                           char *err, size_t errlen)
{
    const ltb_config *c = &run->config;
    static double y[LTB_MAX_LEVELS][LTB_MAX_LEVELS];
    double x[LTB_MAX_LEVELS];
    const double *rows[LTB_MAX_LEVELS];
    char names_buf[LTB_MAX_LEVELS][32];
    const char *names[LTB_MAX_LEVELS];
    for (int j = 0; j < c->n_concurrency; j++)
        x[j] = c->concurrency[j];
    for (int b = 0; b < c->n_batch; b++) {
        for (int j = 0; j < c->n_concurrency; j++)
            y[b][j] = point_mean(run, c->batch[b], c->concurrency[j], f);
        rows[b] = y[b];
        snprintf(names_buf[b], sizeof names_buf[b], "batch %d", c->batch[b]);
        names[b] = names_buf[b];
    }
    char path[4096];
    if (ltb_report_path(path, sizeof path, dir, c->name, suffix, err, errlen) != 0)
        return -1;
    ltb_plot_lines_spec spec = {
        .title = title, .xlabel = "Concurrency", .ylabel = ylabel, .n_series = c->n_batch,
        .names = c->n_batch > 1 ? names : NULL, .n_points = c->n_concurrency, .x = x,
        .y = rows, .ref_y = ref_y, .ref_label = isfinite(ref_y) ? "real time " : NULL};
    return ltb_plot_lines(path, &spec, err, errlen);
}

/* p50/p95/p99 of the first-result latency, a group of bars per point. */
static int latency_plot(const ltb_run *run, const char *dir, char *err, size_t errlen)
{
    const ltb_config *c = &run->config;
    int tts = c->task == LTB_TASK_TTS;
    metric_fn fns[3] = {tts ? first_p50_tts : first_p50_image,
                        tts ? first_p95_tts : first_p95_image,
                        tts ? first_p99_tts : first_p99_image};
    double values[3][MAX_BAR_GROUPS];
    char labels_buf[MAX_BAR_GROUPS][32];
    const char *labels[MAX_BAR_GROUPS];
    int n = 0;
    for (int b = 0; b < c->n_batch; b++)
        for (int j = 0; j < c->n_concurrency && n < MAX_BAR_GROUPS; j++) {
            for (int k = 0; k < 3; k++)
                values[k][n] = point_mean(run, c->batch[b], c->concurrency[j], fns[k]);
            if (c->n_batch > 1)
                snprintf(labels_buf[n], sizeof labels_buf[n], "%d (b%d)", c->concurrency[j],
                         c->batch[b]);
            else
                snprintf(labels_buf[n], sizeof labels_buf[n], "%d", c->concurrency[j]);
            labels[n] = labels_buf[n];
            n++;
        }
    static const char *const kSeries[] = {"p50", "p95", "p99"};
    const double *rows[3] = {values[0], values[1], values[2]};
    char path[4096];
    if (ltb_report_path(path, sizeof path, dir, c->name, "_latency", err, errlen) != 0)
        return -1;
    ltb_plot_bars_spec spec = {
        .title = tts ? "Time to First Audio (ms)" : "Time to First Image (ms)",
        .xlabel = "Concurrency", .ylabel = tts ? "TTFA (ms)" : "TTFI (ms)", .n_groups = n,
        .group_labels = labels, .n_series = 3, .series_names = kSeries, .values = rows};
    return ltb_plot_bars(path, &spec, err, errlen);
}

/* Runs each plot; the first error is kept, the others still drawn. */
static void keep(int rc, int *first_rc, const char *msg, char *err, size_t errlen)
{
    if (rc != 0 && *first_rc == 0) {
        snprintf(err, errlen, "%s", msg);
        *first_rc = -1;
    }
}

int ltb_report_plots(const ltb_run *run, const char *dir, char *err, size_t errlen)
{
    const ltb_config *c = &run->config;
    if (!dir || (c->outputs & LTB_OUT_NO_PLOTS) || !ltb_plot_possible(c->quiet))
        return 0;
    int tts = c->task == LTB_TASK_TTS, rc = 0;
    char msg[512];
    if (c->task == LTB_TASK_LLM) {   /* tokens/s, TTFT and ITL (report_plots_llm.c) */
        keep(ltb_report_plots_llm(run, dir, msg, sizeof msg), &rc, msg, err, errlen);
        keep(ltb_report_plots_rate(run, dir, msg, sizeof msg), &rc, msg, err, errlen);
        return rc;
    }
    keep(throughput_plot(run, dir, "_throughput", tts ? "ASPS vs Concurrency" : "IPS vs Concurrency",
                         tts ? "Audio seconds per second (ASPS)" : "Images per second (IPS)",
                         tts ? asps : ips, NAN, msg, sizeof msg), &rc, msg, err, errlen);
    keep(throughput_plot(run, dir, "_rps", "RPS vs Concurrency", "Requests per second (RPS)", rps,
                         NAN, msg, sizeof msg), &rc, msg, err, errlen);
    if (tts)
        keep(throughput_plot(run, dir, "_rtf", "RTF vs Concurrency", "Real-time factor (mean)", rtf,
                             1.0, msg, sizeof msg), &rc, msg, err, errlen);
    keep(latency_plot(run, dir, msg, sizeof msg), &rc, msg, err, errlen);
    keep(ltb_report_plots_rate(run, dir, msg, sizeof msg), &rc, msg, err, errlen);
    return rc;
}

int ltb_plot_compare(const char *path_base, const char *title, int n_runs,
                     const char *const *run_names, int n_points, const double *x,
                     const double *const *y, const char *ylabel, char *err, size_t errlen)
{
    if (!ltb_plot_possible(0)) {
        snprintf(err, errlen, "plots: off");
        return -1;
    }
    ltb_plot_lines_spec spec = {.title = title, .xlabel = "Concurrency", .ylabel = ylabel,
                                .n_series = n_runs, .names = run_names, .n_points = n_points,
                                .x = x, .y = y, .ref_y = NAN, .ref_label = NULL};
    return ltb_plot_lines(path_base, &spec, err, errlen);
}
