/* test_fleet.c — the fleet layer without MPI (it runs in every build): the verdict
 * (aggregate = sum, median, outliers beyond the tolerance, failed and missing
 * ranks, exit code; an interrupted rank makes it partial), a rank's report packed
 * and unpacked byte for byte, the fleet files (the usual CSVs with Rank,Host at the
 * end, for generate too, the fleet CSV, the JSON with every rank, NVML telemetry and
 * GPU UUIDs where a rank has them) from real driver runs, the delaying target, and
 * the fleet options (image, generate). */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"
#include "unit_helpers.h"

#include "cmd_generate_args.h"
#include "cmd_image_args.h"
#include "commands.h"
#include "fleet_report.h"
#include "fleet_result.h"
#include "fleet_wire.h"
#include "metrics.h"
#include "report.h"
#include "report_plots.h"
#include "target_delay.h"
#include "workload_prompts.h"

#include <math.h>
#include <string.h>
#include <time.h>

/* ---- real runs: the driver on a callback target that sleeps ------------------------ */

static int sleep_fn(const ltb_request *req, ltb_result *res, void *user)
{
    (void)req;
    (void)res;
    struct timespec ts = {0, *(const long *)user};
    nanosleep(&ts, NULL);
    return 0;
}

static void small_config(ltb_config *c, const char *dir)
{
    ltb_config_defaults(c);
    c->name = "fleetunit";
    c->model_name = "fleetunit";
    c->model_path = "none";
    c->output_dir = dir;
    c->outputs = LTB_OUT_CSV | LTB_OUT_JSON | LTB_OUT_NO_PLOTS;
    c->quiet = 1;
    c->concurrency[0] = 1, c->concurrency[1] = 2;
    c->n_concurrency = 2;
    c->iterations = 6;
    c->warmup = 1;
}

/* A run of cfg where each request sleeps sleep_ns, plus delay_ms through the delaying
 * target. The workload must outlive the run (its samples are borrowed). */
static ltb_run *real_run(const ltb_config *cfg, ltb_workload *w, long *sleep_ns, double delay_ms)
{
    ltb_target t;
    char err[256];
    ltb_target_callback(&t, sleep_fn, sleep_ns);
    if (delay_ms > 0)
        assert_int_equal(ltb_target_delay_wrap(&t, delay_ms), 0);
    ltb_run *run = calloc(1, sizeof *run);
    assert_non_null(run);
    assert_int_equal(ltb_run_benchmark(cfg, w, &t, run, err, sizeof err), 0);
    ltb_target_delay_unwrap(&t);
    assert_true(t.callback == sleep_fn); /* unwrapped: the callback target again */
    if (t.close)
        t.close(&t);
    return run;
}

static void free_run(ltb_run *run)
{
    ltb_run_free(run);
    free(run);
}

static ltb_rank_report ok_rank(int r, ltb_run *run)
{
    ltb_rank_report rr;
    memset(&rr, 0, sizeof rr);
    rr.rank = r;
    rr.status = LTB_RANK_OK;
    snprintf(rr.host, sizeof rr.host, "node%d", r);
    snprintf(rr.device, sizeof rr.device, "cpu");
    snprintf(rr.device_name, sizeof rr.device_name, "test CPU");
    rr.threads = 1;
    rr.unsynchronized_from = -1;
    rr.run = run;
    return rr;
}

static ltb_rank_report lost_rank(int r, ltb_rank_status status, const char *why)
{
    ltb_rank_report rr = ok_rank(r, NULL);
    rr.status = status;
    snprintf(rr.error, sizeof rr.error, "%s", why);
    return rr;
}

/* ---- the delaying target ---------------------------------------------------------- */

static void delay_target_adds_its_time_to_every_request(void **state)
{
    (void)state;
    ltb_config c;
    ltb_workload w;
    char err[256];
    long sleep_ns = 0;
    small_config(&c, NULL);
    c.n_concurrency = 1;
    c.iterations = 3;
    assert_int_equal(ltb_workload_synthetic_images(&w, 2, 8, 8, 1, err, sizeof err), 0);
    ltb_run *run = real_run(&c, &w, &sleep_ns, 4.0);
    assert_int_equal(run->levels[0].n_records, 3);
    for (size_t i = 0; i < run->levels[0].n_records; i++) {
        assert_true(run->levels[0].records[i].res.ok);
        assert_true(ltb_record_latency_ms(&run->levels[0].records[i]) >= 4.0);
    }
    ltb_target t;
    ltb_target_null(&t);
    ltb_target copy = t;
    ltb_target_delay_unwrap(&t); /* not wrapped: unchanged */
    assert_memory_equal(&t, &copy, sizeof t);
    free_run(run);
    ltb_workload_free(&w);
}

