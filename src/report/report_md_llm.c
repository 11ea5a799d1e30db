/* report_md_llm.c — `ltbench llm -o md`: the table llama-bench prints, | model | size |
 * params | backend | threads | test | t/s |, plus the concurrency and batch of the
 * level. A level of P prompt and G generated tokens gives a "ppP" row (prefill t/s)
 * when P > 0 and a "tgG" row (decode t/s: G - 1 decode steps) when G > 1; t/s is the
 * mean over the level's requests +- their sample stddev (llama-bench's avg_ts and
 * stdev_ts, over requests instead of repetitions). Then the serving percentiles. */
#include "report.h"

#include "metrics.h"

#include <stdio.h>
#include <string.h>

static const char *base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : path ? path : "";
}

static void size_text(double bytes, char *buf, size_t cap)
{
    if (bytes >= 1024.0 * 1024 * 1024)
        snprintf(buf, cap, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    else
        snprintf(buf, cap, "%.2f MiB", bytes / (1024.0 * 1024));
}

static void params_text(double n, char *buf, size_t cap)
{
    if (n >= 1e9)
        snprintf(buf, cap, "%.2f B", n / 1e9);
    else
        snprintf(buf, cap, "%.2f M", n / 1e6);
}

static void row(FILE *out, const ltb_run *run, const ltb_level *l, const char *test, double ts,
                double sd)
{
    const ltb_config *c = &run->config;
    char size[32], params[32];
    size_text(c->llm_param_bytes, size, sizeof size);
    params_text(c->llm_params, params, sizeof params);
    fprintf(out, "| %s | %s | %s | LibTorch %s | %d | %d | %d | %s | %.2f ± %.2f |\n",
            c->model_name ? c->model_name : base_name(c->model_path), size, params,
            c->device ? c->device : "cpu", l->intra_op_threads, l->concurrency, l->batch, test, ts,
            sd);
}

void ltb_report_markdown_llm(FILE *out, const ltb_run *run)
{
    fprintf(out, "\n| model | size | params | backend | threads | c | b | test | t/s |\n");
    fprintf(out, "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (int i = 0; i < run->n_levels; i++) {
        const ltb_level *l = &run->levels[i];
        const ltb_llm_metrics *m = &l->metrics.llm;
        int P = ltb_llm_level_prompt(&run->config, l), G = ltb_llm_level_gen(&run->config, l);
        char test[32];
        if (l->skipped || l->metrics.ok_requests == 0) {
            fprintf(out, "| %s | | | | | %d | %d | %s | skipped: %s |\n",
                    base_name(run->config.model_path), l->concurrency, l->batch, l->shape_name,
                    l->skipped ? l->note : "no request succeeded");
            continue;
        }
        if (P > 0) {
            snprintf(test, sizeof test, "pp%d", P);
            row(out, run, l, test, m->prefill_tps, m->prefill_tps_sd);
        }
        if (G > 1) {
            snprintf(test, sizeof test, "tg%d", G);
            row(out, run, l, test, m->decode_tps, m->decode_tps_sd);
        }
    }
    fprintf(out, "\n| c | b | test | TTFT p50 (ms) | TTFT p99 (ms) | ITL p50 (ms) | ITL p99 (ms) | "
                 "out t/s | RPS | success |\n");
    fprintf(out, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (int i = 0; i < run->n_levels; i++) {
        const ltb_level *l = &run->levels[i];
        if (l->skipped)
            continue;
        const ltb_metrics *m = &l->metrics;
        fprintf(out, "| %d | %d | %s | %.3f | %.3f | %.3f | %.3f | %.2f | %.3f | %.1f%% |\n",
                l->concurrency, l->batch, l->shape_name, m->llm.ttft.p50, m->llm.ttft.p99,
                m->llm.itl.p50, m->llm.itl.p99, m->llm.output_tps, m->rps, m->success_rate_pct);
    }
}
