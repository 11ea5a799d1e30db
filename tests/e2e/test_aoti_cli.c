/* test_aoti_cli.c — AOTInductor packages (.pt2) and model files as a sweep axis:
 * `ltbench image -m resnet18.pt,resnet18.pt2` runs both in one invocation, one sweep
 * row each (told apart by Model_File), and the package computes the same top-5 classes
 * and logits as the TorchScript file on the same photos; options a compiled package
 * cannot honour, files that are not packages and a LibTorch without AOTInductor (the
 * 1.13 floor) are one-line errors with exit code 2. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include "lt_shim.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int aoti_available(void)
{
    lt_info info;
    lt_get_info(&info);
    return info.aoti_available;
}

/* $LTBENCH_MODELS_DIR/resnet18.pt2 exists (the export writes it where torch >= 2.6). */
static int have_resnet18_pt2(void)
{
    char *p = tu_path(tu_env("LTBENCH_MODELS_DIR"), "resnet18.pt2");
    int ok = tu_file_exists(p);
    free(p);
    return ok;
}

static const cJSON *records_of(const cJSON *root)
{
    const cJSON *lvl = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "levels"), 0);
    return cJSON_GetObjectItemCaseSensitive(lvl, "records");
}

static void pt2_matches_pt_in_one_sweep(void **state)
{
    (void)state;
    if (!aoti_available() || !have_resnet18_pt2()) {
        fprintf(stderr, "skipped: this LibTorch has no AOTInductor or resnet18.pt2 was not exported\n");
        skip();
    }
    char *dir = tu_tempdir();
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "image -m \"$LTBENCH_MODELS_DIR/resnet18.pt,$LTBENCH_MODELS_DIR/resnet18.pt2\" "
             "--images \"$LTBENCH_ASSETS_DIR/images\" -c 1 -n 4 --warmup 1 -t 2 -k 5 -o csv,json "
             "--no-plots --name both --output-dir '%s'", dir);
    tu_output o;
    tu_expect_exit("image -m a.pt,a.pt2", tu_run_cli(cmd, &o), 0, &o);
    assert_non_null(strstr(o.out, "resnet18.pt2 cpu fp32"));   /* the sweep table's row */
    tu_output_free(&o);

    /* two rows in the sweep CSV, told apart by the model file */
    tu_csv sweep;
    tu_csv_read(dir, "both_sweep.csv", &sweep);
    assert_int_equal(sweep.n, 2);
    char buf[4096];
    const char *m0 = tu_csv_text(&sweep, 0, "Model_File", buf, sizeof buf);
    assert_non_null(strstr(m0, "resnet18.pt"));
    assert_null(strstr(m0, ".pt2"));
    assert_non_null(strstr(tu_csv_text(&sweep, 1, "Model_File", buf, sizeof buf), "resnet18.pt2"));
    for (int i = 0; i < 2; i++) {
        assert_string_equal(tu_csv_text(&sweep, i, "Status", buf, sizeof buf), "ok");
        assert_true(tu_csv_double(&sweep, i, "IPS") > 0);
    }
    tu_csv_free(&sweep);

    /* the same photos give the same top-5 through both formats */
    cJSON *pt = tu_read_json(dir, "both_resnet18_pt_cpu_fp32.json");
    cJSON *pt2 = tu_read_json(dir, "both_resnet18_pt2_cpu_fp32.json");
    const cJSON *model_path = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(pt2, "config"), "model_path");
    assert_true(cJSON_IsString(model_path) && strstr(model_path->valuestring, "resnet18.pt2"));
    const cJSON *ra = records_of(pt), *rb = records_of(pt2);
    int n = cJSON_GetArraySize(ra);
    assert_int_equal(n, 4);
    assert_int_equal(cJSON_GetArraySize(rb), n);
    for (int i = 0; i < n; i++) {
        const cJSON *a = cJSON_GetArrayItem(ra, i), *b = cJSON_GetArrayItem(rb, i);
        assert_int_equal((int)tu_json_number(a, "sample"), (int)tu_json_number(b, "sample"));
        const cJSON *ia = cJSON_GetObjectItemCaseSensitive(a, "topk_ids");
        const cJSON *ib = cJSON_GetObjectItemCaseSensitive(b, "topk_ids");
        const cJSON *sa = cJSON_GetObjectItemCaseSensitive(a, "topk_scores");
        const cJSON *sb = cJSON_GetObjectItemCaseSensitive(b, "topk_scores");
        assert_int_equal(cJSON_GetArraySize(ia), 5);
        assert_int_equal(cJSON_GetArraySize(ib), 5);
        /* top-1 must agree; a near-tie lower down may swap, so ranks 2..5 compare logits */
        assert_int_equal(cJSON_GetArrayItem(ia, 0)->valueint, cJSON_GetArrayItem(ib, 0)->valueint);
        for (int k = 0; k < 5; k++) {
            double x = cJSON_GetArrayItem(sa, k)->valuedouble, y = cJSON_GetArrayItem(sb, k)->valuedouble;
            if (fabs(x - y) > 1e-3 * (1.0 + fabs(x)))
                fail_msg("record %d rank %d: .pt logit %.6f vs .pt2 %.6f", i, k, x, y);
        }
    }
    cJSON_Delete(pt);
    cJSON_Delete(pt2);

    /* `compare` reads the two variants' files as it reads any two runs */
    snprintf(cmd, sizeof cmd,
             "compare '%s/both_resnet18_pt_cpu_fp32.json' '%s/both_resnet18_pt2_cpu_fp32.json' -q "
             "--name ts_vs_aoti --output-dir '%s'", dir, dir, dir);
    tu_expect_exit("compare .pt .pt2", tu_run_cli(cmd, &o), 0, &o);
    tu_output_free(&o);
    tu_csv cmp;
    tu_csv_read(dir, "ts_vs_aoti_comparison.csv", &cmp);
    assert_int_equal(cmp.n, 2);
    tu_csv_free(&cmp);
    free(dir);
}