/* ---- verdict ----------------------------------------------------------------------- */

/* A run whose levels have these throughputs (IPS); NAN = skipped level. */
static ltb_run *run_with_ips(const ltb_config *cfg, const double *ips, int n)
{
    ltb_run *run = calloc(1, sizeof *run);
    assert_non_null(run);
    run->config = *cfg;
    for (int i = 0; i < n; i++) {
        ltb_level *lvl = &run->levels[run->n_levels++];
        lvl->concurrency = cfg->concurrency[i];
        lvl->batch = 1;
        lvl->skipped = isnan(ips[i]);
        lvl->metrics.total_requests = lvl->metrics.ok_requests = 10;
        lvl->metrics.ips = isnan(ips[i]) ? 0 : ips[i];
    }
    return run;
}

static void verdict_flags_ranks_below_the_median_by_more_than_the_tolerance(void **state)
{
    (void)state;
    ltb_config c;
    small_config(&c, NULL);
    /* level 1: 100, 96, 94.9 -> median 96, floor 91.2: nobody; level 2: 100, 90, 95 */
    double a[] = {100, 100}, b[] = {96, 90}, d[] = {94.9, 95};
    ltb_rank_report ranks[3] = {ok_rank(0, run_with_ips(&c, a, 2)),
                                ok_rank(1, run_with_ips(&c, b, 2)),
                                ok_rank(2, run_with_ips(&c, d, 2))};
    ltb_fleet_result fr = {.config = &c, .tolerance_pct = 5, .size = 3, .ranks = ranks};
    assert_int_equal(ltb_fleet_judge(&fr), 0);
    assert_int_equal(fr.n_levels, 2);
    assert_int_equal(fr.levels[0].reporting, 3);
    assert_float_equal(fr.levels[0].aggregate, 100 + 96 + 94.9, 1e-9);
    assert_float_equal(fr.levels[0].median, 96, 1e-9);
    assert_int_equal(fr.levels[0].outliers, 0);
    /* level 2: median 95, floor 90.25: rank 1 (90) is an outlier, -5.26 % */
    assert_float_equal(fr.levels[1].median, 95, 1e-9);
    assert_int_equal(fr.levels[1].outliers, 1);
    assert_true(fr.outlier[1 * 2 + 1]);
    assert_false(fr.outlier[2 * 2 + 1]);
    assert_float_equal(fr.deviation_pct[1 * 2 + 1], (90.0 / 95.0 - 1) * 100, 1e-9);
    assert_int_equal(fr.outlier_ranks, 1);
    assert_false(fr.passed);
    assert_int_equal(ltb_fleet_exit_code(&fr), LTB_EXIT_FLEET_FAILED);
    for (int r = 0; r < 3; r++)
        free(ranks[r].run);
    ltb_fleet_result_free(&fr);

    /* a wider tolerance passes the same fleet */
    ltb_rank_report again[3] = {ok_rank(0, run_with_ips(&c, a, 2)),
                                ok_rank(1, run_with_ips(&c, b, 2)),
                                ok_rank(2, run_with_ips(&c, d, 2))};
    ltb_fleet_result wide = {.config = &c, .tolerance_pct = 10, .size = 3, .ranks = again};
    assert_int_equal(ltb_fleet_judge(&wide), 0);
    assert_true(wide.passed);
    assert_int_equal(ltb_fleet_exit_code(&wide), LTB_EXIT_OK);
    for (int r = 0; r < 3; r++)
        free(again[r].run);
    ltb_fleet_result_free(&wide);
}

static void verdict_leaves_out_skipped_levels_and_lost_ranks(void **state)
{
    (void)state;
    ltb_config c;
    small_config(&c, NULL);
    double a[] = {50, NAN}, b[] = {10, 40};
    ltb_rank_report ranks[4] = {ok_rank(0, run_with_ips(&c, a, 2)),
                                ok_rank(1, run_with_ips(&c, b, 2)),
                                lost_rank(2, LTB_RANK_FAILED, "model file 'x.pt' not found"),
                                lost_rank(3, LTB_RANK_MISSING, "no results")};
    ltb_fleet_result fr = {.config = &c, .tolerance_pct = 5, .size = 4, .ranks = ranks};
    assert_int_equal(ltb_fleet_judge(&fr), 0);
    assert_int_equal(fr.levels[0].reporting, 2);
    assert_float_equal(fr.levels[0].aggregate, 60, 1e-9);
    assert_int_equal(fr.levels[1].reporting, 1); /* rank 0 skipped it */
    assert_float_equal(fr.levels[1].aggregate, 40, 1e-9);
    assert_true(isnan(fr.throughput[0 * 2 + 1]));
    assert_true(isnan(fr.throughput[2 * 2 + 0]));
    assert_int_equal(fr.failed_ranks, 1);
    assert_int_equal(fr.missing_ranks, 1);
    assert_false(fr.passed);
    for (int r = 0; r < 2; r++)
        free(ranks[r].run);
    ltb_fleet_result_free(&fr);
}

