/* test_validate.c — every warning rule of ltb_validate_run, both ways: it fires
 * on a run made bad in exactly that way, and a healthy run (back-to-back
 * requests at concurrency 1, overlapping ones above: the case the seed's ASPS
 * vs 1/RTF check warned on every time) gives no warning at all. Image generation
 * runs get the seed's image rules (success rate, IPS, TTFI p95, dimensions). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "metrics.h"
#include "unit_helpers.h"
#include "validate.h"

#define MS UH_MS
#define BASE_NS (1000 * MS)
#define MAX_LINES 64
#define N_RECORDS 20

static const ltb_sample_info samples[] = {
    {.name = "text_0", .text = "Hello world", .chars = 11, .bytes = 11, .tokens = 2}};

typedef struct fixture {
    ltb_run run;
    ltb_record records[4][N_RECORDS];
    char lines[MAX_LINES][LTB_WARNING_LEN];
} fixture;

/* Requests of 100 ms with 2 s of audio each, `concurrency` at a time, each worker's
 * next request starting gap_ms after its previous one ended. */
static void fill_level(ltb_record *r, int concurrency, double gap_ms)
{
    for (int i = 0; i < N_RECORDS; i++) {
        int worker = i % concurrency, round = i / concurrency;
        double start = round * (100.0 + gap_ms) + worker * 7.0;
        r[i] = uh_tts_record(BASE_NS, 0, start, start + 100.0, 2.0, start + 10.0);
        r[i].id = i;
        r[i].worker = worker;
    }
}

static void recompute(fixture *fx, int i)
{
    ltb_level *level = &fx->run.levels[i];
    if (fx->run.config.task == LTB_TASK_TTS)
        ltb_metrics_tts(level->records, level->n_records, level->concurrency, samples, 1,
                        &level->metrics);
    else if (fx->run.config.task == LTB_TASK_GENERATE)
        ltb_metrics_generate(level->records, level->n_records, level->concurrency, level->batch,
                             &fx->run.config, samples, 1, &level->metrics);
    else
        ltb_metrics_image(level->records, level->n_records, level->concurrency, level->batch,
                          fx->run.config.width, fx->run.config.height, samples, 1,
                          &level->metrics);
}

/* A healthy run of task: concurrency 1, 2 and 4, back to back, nothing failed. */
static void build_run(fixture *fx, ltb_task task)
{
    static const int concurrency[] = {1, 2, 4};
    memset(&fx->run, 0, sizeof fx->run);
    fx->run.config.task = task;
    fx->run.config.width = fx->run.config.height = task == LTB_TASK_GENERATE ? 512 : 224;
    fx->run.config.steps = 20;
    fx->run.config.guidance_scale = 7.5;
    fx->run.samples = samples;
    fx->run.n_samples = 1;
    for (int i = 0; i < 3; i++) {
        ltb_level *level = &fx->run.levels[fx->run.n_levels++];
        level->concurrency = concurrency[i];
        level->batch = task == LTB_TASK_TTS ? 1 : 2;
        level->records = fx->records[i];
        level->n_records = N_RECORDS;
        fill_level(level->records, level->concurrency, 0.0);
        recompute(fx, i);
    }
}

static int setup_tts(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    build_run(fx, LTB_TASK_TTS);
    *state = fx;
    return 0;
}

static int setup_image(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    build_run(fx, LTB_TASK_IMAGE);
    *state = fx;
    return 0;
}

static int setup_generate(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    build_run(fx, LTB_TASK_GENERATE);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    free(*state);
    return 0;
}

static int validate(fixture *fx)
{
    return ltb_validate_run(&fx->run, fx->lines, MAX_LINES);
}

/* The run gives exactly one warning, and it contains text. */
static void assert_one_warning(fixture *fx, const char *text)
{
    int n = validate(fx);
    for (int i = 0; i < n; i++)
        print_message("warning: %s\n", fx->lines[i]);
    assert_int_equal(n, 1);
    assert_non_null(strstr(fx->lines[0], text));
}

static void assert_no_warning(fixture *fx)
{
    int n = validate(fx);
    for (int i = 0; i < n; i++)
        print_message("unexpected warning: %s\n", fx->lines[i]);
    assert_int_equal(n, 0);
}

/* ---- healthy runs ------------------------------------------------------------------ */

