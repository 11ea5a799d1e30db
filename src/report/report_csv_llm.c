/* report_csv_llm.c — `ltbench llm`'s field tables and CSV files (issue 23):
 * {name}_summary.csv begins exactly Concurrency,Batch,Prompt_Tokens,Gen_Tokens,
 * Prefill_Tokens_Per_Sec,Decode_Tokens_Per_Sec,TTFT_p50_ms,...,ITL_p99_ms,
 * Output_Tokens_Per_Sec,RPS,Total_Requests,Success_Rate_%,Failed_Requests,
 * Total_Wall_Time_s, then ltbench's extra columns; then the "Summary Statistics" and
 * "Test Configuration" blocks. {name}_detailed.csv has a row per request with its
 * first-token and last-token times. Definitions: metrics.h (ltb_metrics_llm). The JSON
 * writer reads the same tables (a level's "llm" object, a request's keys). */
#include "report.h"

#include "csv.h"
#include "metrics.h"
#include "report_csv_common.h"
#include "workload_llm.h"

#define LLM(key) "llm." key

static const char *test_name(const ltb_field_row *row, char *buf, size_t cap)
{
    ltb_llm_test_name(ltb_llm_level_prompt(&row->run->config, row->level),
                      ltb_llm_level_gen(&row->run->config, row->level), buf, cap);
    return buf;
}
static long long prompt_tokens(const ltb_field_row *row)
{
    return ltb_llm_level_prompt(&row->run->config, row->level);
}
static long long gen_tokens(const ltb_field_row *row)
{
    return ltb_llm_level_gen(&row->run->config, row->level);
}

static const ltb_field summary_fields[] = {
    LTB_FIELD_I("Concurrency", NULL, ltb_field_concurrency),
    LTB_FIELD_I("Batch", NULL, ltb_field_level_batch),
    LTB_FIELD_I("Prompt_Tokens", LLM("prompt_tokens"), prompt_tokens),
    LTB_FIELD_I("Gen_Tokens", LLM("gen_tokens"), gen_tokens),
    LTB_FIELD_MN("Prefill_Tokens_Per_Sec", LLM("prefill_tps"), 2, llm.prefill_tps),
    LTB_FIELD_MN("Decode_Tokens_Per_Sec", LLM("decode_tps"), 2, llm.decode_tps),
    LTB_FIELD_MN("TTFT_p50_ms", LLM("ttft.p50"), 4, llm.ttft.p50),
    LTB_FIELD_MN("TTFT_p95_ms", LLM("ttft.p95"), 4, llm.ttft.p95),
    LTB_FIELD_MN("TTFT_p99_ms", LLM("ttft.p99"), 4, llm.ttft.p99),
    LTB_FIELD_MN("ITL_p50_ms", LLM("itl.p50"), 4, llm.itl.p50),
    LTB_FIELD_MN("ITL_p95_ms", LLM("itl.p95"), 4, llm.itl.p95),
    LTB_FIELD_MN("ITL_p99_ms", LLM("itl.p99"), 4, llm.itl.p99),
    LTB_FIELD_MN("Output_Tokens_Per_Sec", LLM("output_tps"), 2, llm.output_tps),
    LTB_FIELD_MN("RPS", NULL, 2, rps),
    LTB_FIELD_L(ltb_fields_totals),
    /* ltbench's */
    LTB_FIELD_T("Test", LLM("test"), test_name),
    LTB_FIELD_MN("Prefill_Tokens_Per_Sec_Stddev", LLM("prefill_tps_sd"), 2, llm.prefill_tps_sd),
    LTB_FIELD_MN("Decode_Tokens_Per_Sec_Stddev", LLM("decode_tps_sd"), 2, llm.decode_tps_sd),
    LTB_FIELD_MN("TTFT_Mean_ms", LLM("ttft.mean"), 4, llm.ttft.mean),
    LTB_FIELD_MN("ITL_Mean_ms", LLM("itl.mean"), 4, llm.itl.mean),
    LTB_FIELD_MN("ITL_Max_ms", LLM("itl.max"), 4, llm.itl.max),
    LTB_FIELD_MN("TPOT_p50_ms", LLM("tpot.p50"), 4, llm.tpot.p50),
    LTB_FIELD_MN("TPOT_Mean_ms", LLM("tpot.mean"), 4, llm.tpot.mean),
    LTB_FIELD_MN("Output_Tokens_Per_Sec_Per_Request", LLM("output_tps_request"), 2,
                 llm.output_tps_request),
    LTB_FIELD_MN("Total_Output_Tokens", LLM("output_tokens"), 0, llm.output_tokens),
    LTB_FIELD_L(ltb_fields_latency),
    LTB_FIELD_MN("Memory_Peak_MB", NULL, 2, peak_rss_mb),
    LTB_FIELD_T("Device", NULL, ltb_field_device),
    LTB_FIELD_T("Precision", NULL, ltb_field_precision),
    LTB_FIELD_T("Skipped_Reason", NULL, ltb_field_skipped_reason),
    LTB_FIELD_L(ltb_fields_repetition),
    LTB_FIELD_I("Intra_Op_Threads", NULL, ltb_field_level_intra_op_threads),
    LTB_FIELD_L(ltb_fields_rate_summary),
    LTB_FIELD_LJ(ltb_fields_gpu_head),
    LTB_FIELD_LJ(ltb_fields_gpu_energy),
    LTB_FIELD_LJ(ltb_fields_gpu_tail),
    LTB_FIELD_L(ltb_fields_level_json),
    LTB_FIELD_LAST};

