/* test_gpu_cli.c — the GPU-facing command line on a machine without CUDA (what CI
 * has): `ltbench info` says CUDA and NVML are not available, a device/precision/
 * switch sweep runs every variant it can and reports each it cannot (the sweep goes
 * on), one configuration keeps its plain file names, CUDA graphs are refused on the
 * CPU, and commands that run one configuration refuse lists. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether this machine has a usable CUDA device: set by the info test, which runs first. */
static int g_cuda = -1;

static int cuda_here(void)
{
    assert_true(g_cuda >= 0);
    return g_cuda;
}

static void info_says_what_cuda_and_nvml_there_are(void **state)
{
    (void)state;
    tu_output o;
    assert_int_equal(tu_run_shell("LTBENCH_NVML_LIB=/nonexistent/libnvidia-ml.so.1 \"$LTBENCH_BIN\" info", &o), 0);
    assert_non_null(strstr(o.out, "cuda compiled"));
    g_cuda = strstr(o.out, "cuda available yes") != NULL;
    if (strstr(o.out, "cuda available no"))
        assert_non_null(strstr(o.out, "cuda available no: CUDA is not available ("));
    else
        assert_non_null(strstr(o.out, "  cuda:0       "));
    assert_non_null(strstr(o.out, "nvml           not available: cannot load /nonexistent/libnvidia-ml.so.1"));
    tu_output_free(&o);
}

static int count_rows(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static void a_sweep_runs_what_it_can_and_says_why_not_for_the_rest(void **state)
{
    (void)state;
    if (cuda_here())
        skip();                             /* tests/gpu covers the CUDA variants */
    char *dir = tu_tempdir();
    char args[1024];
    tu_output o;
    snprintf(args, sizeof args,
             "image -m \"$LTBENCH_MODELS_DIR/identity.pt\" --device cpu,cuda:0 --precision fp32,bf16 "
             "--cuda-graph=0,1 -c 1,2 -n 3 --synthetic 2 -o table,csv,json --no-plots --output-dir '%s'", dir);
    assert_int_equal(tu_run_cli(args, &o), 1);   /* some variants could not run */
    assert_non_null(strstr(o.out, "\nSweep ("));
    assert_non_null(strstr(o.err, "cuda:0 fp32: not run: device 'cuda:0' is not available"));
    assert_non_null(strstr(o.err, "cpu fp32 cuda-graph: not run: --cuda-graph needs a CUDA device"));
    tu_output_free(&o);
    char *csv = tu_path(dir, "identity_sweep.csv");
    char *text = tu_read_file(csv);
    assert_non_null(text);
    assert_int_equal(tu_count_lines(text), 1 + 2 * 2 + 2 + 4);   /* header, 2 cpu variants x 2
                                                                       levels, 2 cpu graph + 4 cuda refused */
    assert_int_equal(count_rows(text, ",ok\n"), 4);
    assert_int_equal(count_rows(text, "not run: --cuda-graph needs a CUDA device"), 2);
    assert_int_equal(count_rows(text, "not run: device 'cuda:0' is not available"), 4);
    free(text);
    for (int i = 0; i < 2; i++) {
        const char *name = i ? "identity_cpu_bf16.json" : "identity_cpu_fp32.json";
        cJSON *j = tu_read_json(dir, name);
        const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(j, "config");
        assert_string_equal(cJSON_GetObjectItemCaseSensitive(cfg, "precision")->valuestring, i ? "bf16" : "fp32");
        const cJSON *lvl = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "levels"), 0);
        const cJSON *gpu = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(lvl, "metrics"), "gpu");
        assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(gpu, "compute_ms")));  /* CPU: none */
        assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(gpu, "mem_peak_allocated_mb")));
        cJSON_Delete(j);
    }
    char *plain = tu_path(dir, "identity_summary.csv");
    assert_false(tu_file_exists(plain));        /* a sweep names every file by its variant */
    free(plain);
    free(csv);
    free(dir);
}

static void one_configuration_keeps_plain_names(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    tu_output o;
    snprintf(args, sizeof args,
             "image -m \"$LTBENCH_MODELS_DIR/identity.pt\" --precision bf16 --channels-last -c 1 -n 2 "
             "--synthetic 1 -q -o csv --output-dir '%s'", dir);
    assert_int_equal(tu_run_cli(args, &o), 0);
    tu_output_free(&o);
    char *summary = tu_path(dir, "identity_summary.csv");
    char *sweep = tu_path(dir, "identity_sweep.csv");
    assert_true(tu_file_exists(summary));
    assert_false(tu_file_exists(sweep));
    char *text = tu_read_file(summary);
    assert_non_null(strstr(text, "\nChannels_Last,True\n"));
    free(text);
    free(summary);
    free(sweep);
    free(dir);
}

static void refusals_are_one_line_usage_errors(void **state)
{
    (void)state;
    if (!cuda_here())
        tu_expect_usage_error("image -m \"$LTBENCH_MODELS_DIR/identity.pt\" --cuda-graph -n 1 -q",
                              "--cuda-graph needs a CUDA device", NULL);
    tu_expect_usage_error("stress image --device cpu,cuda --duration 1s", "runs one configuration", NULL);
    tu_expect_usage_error("tts --cuda-graph", "--cuda-graph", NULL);   /* image models only */
}

static void a_tts_sweep_refuses_half_precision_on_the_cpu_and_goes_on(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    tu_output o;
    snprintf(args, sizeof args,
             "tts -m \"$LTBENCH_MODELS_DIR/tts_tiny.pt\" --precision fp32,fp16 -c 1 -n 1 --warmup 1 "
             "--text-variations 2 -q -o csv --no-plots --output-dir '%s'", dir);
    assert_int_equal(tu_run_cli(args, &o), 1);
    assert_non_null(strstr(o.err, "cpu fp16: not run: fp16 TTS on cpu is unsupported"));
    tu_output_free(&o);
    char *csv = tu_path(dir, "tts_tiny_sweep.csv");
    char *text = tu_read_file(csv);
    assert_non_null(text);
    assert_true(strncmp(text, "Variant,Device,Precision,Channels_Last,CuDNN_Benchmark,CUDA_Graph,"
                              "Concurrency,Batch,Repetition,ASPS,", 95) == 0);
    assert_int_equal(count_rows(text, ",ok\n"), 1);
    free(text);
    free(csv);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(info_says_what_cuda_and_nvml_there_are),
        cmocka_unit_test(a_sweep_runs_what_it_can_and_says_why_not_for_the_rest),
        cmocka_unit_test(one_configuration_keeps_plain_names),
        cmocka_unit_test(refusals_are_one_line_usage_errors),
        cmocka_unit_test(a_tts_sweep_refuses_half_precision_on_the_cpu_and_goes_on),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
