/* test_generate_parts.c — the pieces of `ltbench generate` that need no model: the
 * seeded prompt generator (lengths, seeding, the base-plus-modifiers rule), the
 * seeded Gaussian noise, the DDIM timesteps, the prompt workload's batching, the
 * generation metrics of a hand-built level (IPS, SPS, CPS, TTFI from previews), PNG
 * files read back with stb_image, the reports of a generation run (the seed's image
 * headers byte for byte, the JSON task and keys, the console title), and the
 * options of `ltbench generate` (errors name the option; the model-dependent ones are
 * in tests/e2e/test_generate_errors.c). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>
#include <math.h>
#include <stb_image.h>

#include "cmd_generate_args.h"
#include "gen_noise.h"
#include "generate_model.h"
#include "image_png.h"
#include "metrics.h"
#include "prompts.h"
#include "report.h"
#include "report_plots.h"
#include "testutil.h"
#include "unit_helpers.h"
#include "workload_prompts.h"

#define MS UH_MS

static const char *const summary_seed_header = TU_IMAGE_SUMMARY_HEADER;
static const char *const detailed_seed_header = TU_IMAGE_DETAILED_HEADER;

/* ---- prompts ------------------------------------------------------------------------ */

static void prompts_fit_their_lengths_and_are_seeded(void **state)
{
    (void)state;
    static const int ranges[][2] = {{20, 100}, {50, 50}, {1, 5}, {60, 61}, {200, 400}};
    char err[256];
    for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
        ltb_texts a, b;
        assert_int_equal(ltb_prompts_generate(ranges[r][0], ranges[r][1], 30, 7, &a, err, sizeof err), 0);
        assert_int_equal(ltb_prompts_generate(ranges[r][0], ranges[r][1], 30, 7, &b, err, sizeof err), 0);
        assert_int_equal(a.n, 30);
        for (int i = 0; i < a.n; i++) {
            size_t len = strlen(a.items[i]);
            if (len < (size_t)ranges[r][0] || len > (size_t)ranges[r][1])
                fail_msg("%d..%d: prompt %d has %zu characters: '%s'", ranges[r][0], ranges[r][1],
                         i, len, a.items[i]);
            assert_string_equal(a.items[i], b.items[i]);
        }
        ltb_texts_free(&a);
        ltb_texts_free(&b);
    }
}

static void prompts_are_a_base_and_style_modifiers(void **state)
{
    (void)state;
    char err[256];
    ltb_texts a, other;
    assert_int_equal(ltb_prompts_generate(20, 100, 40, 42, &a, err, sizeof err), 0);
    assert_int_equal(ltb_prompts_generate(20, 100, 40, 43, &other, err, sizeof err), 0);
    int with_modifier = 0, same = 0;
    for (int i = 0; i < a.n; i++) {
        assert_true(a.items[i][0] == 'A'); /* every base prompt starts "A " or "An " */
        with_modifier += strstr(a.items[i], ", ") != NULL;
        same += strcmp(a.items[i], other.items[i]) == 0;
    }
    print_message("e.g. '%s'\n", a.items[0]);
    assert_true(with_modifier > a.n / 2);
    assert_true(same < a.n / 2); /* another seed, other prompts */
    ltb_texts_free(&a);
    ltb_texts_free(&other);
}

static void prompt_lengths_are_checked(void **state)
{
    (void)state;
    char err[256];
    ltb_texts t;
    assert_int_equal(ltb_prompts_generate(50, 20, 5, 1, &t, err, sizeof err), -1);
    assert_non_null(strstr(err, "min <= max"));
    assert_int_equal(ltb_prompts_generate(0, 20, 5, 1, &t, err, sizeof err), -1);
    assert_int_equal(ltb_prompts_generate(10, 20, 0, 1, &t, err, sizeof err), -1);
    assert_int_equal(ltb_prompts_generate(10, LTB_MAX_PROMPT_CHARS + 1, 5, 1, &t, err, sizeof err), -1);
}

