/* test_profile_cli.c — `--profile K`: after the timed levels, K requests under
 * LibTorch's profiler give a Chrome trace ({name}_profile.json: a JSON object whose
 * traceEvents holds the operators, convolutions among them for a ResNet) and a table
 * of operators by self time ({name}_profile.csv) whose call counts are whole multiples
 * of K (every request runs the same operators on the same shapes: one text for TTS),
 * for image, TTS and generate. Where the
 * LibTorch has no Kineto profiler (the 1.13 floor) it is a one-line error before any
 * timing; a target without LibTorch is refused the same way. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROFILE_HEADER "Operator,Calls,Self_CPU_ms,Self_CUDA_ms,Input_Shapes"

static int have_profiler(void)
{
    return tu_libtorch_major() >= 2;
}

/* The trace parses, has events, and (when needle) one whose name contains needle. */
static void check_trace(const char *dir, const char *file, const char *needle)
{
    cJSON *trace = tu_read_json(dir, file);
    const cJSON *events = cJSON_GetObjectItemCaseSensitive(trace, "traceEvents");
    assert_true(cJSON_IsArray(events));
    assert_true(cJSON_GetArraySize(events) > 0);
    int found = needle == NULL;
    const cJSON *e;
    cJSON_ArrayForEach(e, events) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(e, "name");
        if (cJSON_IsString(name) && needle && strstr(name->valuestring, needle))
            found = 1;
    }
    if (!found)
        fail_msg("%s: no trace event named like '%s'", file, needle);
    cJSON_Delete(trace);
}

/* Every row's Calls is a positive multiple of k; returns the rows whose operator
 * contains needle (NULL: all rows). */
static int check_table(const char *dir, const char *file, int k, const char *needle)
{
    tu_assert_csv_header(dir, file, PROFILE_HEADER);
    tu_csv t;
    tu_csv_read(dir, file, &t);
    assert_true(t.n > 0);
    int matching = 0;
    char name[512];
    for (int i = 0; i < t.n; i++) {
        long calls = (long)tu_csv_double(&t, i, "Calls");
        tu_csv_text(&t, i, "Operator", name, sizeof name);
        if (calls <= 0 || calls % k != 0)
            fail_msg("%s row %d (%s): %ld calls is not a multiple of the %d profiled requests", file, i,
                     name, calls, k);
        assert_true(tu_csv_double(&t, i, "Self_CPU_ms") >= 0);
        if (!needle || strstr(name, needle))
            matching++;
    }
    tu_csv_free(&t);
    return matching;
}

static void image_profile(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "image -m \"$LTBENCH_MODELS_DIR/resnet18.pt\" --synthetic 2 -c 1 -n 2 --warmup 1 -t 2 "
             "--profile 3 -o csv --no-plots --name prof --output-dir '%s'", dir);
    if (!have_profiler()) {   /* -q: the plan line aside, stderr is the one error line */
        strcat(cmd, " -q");
        tu_expect_usage_error(cmd, "--profile", "LibTorch >= 2.0");
        free(dir);
        return;
    }
    tu_output o;
    tu_expect_exit("image --profile 3", tu_run_cli(cmd, &o), 0, &o);
    assert_non_null(strstr(o.out, "Per-operator profile: 3 requests"));
    tu_output_free(&o);
    check_trace(dir, "prof_profile.json", "conv");
    assert_true(check_table(dir, "prof_profile.csv", 3, "conv") > 0);
    /* the timed levels are the usual ones: the profiled requests are not among them */
    tu_csv s;
    tu_csv_read(dir, "prof_summary.csv", &s);
    assert_true(s.n >= 1);
    assert_int_equal((int)tu_csv_double(&s, 0, "Total_Requests"), 2);
    tu_csv_free(&s);
    free(dir);
}

static void tts_and_generate_profile(void **state)
{
    (void)state;
    if (!have_profiler())
        skip();
    char *dir = tu_tempdir();
    char cmd[4096];
    tu_output o;
    snprintf(cmd, sizeof cmd,
             "tts -m \"$LTBENCH_MODELS_DIR/tts_tiny.pt\" -c 1 -n 2 --warmup 1 -t 1 --text-variations 1 --profile=2 -q -o csv "
             "--no-plots --name ttsprof --output-dir '%s'", dir);
    tu_expect_exit("tts --profile=2", tu_run_cli(cmd, &o), 0, &o);
    tu_output_free(&o);
    check_trace(dir, "ttsprof_profile.json", NULL);
    check_table(dir, "ttsprof_profile.csv", 2, NULL);

    snprintf(cmd, sizeof cmd,
             "generate -m \"$LTBENCH_MODELS_DIR/dcgan.pt\" --width 64 --height 48 -c 1 -n 2 --warmup 1 "
             "-t 1 --profile 2 -q -o csv --no-plots --name genprof --output-dir '%s'", dir);
    tu_expect_exit("generate --profile 2", tu_run_cli(cmd, &o), 0, &o);
    tu_output_free(&o);
    check_trace(dir, "genprof_profile.json", NULL);
    assert_true(check_table(dir, "genprof_profile.csv", 2, "conv") > 0);
    free(dir);
}

static void profile_needs_a_libtorch_target(void **state)
{
    (void)state;
    tu_expect_usage_error("image --target null -c 1 -n 2 --profile 2 -q -o csv --output-dir /tmp/aoti-never",
                          "--profile", "null");
    tu_expect_usage_error("image --profile 0 -n 1", "--profile", NULL);
    tu_expect_usage_error("stress image --profile 2 --duration 1s", "--profile", "stress");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(image_profile),
        cmocka_unit_test(tts_and_generate_profile),
        cmocka_unit_test(profile_needs_a_libtorch_target),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
