/* test_generate_cli.c — `ltbench generate` end to end on the exported small models at
 * 64x64 (CI-fast: a few requests, 2-4 steps): the seed's exact image headers, row
 * counts, the metric identities (SPS x T_wall = steps, IPS x T_wall = images), the
 * step loop counted per request, TTFI = the first preview with --preview-every, the
 * GAN with batches and repetitions, PNG files that stb_image decodes at the asked
 * size, and the harness alone (--target null). */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <cjson/cJSON.h>
#include <stb_image.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kSummary = TU_IMAGE_SUMMARY_HEADER;
static const char *const kDetailed = TU_IMAGE_DETAILED_HEADER;

static void run_ok(const char *args)
{
    tu_output o;
    if (tu_run_cli(args, &o) != 0)
        fail_msg("ltbench %s\n  exit %d: %s", args, o.code, o.err);
    tu_output_free(&o);
}

static const cJSON *levels_of(const cJSON *j)
{
    return cJSON_GetObjectItemCaseSensitive(j, "levels");
}

static void diffusion_run_writes_seed_files(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    tu_output o;
    snprintf(args, sizeof args,
             "generate --width 64 --height 64 --steps 3 -c 1,2 -n 3 -t 1 --prompt-variations 4 "
             "--negative-prompt 'blurry, low quality' -o table,csv,json --output-dir '%s'", dir);
    if (tu_run_cli(args, &o) != 0)
        fail_msg("exit %d: %s", o.code, o.err);
    assert_non_null(strstr(o.out, "Image Generation Benchmark Results Summary"));
    assert_non_null(strstr(o.out, "Highest SPS"));
    tu_output_free(&o);
    tu_assert_csv_header(dir, "ldm_small_summary.csv", kSummary);
    tu_assert_csv_header(dir, "ldm_small_detailed.csv", kDetailed);
    char *summary = tu_path(dir, "ldm_small_summary.csv");
    char *detailed = tu_path(dir, "ldm_small_detailed.csv");
    assert_int_equal(tu_count_lines_until_blank(summary), 1 + 2);
    assert_int_equal(tu_count_lines_until_blank(detailed), 1 + 6);
    char *text = tu_read_file(detailed);
    assert_non_null(strstr(text, ",64,64,1,4096,3,7.50,42,")); /* size, 1 image, 3 steps */
    assert_non_null(strstr(text, ",19,"));                      /* the negative prompt's length */
    free(text);

    cJSON *j = tu_read_json(dir, "ldm_small.json");
    const cJSON *config = cJSON_GetObjectItemCaseSensitive(j, "config");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(config, "task")->valuestring, "generate");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(config, "generator")->valuestring, "diffusion");
    const cJSON *lvl;
    cJSON_ArrayForEach(lvl, levels_of(j)) {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(lvl, "metrics");
        double wall = tu_json_number(m, "wall_s");
        assert_float_equal(tu_json_number(m, "total_images"), 3, 1e-9);
        assert_float_equal(tu_json_number(m, "total_steps"), 9, 1e-9);
        assert_float_equal(tu_json_number(m, "sps") * wall, 9, 1e-6);
        assert_float_equal(tu_json_number(m, "ips") * wall, 3, 1e-6);
        assert_float_equal(tu_json_number(m, "pps") * wall, 3 * 64 * 64, 1e-3);
        assert_true(tu_json_number(m, "cps") > 0);
        assert_true(tu_json_number(m, "mean_step_ms") > 0);
        assert_true(tu_json_number(m, "mean_encode_ms") > 0);
        const cJSON *r;
        cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(lvl, "records")) {
            assert_float_equal(tu_json_number(r, "steps"), 3, 0);
            assert_float_equal(tu_json_number(r, "previews"), 0, 0);
            /* no preview: the first image is the image */
            assert_float_equal(tu_json_number(r, "ttfi_ms"), tu_json_number(r, "latency_ms"), 1e-6);
            assert_float_equal(tu_json_number(r, "response_bytes"), 3 * 64 * 64 * 4, 0);
        }
    }
    cJSON_Delete(j);
    free(summary);
    free(detailed);
    free(dir);
}

