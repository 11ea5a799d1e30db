/* test_metrics_tts.c — the TTS metric definitions, checked against hand-computed
 * values: ASPS, RTF mean/median/p95, RPS, CPS counting UTF-8 characters (not
 * bytes), tokens/s, TTFA from the first audio chunk, failures excluded from
 * T_wall; "max real-time streams" and the best level on hand-made levels. */
#define _POSIX_C_SOURCE 200809L /* open_memstream, in unit_helpers.h */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "metrics.h"
#include "unit_helpers.h"

#define MS UH_MS
#define EPS 1e-9
#define BASE_NS (1000 * MS) /* clocks are never 0 */

/* "Grüße aus Köln": 14 characters, 17 bytes. */
static const ltb_sample_info samples[] = {
    {.name = "text_0", .text = "Hello world", .chars = 11, .bytes = 11, .tokens = 2},
    {.name = "text_1", .text = "Gr\xc3\xbc\xc3\x9f" "e aus K\xc3\xb6ln", .chars = 14, .bytes = 17,
     .tokens = 3},
};

/* A successful request of sample from start_ms to end_ms with audio_s of audio;
 * first_ms > 0 sets the first audio chunk's time. */
static ltb_record synth(int sample, double start_ms, double end_ms, double audio_s,
                        double first_ms)
{
    return uh_tts_record(BASE_NS, sample, start_ms, end_ms, audio_s, first_ms);
}

static ltb_record failed(int sample, double start_ms, double end_ms)
{
    ltb_record r = synth(sample, start_ms, end_ms, 0.0, 0);
    r.res.ok = 0;
    r.res.sample_rate = 0;
    strcpy(r.res.error, "synthesis failed");
    return r;
}

/* The metrics of three successes back to back over 600 ms, then a failure that
 * runs to 5 s, at concurrency 1; r gets the records. */
static ltb_metrics three_requests_and_a_failure(ltb_record r[4])
{
    r[0] = synth(0, 0, 200, 2.0, 50);   /* RTF 0.1, TTFA 50 ms */
    r[1] = synth(1, 200, 500, 1.5, 0);  /* RTF 0.2, TTFA = end: 300 ms */
    r[1].res.text_tokens = 5;           /* the target's own count wins */
    r[2] = synth(0, 500, 600, 0.25, 520); /* RTF 0.4, TTFA 20 ms */
    r[3] = failed(1, 600, 5000);
    ltb_metrics m;
    ltb_metrics_tts(r, 4, 1, samples, 2, &m);
    return m;
}

static void level_metrics_follow_the_seed_definitions(void **state)
{
    (void)state;
    ltb_record r[4];
    ltb_metrics m = three_requests_and_a_failure(r);
    assert_int_equal(m.concurrency, 1);
    assert_int_equal(m.batch, 1);
    assert_int_equal(m.total_requests, 4);
    assert_int_equal(m.ok_requests, 3);
    assert_int_equal(m.failed_requests, 1);
    assert_float_equal(m.success_rate_pct, 75.0, EPS);
    assert_float_equal(m.wall_s, 0.6, EPS);            /* the failure's 5 s excluded */
    assert_float_equal(m.total_audio_s, 3.75, EPS);
    assert_float_equal(m.asps, 3.75 / 0.6, EPS);
    assert_float_equal(m.rps, 3 / 0.6, EPS);
    assert_float_equal(m.total_tokens, 2 + 5 + 2, EPS);
    assert_float_equal(m.tokens_per_sec, 9 / 0.6, EPS);
    assert_float_equal(m.avg_audio_s, 1.25, EPS);
    assert_float_equal(m.sum_request_wall_s, 0.6, EPS);
    assert_float_equal(m.ttfi.p95, 0.0, EPS);          /* TTS has no TTFI */
    assert_float_equal(m.gpu_mem_mb, -1.0, EPS);
    assert_float_equal(m.peak_rss_mb, 0.0, EPS);
}

static void rtf_is_wall_over_audio_per_request(void **state)
{
    (void)state;
    ltb_record r[4];
    ltb_metrics m = three_requests_and_a_failure(r);
    assert_float_equal(m.rtf_mean, (0.1 + 0.2 + 0.4) / 3, EPS);
    assert_float_equal(m.rtf_median, 0.2, EPS);         /* v[floor(0.5*3)] = v[1] */
    assert_float_equal(m.rtf_p95, 0.4, EPS);            /* v[floor(0.95*3)] = v[2] */
    assert_float_equal(ltb_record_rtf(&r[0]), 0.1, EPS);
    assert_float_equal(ltb_record_rtf(&r[3]), -1.0, EPS); /* failed: none */
}

