/* test_mpi_fleet.c — `mpirun -np 2 ltbench image|tts|generate` on the CPU (an
 * LTBENCH_MPI build only): rank 0 gathers both ranks into one report whose aggregate
 * is the sum of the ranks' throughputs, a rank slowed on purpose (--rank-delay-ms)
 * is flagged and fails the fleet (exit 3), rank 0 starts a level only after the
 * slow rank has finished the one before (the barrier), and a generate fleet writes
 * the single-node CSV headers with Rank,Host added. Faults: test_mpi_faults.c. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LEVELS 8

/* The line's field count. */
static int fields_of(const char *line)
{
    char buf[8];
    int n = 0;
    while (tu_csv_field(line, n, buf, sizeof buf))
        n++;
    return n;
}

/* Calls row(line, fields, user) for each data row of dir/file up to the first blank line. */
static void each_row(const char *dir, const char *file, void (*row)(const char *, int, void *),
                     void *user)
{
    char *path = tu_path(dir, file);
    char *text = tu_read_file(path);
    if (!text)
        fail_msg("cannot read %s", path);
    char *line = strchr(text, '\n');
    while (line && line[1] && line[1] != '\n') {
        line++;
        row(line, fields_of(line), user);
        line = strchr(line, '\n');
    }
    free(text);
    free(path);
}

static double field_double(const char *line, int i)
{
    char buf[256];
    if (!tu_csv_field(line, i, buf, sizeof buf))
        fail_msg("no field %d in: %.200s", i, line);
    return strtod(buf, NULL);
}

/* ---- summary: sum of the ranks' throughput per concurrency ---------------------- */

typedef struct sums {
    int concurrency[MAX_LEVELS];
    double sum[MAX_LEVELS];
    int rows_of_rank[2];
    int n;
} sums;

static void add_summary_row(const char *line, int fields, void *user)
{
    sums *s = user;
    int c = (int)field_double(line, 0);
    double throughput = field_double(line, 1); /* IPS or ASPS: second column of both headers */
    int rank = (int)field_double(line, fields - 2);
    assert_in_range(rank, 0, 1);
    s->rows_of_rank[rank]++;
    int k = 0;
    while (k < s->n && s->concurrency[k] != c)
        k++;
    if (k == s->n) {
        assert_true(s->n < MAX_LEVELS);
        s->concurrency[s->n++] = c;
    }
    s->sum[k] += throughput;
}

/* The fleet JSON's aggregate of each level equals the sum of the CSV's rank rows. */
static void aggregate_is_the_sum_of_ranks(const char *dir, const char *name, int levels)
{
    char file[256];
    sums s = {0};
    snprintf(file, sizeof file, "%s_summary.csv", name);
    each_row(dir, file, add_summary_row, &s);
    assert_int_equal(s.rows_of_rank[0], levels);
    assert_int_equal(s.rows_of_rank[1], levels);
    snprintf(file, sizeof file, "%s.json", name);
    cJSON *root = tu_read_json(dir, file);
    cJSON *fleet = cJSON_GetObjectItem(root, "fleet");
    assert_int_equal(tu_json_number(fleet, "size"), 2);
    assert_int_equal(tu_json_number(fleet, "ranks_ok"), 2);
    cJSON *fleet_levels = cJSON_GetObjectItem(fleet, "levels");
    assert_int_equal(cJSON_GetArraySize(fleet_levels), levels);
    for (int k = 0; k < levels; k++) {
        cJSON *l = cJSON_GetArrayItem(fleet_levels, k);
        int c = (int)tu_json_number(l, "concurrency");
        int at = 0;
        while (at < s.n && s.concurrency[at] != c)
            at++;
        assert_true(at < s.n);
        assert_int_equal(tu_json_number(l, "ranks_reporting"), 2);
        double aggregate = tu_json_number(l, "aggregate_throughput");
        if (fabs(aggregate - s.sum[at]) > 1e-3 + 1e-6 * aggregate)
            fail_msg("concurrency %d: aggregate %.6f, sum of the ranks' rows %.6f", c, aggregate,
                     s.sum[at]);
    }
    /* every rank is in the JSON with its host and levels */
    cJSON *ranks = cJSON_GetObjectItem(fleet, "ranks");
    assert_int_equal(cJSON_GetArraySize(ranks), 2);
    for (int r = 0; r < 2; r++) {
        cJSON *o = cJSON_GetArrayItem(ranks, r);
        assert_string_equal(cJSON_GetObjectItem(o, "status")->valuestring, "ok");
        assert_true(strlen(cJSON_GetObjectItem(o, "host")->valuestring) > 0);
        assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "levels")), levels);
    }
    cJSON_Delete(root);
}

