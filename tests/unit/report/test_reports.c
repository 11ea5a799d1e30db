/* test_reports.c — a small run built by hand (two levels that ran, one skipped)
 * goes through every report: the CSV files keep the seed's headers exactly and
 * have one row per request / level, the JSON parses and carries every section,
 * the console table and Markdown show the levels, and errors name the file. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "environment.h"
#include "metrics.h"
#include "report.h"
#include "validate.h"
#include "testutil.h"
#include "unit_helpers.h"

#define MS 1000000ULL

static const char summary_header[] =
    "Concurrency,IPS,PPS,SPS,RPS,CPS,Tokens_Per_Sec,TTFI_p50_ms,TTFI_p95_ms,TTFI_p99_ms,"
    "TTFI_Mean_ms,Total_Requests,Success_Rate_%,Failed_Requests,Total_Wall_Time_s,"
    "Total_Images,Total_Pixels,Total_Inference_Steps,Avg_Prompt_Length_chars,"
    "Avg_Images_Per_Request,Avg_Image_Width,Avg_Image_Height,Avg_Inference_Steps,"
    "Avg_Guidance_Scale,Avg_Memory_Peak_MB,Max_Memory_Peak_MB,Avg_GPU_Memory_MB,"
    "Max_GPU_Memory_MB,Batch,Latency_p50_ms,Latency_p95_ms,Latency_p99_ms,Latency_Mean_ms,"
    "Latency_Stddev_ms,Latency_CoV,Preprocess_Mean_ms,H2D_Mean_ms,Forward_Mean_ms,"
    "D2H_Mean_ms,Postprocess_Mean_ms,GPU_Mean_ms,Server_Mean_ms,Device,Precision,"
    "Skipped_Reason,Repetition,Repetitions,Throughput_Mean,Throughput_Stddev,RPS_Mean,RPS_Stddev"
    ",GPU_Compute_p50_ms,GPU_Compute_p95_ms,GPU_Compute_Mean_ms,GPU_Compute_CoV,Enqueue_Mean_ms,GPU_Mem_Peak_Allocated_MB,GPU_Mem_Peak_Reserved_MB,GPU_Mem_Used_MB,GPU_Mem_Total_MB,GPU_Energy_J,Joules_Per_Image,GPU_Avg_Power_W,GPU_Max_Power_W,GPU_Max_Temp_C,GPU_Avg_SM_Clock_MHz,GPU_Avg_Mem_Clock_MHz,GPU_Avg_Util_%,GPU_Throttled,GPU_Throttle_Reasons,Intra_Op_Threads"
    /* open loop (issue 20), empty in a closed loop */
    ",Offered_RPS,Achieved_RPS,Queue_Wait_Mean_ms,Queue_Wait_p99_ms,Service_p50_ms,Service_p99_ms,Late_Starts"
    ",Service_Mean_ms,Issue_Lag_Mean_ms,Issue_Lag_p99_ms,Issue_Lag_Max_ms,Scheduled_RPS,Scheduled_Gap_CoV,Arrivals";

static const char detailed_header[] =
    "Concurrency_Level,Request_ID,Iteration,Prompt_Input,Prompt_Length_Chars,"
    "Prompt_Length_Tokens,Negative_Prompt_Length_Chars,Start_Time_Sec,First_Image_Time_Sec,"
    "End_Time_Sec,Wall_Time_Sec,TTFI_Sec,Width,Height,Num_Images,Total_Pixels,"
    "Num_Inference_Steps,Guidance_Scale,Seed,Images_Per_Sec,Pixels_Per_Sec,Steps_Per_Sec,"
    "Memory_Peak_MB,GPU_Memory_MB,File_Size_Bytes,Image_Format,Success,Error_Message,Batch,"
    "Worker,Latency_ms,Preprocess_ms,H2D_ms,Forward_ms,D2H_ms,Postprocess_ms,GPU_ms,"
    "Server_Processing_ms,Top1_Class,Top_K_Classes,Top_K_Scores,GPU_Compute_ms,Enqueue_ms"
    ",Scheduled_Time_Sec,Queue_Wait_Sec";

