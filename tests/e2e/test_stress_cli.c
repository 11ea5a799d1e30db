/* test_stress_cli.c — `ltbench stress`, `quick` and `quick-stress` end to end:
 * a few seconds of stress on the sleep target and on the identity model; the
 * time series (rows, monotonic time), the ramp-up shape (active workers rise
 * during the ramp and equal the maximum after it), request accounting, RPS in
 * every window with requests, the leak verdict, the CSV; option errors; the quick
 * tests' output and exit codes. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cJSON *obj(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v)
        fail_msg("no '%s'", key);
    return v;
}

/* The checks every short stress run (4 s, ramp 2 s, 4 workers, 0.5 s rows) passes. */
static void assert_stress_json(const char *dir, const char *file)
{
    cJSON *j = tu_read_json(dir, file);
    const cJSON *perf = obj(j, "performance_metrics");
    double total = tu_json_number(perf, "total_requests"), ok = tu_json_number(perf, "successful_requests");
    double failed = tu_json_number(perf, "failed_requests");
    assert_true(ok + failed == total);
    assert_true(tu_json_number(perf, "requests_started") == total);   /* none lost */
    assert_true(tu_json_number(perf, "interrupted_in_flight") == 0);
    assert_true(ok > 0);
    assert_true(tu_json_number(perf, "rps") > 0);
    const cJSON *lat = obj(perf, "latency_ms");
    assert_true(tu_json_number(lat, "p50") > 0 && tu_json_number(lat, "p50") <= tu_json_number(lat, "p95"));
    assert_true(tu_json_number(lat, "p95") <= tu_json_number(lat, "p99"));

    const cJSON *rows = obj(j, "time_series");
    int n = cJSON_GetArraySize(rows);
    assert_true(n >= 7 && n <= 9); /* 4 s / 0.5 s, and the tail */
    double t_prev = 0, sum = 0;
    int active_prev = 0;
    for (int i = 0; i < n; i++) {
        const cJSON *r = cJSON_GetArrayItem(rows, i);
        double t = tu_json_number(r, "t_s"), requests = tu_json_number(r, "requests");
        int active = (int)tu_json_number(r, "active_workers");
        assert_true(t > t_prev);
        assert_true(tu_json_number(r, "successes") + tu_json_number(r, "failures") == requests);
        if (requests > 0)
            assert_true(tu_json_number(r, "requests_per_sec") > 0);
        if (t <= 2.0)
            assert_true(active >= active_prev);
        if (t >= 2.05)
            assert_int_equal(active, 4);
        assert_true(tu_json_number(r, "memory_mb") > 0);
        assert_true(tu_json_number(r, "gpu_memory_mb") == -1);
        sum += requests;
        t_prev = t;
        active_prev = active;
    }
    assert_true(sum == total);
    const cJSON *leak = obj(j, "leak_check");
    assert_true(cJSON_IsString(obj(leak, "verdict")));
    tu_json_number(leak, "growth_mb_per_1k_requests");
    const cJSON *sys = obj(j, "system_metrics");
    assert_true(tu_json_number(obj(sys, "memory_mb"), "peak") > 0);
    tu_json_number(obj(sys, "cpu_pct"), "average");
    assert_true(cJSON_IsArray(obj(obj(j, "error_analysis"), "by_type")));
    assert_int_equal(tu_json_number(obj(j, "test_configuration"), "max_concurrency"), 4);
    cJSON_Delete(j);
}

static const char *kShort = "--duration 4s --ramp-up 2s --max-concurrency 4 --sample-interval 500ms";

static void stress_on_the_sleep_target(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    tu_output o;
    snprintf(args, sizeof args, "stress image --target sleep:5 %s --no-plots --output-dir '%s'",
             kShort, dir);
    assert_int_equal(tu_run_cli(args, &o), 0);
    assert_non_null(strstr(o.out, "Stress Test Results"));
    assert_non_null(strstr(o.out, "Leak check"));
    assert_stress_json(dir, "sleep_stress.json");

    char *csv = tu_path(dir, "sleep_stress.csv");
    char *line = tu_first_line(csv);
    assert_non_null(line);
    assert_int_equal(strncmp(line, "Time_Sec,Window_Sec,Requests_Per_Sec,", 37), 0);
    int rows = tu_count_lines_until_blank(csv) - 1;
    assert_true(rows >= 7 && rows <= 9);
    char *text = tu_read_file(csv);
    assert_non_null(strstr(text, "\nSummary\n"));
    assert_non_null(strstr(text, "Leak_Verdict,"));
    assert_non_null(strstr(text, "\nTest Configuration\n"));
    char *png = tu_path(dir, "sleep_stress_timeseries.png");
    assert_false(tu_file_exists(png)); /* --no-plots */
    free(png);
    free(text);
    free(line);
    free(csv);
    tu_output_free(&o);
    free(dir);
}

