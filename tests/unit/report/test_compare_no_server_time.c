/* test_compare_no_server_time.c — `ltbench compare` of an in-process run against a
 * server that reports no processing time (MLServer, TorchServe: no processing_time in
 * their answers): the total overhead is known, its split into model and transport is
 * not, so it is "-" on the console, empty in the CSV, null in the JSON with
 * model_time_source "none" — never "model = −forward, transport = the whole latency",
 * which an HTTP run's zero forward time would give. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"
#include "commands.h"
#include "compare.h"
#include "unit_helpers.h"

#include <math.h>

static char *write_result(const char *dir, const char *name, const char *target, double mean_ms,
                          double forward_ms)
{
    char text[2048];
    snprintf(text, sizeof text,
             "{\"ltbench\": {}, \"config\": {\"task\": \"image\", \"model_path\": \"%s\"}, \"levels\": "
             "[{\"concurrency\": 1, \"batch\": 1, \"skipped\": false, \"metrics\": {\"ips\": 10, "
             "\"asps\": 0, \"rps\": 10, \"success_rate_pct\": 100, \"latency\": {\"p50\": %.3f, "
             "\"p95\": %.3f, \"p99\": %.3f, \"mean\": %.3f}, \"mean_forward_ms\": %.3f, "
             "\"mean_server_ms\": null}, \"records\": []}]}",
             target, mean_ms, mean_ms, mean_ms, mean_ms, forward_ms);
    char *path = tu_path(dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void split_is_unknown_without_the_servers_time(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *a = write_result(dir, "inproc.json", "resnet18.pt", 40, 38);
    char *b = write_result(dir, "torchserve.json", "http://127.0.0.1:8080", 55, 0);
    ltb_compare_file files[2];
    char err[256];
    assert_int_equal(ltb_compare_load(a, &files[0], err, sizeof err), 0);
    assert_int_equal(ltb_compare_load(b, &files[1], err, sizeof err), 0);
    const ltb_compare_point *base = ltb_compare_find(&files[0], 1, 1);
    const ltb_compare_point *served = ltb_compare_find(&files[1], 1, 1);
    assert_float_equal(base->model_ms, 38.0, 1e-9);          /* in-process: its forward */
    assert_true(isnan(served->model_ms));
    ltb_overhead o = ltb_compare_overhead(base, served);
    assert_float_equal(o.total_ms, 15.0, 1e-9);
    assert_true(isnan(o.model_ms));
    assert_true(isnan(o.transport_ms));
    for (int k = 0; k < 2; k++)
        ltb_compare_file_free(&files[k]);

    char *out = tu_path(dir, "out");
    char *argv[] = {"compare", a, b, "--output-dir", out, "--name", "cmp", "-q", NULL};
    assert_int_equal(cmd_compare(8, argv), 0);
    char *json_path = tu_path(out, "cmp.json");
    char *text = tu_read_file(json_path);
    cJSON *root = uh_parse_json(text);
    cJSON *level = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "levels"), 0);
    cJSON *result = cJSON_GetArrayItem(cJSON_GetObjectItem(level, "results"), 1);
    cJSON *overhead = cJSON_GetObjectItem(result, "overhead_ms");
    assert_float_equal(cJSON_GetObjectItem(overhead, "total")->valuedouble, 15.0, 1e-9);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(overhead, "model")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(overhead, "transport")));
    assert_string_equal(cJSON_GetObjectItem(result, "model_time_source")->valuestring, "none");
    cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(level, "results"), 0);
    assert_string_equal(cJSON_GetObjectItem(first, "model_time_source")->valuestring, "forward");
    cJSON_Delete(root);
    free(text);
    free(json_path);
    free(out);
    uh_remove_dir(dir);
    free(a);
    free(b);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(split_is_unknown_without_the_servers_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