static const char *const record_keys[] = {
    "id", "worker", "sample", "batch", "t_start_s", "t_first_s", "t_end_s", "latency_ms", "ok",
    "error", "topk_ids", "topk_scores", "audio_seconds", "preprocess_ms", "h2d_ms",
    "forward_ms", "d2h_ms", "postprocess_ms", "gpu_ms", "server_processing_ms", NULL};

static const ltb_sample_info samples[] = {
    {.name = "cat.jpg"}, {.name = "dog.PNG"}, {.name = "synthetic_2"}};

/* ---- the run under test ------------------------------------------------------------- */

typedef struct fixture {
    char dir[256];
    ltb_run *run;
    ltb_record records[7];
} fixture;

static const uint64_t run_start_ns = 5000 * MS;

static ltb_record record(int64_t id, int worker, int sample, int batch, double start_ms,
                         double end_ms, int ok)
{
    ltb_record r;
    memset(&r, 0, sizeof r);
    r.id = id;
    r.worker = worker;
    r.sample = sample;
    r.batch = batch;
    r.t_start_ns = run_start_ns + (uint64_t)(start_ms * MS);
    r.t_end_ns = run_start_ns + (uint64_t)(end_ms * MS);
    r.res.ok = ok;
    r.res.gpu_ms = -1;
    r.res.gpu_compute_ms = -1;
    r.res.server_processing_s = -1;
    if (ok) {
        r.res.topk_n = 3;
        r.res.topk_ids[0] = 207, r.res.topk_ids[1] = 281, r.res.topk_ids[2] = 1;
        r.res.topk_scores[0] = 0.5f, r.res.topk_scores[1] = 0.25f, r.res.topk_scores[2] = 0.125f;
        r.res.forward_ns = 9 * MS;
    } else {
        snprintf(r.res.error, sizeof r.res.error, "model said \"no\", twice");
    }
    return r;
}

static void fill_config(ltb_config *c, const char *dir)
{
    memset(c, 0, sizeof *c);
    c->task = LTB_TASK_IMAGE;
    c->name = "resnet18";
    c->output_dir = dir;
    c->concurrency[0] = 1, c->concurrency[1] = 2, c->concurrency[2] = 4;
    c->n_concurrency = 3;
    c->batch[0] = 1, c->batch[1] = 2;
    c->n_batch = 2;
    c->iterations = 3;
    c->warmup = -1;
    c->seed = 42;
    c->top_k = 5;
    c->outputs = LTB_OUT_TABLE | LTB_OUT_CSV | LTB_OUT_JSON | LTB_OUT_MD;
    c->model_path = "models/resnet18.pt";
    c->model_name = "resnet18";
    c->device = "cpu";
    c->precision = "fp32";
    c->width = c->height = 224;
}

static void add_level(ltb_run *run, int concurrency, int batch, ltb_record *r, size_t n)
{
    ltb_level *level = &run->levels[run->n_levels++];
    level->concurrency = concurrency;
    level->batch = batch;
    level->records = r;
    level->n_records = n;
    ltb_metrics_image(r, n, concurrency, batch, 224, 224, run->samples, run->n_samples,
                      &level->metrics);
    level->metrics.peak_rss_mb = 321.5;
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (fx == NULL)
        return -1;
    snprintf(fx->dir, sizeof fx->dir, "/tmp/ltbench_test_reports_XXXXXX");
    fx->run = calloc(1, sizeof *fx->run);
    if (fx->run == NULL || mkdtemp(fx->dir) == NULL)
        return -1;
    ltb_run *run = fx->run;
    fill_config(&run->config, fx->dir);
    run->samples = samples;
    run->n_samples = 3;
    run->started_unix = 1700000000.0;
    run->started_mono_ns = run_start_ns;
    ltb_record *r = fx->records;
    r[0] = record(0, 0, 0, 1, 0, 40, 1);
    r[1] = record(1, 0, 1, 1, 40, 80, 1);
    r[2] = record(2, 0, 2, 1, 80, 90, 0);
    r[3] = record(0, 0, 0, 2, 100, 150, 1);
    r[4] = record(1, 1, 1, 2, 100, 160, 1);
    r[5] = record(2, 0, 2, 2, 150, 200, 1);
    r[6] = record(3, 1, 0, 2, 160, 210, 1);
    add_level(run, 1, 1, r, 3);
    add_level(run, 2, 2, r + 3, 4);
    ltb_level *skipped = &run->levels[run->n_levels++];
    skipped->concurrency = 4;
    skipped->batch = 1;
    skipped->skipped = 1;
    snprintf(skipped->note, sizeof skipped->note, "fp16 not supported on cpu, sorry");
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    int rc = uh_remove_dir(fx->dir);
    free(fx->run);
    free(fx);
    return rc;
}

