/* test_mpi_faults.c — faults of an MPI fleet (an LTBENCH_MPI build only): a rank
 * whose model does not open is reported with its reason while the other still
 * runs and reports, and a rank that hangs is reported missing after
 * --rank-timeout instead of hanging the job; both fail the fleet (exit 3). */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int main(void)
{
    tu_env("LTBENCH_MPIEXEC");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_rank_whose_model_does_not_open_is_reported_and_the_other_still_runs),
        cmocka_unit_test(a_rank_that_hangs_is_reported_missing_after_the_rank_timeout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
