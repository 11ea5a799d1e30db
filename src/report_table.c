/* report_table.c — the human-readable summaries of a run: the console table in
 * the seed's layout ("... Results Summary", rule lines, one row per level, then
 * "Best Performance:"), an optional phase breakdown, and the same table as
 * GitHub Markdown. Each task has its own table; see the switch in each entry. */
#include "report.h"

#include "metrics.h"

#include <stdio.h>
#include <string.h>

#define RULE_WIDTH 80

static const char image_title[] = "Image Classification Benchmark Results Summary";

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

/* ---- console: image ------------------------------------------------------------ */

static void print_image_row(FILE *out, const ltb_level *level)
{
    char p50[32], p95[32], p99[32];
    fprintf(out, "%-5d %-5d ", level->concurrency, level->batch);
    if (level->skipped) {
        fprintf(out, "skipped: %s\n", level->note);
        return;
    }
    const ltb_metrics *m = &level->metrics;
    fprintf(out, "%-9.2f %-8.2f %-10s %-10s %-10s %.1f%%\n", m->ips, m->rps,
            format_ms(p50, sizeof p50, m->ttfi.p50), format_ms(p95, sizeof p95, m->ttfi.p95),
            format_ms(p99, sizeof p99, m->ttfi.p99), m->success_rate_pct);
}

static void print_best_line(FILE *out, const ltb_run *run, const char *metric,
                            const char *label)
{
    int i = ltb_best_level(run->levels, run->n_levels, metric);
    if (i < 0)
        return;
    const ltb_level *level = &run->levels[i];
    const ltb_metrics *m = &level->metrics;
    char ms[32];
    if (strcmp(metric, "ips") == 0)
        fprintf(out, "  %s: %.2f", label, m->ips);
    else if (strcmp(metric, "rps") == 0)
        fprintf(out, "  %s: %.2f", label, m->rps);
    else
        fprintf(out, "  %s: %sms", label, format_ms(ms, sizeof ms, m->ttfi.p95));
    fprintf(out, " at concurrency %d (batch %d)\n", level->concurrency, level->batch);
}

static void print_image_best(FILE *out, const ltb_run *run)
{
    fprintf(out, "Best Performance:\n");
    if (ltb_best_level(run->levels, run->n_levels, "ips") < 0) {
        fprintf(out, "  (no level completed a request)\n");
        return;
    }
    print_best_line(out, run, "ips", "Highest IPS");
    print_best_line(out, run, "rps", "Highest RPS");
    print_best_line(out, run, "ttfi_p95", "Lowest TTFI p95");
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

static void print_image_table(FILE *out, const ltb_run *run)
{
    fprintf(out, "\n%s\n", image_title);
    if (run->interrupted)
        fprintf(out, "(partial: interrupted)\n");
    print_rule(out, '=');
    fprintf(out, "%-5s %-5s %-9s %-8s %-10s %-10s %-10s %s\n", "Conc", "Batch", "IPS", "RPS",
            "TTFI p50", "TTFI p95", "TTFI p99", "Success");
    print_rule(out, '-');
    for (int i = 0; i < run->n_levels; i++)
        print_image_row(out, &run->levels[i]);
    print_rule(out, '=');
    print_image_best(out, run);
    if (any_phase_measured(run))
        print_phases(out, run);
}

void ltb_report_table(FILE *out, const ltb_run *run)
{
    switch (run->config.task) {
    case LTB_TASK_IMAGE:
        print_image_table(out, run);
        break;
    case LTB_TASK_TTS:
        /* hook: the TTS table (ASPS, RTF, RPS, CPS, TTFA p95) goes here */
        fprintf(out, "TTS table: not implemented yet\n");
        break;
    }
}

/* ---- Markdown: image ------------------------------------------------------------ */

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

static void write_md_image_row(FILE *out, const ltb_level *level)
{
    char p50[32], p95[32], p99[32];
    fprintf(out, "| %d | %d | ", level->concurrency, level->batch);
    if (level->skipped) {
        fputs("skipped: ", out);
        write_md_cell_text(out, level->note);
        fputs(" | | | | | |\n", out);
        return;
    }
    const ltb_metrics *m = &level->metrics;
    fprintf(out, "%.2f | %.2f | %s | %s | %s | %.1f%% |\n", m->ips, m->rps,
            format_ms(p50, sizeof p50, m->ttfi.p50), format_ms(p95, sizeof p95, m->ttfi.p95),
            format_ms(p99, sizeof p99, m->ttfi.p99), m->success_rate_pct);
}

static void write_md_best(FILE *out, const ltb_run *run)
{
    int ips = ltb_best_level(run->levels, run->n_levels, "ips");
    int rps = ltb_best_level(run->levels, run->n_levels, "rps");
    int ttfi = ltb_best_level(run->levels, run->n_levels, "ttfi_p95");
    char ms[32];
    if (ips < 0)
        return;
    fprintf(out, "\n- Highest IPS: %.2f at concurrency %d (batch %d)\n",
            run->levels[ips].metrics.ips, run->levels[ips].concurrency, run->levels[ips].batch);
    fprintf(out, "- Highest RPS: %.2f at concurrency %d (batch %d)\n",
            run->levels[rps].metrics.rps, run->levels[rps].concurrency, run->levels[rps].batch);
    fprintf(out, "- Lowest TTFI p95: %s ms at concurrency %d (batch %d)\n",
            format_ms(ms, sizeof ms, run->levels[ttfi].metrics.ttfi.p95),
            run->levels[ttfi].concurrency, run->levels[ttfi].batch);
}

static void write_md_image(FILE *out, const ltb_run *run)
{
    fprintf(out, "\n### %s\n\n", image_title);
    if (run->interrupted)
        fprintf(out, "*Partial: interrupted.*\n\n");
    fprintf(out, "| Conc | Batch | IPS | RPS | TTFI p50 (ms) | TTFI p95 (ms) | TTFI p99 (ms) "
                 "| Success |\n");
    fprintf(out, "|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int i = 0; i < run->n_levels; i++)
        write_md_image_row(out, &run->levels[i]);
    write_md_best(out, run);
}

void ltb_report_markdown(FILE *out, const ltb_run *run)
{
    switch (run->config.task) {
    case LTB_TASK_IMAGE:
        write_md_image(out, run);
        break;
    case LTB_TASK_TTS:
        /* hook: the TTS Markdown table goes here */
        fprintf(out, "TTS table: not implemented yet\n");
        break;
    }
}
