/* test_reports_tts.c — a TTS run built by hand (two levels that ran, one
 * skipped) goes through every report: the CSV files keep the seed's TTS headers
 * byte for byte with one row per request / level, text lengths are characters
 * not bytes, the legacy {name}.csv equals the summary, the JSON parses and has
 * the TTS keys and the warnings, and the console table and Markdown follow the
 * seed's TTS layout with the "Best Performance" and real-time lines. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "metrics.h"
#include "report.h"
#include "testutil.h"
#include "unit_helpers.h"

#define MS 1000000ULL

static const char summary_header[] =
    "Concurrency,ASPS,RTF_Mean,RTF_Median,RPS,CPS,Tokens_Per_Sec,TTFA_p50_ms,TTFA_p95_ms,"
    "TTFA_p99_ms,TTFA_Mean_ms,Total_Requests,Success_Rate_%,Failed_Requests,"
    "Total_Wall_Time_s,Total_Audio_Duration_s,Avg_Text_Length_chars,Avg_Audio_Duration_s,"
    "Sample_Rate,Bit_Depth,"
    "RTF_p95,Latency_p50_ms,Latency_p95_ms,Latency_p99_ms,Latency_Mean_ms,Latency_CoV,"
    "Forward_Mean_ms,Peak_RSS_MB,Device,Precision,Streaming,Skipped_Reason,"
    "Repetition,Repetitions,Throughput_Mean,Throughput_Stddev,RPS_Mean,RPS_Stddev"
    ",GPU_Compute_p50_ms,GPU_Compute_p95_ms,GPU_Compute_Mean_ms,GPU_Compute_CoV,Enqueue_Mean_ms,GPU_Mem_Peak_Allocated_MB,GPU_Mem_Peak_Reserved_MB,GPU_Mem_Used_MB,GPU_Mem_Total_MB,GPU_Energy_J,Joules_Per_Audio_Second,GPU_Avg_Power_W,GPU_Max_Power_W,GPU_Max_Temp_C,GPU_Avg_SM_Clock_MHz,GPU_Avg_Mem_Clock_MHz,GPU_Avg_Util_%,GPU_Throttled,GPU_Throttle_Reasons,Intra_Op_Threads"
    /* open loop (issue 20), empty in a closed loop */
    ",Offered_RPS,Achieved_RPS,Queue_Wait_Mean_ms,Queue_Wait_p99_ms,Service_p50_ms,Service_p99_ms,Late_Starts"
    ",Service_Mean_ms,Issue_Lag_Mean_ms,Issue_Lag_p99_ms,Issue_Lag_Max_ms,Scheduled_RPS,Scheduled_Gap_CoV,Arrivals";

static const char detailed_header[] =
    "Concurrency_Level,Request_ID,Iteration,Text_Input,Text_Length_Chars,Text_Length_Tokens,"
    "Start_Time_Sec,First_Audio_Time_Sec,End_Time_Sec,Wall_Time_Sec,TTFA_Sec,"
    "Audio_Duration_Sec,RTF,Sample_Rate,Bit_Depth,Success,Error_Message,"
    "Worker,Latency_ms,Text_Length_Bytes,Preprocess_ms,H2D_ms,Forward_ms,D2H_ms,"
    "Postprocess_ms,GPU_ms,Server_Processing_ms,Response_Bytes,GPU_Compute_ms,Enqueue_ms"
    ",Scheduled_Time_Sec,Queue_Wait_Sec";

static const char *const level_tts_keys[] = {
    "asps", "rtf_mean", "rtf_median", "rtf_p95", "ttfa", "total_audio_s", "total_chars",
    "total_tokens", "avg_text_chars", "avg_audio_s", "sample_rate", "bit_depth",
    "sum_request_wall_s", "latency", NULL};
static const char *const record_tts_keys[] = {
    "text_sample", "audio_seconds", "sample_rate", "t_first_s", "ttfa_ms", "rtf", NULL};

