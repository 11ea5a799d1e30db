/* report_table.c — the human-readable summaries of a run: the console table in
 * the seed's layout ("... Results Summary", rule lines, one row per level, then
 * "Best Performance:"), an optional phase breakdown, and the same table as
 * GitHub Markdown. Each task has its own columns and best lines (a
 * table_layout); the frame around them is shared. */
#include "report.h"

#include "metrics.h"

#include <stdio.h>
#include <string.h>

#define RULE_WIDTH 80

static void print_rule(FILE *out, char c)
{
    for (int i = 0; i < RULE_WIDTH; i++)
        fputc(c, out);
    fputc('\n', out);
}

/* Milliseconds with as many decimals as a small number needs to be readable. */
static const char *format_ms(char *buf, size_t cap, double ms)
{
    int decimals = ms >= 10.0 ? 1 : ms >= 1.0 ? 2 : 3;
    snprintf(buf, cap, "%.*f", decimals, ms);
    return buf;
}

/* An RTF with the seed's 3 decimals, more when it is small enough to lose them. */
static const char *format_rtf(char *buf, size_t cap, double rtf)
{
    int decimals = rtf >= 0.1 ? 3 : rtf >= 0.01 ? 4 : 5;
    snprintf(buf, cap, "%.*f", decimals, rtf);
    return buf;
}

static int any_phase_measured(const ltb_run *run)
{
    for (int i = 0; i < run->n_levels; i++) {
        const ltb_metrics *m = &run->levels[i].metrics;
        if (run->levels[i].skipped)
            continue;
        if (m->mean_preprocess_ms > 0 || m->mean_h2d_ms > 0 || m->mean_forward_ms > 0 ||
            m->mean_d2h_ms > 0 || m->mean_postprocess_ms > 0 || m->mean_gpu_ms > 0)
            return 1;
    }
    return 0;
}

/* A table cell: '|' would end the cell and a newline the row. */
static void write_md_cell_text(FILE *out, const char *s)
{
    for (const char *p = s; *p; p++) {
        if (*p == '|')
            fputs("\\|", out);
        else if (*p == '\n' || *p == '\r')
            fputc(' ', out);
        else
            fputc(*p, out);
    }
}

/* ---- rows: the metric cells of a level that ran ----------------------------------- */

static void print_image_cells(FILE *out, const ltb_metrics *m)
{
    char p50[32], p95[32], p99[32];
    fprintf(out, "%-9.2f %-8.2f %-10s %-10s %-10s %.1f%%\n", m->ips, m->rps,
            format_ms(p50, sizeof p50, m->ttfi.p50), format_ms(p95, sizeof p95, m->ttfi.p95),
            format_ms(p99, sizeof p99, m->ttfi.p99), m->success_rate_pct);
}

static void write_md_image_cells(FILE *out, const ltb_metrics *m)
{
    char p50[32], p95[32], p99[32];
    fprintf(out, "%.2f | %.2f | %s | %s | %s | %.1f%% |\n", m->ips, m->rps,
            format_ms(p50, sizeof p50, m->ttfi.p50), format_ms(p95, sizeof p95, m->ttfi.p95),
            format_ms(p99, sizeof p99, m->ttfi.p99), m->success_rate_pct);
}

static void print_generate_cells(FILE *out, const ltb_metrics *m)
{
    char p50[32], p95[32];
    fprintf(out, "%-9.3f %-9.2f %-8.3f %-10s %-10s %.1f%%\n", m->ips, m->sps, m->rps,
            format_ms(p50, sizeof p50, m->ttfi.p50), format_ms(p95, sizeof p95, m->ttfi.p95),
            m->success_rate_pct);
}

static void write_md_generate_cells(FILE *out, const ltb_metrics *m)
{
    char p50[32], p95[32];
    fprintf(out, "%.3f | %.2f | %.3f | %s | %s | %.1f%% |\n", m->ips, m->sps, m->rps,
            format_ms(p50, sizeof p50, m->ttfi.p50), format_ms(p95, sizeof p95, m->ttfi.p95),
            m->success_rate_pct);
}