static void pt2_refuses_options_it_cannot_apply(void **state)
{
    (void)state;
    if (!aoti_available() || !have_resnet18_pt2())
        skip();
    tu_expect_usage_error("image -m \"$LTBENCH_MODELS_DIR/resnet18.pt2\" --synthetic 1 -c 1 -n 1 "
                          "--precision bf16 -q -o csv --output-dir /tmp/aoti-never",
                          "AOTInductor package", "--precision bf16");
    tu_expect_usage_error("image -m \"$LTBENCH_MODELS_DIR/resnet18.pt2\" --synthetic 1 -c 1 -n 1 "
                          "--channels-last -q -o csv --output-dir /tmp/aoti-never",
                          "AOTInductor package", "--channels-last");
}

/* A file named .pt2 that is not a package: on a LibTorch without AOTInductor the error
 * names the version needed, else it says the package cannot be loaded. */
static void not_a_package_or_no_aoti_is_one_line(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char cmd[4096];
    tu_output o;
    snprintf(cmd, sizeof cmd, "printf 'not a zip archive' > '%s/fake.pt2'", dir);
    assert_int_equal(tu_run_shell(cmd, &o), 0);
    tu_output_free(&o);
    snprintf(cmd, sizeof cmd, "image -m '%s/fake.pt2' --synthetic 1 -c 1 -n 1 -q -o csv --output-dir '%s'",
             dir, dir);
    if (aoti_available())
        tu_expect_usage_error(cmd, "fake.pt2", "AOTInductor package");
    else
        tu_expect_usage_error(cmd, "fake.pt2", "LibTorch >= 2.6");
    free(dir);
}

static void model_list_errors(void **state)
{
    (void)state;
    tu_expect_usage_error("image -m a.pt,,b.pt -n 1", "-m", "empty model path");
    tu_expect_usage_error("image -m a.pt,a.pt -n 1", "-m", "named twice");
    tu_expect_usage_error("generate -m a.pt,b.pt -n 1", "one configuration", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pt2_matches_pt_in_one_sweep),
        cmocka_unit_test(pt2_refuses_options_it_cannot_apply),
        cmocka_unit_test(not_a_package_or_no_aoti_is_one_line),
        cmocka_unit_test(model_list_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