/* "Grüße aus Köln": 14 characters, 17 bytes. */
#define KOELN "Gr\xc3\xbc\xc3\x9f" "e aus K\xc3\xb6ln"
static const ltb_sample_info samples[] = {
    {.name = "text_0", .text = "Hello, \"world\"", .chars = 14, .bytes = 14, .tokens = 2},
    {.name = "text_1", .text = KOELN, .chars = 14, .bytes = 17, .tokens = 3},
};

/* ---- the run under test ------------------------------------------------------------- */

typedef struct fixture {
    char *dir;
    ltb_run *run;
    ltb_record records[7];
} fixture;

static const uint64_t run_start_ns = 5000 * MS;

static ltb_record synth(int64_t id, int worker, int sample, double start_ms, double end_ms,
                        double audio_s, double first_ms)
{
    ltb_record r = uh_tts_record(run_start_ns, sample, start_ms, end_ms, audio_s, first_ms);
    r.id = id;
    r.worker = worker;
    r.res.bit_depth = 16;
    r.res.forward_ns = 9 * MS;
    return r;
}

static void fill_config(ltb_config *c, const char *dir)
{
    memset(c, 0, sizeof *c);
    c->task = LTB_TASK_TTS;
    c->name = "tts";
    c->output_dir = dir;
    c->concurrency[0] = 1, c->concurrency[1] = 2, c->concurrency[2] = 4;
    c->n_concurrency = 3;
    c->batch[0] = 1;
    c->n_batch = 1;
    c->iterations = 4;
    c->warmup = 2;
    c->seed = 42;
    c->outputs = LTB_OUT_TABLE | LTB_OUT_CSV | LTB_OUT_JSON | LTB_OUT_MD;
    c->model_path = "models/tts_tiny.pt";
    c->model_name = "tts_tiny";
    c->device = "cpu";
    c->precision = "fp32";
    c->min_text_length = 10, c->max_text_length = 200, c->text_variations = 2;
}

static void add_level(ltb_run *run, int concurrency, ltb_record *r, size_t n)
{
    ltb_level *level = &run->levels[run->n_levels++];
    level->concurrency = concurrency;
    level->batch = 1;
    level->records = r;
    level->n_records = n;
    ltb_metrics_tts(r, n, concurrency, run->samples, run->n_samples, &level->metrics);
    level->metrics.peak_rss_mb = 321.5;
}

/* c=1: two successes back to back in 500 ms (3.5 s of audio) and a failure;
 * c=2: four successes in 800 ms (7.5 s of audio); c=4: skipped. */
static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    fx->run = calloc(1, sizeof *fx->run);
    fx->dir = tu_tempdir();
    ltb_run *run = fx->run;
    fill_config(&run->config, fx->dir);
    run->samples = samples;
    run->n_samples = 2;
    run->started_unix = 1700000000.0;
    run->started_mono_ns = run_start_ns;
    ltb_record *r = fx->records;
    r[0] = synth(0, 0, 0, 0, 200, 2.0, 50);      /* RTF 0.1, TTFA 50 ms */
    r[1] = synth(1, 0, 1, 200, 500, 1.5, 0);     /* RTF 0.2, TTFA 300 ms */
    r[2] = synth(2, 0, 0, 500, 600, 0.0, 0);
    r[2].res.ok = 0, r[2].res.sample_rate = 0, r[2].res.bit_depth = 0;
    snprintf(r[2].res.error, sizeof r[2].res.error, "synth failed, \"oops\"");
    r[3] = synth(0, 0, 0, 1000, 1400, 2.0, 1100); /* RTF 0.2, TTFA 100 ms */
    r[4] = synth(1, 1, 1, 1000, 1300, 1.0, 1050); /* RTF 0.3, TTFA 50 ms */
    r[5] = synth(2, 1, 0, 1300, 1700, 0.5, 1400); /* RTF 0.8, TTFA 100 ms */
    r[6] = synth(3, 0, 1, 1400, 1800, 4.0, 1500); /* RTF 0.1, TTFA 100 ms */
    add_level(run, 1, r, 3);
    add_level(run, 2, r + 3, 4);
    ltb_level *skipped = &run->levels[run->n_levels++];
    skipped->concurrency = 4;
    skipped->batch = 1;
    skipped->skipped = 1;
    snprintf(skipped->note, sizeof skipped->note, "out of memory, sorry");
    ltb_metrics_tts(NULL, 0, 4, samples, 2, &skipped->metrics);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    int rc = uh_remove_dir(fx->dir);
    free(fx->dir);
    free(fx->run);
    free(fx);
    return rc;
}

