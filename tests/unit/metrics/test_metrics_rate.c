/* test_metrics_rate.c — open-loop metrics from hand-made records: latency counts from
 * the due time (TTFI too) while service, queue wait and issuing lag are split out;
 * late starts are the requests due while every slot was busy; achieved and scheduled
 * rates; the two warnings (the target cannot keep up, ltbench issued late); the --slo
 * search's percentile (failures count as over the bound) and its next-rate rule
 * (doubling, halving, bisection to 5 %). */
#include "testutil.h"

#include "metrics.h"
#include "slo_search.h"

#include <math.h>
#include <string.h>

#define MS 1000000ull
#define T0 (1000 * MS)

/* due at T0 + due_ms, a worker free at ready_ms, started at start_ms, ended end_ms */
static ltb_record rec(double due_ms, double ready_ms, double start_ms, double end_ms, int ok)
{
    ltb_record r;
    memset(&r, 0, sizeof r);
    r.t_due_ns = T0 + (uint64_t)(due_ms * MS);
    r.t_ready_ns = T0 + (uint64_t)(ready_ms * MS);
    r.t_start_ns = T0 + (uint64_t)(start_ms * MS);
    r.t_end_ns = T0 + (uint64_t)(end_ms * MS);
    r.res.ok = ok;
    r.batch = 1;
    return r;
}

static void latency_counts_from_the_due_time(void **state)
{
    (void)state;
    /* due at 0, a worker was busy until 30, it started at 31 and took 10 */
    ltb_record r = rec(0, 30, 31, 41, 1);
    assert_float_equal(ltb_record_latency_ms(&r), 41.0, 1e-9);
    assert_float_equal(ltb_record_service_ms(&r), 10.0, 1e-9);
    assert_float_equal(ltb_record_first_ms(&r), 41.0, 1e-9);
    r.res.first_result_ns = T0 + 35 * MS;
    assert_float_equal(ltb_record_first_ms(&r), 35.0, 1e-9);
    /* closed loop: no due time, latency = service */
    r.t_due_ns = 0;
    assert_float_equal(ltb_record_latency_ms(&r), 10.0, 1e-9);
}

static void rate_metrics_split_wait_service_and_lag(void **state)
{
    (void)state;
    ltb_record r[4] = {
        rec(0, 0, 0.5, 10.5, 1),      /* on time: lag 0.5 */
        rec(10, 10.5, 10.5, 20.5, 1), /* slot busy until 10.5: late, lag 0 */
        rec(20, 20.5, 21.5, 31.5, 1), /* late, lag 1 */
        rec(40, 40, 40.25, 45, 0),    /* on time, failed */
    };
    ltb_rate_metrics m;
    ltb_metrics_rate(r, 4, 100.0, &m);
    assert_float_equal(m.offered_rps, 100.0, 0);
    assert_int_equal(m.late_starts, 2);
    assert_int_equal(m.queue_wait.n, 4);
    assert_float_equal(m.queue_wait.mean, (0.5 + 0.5 + 1.5 + 0.25) / 4, 1e-9);
    assert_float_equal(m.queue_wait.max, 1.5, 1e-9);
    assert_float_equal(m.issue_lag.max, 1.0, 1e-9);
    assert_float_equal(m.issue_lag.mean, (0.5 + 0 + 1 + 0.25) / 4, 1e-9);
    assert_int_equal(m.service.n, 3);                     /* successes only */
    assert_float_equal(m.service.p50, 10.0, 1e-9);
    /* 3 successes from the first due (0) to the last success's end (31.5 ms) */
    assert_float_equal(m.achieved_rps, 3 / 0.0315, 1e-6);
    /* 4 requests over 40 ms of schedule + one mean gap (10 ms) */
    assert_float_equal(m.scheduled_rps, 4 / 0.050, 1e-6);
}

static void warnings_say_who_is_measured(void **state)
{
    (void)state;
    ltb_rate_metrics m;
    memset(&m, 0, sizeof m);
    char buf[256];
    m.offered_rps = 100, m.scheduled_rps = 100, m.achieved_rps = 96;
    m.issue_lag.n = 10, m.issue_lag.p99 = 0.2;
    assert_int_equal(ltb_rate_warning(&m, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    m.achieved_rps = 94;                                   /* 6 % under */
    assert_int_equal(ltb_rate_warning(&m, buf, sizeof buf), 1);
    assert_non_null(strstr(buf, "cannot keep up"));
    m.achieved_rps = 99, m.issue_lag.p99 = 1.5;
    assert_int_equal(ltb_rate_warning(&m, buf, sizeof buf), 1);
    assert_non_null(strstr(buf, "describe ltbench"));
    /* against the schedule's own rate: a short sample that offered 80/s, all served */
    m.issue_lag.p99 = 0.2, m.scheduled_rps = 80, m.achieved_rps = 79;
    assert_int_equal(ltb_rate_warning(&m, buf, sizeof buf), 0);
}

static void slo_percentile_counts_failures_as_slow(void **state)
{
    (void)state;
    ltb_record r[10];
    for (int i = 0; i < 10; i++)
        r[i] = rec(0, 0, 0, 1 + i, 1);                     /* 1 .. 10 ms */
    assert_float_equal(ltb_slo_percentile_ms(r, 10, 0.5), 6.0, 1e-9);   /* v[5] */
    assert_float_equal(ltb_slo_percentile_ms(r, 10, 0.99), 10.0, 1e-9);
    r[0].res.ok = 0;
    assert_true(isinf(ltb_slo_percentile_ms(r, 10, 0.99)));
    assert_true(ltb_slo_percentile_ms(r, 0, 0.99) < 0);
}

static void slo_search_doubles_halves_then_bisects(void **state)
{
    (void)state;
    assert_float_equal(ltb_slo_next_rate(10, 10, 0), 20, 0);     /* met so far: double */
    assert_float_equal(ltb_slo_next_rate(10, 0, 10), 5, 0);      /* missed so far: halve */
    assert_float_equal(ltb_slo_next_rate(80, 40, 80), 60, 0);    /* bisect */
    assert_float_equal(ltb_slo_next_rate(78, 75, 78), 0, 0);     /* within 5 %: done */
    assert_float_equal(ltb_slo_next_rate(0.01, 0, 0.01), 0, 0);  /* gives up */
    /* a simulated target that meets the bound up to 73/s: the answer is within 5 % */
    double rate = 10, met = 0, missed = 0;
    int steps = 0;
    while (rate > 0 && steps < LTB_SLO_MAX_STEPS) {
        if (rate <= 73)
            met = fmax(met, rate);
        else if (missed == 0 || rate < missed)
            missed = rate;
        rate = ltb_slo_next_rate(rate, met, missed);
        steps++;
    }
    assert_true(met <= 73 && met >= 73 / 1.05);
    assert_true(steps < 12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(latency_counts_from_the_due_time),
        cmocka_unit_test(rate_metrics_split_wait_service_and_lag),
        cmocka_unit_test(warnings_say_who_is_measured),
        cmocka_unit_test(slo_percentile_counts_failures_as_slow),
        cmocka_unit_test(slo_search_doubles_halves_then_bisects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
