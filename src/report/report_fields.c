/* report_fields.c — the field lists the tasks share and the getters more than one
 * list uses (see report_fields.h). */
#include "report_fields.h"

#include "metrics.h"
#include "report_json.h"

#include <cjson/cJSON.h>

#include <stdio.h>

double ltb_field_number(const ltb_field *field, const ltb_field_row *row)
{
    if (field->metric > 0)
        return *(const double *)((const char *)row->m + field->metric - 1);
    return field->number(row);
}

/* ---- level and request getters ------------------------------------------------------- */

long long ltb_field_concurrency(const ltb_field_row *row) { return row->level->concurrency; }
long long ltb_field_level_batch(const ltb_field_row *row) { return row->level->batch; }
long long ltb_field_level_intra_op_threads(const ltb_field_row *row)
{
    return row->level->intra_op_threads;
}
long long ltb_field_request_id(const ltb_field_row *row) { return (long long)row->r->id; }
long long ltb_field_worker(const ltb_field_row *row) { return row->r->worker; }
long long ltb_field_request_batch(const ltb_field_row *row) { return row->r->batch; }
double ltb_field_latency_ms(const ltb_field_row *row) { return ltb_record_latency_ms(row->r); }
/* end - start (the service time in rate mode: Start_Time_Sec + Wall_Time_Sec = End) */
double ltb_field_wall_s(const ltb_field_row *row) { return ltb_record_service_ms(row->r) / 1000.0; }
long long ltb_field_response_bytes(const ltb_field_row *row)
{
    return (long long)row->r->res.response_bytes;
}

const char *ltb_field_request_name(const ltb_field_row *row, char *buf, size_t cap)
{
    snprintf(buf, cap, "req_%lld", (long long)row->r->id);
    return buf;
}

const char *ltb_field_device(const ltb_field_row *row, char *buf, size_t cap)
{
    (void)buf, (void)cap;
    return row->run->config.device;
}

const char *ltb_field_precision(const ltb_field_row *row, char *buf, size_t cap)
{
    (void)buf, (void)cap;
    return row->run->config.precision;
}

const char *ltb_field_skipped_reason(const ltb_field_row *row, char *buf, size_t cap)
{
    (void)buf, (void)cap;
    return row->level->skipped ? row->level->note : NULL;
}

const char *ltb_field_success(const ltb_field_row *row, char *buf, size_t cap)
{
    (void)buf, (void)cap;
    return row->r->res.ok ? "True" : "False";
}

const char *ltb_field_error(const ltb_field_row *row, char *buf, size_t cap)
{
    (void)buf, (void)cap;
    return row->r->res.ok ? NULL : row->r->res.error;
}

/* Wall-clock seconds (Unix epoch) of a CLOCK_MONOTONIC time of this run. */
static double unix_seconds(const ltb_run *run, uint64_t t_ns)
{
    return run->started_unix + (double)(int64_t)(t_ns - run->started_mono_ns) / 1e9;
}

double ltb_field_unix_start(const ltb_field_row *row)
{
    return unix_seconds(row->run, row->r->t_start_ns);
}

double ltb_field_unix_first(const ltb_field_row *row)
{
    const ltb_record *r = row->r;
    return unix_seconds(row->run, r->res.first_result_ns != 0 ? r->res.first_result_ns
                                                               : r->t_end_ns);
}

double ltb_field_unix_end(const ltb_field_row *row)
{
    return unix_seconds(row->run, row->r->t_end_ns);
}

/* ---- a level's rates, totals and latency ------------------------------------------------ */

static long long total_requests(const ltb_field_row *row) { return (long long)row->m->total_requests; }
static long long failed_requests(const ltb_field_row *row)
{
    return (long long)row->m->failed_requests;
}

const ltb_field ltb_fields_rates[] = {
    LTB_FIELD_MN("RPS", NULL, 2, rps),
    LTB_FIELD_MN("CPS", NULL, 1, cps),
    LTB_FIELD_MN("Tokens_Per_Sec", NULL, 1, tokens_per_sec),
    LTB_FIELD_LAST};