/* ---- reading files back -------------------------------------------------------------- */

static char *read_in(const fixture *fx, const char *file)
{
    char *path = tu_path(fx->dir, file);
    char *text = tu_read_file(path);
    free(path);
    assert_non_null(text);
    return text;
}

static int table_lines_in(const fixture *fx, const char *file)
{
    char *path = tu_path(fx->dir, file);
    int n = tu_count_lines_until_blank(path);
    free(path);
    return n;
}

static void write_csv(fixture *fx)
{
    char err[256] = "";
    assert_int_equal(ltb_report_csv_tts(fx->run, fx->dir, err, sizeof err), 0);
}

/* ---- CSV ------------------------------------------------------------------------------- */

static void summary_csv_has_the_seed_header_and_one_row_per_level(void **state)
{
    fixture *fx = *state;
    char line[4096];
    write_csv(fx);
    char *text = read_in(fx, "tts_summary.csv");
    assert_string_equal(uh_line_at(text, 0, line, sizeof line), summary_header);
    assert_int_equal(table_lines_in(fx, "tts_summary.csv"), 1 + 3);
    int columns = uh_count_fields(summary_header);
    for (int i = 1; i <= 3; i++)
        assert_int_equal(uh_count_fields(uh_line_at(text, i, line, sizeof line)), columns);
    /* c=1: ASPS 3.5/0.5, RTF mean 0.15, median 0.2, RPS 4, CPS 28/0.5 (characters),
     * tokens 5/0.5, TTFA 50 and 300 ms, 3 requests, 1 failed */
    assert_string_equal(uh_line_at(text, 1, line, sizeof line),
                        "1,7.0000,0.150000,0.200000,4.00,56.0,10.0,300.000,300.000,300.000,"
                        "175.000,3,66.7,1,0.5000,3.5000,14.0,1.7500,22050,16,"
                        "0.200000,300.0000,300.0000,300.0000,250.0000,0.2828,9.0000,321.50,"
                        "cpu,fp32,False,,1,1,0.0000,0.0000,0.0000,0.0000"
                        ",,,,,,,,,,,,,,,,,,,"             /* no GPU: 19 empty cells */
                        ",0"                              /* no LibTorch pool: 0 threads */
                        ",,,,,,,,,,,,,,");                /* closed loop: 14 empty rate cells */
    /* c=2: 7.5 s of audio in 0.8 s; RTF 0.1 0.2 0.3 0.8 */
    uh_line_at(text, 2, line, sizeof line);
    assert_memory_equal(line, "2,9.3750,0.350000,0.300000,5.00,", 31);
    assert_non_null(strstr(line, ",0.800000,")); /* RTF_p95 */
    uh_line_at(text, 3, line, sizeof line);
    assert_memory_equal(line, "4,0.0000,0.000000,", 18);
    assert_non_null(strstr(line, ",False,\"out of memory, sorry\""));
    free(text);
}

