/* histogram.h — a fixed-size, log-bucketed latency histogram (HDR-style) for runs
 * of any length: memory does not grow with the number of requests.
 *
 * Buckets are geometric with ratio LTB_HIST_RATIO (1% wide) from LTB_HIST_MIN_NS
 * (0.1 us) to LTB_HIST_MAX_NS (1 h); faster values land in the first bucket,
 * slower ones in the last. A percentile is the geometric middle of the bucket that
 * holds the seed's rank (sorted v[min(floor(q*n), n-1)]), clamped to the exact
 * min/max seen, so it is within +-0.5% of the exact percentile for values inside
 * the range. Count, sum (hence the mean), min and max are exact.
 *
 * Each histogram has one writer (a worker thread) and may be read at the same
 * time by a monitor (relaxed atomics: a read sees each counter whole, possibly a
 * request or two behind). Merge per-worker histograms to get the whole run. */
#ifndef LTB_HISTOGRAM_H
#define LTB_HISTOGRAM_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define LTB_HIST_MIN_NS 100.0               /* 0.1 us */
#define LTB_HIST_MAX_NS 3.6e12              /* 1 hour */
#define LTB_HIST_RATIO 1.01                 /* each bucket is 1% wide */
#define LTB_HIST_BUCKETS 2443               /* ceil(log(MAX/MIN) / log(RATIO)) + 1 */

typedef struct ltb_histogram {
    atomic_uint_fast64_t counts[LTB_HIST_BUCKETS];
    atomic_uint_fast64_t n, sum_ns, min_ns, max_ns;
} ltb_histogram;

void ltb_hist_init(ltb_histogram *h);
/* Adds one value (nanoseconds). One writer per histogram. */
void ltb_hist_record(ltb_histogram *h, uint64_t ns);
/* dst += src (dst must not be written by anyone else meanwhile). */
void ltb_hist_merge(ltb_histogram *dst, const ltb_histogram *src);
/* out = now - before, bucket by bucket: the values added between two snapshots of
 * the same cumulative histogram. min/max of out are its buckets' bounds. */
void ltb_hist_window(ltb_histogram *out, const ltb_histogram *now, const ltb_histogram *before);

uint64_t ltb_hist_count(const ltb_histogram *h);
/* The q-quantile (0..1) in milliseconds by the seed's rank rule; 0 when empty. */
double ltb_hist_percentile_ms(const ltb_histogram *h, double q);
double ltb_hist_mean_ms(const ltb_histogram *h);
double ltb_hist_min_ms(const ltb_histogram *h);
double ltb_hist_max_ms(const ltb_histogram *h);

/* The bucket a value falls in, and a bucket's lower bound in ns. */
int ltb_hist_bucket(uint64_t ns);
double ltb_hist_bucket_low_ns(int bucket);
#endif
