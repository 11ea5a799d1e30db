/* test_mpi_faults.c — faults of an MPI fleet (an LTBENCH_MPI build only): a rank
 * whose model does not open is reported with its reason while the other still
 * runs and reports, and a rank that hangs is reported missing after
 * --rank-timeout instead of hanging the job; both fail the fleet (exit 3).
 * `--device cuda` binds rank r to cuda:r, and here (no CUDA) both ranks fail with
 * the reason. Ctrl-C / SIGTERM mid-run (to mpirun, or to every rank as Slurm
 * does) writes the fleet files marked interrupted. A fleet runs through
 * `mpirun --hostfile`. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static cJSON *fleet_rank(cJSON *root, int r)
{
    return cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "fleet"), "ranks"), r);
}

static void a_rank_whose_model_does_not_open_is_reported_and_the_other_still_runs(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char rest[2048];
    tu_output o;
    const char *common = "--synthetic 2 -c 1 -n 5 --warmup 1 --no-plots -q";
    snprintf(rest, sizeof rest,
             "-np 1 \"$LTBENCH_BIN\" image -m \"$LTBENCH_MODELS_DIR/identity.pt\" %s --output-dir '%s'"
             " : -np 1 \"$LTBENCH_BIN\" image -m '%s/missing_model.pt' %s --output-dir '%s'",
             common, dir, dir, common, dir);
    int code = tu_run_mpi(rest, &o);
    tu_expect_exit("fleet with a rank that cannot open its model", code, 3, &o);
    cJSON *root = tu_read_json(dir, "identity.json");
    cJSON *ok = fleet_rank(root, 0), *failed = fleet_rank(root, 1);
    assert_string_equal(cJSON_GetObjectItem(ok, "status")->valuestring, "ok");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(ok, "levels")), 1);
    assert_string_equal(cJSON_GetObjectItem(failed, "status")->valuestring, "failed");
    assert_non_null(strstr(cJSON_GetObjectItem(failed, "error")->valuestring, "missing_model.pt"));
    assert_int_equal(tu_json_number(cJSON_GetObjectItem(root, "fleet"), "ranks_failed"), 1);
    char *path = tu_path(dir, "identity_summary.csv");
    assert_int_equal(tu_count_lines_until_blank(path), 1 + 1); /* rank 0's level only */
    cJSON_Delete(root);
    free(path);
    tu_output_free(&o);
    free(dir);
}

static void a_rank_that_hangs_is_reported_missing_after_the_rank_timeout(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char rest[2048];
    tu_output o;
    /* rank 1's first request takes 10 minutes: far past the 1 s rank timeout */
    snprintf(rest, sizeof rest,
             "-np 2 \"$LTBENCH_BIN\" image -m \"$LTBENCH_MODELS_DIR/identity.pt\" --synthetic 2 "
             "-c 1,2 -n 5 --warmup 0 --rank-delay-ms 1:600000 --rank-timeout 1 --no-plots -q "
             "--output-dir '%s'", dir);
    int code = tu_run_mpi(rest, &o);
    tu_expect_exit("fleet with a hung rank", code, 3, &o);
    cJSON *root = tu_read_json(dir, "identity.json");
    cJSON *missing = fleet_rank(root, 1);
    assert_string_equal(cJSON_GetObjectItem(missing, "status")->valuestring, "missing");
    assert_non_null(strstr(cJSON_GetObjectItem(missing, "error")->valuestring, "no results"));
    assert_string_equal(cJSON_GetObjectItem(fleet_rank(root, 0), "status")->valuestring, "ok");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(fleet_rank(root, 0), "levels")), 2);
    assert_int_equal(tu_json_number(cJSON_GetObjectItem(root, "fleet"), "ranks_missing"), 1);
    cJSON_Delete(root);
    tu_output_free(&o);
    free(dir);
}

/* ---- Ctrl-C / SIGTERM mid-run -------------------------------------------------------- */

/* Starts `mpirun -np 2 ltbench image` on the sleep target (5 ms a request: a few
 * hundred records a second, so rank 0 writes its files well inside the 1 s mpirun
 * grants after its SIGTERM) with far more requests than it will run; stdout and
 * stderr into dir. LTBENCH_PROGRESS=1: rank 0's progress line shows that the
 * timed part has begun, i.e. both ranks have passed the first level's barrier. */
static pid_t start_long_fleet(const char *dir)
{
    const char *argv[40];
    int n = 0;
    argv[n++] = tu_env("LTBENCH_MPIEXEC");
    argv[n++] = "--oversubscribe";
    if (geteuid() == 0)
        argv[n++] = "--allow-run-as-root";
    const char *rest[] = {"-np", "2", tu_env("LTBENCH_BIN"), "image", "--target", "sleep:5",
                          "--synthetic", "1", "-c", "2", "-n", "1000000", "--warmup", "0",
                          "--no-plots", "--output-dir", dir, "--name", "run", NULL};
    for (int i = 0; rest[i]; i++)
        argv[n++] = rest[i];
    argv[n] = NULL;
    char *out = tu_path(dir, "stdout"), *err = tu_path(dir, "stderr");
    setenv("LTBENCH_PROGRESS", "1", 1);
    pid_t pid = tu_spawn(argv, out, err);
    unsetenv("LTBENCH_PROGRESS");
    tu_wait_for_text(err, "concurrency 2, batch 1:", 120, "the fleet's timed part did not start");
    tu_pause_ms(1000); /* it measures for a second */
    free(out);
    free(err);
    return pid;
}

