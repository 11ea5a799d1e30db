/* test_metrics.c — the metric definitions, checked against hand-computed values:
 * the seed's percentile rule, latency summaries, the image metrics of a level
 * (T_wall over successes, IPS * T_wall == images, failures excluded) and the
 * choice of the best level. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "metrics.h"
#include "text_stats.h"

#define MS 1000000ULL /* ns per ms */
#define EPS 1e-9

/* A successful request of `batch` images from start_ms to end_ms. */
static ltb_record request(int64_t id, double start_ms, double end_ms, int batch)
{
    ltb_record r;
    memset(&r, 0, sizeof r);
    r.id = id;
    r.batch = batch;
    r.t_start_ns = (uint64_t)(start_ms * MS) + 1000 * MS; /* clocks are never 0 */
    r.t_end_ns = (uint64_t)(end_ms * MS) + 1000 * MS;
    r.res.ok = 1;
    r.res.gpu_ms = -1.0;
    r.res.gpu_compute_ms = -1.0;
    r.res.server_processing_s = -1.0;
    return r;
}

static ltb_record failed(int64_t id, double start_ms, double end_ms, int batch)
{
    ltb_record r = request(id, start_ms, end_ms, batch);
    r.res.ok = 0;
    strcpy(r.res.error, "boom");
    return r;
}

/* ---- percentiles ----------------------------------------------------------------- */

static void percentile_of_1_to_100_follows_the_seed_rule(void **state)
{
    (void)state;
    double v[100];
    for (int i = 0; i < 100; i++)
        v[i] = i + 1;
    assert_float_equal(ltb_percentile_sorted(v, 100, 0.50), 51.0, EPS); /* v[50] */
    assert_float_equal(ltb_percentile_sorted(v, 100, 0.95), 96.0, EPS); /* v[95] */
    assert_float_equal(ltb_percentile_sorted(v, 100, 0.99), 100.0, EPS); /* v[99] */
    assert_float_equal(ltb_percentile_sorted(v, 100, 0.0), 1.0, EPS);
    assert_float_equal(ltb_percentile_sorted(v, 100, 1.0), 100.0, EPS); /* clamped */
}

static void percentile_of_one_value_is_that_value(void **state)
{
    (void)state;
    double v[1] = {7.5};
    assert_float_equal(ltb_percentile_sorted(v, 1, 0.5), 7.5, EPS);
    assert_float_equal(ltb_percentile_sorted(v, 1, 0.99), 7.5, EPS);
}

static void percentile_of_two_values_takes_the_upper_at_p50(void **state)
{
    (void)state;
    double v[2] = {1.0, 2.0};
    assert_float_equal(ltb_percentile_sorted(v, 2, 0.50), 2.0, EPS); /* floor(1.0) = 1 */
    assert_float_equal(ltb_percentile_sorted(v, 2, 0.49), 1.0, EPS);
    assert_float_equal(ltb_percentile_sorted(v, 2, 0.95), 2.0, EPS);
}

static void p95_of_20_values_is_the_last(void **state)
{
    (void)state;
    double v[20];
    for (int i = 0; i < 20; i++)
        v[i] = 10.0 * i;
    assert_float_equal(ltb_percentile_sorted(v, 20, 0.95), v[19], EPS);
    assert_float_equal(ltb_percentile_sorted(v, 20, 0.90), v[18], EPS);
}

static void percentile_of_nothing_is_zero(void **state)
{
    (void)state;
    assert_float_equal(ltb_percentile_sorted(NULL, 0, 0.5), 0.0, EPS);
}

/* ---- latency summaries ------------------------------------------------------------- */

static void latency_summary_sorts_and_uses_sample_stddev(void **state)
{
    (void)state;
    double v[5] = {4, 2, 3, 1, 5};
    ltb_latency l;
    ltb_latency_from(v, 5, &l);
    assert_int_equal(l.n, 5);
    assert_float_equal(v[0], 1.0, EPS); /* sorted in place */
    assert_float_equal(l.min, 1.0, EPS);
    assert_float_equal(l.max, 5.0, EPS);
    assert_float_equal(l.mean, 3.0, EPS);
    assert_float_equal(l.p50, 3.0, EPS);
    assert_float_equal(l.p95, 5.0, EPS);
    assert_float_equal(l.stddev, sqrt(10.0 / 4.0), 1e-12); /* n - 1 */
    assert_float_equal(l.cov, sqrt(10.0 / 4.0) / 3.0, 1e-12);
}