/* ---- noise and timesteps -------------------------------------------------------------- */

static void noise_is_seeded_and_standard_normal(void **state)
{
    (void)state;
    enum { N = 100001 };
    float *a = malloc(N * sizeof *a), *b = malloc(N * sizeof *b), *c = malloc(N * sizeof *c);
    ltb_gen_noise(a, N, 42, 3);
    ltb_gen_noise(b, N, 42, 3);
    ltb_gen_noise(c, N, 42, 4);
    double sum = 0, sq = 0;
    int differ = 0;
    for (int i = 0; i < N; i++) {
        assert_true(isfinite(a[i]));
        assert_true(a[i] == b[i]);
        differ += a[i] != c[i];
        sum += a[i];
        sq += (double)a[i] * a[i];
    }
    double mean = sum / N, sd = sqrt(sq / N - mean * mean);
    print_message("mean %.4f, std %.4f\n", mean, sd);
    assert_true(fabs(mean) < 0.02);
    assert_true(fabs(sd - 1.0) < 0.02);
    assert_true(differ > N - 10);
    assert_int_equal(ltb_gen_noise_stream(5, 2), 7);
    free(a);
    free(b);
    free(c);
}

static void timesteps_are_ddim_leading(void **state)
{
    (void)state;
    int64_t t, prev;
    gen_timestep(20, 1000, 0, &t, &prev);
    assert_int_equal(t, 951);
    assert_int_equal(prev, 901);
    gen_timestep(20, 1000, 19, &t, &prev);
    assert_int_equal(t, 1);
    assert_int_equal(prev, -49);
    gen_timestep(3, 1000, 1, &t, &prev);
    assert_int_equal(t, 334);
    assert_int_equal(prev, 1);
    gen_timestep(1, 1000, 0, &t, &prev);
    assert_int_equal(t, 1);
    assert_int_equal(prev, -999);
}

/* ---- the prompt workload ---------------------------------------------------------- */

static void prompt_workload_takes_a_batch_of_prompts(void **state)
{
    (void)state;
    const char *prompts[] = {"p0", "p1", "p2", "p3", "p4"};
    ltb_workload w;
    char err[256];
    assert_int_equal(ltb_workload_prompts(&w, prompts, 5, err, sizeof err), 0);
    assert_int_equal(w.prepare_batch(&w, 8, err, sizeof err), 0);
    assert_int_equal(w.prepare_batch(&w, 0, err, sizeof err), -1);
    ltb_request req;
    static const int64_t ids[] = {0, 1, 3, -2};
    static const int first[] = {0, 2, 1, 4};
    for (int i = 0; i < 4; i++) {
        memset(&req, 0, sizeof req);
        w.fill(&w, ids[i], 2, &req);
        assert_int_equal(req.sample, first[i]);
        assert_string_equal(req.text, prompts[first[i]]);
    }
    assert_int_equal(ltb_prompt_sample(4, 1, 5), 0);
    assert_int_equal(ltb_prompt_sample(3, 1, 5), 4);
    assert_int_equal(w.samples[1].tokens, 1);
    ltb_workload_free(&w);
}

/* ---- metrics ------------------------------------------------------------------------- */

static const ltb_sample_info samples[] = {
    {.name = "text_0", .text = "a red car", .chars = 9, .bytes = 9, .tokens = 3},
    {.name = "text_1", .text = "an owl, bokeh", .chars = 13, .bytes = 13, .tokens = 3},
};

/* A request of 2 images (prompts 0 and 1), 4 steps, [start, end] ms, first preview
 * at first_ms (0: none). */
static ltb_record gen_record(int64_t id, double start_ms, double end_ms, double first_ms)
{
    ltb_record r = uh_tts_record(1000 * MS, 0, start_ms, end_ms, 0.0, first_ms);
    r.id = id;
    r.batch = 2;
    r.res.images = 2;
    r.res.steps = 4;
    r.res.previews = first_ms > 0;
    r.res.encode_ns = 10 * MS;
    r.res.denoise_ns = 80 * MS;
    r.res.decode_ns = 5 * MS;
    return r;
}