static void healthy_tts_run_has_no_warning(void **state)
{
    fixture *fx = *state;
    assert_no_warning(fx);
    /* the seed warned here: ASPS (40 s of audio / T_wall) is far from 1/RTF_mean at c=4 */
    assert_true(fx->run.levels[2].metrics.asps > 2.0 / fx->run.levels[2].metrics.rtf_mean);
}

static void healthy_image_run_has_no_warning(void **state)
{
    assert_no_warning(*state);
}

/* torch-inference's built-in model answers a number: successes, one warning saying so */
static void answers_without_a_classification_warn(void **state)
{
    fixture *fx = *state;
    for (int i = 0; i < 5; i++)
        snprintf(fx->records[1][i].res.server_result, sizeof fx->records[1][i].res.server_result,
                 "0.4213");
    assert_one_warning(fx, "5 of 20 answers carried no classification (e.g. result 0.4213");
    fx->records[1][0].res.topk_n = 1;   /* a classification read, and a result kept beside it */
    assert_one_warning(fx, "4 of 20 answers");
}

static void gaps_above_concurrency_1_are_not_a_fault(void **state)
{
    fixture *fx = *state;
    fill_level(fx->records[1], 2, 100.0); /* half the time idle, at c=2 */
    recompute(fx, 1);
    assert_no_warning(fx);
}

/* ---- both tasks --------------------------------------------------------------------- */

static void skipped_level_is_one_warning(void **state)
{
    fixture *fx = *state;
    ltb_level *level = &fx->run.levels[fx->run.n_levels++];
    level->concurrency = 8;
    level->batch = 1;
    level->skipped = 1;
    snprintf(level->note, sizeof level->note, "out of memory");
    ltb_metrics_tts(NULL, 0, 8, samples, 1, &level->metrics);
    assert_one_warning(fx, "level c=8: skipped: out of memory");
    assert_string_equal(fx->lines[0], "level c=8: skipped: out of memory");
}

static void skipped_image_level_names_its_batch(void **state)
{
    fixture *fx = *state;
    fx->run.levels[1].skipped = 1;
    snprintf(fx->run.levels[1].note, sizeof fx->run.levels[1].note, "fp16 unsupported");
    assert_one_warning(fx, "level c=2 b=2: skipped: fp16 unsupported");
}

static void low_success_rate_warns(void **state)
{
    fixture *fx = *state;
    ltb_record *r = fx->records[2];
    for (int i = 0; i < 4; i++)
        r[i].res.ok = 0; /* 16 of 20: 80% */
    recompute(fx, 2);
    snprintf(r[1].res.error, sizeof r[1].res.error, "forward: out of memory");
    assert_one_warning(fx, "level c=4: success rate 80.0% is below 95%");
    /* how many failed, and the first one's reason */
    assert_string_equal(fx->lines[0], "level c=4: success rate 80.0% is below 95% "
                                      "(4 of 20 failed; the first: forward: out of memory)");
}

static void success_rate_of_95_is_enough(void **state)
{
    fixture *fx = *state;
    fx->records[2][5].res.ok = 0; /* 19 of 20 */
    recompute(fx, 2);
    assert_no_warning(fx);
}

static void level_without_requests_warns(void **state)
{
    fixture *fx = *state;
    fx->run.levels[2].n_records = 0;
    recompute(fx, 2);
    assert_one_warning(fx, "level c=4: no requests ran");
}

static void image_low_success_rate_names_the_batch(void **state)
{
    fixture *fx = *state;
    fx->records[0][0].res.ok = fx->records[0][1].res.ok = 0; /* 90% */
    recompute(fx, 0);
    assert_one_warning(fx, "level c=1 b=2: success rate 90.0% is below 95%");
}

/* ---- TTS ------------------------------------------------------------------------------ */

static void zero_t_wall_with_successes_warns(void **state)
{
    fixture *fx = *state;
    ltb_record *r = fx->records[1];
    for (int i = 0; i < N_RECORDS; i++) {
        r[i].t_end_ns = r[i].t_start_ns = BASE_NS;
        r[i].res.first_result_ns = 0;
    }
    recompute(fx, 1);
    assert_one_warning(fx, "level c=2: T_wall is 0.000000 s with 20 successful requests");
}

static void no_audio_with_successes_warns(void **state)
{
    fixture *fx = *state;
    for (int i = 0; i < N_RECORDS; i++)
        fx->records[1][i].res.audio_seconds = 0.0;
    recompute(fx, 1);
    assert_one_warning(fx, "level c=2: ASPS is 0.0000 with 20 successful requests");
}

