/* report_csv_run.c — `ltbench run`'s field tables and CSV files (any model):
 * {name}_summary.csv begins exactly Concurrency,Batch,RPS,Samples_Per_Sec,
 * Latency_p50_ms,...,Total_Wall_Time_s (issue 19), then ltbench's extra columns (the
 * shape-axis values, per-phase means, device, precision, repetitions, GPU); then the
 * "Summary Statistics" and "Test Configuration" blocks. {name}_detailed.csv begins
 * Concurrency_Level,Request_ID,Batch,Start_Time_Sec,End_Time_Sec,Wall_Time_Sec,
 * Success,Error_Message, then the phases. Samples_Per_Sec = batch x successful
 * requests / T_wall (the image metrics' IPS). The JSON writer reads the same tables. */
#include "report.h"

#include "csv.h"
#include "metrics.h"
#include "report_csv_common.h"

static const char *shape(const ltb_field_row *row, char *buf, size_t cap)
{
    (void)buf, (void)cap;
    return row->level->shape_name;
}

static const ltb_field summary_fields[] = {
    LTB_FIELD_I("Concurrency", NULL, ltb_field_concurrency),
    LTB_FIELD_I("Batch", NULL, ltb_field_level_batch),
    LTB_FIELD_MN("RPS", NULL, 2, rps),
    LTB_FIELD_MN("Samples_Per_Sec", "samples_per_sec", 2, ips),
    LTB_FIELD_L(ltb_fields_latency),
    LTB_FIELD_L(ltb_fields_totals),
    /* ltbench's */
    LTB_FIELD_T("Shape", "shape", shape),
    LTB_FIELD_MN("Latency_Stddev_ms", NULL, 4, latency.stddev),
    LTB_FIELD_MN("Latency_CoV", NULL, 4, latency.cov),
    LTB_FIELD_MN("H2D_Mean_ms", NULL, 4, mean_h2d_ms),
    LTB_FIELD_MN("Forward_Mean_ms", NULL, 4, mean_forward_ms),
    LTB_FIELD_MN("D2H_Mean_ms", NULL, 4, mean_d2h_ms),
    LTB_FIELD_MO("GPU_Mean_ms", NULL, 4, mean_gpu_ms),
    LTB_FIELD_MN("Memory_Peak_MB", NULL, 2, peak_rss_mb),
    LTB_FIELD_T("Device", NULL, ltb_field_device),
    LTB_FIELD_T("Precision", NULL, ltb_field_precision),
    LTB_FIELD_T("Skipped_Reason", NULL, ltb_field_skipped_reason),
    LTB_FIELD_L(ltb_fields_repetition),
    LTB_FIELD_L(ltb_fields_gpu_head),
    LTB_FIELD_L(ltb_fields_gpu_energy),
    LTB_FIELD_MO("Joules_Per_Sample", NULL, 6, gpu.joules_per_item),
    LTB_FIELD_L(ltb_fields_gpu_tail),
    LTB_FIELD_I("Intra_Op_Threads", NULL, ltb_field_level_intra_op_threads),
    LTB_FIELD_L(ltb_fields_rate_summary),
    LTB_FIELD_L(ltb_fields_level_json),
    LTB_FIELD_LAST};

static double samples_per_sec(const ltb_metrics *m) { return m->ips; }
static double rps(const ltb_metrics *m) { return m->rps; }
static double p50(const ltb_metrics *m) { return m->latency.p50; }

static void write_summary_statistics(FILE *f, const ltb_run *run)
{
    fputs("\nSummary Statistics\n", f);
    fputs("Metric,Min,Max,Range,Best_Concurrency,Best_Batch\n", f);
    csv_write_statistic(f, run, "Samples_Per_Sec", samples_per_sec, 0, 2, 1);
    csv_write_statistic(f, run, "RPS", rps, 0, 2, 1);
    csv_write_statistic(f, run, "Latency_p50_ms", p50, 1, 4, 1);
    csv_write_overall(f, run);
}

static void write_test_configuration(FILE *f, const ltb_run *run)
{
    const ltb_config *c = &run->config;
    char buf[512];
    csv_write_configuration_head(f, run);
    csv_format_int_list(buf, sizeof buf, c->batch, c->n_batch);
    csv_write_pair(f, "Batch_Sizes", buf);
    csv_write_pair(f, "Inputs", c->run_inputs ? c->run_inputs : "");
    csv_write_pair_int(f, "Seed", (long long)c->seed);
    csv_write_pair_int(f, "Threads", c->threads);
    csv_write_pair_double(f, "Timeout_s", c->timeout_s, 3);
    csv_write_pair(f, "Interrupted", run->interrupted ? "True" : "False");
}

static const ltb_field detailed_fields[] = {
    LTB_FIELD_I("Concurrency_Level", NULL, ltb_field_concurrency),
    LTB_FIELD_T("Request_ID", NULL, ltb_field_request_name),
    LTB_FIELD_I("Batch", NULL, ltb_field_request_batch),
    LTB_FIELD_N("Start_Time_Sec", NULL, 6, ltb_field_unix_start),
    LTB_FIELD_N("End_Time_Sec", NULL, 6, ltb_field_unix_end),
    LTB_FIELD_N("Wall_Time_Sec", NULL, 6, ltb_field_wall_s),
    LTB_FIELD_T("Success", NULL, ltb_field_success),
    LTB_FIELD_T("Error_Message", NULL, ltb_field_error),
    /* ltbench's */
    LTB_FIELD_I("Worker", NULL, ltb_field_worker),
    LTB_FIELD_N("Latency_ms", NULL, 4, ltb_field_latency_ms),
    LTB_FIELD_L(ltb_fields_phases),
    LTB_FIELD_L(ltb_fields_gpu_request),
    LTB_FIELD_L(ltb_fields_rate_request),
    LTB_FIELD_L(ltb_fields_request_json),
    LTB_FIELD_LAST};

const csv_task_layout csv_run_layout = {
    .summary = summary_fields, .detailed = detailed_fields, .request_facts = NULL,
    .summary_statistics = write_summary_statistics, .test_configuration = write_test_configuration,
    .legacy = 0};

int ltb_report_csv_run(const ltb_run *run, const char *dir, char *err, size_t errlen)
{
    return csv_write_task_files(run, dir, &csv_run_layout, err, errlen);
}