const ltb_field ltb_fields_totals[] = {
    LTB_FIELD_I("Total_Requests", NULL, total_requests),
    LTB_FIELD_MN("Success_Rate_%", NULL, 1, success_rate_pct),
    LTB_FIELD_I("Failed_Requests", NULL, failed_requests),
    LTB_FIELD_MN("Total_Wall_Time_s", NULL, 4, wall_s),
    LTB_FIELD_LAST};

const ltb_field ltb_fields_latency[] = {
    LTB_FIELD_MN("Latency_p50_ms", NULL, 4, latency.p50),
    LTB_FIELD_MN("Latency_p95_ms", NULL, 4, latency.p95),
    LTB_FIELD_MN("Latency_p99_ms", NULL, 4, latency.p99),
    LTB_FIELD_MN("Latency_Mean_ms", NULL, 4, latency.mean),
    LTB_FIELD_LAST};

/* ---- repetition ------------------------------------------------------------------------ */

static long long repetition(const ltb_field_row *row) { return row->level->repetition + 1; }
static long long repetitions(const ltb_field_row *row)
{
    return row->level->repetitions > 0 ? row->level->repetitions : 1;
}
static double throughput_mean(const ltb_field_row *row) { return row->level->rep_throughput_mean; }
static double throughput_stddev(const ltb_field_row *row)
{
    return row->level->rep_throughput_stddev;
}
static double rps_mean(const ltb_field_row *row) { return row->level->rep_rps_mean; }
static double rps_stddev(const ltb_field_row *row) { return row->level->rep_rps_stddev; }

const ltb_field ltb_fields_repetition[] = {
    LTB_FIELD_I("Repetition", "repetition", repetition),
    LTB_FIELD_I("Repetitions", "repetitions", repetitions),
    LTB_FIELD_N("Throughput_Mean", "throughput_mean", 4, throughput_mean),
    LTB_FIELD_N("Throughput_Stddev", "throughput_stddev", 4, throughput_stddev),
    LTB_FIELD_N("RPS_Mean", "rps_mean", 4, rps_mean),
    LTB_FIELD_N("RPS_Stddev", "rps_stddev", 4, rps_stddev),
    LTB_FIELD_LAST};

/* ---- a level's GPU measurements ----------------------------------------------------------- */

#define GPU(row) (&(row)->m->gpu)
static double compute(const ltb_field_row *row, int which)
{
    const ltb_latency *c = &GPU(row)->compute;
    if (c->n <= 0)
        return -1.0;
    return which == 0 ? c->p50 : which == 1 ? c->p95 : which == 2 ? c->mean : c->cov;
}
static double compute_p50(const ltb_field_row *row) { return compute(row, 0); }
static double compute_p95(const ltb_field_row *row) { return compute(row, 1); }
static double compute_mean(const ltb_field_row *row) { return compute(row, 2); }
static double compute_cov(const ltb_field_row *row) { return compute(row, 3); }
static long long throttled(const ltb_field_row *row)
{
    return GPU(row)->samples > 0 ? GPU(row)->throttled != 0 : -1;
}
static const char *throttle_reasons(const ltb_field_row *row, char *buf, size_t cap)
{
    (void)buf, (void)cap;
    return GPU(row)->samples > 0 ? GPU(row)->throttle_reasons : NULL;
}

