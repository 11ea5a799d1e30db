/* test_stress_parts.c — the stress test's pure parts: error messages grouped by
 * type, error tables merged and sorted, the leak verdict on made-up time series
 * (flat, steadily rising, one step, too short), and the stress driver itself on
 * the sleep target in-process (ramp shape, accounting, bounded time series). */
#include "testutil.h"

#include "error_type.h"
#include "interrupt.h"
#include "stress.h"

#include <string.h>

static void assert_type(const char *msg, const char *type)
{
    char out[64];
    ltb_error_type(msg, out, sizeof out);
    if (strcmp(out, type) != 0)
        fail_msg("'%s' -> '%s', expected '%s'", msg, out, type);
}

static void error_types(void **state)
{
    (void)state;
    assert_type("timeout: request took 3.100 s, over the 3.000 s limit", "timeout");
    assert_type("HTTP 503: Service Unavailable", "HTTP 503");
    assert_type("HTTP 503 Service Unavailable from server", "HTTP 503 Service Unavailable");
    assert_type("forward: run error: shape mismatch at dim 1", "forward: run error");
    assert_type("run error: CUDA out of memory", "run error");
    assert_type("encode returned 2 dims, expected [1, 80, frames]", "encode returned");
    assert_type("sleep target failed (code 3)", "sleep target failed");
    assert_type("", "unknown error");
    assert_type("   ", "unknown error");
}

static void error_table_counts_merges_and_sorts(void **state)
{
    (void)state;
    ltb_error_table a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    ltb_error_table_add(&a, "timeout: request took 1 s");
    ltb_error_table_add(&b, "timeout: request took 2 s");
    ltb_error_table_add(&b, "HTTP 500: oops");
    ltb_error_table_add(&b, "timeout: request took 3 s");
    ltb_error_table_merge(&a, &b);
    assert_int_equal(a.n, 2);
    assert_string_equal(a.items[0].type, "timeout");
    assert_int_equal(a.items[0].count, 3);
    assert_string_equal(a.items[0].example, "timeout: request took 1 s");
    assert_string_equal(a.items[1].type, "HTTP 500");
    /* past the table's size: counted as other */
    char msg[64];
    for (int i = 0; i < LTB_STRESS_MAX_ERROR_TYPES + 3; i++) {
        snprintf(msg, sizeof msg, "kind%c: x", 'a' + i);
        ltb_error_table_add(&b, msg);
    }
    assert_int_equal(b.n, LTB_STRESS_MAX_ERROR_TYPES);
    assert_true(b.other >= 3);
}

/* A hold phase of n rows after a 10 s ramp, RSS from f(i). */
static void series(ltb_stress_result *r, int n, double (*rss)(int i))
{
    memset(r, 0, sizeof *r);
    r->options = (ltb_stress_options){.duration_s = 10 + n, .ramp_up_s = 10,
                                      .sample_interval_s = 1, .max_concurrency = 4};
    for (int i = 0; i < 10 + n; i++) {
        ltb_stress_sample s = {.t_s = i + 1, .window_s = 1,
                               .total_requests = (uint64_t)(i + 1) * 1000,
                               .rss_mb = i < 10 ? 100 : rss(i - 10)};
        assert_int_equal(ltb_stress_add_sample(r, &s), 0);
    }
}

static double flat(int i) { return 500 + (i % 2) * 0.01; }
static double rising(int i) { return 500 + 0.5 * i; }  /* 0.5 MB per 1000 requests */
static double one_step(int i) { return i < 10 ? 500 : 540; }

