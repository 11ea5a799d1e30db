/* stress_report.c — a stress run's console summary, and writing both result files
 * (the numbers they share are stress_result.c's). */
#include "stress_report.h"
#include "atomic_file.h"

#include <string.h>

void ltb_stress_report_console(FILE *out, const ltb_stress_result *r)
{
    ltb_stress_system sys;
    ltb_stress_system_metrics(r, &sys);
    const ltb_histogram *h = r->latency;
    fprintf(out, "\nStress Test Results%s\n", r->interrupted ? " (interrupted: partial)" : "");
    fprintf(out, "================================================================================\n");
    fprintf(out, "Duration:        %.1f s (ramp-up %.1f s to %d workers)\n", r->elapsed_s,
            r->options.ramp_up_s, r->options.max_concurrency);
    fprintf(out, "Requests:        %llu total, %llu ok, %llu failed (%.2f%% success)\n",
            (unsigned long long)r->total, (unsigned long long)r->ok,
            (unsigned long long)r->failed, ltb_stress_success_pct(r));
    fprintf(out, "Throughput:      %.2f RPS\n", ltb_stress_rps(r));
    fprintf(out, "Latency (ms):    p50 %.2f  p95 %.2f  p99 %.2f  mean %.2f  max %.2f\n",
            ltb_hist_percentile_ms(h, 0.50), ltb_hist_percentile_ms(h, 0.95),
            ltb_hist_percentile_ms(h, 0.99), ltb_hist_mean_ms(h), ltb_hist_max_ms(h));
    fprintf(out, "Memory (MB):     start %.1f  peak %.1f  avg %.1f  growth %+.1f\n",
            sys.rss_start_mb, sys.rss_peak_mb, sys.rss_avg_mb, sys.rss_growth_mb);
    fprintf(out, "CPU (%% of a core): avg %.0f  peak %.0f\n", sys.cpu_avg_pct, sys.cpu_peak_pct);
    fprintf(out, "Leak check:      %s (%+.3f MB per 1000 requests in the hold phase, "
                 "threshold %.3f)\n",
            r->leak.verdict, r->leak.growth_mb_per_1k, r->leak.threshold_mb_per_1k);
    if (r->errors.n)
        fprintf(out, "Errors by type:\n");
    for (int i = 0; i < r->errors.n; i++)
        fprintf(out, "  %-40s %llu\n", r->errors.items[i].type,
                (unsigned long long)r->errors.items[i].count);
    if (r->errors.other)
        fprintf(out, "  %-40s %llu\n", "(other types)", (unsigned long long)r->errors.other);
    fprintf(out, "================================================================================\n");
    fflush(out);
}

int ltb_stress_report_files(const ltb_stress_result *r, const char *dir, char *err,
                            size_t errlen)
{
    if (make_dirs(dir, err, errlen) != 0)
        return -1;
    char msg[512];
    int rc = ltb_stress_report_json(r, dir, err, errlen);
    if (ltb_stress_report_csv(r, dir, msg, sizeof msg) != 0) {
        if (rc == 0)
            snprintf(err, errlen, "%s", msg);
        rc = -1;
    }
    return rc;
}
