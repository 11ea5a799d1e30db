/* test_rate.c — open-loop load (--rate, issue 20) end to end on the sleep:MS target,
 * whose service time is known, and over HTTP against the real `ltbench serve`:
 *   - constant arrivals below capacity: no late start, queue wait ~ 0;
 *   - Poisson arrivals at utilisation 0.5 on one worker (the rate set from a short
 *     closed-loop run's service time): the mean queue wait against the M/D/1 formula
 *     rho / (2 mu (1 - rho)) (mu from the measured mean service time; not checked, and
 *     said so, when the load of the VM moved rho outside 0.3..0.7 mid-run) and against
 *     Lindley's recursion over the same schedule and the measured service times (what
 *     a perfect issuer would have produced);
 *   - utilisation 2: latency from the schedule grows with the request index, the
 *     service time stays flat, achieved ~ capacity, and the shortfall is warned of;
 *   - the scheduled inter-arrival CoV: ~1 poisson, ~0 constant, ~CV gamma:CV;
 *   - --slo p99:50 on sleep:10 with one worker: an answer under 100/s, every step in
 *     the console, CSV and JSON;
 *   - tts and generate take --rate too; stress --rate-ramp; HTTP rate mode; bad
 *     options refused.
 * Every schedule is seeded (--seed 42, the default), so arrivals are the same on every
 * run; the tolerances cover the timing noise of a loaded 2-core VM (a sleep overshoots
 * by up to a few ms; wake-ups are late by up to a few ms) and are stated beside each. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void expect_exit(const char *args, int want, tu_output *o)
{
    int code = tu_run_cli(args, o);
    if (code != want)
        fail_msg("ltbench %s\n  exit %d (want %d), stderr: %s", args, code, want, o->err ? o->err : "");
}

/* Runs `ltbench <args> --output-dir dir --name rate -q`; returns the level's "metrics"
 * "rate" object of level `level` from rate.json (caller deletes *root). */
static const cJSON *run_rate(const char *dir, const char *args, int level, cJSON **root, tu_output *o)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s --output-dir '%s' --name rate --no-plots", args, dir);
    expect_exit(cmd, 0, o);
    *root = tu_read_json(dir, "rate.json");
    const cJSON *lv = cJSON_GetArrayItem(cJSON_GetObjectItem(*root, "levels"), level);
    assert_non_null(lv);
    const cJSON *r = cJSON_GetObjectItem(cJSON_GetObjectItem(lv, "metrics"), "rate");
    assert_non_null(r);
    return r;
}

/* Least-squares slope of y over 0..n-1. */
static double slope(const double *y, int n)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int i = 0; i < n; i++)
        sx += i, sy += y[i], sxx += (double)i * i, sxy += i * y[i];
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