/* ---- fleet CSV: who is flagged -------------------------------------------------- */

typedef struct flags {
    int outlier_rows[2], rows[2];
    int status_ok[2];
} flags;

static void add_fleet_row(const char *line, int fields, void *user)
{
    flags *f = user;
    char buf[64];
    int rank = (int)field_double(line, 0);
    assert_int_equal(fields, 25);
    assert_in_range(rank, 0, 1);
    f->rows[rank]++;
    f->status_ok[rank] += !strcmp(tu_csv_field(line, 6, buf, sizeof buf), "ok");
    f->outlier_rows[rank] += !strcmp(tu_csv_field(line, 19, buf, sizeof buf), "True");
}

static void slow_rank_is_flagged(const char *dir, const char *name, int levels)
{
    char file[256];
    flags f = {0};
    snprintf(file, sizeof file, "%s_fleet.csv", name);
    each_row(dir, file, add_fleet_row, &f);
    assert_int_equal(f.rows[0], levels);
    assert_int_equal(f.rows[1], levels);
    assert_int_equal(f.status_ok[1], levels);
    assert_int_equal(f.outlier_rows[0], 0);
    assert_int_equal(f.outlier_rows[1], levels); /* rank 1, 20 ms slower a request */
}

/* ---- detailed: both ranks start a level together -------------------------------- */

typedef struct starts {
    double rank0_first_start_c2, rank1_last_end_c1;
} starts;

static void add_detailed_row(const char *line, int fields, void *user)
{
    starts *s = user;
    int c = (int)field_double(line, 0);
    int rank = (int)field_double(line, fields - 2);
    double start = field_double(line, 7), end = field_double(line, 9);
    if (rank == 0 && c == 2 && start < s->rank0_first_start_c2)
        s->rank0_first_start_c2 = start;
    if (rank == 1 && c == 1 && end > s->rank1_last_end_c1)
        s->rank1_last_end_c1 = end;
}

static void image_fleet_gathers_both_ranks_and_flags_the_slow_one(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char rest[2048];
    tu_output o;
    snprintf(rest, sizeof rest,
             "-np 2 \"$LTBENCH_BIN\" image -m \"$LTBENCH_MODELS_DIR/identity.pt\" --synthetic 4 "
             "-c 1,2 -n 10 --warmup 2 --rank-delay-ms 1:20 --no-plots --output-dir '%s'", dir);
    int code = tu_run_mpi(rest, &o);
    tu_expect_exit("image fleet with a slow rank", code, 3, &o);
    assert_non_null(strstr(o.out, "Fleet verdict: FAIL"));
    aggregate_is_the_sum_of_ranks(dir, "identity", 2);
    slow_rank_is_flagged(dir, "identity", 2);
    /* the usual files: the seed's header first, Rank,Host last */
    tu_assert_csv_header(dir, "identity_summary.csv", "Concurrency,IPS,PPS,SPS,RPS,CPS");
    tu_assert_csv_header(dir, "identity_detailed.csv", "Concurrency_Level,Request_ID,Iteration");
    char *path = tu_path(dir, "identity_detailed.csv");
    char *header = tu_first_line(path);
    size_t len = strlen(header);
    assert_true(len > 10 && !strcmp(header + len - 10, ",Rank,Host"));
    assert_int_equal(tu_count_lines_until_blank(path), 1 + 2 * 2 * 10);
    /* the barrier: rank 0 starts level 2 only after rank 1 has finished level 1 */
    starts s = {1e300, -1};
    each_row(dir, "identity_detailed.csv", add_detailed_row, &s);
    if (!(s.rank0_first_start_c2 >= s.rank1_last_end_c1))
        fail_msg("rank 0 started concurrency 2 at %.6f, before rank 1 ended concurrency 1 at %.6f",
                 s.rank0_first_start_c2, s.rank1_last_end_c1);
    free(header);
    free(path);
    tu_output_free(&o);
    free(dir);
}