static void previews_make_ttfi_the_first_preview(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    snprintf(args, sizeof args,
             "generate --width 64 --height 64 --steps 4 --preview-every 2 -c 1 -n 2 -t 1 "
             "--prompt-variations 2 -o json -q --output-dir '%s'", dir);
    run_ok(args);
    cJSON *j = tu_read_json(dir, "ldm_small.json");
    const cJSON *lvl = cJSON_GetArrayItem(levels_of(j), 0);
    const cJSON *r;
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(lvl, "records")) {
        assert_float_equal(tu_json_number(r, "previews"), 1, 0); /* after step 2 of 4 */
        assert_true(tu_json_number(r, "ttfi_ms") > 0);
        assert_true(tu_json_number(r, "ttfi_ms") < tu_json_number(r, "latency_ms"));
        /* before the preview: encoding and two of the four steps at least */
        assert_true(tu_json_number(r, "ttfi_ms") > tu_json_number(r, "encode_ms"));
    }
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(lvl, "metrics");
    const cJSON *ttfi = cJSON_GetObjectItemCaseSensitive(m, "ttfi");
    const cJSON *latency = cJSON_GetObjectItemCaseSensitive(m, "latency");
    assert_true(tu_json_number(ttfi, "p50") < tu_json_number(latency, "p50"));
    cJSON_Delete(j);
    free(dir);
}

static void gan_batches_repetitions_and_pngs(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    snprintf(args, sizeof args,
             "generate -m \"$LTBENCH_MODELS_DIR/dcgan.pt\" --width 64 --height 48 -b 1,3 -c 1 "
             "-n 2 -r 2 -t 1 --prompt-variations 5 -o csv,json -q --output-dir '%s' "
             "--save-images '%s/img'", dir, dir);
    run_ok(args);
    cJSON *j = tu_read_json(dir, "dcgan.json");
    const cJSON *config = cJSON_GetObjectItemCaseSensitive(j, "config");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(config, "generator")->valuestring, "gan");
    assert_float_equal(tu_json_number(config, "steps"), 1, 0);
    assert_int_equal(cJSON_GetArraySize(levels_of(j)), 4);     /* 2 batches x 2 repetitions */
    const cJSON *lvl;
    cJSON_ArrayForEach(lvl, levels_of(j)) {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(lvl, "metrics");
        double batch = tu_json_number(lvl, "batch");
        assert_float_equal(tu_json_number(m, "total_images"), 2 * batch, 1e-9);
        assert_float_equal(tu_json_number(m, "total_steps"), 2, 1e-9); /* one forward each */
        assert_float_equal(tu_json_number(m, "cps"), 0, 0);             /* no prompt */
    }
    cJSON_Delete(j);
    char *summary = tu_path(dir, "dcgan_summary.csv");
    char *text = tu_read_file(summary);
    assert_non_null(strstr(text, ",3.0,64,48,1.0,0.00,")); /* 3 images a request, 1 step, no guidance */
    free(text);
    free(summary);
    /* batch 1 made prompts 0 and 1, batch 3 prompts 0-2 and 3, 4, 0: all five once */
    for (int i = 0; i < 6; i++) {
        char name[64];
        snprintf(name, sizeof name, "img/prompt_%d.png", i);
        char *png = tu_path(dir, name);
        int w = 0, h = 0, c = 0;
        unsigned char *px = stbi_load(png, &w, &h, &c, 3);
        if (i == 5) {
            assert_null(px);
        } else {
            if (!px)
                fail_msg("stb_image cannot decode %s", png);
            assert_int_equal(w, 64);
            assert_int_equal(h, 48);
            int lo = 255, hi = 0;
            for (int k = 0; k < w * h * 3; k++)
                lo = px[k] < lo ? px[k] : lo, hi = px[k] > hi ? px[k] : hi;
            assert_true(hi - lo > 32); /* an image, not a flat fill */
            stbi_image_free(px);
        }
        free(png);
    }
    free(dir);
}

static void null_target_needs_no_model(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    snprintf(args, sizeof args,
             "generate --target null --width 64 --height 64 -b 2 -c 1,2 -n 200 -o json -q "
             "--output-dir '%s'", dir);
    run_ok(args);
    cJSON *j = tu_read_json(dir, "null.json");
    const cJSON *lvl;
    cJSON_ArrayForEach(lvl, levels_of(j)) {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(lvl, "metrics");
        assert_float_equal(tu_json_number(m, "total_images"), 400, 1e-9);
        assert_true(tu_json_number(m, "ips") > 0);
    }
    cJSON_Delete(j);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(diffusion_run_writes_seed_files),
        cmocka_unit_test(previews_make_ttfi_the_first_preview),
        cmocka_unit_test(gan_batches_repetitions_and_pngs),
        cmocka_unit_test(null_target_needs_no_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