/* ---- the wire ---------------------------------------------------------------------- */

static void assert_same_run(const ltb_run *a, const ltb_run *b)
{
    assert_int_equal(a->n_levels, b->n_levels);
    assert_int_equal(a->interrupted, b->interrupted);
    assert_true(a->started_mono_ns == b->started_mono_ns);
    for (int i = 0; i < a->n_levels; i++) {
        const ltb_level *x = &a->levels[i], *y = &b->levels[i];
        assert_int_equal(x->concurrency, y->concurrency);
        assert_int_equal(x->n_records, y->n_records);
        assert_memory_equal(&x->metrics, &y->metrics, sizeof x->metrics);
        assert_memory_equal(x->records, y->records, x->n_records * sizeof *x->records);
    }
    assert_int_equal(a->n_samples, b->n_samples);
    for (int i = 0; i < a->n_samples; i++) {
        assert_string_equal(a->samples[i].name, b->samples[i].name);
        if (a->samples[i].text)
            assert_string_equal(a->samples[i].text, b->samples[i].text);
        else
            assert_null(b->samples[i].text);
        assert_int_equal(a->samples[i].chars, b->samples[i].chars);
    }
}

static void rank_report_survives_the_wire_byte_for_byte(void **state)
{
    (void)state;
    ltb_config c, rank0;
    ltb_workload w;
    char err[256];
    long sleep_ns = 100000;
    small_config(&c, NULL);
    c.task = LTB_TASK_TTS;
    c.device = "cpu";
    const char *texts[] = {"Hello there, fleet.", "Second text, with a comma", "z"};
    assert_int_equal(ltb_workload_texts(&w, texts, 3, err, sizeof err), 0);
    ltb_run *run = real_run(&c, &w, &sleep_ns, 0);
    ltb_rank_report sent = ok_rank(3, run);
    snprintf(sent.device, sizeof sent.device, "cuda:3");
    sent.unsynchronized_from = 1;

    unsigned char *buf;
    size_t len;
    assert_int_equal(fleet_wire_pack(&sent, &buf, &len), 0);
    small_config(&rank0, NULL);
    rank0.name = "rank0name";
    rank0.generator = "gan";
    rank0.negative_prompt = "blurry";
    rank0.prompts_file = "prompts.txt";
    ltb_rank_report got;
    assert_int_equal(fleet_wire_unpack(buf, len, &rank0, &got, err, sizeof err), 0);
    assert_int_equal(got.rank, 3);
    assert_string_equal(got.host, "node3");
    assert_int_equal(got.unsynchronized_from, 1);
    assert_non_null(got.run);
    assert_same_run(run, got.run);
    assert_string_equal(got.run->config.name, "rank0name"); /* rank 0's text settings */
    assert_string_equal(got.run->config.device, "cuda:3");   /* the rank's own device */
    /* no pointer of the sender's config survives (generate's included) */
    assert_ptr_equal(got.run->config.generator, rank0.generator);
    assert_ptr_equal(got.run->config.negative_prompt, rank0.negative_prompt);
    assert_ptr_equal(got.run->config.prompts_file, rank0.prompts_file);
    assert_ptr_equal(got.run->config.texts_file, rank0.texts_file);
    assert_null(got.run->config.level_gate);
    ltb_rank_report_free(&got);
    assert_null(got.run);

    /* every shorter buffer is refused with a message, never read past */
    for (size_t cut = 0; cut < len; cut += len / 97 + 1) {
        err[0] = '\0';
        assert_int_equal(fleet_wire_unpack(buf, cut, &rank0, &got, err, sizeof err), -1);
        assert_true(err[0] != '\0');
        assert_null(got.run);
    }
    /* a different build (struct sizes) is named as such */
    buf[8] ^= 0x40;
    assert_int_equal(fleet_wire_unpack(buf, len, &rank0, &got, err, sizeof err), -1);
    assert_non_null(strstr(err, "different ltbench build"));
    free(buf);

    /* a failed rank travels without a run */
    ltb_rank_report failed = lost_rank(1, LTB_RANK_FAILED, "cannot open cuda:1");
    assert_int_equal(fleet_wire_pack(&failed, &buf, &len), 0);
    assert_int_equal(fleet_wire_unpack(buf, len, &rank0, &got, err, sizeof err), 0);
    assert_int_equal(got.status, LTB_RANK_FAILED);
    assert_string_equal(got.error, "cannot open cuda:1");
    assert_null(got.run);
    free(buf);
    free_run(run);
    ltb_workload_free(&w);
}

