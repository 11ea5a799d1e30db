/* report_table.c — the human-readable summaries of a run: the console table in
 * the seed's layout ("... Results Summary", rule lines, one row per level, then
 * "Best Performance:"), an optional phase breakdown, and the same table as
 * GitHub Markdown. Each task declares its columns once (a table_column list: title,
 * metric, format, console width, whether it has a best line); the console table, the
 * Markdown table and the "Best Performance" lines all read that list. */
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
        /* postprocess alone is a server's answer read back: no phases to show */
        if (m->mean_preprocess_ms > 0 || m->mean_h2d_ms > 0 || m->mean_forward_ms > 0 ||
            m->mean_d2h_ms > 0 || m->mean_gpu_ms > 0)
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

/* ---- one column table per task: console, Markdown and best lines read it --------- */

/* How a cell shows its metric: fixed decimals, milliseconds (format_ms; Markdown's
 * title adds "(ms)", a best line the unit), an RTF (format_rtf), or a percentage. */
typedef enum { CELL_FIXED, CELL_MS, CELL_RTF, CELL_PCT } cell_format;

typedef struct table_column {
    const char *title;            /* "IPS", "TTFI p95" */
    const char *metric;           /* a name ltb_metric_value knows */
    cell_format format;
    int decimals;                 /* CELL_FIXED and CELL_PCT */
    int width;                    /* console width (the last column has none) */
    int best;                     /* a "Best Performance" line: Highest/Lowest by the metric */
} table_column;

#define SUCCESS_COLUMN {"Success", "success_rate_pct", CELL_PCT, 1, 0, 0}
static const table_column image_columns[] = {
    {"IPS", "ips", CELL_FIXED, 2, 9, 1},          {"RPS", "rps", CELL_FIXED, 2, 8, 1},
    {"TTFI p50", "ttfi_p50", CELL_MS, 0, 10, 0},  {"TTFI p95", "ttfi_p95", CELL_MS, 0, 10, 1},
    {"TTFI p99", "ttfi_p99", CELL_MS, 0, 10, 0},  SUCCESS_COLUMN};
static const table_column generate_columns[] = {
    {"IPS", "ips", CELL_FIXED, 3, 9, 1},          {"SPS", "sps", CELL_FIXED, 2, 9, 1},
    {"RPS", "rps", CELL_FIXED, 3, 8, 0},          {"TTFI p50", "ttfi_p50", CELL_MS, 0, 10, 0},
    {"TTFI p95", "ttfi_p95", CELL_MS, 0, 10, 1},  SUCCESS_COLUMN};
static const table_column tts_columns[] = {
    {"ASPS", "asps", CELL_FIXED, 3, 8, 1},        {"RTF", "rtf_mean", CELL_RTF, 0, 8, 1},
    {"RPS", "rps", CELL_FIXED, 1, 8, 1},          {"CPS", "cps", CELL_FIXED, 0, 8, 0},
    {"TTFA p95", "ttfa_p95", CELL_MS, 0, 10, 1},  SUCCESS_COLUMN};
static const table_column run_columns[] = {
    {"Samples/s", "ips", CELL_FIXED, 2, 11, 1},   {"RPS", "rps", CELL_FIXED, 2, 8, 1},
    {"Lat p50", "latency_p50", CELL_MS, 0, 10, 0}, {"Lat p95", "latency_p95", CELL_MS, 0, 10, 1},
    {"Lat p99", "latency_p99", CELL_MS, 0, 10, 0}, SUCCESS_COLUMN};
static const table_column llm_columns[] = {
    {"Prefill t/s", "prefill_tps", CELL_FIXED, 1, 12, 1}, {"Decode t/s", "decode_tps", CELL_FIXED, 1, 11, 1},
    {"Out t/s", "output_tps", CELL_FIXED, 1, 9, 1},       {"TTFT p50", "ttft_p50", CELL_MS, 0, 9, 0},
    {"TTFT p95", "ttft_p95", CELL_MS, 0, 9, 1},           {"ITL p50", "itl_p50", CELL_MS, 0, 8, 0},
    {"ITL p99", "itl_p99", CELL_MS, 0, 8, 1},             SUCCESS_COLUMN};
#undef SUCCESS_COLUMN

/* A cell's text. */
static const char *format_cell(char *buf, size_t cap, const table_column *c, double v)
{
    switch (c->format) {
    case CELL_MS: return format_ms(buf, cap, v);
    case CELL_RTF: return format_rtf(buf, cap, v);
    case CELL_PCT: snprintf(buf, cap, "%.*f%%", c->decimals, v); return buf;
    case CELL_FIXED: break;
    }
    snprintf(buf, cap, "%.*f", c->decimals, v);
    return buf;
}

typedef struct table_layout {
    const char *title;
    int with_batch;                       /* rows start with concurrency and batch */
    const table_column *columns;
    size_t n_columns;
    int realtime_streams;                 /* add the "Max real-time streams" line */
} table_layout;

#define COLUMNS(a) a, sizeof a / sizeof a[0]
static const table_layout image_layout = {"Image Classification Benchmark Results Summary", 1,
                                          COLUMNS(image_columns), 0};
static const table_layout generate_layout = {"Image Generation Benchmark Results Summary", 1,
                                             COLUMNS(generate_columns), 0};
static const table_layout tts_layout = {"TTS Benchmark Results Summary", 0, COLUMNS(tts_columns), 1};
static const table_layout run_layout = {"Model Benchmark Results Summary", 1, COLUMNS(run_columns), 0};
static const table_layout llm_layout = {"LLM Benchmark Results Summary", 1, COLUMNS(llm_columns), 0};
#undef COLUMNS

