/* report_csv_tts.c — the TTS task's CSV files, in the seed's format so its users'
 * parsers keep working: {name}_detailed.csv (one row per timed request of every
 * level), {name}_summary.csv (one row per level, then the seed's "Summary
 * Statistics" and "Test Configuration" blocks) and {name}.csv, the seed's
 * backward-compatible file, with the summary's content. The seed's columns come
 * first; ltbench's extra columns follow. Lines end in "\n".
 *
 * Unlike the seed, Text_Length_Chars counts UTF-8 characters, not bytes (the
 * bytes are in Text_Length_Bytes), and TTFA is the first audio chunk when the
 * target streams. A request without audio has an empty RTF. Skipped levels get
 * a summary row of zeros with the reason and no detailed rows. */
#include "report.h"

#include "csv.h"
#include "metrics.h"
#include "report_csv_common.h"

#include <stdlib.h>
#include <string.h>

static const char *true_false(int v)
{
    return v ? "True" : "False";
}

/* ---- a level's fields (the summary rows) ---------------------------------------------- */

#define M(row) ((row)->m)
static long long level_sample_rate(const ltb_field_row *row) { return M(row)->sample_rate; }
static long long level_bit_depth(const ltb_field_row *row) { return M(row)->bit_depth; }
static const char *streaming(const ltb_field_row *row, char *buf, size_t cap)
{
    (void)buf, (void)cap;
    return true_false(row->run->config.streaming);
}

static const ltb_field summary_fields[] = {
    /* the seed's */
    LTB_FIELD_I("Concurrency", NULL, ltb_field_concurrency),
    LTB_FIELD_MN("ASPS", NULL, 4, asps),
    LTB_FIELD_MN("RTF_Mean", NULL, 6, rtf_mean),
    LTB_FIELD_MN("RTF_Median", NULL, 6, rtf_median),
    LTB_FIELD_L(ltb_fields_rates),
    LTB_FIELD_MN("TTFA_p50_ms", NULL, 3, ttfa.p50),
    LTB_FIELD_MN("TTFA_p95_ms", NULL, 3, ttfa.p95),
    LTB_FIELD_MN("TTFA_p99_ms", NULL, 3, ttfa.p99),
    LTB_FIELD_MN("TTFA_Mean_ms", NULL, 3, ttfa.mean),
    LTB_FIELD_L(ltb_fields_totals),
    LTB_FIELD_MN("Total_Audio_Duration_s", NULL, 4, total_audio_s),
    LTB_FIELD_MN("Avg_Text_Length_chars", NULL, 1, avg_text_chars),
    LTB_FIELD_MN("Avg_Audio_Duration_s", NULL, 4, avg_audio_s),
    LTB_FIELD_I("Sample_Rate", NULL, level_sample_rate),
    LTB_FIELD_I("Bit_Depth", NULL, level_bit_depth),
    /* ltbench's */
    LTB_FIELD_MN("RTF_p95", NULL, 6, rtf_p95),
    LTB_FIELD_L(ltb_fields_latency),
    LTB_FIELD_MN("Latency_CoV", NULL, 4, latency.cov),
    LTB_FIELD_MN("Forward_Mean_ms", NULL, 4, mean_forward_ms),
    LTB_FIELD_MN("Peak_RSS_MB", NULL, 2, peak_rss_mb),
    LTB_FIELD_T("Device", NULL, ltb_field_device),
    LTB_FIELD_T("Precision", NULL, ltb_field_precision),
    LTB_FIELD_T("Streaming", NULL, streaming),
    LTB_FIELD_T("Skipped_Reason", NULL, ltb_field_skipped_reason),
    LTB_FIELD_L(ltb_fields_repetition),
    LTB_FIELD_L(ltb_fields_gpu_head),
    LTB_FIELD_L(ltb_fields_gpu_energy),
    LTB_FIELD_MO("Joules_Per_Audio_Second", NULL, 6, gpu.joules_per_item),
    LTB_FIELD_L(ltb_fields_gpu_tail),
    LTB_FIELD_I("Intra_Op_Threads", NULL, ltb_field_level_intra_op_threads),
    LTB_FIELD_L(ltb_fields_rate_summary),
    LTB_FIELD_L(ltb_fields_level_json),
    LTB_FIELD_LAST};

