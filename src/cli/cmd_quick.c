/* cmd_quick.c — the seed's quick tests, runnable with no arguments:
 * `ltbench quick` (ResNet-18 on the shipped photos, concurrency 1, 5 requests:
 * classifications/s, average latency, success rate) and `ltbench quick-stress`
 * (30 s, up to 16 workers over a 10 s ramp-up; PASS when >= 95% succeed, and the
 * exit code says so). Any image option may follow to override (--model, -t,
 * --duration for quick-stress...). */
#include "cmd_llm_args.h"
#include "cmd_open.h"
#include "commands.h"
#include "interrupt.h"
#include "run_exit_code.h"
#include "stress_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUICK_STRESS_PASS_PCT 95.0

/* argv with `head` (n_head words) in front of the user's words argv[1..]. */
static char **with_defaults(const char *const *head, int n_head, int argc, char **argv, int *n)
{
    char **all = calloc((size_t)(n_head + argc + 1), sizeof *all);
    if (!all)
        return NULL;
    *n = 0;
    for (int i = 0; i < n_head; i++)
        all[(*n)++] = (char *)head[i];
    for (int i = 1; i < argc; i++)
        all[(*n)++] = argv[i];
    return all;
}

static void print_quick(const ltb_run *run)
{
    const ltb_level *l = &run->levels[0];
    printf("Quick image test: %s on %s, %zu requests at concurrency 1\n", run->config.name,
           run->config.device, l->metrics.total_requests);
    printf("  Classifications/s: %.2f\n", l->metrics.ips);
    printf("  Average latency:   %.2f ms\n", l->metrics.latency.mean);
    printf("  Success rate:      %.1f%%\n", l->metrics.success_rate_pct);
}

static int run_quick(image_args *a)
{
    char err[512];
    ltb_workload w;
    ltb_target t;
    if (image_open_workload_target(a, &w, &t, err, sizeof err) != 0) {
        fprintf(stderr, "ltbench quick: %s\n", err);
        return LTB_EXIT_USAGE;
    }
    ltb_interrupt_install();
    ltb_run *run = calloc(1, sizeof *run);
    int code = LTB_EXIT_USAGE;
    if (!run)
        fprintf(stderr, "ltbench quick: out of memory\n");
    else if (ltb_run_benchmark(&a->common.cfg, &w, &t, run, err, sizeof err) != 0)
        fprintf(stderr, "ltbench quick: %s\n", err);
    else if (run->n_levels < 1 || run->levels[0].skipped)
        fprintf(stderr, "ltbench quick: %s\n", run->n_levels ? run->levels[0].note : "no level ran");
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

int cmd_quick(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "llm"))   /* `ltbench quick llm` (cmd_quick_llm.c) */
        return cmd_quick_llm(argc - 1, argv + 1);
    static const char *const kHead[] = {"image", "-c", "1", "-n", "5"};
    char err[512];
    int n;
    char **all = with_defaults(kHead, 5, argc, argv, &n);
    image_args *a = calloc(1, sizeof *a);
    int code = LTB_EXIT_USAGE;
    if (!all || !a)
        fprintf(stderr, "ltbench quick: out of memory\n");
    else if (image_args_parse(n, all, a, err, sizeof err) != 0 ||
             cli_common_single(&a->common, "ltbench quick", err, sizeof err) != 0)
        fprintf(stderr, "ltbench quick: %s\n", err);
    else if (a->common.help) {
        printf("usage: ltbench quick [image options]\n"
               "ResNet-18 on the shipped photos, concurrency 1, 5 requests.\n");
        code = LTB_EXIT_OK;
    } else {
        a->common.cfg.output_dir = NULL; /* prints only, like the seed's quick test */
        code = run_quick(a);
    }
    free(a);
    free(all);
    return code;
}

int cmd_quick_stress(int argc, char **argv)
{
    static const char *const kHead[] = {"stress", "image", "--duration", "30s",
                                        "--max-concurrency", "16", "--ramp-up", "10s"};
    int n;
    char **all = with_defaults(kHead, 8, argc, argv, &n);
    if (!all) {
        fprintf(stderr, "ltbench quick-stress: out of memory\n");
        return LTB_EXIT_USAGE;
    }
    double success_pct;
    int code = stress_cli_run(n, all, &success_pct);
    free(all);
    if (success_pct < 0)
        return code;
    int pass = success_pct >= QUICK_STRESS_PASS_PCT;
    printf("Quick stress test: %s (%.2f%% of requests succeeded; pass at >= %.0f%%)\n",
           pass ? "PASS" : "FAIL", success_pct, QUICK_STRESS_PASS_PCT);
    if (code == LTB_EXIT_INTERRUPTED)
        return code;
    return pass ? LTB_EXIT_OK : LTB_EXIT_FAILED_REQUESTS;
}
