/* stress.h — the stress test: max_concurrency workers, worker k joining at
 * k/max x ramp_up (a linear ramp), then all of them holding the load until the
 * duration ends (or Ctrl-C). Latencies go into per-worker log-bucketed histograms
 * (histogram.h), so memory does not grow with the number of requests; a monitor
 * (the calling thread) takes one time-series sample per sample interval. */
#ifndef LTB_STRESS_H
#define LTB_STRESS_H

#include "ltbench.h"
#include "stress_result.h"

/* Runs the stress test (batch = cfg->batch[0], timeout = cfg->timeout_s, worker 0
 * runs the warm-up before the clock starts). Returns 0 with r filled (free with
 * ltb_stress_result_free), or -1 with a one-line err when it could not run. */
int ltb_stress_run(const ltb_config *cfg, const ltb_stress_options *o, ltb_workload *w,
                   ltb_target *t, ltb_stress_result *r, char *err, size_t errlen);

/* ---- parts, exposed for tests ------------------------------------------------ */
/* --rate-ramp: the offered rate t_s seconds in (0 when the ramp is off). */
double ltb_stress_rate_at(const ltb_stress_options *o, double t_s);
/* Counts one failure by its type into the table. */
void ltb_error_table_add(ltb_error_table *t, const char *message);
/* dst += src (types merged), then sorted by count, most first. */
void ltb_error_table_merge(ltb_error_table *dst, const ltb_error_table *src);
/* The leak verdict from r's samples and options (fills r->leak). */
void ltb_stress_leak_check(ltb_stress_result *r);
#endif