static const table_layout *layout_of(const ltb_run *run)
{
    switch (run->config.task) {
    case LTB_TASK_TTS:
        return &tts_layout;
    case LTB_TASK_GENERATE:
        return &generate_layout;
    case LTB_TASK_RUN:
        return &run_layout;
    case LTB_TASK_LLM:
        return &llm_layout;
    case LTB_TASK_IMAGE:
        break;
    }
    return &image_layout;
}

/* A level's metric cells: console (padded to each width) or Markdown ("v | "). */
static void print_cells(FILE *out, const table_layout *layout, const ltb_metrics *m, int markdown)
{
    for (size_t i = 0; i < layout->n_columns; i++) {
        const table_column *c = &layout->columns[i];
        char text[32];
        format_cell(text, sizeof text, c, ltb_metric_value(m, c->metric));
        int last = i + 1 == layout->n_columns;
        if (markdown)
            fprintf(out, last ? "%s |\n" : "%s | ", text);
        else if (last)
            fprintf(out, "%s\n", text);
        else
            fprintf(out, "%-*s ", c->width, text);
    }
}

/* The column names: console (padded like the cells) or Markdown (and its alignment line). */
static void print_header(FILE *out, const table_layout *layout, int markdown)
{
    if (markdown)
        fputs(layout->with_batch ? "| Conc | Batch |" : "| Conc |", out);
    else
        fputs(layout->with_batch ? "Conc  Batch " : "Conc ", out);
    for (size_t i = 0; i < layout->n_columns; i++) {
        const table_column *c = &layout->columns[i];
        if (markdown)
            fprintf(out, " %s%s |", c->title, c->format == CELL_MS ? " (ms)" : "");
        else if (i + 1 == layout->n_columns)
            fprintf(out, "%s", c->title);
        else
            fprintf(out, "%-*s ", c->width, c->title);
    }
    fputc('\n', out);
    if (!markdown)
        return;
    size_t n = layout->n_columns + (layout->with_batch ? 2 : 1);
    fputc('|', out);
    for (size_t i = 0; i < n; i++)
        fputs("---:|", out);
    fputc('\n', out);
}

/* ---- "Best Performance" lines, console and Markdown ------------------------------- */

/* "{prefix}Highest|Lowest {title}: {value} at concurrency C[ (batch B)]"; ms_unit
 * follows a time. */
static void print_best_line(FILE *out, const ltb_run *run, const table_column *c,
                            int with_batch, const char *prefix, const char *ms_unit)
{
    double value;
    int reps;
    int i = ltb_best_point(run->levels, run->n_levels, c->metric, &value, &reps);
    if (i < 0)
        return;
    const ltb_level *level = &run->levels[i];
    char num[32];
    format_cell(num, sizeof num, c, value);
    fprintf(out, "%s%s %s: %s%s at concurrency %d", prefix,
            ltb_metric_lower_is_better(c->metric) == 1 ? "Lowest" : "Highest", c->title, num,
            c->format == CELL_MS ? ms_unit : "", level->concurrency);
    if (with_batch)
        fprintf(out, " (batch %d)", level->batch);
    if (reps > 1)
        fprintf(out, ", mean of %d repetitions", reps);
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

/* Every best line of the layout; 0 (nothing written) when no level completed a
 * request. */
static int print_best_lines(FILE *out, const ltb_run *run, const table_layout *layout,
                            const char *prefix, const char *ms_unit)
{
    if (ltb_best_level(run->levels, run->n_levels, layout->columns[0].metric) < 0)
        return 0;
    for (size_t i = 0; i < layout->n_columns; i++)
        if (layout->columns[i].best)
            print_best_line(out, run, &layout->columns[i], layout->with_batch, prefix, ms_unit);
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
        print_cells(out, layout, &level->metrics, 0);
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
    print_header(out, layout, 0);
    print_rule(out, '-');
    for (int i = 0; i < run->n_levels; i++) {
        const ltb_level *lv = &run->levels[i];
        if (lv->shape_name[0] && (i == 0 || strcmp(lv->shape_name, run->levels[i - 1].shape_name)))
            fprintf(out, "%s %s\n", run->config.task == LTB_TASK_LLM ? "test" : "shape",
                    lv->shape_name);   /* `run`'s {..} dims, `llm`'s -p x -g */
        print_row(out, layout, lv);
    }
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
        for (size_t i = 0; i < layout->n_columns; i++)
            fputs(" |", out);      /* the metric cells, empty */
        fputc('\n', out);
    } else {
        print_cells(out, layout, &level->metrics, 1);
    }
}

void ltb_report_markdown(FILE *out, const ltb_run *run)
{
    if (run->config.task == LTB_TASK_LLM) {
        ltb_report_markdown_llm(out, run);   /* llama-bench's table (report_md_llm.c) */
        return;
    }
    const table_layout *layout = layout_of(run);
    fprintf(out, "\n### %s\n\n", layout->title);
    if (run->interrupted)
        fprintf(out, "*Partial: interrupted.*\n\n");
    if (run->config.task == LTB_TASK_TTS && run->config.streaming)
        fprintf(out, "*Streaming: TTFA = first audio chunk.*\n\n");
    print_header(out, layout, 1);
    for (int i = 0; i < run->n_levels; i++)
        write_md_row(out, layout, &run->levels[i]);
    if (ltb_best_level(run->levels, run->n_levels, layout->columns[0].metric) >= 0) {
        fputc('\n', out);
        print_best_lines(out, run, layout, "- ", " ms");
    }
}
