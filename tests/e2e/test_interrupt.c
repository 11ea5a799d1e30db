/* test_interrupt.c — Ctrl-C mid-run: the first SIGINT/SIGTERM stops new requests,
 * lets those in flight finish and writes every file for what was measured, marked
 * partial (exit 130); requests still running after --drain-timeout are recorded as
 * interrupted, in the benchmark and the stress test alike; a second signal exits
 * at once without waiting. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Starts `ltbench ARGS... --output-dir out_dir --name run` (args NULL-terminated),
 * stdout to /dev/null, stderr to out_dir/stderr. */
static pid_t start_with(const char *out_dir, const char *const *args)
{
    const char *argv[64];
    int n = 0;
    argv[n++] = tu_env("LTBENCH_BIN");
    for (int i = 0; args[i] && n < 58; i++)
        argv[n++] = args[i];
    argv[n++] = "--output-dir";
    argv[n++] = out_dir;
    argv[n++] = "--name";
    argv[n++] = "run";
    argv[n] = NULL;
    char *err_path = tu_path(out_dir, "stderr");
    pid_t pid = tu_spawn(argv, NULL, err_path);
    free(err_path);
    return pid;
}

static pid_t start_ltbench(const char *out_dir, const char *target, int concurrency)
{
    char c[16];
    snprintf(c, sizeof c, "%d", concurrency);
    const char *args[] = {"image", "--target", target, "--synthetic", "1", "-c", c, "-n", "100000",
                          "--warmup", "0", "-o", "table,csv,json", NULL};
    return start_with(out_dir, args);
}

/* Exit code of pid, waiting at most limit_s (then kills it and fails). */
static int wait_exit(pid_t pid, int limit_s)
{
    return tu_wait_exit(pid, limit_s, "ltbench after the signal");
}

/* Waits (at most a minute) until the run has started: the plan line on stderr
 * (`mark`) is printed just before the first timed request. */
static void wait_for_line(const char *dir, const char *mark)
{
    char *path = tu_path(dir, "stderr");
    tu_wait_for_text(path, mark, 60, "ltbench did not start its run");
    free(path);
}

static void wait_for_start(const char *dir)
{
    wait_for_line(dir, "requests per level");
}

static int temp_files_left(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    while (d && (e = readdir(d)) != NULL)
        n += strstr(e->d_name, ".tmp") != NULL;   /* atomic writes leave none */
    if (d)
        closedir(d);
    return n;
}

static void first_signal_writes_what_was_measured(void **state)
{
    (void)state;
    int signals[] = {SIGINT, SIGTERM};
    for (int s = 0; s < 2; s++) {
        char *dir = tu_tempdir();
        pid_t pid = start_ltbench(dir, "sleep:5", 2);
        wait_for_start(dir);
        tu_pause_ms(1000);   /* the run measures for a second */
        kill(pid, signals[s]);
        assert_int_equal(wait_exit(pid, 30), 130);

        char *json_path = tu_path(dir, "run.json");
        char *text = tu_read_file(json_path);
        assert_non_null(text);
        cJSON *j = cJSON_Parse(text);
        assert_non_null(j);
        assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "interrupted")));
        const cJSON *lvl = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "levels"), 0);
        int records = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(lvl, "records"));
        assert_true(records > 10 && records < 100000);
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(lvl, "metrics");
        assert_int_equal((int)cJSON_GetObjectItemCaseSensitive(m, "failed_requests")->valuedouble, 0);
        char *csv = tu_path(dir, "run_detailed.csv");
        assert_int_equal(tu_count_lines_until_blank(csv), 1 + records);
        assert_int_equal(temp_files_left(dir), 0);
        cJSON_Delete(j);
        free(csv);
        free(text);
        free(json_path);
        free(dir);
    }
}

static void second_signal_exits_at_once(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    pid_t pid = start_ltbench(dir, "sleep:20000", 1);   /* one request takes 20 s */
    wait_for_start(dir);
    tu_pause_ms(300);
    kill(pid, SIGINT);
    tu_pause_ms(300);
    kill(pid, SIGINT);
    assert_int_equal(wait_exit(pid, 10), 130);   /* well before the 20 s request ends */
    char *json_path = tu_path(dir, "run.json");
    assert_false(tu_file_exists(json_path));
    free(json_path);
    free(dir);
}

