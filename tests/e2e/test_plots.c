/* test_plots.c — the PNG and SVG plots: a short image run on the identity model
 * and a short stress run write them into the output dir; each PNG decodes (stb_image)
 * with sane dimensions, each SVG starts like an SVG file; --no-plots writes none. A
 * build without PLplot says so once instead. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <stb_image.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void assert_plot_files(const char *dir, const char *base)
{
    char file[512];
    snprintf(file, sizeof file, "%s.png", base);
    char *png = tu_path(dir, file);
    int w = 0, h = 0, channels = 0;
    unsigned char *pixels = stbi_load(png, &w, &h, &channels, 0);
    if (!pixels)
        fail_msg("%s does not decode: %s", png, stbi_failure_reason());
    assert_true(w >= 400 && w <= 4000);
    assert_true(h >= 300 && h <= 4000);
    /* not a blank page: some pixels differ from the first one */
    int differ = 0;
    for (long i = 0; i < (long)w * h * channels && !differ; i += channels)
        differ = memcmp(pixels, pixels + i, (size_t)channels) != 0;
    assert_true(differ);
    stbi_image_free(pixels);
    free(png);

    snprintf(file, sizeof file, "%s.svg", base);
    char *svg = tu_path(dir, file);
    char *text = tu_read_file(svg);
    if (!text)
        fail_msg("no %s", svg);
    assert_true(!strncmp(text, "<?xml", 5) || !strncmp(text, "<svg", 4));
    assert_non_null(strstr(text, "</svg>"));
    free(text);
    free(svg);
}

static int built_without_plplot(const tu_output *o)
{
    return strstr(o->err, "plots: off (built without PLplot)") != NULL;
}

static void image_run_plots(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    tu_output o;
    snprintf(args, sizeof args,
             "image -m \"$LTBENCH_MODELS_DIR/identity.pt\" -c 1,2 -n 6 -o csv --output-dir '%s'",
             dir);
    assert_int_equal(tu_run_cli(args, &o), 0);
    if (built_without_plplot(&o)) {
        tu_output_free(&o);
        free(dir);
        skip();
    }
    assert_plot_files(dir, "identity_throughput");
    assert_plot_files(dir, "identity_rps");
    assert_plot_files(dir, "identity_latency");
    tu_output_free(&o);
    free(dir);
}

/* An open-loop sweep: latency percentiles and the achieved rate against the offered one. */
static void rate_run_plots(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    tu_output o;
    snprintf(args, sizeof args,
             "image --target null --synthetic 1 --rate 200,400 -n 40 -c 4 -q --name rp "
             "--output-dir '%s'", dir);
    assert_int_equal(tu_run_cli(args, &o), 0);
    if (built_without_plplot(&o)) {
        tu_output_free(&o);
        free(dir);
        skip();
    }
    assert_plot_files(dir, "rp_latency_vs_rate");
    assert_plot_files(dir, "rp_achieved_vs_rate");
    tu_output_free(&o);
    free(dir);
}

static void stress_run_plots(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    tu_output o;
    snprintf(args, sizeof args,
             "stress image --target sleep:2 --duration 2s --ramp-up 1s --max-concurrency 2 "
             "--sample-interval 250ms -q --output-dir '%s'", dir);
    assert_int_equal(tu_run_cli(args, &o), 0);
    if (built_without_plplot(&o)) {
        tu_output_free(&o);
        free(dir);
        skip();
    }
    assert_plot_files(dir, "sleep_stress_timeseries");
    tu_output_free(&o);
    free(dir);
}

static void no_plots_writes_none(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    tu_output o;
    snprintf(args, sizeof args, "image --target null --synthetic 2 -c 1 -n 3 -o csv --no-plots "
                                "--output-dir '%s'", dir);
    assert_int_equal(tu_run_cli(args, &o), 0);
    char *png = tu_path(dir, "null_throughput.png");
    char *csv = tu_path(dir, "null_summary.csv");
    assert_false(tu_file_exists(png));
    assert_true(tu_file_exists(csv));
    free(png);
    free(csv);
    tu_output_free(&o);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(image_run_plots),
        cmocka_unit_test(rate_run_plots),
        cmocka_unit_test(stress_run_plots),
        cmocka_unit_test(no_plots_writes_none),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