/* ---- the fleet's files ------------------------------------------------------------- */

static char *read_in(const char *dir, const char *file)
{
    char *path = tu_path(dir, file);
    char *text = tu_read_file(path);
    assert_non_null(text);
    free(path);
    return text;
}

static void fleet_files_carry_every_rank(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *single_dir = tu_path(dir, "single");
    ltb_config c;
    ltb_workload w;
    char err[512];
    long fast_ns = 2000000, slow_ns = 2000000;
    small_config(&c, dir);
    assert_int_equal(ltb_workload_synthetic_images(&w, 3, 8, 8, 1, err, sizeof err), 0);
    ltb_run *fast = real_run(&c, &w, &fast_ns, 0);
    ltb_run *slow = real_run(&c, &w, &slow_ns, 6.0); /* 4x the time per request */
    ltb_rank_report ranks[4] = {ok_rank(0, fast), ok_rank(1, slow),
                                lost_rank(2, LTB_RANK_FAILED, "model file 'a,\"b\".pt' not found"),
                                lost_rank(3, LTB_RANK_MISSING, "no results within 2 s")};
    ltb_fleet_result fr = {.config = &c, .tolerance_pct = 5, .size = 4, .ranks = ranks};
    assert_int_equal(ltb_fleet_judge(&fr), 0);
    for (int l = 0; l < fr.n_levels; l++) {
        double sum = ltb_level_throughput(c.task, &ltb_fleet_rank_level(&fr, 0, l)->metrics) +
                     ltb_level_throughput(c.task, &ltb_fleet_rank_level(&fr, 1, l)->metrics);
        assert_float_equal(fr.levels[l].aggregate, sum, 1e-9 * sum);
        assert_true(fr.outlier[1 * fr.n_levels + l]);   /* the slow rank */
        assert_false(fr.outlier[0 * fr.n_levels + l]);
    }
    char *table = NULL;
    size_t table_len = 0;
    FILE *out = open_memstream(&table, &table_len);
    c.outputs |= LTB_OUT_TABLE;
    assert_int_equal(ltb_fleet_write_reports(&fr, out, err, sizeof err), 0);
    fclose(out);
    assert_non_null(strstr(table, "Fleet verdict: FAIL"));
    assert_non_null(strstr(table, "OUTLIER"));
    assert_non_null(strstr(table, "telemetry: none"));

    /* the single-node header, then Rank,Host; rows of ranks 0 and 1 only */
    ltb_run alone = *fast;
    alone.config.output_dir = single_dir;
    assert_int_equal(ltb_write_reports(&alone, NULL, err, sizeof err), 0);
    char *single = read_in(single_dir, "fleetunit_summary.csv");
    char *summary = read_in(dir, "fleetunit_summary.csv");
    char want[4096], line[8192], field[256];
    snprintf(want, sizeof want, "%s,Rank,Host", uh_line_at(single, 0, line, sizeof line));
    assert_string_equal(uh_line_at(summary, 0, line, sizeof line), want);
    int header_fields = uh_count_fields(want);
    for (int i = 1; i <= fast->n_levels + slow->n_levels; i++) {
        uh_line_at(summary, i, line, sizeof line);
        assert_int_equal(uh_count_fields(line), header_fields);
        int rank = i <= fast->n_levels ? 0 : 1;
        assert_int_equal(atoi(tu_csv_field(line, header_fields - 2, field, sizeof field)), rank);
        assert_string_equal(tu_csv_field(line, header_fields - 1, field, sizeof field),
                            rank ? "node1" : "node0");
    }
    assert_string_equal(uh_line_at(summary, fast->n_levels + slow->n_levels + 1, line, sizeof line), "");
    char *detailed_path = tu_path(dir, "fleetunit_detailed.csv");
    assert_int_equal(tu_count_lines_until_blank(detailed_path),
                     1 + 2 * (int)(fast->levels[0].n_records + fast->levels[1].n_records));
    free(detailed_path);

    /* fleet CSV: every row as wide as its header; the lost ranks with their reason */
    char *fleet = read_in(dir, "fleetunit_fleet.csv");
    int width = uh_count_fields(uh_line_at(fleet, 0, line, sizeof line));
    int rows = 0;
    for (int i = 1; uh_line_at(fleet, i, line, sizeof line) && line[0]; i++, rows++)
        assert_int_equal(uh_count_fields(line), width);
    assert_int_equal(rows, 2 * fr.n_levels + 2);
    assert_non_null(strstr(fleet, "failed,\"model file 'a,\"\"b\"\".pt' not found\""));
    assert_non_null(strstr(fleet, "missing,no results within 2 s"));
    assert_non_null(strstr(fleet, "Passed,False"));

    /* JSON: the single-node keys, and every rank */
    char *json = read_in(dir, "fleetunit.json");
    cJSON *root = uh_parse_json(json);
    assert_non_null(cJSON_GetObjectItem(root, "levels"));
    assert_int_equal(tu_json_number(root, "levels_rank"), 0);
    cJSON *fleet_o = cJSON_GetObjectItem(root, "fleet");
    assert_int_equal(tu_json_number(fleet_o, "size"), 4);
    assert_int_equal(tu_json_number(fleet_o, "exit_code"), LTB_EXIT_FLEET_FAILED);
    cJSON *rank_list = cJSON_GetObjectItem(fleet_o, "ranks");
    assert_int_equal(cJSON_GetArraySize(rank_list), 4);
    const char *statuses[] = {"ok", "ok", "failed", "missing"};
    for (int r = 0; r < 4; r++) {
        cJSON *o = cJSON_GetArrayItem(rank_list, r);
        assert_string_equal(cJSON_GetObjectItem(o, "status")->valuestring, statuses[r]);
        cJSON *levels = cJSON_GetObjectItem(o, "levels");
        assert_int_equal(cJSON_GetArraySize(levels), r < 2 ? fr.n_levels : 0);
        if (r == 1)
            assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(levels, 0), "outlier")));
    }
    cJSON_Delete(root);
    free(json);
    free(fleet);
    free(summary);
    free(single);
    free(table);
    ltb_fleet_result_free(&fr);
    free_run(fast);
    free_run(slow);
    ltb_workload_free(&w);
    uh_remove_dir(dir);
    free(single_dir);
    free(dir);
}

