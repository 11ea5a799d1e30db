/* main.c — the ltbench command line: dispatch to a subcommand. */
#include "commands.h"
#include "shim_loader.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef LTBENCH_VERSION
#define LTBENCH_VERSION "0.1.0"
#endif
#ifndef LTBENCH_GIT_COMMIT
#define LTBENCH_GIT_COMMIT "unknown"
#endif

static void usage(FILE *out)
{
    fprintf(out,
        "usage: ltbench [COMMAND] [options]\n"
        "Benchmark TorchScript models in-process through LibTorch.\n\n"
        "commands:\n"
        "  image     image classification (IPS, RPS, TTFI percentiles)\n"
        "  tts       text to speech (ASPS, RTF, RPS, CPS, TTFA percentiles; --streaming)\n"
        "  generate  image generation: diffusion or GAN (IPS, PPS, SPS, RPS, CPS, TTFI)\n"
        "  run       any TorchScript model: inputs from --input SPECs, files or its sidecar\n"
        "  llm       a language model: prefill/decode tokens/s, TTFT, ITL (llama-bench's -p/-g)\n"
        "  inspect   what a model file holds: forward's arguments, methods, parameters\n"
        "  info      machine, LibTorch and device facts\n"
        "  compare   result files side by side: serving overhead vs the first\n"
        "  stress    image|tts|run under a ramp of workers for a duration (time series, leak check)\n"
        "  quick     ResNet-18, concurrency 1, 5 requests: a fast check\n"
        "  quick llm the default language model, -p 64 -g 16, 3 requests: a fast check\n"
        "  quick-stress  30 s ramp to 16 workers; PASS when success >= 95%%\n"
        "  serve     the reference torch-inference HTTP server over the same shim\n"
        "  qualify   GPU qualification battery: a profile per device, PASS/FAIL vs a reference\n"
        "  (none)    the quick default job: ResNet-18 on CPU at concurrency 1,2,4\n\n"
        "  ltbench COMMAND --help   options of a command\n"
        "  ltbench --version\n");
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2)
        return cmd_default(argv[0]);
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return LTB_EXIT_OK;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        printf("ltbench %s (commit %s)\n", LTBENCH_VERSION, LTBENCH_GIT_COMMIT);
        return LTB_EXIT_OK;
    }
    if (!strcmp(cmd, "image"))
        return cmd_image(argc - 1, argv + 1);
    if (!strcmp(cmd, "tts"))
        return cmd_tts(argc - 1, argv + 1);
    if (!strcmp(cmd, "generate"))
        return cmd_generate(argc - 1, argv + 1);
    if (!strcmp(cmd, "run"))
        return cmd_run(argc - 1, argv + 1);
    if (!strcmp(cmd, "llm"))
        return cmd_llm(argc - 1, argv + 1);
    if (!strcmp(cmd, "inspect"))
        return cmd_inspect(argc - 1, argv + 1);
    if (!strcmp(cmd, "serve"))
        return cmd_serve(argc - 1, argv + 1);
    if (!strcmp(cmd, "compare"))
        return cmd_compare(argc - 1, argv + 1);
    if (!strcmp(cmd, "info"))
        return cmd_info(argc - 1, argv + 1);
    if (!strcmp(cmd, "stress"))
        return cmd_stress(argc - 1, argv + 1);
    if (!strcmp(cmd, "quick"))
        return cmd_quick(argc - 1, argv + 1);
    if (!strcmp(cmd, "quick-stress"))
        return cmd_quick_stress(argc - 1, argv + 1);
    if (!strcmp(cmd, "qualify"))
        return cmd_qualify(argc - 1, argv + 1);
    fprintf(stderr, "ltbench: unknown command '%s' (see ltbench --help)\n", cmd);
    return LTB_EXIT_USAGE;
}

/* The command's code, without the process's teardown: the static destructors of
 * LibTorch and the CUDA libraries it links (which an HTTP run never used) cost
 * ~0.42 G instructions, ~0.15 s of CPU, at every exit (callgrind, issue #21) and
 * hand back nothing the kernel does not take back anyway; stdio is flushed first.
 * Under AddressSanitizer the normal exit runs, so LeakSanitizer still checks. */
int main(int argc, char **argv)
{
    int code = dispatch(argc, argv);
    ltb_shim_report_if_asked(stderr);   /* LTBENCH_SHIM_REPORT=1: was LibTorch loaded? */
#if defined(__SANITIZE_ADDRESS__)
    return code;
#else
    fflush(NULL);
    _exit(code);
#endif
}
