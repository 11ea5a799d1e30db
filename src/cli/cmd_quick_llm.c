/* cmd_quick_llm.c — `ltbench quick llm`: a fast check of the in-process language
 * model path: the default model (llama_tiny), a 64-token prompt, 16 generated tokens,
 * concurrency 1, 3 requests; prints prefill and decode tokens/s, TTFT, ITL and the
 * success rate (no files). Any `ltbench llm` option may follow to override. */
#include "cmd_llm_args.h"
#include "commands.h"
#include "interrupt.h"
#include "run_exit_code.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_quick(const ltb_run *run)
{
    const ltb_level *l = &run->levels[0];
    const ltb_llm_metrics *m = &l->metrics.llm;
    printf("Quick LLM test: %s on %s, %zu requests at concurrency 1 (%s)\n", run->config.name,
           run->config.device, l->metrics.total_requests, l->shape_name);
    printf("  Prefill tokens/s:  %.1f\n", m->prefill_tps);
    printf("  Decode tokens/s:   %.1f\n", m->decode_tps);
    printf("  TTFT p50:          %.2f ms\n", m->ttft.p50);
    printf("  ITL p50 / p99:     %.2f / %.2f ms\n", m->itl.p50, m->itl.p99);
    printf("  Success rate:      %.1f%%\n", l->metrics.success_rate_pct);
}

static int run_quick(llm_args *a)
{
    char err[512];
    ltb_workload w;
    ltb_target t;
    if (llm_open_workload_target(a, &w, &t, err, sizeof err) != 0) {
        fprintf(stderr, "ltbench quick llm: %s\n", err);
        return LTB_EXIT_USAGE;
    }
    ltb_interrupt_install();
    ltb_run *run = calloc(1, sizeof *run);
    int code = LTB_EXIT_USAGE;
    if (!run)
        fprintf(stderr, "ltbench quick llm: out of memory\n");
    else if (ltb_run_benchmark(&a->common.cfg, &w, &t, run, err, sizeof err) != 0)
        fprintf(stderr, "ltbench quick llm: %s\n", err);
    else if (run->n_levels < 1 || run->levels[0].skipped)
        fprintf(stderr, "ltbench quick llm: %s\n", run->n_levels ? run->levels[0].note : "no level ran");
    else {
        print_quick(run);
        code = ltb_run_exit_code(run);
    }
    if (run)
        ltb_run_free(run);
    free(run);
    if (t.close)
        t.close(&t);
    ltb_workload_free(&w);
    return code;
}

int cmd_quick_llm(int argc, char **argv)
{
    static const char *const kHead[] = {"llm", "-c", "1", "-n", "3", "-p", "64", "-g", "16"};
    enum { N_HEAD = sizeof kHead / sizeof kHead[0] };
    char err[512];
    char **all = calloc((size_t)(N_HEAD + argc + 1), sizeof *all);
    llm_args *a = calloc(1, sizeof *a);
    int n = 0, code = LTB_EXIT_USAGE;
    for (int i = 0; all && i < N_HEAD; i++)
        all[n++] = (char *)kHead[i];
    for (int i = 1; all && i < argc; i++)
        all[n++] = argv[i];
    if (!all || !a)
        fprintf(stderr, "ltbench quick llm: out of memory\n");
    else if (llm_args_parse(n, all, a, err, sizeof err) != 0 ||
             cli_common_single(&a->common, "ltbench quick llm", err, sizeof err) != 0)
        fprintf(stderr, "ltbench quick llm: %s\n", err);
    else if (a->common.help) {
        printf("usage: ltbench quick llm [llm options]\n"
               "The default language model, -p 64 -g 16, concurrency 1, 3 requests.\n");
        code = LTB_EXIT_OK;
    } else {
        a->common.cfg.output_dir = NULL;   /* prints only */
        code = run_quick(a);
    }
    free(a);
    free(all);
    return code;
}