/* ---- reading files back -------------------------------------------------------------- */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)len + 1);
    size_t n = fread(text, 1, (size_t)len, f);
    text[n] = '\0';
    fclose(f);
    return text;
}

static char *slurp_in(const fixture *fx, const char *file)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", fx->dir, file);
    char *text = slurp(path);
    assert_non_null(text);
    return text;
}

/* Lines before the first empty one, not counting the header. */
static int rows_before_blank(const char *text)
{
    int rows = 0;
    const char *p = strchr(text, '\n');
    while (p != NULL && p[1] != '\0' && p[1] != '\n') {
        rows++;
        p = strchr(p + 1, '\n');
    }
    return rows;
}

/* ---- CSV -------------------------------------------------------------------------------- */

static void summary_csv_has_the_seed_header_and_one_row_per_level(void **state)
{
    fixture *fx = *state;
    char err[256] = "", line[4096];
    assert_int_equal(ltb_report_csv_image(fx->run, fx->dir, err, sizeof err), 0);
    char *text = slurp_in(fx, "resnet18_summary.csv");
    assert_string_equal(uh_line_at(text, 0, line, sizeof line), summary_header);
    assert_int_equal(rows_before_blank(text), 3);
    int columns = uh_count_fields(summary_header);
    for (int i = 1; i <= 3; i++)
        assert_int_equal(uh_count_fields(uh_line_at(text, i, line, sizeof line)), columns);
    assert_non_null(strstr(uh_line_at(text, 3, line, sizeof line),
                           ",\"fp16 not supported on cpu, sorry\""));
    assert_non_null(strstr(text, "\nSummary Statistics\n"));
    assert_non_null(strstr(text, "\nTest Configuration\n"));
    assert_non_null(strstr(text, "\nConcurrency_Levels,\"1,2,4\"\n"));
    assert_non_null(strstr(text, "\nWarmup_Requests,auto\n"));
    assert_non_null(strstr(text, "\nTotal_Requests_All_Levels,7\n"));
    free(text);
}

static void summary_csv_rows_carry_the_metrics(void **state)
{
    fixture *fx = *state;
    char err[256] = "", line[4096];
    assert_int_equal(ltb_report_csv_image(fx->run, fx->dir, err, sizeof err), 0);
    char *text = slurp_in(fx, "resnet18_summary.csv");
    /* level 1: 2 ok images in 80 ms -> IPS 25; 3 requests, 1 failed */
    uh_line_at(text, 1, line, sizeof line);
    assert_memory_equal(line, "1,25.0000,", 10);
    assert_non_null(strstr(line, ",3,66.7,1,"));
    /* level 2: 8 images in 110 ms */
    uh_line_at(text, 2, line, sizeof line);
    assert_memory_equal(line, "2,72.7273,", 10);
    /* the skipped level: zeros */
    uh_line_at(text, 3, line, sizeof line);
    assert_memory_equal(line, "4,0.0000,0.0,", 13);
    free(text);
}

static void detailed_csv_has_one_row_per_request(void **state)
{
    fixture *fx = *state;
    char err[256] = "", line[4096];
    assert_int_equal(ltb_report_csv_image(fx->run, fx->dir, err, sizeof err), 0);
    char *text = slurp_in(fx, "resnet18_detailed.csv");
    assert_string_equal(uh_line_at(text, 0, line, sizeof line), detailed_header);
    assert_int_equal(rows_before_blank(text), 7); /* 3 + 4, none for the skipped level */
    assert_null(uh_line_at(text, 9, line, sizeof line));
    int columns = uh_count_fields(detailed_header);
    for (int i = 1; i <= 7; i++)
        assert_int_equal(uh_count_fields(uh_line_at(text, i, line, sizeof line)), columns);
    uh_line_at(text, 1, line, sizeof line);
    assert_memory_equal(line, "1,req_0,0,cat.jpg,7,1,0,1700000000.000000,", 42);
    assert_non_null(strstr(line, ",JPEG,True,,1,0,40.0000,"));
    assert_non_null(strstr(line, ",207,207 281 1,0.5000 0.2500 0.1250"));
    assert_non_null(strstr(uh_line_at(text, 2, line, sizeof line), ",PNG,True,"));
    uh_line_at(text, 3, line, sizeof line);
    assert_non_null(strstr(line, ",SYNTHETIC,False,\"model said \"\"no\"\", twice\","));
    free(text);
}

