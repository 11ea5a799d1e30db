/* test_mpi_qualify.c — `mpirun -np 2 ltbench qualify --quick` on the CPU (an
 * LTBENCH_MPI build only): every rank runs the battery, each part is a fleet run
 * whose report has both ranks, rank 0 writes one profile per rank and the fleet
 * verdict; a rank slowed on purpose is flagged in the image throughput metrics and
 * fails the fleet (exit 3); a rank whose models do not open reports why, the other
 * still measures, and the fleet fails; both ranks signalled mid-battery (as Slurm's
 * scancel does) still end in step and rank 0 writes the partial fleet (exit 130). */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define B1_IPS "image_resnet18_fp32_b1_ips"

static cJSON *item(const cJSON *o, const char *key)
{
    cJSON *v = cJSON_GetObjectItem(o, key);
    if (!v)
        fail_msg("no '%s' in the fleet JSON", key);
    return v;
}

static const cJSON *metric_named(const cJSON *root, const char *name)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, item(root, "metrics"))
        if (!strcmp(item(m, "name")->valuestring, name))
            return m;
    fail_msg("no metric %s in the fleet JSON", name);
    return NULL;
}

static int array_has_string(const cJSON *a, const char *s)
{
    const cJSON *v;
    cJSON_ArrayForEach(v, a)
        if (cJSON_IsString(v) && !strcmp(v->valuestring, s))
            return 1;
    return 0;
}

/* The per-part fleet JSON (a fleet run like `ltbench image` under mpirun) has both ranks. */
static void part_has_both_ranks(const char *dir, const char *file, const char *status0,
                                const char *status1)
{
    cJSON *part = tu_read_json(dir, file);
    cJSON *ranks = item(item(part, "fleet"), "ranks");
    assert_int_equal(cJSON_GetArraySize(ranks), 2);
    assert_string_equal(item(cJSON_GetArrayItem(ranks, 0), "status")->valuestring, status0);
    assert_string_equal(item(cJSON_GetArrayItem(ranks, 1), "status")->valuestring, status1);
    cJSON_Delete(part);
}

static void a_slow_rank_is_flagged_in_the_fleet_qualification(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char rest[2048];
    tu_output o;
    /* rank 1 adds 150 ms to every image and TTS request: its IPS falls far below the
     * median; the tolerance is wide so the machine's own noise flags nothing else in
     * the image metrics */
    snprintf(rest, sizeof rest,
             "-np 2 \"$LTBENCH_BIN\" qualify --quick --device cpu -q --rank-delay-ms 1:150 "
             "--outlier-tolerance 30 --name fleetq --output-dir '%s'", dir);
    int code = tu_run_mpi(rest, &o);
    tu_expect_exit("fleet qualify with a slow rank", code, 3, &o);
    assert_non_null(strstr(o.out, "Fleet Qualification: 2 ranks"));
    assert_non_null(strstr(o.out, "Fleet verdict: FAIL"));

    cJSON *root = tu_read_json(dir, "fleetq_fleet.json");
    cJSON *verdict = item(root, "verdict");
    assert_false(cJSON_IsTrue(item(verdict, "passed")));
    assert_int_equal((int)tu_json_number(verdict, "ranks"), 2);
    assert_int_equal((int)tu_json_number(verdict, "ranks_missing"), 0);
    assert_int_equal((int)tu_json_number(verdict, "exit_code"), 3);
    cJSON *slow = cJSON_GetArrayItem(item(root, "ranks"), 1);
    assert_true(array_has_string(item(slow, "outliers"), B1_IPS));
    /* both ranks measured it; the slow one is below the median by more than 30 % */
    const cJSON *b1 = metric_named(root, B1_IPS);
    assert_int_equal((int)tu_json_number(b1, "ranks_measured"), 2);
    double v0 = cJSON_GetArrayItem(item(b1, "values"), 0)->valuedouble;
    double v1 = cJSON_GetArrayItem(item(b1, "values"), 1)->valuedouble;
    assert_true(v1 < v0);
    assert_true(cJSON_GetArrayItem(item(b1, "deviation_pct"), 1)->valuedouble < -30.0);
    assert_false(array_has_string(item(cJSON_GetArrayItem(item(root, "ranks"), 0), "outliers"), B1_IPS));

    /* one profile per rank, each the rank's own measurement */
    for (int r = 0; r < 2; r++) {
        char file[64];
        snprintf(file, sizeof file, "fleetq_rank%d.json", r);
        cJSON *p = tu_read_json(dir, file);
        const cJSON *m;
        double value = NAN;
        cJSON_ArrayForEach(m, item(p, "metrics"))
            if (!strcmp(item(m, "name")->valuestring, B1_IPS))
                value = item(m, "value")->valuedouble;
        assert_true(fabs(value - (r == 0 ? v0 : v1)) <= 1e-9 * fabs(value));
        cJSON_Delete(p);
    }
    /* every part was a fleet run with both ranks; the CSV has a row per metric and rank */
    part_has_both_ranks(dir, "qualify_resnet18_fp32.json", "ok", "ok");
    part_has_both_ranks(dir, "qualify_tts_tiny_streaming.json", "ok", "ok");
    char *csv = tu_path(dir, "fleetq_fleet.csv");
    int metrics = cJSON_GetArraySize(item(root, "metrics"));
    assert_int_equal(tu_count_lines_until_blank(csv), 1 + 2 * metrics);
    free(csv);
    cJSON_Delete(root);
    tu_output_free(&o);
    free(dir);
}