static void constant_arrivals_below_capacity_do_not_queue(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    tu_output o;
    cJSON *root;
    /* 25/s on eight workers of 10 ms (a sleep overshoots to ~20 ms on a loaded VM): a
     * slot is always free */
    const cJSON *r = run_rate(dir, "image --target sleep:10 --synthetic 2 --rate 25 --arrivals constant "
                                   "-c 8 -n 50 --warmup 0", 0, &root, &o);
    assert_int_equal(tu_json_number(r, "late_starts"), 0);
    /* queue wait is then ltbench's own wake-up lag only: < 5 ms on average even on a
     * loaded VM (a quiet machine measures ~0.05 ms; under the full suite ~0.5 ms) */
    assert_true(tu_json_number(r, "queue_wait_mean_ms") < 5.0);
    assert_true(tu_json_number(r, "queue_wait_mean_ms") >= 0.0);
    assert_true(tu_json_number(r, "scheduled_gap_cov") < 0.01);
    assert_true(fabs(tu_json_number(r, "offered_rps") - 25) < 1e-9);
    cJSON_Delete(root);
    /* the detailed file: Start_Time_Sec is the actual start, Scheduled + Queue_Wait =
     * Start, Latency_ms (from the schedule) = queue wait + service (Wall_Time_Sec) */
    tu_csv d;
    tu_csv_read(dir, "rate_detailed.csv", &d);
    assert_int_equal(d.n, 50);
    for (int i = 0; i < d.n; i++) {
        double start = tu_csv_double(&d, i, "Start_Time_Sec");
        double due = tu_csv_double(&d, i, "Scheduled_Time_Sec");
        double wait = tu_csv_double(&d, i, "Queue_Wait_Sec");
        assert_true(fabs(due + wait - start) < 2e-6);
        double lat = tu_csv_double(&d, i, "Latency_ms");
        double service = tu_csv_double(&d, i, "Wall_Time_Sec") * 1000;
        assert_true(fabs(lat - (wait * 1000 + service)) < 0.01);
        assert_true(service >= 9.9);
        if (i > 0)   /* constant: due times 40 ms apart */
            assert_true(fabs(due - tu_csv_double(&d, i - 1, "Scheduled_Time_Sec") - 0.040) < 2e-6);
    }
    tu_csv_free(&d);
    tu_output_free(&o);
    free(dir);
}

static void poisson_at_half_load_waits_like_md1(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    tu_output o;
    cJSON *root;
    /* the service time of sleep:10 on this machine now (a loaded VM overshoots to ~20
     * ms): a short closed-loop run, then the rate for rho ~ 0.5 */
    char args[512];
    snprintf(args, sizeof args, "image --target sleep:10 --synthetic 2 -c 1 -n 20 --warmup 0 "
                                "--output-dir '%s' --name calib --no-plots -q", dir);
    expect_exit(args, 0, &o);
    tu_output_free(&o);
    cJSON *calib = tu_read_json(dir, "calib.json");
    double s0 = tu_json_number(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(
                                   cJSON_GetObjectItem(calib, "levels"), 0), "metrics"), "latency"),
                               "mean");
    cJSON_Delete(calib);
    snprintf(args, sizeof args, "image --target sleep:10 --synthetic 2 --rate %.3f -c 1 -n 400 "
                                "--warmup 0", 500.0 / s0);   /* 400 requests, ~8 s */
    const cJSON *r = run_rate(dir, args, 0, &root, &o);
    double service_s = tu_json_number(r, "service_mean_ms") / 1000;
    /* lambda: the rate this drawn schedule realised (400 Poisson arrivals are
     * +-5 % off the asked rate; seed 42 gives ~0.94 of it) */
    double lambda = tu_json_number(r, "scheduled_rps"), rho = lambda * service_s;
    double md1_ms = 1000 * rho * service_s / (2 * (1 - rho));
    double wait_ms = tu_json_number(r, "queue_wait_mean_ms");
    cJSON_Delete(root);

    /* Lindley's recursion over this run's own schedule and service times */
    tu_csv d;
    tu_csv_read(dir, "rate_detailed.csv", &d);
    assert_int_equal(d.n, 400);
    /* overhead: how much later than a perfect issuer each request started, i.e. after
     * max(its due time, the previous request's end) — ltbench's own cost on this VM */
    double w = 0, sum = 0, prev_due = 0, prev_service = 0, prev_end = 0, overhead = 0;
    for (int i = 0; i < d.n; i++) {
        double due = tu_csv_double(&d, i, "Scheduled_Time_Sec");
        double service = tu_csv_double(&d, i, "Wall_Time_Sec");
        double start = tu_csv_double(&d, i, "Start_Time_Sec");
        if (i > 0)
            w = fmax(0.0, w + prev_service - (due - prev_due));
        overhead += fmax(0.0, start - fmax(due, prev_end));
        sum += w;
        prev_due = due, prev_service = service, prev_end = tu_csv_double(&d, i, "End_Time_Sec");
    }
    double overhead_ms = 1000 * overhead / d.n;
    double lindley_ms = 1000 * sum / d.n;
    tu_csv_free(&d);
    printf("rho %.3f (service %.3f ms): mean wait %.3f ms, M/D/1 %.3f ms, Lindley %.3f ms, "
           "overhead %.3f ms/request\n", rho, service_s * 1000, wait_ms, md1_ms, lindley_ms,
           overhead_ms);
    /* ltbench's own overhead delays every request behind it in a busy period (about
     * 1/(1-rho) of them): its share of the mean wait, with a factor 2 of margin */
    double own_ms = overhead_ms * 4.0 / (1.0 - fmin(rho, 0.95));
    /* against Lindley over the same schedule and service times: only that overhead
     * differs, plus 1 ms for the timing noise of a loaded VM */
    if (fabs(wait_ms - lindley_ms) > 1.0 + own_ms)
        fail_msg("mean wait %.3f ms, Lindley over the same schedule %.3f ms (overhead %.3f ms)",
                 wait_ms, lindley_ms, overhead_ms);
    /* against the formula: the sample mean of 400 M/D/1 waits at rho 0.5 has a
     * standard error of ~1.3 ms (waits sd ~7.6 ms, autocorrelation ~x12); the bound is
     * 3.5 standard errors (~1 in 2000 for a random seed; with the fixed seed it is the
     * same schedule every run), scaled with the expected wait, plus the overhead's share */
    if (rho < 0.3 || rho > 0.7)     /* the service time drifted with the VM's load */
        printf("rho %.3f is too far from 0.5 (the VM's load changed the service time "
               "mid-run): the M/D/1 formula is not checked this time\n", rho);
    else if (fabs(wait_ms - md1_ms) > 3.5 * 1.3 * fmax(1.0, md1_ms / 5.0) + own_ms)
        fail_msg("mean wait %.3f ms, M/D/1 %.3f ms at rho %.3f", wait_ms, md1_ms, rho);
    tu_output_free(&o);
    free(dir);
}