static void latency_of_one_value_has_no_spread(void **state)
{
    (void)state;
    double v[1] = {12.0};
    ltb_latency l;
    ltb_latency_from(v, 1, &l);
    assert_float_equal(l.stddev, 0.0, EPS);
    assert_float_equal(l.cov, 0.0, EPS);
    assert_float_equal(l.p99, 12.0, EPS);
}

static void latency_of_zeros_has_zero_cov(void **state)
{
    (void)state;
    double v[3] = {0, 0, 0};
    ltb_latency l;
    ltb_latency_from(v, 3, &l);
    assert_float_equal(l.cov, 0.0, EPS);
    ltb_latency_from(NULL, 0, &l);
    assert_int_equal(l.n, 0);
    assert_float_equal(l.mean, 0.0, EPS);
}

static void record_times_use_first_result_when_set(void **state)
{
    (void)state;
    ltb_record r = request(0, 10, 50, 1);
    assert_float_equal(ltb_record_latency_ms(&r), 40.0, 1e-9);
    assert_float_equal(ltb_record_first_ms(&r), 40.0, 1e-9); /* 0 = at the end */
    r.res.first_result_ns = r.t_start_ns + 15 * MS;
    assert_float_equal(ltb_record_first_ms(&r), 15.0, 1e-9);
    r.t_end_ns = r.t_start_ns - 1; /* never negative */
    assert_float_equal(ltb_record_latency_ms(&r), 0.0, EPS);
}

/* ---- image metrics ----------------------------------------------------------------- */

static const ltb_sample_info samples[] = {
    {.name = "cat.jpg"},          /* 7 chars */
    {.name = "\xc3\xbc" "ber.png"}, /* "über.png": 8 chars, 9 bytes */
};

static void failures_count_in_totals_only(void **state)
{
    (void)state;
    ltb_record r[4] = {
        request(0, 10, 30, 1),
        request(1, 20, 60, 1),
        request(2, 30, 110, 1),
        failed(3, 0, 500, 1), /* earliest start and latest end: must not widen T_wall */
    };
    ltb_metrics m;
    ltb_metrics_image(r, 4, 2, 1, 224, 224, NULL, 0, &m);
    assert_int_equal(m.total_requests, 4);
    assert_int_equal(m.ok_requests, 3);
    assert_int_equal(m.failed_requests, 1);
    assert_float_equal(m.success_rate_pct, 75.0, EPS);
    assert_float_equal(m.wall_s, 0.100, 1e-12); /* 110 - 10 ms */
    assert_float_equal(m.total_images, 3.0, EPS);
    assert_float_equal(m.ips, 30.0, 1e-9);
    assert_float_equal(m.ips * m.wall_s, m.total_images, 1e-9);
    assert_float_equal(m.rps, 30.0, 1e-9);
    assert_int_equal(m.latency.n, 3);
    assert_float_equal(m.latency.max, 80.0, 1e-9); /* not the failure's 500 */
    assert_float_equal(m.latency.min, 20.0, 1e-9);
    assert_float_equal(m.latency.mean, (20.0 + 40.0 + 80.0) / 3.0, 1e-9);
    assert_float_equal(m.ttfi.p50, 40.0, 1e-9);
    assert_int_equal(m.concurrency, 2);
    assert_int_equal(m.batch, 1);
}