static void all_failed_level_warns_only_on_success_rate(void **state)
{
    fixture *fx = *state;
    for (int i = 0; i < N_RECORDS; i++)
        fx->records[1][i].res.ok = 0;
    recompute(fx, 1);
    assert_one_warning(fx, "level c=2: success rate 0.0% is below 95%");
}

static void negative_ttfa_warns(void **state)
{
    fixture *fx = *state;
    ltb_record *r = &fx->records[2][3];
    r->res.first_result_ns = r->t_start_ns - 2 * MS;
    recompute(fx, 2);
    assert_one_warning(fx, "level c=4: negative TTFA (min -2.000 ms)");
}

/* Every request of level c=4 takes end_s, its first audio at first_s (all alike,
 * so the latency CoV stays low and only the TTFA rule speaks). */
static void make_level_slow(fixture *fx, double first_s, double end_s)
{
    ltb_record *r = fx->records[2];
    for (int i = 0; i < N_RECORDS; i++) {
        r[i].t_end_ns = r[i].t_start_ns + (uint64_t)(end_s * 1000) * MS;
        r[i].res.first_result_ns = r[i].t_start_ns + (uint64_t)(first_s * 1000) * MS;
        r[i].res.audio_seconds = 100.0;
    }
    recompute(fx, 2);
}

static void ttfa_p95_above_60_s_warns(void **state)
{
    fixture *fx = *state;
    make_level_slow(fx, 61, 62);
    assert_one_warning(fx, "level c=4: TTFA p95 61.0 s is above 60 s");
}

static void ttfa_p95_below_60_s_is_fine(void **state)
{
    fixture *fx = *state;
    make_level_slow(fx, 59, 60);
    assert_no_warning(fx);
}

static void asps_not_audio_over_t_wall_warns_at_concurrency_1(void **state)
{
    fixture *fx = *state;
    fx->run.levels[0].metrics.asps *= 1.001; /* e.g. a library user's own accounting */
    assert_one_warning(fx, "level c=1: ASPS 20.020000 is not total audio / T_wall (20.000000)");
}

static void overlapping_requests_at_concurrency_1_warn(void **state)
{
    fixture *fx = *state;
    ltb_record *r = fx->records[0];
    for (int i = 1; i < N_RECORDS; i++) { /* each starts 50 ms before the previous ended */
        r[i].t_start_ns = r[i - 1].t_end_ns - 50 * MS;
        r[i].t_end_ns = r[i].t_start_ns + 100 * MS;
        r[i].res.first_result_ns = r[i].t_start_ns + 10 * MS;
    }
    recompute(fx, 0);
    assert_one_warning(fx, "level c=1: ASPS 38.095238 exceeds total audio / summed request "
                           "wall time (20.000000)");
}

static void gaps_between_requests_at_concurrency_1_warn(void **state)
{
    fixture *fx = *state;
    fill_level(fx->records[0], 1, 100.0); /* 19 gaps of 100 ms in 3.9 s */
    recompute(fx, 0);
    assert_one_warning(fx, "level c=1: gaps between requests are 48.7% of T_wall: ASPS "
                           "understates throughput");
}

static void small_gaps_at_concurrency_1_are_fine(void **state)
{
    fixture *fx = *state;
    fill_level(fx->records[0], 1, 5.0); /* 5% of the time between requests */
    recompute(fx, 0);
    assert_no_warning(fx);
}

/* ---- image ----------------------------------------------------------------------------- */

static void zero_ips_with_successes_warns(void **state)
{
    fixture *fx = *state;
    fx->run.levels[1].metrics.ips = 0.0;
    assert_one_warning(fx, "level c=2 b=2: IPS is 0.00 with 20 successful requests");
}

static void ttfi_p95_above_300_s_warns(void **state)
{
    fixture *fx = *state;
    fx->run.levels[1].metrics.ttfi.p95 = 301000.0;
    assert_one_warning(fx, "level c=2 b=2: TTFI p95 301.0 s is above 300 s");
    fx->run.levels[1].metrics.ttfi.p95 = 299000.0;
    assert_no_warning(fx);
}