static void print_tts_cells(FILE *out, const ltb_metrics *m)
{
    char rtf[32], p95[32];
    fprintf(out, "%-8.3f %-8s %-8.1f %-8.0f %-10s %.1f%%\n", m->asps,
            format_rtf(rtf, sizeof rtf, m->rtf_mean), m->rps, m->cps,
            format_ms(p95, sizeof p95, m->ttfa.p95), m->success_rate_pct);
}

static void write_md_tts_cells(FILE *out, const ltb_metrics *m)
{
    char rtf[32], p95[32];
    fprintf(out, "%.3f | %s | %.1f | %.0f | %s | %.1f%% |\n", m->asps,
            format_rtf(rtf, sizeof rtf, m->rtf_mean), m->rps, m->cps,
            format_ms(p95, sizeof p95, m->ttfa.p95), m->success_rate_pct);
}

/* ---- "Best Performance" lines, console and Markdown ------------------------------- */

typedef enum { BEST_FIXED, BEST_MS, BEST_RTF } best_format;

typedef struct best_spec {
    const char *metric;           /* a name ltb_best_level knows */
    const char *label;
    best_format format;           /* FIXED: `decimals`; MS: format_ms + unit; RTF: format_rtf */
    int decimals;
} best_spec;

static const best_spec image_best[] = {{"ips", "Highest IPS", BEST_FIXED, 2},
                                       {"rps", "Highest RPS", BEST_FIXED, 2},
                                       {"ttfi_p95", "Lowest TTFI p95", BEST_MS, 0}};
static const best_spec generate_best[] = {{"ips", "Highest IPS", BEST_FIXED, 3},
                                          {"sps", "Highest SPS", BEST_FIXED, 2},
                                          {"ttfi_p95", "Lowest TTFI p95", BEST_MS, 0}};
static const best_spec tts_best[] = {{"asps", "Highest ASPS", BEST_FIXED, 3},
                                     {"rtf_mean", "Lowest RTF", BEST_RTF, 0},
                                     {"rps", "Highest RPS", BEST_FIXED, 1},
                                     {"ttfa_p95", "Lowest TTFA p95", BEST_MS, 0}};

/* "{prefix}{label}: {value} at concurrency C[ (batch B)]"; ms_unit follows a time. */
static void print_best_line(FILE *out, const ltb_run *run, const best_spec *spec,
                            int with_batch, const char *prefix, const char *ms_unit)
{
    int i = ltb_best_level(run->levels, run->n_levels, spec->metric);
    if (i < 0)
        return;
    const ltb_level *level = &run->levels[i];
    double v = ltb_metric_value(&level->metrics, spec->metric);
    char num[32];
    if (spec->format == BEST_MS)
        format_ms(num, sizeof num, v);
    else if (spec->format == BEST_RTF)
        format_rtf(num, sizeof num, v);
    else
        snprintf(num, sizeof num, "%.*f", spec->decimals, v);
    fprintf(out, "%s%s: %s%s at concurrency %d", prefix, spec->label, num,
            spec->format == BEST_MS ? ms_unit : "", level->concurrency);
    if (with_batch)
        fprintf(out, " (batch %d)", level->batch);
    fputc('\n', out);
}

static void print_realtime_streams(FILE *out, const ltb_run *run, const char *prefix)
{
    int streams = ltb_max_realtime_streams(run->levels, run->n_levels);
    if (streams > 0)
        fprintf(out, "%sMax real-time streams: %d (p95 RTF < 1)\n", prefix, streams);
    else
        fprintf(out, "%sMax real-time streams: none of the tested levels (p95 RTF < 1)\n",
                prefix);
}

/* ---- the layouts ------------------------------------------------------------------- */

typedef struct table_layout {
    const char *title;
    int with_batch;                       /* rows start with concurrency and batch */
    const char *console_header;           /* the column names line */
    void (*console_cells)(FILE *out, const ltb_metrics *m);
    const char *md_header;                /* column names and alignment lines */
    void (*md_cells)(FILE *out, const ltb_metrics *m);
    const best_spec *best;
    size_t n_best;
    int realtime_streams;                 /* add the "Max real-time streams" line */
} table_layout;