/* ---- JSON -------------------------------------------------------------------------------- */

static cJSON *write_and_parse_json(fixture *fx, const ltb_environment *env)
{
    char err[256] = "";
    assert_int_equal(ltb_report_json(fx->run, env, fx->dir, err, sizeof err), 0);
    char *text = slurp_in(fx, "resnet18.json");
    cJSON *root = uh_parse_json(text);
    free(text);
    return root;
}

static void json_has_every_section(void **state)
{
    fixture *fx = *state;
    ltb_environment env;
    ltb_environment_read(&env, "cpu");
    cJSON *root = write_and_parse_json(fx, &env);
    cJSON *version = cJSON_GetObjectItem(root, "ltbench");
    assert_true(cJSON_IsString(cJSON_GetObjectItem(version, "version")));
    assert_true(cJSON_IsString(cJSON_GetObjectItem(version, "git_commit")));
    cJSON *environment = cJSON_GetObjectItem(root, "environment");
    assert_string_equal(cJSON_GetObjectItem(environment, "hostname")->valuestring, env.hostname);
    assert_true(cJSON_IsNumber(cJSON_GetObjectItem(environment, "cpu_cores")));
    assert_true(cJSON_IsString(cJSON_GetObjectItem(environment, "timestamp")));
    cJSON *config = cJSON_GetObjectItem(root, "config");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(config, "concurrency")), 3);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(config, "batch")), 2);
    assert_string_equal(cJSON_GetObjectItem(config, "precision")->valuestring, "fp32");
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(root, "interrupted")));
    cJSON *warnings = cJSON_GetObjectItem(root, "warnings"); /* 66.7% at c=1; the skipped level */
    assert_int_equal(cJSON_GetArraySize(warnings), 2);
    assert_string_equal(cJSON_GetArrayItem(warnings, 0)->valuestring,
                        "level c=1 b=1: success rate 66.7% is below 95% "
                        "(1 of 3 failed; the first: model said \"no\", twice)");
    cJSON_Delete(root);
}

static void json_levels_carry_metrics_and_records(void **state)
{
    fixture *fx = *state;
    cJSON *root = write_and_parse_json(fx, NULL); /* NULL: environment read now */
    assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "environment"), "os"));
    cJSON *levels = cJSON_GetObjectItem(root, "levels");
    assert_int_equal(cJSON_GetArraySize(levels), 3);
    cJSON *first = cJSON_GetArrayItem(levels, 0);
    cJSON *metrics = cJSON_GetObjectItem(first, "metrics");
    assert_float_equal(cJSON_GetObjectItem(metrics, "ips")->valuedouble, 25.0, 1e-9);
    cJSON *ttfi = cJSON_GetObjectItem(metrics, "ttfi");
    assert_int_equal(cJSON_GetObjectItem(ttfi, "n")->valueint, 2);
    assert_non_null(cJSON_GetObjectItem(ttfi, "cov"));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(metrics, "mean_gpu_ms")));
    cJSON *records = cJSON_GetObjectItem(first, "records");
    assert_int_equal(cJSON_GetArraySize(records), 3);
    cJSON *r0 = cJSON_GetArrayItem(records, 0);
    for (int i = 0; record_keys[i] != NULL; i++)
        assert_non_null(cJSON_GetObjectItem(r0, record_keys[i]));
    assert_float_equal(cJSON_GetObjectItem(r0, "t_end_s")->valuedouble, 0.040, 1e-9);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r0, "topk_ids")), 3);
    cJSON *r2 = cJSON_GetArrayItem(records, 2);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(r2, "ok")));
    assert_string_equal(cJSON_GetObjectItem(r2, "error")->valuestring, "model said \"no\", twice");
    cJSON *skipped = cJSON_GetArrayItem(levels, 2);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(skipped, "skipped")));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(skipped, "records")), 0);
    cJSON_Delete(root);
}