static void summary_csv_ends_with_statistics_and_configuration(void **state)
{
    fixture *fx = *state;
    write_csv(fx);
    char *text = read_in(fx, "tts_summary.csv");
    assert_non_null(strstr(text, "\n\nSummary Statistics\n"
                                 "Metric,Min,Max,Range,Best_Concurrency\n"
                                 "ASPS,7.0000,9.3750,2.3750,2\n"
                                 "RTF,0.150000,0.350000,0.200000,1\n"
                                 "RPS,4.00,5.00,1.00,2\n"
                                 "TTFA_p95_ms,100.000,300.000,200.000,2\n"
                                 "Total_Requests_All_Levels,7\n"
                                 "Overall_Success_Rate_%,85.7\n"
                                 "Max_Realtime_Streams,2\n"));
    assert_non_null(strstr(text, "\n\nTest Configuration\nModel,tts_tiny\n"));
    assert_non_null(strstr(text, "\nConcurrency_Levels,\"1,2,4\"\n"));
    assert_non_null(strstr(text, "\nWarmup_Requests,2\n"));
    assert_non_null(strstr(text, "\nStreaming,False\n"));
    assert_non_null(strstr(text, "\nMin_Text_Length,10\nMax_Text_Length,200\n"
                                 "Text_Variations,2\nTexts_File,generated\n"
                                 "Sample_Rate,model\nBit_Depth,model\nSeed,42\n"));
    assert_non_null(strstr(text, "\nTest_Texts_Count,2\nMin_Text_Chars,14\nMax_Text_Chars,14\n"));
    free(text);
}

static void legacy_csv_is_the_summary(void **state)
{
    fixture *fx = *state;
    write_csv(fx);
    char *summary = read_in(fx, "tts_summary.csv");
    char *legacy = read_in(fx, "tts.csv");
    assert_string_equal(legacy, summary);
    free(summary);
    free(legacy);
}

static void detailed_csv_has_one_row_per_request(void **state)
{
    fixture *fx = *state;
    char line[4096];
    write_csv(fx);
    char *text = read_in(fx, "tts_detailed.csv");
    assert_string_equal(uh_line_at(text, 0, line, sizeof line), detailed_header);
    assert_int_equal(table_lines_in(fx, "tts_detailed.csv"), 1 + 7); /* none when skipped */
    assert_null(uh_line_at(text, 8, line, sizeof line));
    int columns = uh_count_fields(detailed_header);
    for (int i = 1; i <= 7; i++)
        assert_int_equal(uh_count_fields(uh_line_at(text, i, line, sizeof line)), columns);
    assert_string_equal(uh_line_at(text, 1, line, sizeof line),
                        "1,req_0,0,\"Hello, \"\"world\"\"\",14,2,1700000000.000000,"
                        "1700000000.050000,1700000000.200000,0.200000,0.050000,2.000000,"
                        "0.100000,22050,16,True,,"
                        "0,200.0000,14,0.0000,0.0000,9.0000,0.0000,0.0000,,,0,,"
                        ",,");   /* closed loop: no scheduled time, no queue wait */
    free(text);
}

static void detailed_csv_counts_characters_and_shows_failures(void **state)
{
    fixture *fx = *state;
    char line[4096];
    write_csv(fx);
    char *text = read_in(fx, "tts_detailed.csv");
    /* 14 characters, 3 words; 17 bytes in the extra column; TTFA at the end */
    uh_line_at(text, 2, line, sizeof line);
    assert_memory_equal(line, "1,req_1,1," KOELN ",14,3,1700000000.200000,1700000000.500000,",
                        strlen("1,req_1,1," KOELN ",14,3,1700000000.200000,1700000000.500000,"));
    assert_non_null(strstr(line, ",0.300000,0.300000,1.500000,0.200000,22050,16,True,,0,"
                                 "300.0000,17,"));
    /* the failure: no RTF, its message quoted */
    uh_line_at(text, 3, line, sizeof line);
    assert_non_null(strstr(line, ",0.000000,,0,0,False,\"synth failed, \"\"oops\"\"\",0,"));
    free(text);
}