/* ---- "Summary Statistics" ----------------------------------------------------- */

static double value_asps(const ltb_metrics *m) { return m->asps; }
static double value_rtf(const ltb_metrics *m) { return m->rtf_mean; }
static double value_rps(const ltb_metrics *m) { return m->rps; }
static double value_ttfa_p95(const ltb_metrics *m) { return m->ttfa.p95; }

static void write_summary_statistics(FILE *f, const ltb_run *run)
{
    fputs("\nSummary Statistics\n", f);
    fputs("Metric,Min,Max,Range,Best_Concurrency\n", f);
    csv_write_statistic(f, run, "ASPS", value_asps, 0, 4, 0);
    csv_write_statistic(f, run, "RTF", value_rtf, 1, 6, 0);
    csv_write_statistic(f, run, "RPS", value_rps, 0, 2, 0);
    csv_write_statistic(f, run, "TTFA_p95_ms", value_ttfa_p95, 1, 3, 0);
    csv_write_overall(f, run);
    csv_write_pair_int(f, "Max_Realtime_Streams",
                       ltb_max_realtime_streams(run->levels, run->n_levels));
}

/* ---- "Test Configuration" ------------------------------------------------------- */

/* The texts actually run: count, min, max, mean and median length in characters. */
static void write_text_lengths(FILE *f, const ltb_run *run)
{
    int n = run->samples != NULL ? run->n_samples : 0;
    size_t *len = n > 0 ? malloc((size_t)n * sizeof *len) : NULL;
    for (int i = 0; len != NULL && i < n; i++)
        len[i] = ltb_sample_text_chars(&run->samples[i]);
    csv_write_length_stats(f, "Test_Texts_Count", "Text_Chars", len, n);
    free(len);
}

/* An expected audio setting; 0 means "what the model gives". */
static void write_expected(FILE *f, const char *key, int value)
{
    if (value > 0)
        csv_write_pair_int(f, key, value);
    else
        csv_write_pair(f, key, "model");
}

static void write_test_configuration(FILE *f, const ltb_run *run)
{
    const ltb_config *c = &run->config;
    char buf[64];
    csv_write_configuration_head(f, run);
    csv_write_pair(f, "Streaming", true_false(c->streaming));
    csv_write_pair_int(f, "Chunk_Frames", c->chunk_frames);
    csv_write_pair_int(f, "Context_Frames", c->context_frames);
    csv_write_pair_int(f, "Min_Text_Length", c->min_text_length);
    csv_write_pair_int(f, "Max_Text_Length", c->max_text_length);
    csv_write_pair_int(f, "Text_Variations", c->text_variations);
    csv_write_pair(f, "Texts_File", c->texts_file != NULL ? c->texts_file : "generated");
    write_expected(f, "Sample_Rate", c->sample_rate);
    write_expected(f, "Bit_Depth", c->bit_depth);
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)c->seed);
    csv_write_pair(f, "Seed", buf);
    csv_write_pair_int(f, "Threads", c->threads);
    csv_write_pair_double(f, "Timeout_s", c->timeout_s, 3);
    csv_write_pair(f, "Interrupted", true_false(run->interrupted));
    write_text_lengths(f, run);
}

/* ---- detailed rows -------------------------------------------------------------- */

static const ltb_sample_info *sample_of(const ltb_run *run, int sample)
{
    if (run->samples == NULL || sample < 0 || sample >= run->n_samples)
        return NULL;
    return &run->samples[sample];
}

static size_t text_bytes(const ltb_sample_info *s)
{
    if (s == NULL)
        return 0;
    return s->bytes > 0 || s->text == NULL ? s->bytes : strlen(s->text);
}

