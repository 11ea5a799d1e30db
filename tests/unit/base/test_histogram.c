/* test_histogram.c — the log-bucketed histogram's percentiles agree with the
 * exact seed rule (sort, v[min(floor(q n), n-1)]) within the stated resolution
 * (0.5% relative) on known data: uniform, exponential, constant, a few values;
 * windows of a cumulative histogram, merging, count/mean/min/max. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include "histogram.h"
#include "metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define RESOLUTION 0.005 /* sqrt(1.01) - 1, rounded up */
#define N_MAX 20000

static const double kQuantiles[] = {0.0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0};

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Records values (ms), then checks every quantile against the exact rule. */
static void assert_matches_exact(double *ms, size_t n)
{
    ltb_histogram *h = malloc(sizeof *h);
    ltb_hist_init(h);
    for (size_t i = 0; i < n; i++)
        ltb_hist_record(h, (uint64_t)llround(ms[i] * 1e6));
    for (size_t i = 0; i < n; i++)
        ms[i] = (double)llround(ms[i] * 1e6) / 1e6; /* what was recorded */
    qsort(ms, n, sizeof *ms, compare_doubles);
    assert_int_equal(ltb_hist_count(h), n);
    for (size_t k = 0; k < sizeof kQuantiles / sizeof kQuantiles[0]; k++) {
        double exact = ltb_percentile_sorted(ms, n, kQuantiles[k]);
        double approx = ltb_hist_percentile_ms(h, kQuantiles[k]);
        if (fabs(approx - exact) > RESOLUTION * exact + 1e-12)
            fail_msg("q=%.3f: histogram %.6f ms, exact %.6f ms", kQuantiles[k], approx, exact);
    }
    assert_true(fabs(ltb_hist_min_ms(h) - ms[0]) < 1e-9);
    assert_true(fabs(ltb_hist_max_ms(h) - ms[n - 1]) < 1e-9);
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += ms[i];
    assert_true(fabs(ltb_hist_mean_ms(h) - sum / n) < 1e-6 * (sum / n));
    free(h);
}

static double uniform01(unsigned *seed) { return (rand_r(seed) + 0.5) / ((double)RAND_MAX + 1.0); }

static void uniform_latencies(void **state)
{
    (void)state;
    static double v[N_MAX];
    unsigned seed = 1;
    for (int i = 0; i < N_MAX; i++)
        v[i] = 5.0 + 45.0 * uniform01(&seed); /* 5..50 ms */
    assert_matches_exact(v, N_MAX);
}

static void exponential_latencies(void **state)
{
    (void)state;
    static double v[N_MAX];
    unsigned seed = 7;
    for (int i = 0; i < N_MAX; i++)
        v[i] = 0.01 - 20.0 * log(uniform01(&seed)); /* mean 20 ms, long tail */
    assert_matches_exact(v, N_MAX);
}

static void constant_latency_is_exact(void **state)
{
    (void)state;
    static double v[1000];
    for (int i = 0; i < 1000; i++)
        v[i] = 37.5;
    assert_matches_exact(v, 1000);
    ltb_histogram *h = malloc(sizeof *h);
    ltb_hist_init(h);
    for (int i = 0; i < 10; i++)
        ltb_hist_record(h, 37500000);
    assert_true(ltb_hist_percentile_ms(h, 0.5) == 37.5); /* clamped to min = max */
    free(h);
}

static void a_few_values(void **state)
{
    (void)state;
    double one[] = {12.0};
    assert_matches_exact(one, 1);
    double three[] = {1.0, 100.0, 10000.0};
    assert_matches_exact(three, 3);
    double spread[] = {0.002, 0.5, 3.0, 3.0, 3.1, 250.0, 60000.0};
    assert_matches_exact(spread, 7);
}

static void empty_histogram_reads_zero(void **state)
{
    (void)state;
    ltb_histogram *h = malloc(sizeof *h);
    ltb_hist_init(h);
    assert_int_equal(ltb_hist_count(h), 0);
    assert_true(ltb_hist_percentile_ms(h, 0.95) == 0);
    assert_true(ltb_hist_mean_ms(h) == 0);
    assert_true(ltb_hist_max_ms(h) == 0);
    free(h);
}

static void out_of_range_values_land_in_the_end_buckets(void **state)
{
    (void)state;
    assert_int_equal(ltb_hist_bucket(0), 0);
    assert_int_equal(ltb_hist_bucket(50), 0);
    assert_int_equal(ltb_hist_bucket(UINT64_MAX / 2), LTB_HIST_BUCKETS - 1);
    /* each bucket is at most 1% wide */
    for (int b = 0; b < LTB_HIST_BUCKETS - 1; b += 97)
        assert_true(ltb_hist_bucket_low_ns(b + 1) / ltb_hist_bucket_low_ns(b) <= 1.0100001);
    assert_true(ltb_hist_bucket_low_ns(LTB_HIST_BUCKETS) >= LTB_HIST_MAX_NS);
}

static void window_is_the_difference_of_two_snapshots(void **state)
{
    (void)state;
    ltb_histogram *a = malloc(sizeof *a), *b = malloc(sizeof *b), *w = malloc(sizeof *w);
    ltb_hist_init(a);
    for (int i = 0; i < 100; i++)
        ltb_hist_record(a, 1000000); /* 1 ms */
    memcpy(b, a, sizeof *a);
    for (int i = 0; i < 100; i++)
        ltb_hist_record(a, 9000000); /* 9 ms */
    ltb_hist_window(w, a, b);
    assert_int_equal(ltb_hist_count(w), 100);
    assert_true(fabs(ltb_hist_percentile_ms(w, 0.5) - 9.0) < 9.0 * RESOLUTION);
    assert_true(fabs(ltb_hist_mean_ms(w) - 9.0) < 1e-9);
    free(a);
    free(b);
    free(w);
}

static void merge_adds_counts(void **state)
{
    (void)state;
    ltb_histogram *x = malloc(sizeof *x), *y = malloc(sizeof *y);
    ltb_hist_init(x);
    ltb_hist_init(y);
    for (int i = 0; i < 30; i++)
        ltb_hist_record(x, 2000000);
    for (int i = 0; i < 70; i++)
        ltb_hist_record(y, 4000000);
    ltb_hist_merge(x, y);
    assert_int_equal(ltb_hist_count(x), 100);
    assert_true(fabs(ltb_hist_percentile_ms(x, 0.25) - 2.0) < 2.0 * RESOLUTION);
    assert_true(fabs(ltb_hist_percentile_ms(x, 0.5) - 4.0) < 4.0 * RESOLUTION);
    assert_true(ltb_hist_min_ms(x) == 2.0 && ltb_hist_max_ms(x) == 4.0);
    free(x);
    free(y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(uniform_latencies),
        cmocka_unit_test(exponential_latencies),
        cmocka_unit_test(constant_latency_is_exact),
        cmocka_unit_test(a_few_values),
        cmocka_unit_test(empty_histogram_reads_zero),
        cmocka_unit_test(out_of_range_values_land_in_the_end_buckets),
        cmocka_unit_test(window_is_the_difference_of_two_snapshots),
        cmocka_unit_test(merge_adds_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