static void cps_counts_characters_not_bytes(void **state)
{
    (void)state;
    ltb_record r[4];
    ltb_metrics m = three_requests_and_a_failure(r);
    assert_float_equal(m.total_chars, 11 + 14 + 11, EPS); /* bytes would be 39 */
    assert_float_equal(m.cps, 36 / 0.6, EPS);
    assert_float_equal(m.avg_text_chars, 12.0, EPS);
    /* a sample without a count is counted from its text */
    ltb_sample_info uncounted = {.text = "Gr\xc3\xbc\xc3\x9f" "e"};
    assert_int_equal(ltb_sample_text_chars(&uncounted), 5);
    assert_int_equal(ltb_sample_text_chars(NULL), 0);
    ltb_record unknown = synth(7, 0, 10, 1.0, 0);
    assert_int_equal(ltb_record_text_chars(&unknown, samples, 2), 0);
    assert_int_equal(ltb_record_text_tokens(&unknown, samples, 2), 0);
}

static void ttfa_is_the_first_audio_chunk(void **state)
{
    (void)state;
    ltb_record r[4];
    ltb_metrics m = three_requests_and_a_failure(r);
    assert_int_equal(m.ttfa.n, 3);
    assert_float_equal(m.ttfa.min, 20.0, EPS);
    assert_float_equal(m.ttfa.p50, 50.0, EPS);
    assert_float_equal(m.ttfa.p95, 300.0, EPS);
    assert_float_equal(m.ttfa.mean, (50.0 + 300.0 + 20.0) / 3, EPS);
    assert_float_equal(m.latency.p50, 200.0, EPS);       /* end to end: 100, 200, 300 */
    assert_float_equal(m.latency.max, 300.0, EPS);
}

static void ttfa_before_the_start_is_negative_not_hidden(void **state)
{
    (void)state;
    ltb_record r = synth(0, 100, 200, 1.0, 0);
    r.res.first_result_ns = r.t_start_ns - 5 * MS;
    assert_float_equal(ltb_record_ttfa_ms(&r), -5.0, EPS);
    ltb_metrics m;
    ltb_metrics_tts(&r, 1, 1, samples, 2, &m);
    assert_float_equal(m.ttfa.min, -5.0, EPS);
}

static void success_without_audio_has_no_rtf(void **state)
{
    (void)state;
    ltb_record r[2] = {synth(0, 0, 100, 1.0, 0), synth(0, 100, 200, 0.0, 0)};
    ltb_metrics m;
    ltb_metrics_tts(r, 2, 1, samples, 2, &m);
    assert_int_equal(m.ok_requests, 2);
    assert_float_equal(m.rps, 2 / 0.2, EPS);
    assert_float_equal(m.rtf_mean, 0.1, EPS);            /* only the request with audio */
    assert_float_equal(m.rtf_p95, 0.1, EPS);
    assert_float_equal(ltb_record_rtf(&r[1]), -1.0, EPS);
}

static void audio_format_is_the_first_success(void **state)
{
    (void)state;
    ltb_record r[3] = {failed(0, 0, 10), synth(0, 10, 20, 1.0, 0), synth(0, 20, 30, 1.0, 0)};
    r[0].res.sample_rate = 8000;
    r[2].res.sample_rate = 44100;
    r[2].res.bit_depth = 24;
    ltb_metrics m;
    ltb_metrics_tts(r, 3, 2, samples, 2, &m);
    assert_int_equal(m.sample_rate, 22050);
    assert_int_equal(m.bit_depth, 16);                   /* 0 from the target: PCM16 */
    r[1].res.bit_depth = 32;
    ltb_metrics_tts(r, 3, 2, samples, 2, &m);
    assert_int_equal(m.bit_depth, 32);
}

static void empty_and_all_failed_levels_are_zeros(void **state)
{
    (void)state;
    ltb_metrics m;
    ltb_metrics_tts(NULL, 0, 4, samples, 2, &m);
    assert_int_equal(m.concurrency, 4);
    assert_int_equal(m.total_requests, 0);
    assert_float_equal(m.asps, 0.0, EPS);
    assert_float_equal(m.success_rate_pct, 0.0, EPS);
    assert_float_equal(m.gpu_mem_mb, -1.0, EPS);
    ltb_record r[2] = {failed(0, 0, 10), failed(1, 5, 20)};
    ltb_metrics_tts(r, 2, 2, NULL, 0, &m);
    assert_int_equal(m.failed_requests, 2);
    assert_float_equal(m.wall_s, 0.0, EPS);
    assert_float_equal(m.asps, 0.0, EPS);
    assert_float_equal(m.rtf_mean, 0.0, EPS);
    assert_int_equal(m.sample_rate, 0);
    assert_int_equal(m.bit_depth, 0);
    assert_int_equal(m.ttfa.n, 0);
    assert_true(isfinite(m.cps) && isfinite(m.tokens_per_sec));
}