static void tiny_or_huge_images_warn_once(void **state)
{
    fixture *fx = *state;
    fx->run.config.width = fx->run.config.height = 32;
    assert_one_warning(fx, "image size 32x32: tiny or huge dimensions (outside 64..4096)");
    fx->run.config.width = 8192, fx->run.config.height = 224;
    assert_one_warning(fx, "image size 8192x224: tiny or huge dimensions");
    fx->run.config.width = 64, fx->run.config.height = 4096; /* the limits are fine */
    assert_no_warning(fx);
    fx->run.config.width = fx->run.config.height = 0;        /* unknown: not checked */
    assert_no_warning(fx);
}

/* ---- image generation: the image rules on a generation run ------------------------------ */

static void healthy_generate_run_has_no_warning(void **state)
{
    fixture *fx = *state;
    assert_no_warning(fx);
    assert_true(fx->run.levels[0].metrics.ips > 0);
    assert_true(fx->run.levels[0].metrics.sps == 20 * fx->run.levels[0].metrics.rps);
}

static void generate_low_success_rate_warns(void **state)
{
    fixture *fx = *state;
    for (int i = 0; i < 3; i++)
        fx->records[1][i].res.ok = 0; /* 85% */
    recompute(fx, 1);
    assert_one_warning(fx, "level c=2 b=2: success rate 85.0% is below 95%");
}

static void generate_zero_ips_with_successes_warns(void **state)
{
    fixture *fx = *state;
    fx->run.levels[2].metrics.ips = 0.0;
    assert_one_warning(fx, "level c=4 b=2: IPS is 0.00 with 20 successful requests");
}

/* Every request of level c=4: its first preview at first_s, its image at end_s. */
static void make_generation_slow(fixture *fx, double first_s, double end_s)
{
    ltb_record *r = fx->records[2];
    for (int i = 0; i < N_RECORDS; i++) {
        r[i].t_end_ns = r[i].t_start_ns + (uint64_t)(end_s * 1000) * MS;
        r[i].res.first_result_ns = r[i].t_start_ns + (uint64_t)(first_s * 1000) * MS;
    }
    recompute(fx, 2);
}

static void generate_ttfi_p95_above_300_s_warns(void **state)
{
    fixture *fx = *state;
    make_generation_slow(fx, 301, 400);
    assert_one_warning(fx, "level c=4 b=2: TTFI p95 301.0 s is above 300 s");
}

static void generate_slow_image_with_early_preview_is_fine(void **state)
{
    fixture *fx = *state;
    make_generation_slow(fx, 299, 400); /* TTFI is the preview, not the image */
    assert_no_warning(fx);
}

static void generate_tiny_or_huge_dimensions_warn(void **state)
{
    fixture *fx = *state;
    fx->run.config.width = fx->run.config.height = 32;
    assert_one_warning(fx, "image size 32x32: tiny or huge dimensions (outside 64..4096)");
    fx->run.config.width = 512, fx->run.config.height = 8192;
    assert_one_warning(fx, "image size 512x8192: tiny or huge dimensions");
    fx->run.config.width = fx->run.config.height = 64;
    assert_no_warning(fx);
}

/* ---- the list and its printing -------------------------------------------------------- */

/* ---- stability ------------------------------------------------------------------------- */

static void varying_latencies_warn_that_a_level_is_not_to_be_trusted(void **state)
{
    fixture *fx = *state;
    ltb_level *level = &fx->run.levels[0];
    for (int i = 0; i < N_RECORDS; i += 2)
        level->records[i].t_end_ns += 300 * MS;   /* every other request 4x slower */
    recompute(fx, 0);
    assert_true(level->metrics.latency.cov > 0.25);
    int n = validate(fx);
    int found = 0;
    for (int i = 0; i < n; i++)
        found |= strstr(fx->lines[i], "level c=1 b=2: latency CoV") != NULL;
    assert_true(found);
}

static void steady_latencies_do_not_warn(void **state)
{
    fixture *fx = *state;
    assert_true(fx->run.levels[0].metrics.latency.cov < 0.25);
    assert_no_warning(fx);
}

static void set_repetitions(fixture *fx, double mean, double stddev)
{
    for (int i = 0; i < 3; i++) {
        ltb_level *l = &fx->run.levels[i];
        l->concurrency = 1;
        l->repetition = i;
        l->repetitions = 3;
        l->rep_throughput_mean = mean;
        l->rep_throughput_stddev = stddev;
    }
}

