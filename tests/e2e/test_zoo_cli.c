/* test_zoo_cli.c — the zoo's image classifiers (models/export_zoo_models.py) load in
 * C++ and meet the classification contract: `ltbench image -m <zoo model>` runs a tiny
 * batched level on each, every request succeeds, and each image gets top-5 classes.
 * The default classifiers must be exported; the on-demand ones (scripts/setup --zoo all)
 * are run when present. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 2
#define REQUESTS 2

/* Runs model at batch BATCH; checks the JSON's level and first record. */
static void run_classifier(const char *model, int required)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.pt", tu_env("LTBENCH_MODELS_DIR"), model);
    if (!tu_file_exists(path)) {
        if (required)
            fail_msg("%s: not exported (the models target exports the default zoo)", path);
        print_message("%s: not exported (on demand: scripts/setup --zoo all); not run\n", model);
        return;
    }
    char *dir = tu_tempdir();
    char args[8192];
    tu_output o;
    snprintf(args, sizeof args,
             "image -m '%s' -c 1 -n %d --warmup 1 -t 2 -b %d -o csv,json -q --no-plots "
             "--output-dir '%s' --name zoo",
             path, REQUESTS, BATCH, dir);
    if (tu_run_cli(args, &o) != 0)
        fail_msg("%s: exit %d: %s", model, o.code, o.err);
    tu_output_free(&o);
    tu_assert_csv_header(dir, "zoo_summary.csv", TU_IMAGE_SUMMARY_HEADER);
    cJSON *j = tu_read_json(dir, "zoo.json");
    const cJSON *levels = cJSON_GetObjectItemCaseSensitive(j, "levels");
    assert_int_equal(cJSON_GetArraySize(levels), 1);
    const cJSON *lvl = cJSON_GetArrayItem(levels, 0);
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(lvl, "metrics");
    if (tu_json_number(m, "success_rate_pct") != 100.0)
        fail_msg("%s: success rate %.1f%%", model, tu_json_number(m, "success_rate_pct"));
    /* IPS x T_wall counts images: BATCH per request */
    assert_float_equal(tu_json_number(m, "ips") * tu_json_number(m, "wall_s"),
                       REQUESTS * BATCH, 1e-6);
    const cJSON *records = cJSON_GetObjectItemCaseSensitive(lvl, "records");
    assert_int_equal(cJSON_GetArraySize(records), REQUESTS);
    const cJSON *ids = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(records, 0),
                                                        "topk_ids");
    assert_int_equal(cJSON_GetArraySize(ids), 5);
    print_message("%s: %.2f images/s at batch %d (tiny run, not a measurement)\n", model,
                  tu_json_number(m, "ips"), BATCH);
    cJSON_Delete(j);
    free(dir);
}

static void default_zoo_classifiers_run(void **state)
{
    (void)state;
    run_classifier("mobilenet_v3_large", 1);
    run_classifier("efficientnet_b0", 1);
    run_classifier("vit_tiny", 1);
}

static void on_demand_zoo_classifiers_run_when_exported(void **state)
{
    (void)state;
    run_classifier("convnext_tiny", 0);
    run_classifier("vit_b_16", 0);
    run_classifier("swin_t", 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_zoo_classifiers_run),
        cmocka_unit_test(on_demand_zoo_classifiers_run_when_exported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
