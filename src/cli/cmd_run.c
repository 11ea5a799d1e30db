/* cmd_run.c — `ltbench run`: any TorchScript model with inputs from SPECs, files or
 * its sidecar; the same driver, sweeps, Ctrl-C rules and files as `image`. */
#include "cmd_open.h"
#include "cmd_run_args.h"
#include "cli_common.h"
#include "cli_run.h"
#include "commands.h"
#include "target_torch_generic.h"
#include "workload_tensors.h"

#include <stdio.h>
#include <string.h>

static void print_plan(const void *args, const ltb_workload *w)
{
    (void)w;
    const run_args *a = args;
    const ltb_config *c = &a->common.cfg;
    fprintf(stderr, "ltbench run: %s on %s (%s), inputs %s,", c->model_path, c->device, c->precision,
            a->inputs_text);
    if (w->n_shapes > 1)
        fprintf(stderr, " %d input shapes x", w->n_shapes);
    cli_print_levels(c, 1);
}

static int parse_run(int argc, char **argv, void *args, char *err, size_t errlen)
{
    return run_args_parse(argc, argv, args, err, errlen);
}

int run_open_workload_target(run_args *a, ltb_workload *w, ltb_target *t, char *err, size_t errlen)
{
    if (cli_simple_target(&a->common, t)) {
        char why[256];
        ltb_tensor_input dummy;
        memset(&dummy, 0, sizeof dummy);
        return ltb_workload_tensors(w, &dummy, 0, a->common.cfg.seed, why, sizeof why) == 0 ? 0 : -1;
    }
    if (ltb_target_torch_generic(t, w, &a->torch, err, errlen) != 0)
        return -1;
    ltb_workload_tensors_describe(w, a->inputs_text, sizeof a->inputs_text);
    a->common.cfg.run_inputs = a->inputs_text;
    return 0;
}

static int open_run(void *args, ltb_workload *w, ltb_target *t, char *err, size_t errlen)
{
    run_args *a = args;
    a->torch.device = a->common.cfg.device;   /* as a variant or a fleet bound them */
    a->torch.threads = a->common.cfg.threads;
    a->torch.save_variant = a->common.variant_dir[0] ? a->common.variant_dir : NULL;
    return run_open_workload_target(a, w, t, err, errlen);
}

static void apply_variant(void *args, const cli_variant *v)
{
    run_args *a = args;
    a->torch.device = v->device;
    a->torch.precision = v->precision;
}

static int runs_model(const void *args)
{
    return !strcmp(((const run_args *)args)->common.target, "torch");
}

static const fleet_options *fleet_of(const void *args)
{
    return &((const run_args *)args)->fleet;
}

static cli_after_run_fn after_run(const void *args)
{
    const run_args *a = args;
    return (a->torch.save_inputs || a->torch.save_outputs) && runs_model(args)
               ? ltb_target_torch_generic_save : NULL;
}

const cli_command cmd_run_command = {"run", sizeof(run_args), parse_run, run_args_usage,
                                     open_run, print_plan, after_run, apply_variant, runs_model,
                                     fleet_of};

int cmd_run(int argc, char **argv)
{
    return cli_command_main(&cmd_run_command, argc, argv);
}