static void overload_grows_latency_not_service(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    tu_output o;
    cJSON *root;
    /* 200/s constant on one worker of ~10 ms: utilisation ~2 */
    char args[512];
    snprintf(args, sizeof args, "image --target sleep:10 --synthetic 2 --rate 200 --arrivals constant "
                                "-c 1 -n 100 --warmup 0 --output-dir '%s' --name rate --no-plots", dir);
    expect_exit(args, 0, &o);
    assert_non_null(strstr(o.out, "cannot keep up"));       /* the shortfall warning */
    root = tu_read_json(dir, "rate.json");
    const cJSON *r = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(
                                             cJSON_GetObjectItem(root, "levels"), 0), "metrics"), "rate");
    double service_ms = tu_json_number(r, "service_mean_ms");
    double capacity = 1000 / service_ms, achieved = tu_json_number(r, "achieved_rps");
    assert_true(fabs(achieved - capacity) < 0.15 * capacity);   /* the queue never empties */
    assert_true(tu_json_number(r, "late_starts") >= 95);
    cJSON_Delete(root);

    tu_csv d;
    tu_csv_read(dir, "rate_detailed.csv", &d);
    double lat[100], svc[100];
    assert_int_equal(d.n, 100);
    for (int i = 0; i < d.n; i++) {
        lat[i] = tu_csv_double(&d, i, "Latency_ms");
        svc[i] = tu_csv_double(&d, i, "Wall_Time_Sec") * 1000;
    }
    tu_csv_free(&d);
    /* each request is due 5 ms after the last and takes service_ms: latency from the
     * schedule grows by (service - 5) ms per request; within 40 % (sleep overshoot
     * varies along the run) */
    double grow = slope(lat, 100), expect = service_ms - 5.0;
    printf("latency grows %.3f ms/request (expected %.3f); service slope %.4f\n", grow, expect,
           slope(svc, 100));
    assert_true(grow > 0.6 * expect && grow < 1.4 * expect);
    assert_true(fabs(slope(svc, 100)) < 0.1 * grow);            /* flat beside it */
    tu_output_free(&o);
    free(dir);
}