static void batches_count_every_image(void **state)
{
    (void)state;
    ltb_record r[3] = {request(0, 0, 100, 4), request(1, 50, 200, 4), failed(2, 0, 10, 4)};
    ltb_metrics m;
    ltb_metrics_image(r, 3, 2, 4, 224, 224, NULL, 0, &m);
    assert_float_equal(m.total_images, 8.0, EPS);
    assert_float_equal(m.wall_s, 0.2, 1e-12);
    assert_float_equal(m.ips, 40.0, 1e-9);
    assert_float_equal(m.rps, 10.0, 1e-9);
    assert_float_equal(m.total_pixels, 8.0 * 224 * 224, EPS);
    assert_float_equal(m.pps, m.ips * 224 * 224, 1e-6);
    assert_float_equal(m.total_steps, 8.0, EPS); /* one step per image */
    assert_float_equal(m.sps, m.ips, 1e-9);
    assert_float_equal(m.avg_width, 224.0, EPS);
    assert_float_equal(m.avg_height, 224.0, EPS);
}

static void record_without_batch_uses_the_level_batch(void **state)
{
    (void)state;
    ltb_record r[1] = {request(0, 0, 100, 0)};
    ltb_metrics m;
    ltb_metrics_image(r, 1, 1, 2, 8, 8, NULL, 0, &m);
    assert_float_equal(m.total_images, 2.0, EPS);
}

static void prompt_is_the_file_name_counted_in_characters(void **state)
{
    (void)state;
    ltb_record r[3] = {request(0, 0, 500, 1), request(1, 500, 1000, 1), request(2, 0, 10, 1)};
    r[0].sample = 0;
    r[1].sample = 1;
    r[2].sample = 99; /* out of range: no name, 0 chars */
    ltb_metrics m;
    ltb_metrics_image(r, 3, 1, 1, 224, 224, samples, 2, &m);
    assert_float_equal(m.total_chars, 15.0, EPS);
    assert_float_equal(m.cps, 15.0, 1e-9); /* T_wall = 1 s */
    assert_float_equal(m.avg_prompt_chars, 5.0, 1e-12);
    assert_float_equal(m.tokens_per_sec, 3.0, 1e-9); /* one token per prompt */
    assert_int_equal(ltb_utf8_cstr_chars("\xc3\xbc" "ber.png"), 8);
    assert_int_equal(ltb_utf8_cstr_chars(NULL), 0);
}

static void ttfi_uses_the_first_result(void **state)
{
    (void)state;
    ltb_record r[2] = {request(0, 0, 100, 1), request(1, 0, 100, 1)};
    r[0].res.first_result_ns = r[0].t_start_ns + 10 * MS;
    ltb_metrics m;
    ltb_metrics_image(r, 2, 1, 1, 1, 1, NULL, 0, &m);
    assert_float_equal(m.ttfi.min, 10.0, 1e-9);
    assert_float_equal(m.ttfi.max, 100.0, 1e-9);
    assert_float_equal(m.latency.min, 100.0, 1e-9);
}

static void phases_are_means_over_successes(void **state)
{
    (void)state;
    ltb_record r[3] = {request(0, 0, 10, 1), request(1, 0, 10, 1), failed(2, 0, 10, 1)};
    r[0].res.forward_ns = 4 * MS;
    r[1].res.forward_ns = 6 * MS;
    r[2].res.forward_ns = 1000 * MS;
    r[0].res.preprocess_ns = 2 * MS;
    r[0].res.gpu_ms = 3.0;         /* r[1] has none (-1): mean of the one that has it */
    r[1].res.server_processing_s = 0.008;
    ltb_metrics m;
    ltb_metrics_image(r, 3, 1, 1, 1, 1, NULL, 0, &m);
    assert_float_equal(m.mean_forward_ms, 5.0, 1e-9);
    assert_float_equal(m.mean_preprocess_ms, 1.0, 1e-9);
    assert_float_equal(m.mean_h2d_ms, 0.0, EPS);
    assert_float_equal(m.mean_gpu_ms, 3.0, 1e-9);
    assert_float_equal(m.mean_server_ms, 8.0, 1e-9);
}

static void gpu_and_server_times_are_none_when_absent(void **state)
{
    (void)state;
    ltb_record r[1] = {request(0, 0, 10, 1)};
    ltb_metrics m;
    ltb_metrics_image(r, 1, 1, 1, 1, 1, NULL, 0, &m);
    assert_true(m.mean_gpu_ms < 0);
    assert_true(m.mean_server_ms < 0);
    assert_true(m.gpu_mem_mb < 0); /* the driver fills memory after */
    assert_float_equal(m.peak_rss_mb, 0.0, EPS);
}