static void json_writes_null_for_non_finite_numbers(void **state)
{
    fixture *fx = *state;
    fx->run->levels[0].metrics.cps = NAN;
    fx->run->levels[0].metrics.latency.cov = INFINITY;
    fx->records[0].res.audio_seconds = NAN;
    cJSON *root = write_and_parse_json(fx, NULL);
    cJSON *level = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "levels"), 0);
    cJSON *metrics = cJSON_GetObjectItem(level, "metrics");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(metrics, "cps")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(metrics, "latency"), "cov")));
    cJSON *r0 = cJSON_GetArrayItem(cJSON_GetObjectItem(level, "records"), 0);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(r0, "audio_seconds")));
    cJSON_Delete(root);
}

/* ---- console and Markdown ------------------------------------------------------------- */

static void table_shows_levels_and_best_performance(void **state)
{
    fixture *fx = *state;
    char *text = uh_capture(ltb_report_table, fx->run);
    assert_non_null(strstr(text, "Image Classification Benchmark Results Summary\n"));
    assert_non_null(strstr(text, "Conc  Batch IPS       RPS      "
                                 "TTFI p50   TTFI p95   TTFI p99   Success\n"));
    assert_non_null(strstr(text, "\n1     1     25.00     25.00    "
                                 "40.0       40.0       40.0       66.7%\n"));
    assert_non_null(strstr(text, "\n4     1     skipped: fp16 not supported on cpu, sorry\n"));
    assert_non_null(strstr(text, "Best Performance:\n"
                                 "  Highest IPS: 72.73 at concurrency 2 (batch 2)\n"));
    assert_non_null(strstr(text, "  Lowest TTFI p95: 40.0ms at concurrency 1 (batch 1)\n"));
    assert_non_null(strstr(text, "Phases (mean ms):")); /* forward time was measured */
    assert_null(strstr(text, "interrupted"));
    free(text);
}

static void table_marks_an_interrupted_run(void **state)
{
    fixture *fx = *state;
    fx->run->interrupted = 1;
    char *text = uh_capture(ltb_report_table, fx->run);
    assert_non_null(strstr(text, "(partial: interrupted)"));
    free(text);
}

/* The TTS table itself is tested in test_reports_tts.c. */
static void tts_task_gets_the_tts_table(void **state)
{
    fixture *fx = *state;
    fx->run->config.task = LTB_TASK_TTS;
    char *text = uh_capture(ltb_report_table, fx->run);
    assert_non_null(strstr(text, "TTS Benchmark Results Summary\n"));
    assert_null(strstr(text, "Image Classification"));
    free(text);
}

static void markdown_is_a_table(void **state)
{
    fixture *fx = *state;
    char *text = uh_capture(ltb_report_markdown, fx->run);
    assert_non_null(strstr(text, "| Conc | Batch | IPS | RPS |"));
    assert_non_null(strstr(text, "|---:|"));
    assert_non_null(strstr(text, "| 2 | 2 | 72.73 | 36.36 |"));
    assert_non_null(strstr(text, "| 4 | 1 | skipped: fp16"));
    free(text);
}

/* ---- everything at once, and errors ------------------------------------------------ */

static int exists_in(const char *dir, const char *file)
{
    char path[512];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, file);
    return stat(path, &st) == 0;
}

static void report_all_creates_the_dir_and_writes_every_file(void **state)
{
    fixture *fx = *state;
    char out_dir[400], err[256] = "";
    snprintf(out_dir, sizeof out_dir, "%s/new/results", fx->dir);
    fx->run->config.output_dir = out_dir;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_int_equal(ltb_report_all(fx->run, NULL, out, err, sizeof err), 0);
    fclose(out);
    assert_non_null(strstr(text, "Best Performance:"));
    assert_non_null(strstr(text, "| Conc |"));
    free(text);
    assert_true(exists_in(out_dir, "resnet18_summary.csv"));
    assert_true(exists_in(out_dir, "resnet18_detailed.csv"));
    assert_true(exists_in(out_dir, "resnet18.json"));
}