static void scheduled_gaps_vary_as_asked(void **state)
{
    (void)state;
    /* 3000 arrivals at 3000/s on the null target (each run ~1 s). Standard errors of
     * the gap CoV: poisson ~0.018, gamma:2 ~0.09 (kurtosis 24); bounds >= 4 of them,
     * and the seeded schedule is the same every run */
    static const char *const kArrivals[] = {"poisson", "constant", "gamma:2", "gamma:0.5"};
    static const double kCov[] = {1.0, 0.0, 2.0, 0.5}, kTol[] = {0.1, 0.01, 0.4, 0.05};
    for (int k = 0; k < 4; k++) {
        char *dir = tu_tempdir(), args[512];
        tu_output o;
        cJSON *root;
        snprintf(args, sizeof args, "image --target null --synthetic 1 --rate 3000 -n 3000 -c 8 "
                                    "--arrivals %s -q", kArrivals[k]);
        const cJSON *r = run_rate(dir, args, 0, &root, &o);
        double cov = tu_json_number(r, "scheduled_gap_cov");
        if (fabs(cov - kCov[k]) > kTol[k])
            fail_msg("--arrivals %s: scheduled gap CoV %.4f", kArrivals[k], cov);
        const cJSON *cfg = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "config"), "open_loop");
        assert_string_equal(cJSON_GetObjectItem(cfg, "arrivals")->valuestring, kArrivals[k]);
        cJSON_Delete(root);
        tu_output_free(&o);
        free(dir);
    }
}

static void slo_search_finds_a_rate_under_capacity(void **state)
{
    (void)state;
    char *dir = tu_tempdir(), args[512];
    tu_output o;
    snprintf(args, sizeof args, "image --target sleep:10 --synthetic 2 --slo p99:50 --rate 20 -c 1 "
                                "-n 60 --warmup 0 --output-dir '%s' --name rate --no-plots", dir);
    expect_exit(args, 0, &o);
    assert_non_null(strstr(o.out, "SLO p99 <= 50 ms"));
    assert_non_null(strstr(o.err, "--slo step 1: 20/s offered"));
    cJSON *root = tu_read_json(dir, "rate.json");
    const cJSON *slo = cJSON_GetObjectItem(root, "slo");
    assert_non_null(slo);
    double answer = tu_json_number(slo, "answer_rps"), missed = tu_json_number(slo, "lowest_missed_rps");
    printf("--slo p99:50 on sleep:10, one worker: %.2f/s (lowest missed %.2f/s)\n", answer, missed);
    /* one 10 ms worker serves at most 100/s; at 20/s p99 is ~25 ms (meets) */
    assert_true(answer >= 20 && answer < 100);
    assert_true(missed > answer && (missed - answer) / answer <= 0.05 + 1e-9);
    const cJSON *steps = cJSON_GetObjectItem(slo, "steps");
    int n = cJSON_GetArraySize(steps), passes = 0;
    assert_int_equal(n, cJSON_GetArraySize(cJSON_GetObjectItem(root, "levels")));
    for (int i = 0; i < n; i++) {
        const cJSON *s = cJSON_GetArrayItem(steps, i);
        int pass = cJSON_IsTrue(cJSON_GetObjectItem(s, "pass"));
        passes += pass;
        assert_int_equal(pass, tu_json_number(s, "latency_ms") <= 50.0);
    }
    assert_true(passes >= 1 && passes < n);
    cJSON_Delete(root);
    char *slo_csv = tu_path(dir, "rate_slo.csv");
    char *text = tu_read_file(slo_csv);
    assert_non_null(text);
    assert_non_null(strstr(text, "Step,Offered_RPS,Achieved_RPS,Percentile,Latency_ms,Bound_ms,Pass\n"));
    assert_non_null(strstr(text, "Answer_RPS,Lowest_Missed_RPS\n"));
    assert_int_equal(tu_count_lines(text), 1 + n + 3);
    free(text);
    free(slo_csv);
    tu_assert_csv_header(dir, "rate_summary.csv", TU_IMAGE_SUMMARY_HEADER);
    assert_int_equal(tu_count_lines_until_blank(tu_path(dir, "rate_summary.csv")), 1 + n);
    tu_output_free(&o);
    free(dir);
}