static void generation_metrics_of_a_level(void **state)
{
    (void)state;
    ltb_config cfg;
    ltb_config_defaults(&cfg);
    cfg.task = LTB_TASK_GENERATE;
    cfg.width = 64;
    cfg.height = 32;
    cfg.steps = 4;
    ltb_record r[5];
    for (int i = 0; i < 4; i++) /* back to back, 250 ms each: T_wall 1 s */
        r[i] = gen_record(i, 250.0 * i, 250.0 * (i + 1), 250.0 * i + 100.0);
    r[4] = gen_record(4, 0, 2000, 0);
    r[4].res.ok = 0;             /* failed: in the totals only */
    ltb_metrics m;
    ltb_metrics_generate(r, 5, 1, 2, &cfg, samples, 2, &m);
    assert_int_equal(m.total_requests, 5);
    assert_int_equal(m.failed_requests, 1);
    assert_true(fabs(m.wall_s - 1.0) < 1e-9);
    assert_true(fabs(m.ips - 8.0) < 1e-9);                /* 4 requests x 2 images */
    assert_true(fabs(m.pps - 8.0 * 64 * 32) < 1e-6);
    assert_true(fabs(m.sps - 16.0) < 1e-9);               /* 4 steps per request */
    assert_true(fabs(m.rps - 4.0) < 1e-9);
    assert_true(fabs(m.cps - 4 * 22.0) < 1e-9);           /* both prompts of each request */
    assert_true(fabs(m.tokens_per_sec - 4 * 6.0) < 1e-9);
    assert_true(fabs(m.avg_prompt_chars - 11.0) < 1e-9);  /* per image */
    assert_true(fabs(m.ttfi.p50 - 100.0) < 1e-6);         /* the first preview */
    assert_true(fabs(m.latency.p50 - 250.0) < 1e-6);
    assert_true(fabs(m.mean_step_ms - 20.0) < 1e-9);
    assert_true(fabs(m.mean_encode_ms - 10.0) < 1e-9);
    assert_true(fabs(m.mean_decode_ms - 5.0) < 1e-9);
    assert_true(m.gpu_mem_mb < 0);

    /* a target that does not say (null, sleep): the batch and the config's steps */
    for (int i = 0; i < 4; i++)
        r[i].res.images = r[i].res.steps = 0, r[i].res.first_result_ns = 0;
    cfg.steps = 1;
    ltb_metrics_generate(r, 4, 1, 2, &cfg, samples, 2, &m);
    assert_true(fabs(m.ips - 8.0) < 1e-9);
    assert_true(fabs(m.sps - 4.0) < 1e-9);
    assert_true(fabs(m.ttfi.p50 - 250.0) < 1e-6);         /* no preview: the end */
}

/* ---- PNG ------------------------------------------------------------------------------ */

static void png_holds_the_image_in_8_bits(void **state)
{
    (void)state;
    enum { W = 5, H = 4 };
    float chw[3 * W * H];
    for (int i = 0; i < 3 * W * H; i++)
        chw[i] = (float)i / (3 * W * H - 1);
    chw[0] = -1.0f;
    chw[1] = 2.0f;
    chw[2] = NAN;
    char *dir = tu_tempdir();
    char *path = tu_path(dir, "x.png");
    char err[256];
    assert_int_equal(ltb_png_write_chw(path, chw, W, H, err, sizeof err), 0);
    int w, h, c;
    unsigned char *px = stbi_load(path, &w, &h, &c, 3);
    assert_non_null(px);
    assert_int_equal(w, W);
    assert_int_equal(h, H);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            for (int k = 0; k < 3; k++)
                assert_int_equal(px[(y * W + x) * 3 + k],
                                 ltb_png_unit_to_u8(chw[k * W * H + y * W + x]));
    assert_int_equal(px[0], 0);
    assert_int_equal(px[3], 255);
    assert_int_equal(px[6], 0);
    assert_int_equal(ltb_png_unit_to_u8(0.5f), 128);
    stbi_image_free(px);
    free(path);
    path = tu_path(dir, "no/such/dir/x.png");
    assert_int_equal(ltb_png_write_chw(path, chw, W, H, err, sizeof err), -1);
    assert_non_null(strstr(err, "no/such/dir"));
    free(path);
    uh_remove_dir(dir);
    free(dir);
}

