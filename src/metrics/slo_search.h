/* slo_search.h — --slo pXX:MS: the highest offered rate whose latency percentile,
 * measured from each request's scheduled time, meets a bound, searched like MLPerf
 * LoadGen's server scenario and perf_analyzer's --latency-threshold: from the start
 * rate (config.rate[0]) double while the bound is met (halve while it is not), then
 * bisect between the highest rate that met it and the lowest that missed it until
 * they are within LTB_SLO_PRECISION of each other. Every step is one open-loop level
 * of the run (its records and metrics, slo_latency_ms and slo_pass set), so the
 * reports carry every step; run->slo_answer_rps is the answer. A step with a failed
 * request counts those as over the bound. The search stops early when no rate has met
 * the bound and the service time's own percentile is over it (no lower rate can). */
#ifndef LTB_SLO_SEARCH_H
#define LTB_SLO_SEARCH_H

#include <stddef.h>

#include "ltbench.h"

#define LTB_SLO_PRECISION 0.05     /* bisect until (miss - met) / met <= this */
#define LTB_SLO_MAX_STEPS 40
#define LTB_SLO_MIN_RPS 0.01       /* halving below this gives up: nothing met the bound */

/* Runs the search with cfg (cfg->slo_ms > 0, one concurrency = the in-flight cap, one
 * batch) into run. 0, or -1 with err when a step could not start. */
int ltb_slo_search(const ltb_config *cfg, ltb_workload *w, ltb_target *t, ltb_run *run,
                   char *err, size_t errlen);

/* The latency percentile q (0..1, the seed's rule) from the due time over the n
 * records, failed ones counted as infinitely slow; < 0 when n == 0. */
double ltb_slo_percentile_ms(const ltb_record *r, size_t n, double q);

/* The next rate to try after `rate` given the highest that met the bound (met, 0 =
 * none yet) and the lowest that missed it (missed, 0 = none yet); 0 when the search
 * is over. Pure. */
double ltb_slo_next_rate(double rate, double met, double missed);
#endif