/* Every double of the struct, for "no NaN/inf anywhere". */
static void assert_all_finite(const ltb_metrics *m)
{
    const double d[] = {
        m->success_rate_pct, m->wall_s, m->total_images, m->total_pixels, m->total_steps,
        m->ips, m->pps, m->sps, m->rps, m->cps, m->tokens_per_sec, m->ttfi.p50, m->ttfi.p95,
        m->ttfi.p99, m->ttfi.mean, m->ttfi.min, m->ttfi.max, m->ttfi.stddev, m->ttfi.cov,
        m->latency.p50, m->latency.mean, m->latency.stddev, m->latency.cov,
        m->mean_preprocess_ms, m->mean_h2d_ms, m->mean_forward_ms, m->mean_d2h_ms,
        m->mean_postprocess_ms, m->mean_gpu_ms, m->mean_server_ms, m->avg_prompt_chars,
        m->avg_width, m->avg_height, m->total_chars, m->total_tokens};
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
        assert_true(isfinite(d[i]));
}

static void empty_level_is_all_zeros(void **state)
{
    (void)state;
    ltb_metrics m;
    ltb_metrics_image(NULL, 0, 4, 1, 224, 224, samples, 2, &m);
    assert_all_finite(&m);
    assert_int_equal(m.total_requests, 0);
    assert_float_equal(m.success_rate_pct, 0.0, EPS);
    assert_float_equal(m.wall_s, 0.0, EPS);
    assert_float_equal(m.ips, 0.0, EPS);
    assert_float_equal(m.ttfi.p95, 0.0, EPS);
    assert_float_equal(m.avg_width, 0.0, EPS);
    assert_int_equal(m.concurrency, 4);
}

static void all_failed_level_has_no_throughput(void **state)
{
    (void)state;
    ltb_record r[2] = {failed(0, 0, 10, 1), failed(1, 5, 20, 1)};
    ltb_metrics m;
    ltb_metrics_image(r, 2, 2, 1, 224, 224, NULL, 0, &m);
    assert_all_finite(&m);
    assert_int_equal(m.failed_requests, 2);
    assert_float_equal(m.success_rate_pct, 0.0, EPS);
    assert_float_equal(m.ips, 0.0, EPS);
    assert_int_equal(m.latency.n, 0);
}

static void simultaneous_requests_do_not_divide_by_zero(void **state)
{
    (void)state;
    ltb_record r[1] = {request(0, 10, 10, 1)}; /* zero duration */
    ltb_metrics m;
    ltb_metrics_image(r, 1, 1, 1, 1, 1, NULL, 0, &m);
    assert_all_finite(&m);
    assert_float_equal(m.ips, 0.0, EPS);
}

/* ---- best level ------------------------------------------------------------------ */

static void best_level_picks_highest_or_lowest_and_skips_empty(void **state)
{
    (void)state;
    ltb_level levels[4];
    memset(levels, 0, sizeof levels);
    double ips[4] = {10, 30, 99, 30};
    double ttfi[4] = {5, 4, 1, 4};
    for (int i = 0; i < 4; i++) {
        levels[i].metrics.ok_requests = 10;
        levels[i].metrics.ips = ips[i];
        levels[i].metrics.ttfi.p95 = ttfi[i];
    }
    levels[2].skipped = 1; /* best numbers, but skipped */
    assert_int_equal(ltb_best_level(levels, 4, "ips"), 1); /* tie with 3: first wins */
    assert_int_equal(ltb_best_level(levels, 4, "ttfi_p95"), 1);
    levels[1].metrics.ok_requests = 0; /* nothing succeeded */
    assert_int_equal(ltb_best_level(levels, 4, "ips"), 3);
    assert_int_equal(ltb_best_level(levels, 4, "no_such_metric"), -1);
    assert_int_equal(ltb_best_level(levels, 0, "ips"), -1);
}