static void tts_generate_and_run_take_a_rate(void **state)
{
    (void)state;
    static const char *const kCmd[] = {"tts", "generate", "run"};
    for (int k = 0; k < 3; k++) {
        char *dir = tu_tempdir(), args[512];
        tu_output o;
        cJSON *root;
        snprintf(args, sizeof args, "%s --target sleep:5 --rate 40,80 -n 20 -q", kCmd[k]);
        for (int level = 0; level < 2; level++) {
            const cJSON *r = run_rate(dir, args, level, &root, &o);
            assert_true(fabs(tu_json_number(r, "offered_rps") - (level ? 80 : 40)) < 1e-9);
            assert_true(tu_json_number(r, "service_p50_ms") >= 5.0);
            const cJSON *lv = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "levels"), level);
            assert_int_equal(tu_json_number(lv, "concurrency"), 64);     /* the default cap */
            cJSON_Delete(root);
            tu_output_free(&o);
        }
        tu_csv d;
        tu_csv_read(dir, "rate_detailed.csv", &d);
        assert_int_equal(d.n, 40);
        char buf[64];
        assert_true(tu_csv_text(&d, 0, "Scheduled_Time_Sec", buf, sizeof buf)[0] != '\0');
        tu_csv_free(&d);
        free(dir);
    }
}

static void stress_ramps_the_offered_rate(void **state)
{
    (void)state;
    char *dir = tu_tempdir(), args[512];
    tu_output o;
    /* 20/s -> 100/s over 2 s, held 1 s, on two 5 ms workers (capacity ~400/s): the
     * offered rate of each row follows the ramp, the requests follow the offered load
     * (integral 20*2 + 80*2/2 + 100*1 = 220; Poisson: sd ~15, bound 60) */
    snprintf(args, sizeof args, "stress image --target sleep:5 --synthetic 1 --rate-ramp 20:100 "
                                "--ramp-up 2s --duration 3s --sample-interval 500ms "
                                "--max-concurrency 2 --output-dir '%s' --name rs --no-plots -q", dir);
    expect_exit(args, 0, &o);
    cJSON *j = tu_read_json(dir, "rs_stress.json");
    const cJSON *rows = cJSON_GetObjectItem(j, "time_series");
    int n = cJSON_GetArraySize(rows);
    assert_true(n >= 5);
    double prev = 0;
    for (int i = 0; i < n; i++) {
        const cJSON *r = cJSON_GetArrayItem(rows, i);
        double t = tu_json_number(r, "t_s"), offered = tu_json_number(r, "offered_rps");
        double want = t < 2 ? 20 + 40 * t : 100;
        assert_true(fabs(offered - want) < 3.0);      /* rows land within ~50 ms of their time */
        assert_true(offered >= prev - 1e-9);
        prev = offered;
        assert_int_equal(tu_json_number(r, "active_workers"), 2);   /* every slot from the start */
    }
    double total = tu_json_number(cJSON_GetObjectItem(j, "performance_metrics"), "total_requests");
    printf("stress --rate-ramp 20:100: %g requests (offered ~220)\n", total);
    assert_true(fabs(total - 220) < 60);
    cJSON_Delete(j);
    char *csv = tu_first_line(tu_path(dir, "rs_stress.csv"));
    assert_non_null(strstr(csv, ",Offered_RPS"));
    free(csv);
    tu_expect_usage_error("stress image --target null --rate-ramp 10", "--rate-ramp", NULL);
    tu_expect_usage_error("stress image --target null --rate-ramp 0:10", "--rate-ramp", NULL);
    tu_output_free(&o);
    free(dir);
}