const ltb_field ltb_fields_gpu_head[] = {
    LTB_FIELD_O("GPU_Compute_p50_ms", NULL, 4, compute_p50),
    LTB_FIELD_O("GPU_Compute_p95_ms", NULL, 4, compute_p95),
    LTB_FIELD_O("GPU_Compute_Mean_ms", NULL, 4, compute_mean),
    LTB_FIELD_O("GPU_Compute_CoV", NULL, 4, compute_cov),
    LTB_FIELD_MO("Enqueue_Mean_ms", "metrics.gpu.mean_enqueue_ms", 4, gpu.mean_enqueue_ms),
    LTB_FIELD_MO("GPU_Mem_Peak_Allocated_MB", "metrics.gpu.mem_peak_allocated_mb", 1,
                 gpu.mem_peak_allocated_mb),
    LTB_FIELD_MO("GPU_Mem_Peak_Reserved_MB", "metrics.gpu.mem_peak_reserved_mb", 1,
                 gpu.mem_peak_reserved_mb),
    LTB_FIELD_MO("GPU_Mem_Used_MB", "metrics.gpu.mem_used_mb", 1, gpu.mem_used_mb),
    LTB_FIELD_MO("GPU_Mem_Total_MB", "metrics.gpu.mem_total_mb", 1, gpu.mem_total_mb),
    LTB_FIELD_LAST};

const ltb_field ltb_fields_gpu_energy[] = {
    LTB_FIELD_MO("GPU_Energy_J", "metrics.gpu.energy_j", 3, gpu.energy_j), LTB_FIELD_LAST};

const ltb_field ltb_fields_gpu_tail[] = {
    LTB_FIELD_MO("GPU_Avg_Power_W", "metrics.gpu.avg_power_w", 1, gpu.avg_power_w),
    LTB_FIELD_MO("GPU_Max_Power_W", "metrics.gpu.max_power_w", 1, gpu.max_power_w),
    LTB_FIELD_MO("GPU_Max_Temp_C", "metrics.gpu.max_temp_c", 0, gpu.max_temp_c),
    LTB_FIELD_MO("GPU_Avg_SM_Clock_MHz", "metrics.gpu.avg_sm_clock_mhz", 0, gpu.avg_sm_clock_mhz),
    LTB_FIELD_MO("GPU_Avg_Mem_Clock_MHz", "metrics.gpu.avg_mem_clock_mhz", 0,
                 gpu.avg_mem_clock_mhz),
    LTB_FIELD_MO("GPU_Avg_Util_%", "metrics.gpu.avg_util_pct", 1, gpu.avg_util_pct),
    LTB_FIELD_B("GPU_Throttled", "metrics.gpu.throttled", throttled),
    LTB_FIELD_T("GPU_Throttle_Reasons", "metrics.gpu.throttle_reasons", throttle_reasons),
    LTB_FIELD_LAST};

/* ---- a request's head, phases and GPU times ----------------------------------------------------- */

static double preprocess_ms(const ltb_field_row *row) { return row->r->res.preprocess_ns / 1e6; }
static double h2d_ms(const ltb_field_row *row) { return row->r->res.h2d_ns / 1e6; }
static double forward_ms(const ltb_field_row *row) { return row->r->res.forward_ns / 1e6; }
static double d2h_ms(const ltb_field_row *row) { return row->r->res.d2h_ns / 1e6; }
static double postprocess_ms(const ltb_field_row *row) { return row->r->res.postprocess_ns / 1e6; }
static double gpu_ms(const ltb_field_row *row) { return row->r->res.gpu_ms; }
static double server_ms(const ltb_field_row *row)
{
    double s = row->r->res.server_processing_s;
    return s >= 0 ? s * 1000.0 : -1.0;
}
static double gpu_compute_ms(const ltb_field_row *row) { return row->r->res.gpu_compute_ms; }
static double enqueue_ms(const ltb_field_row *row)
{
    uint64_t ns = row->r->res.enqueue_ns;
    return ns > 0 ? (double)ns / 1e6 : -1.0;
}

const ltb_field ltb_fields_request_head[] = {
    LTB_FIELD_I("Concurrency_Level", NULL, ltb_field_concurrency),
    LTB_FIELD_T("Request_ID", NULL, ltb_field_request_name),
    LTB_FIELD_I("Iteration", NULL, ltb_field_request_id),
    LTB_FIELD_LAST};

