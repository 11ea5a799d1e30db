/* test_qualify_fleet.c — the verdict over a fleet's qualification profiles and its
 * files, on profiles built here: the median per metric, a throughput metric below
 * the median by more than the tolerance flags the rank (a latency metric never
 * does), a metric others measured and one rank lacks fails that rank, a rank with
 * no profile is missing; the CSV has a row per metric and rank, the JSON the
 * verdict and every value; the exit code follows (3 failed, 1 reference, 130). */
#include "testutil.h"

#include "qualify_fleet.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void profile(qualify_profile *p, const char *host, double ips, double ttfa_ms, double tflops)
{
    memset(p, 0, sizeof *p);
    snprintf(p->device, sizeof p->device, "cpu");
    snprintf(p->name, sizeof p->name, "test cpu");
    snprintf(p->hostname, sizeof p->hostname, "%s", host);
    qualify_add(p, "image_b1_ips", ips, "images/s", 1, isnan(ips) ? "model did not open" : NULL);
    qualify_add(p, "tts_ttfa_p50_ms", ttfa_ms, "ms", 0, NULL);
    qualify_add(p, "matmul_tflops", tflops, "TFLOP/s", 1, NULL);
}

static int metric_index(const qualify_fleet_result *fr, const char *name)
{
    for (int m = 0; m < fr->n_metrics; m++)
        if (!strcmp(fr->metrics[m].name, name))
            return m;
    fail_msg("no metric %s", name);
    return -1;
}

static void judge(qualify_fleet_result *fr, qualify_fleet_rank *ranks, qualify_profile *p, int n,
                  double tolerance)
{
    memset(fr, 0, sizeof *fr);
    memset(ranks, 0, (size_t)n * sizeof *ranks);
    for (int r = 0; r < n; r++) {
        ranks[r].profile = p ? &p[r] : NULL;
        ranks[r].reference_failures = -1;
    }
    fr->size = n;
    fr->ranks = ranks;
    fr->tolerance_pct = tolerance;
    assert_int_equal(qualify_fleet_judge(fr), 0);
}

static void a_slow_rank_is_an_outlier_and_a_slow_latency_is_not(void **state)
{
    (void)state;
    qualify_profile p[4];
    profile(&p[0], "a", 100, 10, 1.0);
    profile(&p[1], "b", 98, 10, 1.0);
    profile(&p[2], "c", 90, 50, 1.0);   /* 9.1 % below the median IPS of 99; 5x the latency */
    profile(&p[3], "d", 100, 10, 1.0);
    qualify_fleet_rank ranks[4];
    qualify_fleet_result fr;
    judge(&fr, ranks, p, 4, 5.0);
    int ips = metric_index(&fr, "image_b1_ips"), ttfa = metric_index(&fr, "tts_ttfa_p50_ms");
    assert_int_equal(fr.n_metrics, 3);
    assert_true(fabs(fr.metrics[ips].median - 99.0) < 1e-9);
    assert_true(fabs(fr.metrics[ips].min - 90.0) < 1e-9);
    assert_int_equal(fr.metrics[ips].measured, 4);
    assert_true(qualify_fleet_is_outlier(&fr, 2, ips));
    assert_false(qualify_fleet_is_outlier(&fr, 1, ips));      /* 1 % below: within 5 % */
    assert_false(qualify_fleet_is_outlier(&fr, 2, ttfa));     /* lower is better: not judged */
    assert_int_equal(fr.outlier_ranks, 1);
    assert_false(fr.passed);
    assert_int_equal(qualify_fleet_exit_code(&fr), 3);
    qualify_fleet_free(&fr);

    judge(&fr, ranks, p, 4, 10.0);                            /* 9.1 % is within 10 % */
    assert_true(fr.passed);
    assert_int_equal(qualify_fleet_exit_code(&fr), 0);
    ranks[1].reference_failures = 2;                          /* as cmd_qualify sets it */
    assert_int_equal(qualify_fleet_judge(&fr), 0);
    assert_int_equal(fr.reference_failed_ranks, 1);
    assert_int_equal(qualify_fleet_exit_code(&fr), 1);
    fr.interrupted = 1;
    assert_int_equal(qualify_fleet_exit_code(&fr), 130);
    qualify_fleet_free(&fr);
}