/* Every record of the only level failed as interrupted; returns how many. */
static int interrupted_records(const cJSON *run)
{
    const cJSON *lvl = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(run, "levels"), 0);
    const cJSON *records = cJSON_GetObjectItemCaseSensitive(lvl, "records");
    const cJSON *r;
    cJSON_ArrayForEach(r, records) {
        assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(r, "ok")));
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(r, "error");
        assert_true(cJSON_IsString(e));
        assert_non_null(strstr(e->valuestring, "interrupted"));
    }
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(lvl, "metrics");
    assert_int_equal((int)tu_json_number(m, "failed_requests"), cJSON_GetArraySize(records));
    return cJSON_GetArraySize(records);
}

static void drain_timeout_bounds_the_wait_for_requests_in_flight(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    /* two workers, each in a request that takes 60 s; a 1 s drain */
    const char *args[] = {"image", "--target", "sleep:60000", "--synthetic", "1", "-c", "2", "-n", "10",
                          "--warmup", "0", "--drain-timeout", "1", "-o", "table,csv,json", NULL};
    pid_t pid = start_with(dir, args);
    wait_for_start(dir);
    tu_pause_ms(300);
    kill(pid, SIGINT);
    assert_int_equal(wait_exit(pid, 30), 130);   /* long before the requests would end */

    cJSON *j = tu_read_json(dir, "run.json");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "interrupted")));
    assert_int_equal((int)tu_json_number(j, "workers_left_running"), 2);
    assert_int_equal(interrupted_records(j), 2);   /* both in-flight requests, none lost */
    char *csv = tu_path(dir, "run_detailed.csv");
    char *text = tu_read_file(csv);
    assert_int_equal(tu_count_lines_until_blank(csv), 1 + 2);
    assert_non_null(strstr(text, "interrupted: still running"));
    assert_int_equal(temp_files_left(dir), 0);
    char *err_path = tu_path(dir, "stderr");
    char *err = tu_read_file(err_path);
    assert_non_null(strstr(err, "drain timeout"));
    free(err);
    free(err_path);
    free(text);
    free(csv);
    cJSON_Delete(j);
    free(dir);
}

static void stress_drain_timeout_counts_requests_in_flight(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    const char *args[] = {"stress", "image", "--target", "sleep:60000", "--synthetic", "1",
                          "--duration", "10m", "--ramp-up", "0", "--max-concurrency", "3",
                          "--warmup", "0", "--drain-timeout", "0.5", "--no-plots", NULL};
    pid_t pid = start_with(dir, args);
    wait_for_line(dir, "ltbench stress image");
    tu_pause_ms(500);
    kill(pid, SIGTERM);
    assert_int_equal(wait_exit(pid, 30), 130);

    cJSON *j = tu_read_json(dir, "run_stress.json");
    const cJSON *perf = cJSON_GetObjectItemCaseSensitive(j, "performance_metrics");
    double started = tu_json_number(perf, "requests_started");
    assert_true(started >= 1 && started <= 3);       /* the ramp is instant: all three, */
    assert_true(tu_json_number(perf, "total_requests") == started);   /* none lost */
    assert_true(tu_json_number(perf, "failed_requests") == started);
    assert_true(tu_json_number(perf, "interrupted_in_flight") == started);
    const cJSON *types = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(j, "error_analysis"), "by_type");
    const cJSON *first = cJSON_GetArrayItem(types, 0);
    assert_non_null(first);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(first, "type")->valuestring, "interrupted");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(j, "test_configuration"), "interrupted")));
    assert_int_equal(temp_files_left(dir), 0);
    cJSON_Delete(j);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(first_signal_writes_what_was_measured),
        cmocka_unit_test(second_signal_exits_at_once),
        cmocka_unit_test(drain_timeout_bounds_the_wait_for_requests_in_flight),
        cmocka_unit_test(stress_drain_timeout_counts_requests_in_flight),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
