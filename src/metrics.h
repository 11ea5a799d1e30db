/* metrics.h — pure functions from arrays of records to metrics. No I/O, no clocks.
 * Percentiles follow the seed's rule so numbers match its Python suite on the same
 * records: sort ascending, take v[min(floor(q*n), n-1)]. */
#ifndef LTB_METRICS_H
#define LTB_METRICS_H

#include "ltbench.h"

/* v sorted ascending, n > 0; q in [0,1]. Returns 0 for n == 0. */
double ltb_percentile_sorted(const double *v, size_t n, double q);

/* Fills out from n values (ms); sorts v in place. n == 0 gives all zeros. */
void ltb_latency_from(double *v, size_t n, ltb_latency *out);

/* Request latency of a record in ms (t_end - t_start). */
double ltb_record_latency_ms(const ltb_record *r);
/* Time to first result in ms (first_result_ns or t_end when 0, minus t_start). */
double ltb_record_first_ms(const ltb_record *r);

/* Image / classification metrics of one level. T_wall = max(t_end) - min(t_start)
 * over successful requests; IPS = images/T_wall (images = sum of batch over
 * successes); PPS = pixels/T_wall; SPS = steps/T_wall (1 step per image for
 * classification); RPS = N_ok/T_wall; CPS = sum of prompt chars / T_wall (the
 * prompt is the image's file name); TTFI = first-result latency of successes;
 * latency = end-to-end latency of successes; phase means over successes.
 * Zeroes m first: memory is not measured here (peak_rss_mb = avg_rss_mb = 0,
 * gpu_mem_mb = -1 "none"); the driver sets those three after this call. */
void ltb_metrics_image(const ltb_record *r, size_t n, int concurrency, int batch,
                       int width, int height, const ltb_sample_info *samples,
                       int n_samples, ltb_metrics *m);

/* Best-of lines for the console: index into levels of the best value, -1 if none. */
int ltb_best_level(const ltb_level *levels, int n, const char *metric);
#endif