static double prefill_tps(const ltb_metrics *m) { return m->llm.prefill_tps; }
static double decode_tps(const ltb_metrics *m) { return m->llm.decode_tps; }
static double output_tps(const ltb_metrics *m) { return m->llm.output_tps; }
static double ttft_p50(const ltb_metrics *m) { return m->llm.ttft.p50; }
static double itl_p50(const ltb_metrics *m) { return m->llm.itl.p50; }

static void write_summary_statistics(FILE *f, const ltb_run *run)
{
    fputs("\nSummary Statistics\n", f);
    fputs("Metric,Min,Max,Range,Best_Concurrency,Best_Batch\n", f);
    csv_write_statistic(f, run, "Prefill_Tokens_Per_Sec", prefill_tps, 0, 2, 1);
    csv_write_statistic(f, run, "Decode_Tokens_Per_Sec", decode_tps, 0, 2, 1);
    csv_write_statistic(f, run, "Output_Tokens_Per_Sec", output_tps, 0, 2, 1);
    csv_write_statistic(f, run, "TTFT_p50_ms", ttft_p50, 1, 4, 1);
    csv_write_statistic(f, run, "ITL_p50_ms", itl_p50, 1, 4, 1);
    csv_write_overall(f, run);
}

static void write_test_configuration(FILE *f, const ltb_run *run)
{
    const ltb_config *c = &run->config;
    char buf[512];
    csv_write_configuration_head(f, run);
    csv_format_int_list(buf, sizeof buf, c->batch, c->n_batch);
    csv_write_pair(f, "Batch_Sizes", buf);
    csv_format_int_list(buf, sizeof buf, c->llm_prompt, c->n_llm_tests);
    csv_write_pair(f, "Test_Prompt_Tokens", buf);
    csv_format_int_list(buf, sizeof buf, c->llm_gen, c->n_llm_tests);
    csv_write_pair(f, "Test_Gen_Tokens", buf);
    csv_write_pair(f, "Prompts", c->prompts_file ? c->prompts_file : "random token ids");
    csv_write_pair(f, "Sampling", c->temperature > 0 ? "seeded" : "greedy");
    csv_write_pair_double(f, "Temperature", c->temperature, 3);
    csv_write_pair_double(f, "Model_Params", c->llm_params, 0);
    csv_write_pair_int(f, "Seed", (long long)c->seed);
    csv_write_pair_int(f, "Threads", c->threads);
    csv_write_pair_double(f, "Timeout_s", c->timeout_s, 3);
    csv_write_pair(f, "Interrupted", run->interrupted ? "True" : "False");
}

/* ---- detailed rows -------------------------------------------------------------- */