static void stress_on_the_identity_model(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    tu_output o;
    snprintf(args, sizeof args,
             "stress image -m \"$LTBENCH_MODELS_DIR/identity.pt\" -t 1 %s -q --output-dir '%s'",
             kShort, dir);
    assert_int_equal(tu_run_cli(args, &o), 0);
    assert_string_equal(o.out, ""); /* -q */
    assert_stress_json(dir, "identity_stress.json");
    tu_output_free(&o);
    free(dir);
}

static void failures_are_counted_by_type(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    tu_output o;
    /* every request is over the 1 ms timeout */
    snprintf(args, sizeof args,
             "stress image --target sleep:3 --timeout 0.001 --duration 1s --ramp-up 0 "
             "--max-concurrency 2 --no-plots -q --output-dir '%s'", dir);
    assert_int_equal(tu_run_cli(args, &o), 1);
    cJSON *j = tu_read_json(dir, "sleep_stress.json");
    const cJSON *types = obj(obj(j, "error_analysis"), "by_type");
    assert_int_equal(cJSON_GetArraySize(types), 1);
    const cJSON *t0 = cJSON_GetArrayItem(types, 0);
    assert_string_equal(cJSON_GetObjectItem(t0, "type")->valuestring, "timeout");
    assert_true(tu_json_number(t0, "count") == tu_json_number(obj(j, "performance_metrics"), "failed_requests"));
    cJSON_Delete(j);
    tu_output_free(&o);
    free(dir);
}

static void stress_option_errors(void **state)
{
    (void)state;
    tu_output o;
    assert_int_equal(tu_run_cli("stress", &o), 2);
    assert_non_null(strstr(o.err, "image|tts"));
    tu_output_free(&o);
    assert_int_equal(tu_run_cli("stress image --target null --duration 5parsecs", &o), 2);
    assert_non_null(strstr(o.err, "--duration"));
    tu_output_free(&o);
    assert_int_equal(tu_run_cli("stress image --target null --max-concurrency 0", &o), 2);
    tu_output_free(&o);
    assert_int_equal(tu_run_cli("stress image --bogus", &o), 2);
    tu_output_free(&o);
    assert_int_equal(tu_run_cli("stress tts --help", &o), 0);
    assert_non_null(strstr(o.out, "--ramp-up"));
    assert_non_null(strstr(o.out, "--texts"));
    tu_output_free(&o);
}

static void quick_prints_the_three_numbers(void **state)
{
    (void)state;
    tu_output o;
    assert_int_equal(tu_run_cli("quick -t 1", &o), 0);
    assert_non_null(strstr(o.out, "Classifications/s:"));
    assert_non_null(strstr(o.out, "Average latency:"));
    assert_non_null(strstr(o.out, "Success rate:      100.0%"));
    assert_non_null(strstr(o.out, "5 requests"));
    tu_output_free(&o);
}

static void quick_stress_passes_and_fails_by_exit_code(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char args[1024];
    tu_output o;
    snprintf(args, sizeof args, "quick-stress --duration 6s -t 1 --no-plots --output-dir '%s'", dir);
    assert_int_equal(tu_run_cli(args, &o), 0);
    assert_non_null(strstr(o.out, "Quick stress test: PASS"));
    char *json = tu_path(dir, "resnet18_stress.json");
    assert_true(tu_file_exists(json));
    free(json);
    tu_output_free(&o);
    /* every request fails: FAIL, exit 1 */
    snprintf(args, sizeof args, "quick-stress --target sleep:3 --timeout 0.001 --duration 1s "
                                "--no-plots -q --output-dir '%s'", dir);
    assert_int_equal(tu_run_cli(args, &o), 1);
    assert_non_null(strstr(o.out, "Quick stress test: FAIL"));
    tu_output_free(&o);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stress_on_the_sleep_target),
        cmocka_unit_test(stress_on_the_identity_model),
        cmocka_unit_test(failures_are_counted_by_type),
        cmocka_unit_test(stress_option_errors),
        cmocka_unit_test(quick_prints_the_three_numbers),
        cmocka_unit_test(quick_stress_passes_and_fails_by_exit_code),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