static void leak_verdicts(void **state)
{
    (void)state;
    ltb_stress_result r;
    series(&r, 30, flat);
    ltb_stress_leak_check(&r);
    assert_string_equal(r.leak.verdict, "no leak detected");
    assert_int_equal(r.leak.hold_samples, 30);
    ltb_stress_result_free(&r);

    series(&r, 30, rising);
    ltb_stress_leak_check(&r);
    assert_string_equal(r.leak.verdict, "possible leak");
    assert_true(r.leak.growth_mb_per_1k > 0.49 && r.leak.growth_mb_per_1k < 0.51);
    assert_true(r.leak.rising_in_each_third);
    ltb_stress_result_free(&r);

    series(&r, 30, one_step); /* grows once, then flat: not a leak */
    ltb_stress_leak_check(&r);
    assert_string_equal(r.leak.verdict, "no leak detected");
    assert_false(r.leak.rising_in_each_third);
    ltb_stress_result_free(&r);

    series(&r, 4, rising);
    ltb_stress_leak_check(&r);
    assert_string_equal(r.leak.verdict, "not enough data");
    ltb_stress_result_free(&r);
}

static void stress_driver_ramps_and_accounts(void **state)
{
    (void)state;
    ltb_config cfg;
    ltb_config_defaults(&cfg);
    cfg.quiet = 1;
    ltb_workload w;
    char err[256];
    static const char *const kTexts[] = {"a", "b"};
    assert_int_equal(ltb_workload_texts(&w, kTexts, 2, err, sizeof err), 0);
    ltb_target t;
    ltb_target_sleep(&t, 2000);
    ltb_stress_options o = {.duration_s = 2.0, .ramp_up_s = 1.0, .sample_interval_s = 0.25,
                            .max_concurrency = 4};
    ltb_stress_result r;
    ltb_interrupt_reset();
    assert_int_equal(ltb_stress_run(&cfg, &o, &w, &t, &r, err, sizeof err), 0);
    assert_true(r.n_samples >= 7 && r.n_samples <= 9);
    uint64_t sum = 0;
    for (int i = 0; i < r.n_samples; i++) {
        const ltb_stress_sample *s = &r.samples[i];
        sum += s->requests;
        assert_int_equal(s->ok + s->failed, s->requests);
        if (i > 0) {
            assert_true(s->t_s > r.samples[i - 1].t_s);
            if (s->t_s <= o.ramp_up_s)
                assert_true(s->active_workers >= r.samples[i - 1].active_workers);
        }
        if (s->t_s >= o.ramp_up_s + 0.05)
            assert_int_equal(s->active_workers, 4);
        if (s->requests)
            assert_true(s->rps > 0);
    }
    assert_int_equal(sum, r.total);
    assert_int_equal(r.ok + r.failed, r.total);
    assert_int_equal(r.failed, 0);
    assert_true(r.ok > 100);
    assert_non_null(r.leak.verdict);
    ltb_stress_result_free(&r);
    ltb_workload_free(&w);
}

static void stress_options_are_checked(void **state)
{
    (void)state;
    ltb_config cfg;
    ltb_config_defaults(&cfg);
    ltb_workload w;
    char err[256];
    static const char *const kTexts[] = {"a"};
    assert_int_equal(ltb_workload_texts(&w, kTexts, 1, err, sizeof err), 0);
    ltb_target t;
    ltb_target_null(&t);
    ltb_stress_result r;
    ltb_stress_options o = {.duration_s = 1, .ramp_up_s = 2, .sample_interval_s = 1,
                            .max_concurrency = 2};
    assert_int_equal(ltb_stress_run(&cfg, &o, &w, &t, &r, err, sizeof err), -1);
    assert_non_null(strstr(err, "--ramp-up"));
    o.ramp_up_s = 0;
    o.max_concurrency = 0;
    assert_int_equal(ltb_stress_run(&cfg, &o, &w, &t, &r, err, sizeof err), -1);
    ltb_workload_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(error_types),
        cmocka_unit_test(error_table_counts_merges_and_sorts),
        cmocka_unit_test(leak_verdicts),
        cmocka_unit_test(stress_driver_ramps_and_accounts),
        cmocka_unit_test(stress_options_are_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
