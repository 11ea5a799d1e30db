/* test_metrics_llm.c — the `ltbench llm` metrics of a level from hand-built records
 * that follow the LLM record contract: ITL percentiles over every gap of every request
 * (pooled, computed here independently by sorting), TTFT from the start, TPOT, the
 * prefill and decode rates (mean and sample stddev over requests), output tokens/s of
 * the level, and failures left out of all of them. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "metrics.h"

#define MS 1000000ULL
#define BASE (5000 * MS) /* clocks are never 0 */
#define EPS 1e-9

/* A request of P prompt and G generated tokens per sequence, batch b: starts at
 * start_ms, its first token after ttft_ms, then the gaps (ms) of gaps[0..G-2]. */
typedef struct made {
    ltb_record r;
    uint64_t times[16];
} made;

static void make(made *m, double start_ms, int b, int P, int G, double ttft_ms, const double *gaps,
                 double prefill_ms)
{
    memset(m, 0, sizeof *m);
    m->r.batch = b;
    m->r.t_start_ns = BASE + (uint64_t)(start_ms * MS);
    uint64_t t = m->r.t_start_ns + (uint64_t)(ttft_ms * MS);
    for (int i = 0; i < G; i++) {
        if (i > 0)
            t += (uint64_t)(gaps[i - 1] * MS);
        m->times[i] = t;
    }
    m->r.t_end_ns = t + MS / 10;
    m->r.res.ok = 1;
    m->r.res.prompt_tokens = P;
    m->r.res.gen_tokens = G;
    m->r.res.first_result_ns = m->times[0];
    m->r.res.prefill_ns = (uint64_t)(prefill_ms * MS);
    m->r.res.decode_steps_ns = m->times[G - 1] - m->times[0];
    m->r.res.gpu_ms = m->r.res.gpu_compute_ms = -1;
    m->r.res.server_processing_s = -1;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* the seed's rule, written again: v[min(floor(q n), n - 1)] of the sorted values */
static double pct(double *v, size_t n, double q)
{
    qsort(v, n, sizeof *v, cmp);
    size_t i = (size_t)floor(q * (double)n);
    return v[i < n ? i : n - 1];
}

static void itl_pools_every_gap_of_every_request(void **state)
{
    (void)state;
    static const double g0[] = {5, 7, 6, 40, 5}, g1[] = {9, 8, 10, 11, 12}, g2[] = {1, 1, 1, 1, 1};
    made m[3];
    make(&m[0], 0, 1, 8, 6, 20, g0, 19);
    make(&m[1], 10, 1, 8, 6, 30, g1, 29);
    make(&m[2], 20, 1, 8, 6, 25, g2, 24);
    m[2].r.res.ok = 0;                     /* a failure: its gaps count nowhere */
    ltb_record r[3];
    for (int i = 0; i < 3; i++) {
        r[i] = m[i].r;
        r[i].res.token_ns = m[i].times;
        r[i].res.n_token_ns = 6;
    }
    ltb_metrics lm;
    ltb_metrics_llm(r, 3, 1, 1, 8, 6, &lm);
    double all[10];
    size_t n = 0;
    for (int i = 0; i < 5; i++)
        all[n++] = g0[i];
    for (int i = 0; i < 5; i++)
        all[n++] = g1[i];
    assert_int_equal(lm.llm.itl.n, 10);
    assert_float_equal(lm.llm.itl.p50, pct(all, n, 0.50), EPS);
    assert_float_equal(lm.llm.itl.p95, pct(all, n, 0.95), EPS);
    assert_float_equal(lm.llm.itl.p99, pct(all, n, 0.99), EPS);
    assert_float_equal(lm.llm.itl.max, 40, EPS);
    assert_float_equal(lm.llm.itl.p50, 9, EPS);   /* sorted 5 5 6 7 8 9 10 11 12 40: v[5] */
    /* TTFT over the two successes: 20 and 30 ms */
    assert_int_equal(lm.llm.ttft.n, 2);
    assert_float_equal(lm.llm.ttft.min, 20, 1e-6);
    assert_float_equal(lm.llm.ttft.max, 30, 1e-6);
    /* TPOT per request = (last - first) / 5 */
    assert_float_equal(lm.llm.tpot.min, (9 + 8 + 10 + 11 + 12) / 5.0, 1e-6);
    assert_float_equal(lm.llm.tpot.max, (5 + 7 + 6 + 40 + 5) / 5.0, 1e-6);
    assert_int_equal(lm.ok_requests, 2);
    assert_int_equal(lm.failed_requests, 1);
}

static void rates_of_prefill_decode_and_output(void **state)
{
    (void)state;
    static const double g[] = {10, 10, 10};
    made a, b;
    make(&a, 0, 2, 100, 4, 50, g, 50);      /* batch 2: 200 prompt tokens in 50 ms */
    make(&b, 100, 2, 100, 4, 50, g, 100);   /* in 100 ms */
    ltb_record r[2] = {a.r, b.r};
    r[0].res.token_ns = a.times, r[0].res.n_token_ns = 4;
    r[1].res.token_ns = b.times, r[1].res.n_token_ns = 4;
    ltb_metrics lm;
    ltb_metrics_llm(r, 2, 1, 2, 100, 4, &lm);
    /* prefill: 4000 and 2000 tokens/s, mean 3000, sample sd sqrt(2e6) */
    assert_float_equal(lm.llm.prefill_tps, 3000, 1e-6);
    assert_float_equal(lm.llm.prefill_tps_sd, sqrt(2e6), 1e-6);
    /* decode: 2 x 3 tokens in 30 ms = 200 tokens/s, both */
    assert_float_equal(lm.llm.decode_tps, 200, 1e-6);
    assert_float_equal(lm.llm.decode_tps_sd, 0, 1e-9);
    /* output: 2 x 2 x 4 tokens over T_wall = b's end - a's start */
    double wall_s = (double)(r[1].t_end_ns - r[0].t_start_ns) / 1e9;
    assert_float_equal(lm.llm.output_tokens, 16, EPS);
    assert_float_equal(lm.llm.output_tps, 16 / wall_s, 1e-6);
    assert_float_equal(lm.llm.prompt_tokens, 100, EPS);
    assert_float_equal(lm.llm.gen_tokens, 4, EPS);
    assert_float_equal(ltb_record_tpot_ms(&r[0]), 10, 1e-6);
}

static void prefill_only_has_no_gaps(void **state)
{
    (void)state;
    made a;
    make(&a, 0, 1, 64, 1, 12, NULL, 12);
    a.r.res.gen_tokens = 0;                  /* -g 0: no token, first result = prefill */
    ltb_record r = a.r;
    ltb_metrics lm;
    ltb_metrics_llm(&r, 1, 1, 1, 64, 0, &lm);
    assert_int_equal(lm.llm.itl.n, 0);
    assert_float_equal(lm.llm.decode_tps, 0, EPS);
    assert_float_equal(lm.llm.output_tokens, 0, EPS);
    assert_float_equal(lm.llm.prefill_tps, 64 / 0.012, 1e-6);
    assert_float_equal(ltb_record_tpot_ms(&r), -1, EPS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(itl_pools_every_gap_of_every_request),
        cmocka_unit_test(rates_of_prefill_decode_and_output),
        cmocka_unit_test(prefill_only_has_no_gaps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