/* Both ranks measured, both were stopped, and rank 0 wrote every fleet file saying so. */
static void assert_interrupted_fleet_files(const char *dir)
{
    cJSON *root = tu_read_json(dir, "run.json");
    cJSON *fleet = cJSON_GetObjectItem(root, "fleet");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(root, "interrupted")));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(fleet, "interrupted")));
    assert_int_equal(tu_json_number(fleet, "ranks_interrupted"), 2);
    assert_int_equal(tu_json_number(fleet, "exit_code"), 130);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(fleet, "ranks")), 2);
    for (int r = 0; r < 2; r++) {
        cJSON *rank = fleet_rank(root, r);
        assert_string_equal(cJSON_GetObjectItem(rank, "status")->valuestring, "ok");
        assert_true(cJSON_IsTrue(cJSON_GetObjectItem(rank, "interrupted")));
        cJSON *level = cJSON_GetArrayItem(cJSON_GetObjectItem(rank, "levels"), 0);
        assert_non_null(level);
        assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(level, "records")) > 0);
    }
    char *summary = tu_path(dir, "run_summary.csv");
    assert_int_equal(tu_count_lines_until_blank(summary), 1 + 2); /* a row per rank */
    char *fleet_csv_path = tu_path(dir, "run_fleet.csv");
    char *fleet_csv = tu_read_file(fleet_csv_path);
    assert_non_null(fleet_csv);
    assert_non_null(strstr(fleet_csv, "\nInterrupted,True\n"));
    assert_non_null(strstr(fleet_csv, "\nRanks_Interrupted,2\n"));
    char *out_path = tu_path(dir, "stdout");
    char *table = tu_read_file(out_path);
    assert_non_null(table);
    assert_non_null(strstr(table, "Fleet verdict: INTERRUPTED, partial results (2 of 2 ranks"));
    free(table);
    free(out_path);
    free(fleet_csv);
    free(fleet_csv_path);
    free(summary);
    cJSON_Delete(root);
}

/* Ctrl-C at the terminal (or SIGTERM) reaches mpirun alone: Open MPI puts each rank
 * in a process group of its own. mpirun then sends every rank SIGTERM about a second
 * later and SIGKILL a second after that (both odls_base_sigkill_timeout, measured);
 * each rank stops as on Ctrl-C, rank 0 gathers and writes the fleet files. mpirun's status is its own: Open MPI 4.1
 * exits 1 on this path whatever the ranks return (measured with ranks exiting 130,
 * 0 and 7); a launcher that passes rank 0's 130 through is accepted too. */
static void ctrl_c_to_mpirun_writes_the_fleet_files_marked_interrupted(void **state)
{
    (void)state;
    int signals[] = {SIGINT, SIGTERM};
    for (int s = 0; s < 2; s++) {
        char *dir = tu_tempdir();
        pid_t mpirun = start_long_fleet(dir);
        kill(mpirun, signals[s]);
        int code = tu_wait_exit(mpirun, 60, "mpirun after the signal");
        if (code != 1 && code != 130)
            fail_msg("mpirun after signal %d: exit %d, expected 1 (Open MPI's own) or 130",
                     signals[s], code);
        assert_interrupted_fleet_files(dir);
        free(dir);
    }
}

/* Slurm's scancel (and srun's double Ctrl-C) signals every task itself, and the job
 * ends as the ranks do: rank 0's 130 is the job's status (mpirun reports the first
 * rank that exits non-zero; the other ranks exit 0 once their results are handed
 * over). Signalling mpirun's ranks directly does the same here. */
static void a_signal_to_every_rank_as_slurm_sends_exits_130(void **state)
{
    (void)state;
    int signals[] = {SIGTERM, SIGINT};
    for (int s = 0; s < 2; s++) {
        char *dir = tu_tempdir();
        pid_t mpirun = start_long_fleet(dir);
        pid_t ranks[8];
        int n = tu_children_of(mpirun, ranks, 8);
        if (n != 2) {
            kill(mpirun, SIGKILL);
            fail_msg("mpirun has %d child processes, expected the 2 ranks", n);
        }
        for (int r = 0; r < n; r++)
            kill(ranks[r], signals[s]);
        int code = tu_wait_exit(mpirun, 60, "mpirun after its ranks were signalled");
        if (code != 130) {
            char *err_path = tu_path(dir, "stderr");
            char *err = tu_read_file(err_path);
            print_message("mpirun's stderr:\n%s\n", err ? err : "");
            fail_msg("signal %d to every rank: exit %d, expected 130", signals[s], code);
        }
        assert_interrupted_fleet_files(dir);
        free(dir);
    }
}

/* ---- devices and hosts ------------------------------------------------------------- */