static void csv_errors_name_the_file(void **state)
{
    fixture *fx = *state;
    char blocker[600], err[256] = "";
    snprintf(blocker, sizeof blocker, "%s/a_file", fx->dir);
    FILE *f = fopen(blocker, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(ltb_report_csv_tts(fx->run, blocker, err, sizeof err), -1);
    assert_non_null(strstr(err, "a_file/tts_detailed.csv"));
}

/* ---- JSON -------------------------------------------------------------------------------- */

static cJSON *write_and_parse_json(fixture *fx)
{
    char err[256] = "";
    assert_int_equal(ltb_report_json(fx->run, NULL, fx->dir, err, sizeof err), 0);
    char *text = read_in(fx, "tts.json");
    cJSON *root = uh_parse_json(text);
    free(text);
    return root;
}

static void json_levels_have_the_tts_metrics(void **state)
{
    fixture *fx = *state;
    cJSON *root = write_and_parse_json(fx);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "config"), "task")
                            ->valuestring, "tts");
    cJSON *config = cJSON_GetObjectItem(root, "config");
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(config, "streaming")));
    assert_int_equal(cJSON_GetObjectItem(config, "max_text_length")->valueint, 200);
    cJSON *level = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "levels"), 1);
    cJSON *metrics = cJSON_GetObjectItem(level, "metrics");
    for (int i = 0; level_tts_keys[i] != NULL; i++)
        assert_non_null(cJSON_GetObjectItem(metrics, level_tts_keys[i]));
    assert_float_equal(cJSON_GetObjectItem(metrics, "asps")->valuedouble, 9.375, 1e-9);
    assert_float_equal(cJSON_GetObjectItem(metrics, "rtf_p95")->valuedouble, 0.8, 1e-9);
    cJSON *ttfa = cJSON_GetObjectItem(metrics, "ttfa");
    assert_float_equal(cJSON_GetObjectItem(ttfa, "p50")->valuedouble, 100.0, 1e-9);
    assert_int_equal(cJSON_GetObjectItem(ttfa, "n")->valueint, 4);
    assert_int_equal(cJSON_GetObjectItem(root, "max_realtime_streams")->valueint, 2);
    cJSON_Delete(root);
}

static void json_records_have_text_audio_and_ttfa(void **state)
{
    fixture *fx = *state;
    cJSON *root = write_and_parse_json(fx);
    cJSON *level = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "levels"), 0);
    cJSON *records = cJSON_GetObjectItem(level, "records");
    assert_int_equal(cJSON_GetArraySize(records), 3);
    cJSON *r1 = cJSON_GetArrayItem(records, 1);
    for (int i = 0; record_tts_keys[i] != NULL; i++)
        assert_non_null(cJSON_GetObjectItem(r1, record_tts_keys[i]));
    assert_string_equal(cJSON_GetObjectItem(r1, "text_sample")->valuestring, KOELN);
    assert_int_equal(cJSON_GetObjectItem(r1, "text_chars")->valueint, 14);
    assert_float_equal(cJSON_GetObjectItem(r1, "audio_seconds")->valuedouble, 1.5, 1e-9);
    assert_int_equal(cJSON_GetObjectItem(r1, "sample_rate")->valueint, 22050);
    assert_float_equal(cJSON_GetObjectItem(r1, "t_first_s")->valuedouble, 0.5, 1e-9);
    assert_float_equal(cJSON_GetObjectItem(r1, "ttfa_ms")->valuedouble, 300.0, 1e-9);
    cJSON *r2 = cJSON_GetArrayItem(records, 2);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(r2, "rtf"))); /* failed: none */
    cJSON_Delete(root);
}