/* With repetitions a point counts by its mean: one lucky repetition is not the best. */
static void best_point_is_the_best_mean_over_repetitions(void **state)
{
    (void)state;
    ltb_level levels[6];
    memset(levels, 0, sizeof levels);
    double ips[6] = {100, 10, 10, 50, 50, 80};
    for (int i = 0; i < 6; i++) {
        levels[i].concurrency = i < 3 ? 1 : 2;
        levels[i].repetition = i % 3;
        levels[i].repetitions = 3;
        levels[i].metrics.ok_requests = 10;
        levels[i].metrics.ips = ips[i];
    }
    double mean = 0;
    int reps = 0;
    assert_int_equal(ltb_best_point(levels, 6, "ips", &mean, &reps), 3);
    assert_float_equal(mean, 60.0, 1e-12);
    assert_int_equal(reps, 3);
    /* a repetition that failed is left out of its point's mean */
    levels[4].metrics.ok_requests = 0;
    levels[3].skipped = 1;
    assert_int_equal(ltb_best_point(levels, 6, "ips", &mean, &reps), 5);
    assert_float_equal(mean, 80.0, 1e-12);
    assert_int_equal(reps, 1);
    levels[5].metrics.ips = 20;   /* now (100 + 10 + 10) / 3 = 40 wins */
    assert_int_equal(ltb_best_point(levels, 6, "ips", &mean, &reps), 0);
    assert_float_equal(mean, 40.0, 1e-12);
    assert_int_equal(ltb_best_level(levels, 6, "ips"), 0);
}

static void best_level_knows_every_metric_name(void **state)
{
    (void)state;
    ltb_level levels[2];
    memset(levels, 0, sizeof levels);
    levels[0].metrics.ok_requests = levels[1].metrics.ok_requests = 1;
    levels[1].metrics.rps = levels[1].metrics.asps = levels[1].metrics.cps = 1;
    levels[0].metrics.latency.p50 = levels[0].metrics.rtf_mean = levels[0].metrics.ttfa.p95 = 1;
    assert_int_equal(ltb_best_level(levels, 2, "rps"), 1);
    assert_int_equal(ltb_best_level(levels, 2, "asps"), 1);
    assert_int_equal(ltb_best_level(levels, 2, "cps"), 1);
    assert_int_equal(ltb_best_level(levels, 2, "latency_p50"), 1);
    assert_int_equal(ltb_best_level(levels, 2, "rtf_mean"), 1);
    assert_int_equal(ltb_best_level(levels, 2, "ttfa_p95"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(percentile_of_1_to_100_follows_the_seed_rule),
        cmocka_unit_test(percentile_of_one_value_is_that_value),
        cmocka_unit_test(percentile_of_two_values_takes_the_upper_at_p50),
        cmocka_unit_test(p95_of_20_values_is_the_last),
        cmocka_unit_test(percentile_of_nothing_is_zero),
        cmocka_unit_test(latency_summary_sorts_and_uses_sample_stddev),
        cmocka_unit_test(latency_of_one_value_has_no_spread),
        cmocka_unit_test(latency_of_zeros_has_zero_cov),
        cmocka_unit_test(record_times_use_first_result_when_set),
        cmocka_unit_test(failures_count_in_totals_only),
        cmocka_unit_test(batches_count_every_image),
        cmocka_unit_test(record_without_batch_uses_the_level_batch),
        cmocka_unit_test(prompt_is_the_file_name_counted_in_characters),
        cmocka_unit_test(ttfi_uses_the_first_result),
        cmocka_unit_test(phases_are_means_over_successes),
        cmocka_unit_test(gpu_and_server_times_are_none_when_absent),
        cmocka_unit_test(empty_level_is_all_zeros),
        cmocka_unit_test(all_failed_level_has_no_throughput),
        cmocka_unit_test(simultaneous_requests_do_not_divide_by_zero),
        cmocka_unit_test(best_level_picks_highest_or_lowest_and_skips_empty),
        cmocka_unit_test(best_point_is_the_best_mean_over_repetitions),
        cmocka_unit_test(best_level_knows_every_metric_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