static int cuda_available(void)
{
    tu_output o;
    tu_expect_exit("ltbench info", tu_run_cli("info", &o), 0, &o);
    int yes = strstr(o.out, "cuda available yes") != NULL;
    tu_output_free(&o);
    return yes;
}

/* `--device cuda` binds rank r (local rank r on this one node) to cuda:r. Without
 * CUDA each rank fails to open its device and says why; the fleet fails (exit 3). */
static void device_cuda_binds_each_rank_to_its_local_gpu(void **state)
{
    (void)state;
    if (cuda_available())
        skip(); /* tests/gpu runs CUDA; here each rank would run */
    char *dir = tu_tempdir();
    char rest[2048];
    tu_output o;
    snprintf(rest, sizeof rest,
             "-np 2 \"$LTBENCH_BIN\" image -m \"$LTBENCH_MODELS_DIR/identity.pt\" --device cuda "
             "--synthetic 2 -c 1 -n 5 --no-plots --output-dir '%s'", dir);
    int code = tu_run_mpi(rest, &o);
    tu_expect_exit("fleet on cuda without CUDA", code, 3, &o);
    cJSON *root = tu_read_json(dir, "identity.json");
    for (int r = 0; r < 2; r++) {
        char want[16];
        snprintf(want, sizeof want, "cuda:%d", r);
        cJSON *rank = fleet_rank(root, r);
        assert_string_equal(cJSON_GetObjectItem(rank, "device")->valuestring, want);
        assert_string_equal(cJSON_GetObjectItem(rank, "status")->valuestring, "failed");
        const char *error = cJSON_GetObjectItem(rank, "error")->valuestring;
        assert_non_null(strstr(error, want));
        assert_non_null(strstr(error, "not available"));
    }
    cJSON *fleet = cJSON_GetObjectItem(root, "fleet");
    assert_int_equal(tu_json_number(fleet, "ranks_failed"), 2);
    assert_int_equal(tu_json_number(fleet, "exit_code"), 3);
    assert_non_null(strstr(o.out, "Fleet verdict: FAIL (0 of 2 ranks reported; 0 outlier, 2 failed"));
    assert_non_null(strstr(o.out, "rank 1: "));
    char *fleet_csv_path = tu_path(dir, "identity_fleet.csv");
    char *fleet_csv = tu_read_file(fleet_csv_path);
    assert_non_null(fleet_csv);
    assert_non_null(strstr(fleet_csv, "\n1,"));
    assert_non_null(strstr(fleet_csv, ",cuda:1,"));
    free(fleet_csv);
    free(fleet_csv_path);
    cJSON_Delete(root);
    tu_output_free(&o);
    free(dir);
}

/* The closest one machine gets to many nodes: the ranks placed by a hostfile. Open
 * MPI starts the ranks of "localhost" itself, without ssh. */
static void a_fleet_runs_through_a_hostfile(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *hosts = tu_path(dir, "hosts");
    FILE *f = fopen(hosts, "w");
    assert_non_null(f);
    fputs("localhost slots=2\n", f);
    fclose(f);
    char rest[2048];
    tu_output o;
    /* --outlier-tolerance 100: five requests are too few to judge speed; exit 0 */
    snprintf(rest, sizeof rest,
             "--hostfile '%s' -np 2 \"$LTBENCH_BIN\" image -m \"$LTBENCH_MODELS_DIR/identity.pt\" "
             "--synthetic 2 -c 1 -n 5 --warmup 1 --outlier-tolerance 100 --no-plots -q "
             "--output-dir '%s'", hosts, dir);
    int code = tu_run_mpi(rest, &o);
    tu_expect_exit("fleet through a hostfile", code, 0, &o);
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    cJSON *root = tu_read_json(dir, "identity.json");
    assert_int_equal(tu_json_number(cJSON_GetObjectItem(root, "fleet"), "size"), 2);
    for (int r = 0; r < 2; r++) {
        cJSON *rank = fleet_rank(root, r);
        assert_string_equal(cJSON_GetObjectItem(rank, "status")->valuestring, "ok");
        assert_string_equal(cJSON_GetObjectItem(rank, "host")->valuestring, host);
        assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(rank, "levels")), 1);
    }
    char *summary = tu_path(dir, "identity_summary.csv");
    assert_int_equal(tu_count_lines_until_blank(summary), 1 + 2);
    free(summary);
    cJSON_Delete(root);
    tu_output_free(&o);
    free(hosts);
    free(dir);
}

int main(void)
{
    tu_env("LTBENCH_MPIEXEC");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_rank_whose_model_does_not_open_is_reported_and_the_other_still_runs),
        cmocka_unit_test(a_rank_that_hangs_is_reported_missing_after_the_rank_timeout),
        cmocka_unit_test(ctrl_c_to_mpirun_writes_the_fleet_files_marked_interrupted),
        cmocka_unit_test(a_signal_to_every_rank_as_slurm_sends_exits_130),
        cmocka_unit_test(device_cuda_binds_each_rank_to_its_local_gpu),
        cmocka_unit_test(a_fleet_runs_through_a_hostfile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