static void a_lacking_metric_fails_the_rank_and_a_missing_rank_fails_the_fleet(void **state)
{
    (void)state;
    qualify_profile p[3];
    profile(&p[0], "a", 100, 10, 1.0);
    profile(&p[1], "b", NAN, 10, 1.0);                        /* its model did not open */
    profile(&p[2], "c", 100, 10, 1.0);
    qualify_fleet_rank ranks[3];
    qualify_fleet_result fr;
    judge(&fr, ranks, p, 3, 5.0);
    assert_int_equal(ranks[1].failed_metrics, 1);
    assert_int_equal(fr.failed_ranks, 1);
    assert_int_equal(fr.metrics[metric_index(&fr, "image_b1_ips")].measured, 2);
    assert_false(fr.passed);

    /* a metric no rank measured (fp16 on a CPU) fails nobody */
    profile(&p[1], "b", 100, 10, NAN);
    profile(&p[0], "a", 100, 10, NAN);
    profile(&p[2], "c", 100, 10, NAN);
    qualify_fleet_free(&fr);
    judge(&fr, ranks, p, 3, 5.0);
    assert_true(fr.passed);
    assert_true(isnan(fr.metrics[metric_index(&fr, "matmul_tflops")].median));

    ranks[2].profile = NULL;
    snprintf(ranks[2].missing, sizeof ranks[2].missing, "no results within 1 s");
    assert_int_equal(qualify_fleet_judge(&fr), 0);
    assert_int_equal(fr.missing_ranks, 1);
    assert_false(fr.passed);
    qualify_fleet_free(&fr);
}

static void the_files_have_a_row_per_metric_and_rank_and_the_verdict(void **state)
{
    (void)state;
    qualify_profile p[2];
    profile(&p[0], "host-a", 100, 10, 1.0);
    profile(&p[1], "host-b", 50, 10, 1.0);
    qualify_fleet_rank ranks[2];
    qualify_fleet_result fr;
    judge(&fr, ranks, p, 2, 5.0);
    char *dir = tu_tempdir();
    char err[256];
    assert_int_equal(qualify_fleet_write(&fr, dir, "q", err, sizeof err), 0);
    char *csv = tu_path(dir, "q_fleet.csv");
    assert_int_equal(tu_count_lines_until_blank(csv), 1 + 3 * 2);
    char *text = tu_read_file(csv);
    assert_non_null(strstr(text, "image_b1_ips,images/s,True,1,host-b,cpu,test cpu,,outlier,50.0000,75.0000,"
                                 "-33.3333,True,"));
    assert_non_null(strstr(text, "Passed,False"));
    cJSON *root = tu_read_json(dir, "q_fleet.json");
    cJSON *verdict = cJSON_GetObjectItem(root, "verdict");
    assert_int_equal((int)tu_json_number(verdict, "outlier_ranks"), 1);
    assert_int_equal((int)tu_json_number(verdict, "exit_code"), 3);
    cJSON *rank1 = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "ranks"), 1);
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(rank1, "outliers"), 0)->valuestring,
                        "image_b1_ips");
    cJSON_Delete(root);
    free(text);
    free(csv);
    free(dir);
    qualify_fleet_free(&fr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_slow_rank_is_an_outlier_and_a_slow_latency_is_not),
        cmocka_unit_test(a_lacking_metric_fails_the_rank_and_a_missing_rank_fails_the_fleet),
        cmocka_unit_test(the_files_have_a_row_per_metric_and_rank_and_the_verdict),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