static const table_layout image_layout = {
    "Image Classification Benchmark Results Summary", 1,
    "Conc  Batch IPS       RPS      TTFI p50   TTFI p95   TTFI p99   Success\n",
    print_image_cells,
    "| Conc | Batch | IPS | RPS | TTFI p50 (ms) | TTFI p95 (ms) | TTFI p99 (ms) | Success |\n"
    "|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    write_md_image_cells, image_best, sizeof image_best / sizeof image_best[0], 0};

static const table_layout generate_layout = {
    "Image Generation Benchmark Results Summary", 1,
    "Conc  Batch IPS       SPS       RPS      TTFI p50   TTFI p95   Success\n",
    print_generate_cells,
    "| Conc | Batch | IPS | SPS | RPS | TTFI p50 (ms) | TTFI p95 (ms) | Success |\n"
    "|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    write_md_generate_cells, generate_best, sizeof generate_best / sizeof generate_best[0], 0};

static const table_layout tts_layout = {
    "TTS Benchmark Results Summary", 0,
    "Conc ASPS     RTF      RPS      CPS      TTFA p95   Success\n",
    print_tts_cells,
    "| Conc | ASPS | RTF | RPS | CPS | TTFA p95 (ms) | Success |\n"
    "|---:|---:|---:|---:|---:|---:|---:|\n",
    write_md_tts_cells, tts_best, sizeof tts_best / sizeof tts_best[0], 1};

static const table_layout *layout_of(const ltb_run *run)
{
    switch (run->config.task) {
    case LTB_TASK_TTS:
        return &tts_layout;
    case LTB_TASK_GENERATE:
        return &generate_layout;
    case LTB_TASK_IMAGE:
        break;
    }
    return &image_layout;
}

/* Every best line of the layout; 0 (nothing written) when no level completed a
 * request. */
static int print_best_lines(FILE *out, const ltb_run *run, const table_layout *layout,
                            const char *prefix, const char *ms_unit)
{
    if (ltb_best_level(run->levels, run->n_levels, layout->best[0].metric) < 0)
        return 0;
    for (size_t i = 0; i < layout->n_best; i++)
        print_best_line(out, run, &layout->best[i], layout->with_batch, prefix, ms_unit);
    if (layout->realtime_streams)
        print_realtime_streams(out, run, prefix);
    return 1;
}

/* A row's first cells: concurrency (and batch). */
static void print_row_key(FILE *out, const table_layout *layout, const ltb_level *level,
                          int markdown)
{
    if (layout->with_batch)
        fprintf(out, markdown ? "| %d | %d | " : "%-5d %-5d ", level->concurrency, level->batch);
    else
        fprintf(out, markdown ? "| %d | " : "%-4d ", level->concurrency);
}

/* ---- console ---------------------------------------------------------------------- */

static void print_row(FILE *out, const table_layout *layout, const ltb_level *level)
{
    print_row_key(out, layout, level, 0);
    if (level->skipped)
        fprintf(out, "skipped: %s\n", level->note);
    else
        layout->console_cells(out, &level->metrics);
}

/* llama-bench style "mean ± stddev" of each point's repetitions (only with -r > 1). */
static void print_repetitions(FILE *out, const ltb_run *run)
{
    if (run->config.repetitions <= 1)
        return;
    const char *what = run->config.task == LTB_TASK_TTS ? "ASPS" : "IPS";
    fprintf(out, "\nRepetitions (%d each): mean +- stddev\n", run->config.repetitions);
    fprintf(out, "Conc  Batch %-22s %-22s\n", what, "RPS");
    for (int i = 0; i < run->n_levels; i++) {
        const ltb_level *l = &run->levels[i];
        if (l->repetition != l->repetitions - 1)
            continue;
        char tp[32], rps[32];
        snprintf(tp, sizeof tp, "%.3f +- %.3f", l->rep_throughput_mean, l->rep_throughput_stddev);
        snprintf(rps, sizeof rps, "%.3f +- %.3f", l->rep_rps_mean, l->rep_rps_stddev);
        fprintf(out, "%-5d %-5d %-22s %-22s\n", l->concurrency, l->batch, tp, rps);
    }
}

static void print_gpu_ms(FILE *out, double ms)
{
    if (ms < 0)
        fprintf(out, "-\n");
    else
        fprintf(out, "%.3f\n", ms);
}

static void print_phases(FILE *out, const ltb_run *run)
{
    fprintf(out, "\nPhases (mean ms):\n");
    fprintf(out, "%-5s %-5s %-9s %-9s %-9s %-9s %-9s %s\n", "Conc", "Batch", "Preproc",
            "H2D", "Forward", "D2H", "Postproc", "GPU");
    for (int i = 0; i < run->n_levels; i++) {
        const ltb_level *level = &run->levels[i];
        if (level->skipped)
            continue;
        const ltb_metrics *m = &level->metrics;
        fprintf(out, "%-5d %-5d %-9.3f %-9.3f %-9.3f %-9.3f %-9.3f ", level->concurrency,
                level->batch, m->mean_preprocess_ms, m->mean_h2d_ms, m->mean_forward_ms,
                m->mean_d2h_ms, m->mean_postprocess_ms);
        print_gpu_ms(out, m->mean_gpu_ms);
    }
}

/* Image generation: where a request's time goes, per level. */
static void print_generation_parts(FILE *out, const ltb_run *run)
{
    fprintf(out, "\nGeneration (mean ms): text encoding and decode per request, one denoising step\n");
    fprintf(out, "%-5s %-5s %-10s %-10s %s\n", "Conc", "Batch", "Encode", "Step", "Decode");
    for (int i = 0; i < run->n_levels; i++) {
        const ltb_level *level = &run->levels[i];
        if (level->skipped)
            continue;
        const ltb_metrics *m = &level->metrics;
        fprintf(out, "%-5d %-5d %-10.3f %-10.3f %.3f\n", level->concurrency, level->batch,
                m->mean_encode_ms, m->mean_step_ms, m->mean_decode_ms);
    }
}

void ltb_report_table(FILE *out, const ltb_run *run)
{
    const table_layout *layout = layout_of(run);
    fprintf(out, "\n%s\n", layout->title);
    if (run->interrupted)
        fprintf(out, "(partial: interrupted)\n");
    if (run->config.task == LTB_TASK_TTS && run->config.streaming)
        fprintf(out, "(streaming: TTFA = first audio chunk)\n");
    print_rule(out, '=');
    fputs(layout->console_header, out);
    print_rule(out, '-');
    for (int i = 0; i < run->n_levels; i++)
        print_row(out, layout, &run->levels[i]);
    print_rule(out, '=');
    fprintf(out, "Best Performance:\n");
    if (!print_best_lines(out, run, layout, "  ", "ms"))
        fprintf(out, "  (no level completed a request)\n");
    if (any_phase_measured(run))
        print_phases(out, run);
    if (run->config.task == LTB_TASK_GENERATE && any_phase_measured(run))
        print_generation_parts(out, run);
    ltb_report_table_gpu(out, run);
    print_repetitions(out, run);
}

/* ---- Markdown ---------------------------------------------------------------------- */

static void write_md_row(FILE *out, const table_layout *layout, const ltb_level *level)
{
    print_row_key(out, layout, level, 1);
    if (level->skipped) {
        fputs("skipped: ", out);
        write_md_cell_text(out, level->note);
        fputs(" | | | | | |\n", out); /* the metric cells, empty */
    } else {
        layout->md_cells(out, &level->metrics);
    }
}

void ltb_report_markdown(FILE *out, const ltb_run *run)
{
    const table_layout *layout = layout_of(run);
    fprintf(out, "\n### %s\n\n", layout->title);
    if (run->interrupted)
        fprintf(out, "*Partial: interrupted.*\n\n");
    if (run->config.task == LTB_TASK_TTS && run->config.streaming)
        fprintf(out, "*Streaming: TTFA = first audio chunk.*\n\n");
    fputs(layout->md_header, out);
    for (int i = 0; i < run->n_levels; i++)
        write_md_row(out, layout, &run->levels[i]);
    if (ltb_best_level(run->levels, run->n_levels, layout->best[0].metric) >= 0) {
        fputc('\n', out);
        print_best_lines(out, run, layout, "- ", " ms");
    }
}