/* A rank stopped by a signal: exit 130, and every report says the verdict is on a
 * partial run. */
static void an_interrupted_rank_makes_the_verdict_partial(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char err[512];
    ltb_config c;
    small_config(&c, dir);
    double a[] = {100, 100}, b[] = {99, 98};
    ltb_rank_report ranks[2] = {ok_rank(0, run_with_ips(&c, a, 2)), ok_rank(1, run_with_ips(&c, b, 2))};
    ranks[1].run->interrupted = 1;
    ltb_fleet_result fr = {.config = &c, .tolerance_pct = 5, .size = 2, .ranks = ranks};
    assert_int_equal(ltb_fleet_judge(&fr), 0);
    assert_int_equal(fr.interrupted_ranks, 1);
    assert_true(fr.passed); /* on what was measured */
    assert_int_equal(ltb_fleet_exit_code(&fr), LTB_EXIT_INTERRUPTED);
    char *table = NULL;
    size_t table_len = 0;
    FILE *out = open_memstream(&table, &table_len);
    ltb_fleet_print(out, &fr);
    fclose(out);
    assert_non_null(strstr(table, "Fleet verdict: INTERRUPTED, partial results (1 of 2 ranks "
                                  "stopped by a signal); on what was measured: PASS (2 of 2"));
    assert_int_equal(ltb_fleet_write_csv(&fr, dir, err, sizeof err), 0);
    char *fleet = read_in(dir, "fleetunit_fleet.csv");
    assert_non_null(strstr(fleet, "\nPassed,True\nInterrupted,True\nRanks_Interrupted,1\n"));
    assert_int_equal(ltb_fleet_write_json(&fr, dir, err, sizeof err), 0);
    char *json = read_in(dir, "fleetunit.json");
    cJSON *root = uh_parse_json(json);
    cJSON *fleet_o = cJSON_GetObjectItem(root, "fleet");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(fleet_o, "interrupted")));
    assert_int_equal(tu_json_number(fleet_o, "ranks_interrupted"), 1);
    assert_int_equal(tu_json_number(fleet_o, "exit_code"), LTB_EXIT_INTERRUPTED);
    cJSON *rank_list = cJSON_GetObjectItem(fleet_o, "ranks");
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetArrayItem(rank_list, 0), "interrupted")));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(rank_list, 1), "interrupted")));
    cJSON_Delete(root);
    free(json);
    free(fleet);
    free(table);
    for (int r = 0; r < 2; r++)
        free(ranks[r].run);
    ltb_fleet_result_free(&fr);
    uh_remove_dir(dir);
    free(dir);
}