static const char *text_input(const ltb_field_row *row, char *buf, size_t cap)
{
    (void)buf, (void)cap;
    const ltb_sample_info *s = sample_of(row->run, row->r->sample);
    return s != NULL ? s->text : NULL;
}
static long long text_chars(const ltb_field_row *row)
{
    return (long long)ltb_record_text_chars(row->r, row->run->samples, row->run->n_samples);
}
static long long text_tokens(const ltb_field_row *row)
{
    return ltb_record_text_tokens(row->r, row->run->samples, row->run->n_samples);
}
static double ttfa_s(const ltb_field_row *row) { return ltb_record_ttfa_ms(row->r) / 1000.0; }
static double ttfa_ms(const ltb_field_row *row) { return ltb_record_ttfa_ms(row->r); }
static double audio_s(const ltb_field_row *row) { return row->r->res.audio_seconds; }
static double rtf(const ltb_field_row *row) { return ltb_record_rtf(row->r); }
static long long sample_rate(const ltb_field_row *row) { return row->r->res.sample_rate; }
static long long bit_depth(const ltb_field_row *row) { return ltb_record_bit_depth(row->r); }
static long long text_length_bytes(const ltb_field_row *row)
{
    return (long long)text_bytes(sample_of(row->run, row->r->sample));
}

static const ltb_field detailed_fields[] = {
    /* the seed's */
    LTB_FIELD_L(ltb_fields_request_head),
    LTB_FIELD_T("Text_Input", "text_sample", text_input),
    LTB_FIELD_I("Text_Length_Chars", "text_chars", text_chars),
    LTB_FIELD_I("Text_Length_Tokens", "text_tokens", text_tokens),
    LTB_FIELD_N("Start_Time_Sec", NULL, 6, ltb_field_unix_start),
    LTB_FIELD_N("First_Audio_Time_Sec", NULL, 6, ltb_field_unix_first),
    LTB_FIELD_N("End_Time_Sec", NULL, 6, ltb_field_unix_end),
    LTB_FIELD_N("Wall_Time_Sec", NULL, 6, ltb_field_wall_s),
    LTB_FIELD_N("TTFA_Sec", NULL, 6, ttfa_s),
    LTB_FIELD_N("Audio_Duration_Sec", NULL, 6, audio_s),
    LTB_FIELD_O("RTF", "rtf", 6, rtf),
    LTB_FIELD_I("Sample_Rate", "sample_rate", sample_rate),
    LTB_FIELD_I("Bit_Depth", "bit_depth", bit_depth),
    LTB_FIELD_T("Success", NULL, ltb_field_success),
    LTB_FIELD_T("Error_Message", NULL, ltb_field_error),
    /* ltbench's */
    LTB_FIELD_I("Worker", NULL, ltb_field_worker),
    LTB_FIELD_N("Latency_ms", NULL, 4, ltb_field_latency_ms),
    LTB_FIELD_I("Text_Length_Bytes", NULL, text_length_bytes),
    LTB_FIELD_L(ltb_fields_phases),
    LTB_FIELD_L(ltb_fields_server),
    LTB_FIELD_I("Response_Bytes", "response_bytes", ltb_field_response_bytes),
    LTB_FIELD_L(ltb_fields_gpu_request),
    LTB_FIELD_L(ltb_fields_rate_request),
    /* JSON only */
    LTB_FIELD_N(NULL, "ttfa_ms", 0, ttfa_ms),
    LTB_FIELD_L(ltb_fields_request_json),
    LTB_FIELD_LAST};

/* ---- files ---------------------------------------------------------------------- */

const csv_task_layout csv_tts_layout = {
    .summary = summary_fields, .detailed = detailed_fields, .request_facts = NULL,
    .summary_statistics = write_summary_statistics, .test_configuration = write_test_configuration,
    .legacy = 1};
