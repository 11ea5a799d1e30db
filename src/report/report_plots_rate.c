/* report_plots_rate.c — the open-loop plots (see report_rate.h): latency percentiles
 * from the schedule and service time against the offered rate (the knee is where the
 * from-schedule lines leave the service lines), and achieved against offered (with
 * the offered rate itself as the ideal line). Levels sorted by rate (a --slo search
 * tries them out of order); repetitions are drawn as their own points. */
#include "report_rate.h"

#include "plot.h"
#include "report_path.h"

#include <math.h>
#include <stdlib.h>

static int by_rate(const void *a, const void *b)
{
    double x = (*(const ltb_level *const *)a)->rate, y = (*(const ltb_level *const *)b)->rate;
    return (x > y) - (x < y);
}

int ltb_report_plots_rate(const ltb_run *run, const char *dir, char *err, size_t errlen)
{
    const ltb_level *lv[LTB_MAX_RUN_LEVELS];
    int n = 0;
    for (int i = 0; i < run->n_levels; i++)
        if (run->levels[i].rate > 0 && !run->levels[i].skipped)
            lv[n++] = &run->levels[i];
    if (n < 2)
        return 0;                          /* one point is no line */
    qsort(lv, (size_t)n, sizeof *lv, by_rate);
    static double x[LTB_MAX_RUN_LEVELS], y[6][LTB_MAX_RUN_LEVELS];
    for (int k = 0; k < n; k++) {
        const ltb_metrics *m = &lv[k]->metrics;
        x[k] = lv[k]->rate;
        y[0][k] = m->latency.p50;
        y[1][k] = m->latency.p99;
        y[2][k] = m->rate.service.p50;
        y[3][k] = m->rate.service.p99;
        y[4][k] = m->rate.achieved_rps;
        y[5][k] = lv[k]->rate;
    }
    char path[4096];
    if (ltb_report_path(path, sizeof path, dir, run->config.name, "_latency_vs_rate", err,
                        errlen) != 0)
        return -1;
    static const char *const kLatency[] = {"p50 from schedule", "p99 from schedule",
                                           "service p50", "service p99"};
    const double *lat[] = {y[0], y[1], y[2], y[3]};
    ltb_plot_lines_spec a = {.title = "Latency vs offered rate", .xlabel = "Offered rate (requests/s)",
                             .ylabel = "Latency (ms)", .n_series = 4, .names = kLatency,
                             .n_points = n, .x = x, .y = lat, .ref_y = NAN};
    if (ltb_plot_lines(path, &a, err, errlen) != 0)
        return -1;
    if (ltb_report_path(path, sizeof path, dir, run->config.name, "_achieved_vs_rate", err,
                        errlen) != 0)
        return -1;
    static const char *const kAchieved[] = {"achieved", "offered"};
    const double *ach[] = {y[4], y[5]};
    ltb_plot_lines_spec b = {.title = "Achieved vs offered rate", .xlabel = "Offered rate (requests/s)",
                             .ylabel = "Requests per second", .n_series = 2, .names = kAchieved,
                             .n_points = n, .x = x, .y = ach, .ref_y = NAN};
    return ltb_plot_lines(path, &b, err, errlen);
}
