/* test_image_topk.c — proof that the shim and the preprocessing are right: the
 * top-5 ids and logits ltbench records for a photo equal those of Python torch
 * (tests/reference/topk_reference.py: PIL decode, torch.jit.load, inference_mode)
 * on the same TorchScript file, within 1e-4. The photo is a 224x224 PNG, so no
 * resampling filter is involved and both sides see identical pixels. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *find_224_png(const char *images_dir)
{
    DIR *d = opendir(images_dir);
    assert_non_null(d);
    struct dirent *e;
    char *found = NULL;
    while (!found && (e = readdir(d)) != NULL)
        if (strstr(e->d_name, "_224.png"))
            found = strdup(e->d_name);
    closedir(d);
    assert_non_null(found);
    return found;
}

static void compare_with_python(const char *model_file)
{
    const char *python = getenv("LTBENCH_PYTHON");
    if (!python || !*python)
        skip();
    char *images = tu_path(tu_env("LTBENCH_ASSETS_DIR"), "images");
    char *name = find_224_png(images);
    char *src = tu_path(images, name);
    char *dir = tu_tempdir();
    char *img_dir = tu_path(dir, "img");
    char cmd[4096];
    tu_output o;
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp '%s' '%s/'", img_dir, src, img_dir);
    assert_int_equal(tu_run_shell(cmd, &o), 0);
    tu_output_free(&o);

    snprintf(cmd, sizeof cmd,
             "image -m \"$LTBENCH_MODELS_DIR/%s\" --images '%s' -c 1 -n 1 -t 1 -k 5 -o json -q "
             "--name topk --output-dir '%s'", model_file, img_dir, dir);
    assert_int_equal(tu_run_cli(cmd, &o), 0);
    tu_output_free(&o);
    char *json_path = tu_path(dir, "topk.json");
    char *text = tu_read_file(json_path);
    cJSON *j = cJSON_Parse(text);
    assert_non_null(j);
    const cJSON *lvl = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "levels"), 0);
    const cJSON *rec = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(lvl, "records"), 0);
    const cJSON *ids = cJSON_GetObjectItemCaseSensitive(rec, "topk_ids");
    const cJSON *scores = cJSON_GetObjectItemCaseSensitive(rec, "topk_scores");

    snprintf(cmd, sizeof cmd,
             "'%s' '%s/tests/reference/topk_reference.py' --model \"$LTBENCH_MODELS_DIR/%s\" "
             "--image '%s' --width 224 --height 224 --k 5 --threads 1",
             python, tu_env("LTBENCH_SOURCE_DIR"), model_file, src);
    assert_int_equal(tu_run_shell(cmd, &o), 0);
    cJSON *ref = cJSON_Parse(o.out);
    assert_non_null(ref);
    const cJSON *topk = cJSON_GetObjectItemCaseSensitive(ref, "topk");
    int k = cJSON_GetArraySize(topk);
    assert_int_equal(cJSON_GetArraySize(ids), k);
    for (int i = 0; i < k; i++) {
        const cJSON *pair = cJSON_GetArrayItem(topk, i);
        int want_id = cJSON_GetArrayItem(pair, 0)->valueint;
        double want_logit = cJSON_GetArrayItem(pair, 1)->valuedouble;
        double got_logit = cJSON_GetArrayItem(scores, i)->valuedouble;
        if (cJSON_GetArrayItem(ids, i)->valueint != want_id || fabs(got_logit - want_logit) > 1e-4)
            fail_msg("%s rank %d: ltbench (%d, %.6f) vs Python torch (%d, %.6f)", model_file, i,
                     cJSON_GetArrayItem(ids, i)->valueint, got_logit, want_id, want_logit);
    }
    cJSON_Delete(ref);
    cJSON_Delete(j);
    tu_output_free(&o);
    free(text);
    free(json_path);
    free(img_dir);
    free(dir);
    free(src);
    free(name);
    free(images);
}

static void resnet18_top5_matches_python(void **state)
{
    (void)state;
    compare_with_python("resnet18.pt");
}

static void resnet50_top5_matches_python(void **state)
{
    (void)state;
    compare_with_python("resnet50.pt");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(resnet18_top5_matches_python),
        cmocka_unit_test(resnet50_top5_matches_python),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