/* ---- reports ---------------------------------------------------------------------------- */

static void generation_reports_keep_the_seed_headers(void **state)
{
    (void)state;
    static ltb_run run;
    memset(&run, 0, sizeof run);
    char *dir = tu_tempdir();
    ltb_config_defaults(&run.config);
    run.config.task = LTB_TASK_GENERATE;
    run.config.name = "gen";
    run.config.output_dir = dir;
    run.config.width = 64;
    run.config.height = 32;
    run.config.steps = 4;
    run.config.guidance_scale = 7.5;
    run.config.negative_prompt = "blurry";
    run.config.generator = "diffusion";
    run.config.outputs = LTB_OUT_CSV | LTB_OUT_JSON | LTB_OUT_NO_PLOTS;
    run.samples = samples;
    run.n_samples = 2;
    run.started_mono_ns = 1000 * MS;
    static ltb_record r[3];
    for (int i = 0; i < 3; i++)
        r[i] = gen_record(i, 300.0 * i, 300.0 * (i + 1), 300.0 * i + 50.0);
    ltb_level *level = &run.levels[run.n_levels++];
    level->concurrency = 1;
    level->batch = 2;
    level->records = r;
    level->n_records = 3;
    ltb_metrics_generate(r, 3, 1, 2, &run.config, samples, 2, &level->metrics);
    char err[256];
    assert_int_equal(ltb_report_all(&run, NULL, NULL, err, sizeof err), 0);

    tu_assert_csv_header(dir, "gen_summary.csv", summary_seed_header);
    tu_assert_csv_header(dir, "gen_detailed.csv", detailed_seed_header);
    char *path = tu_path(dir, "gen_detailed.csv");
    assert_int_equal(tu_count_lines_until_blank(path), 4);
    char *text = tu_read_file(path);
    assert_non_null(strstr(text, ",a red car,9,3,6,")); /* first prompt, chars, words, negative */
    assert_non_null(strstr(text, ",64,32,2,4096,4,7.50,42,")); /* size, images, pixels, steps */
    assert_non_null(strstr(text, ",-1.00,"));                  /* GPU memory: not measured */
    free(text);
    free(path);
    path = tu_path(dir, "gen_summary.csv");
    text = tu_read_file(path);
    assert_non_null(strstr(text, "\nSPS,"));
    assert_non_null(strstr(text, "\nGenerator,diffusion\n"));
    assert_non_null(strstr(text, "\nNegative_Prompt,blurry\n"));
    free(text);
    free(path);

    cJSON *j = tu_read_json(dir, "gen.json");
    const cJSON *config = cJSON_GetObjectItemCaseSensitive(j, "config");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(config, "task")->valuestring, "generate");
    assert_true(tu_json_number(config, "steps") == 4);
    const cJSON *lvl = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "levels"), 0);
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(lvl, "metrics");
    assert_true(tu_json_number(m, "sps") > 0);
    assert_true(tu_json_number(m, "mean_step_ms") == 20.0);
    const cJSON *rec = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(lvl, "records"), 0);
    assert_true(tu_json_number(rec, "images") == 2);
    assert_true(tu_json_number(rec, "previews") == 1);
    assert_true(tu_json_number(rec, "ttfi_ms") == 50.0);
    cJSON_Delete(j);

    char *table = uh_capture(ltb_report_table, &run);
    assert_non_null(strstr(table, "Image Generation Benchmark Results Summary"));
    assert_non_null(strstr(table, "Highest SPS"));
    free(table);
    uh_remove_dir(dir);
    free(dir);
}