const ltb_field ltb_fields_phases[] = {
    LTB_FIELD_N("Preprocess_ms", "preprocess_ms", 4, preprocess_ms),
    LTB_FIELD_N("H2D_ms", "h2d_ms", 4, h2d_ms),
    LTB_FIELD_N("Forward_ms", "forward_ms", 4, forward_ms),
    LTB_FIELD_N("D2H_ms", "d2h_ms", 4, d2h_ms),
    LTB_FIELD_N("Postprocess_ms", "postprocess_ms", 4, postprocess_ms),
    LTB_FIELD_O("GPU_ms", "gpu_ms", 4, gpu_ms),
    LTB_FIELD_LAST};

const ltb_field ltb_fields_server[] = {
    LTB_FIELD_O("Server_Processing_ms", "server_processing_ms", 4, server_ms), LTB_FIELD_LAST};

const ltb_field ltb_fields_gpu_request[] = {
    LTB_FIELD_O("GPU_Compute_ms", "gpu_compute_ms", 4, gpu_compute_ms),
    LTB_FIELD_O("Enqueue_ms", "enqueue_ms", 4, enqueue_ms),
    LTB_FIELD_LAST};

/* ---- JSON only: a level's keys and metrics, a request's common keys ---------------------- */

/* A latency summary as an object: p50, p95, p99, mean, min, max, stddev, cov, n. */
static cJSON *latency_json(const ltb_latency *l)
{
    cJSON *o = cJSON_CreateObject();
    ltb_json_add_number(o, "p50", l->p50);
    ltb_json_add_number(o, "p95", l->p95);
    ltb_json_add_number(o, "p99", l->p99);
    ltb_json_add_number(o, "mean", l->mean);
    ltb_json_add_number(o, "min", l->min);
    ltb_json_add_number(o, "max", l->max);
    ltb_json_add_number(o, "stddev", l->stddev);
    ltb_json_add_number(o, "cov", l->cov);
    cJSON_AddNumberToObject(o, "n", (double)l->n);
    return o;
}

static long long level_skipped(const ltb_field_row *row) { return row->level->skipped != 0; }
static const char *level_note(const ltb_field_row *row, char *buf, size_t cap)
{
    (void)buf, (void)cap;
    return row->level->note;
}
static long long m_concurrency(const ltb_field_row *row) { return row->m->concurrency; }
static long long m_batch(const ltb_field_row *row) { return row->m->batch; }
static long long ok_requests(const ltb_field_row *row) { return (long long)row->m->ok_requests; }
static long long m_sample_rate(const ltb_field_row *row) { return row->m->sample_rate; }
static long long m_bit_depth(const ltb_field_row *row) { return row->m->bit_depth; }
static long long telemetry_samples(const ltb_field_row *row) { return GPU(row)->samples; }
static cJSON *ttfi_json(const ltb_field_row *row) { return latency_json(&row->m->ttfi); }
static cJSON *ttfa_json(const ltb_field_row *row) { return latency_json(&row->m->ttfa); }
static cJSON *level_latency_json(const ltb_field_row *row)
{
    return latency_json(&row->m->latency);
}
/* null where not measured */
static cJSON *compute_json(const ltb_field_row *row)
{
    const ltb_latency *c = &GPU(row)->compute;
    return c->n > 0 ? latency_json(c) : cJSON_CreateNull();
}

