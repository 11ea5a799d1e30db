/* test_compare.c — `ltbench compare` on hand-made result files: levels matched by
 * (concurrency, batch), the overhead split into model time and transport +
 * serialisation, the three files it writes, and one clear line (exit 2) for a
 * missing file, a file that is not an ltbench result, or runs of different tasks. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"
#include "commands.h"
#include "compare.h"
#include "unit_helpers.h"

#include <math.h>

/* A level's JSON: latency mean, forward mean, server mean (< 0: null). */
static void level_json(char *out, size_t cap, int concurrency, int batch, double mean_ms,
                       double forward_ms, double server_ms)
{
    char server[32];
    if (server_ms < 0)
        snprintf(server, sizeof server, "null");
    else
        snprintf(server, sizeof server, "%.3f", server_ms);
    snprintf(out, cap,
             "{\"concurrency\": %d, \"batch\": %d, \"skipped\": false, \"metrics\": {"
             "\"ips\": %.3f, \"asps\": 0, \"rps\": %.3f, \"success_rate_pct\": 100, "
             "\"latency\": {\"p50\": %.3f, \"p95\": %.3f, \"p99\": %.3f, \"mean\": %.3f}, "
             "\"mean_forward_ms\": %.3f, \"mean_server_ms\": %s}, \"records\": []}",
             concurrency, batch, 1000.0 * concurrency * batch / mean_ms, 1000.0 * concurrency / mean_ms,
             mean_ms - 1, mean_ms + 2, mean_ms + 3, mean_ms, forward_ms, server);
}

static char *write_text(const char *dir, const char *name, const char *text)
{
    char *path = tu_path(dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* in-process: c1 latency 40 (forward 38), c2 latency 50 (forward 46);
 * HTTP: c1 latency 45 (server 39), c2 latency 60 (server 48), c4 only here. */
static void write_pair(const char *dir, char **inproc, char **http, const char *http_task)
{
    char l1[1024], l2[1024], l3[1024], text[4096];
    level_json(l1, sizeof l1, 1, 1, 40, 38, -1);
    level_json(l2, sizeof l2, 2, 1, 50, 46, -1);
    snprintf(text, sizeof text, "{\"ltbench\": {}, \"config\": {\"task\": \"image\", \"model_path\": "
             "\"resnet18.pt\"}, \"levels\": [%s, %s]}", l1, l2);
    *inproc = write_text(dir, "resnet18.json", text);
    level_json(l1, sizeof l1, 2, 1, 60, 0, 48);
    level_json(l2, sizeof l2, 1, 1, 45, 0, 39);
    level_json(l3, sizeof l3, 4, 1, 90, 0, 80);
    snprintf(text, sizeof text, "{\"ltbench\": {}, \"config\": {\"task\": \"%s\", \"model_path\": "
             "\"http://127.0.0.1:8000\"}, \"levels\": [%s, %s, %s]}", http_task, l1, l2, l3);
    *http = write_text(dir, "resnet18_http.json", text);
}

static void levels_match_and_overhead_splits_into_model_and_transport(void **state)
{
    (void)state;
    char *dir = tu_tempdir(), *a, *b;
    write_pair(dir, &a, &b, "image");
    char err[512];
    ltb_compare_file files[2];
    assert_int_equal(ltb_compare_load(a, &files[0], err, sizeof err), 0);
    assert_int_equal(ltb_compare_load(b, &files[1], err, sizeof err), 0);
    assert_string_equal(files[1].label, "resnet18_http");
    assert_string_equal(files[1].target, "http://127.0.0.1:8000");
    const ltb_compare_point *base = ltb_compare_find(&files[0], 1, 1);
    const ltb_compare_point *http = ltb_compare_find(&files[1], 1, 1);
    assert_non_null(base);
    assert_non_null(http);
    assert_false(base->model_from_server);
    assert_true(http->model_from_server);
    ltb_overhead o = ltb_compare_overhead(base, http);
    assert_float_equal(o.total_ms, 5.0, 1e-9);
    assert_float_equal(o.model_ms, 1.0, 1e-9);           /* 39 - 38 */
    assert_float_equal(o.transport_ms, 4.0, 1e-9);       /* (45 - 39) - (40 - 38) */
    o = ltb_compare_overhead(ltb_compare_find(&files[0], 2, 1), ltb_compare_find(&files[1], 2, 1));
    assert_float_equal(o.transport_ms, 8.0, 1e-9);       /* (60 - 48) - (50 - 46) */
    assert_null(ltb_compare_find(&files[0], 4, 1));
    assert_true(isnan(ltb_compare_overhead(NULL, http).total_ms));
    for (int k = 0; k < 2; k++)
        ltb_compare_file_free(&files[k]);
    uh_remove_dir(dir);
    free(a);
    free(b);
    free(dir);
}

static void compare_writes_three_files(void **state)
{
    (void)state;
    char *dir = tu_tempdir(), *a, *b;
    write_pair(dir, &a, &b, "image");
    char *out = tu_path(dir, "out");
    char *argv[] = {"compare", a, b, "--output-dir", out, "--name", "cmp", "-q", NULL};
    assert_int_equal(cmd_compare(8, argv), 0);

    char *csv = tu_path(out, "cmp_comparison.csv");
    char *text = tu_read_file(csv), line[4096];
    assert_non_null(text);
    assert_non_null(strstr(uh_line_at(text, 0, line, sizeof line), "Concurrency,Batch,IPS,RPS,Latency_p50_ms"));
    assert_int_equal(tu_count_lines(text), 1 + 2 * 2);    /* a row per file per level of the first */
    free(text);

    char *detailed = tu_path(out, "cmp_detailed_comparison.csv");
    text = tu_read_file(detailed);
    assert_non_null(text);
    uh_line_at(text, 0, line, sizeof line);
    assert_non_null(strstr(line, "resnet18_IPS"));
    assert_non_null(strstr(line, "resnet18_http_Transport_Overhead_ms"));
    assert_int_equal(uh_count_fields(line), 2 + 7 + 10);
    assert_non_null(strstr(uh_line_at(text, 1, line, sizeof line), "1,1,"));
    assert_int_equal(uh_count_fields(line), 2 + 7 + 10);
    free(text);

    char *json_path = tu_path(out, "cmp.json");
    text = tu_read_file(json_path);
    cJSON *root = uh_parse_json(text);
    cJSON *level = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "levels"), 0);
    cJSON *http = cJSON_GetArrayItem(cJSON_GetObjectItem(level, "results"), 1);
    cJSON *overhead = cJSON_GetObjectItem(http, "overhead_ms");
    assert_float_equal(cJSON_GetObjectItem(overhead, "transport")->valuedouble, 4.0, 1e-9);
    assert_string_equal(cJSON_GetObjectItem(http, "model_time_source")->valuestring,
                        "server_processing_time");
    cJSON_Delete(root);
    free(text);
    uh_remove_dir(dir);
    free(json_path);
    free(detailed);
    free(csv);
    free(out);
    free(a);
    free(b);
    free(dir);
}