static void a_rank_without_models_reports_why_and_the_other_still_qualifies(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char rest[4096];
    tu_output o;
    /* rank 0 (the coordinator) finds no models: rank 1 must still run every part in
     * step with the fleet's rounds */
    const char *common = "qualify --quick --device cpu -q --outlier-tolerance 100 --name broken";
    snprintf(rest, sizeof rest,
             "-np 1 env LTBENCH_MODELS_DIR='%s/none' \"$LTBENCH_BIN\" %s --output-dir '%s'"
             " : -np 1 \"$LTBENCH_BIN\" %s --output-dir '%s'",
             dir, common, dir, common, dir);
    int code = tu_run_mpi(rest, &o);
    tu_expect_exit("fleet qualify with a rank lacking its models", code, 3, &o);
    cJSON *root = tu_read_json(dir, "broken_fleet.json");
    cJSON *verdict = item(root, "verdict");
    assert_int_equal((int)tu_json_number(verdict, "ranks_failed"), 1);
    assert_int_equal((int)tu_json_number(verdict, "ranks_missing"), 0);
    assert_string_equal(item(cJSON_GetArrayItem(item(root, "ranks"), 0), "status")->valuestring,
                        "failed");
    const cJSON *b1 = metric_named(root, B1_IPS);
    assert_int_equal((int)tu_json_number(b1, "ranks_measured"), 1);
    assert_true(cJSON_IsNull(cJSON_GetArrayItem(item(b1, "values"), 0)));
    assert_true(cJSON_GetArrayItem(item(b1, "values"), 1)->valuedouble > 0);
    /* the part's fleet report names the missing model on rank 0 */
    cJSON *part = tu_read_json(dir, "qualify_resnet18_fp32.json");
    cJSON *r0 = cJSON_GetArrayItem(item(item(part, "fleet"), "ranks"), 0);
    assert_string_equal(item(r0, "status")->valuestring, "failed");
    assert_non_null(strstr(item(r0, "error")->valuestring, "resnet18.pt"));
    cJSON_Delete(part);
    part_has_both_ranks(dir, "qualify_tts_tiny.json", "failed", "ok");
    cJSON_Delete(root);
    tu_output_free(&o);
    free(dir);
}

static void both_ranks_interrupted_mid_battery_still_write_the_partial_fleet(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    const char *argv[32];
    int n = 0;
    argv[n++] = tu_env("LTBENCH_MPIEXEC");
    argv[n++] = "--oversubscribe";
    if (geteuid() == 0)
        argv[n++] = "--allow-run-as-root";
    const char *rest[] = {"-np", "2", tu_env("LTBENCH_BIN"), "qualify", "--quick", "--device", "cpu",
                          "--name", "stopped", "--output-dir", dir, NULL};
    for (int i = 0; rest[i]; i++)
        argv[n++] = rest[i];
    argv[n] = NULL;
    char *out = tu_path(dir, "stdout"), *err = tu_path(dir, "stderr");
    pid_t mpirun = tu_spawn(argv, out, err);
    /* rank 0 announces each part as it starts: stop both ranks in the second part (the
     * first, fp32, measured; the battery's later parts are not needed to interrupt it) */
    tu_wait_for_text(err, "ltbench qualify: resnet18 fp16, batch 1,2\n", 120,
                     "the battery did not reach its second part");
    tu_pause_ms(300);
    pid_t ranks[8];
    int found = tu_children_of(mpirun, ranks, 8);
    if (found != 2) {
        kill(mpirun, SIGKILL);
        fail_msg("mpirun has %d child processes, expected the 2 ranks", found);
    }
    for (int r = 0; r < found; r++)
        kill(ranks[r], SIGINT);
    int code = tu_wait_exit(mpirun, 120, "mpirun after its ranks were signalled");
    if (code != 130) {
        char *text = tu_read_file(err);
        print_message("stderr:\n%s\n", text ? text : "");
        fail_msg("qualify fleet interrupted: exit %d, expected 130", code);
    }
    cJSON *root = tu_read_json(dir, "stopped_fleet.json");
    cJSON *verdict = item(root, "verdict");
    assert_true(cJSON_IsTrue(item(verdict, "interrupted")));
    assert_int_equal((int)tu_json_number(verdict, "exit_code"), 130);
    assert_int_equal((int)tu_json_number(verdict, "ranks_missing"), 0);
    /* what was measured before the signal is there for both ranks (rank 0 starts the
     * fp16 part only once both ranks' fp32 reports are in) */
    const cJSON *b1 = metric_named(root, B1_IPS);
    assert_int_equal((int)tu_json_number(b1, "ranks_measured"), 2);
    for (int r = 0; r < 2; r++) {
        char file[64];
        snprintf(file, sizeof file, "stopped_rank%d.json", r);
        cJSON *p = tu_read_json(dir, file);
        cJSON_Delete(p);
    }
    part_has_both_ranks(dir, "qualify_resnet18_fp32.json", "ok", "ok");
    cJSON_Delete(root);
    free(out);
    free(err);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_slow_rank_is_flagged_in_the_fleet_qualification),
        cmocka_unit_test(a_rank_without_models_reports_why_and_the_other_still_qualifies),
        cmocka_unit_test(both_ranks_interrupted_mid_battery_still_write_the_partial_fleet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