/* ---- telemetry and UUID ------------------------------------------------------------ */

/* NVML samples as the driver leaves them in a level's metrics. */
static void give_telemetry(ltb_run *run)
{
    for (int l = 0; l < run->n_levels; l++) {
        ltb_gpu_metrics *g = &run->levels[l].metrics.gpu;
        g->samples = 7;
        g->avg_sm_clock_mhz = 1410;
        g->avg_mem_clock_mhz = 1593;
        g->avg_power_w = 250.5 + l;
        g->max_temp_c = 71;
        g->throttled = 1;
        snprintf(g->throttle_reasons, sizeof g->throttle_reasons, "sw power cap, hw thermal slowdown");
    }
}

/* The fleet CSV's telemetry fields (20..24) of the row of rank r at level index l. */
static void assert_fleet_row_telemetry(const char *fleet, int row, int rank, const char *sm,
                                       const char *mem, const char *power, const char *temp,
                                       const char *throttle)
{
    char line[8192], field[256];
    assert_non_null(uh_line_at(fleet, row, line, sizeof line));
    assert_int_equal(atoi(tu_csv_field(line, 0, field, sizeof field)), rank);
    assert_string_equal(tu_csv_field(line, 20, field, sizeof field), sm);
    assert_string_equal(tu_csv_field(line, 21, field, sizeof field), mem);
    assert_string_equal(tu_csv_field(line, 22, field, sizeof field), power);
    assert_string_equal(tu_csv_field(line, 23, field, sizeof field), temp);
    assert_string_equal(tu_csv_field(line, 24, field, sizeof field), throttle);
}