/* ---- HTTP: the real server ------------------------------------------------------------ */

static void http_rate_mode_against_serve(void **state)
{
    (void)state;
    char *sdir = tu_tempdir();
    char *log = tu_path(sdir, "serve.log");
    char model[1024], url[128] = "";
    snprintf(model, sizeof model, "%s/resnet18.pt", tu_env("LTBENCH_MODELS_DIR"));
    const char *argv[] = {tu_env("LTBENCH_BIN"), "serve", "--port", "0", "--model", model, NULL};
    pid_t pid = tu_spawn(argv, NULL, log);
    tu_wait_for_text(log, "listening on http://", 120, "ltbench serve");
    char *text = tu_read_file(log);
    sscanf(strstr(text, "listening on ") + strlen("listening on "), "%127[^ \n(]", url);
    free(text);

    char *dir = tu_tempdir(), args[1024];
    tu_output o;
    cJSON *root;
    snprintf(args, sizeof args, "image --url %s --model-name resnet18 --rate 4 -c 2 -n 12 -q", url);
    const cJSON *r = run_rate(dir, args, 0, &root, &o);
    assert_true(fabs(tu_json_number(r, "offered_rps") - 4) < 1e-9);
    assert_true(tu_json_number(r, "service_p50_ms") > 0);
    cJSON_Delete(root);
    tu_csv d;
    tu_csv_read(dir, "rate_detailed.csv", &d);
    assert_int_equal(d.n, 12);
    char buf[64];
    for (int i = 0; i < d.n; i++) {
        assert_string_equal(tu_csv_text(&d, i, "Success", buf, sizeof buf), "True");
        assert_true(tu_csv_double(&d, i, "Latency_ms") >=
                    tu_csv_double(&d, i, "Wall_Time_Sec") * 1000 - 0.01);
    }
    tu_csv_free(&d);
    tu_output_free(&o);
    kill(pid, SIGTERM);
    assert_int_equal(tu_wait_exit(pid, 30, "ltbench serve"), 0);
    free(dir);
    free(log);
    free(sdir);
}

static void bad_rate_options_are_refused(void **state)
{
    (void)state;
    tu_expect_usage_error("image --target null --rate 0", "--rate", NULL);
    tu_expect_usage_error("image --target null --rate ten", "--rate", NULL);
    tu_expect_usage_error("image --target null --rate 10,,20", "--rate", NULL);
    tu_expect_usage_error("image --target null --rate 10 --arrivals gamma:0", "--arrivals", NULL);
    tu_expect_usage_error("image --target null --rate 10 --arrivals bursty", "--arrivals", NULL);
    tu_expect_usage_error("image --target null --slo p99", "--slo", NULL);
    tu_expect_usage_error("image --target null --slo q99:50", "--slo", NULL);
    tu_expect_usage_error("image --target null --slo p100:50", "--slo", NULL);
    tu_expect_usage_error("image --target null --slo p99:-1", "--slo", NULL);
    tu_expect_usage_error("image --target null --slo p99:50 --rate 1,2", "--slo", "--rate");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_rate_options_are_refused),
        cmocka_unit_test(constant_arrivals_below_capacity_do_not_queue),
        cmocka_unit_test(poisson_at_half_load_waits_like_md1),
        cmocka_unit_test(overload_grows_latency_not_service),
        cmocka_unit_test(scheduled_gaps_vary_as_asked),
        cmocka_unit_test(slo_search_finds_a_rate_under_capacity),
        cmocka_unit_test(tts_generate_and_run_take_a_rate),
        cmocka_unit_test(stress_ramps_the_offered_rate),
        cmocka_unit_test(http_rate_mode_against_serve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