static void report_all_writes_only_what_is_asked(void **state)
{
    fixture *fx = *state;
    char err[256] = "";
    fx->run->config.outputs = LTB_OUT_JSON;
    assert_int_equal(ltb_report_all(fx->run, NULL, NULL, err, sizeof err), 0);
    assert_true(exists_in(fx->dir, "resnet18.json"));
    assert_false(exists_in(fx->dir, "resnet18_summary.csv"));
    fx->run->config.output_dir = NULL; /* no files at all */
    fx->run->config.outputs = LTB_OUT_CSV;
    assert_int_equal(ltb_report_all(fx->run, NULL, NULL, err, sizeof err), 0);
    assert_false(exists_in(fx->dir, "resnet18_summary.csv"));
}

static void errors_name_the_file(void **state)
{
    fixture *fx = *state;
    char blocker[400], below[500], err[256] = "";
    snprintf(blocker, sizeof blocker, "%s/a_file", fx->dir);
    FILE *f = fopen(blocker, "w");
    assert_non_null(f);
    fclose(f);
    snprintf(below, sizeof below, "%s/results", blocker);
    assert_int_equal(ltb_report_csv_image(fx->run, below, err, sizeof err), -1);
    assert_non_null(strstr(err, "cannot write '"));
    assert_non_null(strstr(err, "a_file/results/resnet18_detailed.csv'"));
    fx->run->config.output_dir = below;
    err[0] = '\0';
    assert_int_equal(ltb_report_all(fx->run, NULL, NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "a_file/results"));
    assert_null(strchr(err, '\n'));
}

static void environment_is_filled(void **state)
{
    (void)state;
    ltb_environment env;
    ltb_environment_read(&env, "cpu");
    assert_true(env.hostname[0] != '\0');
    assert_true(env.os[0] != '\0');
    assert_true(env.cpu_cores >= 1);
    assert_true(env.mem_total_gb > 0);
    assert_int_equal(strlen(env.timestamp), 20); /* 2026-11-27T02:30:00Z */
    assert_int_equal(env.timestamp[19], 'Z');
    assert_string_equal(env.device_name, env.cpu_model);
    assert_true(env.ltbench_version[0] != '\0');
    assert_true(env.git_commit[0] != '\0');
    assert_string_equal(env.torch_version, "");
    ltb_environment_read(&env, "cuda:0");
    assert_string_equal(env.device_name, "cuda:0");
}

/* ---- GPU columns ------------------------------------------------------------------------ */

/* A level as a CUDA run measures it. */
static void set_gpu_measurements(ltb_metrics *m)
{
    m->mean_gpu_ms = 20.0;
    m->gpu.compute = (ltb_latency){.p50 = 18.0, .p95 = 19.0, .mean = 18.5, .cov = 0.02, .n = 12};
    m->gpu.mean_enqueue_ms = 4.0;
    m->gpu.mem_peak_allocated_mb = 812.5;
    m->gpu.mem_peak_reserved_mb = 1024.0;
    m->gpu.mem_used_mb = 2048.0;
    m->gpu.mem_total_mb = 81559.0;
    m->gpu.samples = 7;
    m->gpu.energy_j = 12.0;
    m->gpu.joules_per_item = 6.0;
    m->gpu.avg_power_w = 350.0;
    m->gpu.max_power_w = 410.0;
    m->gpu.max_temp_c = 61.0;
    m->gpu.avg_sm_clock_mhz = 1980.0;
    m->gpu.avg_mem_clock_mhz = 2619.0;
    m->gpu.avg_util_pct = 97.5;
    m->gpu.throttled = 1;
    snprintf(m->gpu.throttle_reasons, sizeof m->gpu.throttle_reasons, "sw power cap");
}

