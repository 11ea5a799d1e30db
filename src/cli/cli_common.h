/* cli_common.h — the options every benchmark subcommand shares (model, levels,
 * warm-up, threads, device, outputs...) and the getopt_long loop that combines them
 * with a subcommand's own options. */
#ifndef LTB_CLI_COMMON_H
#define LTB_CLI_COMMON_H

#include <getopt.h>
#include <stdio.h>

#include "cli_sweep.h"
#include "ltbench.h"

typedef struct common_args {
    ltb_config cfg;
    const char *target;          /* "torch", "null" or "sleep" */
    long sleep_us;               /* --target sleep:MS */
    int interop_threads;
    int optimize;
    int help;
    int no_plots;                /* --no-plots: sets LTB_OUT_NO_PLOTS in cfg.outputs */
    char model_buf[4096];
    char name_buf[256];
    int name_given;              /* --name was on the command line */
    char variant_dir[160];       /* one of several variants: its suffix without the '_'
                                    (resnet18_cpu_fp16), else empty */
    int concurrency_given;       /* -c was (rate mode's cap default is 64 otherwise) */
    cli_sweep sweep;             /* --device/--precision lists and sweep switches;
                                    cfg.device/precision are their first values */
} common_args;

/* A subcommand's own option: 0 handled, -1 error (err set), 1 not its option. */
typedef int (*cli_option_fn)(int opt, const char *value, void *ctx, char *err, size_t errlen);

/* Sets common defaults for task with default_model (a file in the models dir). */
void cli_common_defaults(common_args *c, ltb_task task, const char *default_model);
/* Parses argv[1..] (argv[0] is the subcommand `cmd`) with the common options plus
 * `own` (NULL-terminated; `own_short` their short letters) handled by fn. Then
 * fills the derived fields (name, model_path). 0, or -1 with a one-line err. */
int cli_parse(int argc, char **argv, const char *cmd, const struct option *own,
              const char *own_short, cli_option_fn fn, void *ctx, common_args *c, char *err,
              size_t errlen);
/* Fills t with the null or sleep target when --target asked for one (returns 1);
 * 0 when the subcommand opens its own (torch) target. */
int cli_simple_target(const common_args *c, ltb_target *t);
/* The end of a plan line on stderr: " concurrency 1,2,4[ x batch 1,8], N requests per
 * level\n". */
void cli_print_levels(const ltb_config *c, int with_batch);
/* -1 with err when the command `cmd` (which runs one configuration) was given a
 * sweep: a list of devices or precisions, or a switch with two values. */
int cli_common_single(const common_args *c, const char *cmd, char *err, size_t errlen);
/* The inter-op threads to ask for: --interop-threads, else 1 with the automatic
 * intra-op threads (no -t N), else 0 (LibTorch's default). */
int cli_interop_threads(const common_args *c);
/* Help text of the common options. */
void cli_common_usage(FILE *out, const char *default_model);
#endif