static void json_carries_the_warnings(void **state)
{
    fixture *fx = *state;
    cJSON *root = write_and_parse_json(fx);
    cJSON *warnings = cJSON_GetObjectItem(root, "warnings");
    assert_true(cJSON_IsArray(warnings));
    assert_int_equal(cJSON_GetArraySize(warnings), 2);
    assert_string_equal(cJSON_GetArrayItem(warnings, 0)->valuestring,
                        "level c=1: success rate 66.7% is below 95% "
                        "(1 of 3 failed; the first: synth failed, \"oops\")");
    assert_string_equal(cJSON_GetArrayItem(warnings, 1)->valuestring,
                        "level c=4: skipped: out of memory, sorry");
    cJSON_Delete(root);
    /* a healthy run has an empty list */
    fx->records[2].res.ok = 1;
    fx->records[2].res.audio_seconds = 1.0;
    fx->run->n_levels = 2;
    ltb_metrics_tts(fx->records, 3, 1, samples, 2, &fx->run->levels[0].metrics);
    root = write_and_parse_json(fx);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(root, "warnings")), 0);
    cJSON_Delete(root);
}

/* ---- console and Markdown ------------------------------------------------------------- */

static void table_follows_the_seed_layout(void **state)
{
    fixture *fx = *state;
    char *text = uh_capture(ltb_report_table, fx->run);
    assert_non_null(strstr(text, "\nTTS Benchmark Results Summary\n====="));
    assert_non_null(strstr(text, "\nConc ASPS     RTF      RPS      CPS      TTFA p95   Success\n"
                                 "-----"));
    assert_non_null(strstr(text, "\n1    7.000    0.150    4.0      56       300.0      66.7%\n"));
    assert_non_null(strstr(text, "\n2    9.375    0.350    5.0      70       100.0      100.0%\n"));
    assert_non_null(strstr(text, "\n4    skipped: out of memory, sorry\n"));
    assert_non_null(strstr(text, "Best Performance:\n"
                                 "  Highest ASPS: 9.375 at concurrency 2\n"
                                 "  Lowest RTF: 0.150 at concurrency 1\n"
                                 "  Highest RPS: 5.0 at concurrency 2\n"
                                 "  Lowest TTFA p95: 100.0ms at concurrency 2\n"
                                 "  Max real-time streams: 2 (p95 RTF < 1)\n"));
    assert_null(strstr(text, "streaming"));
    assert_null(strstr(text, "(batch"));
    free(text);
}

static void table_says_when_no_level_is_real_time_and_when_streaming(void **state)
{
    fixture *fx = *state;
    fx->run->levels[0].metrics.rtf_p95 = 1.0;
    fx->run->levels[1].metrics.rtf_p95 = 1.7;
    fx->run->config.streaming = 1;
    char *text = uh_capture(ltb_report_table, fx->run);
    assert_non_null(strstr(text, "TTS Benchmark Results Summary\n"
                                 "(streaming: TTFA = first audio chunk)\n"));
    assert_non_null(strstr(text, "  Max real-time streams: none of the tested levels "
                                 "(p95 RTF < 1)\n"));
    free(text);
}

static void table_of_a_run_without_successes(void **state)
{
    fixture *fx = *state;
    fx->run->levels[0].metrics.ok_requests = 0;
    fx->run->levels[1].metrics.ok_requests = 0;
    char *text = uh_capture(ltb_report_table, fx->run);
    assert_non_null(strstr(text, "Best Performance:\n  (no level completed a request)\n"));
    assert_null(strstr(text, "Max real-time"));
    free(text);
}

static void markdown_is_a_tts_table(void **state)
{
    fixture *fx = *state;
    fx->run->config.streaming = 1;
    char *text = uh_capture(ltb_report_markdown, fx->run);
    assert_non_null(strstr(text, "### TTS Benchmark Results Summary\n\n"
                                 "*Streaming: TTFA = first audio chunk.*\n\n"
                                 "| Conc | ASPS | RTF | RPS | CPS | TTFA p95 (ms) | Success |\n"
                                 "|---:|---:|---:|---:|---:|---:|---:|\n"
                                 "| 1 | 7.000 | 0.150 | 4.0 | 56 | 300.0 | 66.7% |\n"
                                 "| 2 | 9.375 | 0.350 | 5.0 | 70 | 100.0 | 100.0% |\n"
                                 "| 4 | skipped: out of memory, sorry | | | | | |\n"));
    assert_non_null(strstr(text, "\n- Highest ASPS: 9.375 at concurrency 2\n"));
    assert_non_null(strstr(text, "\n- Lowest TTFA p95: 100.0 ms at concurrency 2\n"));
    assert_non_null(strstr(text, "\n- Max real-time streams: 2 (p95 RTF < 1)\n"));
    free(text);
}

