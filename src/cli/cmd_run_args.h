/* cmd_run_args.h — the options of `ltbench run` (any TorchScript model): the common
 * ones, -b, --input SPEC (repeatable), --save-inputs / --save-outputs DIR; parsed
 * apart from running so tests can parse alone. */
#ifndef LTB_CMD_RUN_ARGS_H
#define LTB_CMD_RUN_ARGS_H

#include "cli_common.h"
#include "fleet_cli.h"
#include "input_spec.h"
#include "target_torch_generic.h"

#define LTB_RUN_MAX_INPUTS 32

typedef struct run_args {
    common_args common;
    ltb_generic_options torch;
    fleet_options fleet;
    ltb_input_spec specs[LTB_RUN_MAX_INPUTS];
    int n_specs;
    char save_inputs[1024], save_outputs[1024];
    char inputs_text[2048];      /* the resolved inputs (config.run_inputs) */
} run_args;

/* Fills defaults, then argv[1..] (argv[0] is "run"). 0, or -1 with a one-line err
 * (exit code 2). */
int run_args_parse(int argc, char **argv, run_args *a, char *err, size_t errlen);
void run_args_usage(FILE *out);
#endif