static void telemetry_and_uuid_reach_the_fleet_files(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    ltb_config c;
    ltb_workload w;
    char err[512];
    long sleep_ns = 1000000;
    small_config(&c, dir);
    assert_int_equal(ltb_workload_synthetic_images(&w, 3, 8, 8, 1, err, sizeof err), 0);
    ltb_run *gpu = real_run(&c, &w, &sleep_ns, 4.0);  /* the slow one, with NVML samples */
    ltb_run *cpu = real_run(&c, &w, &sleep_ns, 0);    /* none: samples == 0 */
    give_telemetry(gpu);
    ltb_rank_report ranks[2] = {ok_rank(0, cpu), ok_rank(1, gpu)};
    snprintf(ranks[1].device, sizeof ranks[1].device, "cuda:1");
    snprintf(ranks[1].device_uuid, sizeof ranks[1].device_uuid,
             "GPU-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    ltb_fleet_result fr = {.config = &c, .tolerance_pct = 5, .size = 2, .ranks = ranks};
    assert_int_equal(ltb_fleet_judge(&fr), 0);
    assert_int_equal(fr.n_levels, 2);

    ltb_rank_telemetry t;
    ltb_fleet_telemetry(&fr, 1, 1, &t);
    assert_float_equal(t.sm_clock_mhz, 1410, 1e-9);
    assert_float_equal(t.power_w, 251.5, 1e-9);
    assert_string_equal(t.throttle, "sw power cap, hw thermal slowdown");
    ltb_fleet_telemetry(&fr, 0, 1, &t);
    assert_float_equal(t.sm_clock_mhz, -1, 0);
    assert_float_equal(t.temperature_c, -1, 0);
    assert_string_equal(t.throttle, "");

    char *table = NULL;
    size_t table_len = 0;
    FILE *out = open_memstream(&table, &table_len);
    c.outputs |= LTB_OUT_TABLE;
    assert_int_equal(ltb_fleet_write_reports(&fr, out, err, sizeof err), 0);
    fclose(out);
    /* the slow rank is an outlier, listed with its telemetry and its UUID */
    assert_non_null(strstr(table, "SM 1410 MHz, memory 1593 MHz, 250.5 W, 71 C, throttle: sw power cap"));
    assert_non_null(strstr(table, "GPU-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"));

    /* fleet CSV: rank 0 (no samples) -1 and empty, rank 1 its NVML numbers and UUID */
    char *fleet = read_in(dir, "fleetunit_fleet.csv");
    char line[8192], field[256];
    assert_string_equal(tu_csv_field(uh_line_at(fleet, 0, line, sizeof line), 20, field,
                                     sizeof field), "SM_Clock_MHz");
    assert_fleet_row_telemetry(fleet, 1, 0, "-1", "-1", "-1", "-1", "");
    assert_fleet_row_telemetry(fleet, 2, 0, "-1", "-1", "-1", "-1", "");
    assert_fleet_row_telemetry(fleet, 3, 1, "1410", "1593", "250.5", "71",
                               "sw power cap, hw thermal slowdown");
    assert_fleet_row_telemetry(fleet, 4, 1, "1410", "1593", "251.5", "71",
                               "sw power cap, hw thermal slowdown");
    assert_string_equal(tu_csv_field(uh_line_at(fleet, 1, line, sizeof line), 4, field,
                                     sizeof field), "");
    assert_string_equal(tu_csv_field(uh_line_at(fleet, 3, line, sizeof line), 4, field,
                                     sizeof field), "GPU-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");

    /* JSON: the same numbers; null where not measured */
    char *json = read_in(dir, "fleetunit.json");
    cJSON *root = uh_parse_json(json);
    cJSON *rank_list = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "fleet"), "ranks");
    cJSON *r0 = cJSON_GetArrayItem(rank_list, 0), *r1 = cJSON_GetArrayItem(rank_list, 1);
    assert_string_equal(cJSON_GetObjectItem(r0, "device_uuid")->valuestring, "");
    assert_string_equal(cJSON_GetObjectItem(r1, "device_uuid")->valuestring,
                        "GPU-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    for (int l = 0; l < 2; l++) {
        cJSON *t0 = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(r0, "levels"), l),
                                        "telemetry");
        cJSON *t1 = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(r1, "levels"), l),
                                        "telemetry");
        assert_true(cJSON_IsNull(cJSON_GetObjectItem(t0, "sm_clock_mhz")));
        assert_true(cJSON_IsNull(cJSON_GetObjectItem(t0, "power_w")));
        assert_string_equal(cJSON_GetObjectItem(t0, "throttle")->valuestring, "");
        assert_float_equal(tu_json_number(t1, "sm_clock_mhz"), 1410, 1e-9);
        assert_float_equal(tu_json_number(t1, "mem_clock_mhz"), 1593, 1e-9);
        assert_float_equal(tu_json_number(t1, "power_w"), 250.5 + l, 1e-9);
        assert_float_equal(tu_json_number(t1, "temperature_c"), 71, 1e-9);
        assert_string_equal(cJSON_GetObjectItem(t1, "throttle")->valuestring,
                            "sw power cap, hw thermal slowdown");
    }
    cJSON_Delete(root);
    free(json);
    free(fleet);
    free(table);
    ltb_fleet_result_free(&fr);
    free_run(gpu);
    free_run(cpu);
    ltb_workload_free(&w);
    uh_remove_dir(dir);
    free(dir);
}

/* ---- generate: the task's CSV files over ranks ------------------------------------- */

static void generate_fleet_writes_the_task_csvs(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *single_dir = tu_path(dir, "single");
    ltb_config c;
    ltb_workload w;
    char err[512];
    long sleep_ns = 1000000;
    small_config(&c, dir);
    c.task = LTB_TASK_GENERATE;
    c.width = c.height = 64;
    c.steps = 1;
    c.guidance_scale = 0;
    c.negative_prompt = "";
    c.generator = "gan";
    const char *prompts[] = {"", ""};
    assert_int_equal(ltb_workload_prompts(&w, prompts, 2, err, sizeof err), 0);
    ltb_run *a = real_run(&c, &w, &sleep_ns, 0);
    ltb_run *b = real_run(&c, &w, &sleep_ns, 0);
    ltb_rank_report ranks[2] = {ok_rank(0, a), ok_rank(1, b)};
    ltb_fleet_result fr = {.config = &c, .tolerance_pct = 100, .size = 2, .ranks = ranks};
    assert_int_equal(ltb_fleet_judge(&fr), 0);
    assert_int_equal(ltb_fleet_write_reports(&fr, NULL, err, sizeof err), 0);

    /* the single-node generate header, then Rank,Host; no legacy {name}.csv */
    ltb_run alone = *a;
    alone.config.output_dir = single_dir;
    assert_int_equal(ltb_write_reports(&alone, NULL, err, sizeof err), 0);
    const char *files[] = {"fleetunit_summary.csv", "fleetunit_detailed.csv"};
    char want[8192], line[8192], field[256];
    for (int i = 0; i < 2; i++) {
        char *single = read_in(single_dir, files[i]);
        char *fleet = read_in(dir, files[i]);
        snprintf(want, sizeof want, "%s,Rank,Host", uh_line_at(single, 0, line, sizeof line));
        assert_string_equal(uh_line_at(fleet, 0, line, sizeof line), want);
        int width = uh_count_fields(want);
        int rows[2] = {0, 0};
        for (int k = 1; uh_line_at(fleet, k, line, sizeof line) && line[0]; k++) {
            assert_int_equal(uh_count_fields(line), width);
            rows[atoi(tu_csv_field(line, width - 2, field, sizeof field))]++;
        }
        int per_rank = i == 0 ? a->n_levels
                              : (int)(a->levels[0].n_records + a->levels[1].n_records);
        assert_int_equal(rows[0], per_rank);
        assert_int_equal(rows[1], per_rank);
        free(fleet);
        free(single);
    }
    char *legacy = tu_path(dir, "fleetunit.csv");
    assert_false(tu_file_exists(legacy));
    free(legacy);
    char *fleet = read_in(dir, "fleetunit_fleet.csv");
    assert_non_null(strstr(fleet, "Throughput_Metric,IPS"));
    free(fleet);

    ltb_fleet_result_free(&fr);
    free_run(a);
    free_run(b);
    ltb_workload_free(&w);
    uh_remove_dir(dir);
    free(single_dir);
    free(dir);
}