static void tts_fleet_gathers_both_ranks_and_flags_the_slow_one(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char rest[2048];
    tu_output o;
    snprintf(rest, sizeof rest,
             "-np 2 \"$LTBENCH_BIN\" tts -m \"$LTBENCH_MODELS_DIR/tts_tiny.pt\" -c 1 -n 2 "
             "--warmup 1 --text-variations 2 --min-text-length 20 --max-text-length 50 "
             "--rank-delay-ms 1:250 --no-plots -q --output-dir '%s'", dir);
    int code = tu_run_mpi(rest, &o);
    tu_expect_exit("tts fleet with a slow rank", code, 3, &o);
    aggregate_is_the_sum_of_ranks(dir, "tts_tiny", 1);
    slow_rank_is_flagged(dir, "tts_tiny", 1);
    tu_assert_csv_header(dir, "tts_tiny_summary.csv", "Concurrency,ASPS,RTF_Mean");
    tu_assert_csv_header(dir, "tts_tiny.csv", "Concurrency,ASPS,RTF_Mean");
    tu_output_free(&o);
    free(dir);
}

/* ---- generate: the same files as image, on a one-forward generator ----------------- */

/* dir/file's header is single_dir/file's with ",Rank,Host" added. */
static void header_is_single_nodes_plus_rank_host(const char *dir, const char *single_dir,
                                                  const char *file)
{
    char *single_path = tu_path(single_dir, file), *path = tu_path(dir, file);
    char *single = tu_first_line(single_path), *header = tu_first_line(path);
    size_t n = strlen(single);
    if (strncmp(header, single, n) != 0 || strcmp(header + n, ",Rank,Host") != 0)
        fail_msg("%s: fleet header\n%s\nis not the single-node one\n%s\nwith ,Rank,Host", file,
                 header, single);
    free(header);
    free(single);
    free(path);
    free(single_path);
}

static void generate_fleet_writes_every_ranks_rows(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char *single_dir = tu_path(dir, "single");
    const char *gen = "generate -m \"$LTBENCH_MODELS_DIR/dcgan.pt\" --width 64 --height 64 -c 1 "
                      "-n 3 --warmup 1 --prompt-variations 2 --no-plots -q";
    char rest[2048];
    tu_output o;
    /* the single-node files: the headers a fleet's must keep */
    snprintf(rest, sizeof rest, "%s --output-dir '%s'", gen, single_dir);
    int code = tu_run_cli(rest, &o);
    tu_expect_exit("generate alone", code, 0, &o);
    tu_output_free(&o);
    /* a loaded CPU is not a slow card: a wide tolerance keeps the verdict a pass */
    snprintf(rest, sizeof rest, "-np 2 \"$LTBENCH_BIN\" %s --outlier-tolerance 90 "
             "--output-dir '%s'", gen, dir);
    code = tu_run_mpi(rest, &o);
    tu_expect_exit("generate fleet", code, 0, &o);
    aggregate_is_the_sum_of_ranks(dir, "dcgan", 1);
    tu_assert_csv_header(dir, "dcgan_summary.csv", TU_IMAGE_SUMMARY_HEADER);
    tu_assert_csv_header(dir, "dcgan_detailed.csv", TU_IMAGE_DETAILED_HEADER);
    header_is_single_nodes_plus_rank_host(dir, single_dir, "dcgan_summary.csv");
    header_is_single_nodes_plus_rank_host(dir, single_dir, "dcgan_detailed.csv");
    char *path = tu_path(dir, "dcgan_detailed.csv");
    assert_int_equal(tu_count_lines_until_blank(path), 1 + 2 * 3);
    free(path);
    flags f = {0};
    each_row(dir, "dcgan_fleet.csv", add_fleet_row, &f);
    for (int r = 0; r < 2; r++) {
        assert_int_equal(f.rows[r], 1);
        assert_int_equal(f.status_ok[r], 1);
    }
    char *fleet_csv = tu_path(dir, "dcgan_fleet.csv");
    char *text = tu_read_file(fleet_csv);
    assert_non_null(strstr(text, "Throughput_Metric,IPS"));
    assert_non_null(strstr(text, "Passed,True"));
    free(text);
    free(fleet_csv);
    cJSON *root = tu_read_json(dir, "dcgan.json");
    cJSON *config = cJSON_GetObjectItem(root, "config");
    assert_string_equal(cJSON_GetObjectItem(config, "task")->valuestring, "generate");
    assert_string_equal(cJSON_GetObjectItem(config, "generator")->valuestring, "gan");
    cJSON_Delete(root);
    tu_output_free(&o);
    free(single_dir);
    free(dir);
}