static void small_rtf_keeps_its_digits(void **state)
{
    fixture *fx = *state;
    fx->run->levels[0].metrics.rtf_mean = 0.00123;
    char *text = uh_capture(ltb_report_table, fx->run);
    assert_non_null(strstr(text, "\n1    7.000    0.00123  4.0"));
    free(text);
}

/* ---- everything at once ---------------------------------------------------------------- */

static char *report_all_to_text(fixture *fx)
{
    char err[256] = "", *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_int_equal(ltb_report_all(fx->run, NULL, out, err, sizeof err), 0);
    fclose(out);
    return text;
}

static void report_all_writes_the_tts_files_and_then_the_warnings(void **state)
{
    fixture *fx = *state;
    char *text = report_all_to_text(fx);
    const char *table = strstr(text, "TTS Benchmark Results Summary");
    const char *warning = strstr(text, "\nwarning: level c=1: success rate 66.7% is below 95% "
                                       "(1 of 3 failed; the first: synth failed, \"oops\")\n"
                                       "warning: level c=4: skipped: out of memory, sorry\n");
    assert_non_null(table);
    assert_non_null(warning);
    assert_true(warning > strstr(text, "| Conc | ASPS |")); /* after table and Markdown */
    free(text);
    static const char *const files[] = {"tts_detailed.csv", "tts_summary.csv", "tts.csv",
                                        "tts.json", NULL};
    for (int i = 0; files[i] != NULL; i++) {
        char *path = tu_path(fx->dir, files[i]);
        assert_true(tu_file_exists(path));
        free(path);
    }
}

static void report_all_prints_no_warning_for_a_healthy_run(void **state)
{
    fixture *fx = *state;
    fx->run->n_levels = 1;
    fx->run->levels[0].n_records = 2; /* the two successes */
    ltb_metrics_tts(fx->records, 2, 1, samples, 2, &fx->run->levels[0].metrics);
    char *text = report_all_to_text(fx);
    assert_non_null(strstr(text, "TTS Benchmark Results Summary"));
    assert_null(strstr(text, "warning"));
    free(text);
}

#define FIXTURE_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        FIXTURE_TEST(summary_csv_has_the_seed_header_and_one_row_per_level),
        FIXTURE_TEST(summary_csv_ends_with_statistics_and_configuration),
        FIXTURE_TEST(legacy_csv_is_the_summary),
        FIXTURE_TEST(detailed_csv_has_one_row_per_request),
        FIXTURE_TEST(detailed_csv_counts_characters_and_shows_failures),
        FIXTURE_TEST(csv_errors_name_the_file),
        FIXTURE_TEST(json_levels_have_the_tts_metrics),
        FIXTURE_TEST(json_records_have_text_audio_and_ttfa),
        FIXTURE_TEST(json_carries_the_warnings),
        FIXTURE_TEST(table_follows_the_seed_layout),
        FIXTURE_TEST(table_says_when_no_level_is_real_time_and_when_streaming),
        FIXTURE_TEST(table_of_a_run_without_successes),
        FIXTURE_TEST(markdown_is_a_tts_table),
        FIXTURE_TEST(small_rtf_keeps_its_digits),
        FIXTURE_TEST(report_all_writes_the_tts_files_and_then_the_warnings),
        FIXTURE_TEST(report_all_prints_no_warning_for_a_healthy_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