/* ---- options ----------------------------------------------------------------------- */

static void fleet_options_parse_and_refuse_bad_values(void **state)
{
    (void)state;
    image_args *a = calloc(1, sizeof *a);
    char err[256];
    char *ok[] = {"image", "--outlier-tolerance", "7.5", "--rank-timeout", "2",
                  "--rank-delay-ms", "1:20", NULL};
    assert_int_equal(image_args_parse(7, ok, a, err, sizeof err), 0);
    assert_float_equal(a->fleet.outlier_tolerance_pct, 7.5, 1e-12);
    assert_float_equal(a->fleet.rank_timeout_s, 2, 1e-12);
    assert_int_equal(a->fleet.delay_rank, 1);
    assert_float_equal(a->fleet.delay_ms, 20, 1e-12);
    char *defaults[] = {"image", NULL};
    assert_int_equal(image_args_parse(1, defaults, a, err, sizeof err), 0);
    assert_float_equal(a->fleet.outlier_tolerance_pct, 5, 1e-12);
    assert_int_equal(a->fleet.delay_rank, -1);
    const char *bad[][2] = {{"--outlier-tolerance", "-1"}, {"--rank-timeout", "0"},
                            {"--rank-delay-ms", "20"}, {"--rank-delay-ms", "x:20"},
                            {"--rank-delay-ms", "1:"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *argv[] = {"image", (char *)bad[i][0], (char *)bad[i][1], NULL};
        err[0] = '\0';
        assert_int_equal(image_args_parse(3, argv, a, err, sizeof err), -1);
        assert_non_null(strstr(err, bad[i][0]));
    }
    free(a);
    /* generate takes them too */
    generate_args *g = calloc(1, sizeof *g);
    assert_non_null(g);
    char *gen[] = {"generate", "--outlier-tolerance", "12", "--rank-delay-ms", "0:5", NULL};
    assert_int_equal(generate_args_parse(5, gen, g, err, sizeof err), 0);
    assert_float_equal(g->fleet.outlier_tolerance_pct, 12, 1e-12);
    assert_int_equal(g->fleet.delay_rank, 0);
    char *gen_bad[] = {"generate", "--rank-timeout", "0", NULL};
    assert_int_equal(generate_args_parse(3, gen_bad, g, err, sizeof err), -1);
    assert_non_null(strstr(err, "--rank-timeout"));
    free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(delay_target_adds_its_time_to_every_request),
        cmocka_unit_test(verdict_flags_ranks_below_the_median_by_more_than_the_tolerance),
        cmocka_unit_test(verdict_leaves_out_skipped_levels_and_lost_ranks),
        cmocka_unit_test(an_interrupted_rank_makes_the_verdict_partial),
        cmocka_unit_test(rank_report_survives_the_wire_byte_for_byte),
        cmocka_unit_test(fleet_files_carry_every_rank),
        cmocka_unit_test(telemetry_and_uuid_reach_the_fleet_files),
        cmocka_unit_test(generate_fleet_writes_the_task_csvs),
        cmocka_unit_test(fleet_options_parse_and_refuse_bad_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