static void phases_are_means_over_successes(void **state)
{
    (void)state;
    ltb_record r[3] = {synth(0, 0, 10, 1, 0), synth(0, 10, 20, 1, 0), failed(0, 20, 30)};
    r[0].res.forward_ns = 4 * MS;
    r[1].res.forward_ns = 6 * MS;
    r[2].res.forward_ns = 100 * MS;
    r[1].res.gpu_ms = 3.0;
    ltb_metrics m;
    ltb_metrics_tts(r, 3, 1, samples, 2, &m);
    assert_float_equal(m.mean_forward_ms, 5.0, EPS);
    assert_float_equal(m.mean_gpu_ms, 3.0, EPS);
    assert_float_equal(m.mean_server_ms, -1.0, EPS);
}

/* ---- levels ------------------------------------------------------------------------ */

static void tts_level(ltb_level *level, int concurrency, double rtf_p95, size_t ok)
{
    memset(level, 0, sizeof *level);
    level->concurrency = concurrency;
    level->batch = 1;
    level->metrics.concurrency = concurrency;
    level->metrics.ok_requests = ok;
    level->metrics.total_requests = ok;
    level->metrics.total_audio_s = ok > 0 ? 10.0 : 0.0;
    level->metrics.rtf_p95 = rtf_p95;
}

static void max_realtime_streams_is_the_highest_level_under_1(void **state)
{
    (void)state;
    ltb_level levels[5];
    tts_level(&levels[0], 1, 0.5, 10);
    tts_level(&levels[1], 2, 0.9, 10);
    tts_level(&levels[2], 4, 1.2, 10);
    tts_level(&levels[3], 8, 0.0, 10);
    levels[3].skipped = 1;                               /* skipped: not tested */
    tts_level(&levels[4], 16, 0.0, 0);                   /* no success: not tested */
    assert_int_equal(ltb_max_realtime_streams(levels, 5), 2);
    levels[2].metrics.rtf_p95 = 0.99;
    assert_int_equal(ltb_max_realtime_streams(levels, 5), 4);
    levels[1].metrics.rtf_p95 = 1.5;                     /* highest, not contiguous */
    assert_int_equal(ltb_max_realtime_streams(levels, 5), 4);
    levels[2].metrics.rtf_p95 = 1.0;                     /* 1 is not real time */
    assert_int_equal(ltb_max_realtime_streams(levels, 5), 1);
    levels[0].metrics.total_audio_s = 0.0;               /* no audio: no RTF */
    assert_int_equal(ltb_max_realtime_streams(levels, 5), 0);
    assert_int_equal(ltb_max_realtime_streams(NULL, 0), 0);
}

static void best_level_picks_tts_metrics(void **state)
{
    (void)state;
    ltb_level levels[3];
    tts_level(&levels[0], 1, 0.2, 10);
    tts_level(&levels[1], 2, 0.3, 10);
    tts_level(&levels[2], 4, 0.9, 10);
    levels[0].metrics.asps = 5, levels[1].metrics.asps = 9, levels[2].metrics.asps = 7;
    levels[0].metrics.rtf_mean = 0.2, levels[1].metrics.rtf_mean = 0.22;
    levels[2].metrics.rtf_mean = 0.5;
    levels[0].metrics.rps = 1, levels[1].metrics.rps = 2, levels[2].metrics.rps = 3;
    levels[0].metrics.ttfa.p95 = 30, levels[1].metrics.ttfa.p95 = 20;
    levels[2].metrics.ttfa.p95 = 90;
    assert_int_equal(ltb_best_level(levels, 3, "asps"), 1);
    assert_int_equal(ltb_best_level(levels, 3, "rtf_mean"), 0);
    assert_int_equal(ltb_best_level(levels, 3, "rtf_p95"), 0);
    assert_int_equal(ltb_best_level(levels, 3, "rps"), 2);
    assert_int_equal(ltb_best_level(levels, 3, "ttfa_p95"), 1);
    assert_float_equal(ltb_metric_value(&levels[1].metrics, "asps"), 9.0, EPS);
    assert_true(isnan(ltb_metric_value(&levels[1].metrics, "no_such_metric")));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(level_metrics_follow_the_seed_definitions),
        cmocka_unit_test(rtf_is_wall_over_audio_per_request),
        cmocka_unit_test(cps_counts_characters_not_bytes),
        cmocka_unit_test(ttfa_is_the_first_audio_chunk),
        cmocka_unit_test(ttfa_before_the_start_is_negative_not_hidden),
        cmocka_unit_test(success_without_audio_has_no_rtf),
        cmocka_unit_test(audio_format_is_the_first_success),
        cmocka_unit_test(empty_and_all_failed_levels_are_zeros),
        cmocka_unit_test(phases_are_means_over_successes),
        cmocka_unit_test(max_realtime_streams_is_the_highest_level_under_1),
        cmocka_unit_test(best_level_picks_tts_metrics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
