/* stress_series.c — one time-series row per window of a stress run (see
 * stress_series.h). */
#define _POSIX_C_SOURCE 200809L
#include "stress_series.h"
#include "rss_sampler.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

double ltb_process_cpu_seconds(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0;
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

int stress_series_init(stress_series *s)
{
    memset(s, 0, sizeof *s);
    s->previous = malloc(sizeof *s->previous);
    s->window = malloc(sizeof *s->window);
    if (!s->previous || !s->window) {
        stress_series_free(s);
        return -1;
    }
    ltb_hist_init(s->previous);
    return 0;
}

void stress_series_begin(stress_series *s, uint64_t start_ns)
{
    s->start_ns = s->previous_ns = start_ns;
    s->previous_cpu_s = ltb_process_cpu_seconds();
}

int stress_series_take(stress_series *s, const ltb_histogram *cumulative, uint64_t ok,
                       uint64_t failed, int active, uint64_t now_ns, ltb_stress_result *r)
{
    ltb_stress_sample row;
    memset(&row, 0, sizeof row);
    row.t_s = (double)(now_ns - s->start_ns) / 1e9;
    row.window_s = (double)(now_ns - s->previous_ns) / 1e9;
    row.ok = ok - s->previous_ok;
    row.failed = failed - s->previous_failed;
    row.requests = row.ok + row.failed;
    row.total_requests = ok + failed;
    row.rps = row.window_s > 0 ? (double)row.requests / row.window_s : 0;
    row.active_workers = active;
    ltb_hist_window(s->window, cumulative, s->previous);
    row.p50_ms = ltb_hist_percentile_ms(s->window, 0.50);
    row.p95_ms = ltb_hist_percentile_ms(s->window, 0.95);
    row.rss_mb = rss_current_mb();
    double cpu_s = ltb_process_cpu_seconds();
    row.cpu_pct = row.window_s > 0 ? 100.0 * (cpu_s - s->previous_cpu_s) / row.window_s : 0;
    row.gpu_mem_mb = -1;

    memcpy(s->previous, cumulative, sizeof *s->previous);
    s->previous_ns = now_ns;
    s->previous_ok = ok;
    s->previous_failed = failed;
    s->previous_cpu_s = cpu_s;
    return ltb_stress_add_sample(r, &row);
}

void stress_series_free(stress_series *s)
{
    free(s->previous);
    free(s->window);
    s->previous = s->window = NULL;
}
