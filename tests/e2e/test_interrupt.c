/* test_interrupt.c — Ctrl-C mid-run: the first SIGINT/SIGTERM stops new requests,
 * lets those in flight finish and writes every file for what was measured, marked
 * partial (exit 130); a second signal exits at once without waiting. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pid_t start_ltbench(const char *out_dir, const char *target, int concurrency)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char c[16];
        snprintf(c, sizeof c, "%d", concurrency);
        if (!freopen("/dev/null", "w", stdout))
            _exit(126);
        char err_path[4200];
        snprintf(err_path, sizeof err_path, "%s/stderr", out_dir);
        if (!freopen(err_path, "w", stderr))
            _exit(126);
        execl(tu_env("LTBENCH_BIN"), "ltbench", "image", "--target", target, "--synthetic", "1",
              "-c", c, "-n", "1000000", "--warmup", "0", "-o", "table,csv,json", "--output-dir",
              out_dir, "--name", "run", (char *)NULL);
        _exit(127);
    }
    return pid;
}

static void pause_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Exit code of pid, waiting at most limit_s (then kills it and fails). */
static int wait_exit(pid_t pid, int limit_s)
{
    int status;
    for (int i = 0; i < limit_s * 20; i++) {
        if (waitpid(pid, &status, WNOHANG) == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        pause_ms(50);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    fail_msg("ltbench did not exit within %d s of the signal", limit_s);
    return -1;
}

/* Waits (at most a minute) until the run has started: the plan line on stderr is
 * printed just before the first timed request. */
static void wait_for_start(const char *dir)
{
    char *path = tu_path(dir, "stderr");
    for (int i = 0; i < 600; i++) {
        char *text = tu_read_file(path);
        int started = text && strstr(text, "requests per level");
        free(text);
        if (started) {
            free(path);
            return;
        }
        pause_ms(100);
    }
    fail_msg("ltbench did not start its run within a minute");
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
        pause_ms(500);
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
        assert_true(records > 10 && records < 1000000);
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
    pause_ms(300);
    kill(pid, SIGINT);
    pause_ms(300);
    kill(pid, SIGINT);
    assert_int_equal(wait_exit(pid, 10), 130);   /* well before the 20 s request ends */
    char *json_path = tu_path(dir, "run.json");
    assert_false(tu_file_exists(json_path));
    free(json_path);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(first_signal_writes_what_was_measured),
        cmocka_unit_test(second_signal_exits_at_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