static void gpu_columns_are_empty_on_cpu_and_filled_when_measured(void **state)
{
    fixture *fx = *state;
    char err[256] = "", line[4096];
    assert_int_equal(ltb_report_csv_image(fx->run, fx->dir, err, sizeof err), 0);
    char *text = slurp_in(fx, "resnet18_summary.csv");
    /* a CPU level: 19 empty cells, then threads, then 14 empty open-loop cells */
    uh_line_at(text, 2, line, sizeof line);
    size_t len = strlen(line);
    assert_true(len > 36);
    assert_string_equal(line + len - 35, ",,,,,,,,,,,,,,,,,,,,0,,,,,,,,,,,,,,");
    assert_true(line[len - 36] != ',');
    free(text);

    set_gpu_measurements(&fx->run->levels[0].metrics);
    assert_int_equal(ltb_report_csv_image(fx->run, fx->dir, err, sizeof err), 0);
    text = slurp_in(fx, "resnet18_summary.csv");
    uh_line_at(text, 1, line, sizeof line);
    assert_non_null(strstr(line, ",18.0000,19.0000,18.5000,0.0200,4.0000,812.5,1024.0,2048.0,"
                                 "81559.0,12.000,6.000000,350.0,410.0,61,1980,2619,97.5,True,"
                                 "sw power cap"));
    assert_int_equal(uh_count_fields(line), uh_count_fields(summary_header));
    free(text);

    assert_int_equal(ltb_report_json(fx->run, NULL, fx->dir, err, sizeof err), 0);
    cJSON *root = tu_read_json(fx->dir, "resnet18.json");
    cJSON *levels = cJSON_GetObjectItem(root, "levels");
    cJSON *gpu0 = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(levels, 0), "metrics"), "gpu");
    cJSON *gpu1 = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(levels, 1), "metrics"), "gpu");
    assert_float_equal(tu_json_number(gpu0, "joules_per_item"), 6.0, 1e-9);
    assert_float_equal(tu_json_number(cJSON_GetObjectItem(gpu0, "compute_ms"), "p95"), 19.0, 1e-9);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(gpu0, "throttled")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(gpu1, "compute_ms")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(gpu1, "energy_j")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(gpu1, "throttled")));
    cJSON_Delete(root);

    text = uh_capture(ltb_report_table, fx->run);
    assert_non_null(strstr(text, "\nGPU (ms: host latency vs CUDA events"));
    assert_non_null(strstr(text, "J/image"));
    assert_non_null(strstr(text, "sw power cap\n"));
    free(text);
}

static void gpu_warnings_name_the_reason(void **state)
{
    fixture *fx = *state;
    char lines[64][LTB_WARNING_LEN];
    int before = ltb_validate_run(fx->run, lines, 64);
    for (int i = 0; i < before; i++)
        assert_null(strstr(lines[i], "GPU"));            /* CPU levels: no GPU warning */
    ltb_metrics *m = &fx->run->levels[0].metrics;
    set_gpu_measurements(m);
    m->latency.mean = 45.0;                               /* > 1.5 x 20 ms of GPU time */
    m->gpu.mean_enqueue_ms = 18.0;                        /* >= 90% of 18.5 ms */
    m->gpu.compute.cov = 0.08;                            /* > 5% */
    int n = ltb_validate_run(fx->run, lines, 64);
    assert_int_equal(n, before + 4);
    int host = 0, launch = 0, varies = 0, throttled = 0;
    for (int i = 0; i < n; i++) {
        host += strstr(lines[i], "level c=1 b=1: host latency 45.000 ms is 2.2x the GPU time") != NULL;
        launch += strstr(lines[i], "launch-bound") != NULL;
        varies += strstr(lines[i], "GPU compute time varies: CoV 8.0%") != NULL;
        throttled += strstr(lines[i], "throttled during this level (sw power cap)") != NULL;
    }
    assert_int_equal(host + launch + varies + throttled, 4);
}

#define FIXTURE_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        FIXTURE_TEST(summary_csv_has_the_seed_header_and_one_row_per_level),
        FIXTURE_TEST(summary_csv_rows_carry_the_metrics),
        FIXTURE_TEST(detailed_csv_has_one_row_per_request),
        FIXTURE_TEST(json_has_every_section),
        FIXTURE_TEST(json_levels_carry_metrics_and_records),
        FIXTURE_TEST(json_writes_null_for_non_finite_numbers),
        FIXTURE_TEST(table_shows_levels_and_best_performance),
        FIXTURE_TEST(table_marks_an_interrupted_run),
        FIXTURE_TEST(tts_task_gets_the_tts_table),
        FIXTURE_TEST(markdown_is_a_table),
        FIXTURE_TEST(report_all_creates_the_dir_and_writes_every_file),
        FIXTURE_TEST(report_all_writes_only_what_is_asked),
        FIXTURE_TEST(errors_name_the_file),
        FIXTURE_TEST(gpu_columns_are_empty_on_cpu_and_filled_when_measured),
        FIXTURE_TEST(gpu_warnings_name_the_reason),
        cmocka_unit_test(environment_is_filled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
