/* cmd_quick_llm.c — `ltbench quick llm`: a fast check of the in-process language
 * model path: the default model (llama_tiny), a 64-token prompt, 16 generated tokens,
 * concurrency 1, 3 requests; prints prefill and decode tokens/s, TTFT, ITL and the
 * success rate (no files). Any `ltbench llm` option may follow to override. */
#include "cli_quick.h"
#include "cmd_llm_args.h"

#include <stdio.h>

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

int cmd_quick_llm(int argc, char **argv)
{
    static const char *const kHead[] = {"llm", "-c", "1", "-n", "3", "-p", "64", "-g", "16"};
    static const cli_quick quick = {"ltbench quick llm", &cmd_llm_command, kHead,
                                    (int)(sizeof kHead / sizeof kHead[0]),
                                    "usage: ltbench quick llm [llm options]\n"
                                    "The default language model, -p 64 -g 16, concurrency 1, "
                                    "3 requests.\n",
                                    print_quick};
    return cli_quick_main(&quick, argc, argv);
}