static void bad_inputs_give_one_line_and_exit_2(void **state)
{
    (void)state;
    char *dir = tu_tempdir(), *a, *b;
    write_pair(dir, &a, &b, "tts");
    char *not_json = write_text(dir, "notes.json", "hello");
    char *not_ours = write_text(dir, "other.json", "{\"levels\": []}");
    char *missing = tu_path(dir, "missing.json");
    char *out = tu_path(dir, "out");
    char *cases[][2] = {{a, missing}, {a, not_json}, {not_ours, a}, {a, b}};
    const char *needles[] = {"missing.json", "notes.json", "other.json", "compare runs of one task"};
    for (int i = 0; i < 4; i++) {
        char *argv[] = {"compare", cases[i][0], cases[i][1], "--output-dir", out, "-q", NULL};
        char cmd[8192];
        snprintf(cmd, sizeof cmd, "\"$LTBENCH_BIN\" compare '%s' '%s' --output-dir '%s' -q",
                 argv[1], argv[2], out);
        tu_output o;
        int code = tu_run_shell(cmd, &o);
        if (code != 2 || !tu_is_one_line(o.err) || !strstr(o.err, needles[i]))
            fail_msg("%s\n  exit %d, stderr: %s", cmd, code, o.err ? o.err : "");
        tu_output_free(&o);
    }
    char *one[] = {"compare", a, NULL};
    assert_int_equal(cmd_compare(2, one), 2);
    assert_false(tu_file_exists(out));
    uh_remove_dir(dir);
    free(out);
    free(missing);
    free(not_ours);
    free(not_json);
    free(a);
    free(b);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(levels_match_and_overhead_splits_into_model_and_transport),
        cmocka_unit_test(compare_writes_three_files),
        cmocka_unit_test(bad_inputs_give_one_line_and_exit_2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