const ltb_field ltb_fields_level_json[] = {
    LTB_FIELD_I(NULL, "concurrency", ltb_field_concurrency),
    LTB_FIELD_I(NULL, "batch", ltb_field_level_batch),
    LTB_FIELD_B(NULL, "skipped", level_skipped),
    LTB_FIELD_T(NULL, "note", level_note),
    LTB_FIELD_I(NULL, "intra_op_threads", ltb_field_level_intra_op_threads),
    LTB_FIELD_I(NULL, "metrics.concurrency", m_concurrency),
    LTB_FIELD_I(NULL, "metrics.batch", m_batch),
    LTB_FIELD_I(NULL, "metrics.total_requests", total_requests),
    LTB_FIELD_I(NULL, "metrics.ok_requests", ok_requests),
    LTB_FIELD_I(NULL, "metrics.failed_requests", failed_requests),
    LTB_FIELD_MN(NULL, "metrics.success_rate_pct", 0, success_rate_pct),
    LTB_FIELD_MN(NULL, "metrics.wall_s", 0, wall_s),
    /* images */
    LTB_FIELD_MN(NULL, "metrics.total_images", 0, total_images),
    LTB_FIELD_MN(NULL, "metrics.total_pixels", 0, total_pixels),
    LTB_FIELD_MN(NULL, "metrics.total_steps", 0, total_steps),
    LTB_FIELD_MN(NULL, "metrics.ips", 0, ips),
    LTB_FIELD_MN(NULL, "metrics.pps", 0, pps),
    LTB_FIELD_MN(NULL, "metrics.sps", 0, sps),
    LTB_FIELD_MN(NULL, "metrics.rps", 0, rps),
    LTB_FIELD_MN(NULL, "metrics.cps", 0, cps),
    LTB_FIELD_MN(NULL, "metrics.tokens_per_sec", 0, tokens_per_sec),
    LTB_FIELD_J("metrics.ttfi", ttfi_json),
    LTB_FIELD_J("metrics.latency", level_latency_json),
    LTB_FIELD_MN(NULL, "metrics.mean_preprocess_ms", 0, mean_preprocess_ms),
    LTB_FIELD_MN(NULL, "metrics.mean_h2d_ms", 0, mean_h2d_ms),
    LTB_FIELD_MN(NULL, "metrics.mean_forward_ms", 0, mean_forward_ms),
    LTB_FIELD_MN(NULL, "metrics.mean_d2h_ms", 0, mean_d2h_ms),
    LTB_FIELD_MN(NULL, "metrics.mean_postprocess_ms", 0, mean_postprocess_ms),
    LTB_FIELD_MO(NULL, "metrics.mean_gpu_ms", 0, mean_gpu_ms),
    LTB_FIELD_MO(NULL, "metrics.mean_server_ms", 0, mean_server_ms),
    LTB_FIELD_MN(NULL, "metrics.avg_prompt_chars", 0, avg_prompt_chars),
    LTB_FIELD_MN(NULL, "metrics.avg_width", 0, avg_width),
    LTB_FIELD_MN(NULL, "metrics.avg_height", 0, avg_height),
    LTB_FIELD_MN(NULL, "metrics.mean_encode_ms", 0, mean_encode_ms),
    LTB_FIELD_MN(NULL, "metrics.mean_step_ms", 0, mean_step_ms),
    LTB_FIELD_MN(NULL, "metrics.mean_decode_ms", 0, mean_decode_ms),
    /* audio */
    LTB_FIELD_MN(NULL, "metrics.total_audio_s", 0, total_audio_s),
    LTB_FIELD_MN(NULL, "metrics.asps", 0, asps),
    LTB_FIELD_MN(NULL, "metrics.rtf_mean", 0, rtf_mean),
    LTB_FIELD_MN(NULL, "metrics.rtf_median", 0, rtf_median),
    LTB_FIELD_MN(NULL, "metrics.rtf_p95", 0, rtf_p95),
    LTB_FIELD_MN(NULL, "metrics.sum_request_wall_s", 0, sum_request_wall_s),
    LTB_FIELD_J("metrics.ttfa", ttfa_json),
    LTB_FIELD_MN(NULL, "metrics.total_chars", 0, total_chars),
    LTB_FIELD_MN(NULL, "metrics.total_tokens", 0, total_tokens),
    LTB_FIELD_MN(NULL, "metrics.avg_text_chars", 0, avg_text_chars),
    LTB_FIELD_MN(NULL, "metrics.avg_audio_s", 0, avg_audio_s),
    LTB_FIELD_I(NULL, "metrics.sample_rate", m_sample_rate),
    LTB_FIELD_I(NULL, "metrics.bit_depth", m_bit_depth),
    /* memory and GPU (the rest of "gpu": the GPU lists above) */
    LTB_FIELD_MN(NULL, "metrics.peak_rss_mb", 0, peak_rss_mb),
    LTB_FIELD_MN(NULL, "metrics.avg_rss_mb", 0, avg_rss_mb),
    LTB_FIELD_MO(NULL, "metrics.timed_cpu_s", 0, timed_cpu_s),
    LTB_FIELD_MO(NULL, "metrics.cpu_ms_per_request", 0, cpu_ms_per_request),
    LTB_FIELD_MO(NULL, "metrics.gpu_mem_mb", 0, gpu_mem_mb),
    LTB_FIELD_J("metrics.gpu.compute_ms", compute_json),
    LTB_FIELD_I(NULL, "metrics.gpu.telemetry_samples", telemetry_samples),
    LTB_FIELD_MO(NULL, "metrics.gpu.joules_per_item", 0, gpu.joules_per_item),
    LTB_FIELD_LAST};

