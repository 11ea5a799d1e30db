/* stress_plots.c — the stress test's time series as {name}_stress_timeseries.png/.svg:
 * requests/s, active workers, memory and latency p95 over time, one panel each. */
#include "plot.h"
#include "report.h"
#include "stress_report.h"
#include "report_path.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int ltb_report_stress_plots(const ltb_stress_result *r, const char *dir, int quiet, char *err,
                            size_t errlen)
{
    if (!dir || !ltb_plot_possible(quiet) || r->n_samples == 0)
        return 0;
    int n = r->n_samples;
    double *buf = malloc(sizeof *buf * (size_t)n * 5);
    if (!buf) {
        snprintf(err, errlen, "out of memory for the stress plot");
        return -1;
    }
    double *t = buf, *req = buf + n, *active = buf + 2 * n, *mem = buf + 3 * n, *p95 = buf + 4 * n;
    for (int i = 0; i < n; i++) {
        t[i] = r->samples[i].t_s;
        req[i] = r->samples[i].rps;
        active[i] = r->samples[i].active_workers;
        mem[i] = r->samples[i].rss_mb;
        p95[i] = r->samples[i].requests ? r->samples[i].p95_ms : NAN;
    }
    char path[4096], title[256];
    int rc = ltb_report_path(path, sizeof path, dir, r->config.name, "_stress_timeseries", err, errlen);
    if (rc == 0) {
        snprintf(title, sizeof title, "Stress Test: %s", r->config.name ? r->config.name : "");
        static const char *const kLabels[] = {"Requests/s", "Active workers", "Memory (MB)",
                                              "Latency p95 (ms)"};
        const double *rows[4] = {req, active, mem, p95};
        ltb_plot_panels_spec spec = {.title = title, .xlabel = "Time (s)", .n_panels = 4,
                                     .ylabels = kLabels, .n_points = n, .x = t, .y = rows};
        rc = ltb_plot_panels(path, &spec, err, errlen);
    }
    free(buf);
    return rc;
}