/* ---- options ----------------------------------------------------------------------- */

static int parse(generate_args *a, char *err, const char *const *args, int n)
{
    char *argv[32];
    argv[0] = "generate";
    for (int i = 0; i < n; i++)
        argv[i + 1] = (char *)args[i];
    return generate_args_parse(n + 1, argv, a, err, 256);
}

static void generate_args_defaults_and_full_set(void **state)
{
    (void)state;
    static generate_args a;
    char err[256];
    assert_int_equal(parse(&a, err, NULL, 0), 0);
    const ltb_config *c = &a.common.cfg;
    assert_int_equal(c->task, LTB_TASK_GENERATE);
    assert_int_equal(c->width, 512);
    assert_int_equal(c->height, 512);
    assert_int_equal(c->iterations, 10);
    assert_int_equal(c->min_prompt_length, 20);
    assert_int_equal(c->max_prompt_length, 100);
    assert_true(c->timeout_s >= 300);
    assert_true(c->guidance_scale < 0); /* the model's */
    assert_non_null(strstr(c->model_path, "ldm_small.pt"));
    assert_null(generate_args_conditional_option(&a));

    const char *full[] = {"--images-per-request", "1,4", "--width", "64", "--height", "32",
                          "--steps", "6", "--guidance-scale", "3.5", "--negative-prompt", "dull",
                          "--preview-every", "2", "--seed", "9", "--save-images", "out"};
    assert_int_equal(parse(&a, err, full, 18), 0);
    assert_int_equal(c->n_batch, 2);
    assert_int_equal(c->batch[1], 4);
    assert_int_equal(a.gen.width, 64);
    assert_int_equal(a.gen.height, 32);
    assert_int_equal(a.gen.steps, 6);
    assert_true(a.gen.guidance_scale == 3.5);
    assert_string_equal(a.gen.negative_prompt, "dull");
    assert_int_equal(a.gen.preview_every, 2);
    assert_int_equal(a.gen.seed, 9);
    assert_string_equal(a.gen.save_images_dir, "out");
    assert_string_equal(generate_args_conditional_option(&a), "--steps");
}

static void generate_args_errors_name_the_option(void **state)
{
    (void)state;
    static generate_args a;
    static const struct { const char *args[4]; int n; const char *needle; } bad[] = {
        {{"--steps", "0"}, 2, "--steps"},
        {{"--width", "4"}, 2, "--width"},
        {{"--guidance-scale", "-1"}, 2, "--guidance-scale"},
        {{"--images-per-request", "0"}, 2, "--batch"},
        {{"--preview-every", "5", "--steps", "5"}, 4, "--preview-every 5"},
        {{"--min-prompt-length", "50", "--max-prompt-length", "20"}, 4, "--min-prompt-length"},
        {{"--prompt-variations", "0"}, 2, "--prompt-variations"},
        {{"--url", "http://localhost:1"}, 2, "--url"},
        {{"--top-k", "3"}, 2, "--top-k"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char err[256] = "";
        assert_int_equal(parse(&a, err, bad[i].args, bad[i].n), -1);
        if (!strstr(err, bad[i].needle))
            fail_msg("%s: error '%s' does not name %s", bad[i].args[0], err, bad[i].needle);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(prompts_fit_their_lengths_and_are_seeded),
        cmocka_unit_test(prompts_are_a_base_and_style_modifiers),
        cmocka_unit_test(prompt_lengths_are_checked),
        cmocka_unit_test(noise_is_seeded_and_standard_normal),
        cmocka_unit_test(timesteps_are_ddim_leading),
        cmocka_unit_test(prompt_workload_takes_a_batch_of_prompts),
        cmocka_unit_test(generation_metrics_of_a_level),
        cmocka_unit_test(png_holds_the_image_in_8_bits),
        cmocka_unit_test(generation_reports_keep_the_seed_headers),
        cmocka_unit_test(generate_args_defaults_and_full_set),
        cmocka_unit_test(generate_args_errors_name_the_option),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
