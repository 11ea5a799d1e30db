/* test_arrival_schedule.c — the open-loop schedule and the M/D/1 expectation (pure
 * functions): the mean gap is 1/rate and the gaps' coefficient of variation is 0 for
 * constant, 1 for Poisson and CV for gamma:CV; the same seed gives the same schedule,
 * another seed another; the M/D/1 formula against a simulation (Lindley's recursion)
 * over a drawn Poisson schedule; option parsing; the schedule's length with
 * --min-time. Tolerances: N = 200 000 gaps with a fixed seed, so every number is
 * deterministic; the bounds are still set at >= 5 standard errors of the estimate
 * (stated beside each) so another seed would pass too. */
#include "testutil.h"

#include "arrival_schedule.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define N 200000

static uint64_t *draw(double rate, ltb_arrivals kind, double cv, uint64_t seed)
{
    uint64_t *due = malloc(N * sizeof *due);
    assert_non_null(due);
    ltb_arrival_schedule(rate, kind, cv, seed, N, due);
    for (size_t i = 1; i < N; i++)
        assert_true(due[i] >= due[i - 1]);
    return due;
}

static double mean_gap_s(const uint64_t *due) { return (double)due[N - 1] / 1e9 / N; }

static void gaps_have_the_asked_mean_and_variation(void **state)
{
    (void)state;
    uint64_t *c = draw(1000, LTB_ARRIVALS_CONSTANT, 0, 42);
    assert_float_equal(mean_gap_s(c), 1e-3, 1e-9);
    assert_true(ltb_schedule_gap_cov(c, N) < 1e-3);      /* only ns rounding */
    free(c);
    /* Poisson: the sample CoV's standard error is about 1/sqrt(N) = 0.0022 */
    uint64_t *p = draw(1000, LTB_ARRIVALS_POISSON, 1, 42);
    assert_float_equal(mean_gap_s(p), 1e-3, 1e-5);       /* se 1e-3/sqrt(N) = 2.2e-6 */
    assert_float_equal(ltb_schedule_gap_cov(p, N), 1.0, 0.02);
    free(p);
    /* gamma: shape 1/CV^2; the CoV's standard error grows with CV (kurtosis 6 CV^2):
     * about CV sqrt((6 CV^2 + 2) / (4N)) = 0.0006 at CV 0.3, 0.012 at CV 3 */
    static const double kCv[] = {0.3, 1.0, 3.0};
    static const double kTol[] = {0.01, 0.02, 0.15};
    for (int k = 0; k < 3; k++) {
        uint64_t *g = draw(500, LTB_ARRIVALS_GAMMA, kCv[k], 7);
        assert_float_equal(mean_gap_s(g), 2e-3, 2e-3 * 5 * kCv[k] / sqrt(N));
        double cov = ltb_schedule_gap_cov(g, N);
        if (fabs(cov - kCv[k]) > kTol[k])
            fail_msg("gamma:%g: gap CoV %.4f", kCv[k], cov);
        free(g);
    }
}

static void the_seed_fixes_the_schedule(void **state)
{
    (void)state;
    uint64_t a[64], b[64], c[64];
    ltb_arrival_schedule(100, LTB_ARRIVALS_POISSON, 1, 42, 64, a);
    ltb_arrival_schedule(100, LTB_ARRIVALS_POISSON, 1, 42, 64, b);
    ltb_arrival_schedule(100, LTB_ARRIVALS_POISSON, 1, 43, 64, c);
    assert_memory_equal(a, b, sizeof a);
    assert_true(memcmp(a, c, sizeof a) != 0);
    assert_true(a[0] > 0);                       /* the first request is one gap in */
}

/* Poisson arrivals at rho = 0.5 on one server with a fixed service time: the mean
 * wait of Lindley's recursion W' = max(0, W + S - gap) over the drawn schedule
 * against rho / (2 mu (1 - rho)). The sample mean of M/D/1 waits has a standard
 * error of about 1.5 % at N = 200 000 (waits are autocorrelated); the bound is 8 %. */
static void md1_formula_matches_a_simulated_queue(void **state)
{
    (void)state;
    const double service_s = 0.010, rates[] = {25.0, 50.0, 80.0};
    for (int k = 0; k < 3; k++) {
        uint64_t *due = draw(rates[k], LTB_ARRIVALS_POISSON, 1, 1234);
        double w = 0, sum = 0;
        for (size_t i = 1; i < N; i++) {
            double gap = (double)(due[i] - due[i - 1]) / 1e9;
            w = fmax(0.0, w + service_s - gap);
            sum += w;
        }
        double simulated = sum / (N - 1);
        double expected = ltb_md1_mean_wait_s(rates[k], 1.0 / service_s);
        if (fabs(simulated - expected) > 0.08 * expected)
            fail_msg("rho %.2f: simulated mean wait %.4f s, formula %.4f s", rates[k] * service_s,
                     simulated, expected);
        free(due);
    }
    assert_float_equal(ltb_md1_mean_wait_s(50, 100), 0.005, 1e-12);   /* 0.5/(2*100*0.5) */
    assert_true(ltb_md1_mean_wait_s(100, 100) < 0);                   /* rho = 1: none */
    assert_true(ltb_md1_mean_wait_s(10, 0) < 0);
}

static void arrivals_parse_and_name_themselves(void **state)
{
    (void)state;
    ltb_arrivals kind;
    double cv;
    char err[256], label[32];
    assert_int_equal(ltb_arrivals_parse("poisson", &kind, &cv, err, sizeof err), 0);
    assert_int_equal(kind, LTB_ARRIVALS_POISSON);
    assert_float_equal(cv, 1.0, 0);
    assert_int_equal(ltb_arrivals_parse("constant", &kind, &cv, err, sizeof err), 0);
    assert_int_equal(kind, LTB_ARRIVALS_CONSTANT);
    assert_int_equal(ltb_arrivals_parse("gamma:2.5", &kind, &cv, err, sizeof err), 0);
    assert_int_equal(kind, LTB_ARRIVALS_GAMMA);
    assert_float_equal(cv, 2.5, 0);
    ltb_arrivals_label(kind, cv, label, sizeof label);
    assert_string_equal(label, "gamma:2.5");
    static const char *const kBad[] = {"gamma:0", "gamma:-1", "gamma:", "gamma:x", "gamma:1e9",
                                       "uniform", "", "Poisson"};
    for (size_t i = 0; i < sizeof kBad / sizeof *kBad; i++) {
        err[0] = '\0';
        assert_int_equal(ltb_arrivals_parse(kBad[i], &kind, &cv, err, sizeof err), -1);
        assert_non_null(strstr(err, "--arrivals"));
        assert_null(strchr(err, '\n'));
    }
}

static void the_schedule_covers_iterations_and_min_time(void **state)
{
    (void)state;
    assert_int_equal(ltb_schedule_count(100, 50, 0, 1000000), 50);
    assert_int_equal(ltb_schedule_count(100, 50, 2.0, 1000000), 200);    /* 2 s at 100/s */
    assert_int_equal(ltb_schedule_count(100, 500, 2.0, 1000000), 500);
    assert_int_equal(ltb_schedule_count(1e6, 1, 3600, 1000), 1000);       /* capped */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gaps_have_the_asked_mean_and_variation),
        cmocka_unit_test(the_seed_fixes_the_schedule),
        cmocka_unit_test(md1_formula_matches_a_simulated_queue),
        cmocka_unit_test(arrivals_parse_and_name_themselves),
        cmocka_unit_test(the_schedule_covers_iterations_and_min_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
