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

static const char *const summary_header[] = {
    /* the seed's columns */
    "Concurrency", "ASPS", "RTF_Mean", "RTF_Median", "RPS", "CPS", "Tokens_Per_Sec",
    "TTFA_p50_ms", "TTFA_p95_ms", "TTFA_p99_ms", "TTFA_Mean_ms", "Total_Requests",
    "Success_Rate_%", "Failed_Requests", "Total_Wall_Time_s", "Total_Audio_Duration_s",
    "Avg_Text_Length_chars", "Avg_Audio_Duration_s", "Sample_Rate", "Bit_Depth",
    /* ltbench's */
    "RTF_p95", "Latency_p50_ms", "Latency_p95_ms", "Latency_p99_ms", "Latency_Mean_ms",
    "Latency_CoV", "Forward_Mean_ms", "Peak_RSS_MB", "Device", "Precision", "Streaming",
    "Skipped_Reason", LTB_CSV_REPETITION_HEADER, LTB_CSV_GPU_HEADER("Joules_Per_Audio_Second"),
    "Intra_Op_Threads",
    NULL};

static const char *const detailed_header[] = {
    /* the seed's columns */
    "Concurrency_Level", "Request_ID", "Iteration", "Text_Input", "Text_Length_Chars",
    "Text_Length_Tokens", "Start_Time_Sec", "First_Audio_Time_Sec", "End_Time_Sec",
    "Wall_Time_Sec", "TTFA_Sec", "Audio_Duration_Sec", "RTF", "Sample_Rate", "Bit_Depth",
    "Success", "Error_Message",
    /* ltbench's */
    "Worker", "Latency_ms", "Text_Length_Bytes", "Preprocess_ms", "H2D_ms", "Forward_ms",
    "D2H_ms", "Postprocess_ms", "GPU_ms", "Server_Processing_ms", "Response_Bytes",
    LTB_CSV_GPU_REQUEST_HEADER, NULL};

static const char *true_false(int v)
{
    return v ? "True" : "False";
}

/* ---- summary rows ----------------------------------------------------------- */

static void write_summary_seed_columns(FILE *f, const ltb_run *run, const ltb_level *level,
                                       const ltb_metrics *m)
{
    (void)run;
    csv_write_int(f, level->concurrency);
    csv_next_double(f, m->asps, 4);
    csv_next_double(f, m->rtf_mean, 6);
    csv_next_double(f, m->rtf_median, 6);
    csv_next_shared_summary_columns(f, m, &m->ttfa);
    csv_next_double(f, m->total_audio_s, 4);
    csv_next_double(f, m->avg_text_chars, 1);
    csv_next_double(f, m->avg_audio_s, 4);
    csv_next_int(f, m->sample_rate);
    csv_next_int(f, m->bit_depth);
}

static void write_summary_extra_columns(FILE *f, const ltb_run *run, const ltb_level *level,
                                        const ltb_metrics *m)
{
    csv_next_double(f, m->rtf_p95, 6);
    csv_next_latency(f, &m->latency, 4);
    csv_next_double(f, m->latency.cov, 4);
    csv_next_double(f, m->mean_forward_ms, 4);
    csv_next_double(f, m->peak_rss_mb, 2);
    csv_next_text(f, run->config.device);
    csv_next_text(f, run->config.precision);
    csv_next_text(f, true_false(run->config.streaming));
    csv_next_text(f, level->skipped ? level->note : NULL);
    csv_next_repetition(f, level);
    csv_next_gpu(f, m);
    csv_next_int(f, level->intra_op_threads);
}

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

static void write_detailed_seed_columns(FILE *f, const ltb_run *run, const ltb_level *level,
                                        const ltb_record *r)
{
    const ltb_result *res = &r->res;
    const ltb_sample_info *s = sample_of(run, r->sample);
    char id[32];
    snprintf(id, sizeof id, "req_%lld", (long long)r->id);

    csv_write_int(f, level->concurrency);
    csv_next_text(f, id);
    csv_next_int(f, (long long)r->id);
    csv_next_text(f, s != NULL ? s->text : NULL);
    csv_next_int(f, (long long)ltb_record_text_chars(r, run->samples, run->n_samples));
    csv_next_int(f, ltb_record_text_tokens(r, run->samples, run->n_samples));
    csv_next_request_times(f, run, r, ltb_record_ttfa_ms);
    csv_next_double(f, res->audio_seconds, 6);
    csv_next_optional(f, ltb_record_rtf(r), 6);
    csv_next_int(f, res->sample_rate);
    csv_next_int(f, ltb_record_bit_depth(r));
    csv_next_text(f, true_false(res->ok));
    csv_next_text(f, res->ok ? NULL : res->error);
}

static void write_detailed_extra_columns(FILE *f, const ltb_run *run, const ltb_level *level,
                                         const ltb_record *r)
{
    (void)level;
    csv_next_int(f, r->worker);
    csv_next_double(f, ltb_record_latency_ms(r), 4);
    csv_next_int(f, (long long)text_bytes(sample_of(run, r->sample)));
    csv_next_phases(f, &r->res);
    csv_next_int(f, (long long)r->res.response_bytes);
    csv_next_gpu_request(f, &r->res);
}

/* ---- files ---------------------------------------------------------------------- */

static const csv_task_layout layout = {
    .summary_header = summary_header,
    .summary_seed_columns = write_summary_seed_columns,
    .summary_extra_columns = write_summary_extra_columns,
    .summary_statistics = write_summary_statistics,
    .test_configuration = write_test_configuration,
    .detailed_header = detailed_header,
    .detailed_seed_columns = write_detailed_seed_columns,
    .detailed_extra_columns = write_detailed_extra_columns,
};

int ltb_report_csv_tts(const ltb_run *run, const char *dir, char *err, size_t errlen)
{
    return csv_write_task_files(run, dir, &layout, 1, err, errlen);
}

int ltb_report_csv_tts_ranks(const ltb_csv_rank *ranks, int n, const char *dir, char *err,
                             size_t errlen)
{
    return csv_write_rank_files(ranks, n, dir, &layout, 1, err, errlen);
}
