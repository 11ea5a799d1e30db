/* stress_series.h — the stress test's live time series: from cumulative counts
 * and a cumulative latency histogram at the end of each window, one row with the
 * window's requests/s, successes, failures, latency p50/p95, and the process's
 * RSS and CPU% over the window. */
#ifndef LTB_STRESS_SERIES_H
#define LTB_STRESS_SERIES_H

#include "stress_result.h"

typedef struct stress_series {
    ltb_histogram *previous;      /* cumulative at the last row */
    ltb_histogram *window;        /* scratch */
    uint64_t start_ns, previous_ns;
    uint64_t previous_ok, previous_failed;
    double previous_cpu_s;
} stress_series;

/* Allocates; then stress_series_begin when the clock starts. 0, or -1 out of memory. */
int stress_series_init(stress_series *s);
void stress_series_begin(stress_series *s, uint64_t start_ns);
/* Appends the row of the window ending at now_ns to r. 0, or -1 out of memory. */
int stress_series_take(stress_series *s, const ltb_histogram *cumulative, uint64_t ok,
                       uint64_t failed, int active, uint64_t now_ns, ltb_stress_result *r);
void stress_series_free(stress_series *s);

/* CPU time (user + system) this process has used, in seconds. */
double ltb_process_cpu_seconds(void);
#endif