#define RES(row) (&(row)->r->res)
static long long req_prompt(const ltb_field_row *row) { return RES(row)->prompt_tokens; }
static long long req_gen(const ltb_field_row *row) { return RES(row)->gen_tokens; }
static long long arrivals(const ltb_field_row *row) { return RES(row)->n_token_ns; }
static double unix_last(const ltb_field_row *row)
{
    const ltb_result *res = RES(row);
    uint64_t t = res->token_ns && res->n_token_ns > 0 ? res->token_ns[res->n_token_ns - 1]
               : res->first_result_ns != 0 ? res->first_result_ns : row->r->t_end_ns;
    return row->run->started_unix + (double)(int64_t)(t - row->run->started_mono_ns) / 1e9;
}
static double ttft_ms(const ltb_field_row *row) { return ltb_record_first_ms(row->r); }
static double prefill_ms(const ltb_field_row *row) { return RES(row)->prefill_ns / 1e6; }
static double decode_ms(const ltb_field_row *row) { return RES(row)->decode_steps_ns / 1e6; }
static double tpot_ms(const ltb_field_row *row) { return ltb_record_tpot_ms(row->r); }
static double req_prefill_tps(const ltb_field_row *row) { return ltb_record_prefill_tps(row->r); }
static double req_decode_tps(const ltb_field_row *row) { return ltb_record_decode_tps(row->r); }
static double output_tokens(const ltb_field_row *row) { return ltb_record_llm_output_tokens(row->r); }
static double req_output_tps(const ltb_field_row *row)
{
    double ms = ltb_record_latency_ms(row->r);
    return row->r->res.ok && ms > 0 ? ltb_record_llm_output_tokens(row->r) / (ms / 1e3) : 0;
}

static const ltb_field detailed_fields[] = {
    LTB_FIELD_L(ltb_fields_request_head),
    LTB_FIELD_I("Batch", NULL, ltb_field_request_batch),
    LTB_FIELD_I("Prompt_Tokens", "prompt_tokens", req_prompt),
    LTB_FIELD_I("Gen_Tokens", "gen_tokens", req_gen),
    LTB_FIELD_N("Start_Time_Sec", NULL, 6, ltb_field_unix_start),
    LTB_FIELD_N("First_Token_Time_Sec", NULL, 6, ltb_field_unix_first),
    LTB_FIELD_N("Last_Token_Time_Sec", "t_last_token_s", 6, unix_last),
    LTB_FIELD_N("End_Time_Sec", NULL, 6, ltb_field_unix_end),
    LTB_FIELD_N("Wall_Time_Sec", NULL, 6, ltb_field_wall_s),
    LTB_FIELD_N("TTFT_ms", "ttft_ms", 4, ttft_ms),
    LTB_FIELD_N("Prefill_ms", "prefill_ms", 4, prefill_ms),
    LTB_FIELD_N("Decode_ms", "decode_ms", 4, decode_ms),
    LTB_FIELD_O("TPOT_ms", "tpot_ms", 4, tpot_ms),
    LTB_FIELD_O("Prefill_Tokens_Per_Sec", "prefill_tps", 2, req_prefill_tps),
    LTB_FIELD_O("Decode_Tokens_Per_Sec", "decode_tps", 2, req_decode_tps),
    LTB_FIELD_N("Output_Tokens", "output_tokens", 0, output_tokens),
    LTB_FIELD_N("Output_Tokens_Per_Sec", "output_tps", 2, req_output_tps),
    LTB_FIELD_I("Token_Arrivals", "token_arrivals", arrivals),
    LTB_FIELD_T("Success", NULL, ltb_field_success),
    LTB_FIELD_T("Error_Message", NULL, ltb_field_error),
    /* ltbench's */
    LTB_FIELD_I("Worker", NULL, ltb_field_worker),
    LTB_FIELD_N("Latency_ms", NULL, 4, ltb_field_latency_ms),
    LTB_FIELD_L(ltb_fields_rate_request),
    LTB_FIELD_L(ltb_fields_request_json),
    LTB_FIELD_LAST};

const csv_task_layout csv_llm_layout = {
    .summary = summary_fields, .detailed = detailed_fields, .request_facts = NULL,
    .summary_statistics = write_summary_statistics, .test_configuration = write_test_configuration,
    .legacy = 0};

int ltb_report_csv_llm(const ltb_run *run, const char *dir, char *err, size_t errlen)
{
    return csv_write_task_files(run, dir, &csv_llm_layout, err, errlen);
}
