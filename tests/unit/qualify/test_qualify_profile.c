/* test_qualify_profile.c — qualification profiles: a profile written and read back
 * is the same, a profile passes against itself, a metric worse than the reference by
 * more than the tolerance fails (higher-is-better and lower-is-better alike), a
 * better one passes, a metric the reference has and the profile lacks fails, and
 * files that are not profiles are refused with one line naming them. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"
#include "qualify_profile.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static qualify_profile measured, reference;

static void make_profile(qualify_profile *p)
{
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "NVIDIA H100 80GB HBM3");
    snprintf(p->uuid, sizeof p->uuid, "GPU-12345678-aaaa-bbbb-cccc-1234567890ab");
    snprintf(p->device, sizeof p->device, "cuda:0");
    snprintf(p->driver, sizeof p->driver, "580.159.04");
    p->memory_total_mb = 81559;
    qualify_add(p, "image_resnet50_fp16_b256_ips", 9000.0, "images/s", 1, NULL);
    qualify_add(p, "image_resnet50_fp16_b256_joules_per_image", 0.05, "J", 0, NULL);
    qualify_add(p, "tts_v1_streaming_ttfa_p50_ms", 20.0, "ms", 0, NULL);
    qualify_add(p, "matmul_fp16_n8192_tflops", NAN, "TFLOP/s", 1, "not measured here");
}

/* Runs qualify_compare into a buffer; returns the failures, *text the output. */
static int compare(double tolerance, char **text)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    int failed = qualify_compare(f, &measured, &reference, tolerance);
    fclose(f);
    *text = buf;
    return failed;
}

static void a_profile_round_trips_and_passes_against_itself(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *path = tu_path(dir, "p.json");
    char err[256];
    make_profile(&measured);
    assert_int_equal(qualify_profile_write(&measured, path, err, sizeof err), 0);
    assert_int_equal(qualify_profile_read(path, &reference, err, sizeof err), 0);
    assert_int_equal(reference.n_metrics, 4);
    assert_string_equal(reference.uuid, measured.uuid);
    assert_string_equal(reference.driver, "580.159.04");
    assert_float_equal(qualify_find(&reference, "tts_v1_streaming_ttfa_p50_ms")->value, 20.0, 1e-12);
    assert_false(qualify_find(&reference, "image_resnet50_fp16_b256_ips")->higher_is_better == 0);
    assert_true(isnan(qualify_find(&reference, "matmul_fp16_n8192_tflops")->value));
    assert_string_equal(qualify_find(&reference, "matmul_fp16_n8192_tflops")->note, "not measured here");
    char *text;
    assert_int_equal(compare(0.0, &text), 0);
    assert_non_null(strstr(text, "PASS: all 3 metrics within the tolerance"));  /* null ones skipped */
    free(text);
    free(path);
    free(dir);
}

static void worse_than_the_tolerance_fails_either_way(void **state)
{
    (void)state;
    char *text;
    make_profile(&measured);
    make_profile(&reference);
    measured.metrics[0].value = 9000.0 * 0.96;      /* 4% fewer images/s: within 5% */
    measured.metrics[2].value = 20.0 * 1.06;        /* 6% more latency: outside 5% */
    assert_int_equal(compare(0.05, &text), 1);
    assert_non_null(strstr(text, "image_resnet50_fp16_b256_ips"));
    assert_non_null(strstr(text, "-4.0%     PASS"));
    assert_non_null(strstr(text, "+6.0%     FAIL"));
    assert_non_null(strstr(text, "FAIL: 1 of 3 metrics outside the tolerance"));
    free(text);
    measured.metrics[0].value = 9000.0 * 0.90;      /* 10% fewer: fails at 5%, passes at 20% */
    assert_int_equal(compare(0.05, &text), 2);
    free(text);
    assert_int_equal(compare(0.20, &text), 0);
    free(text);
    measured.metrics[0].value = 20000.0;            /* better than the reference: passes */
    measured.metrics[1].value = 0.01;
    measured.metrics[2].value = 5.0;
    assert_int_equal(compare(0.0, &text), 0);
    free(text);
}

static void a_metric_the_profile_lacks_fails(void **state)
{
    (void)state;
    char *text;
    make_profile(&measured);
    make_profile(&reference);
    reference.metrics[3].value = 700.0;             /* the reference measured the matmul */
    assert_int_equal(compare(0.05, &text), 1);
    assert_non_null(strstr(text, "FAIL (not measured here)"));
    free(text);
    qualify_add(&reference, "copy_1024mib_gbps", 4000.0, "GB/s", 1, NULL);
    assert_int_equal(compare(0.05, &text), 2);
    assert_non_null(strstr(text, "FAIL (not measured)"));
    free(text);
}

static void files_that_are_not_profiles_are_refused(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char err[256];
    const struct { const char *text, *needle; } bad[] = {
        {"not json", "is not JSON"},
        {"{\"metrics\": []}", "is not an ltbench qualify profile"},
        {"{\"ltbench_qualify\": 9, \"metrics\": []}", "is a version 9 profile"},
        {"{\"ltbench_qualify\": 1, \"metrics\": [{\"name\": \"x\"}]}", "metric 1 needs a name, a value"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *path = tu_path(dir, "bad.json");
        FILE *f = fopen(path, "w");
        fputs(bad[i].text, f);
        fclose(f);
        err[0] = '\0';
        assert_int_equal(qualify_profile_read(path, &reference, err, sizeof err), -1);
        if (!strstr(err, bad[i].needle) || !strstr(err, "bad.json"))
            fail_msg("'%s' gave '%s'", bad[i].text, err);
        free(path);
    }
    char *missing = tu_path(dir, "missing.json");
    assert_int_equal(qualify_profile_read(missing, &reference, err, sizeof err), -1);
    assert_non_null(strstr(err, "missing.json"));
    free(missing);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_profile_round_trips_and_passes_against_itself),
        cmocka_unit_test(worse_than_the_tolerance_fails_either_way),
        cmocka_unit_test(a_metric_the_profile_lacks_fails),
        cmocka_unit_test(files_that_are_not_profiles_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