static double since_start(const ltb_run *run, uint64_t t_ns)
{
    return (double)(int64_t)(t_ns - run->started_mono_ns) / 1e9;
}
static long long request_sample(const ltb_field_row *row) { return row->r->sample; }
static double t_start_s(const ltb_field_row *row)
{
    return since_start(row->run, row->r->t_start_ns);
}
static double t_first_s(const ltb_field_row *row)
{
    const ltb_record *r = row->r;
    return since_start(row->run,
                       r->res.first_result_ns != 0 ? r->res.first_result_ns : r->t_end_ns);
}
static double t_end_s(const ltb_field_row *row) { return since_start(row->run, row->r->t_end_ns); }
static long long request_ok(const ltb_field_row *row) { return row->r->res.ok != 0; }
static cJSON *topk_json(const ltb_result *res, int scores)
{
    int n = res->topk_n < 0 ? 0 : res->topk_n > LTB_TOPK ? LTB_TOPK : res->topk_n;
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < n; i++) {
        double v = scores ? (double)res->topk_scores[i] : (double)res->topk_ids[i];
        cJSON_AddItemToArray(a, ltb_json_number(v));
    }
    return a;
}
static cJSON *topk_ids(const ltb_field_row *row) { return topk_json(&row->r->res, 0); }
static cJSON *topk_scores(const ltb_field_row *row) { return topk_json(&row->r->res, 1); }
static double audio_seconds(const ltb_field_row *row) { return row->r->res.audio_seconds; }
/* An HTTP answer's non-classification "result": as JSON when it parses whole, else
 * the cut text; absent when none. */
static cJSON *server_result(const ltb_field_row *row)
{
    const char *text = row->r->res.server_result;
    if (!text[0])
        return NULL;
    cJSON *v = cJSON_Parse(text);
    return v ? v : cJSON_CreateString(text);
}

const ltb_field ltb_fields_request_json[] = {
    LTB_FIELD_I(NULL, "id", ltb_field_request_id),
    LTB_FIELD_I(NULL, "worker", ltb_field_worker),
    LTB_FIELD_I(NULL, "sample", request_sample),
    LTB_FIELD_I(NULL, "batch", ltb_field_request_batch),
    LTB_FIELD_N(NULL, "t_start_s", 0, t_start_s),
    LTB_FIELD_N(NULL, "t_first_s", 0, t_first_s),
    LTB_FIELD_N(NULL, "t_end_s", 0, t_end_s),
    LTB_FIELD_N(NULL, "latency_ms", 0, ltb_field_latency_ms),
    LTB_FIELD_B(NULL, "ok", request_ok),
    LTB_FIELD_T(NULL, "error", ltb_field_error),
    LTB_FIELD_J("topk_ids", topk_ids),
    LTB_FIELD_J("topk_scores", topk_scores),
    LTB_FIELD_N(NULL, "audio_seconds", 0, audio_seconds),
    LTB_FIELD_J("server_result", server_result),
    LTB_FIELD_LAST};