static void disagreeing_repetitions_warn_once(void **state)
{
    fixture *fx = *state;
    set_repetitions(fx, 100.0, 10.0);
    assert_one_warning(fx, "level c=1 b=2 r=3: the 3 repetitions disagree");
}

static void agreeing_repetitions_do_not_warn(void **state)
{
    fixture *fx = *state;
    set_repetitions(fx, 100.0, 1.0);
    assert_no_warning(fx);
}

static void warnings_stop_at_the_array_size(void **state)
{
    fixture *fx = *state;
    for (int i = 0; i < 3; i++) {
        fx->run.levels[i].skipped = 1;
        snprintf(fx->run.levels[i].note, sizeof fx->run.levels[i].note, "skip %d", i);
    }
    assert_int_equal(ltb_validate_run(&fx->run, fx->lines, 2), 2);
    assert_string_equal(fx->lines[1], "level c=2: skipped: skip 1");
    assert_int_equal(ltb_validate_run(&fx->run, NULL, 0), 0);
    assert_true(ltb_warnings_bound(&fx->run) >= 3);
}

static void printed_warnings_have_a_prefix_and_healthy_runs_print_nothing(void **state)
{
    fixture *fx = *state;
    char *text = uh_capture(ltb_print_warnings, &fx->run);
    assert_string_equal(text, "");
    free(text);
    fx->run.levels[0].skipped = 1;
    snprintf(fx->run.levels[0].note, sizeof fx->run.levels[0].note, "no model");
    fx->run.levels[2].metrics.ttfa.p95 = 90000.0;
    text = uh_capture(ltb_print_warnings, &fx->run);
    assert_string_equal(text, "warning: level c=1: skipped: no model\n"
                              "warning: level c=4: TTFA p95 90.0 s is above 60 s\n");
    free(text);
    ltb_print_warnings(NULL, &fx->run); /* no stream: nothing, no crash */
}

#define TTS_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup_tts, teardown)
#define IMAGE_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup_image, teardown)
#define GENERATE_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup_generate, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TTS_TEST(healthy_tts_run_has_no_warning),
        IMAGE_TEST(varying_latencies_warn_that_a_level_is_not_to_be_trusted),
        IMAGE_TEST(steady_latencies_do_not_warn),
        IMAGE_TEST(disagreeing_repetitions_warn_once),
        IMAGE_TEST(agreeing_repetitions_do_not_warn),
        IMAGE_TEST(healthy_image_run_has_no_warning),
        IMAGE_TEST(answers_without_a_classification_warn),
        TTS_TEST(gaps_above_concurrency_1_are_not_a_fault),
        TTS_TEST(skipped_level_is_one_warning),
        IMAGE_TEST(skipped_image_level_names_its_batch),
        TTS_TEST(low_success_rate_warns),
        TTS_TEST(success_rate_of_95_is_enough),
        TTS_TEST(level_without_requests_warns),
        IMAGE_TEST(image_low_success_rate_names_the_batch),
        TTS_TEST(zero_t_wall_with_successes_warns),
        TTS_TEST(no_audio_with_successes_warns),
        TTS_TEST(all_failed_level_warns_only_on_success_rate),
        TTS_TEST(negative_ttfa_warns),
        TTS_TEST(ttfa_p95_above_60_s_warns),
        TTS_TEST(ttfa_p95_below_60_s_is_fine),
        TTS_TEST(asps_not_audio_over_t_wall_warns_at_concurrency_1),
        TTS_TEST(overlapping_requests_at_concurrency_1_warn),
        TTS_TEST(gaps_between_requests_at_concurrency_1_warn),
        TTS_TEST(small_gaps_at_concurrency_1_are_fine),
        IMAGE_TEST(zero_ips_with_successes_warns),
        IMAGE_TEST(ttfi_p95_above_300_s_warns),
        IMAGE_TEST(tiny_or_huge_images_warn_once),
        GENERATE_TEST(healthy_generate_run_has_no_warning),
        GENERATE_TEST(generate_low_success_rate_warns),
        GENERATE_TEST(generate_zero_ips_with_successes_warns),
        GENERATE_TEST(generate_ttfi_p95_above_300_s_warns),
        GENERATE_TEST(generate_slow_image_with_early_preview_is_fine),
        GENERATE_TEST(generate_tiny_or_huge_dimensions_warn),
        TTS_TEST(warnings_stop_at_the_array_size),
        TTS_TEST(printed_warnings_have_a_prefix_and_healthy_runs_print_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