/* The index of column `name` in a CSV header line, or -1. */
static int column_of(const char *header, const char *name)
{
    size_t n = strlen(name);
    int col = 0;
    for (const char *p = header; p && *p; col++) {
        if (!strncmp(p, name, n) && (p[n] == ',' || p[n] == '\0' || p[n] == '\n' || p[n] == '\r'))
            return col;
        p = strchr(p, ',');
        if (p)
            p++;
    }
    return -1;
}

typedef struct schedule_rows {
    int due_col, rank_col;
    int n[2];
    double due[2][64];
} schedule_rows;

static void add_schedule_row(const char *line, int fields, void *user)
{
    schedule_rows *s = user;
    (void)fields;
    int rank = (int)field_double(line, s->rank_col);
    if (rank < 0 || rank > 1 || s->n[rank] >= 64)
        return;
    s->due[rank][s->n[rank]++] = field_double(line, s->due_col);
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* --rate under mpirun: every rank draws the same schedule (same seed; the rate is per
 * rank), so the gaps between the due times of rank 0's requests are rank 1's. */
static void rate_fleet_gives_every_rank_the_same_schedule(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char rest[2048];
    tu_output o;
    snprintf(rest, sizeof rest,
             "-np 2 \"$LTBENCH_BIN\" image -m \"$LTBENCH_MODELS_DIR/identity.pt\" --synthetic 4 "
             "--rate 200 --arrivals poisson -c 2 -n 20 --warmup 2 --outlier-tolerance 90 --no-plots -q "
             "--output-dir '%s'", dir);
    int code = tu_run_mpi(rest, &o);
    tu_expect_exit("image fleet at --rate 200", code, 0, &o);
    char *path = tu_path(dir, "identity_detailed.csv");
    char *header = tu_first_line(path);
    schedule_rows s;
    memset(&s, 0, sizeof s);
    s.due_col = column_of(header, "Scheduled_Time_Sec");
    s.rank_col = column_of(header, "Rank");
    assert_true(s.due_col > 0 && s.rank_col > s.due_col);
    each_row(dir, "identity_detailed.csv", add_schedule_row, &s);
    assert_int_equal(s.n[0], 20);
    assert_int_equal(s.n[1], 20);
    for (int r = 0; r < 2; r++)
        qsort(s.due[r], 20, sizeof(double), by_value);
    for (int i = 1; i < 20; i++) {
        double g0 = s.due[0][i] - s.due[0][i - 1], g1 = s.due[1][i] - s.due[1][i - 1];
        if (fabs(g0 - g1) > 3e-6)   /* the CSV keeps microseconds */
            fail_msg("gap %d: rank 0 %.6f s, rank 1 %.6f s: not the same schedule", i, g0, g1);
    }
    free(header);
    free(path);
    tu_output_free(&o);
    free(dir);
}

/* `ltbench run` in a fleet: both ranks' rows, the run task's header first. */
static void run_fleet_writes_every_ranks_rows(void **state)
{
    (void)state;
    char *dir = tu_tempdir();
    char rest[2048];
    tu_output o;
    snprintf(rest, sizeof rest,
             "-np 2 \"$LTBENCH_BIN\" run -m \"$LTBENCH_MODELS_DIR/identity.pt\" -b 2 -c 1 -n 6 "
             "--warmup 1 --outlier-tolerance 90 --no-plots -q --output-dir '%s'", dir);
    /* a loaded CPU is not a slow card: a wide tolerance keeps the verdict a pass */
    int code = tu_run_mpi(rest, &o);
    tu_expect_exit("run fleet", code, 0, &o);
    tu_assert_csv_header(dir, "identity_summary.csv", "Concurrency,Batch,RPS,Samples_Per_Sec");
    tu_assert_csv_header(dir, "identity_detailed.csv", "Concurrency_Level,Request_ID,Batch,Start_Time_Sec");
    char *path = tu_path(dir, "identity_detailed.csv");
    assert_int_equal(tu_count_lines_until_blank(path), 1 + 2 * 6);
    free(path);
    tu_output_free(&o);
    free(dir);
}

int main(void)
{
    tu_env("LTBENCH_MPIEXEC");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(image_fleet_gathers_both_ranks_and_flags_the_slow_one),
        cmocka_unit_test(tts_fleet_gathers_both_ranks_and_flags_the_slow_one),
        cmocka_unit_test(generate_fleet_writes_every_ranks_rows),
        cmocka_unit_test(rate_fleet_gives_every_rank_the_same_schedule),
        cmocka_unit_test(run_fleet_writes_every_ranks_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
