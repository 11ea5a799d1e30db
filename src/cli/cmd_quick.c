/* cmd_quick.c — the seed's quick tests, runnable with no arguments:
 * `ltbench quick` (ResNet-18 on the shipped photos, concurrency 1, 5 requests:
 * classifications/s, average latency, success rate) and `ltbench quick-stress`
 * (30 s, up to 16 workers over a 10 s ramp-up; PASS when >= 95% succeed, and the
 * exit code says so). Any image option may follow to override (--model, -t,
 * --duration for quick-stress...). */
#include "cli_quick.h"
#include "cmd_llm_args.h"
#include "cmd_open.h"
#include "commands.h"
#include "stress_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUICK_STRESS_PASS_PCT 95.0

static void print_quick(const ltb_run *run)
{
    const ltb_level *l = &run->levels[0];
    printf("Quick image test: %s on %s, %zu requests at concurrency 1\n", run->config.name,
           run->config.device, l->metrics.total_requests);
    printf("  Classifications/s: %.2f\n", l->metrics.ips);
    printf("  Average latency:   %.2f ms\n", l->metrics.latency.mean);
    printf("  Success rate:      %.1f%%\n", l->metrics.success_rate_pct);
}

int cmd_quick(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "llm"))   /* `ltbench quick llm` (cmd_quick_llm.c) */
        return cmd_quick_llm(argc - 1, argv + 1);
    static const char *const kHead[] = {"image", "-c", "1", "-n", "5"};
    static const cli_quick quick = {"ltbench quick", &cmd_image_command, kHead, 5,
                                    "usage: ltbench quick [image options]\n"
                                    "ResNet-18 on the shipped photos, concurrency 1, 5 requests.\n",
                                    print_quick};
    return cli_quick_main(&quick, argc, argv);
}

int cmd_quick_stress(int argc, char **argv)
{
    static const char *const kHead[] = {"stress", "image", "--duration", "30s",
                                        "--max-concurrency", "16", "--ramp-up", "10s"};
    int n;
    char **all = cli_with_defaults(kHead, 8, argc, argv, &n);
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
