/* cmd_run_args.c — `ltbench run`'s own options on top of the common ones. */
#include "cmd_run_args.h"
#include "cli_parse.h"

#include <string.h>

enum { OPT_INPUT = 2100, OPT_SAVE_INPUTS, OPT_SAVE_OUTPUTS };

static const struct option kRunOptions[] = {
    {"input", required_argument, NULL, OPT_INPUT},
    {"save-inputs", required_argument, NULL, OPT_SAVE_INPUTS},
    {"save-outputs", required_argument, NULL, OPT_SAVE_OUTPUTS},
    {"batch", required_argument, NULL, 'b'},
    LTB_FLEET_CLI_OPTIONS,
    {NULL, 0, NULL, 0},
};

void run_args_usage(FILE *out)
{
    fprintf(out, "usage: ltbench run -m FILE [--input SPEC]... [options]\n"
                 "Benchmark any TorchScript model in-process: inputs from SPECs, files or the\n"
                 "model's sidecar; outputs of any structure copied to the host in each request.\n");
    cli_common_usage(out, "resnet18.pt");
    fprintf(out,
        "  -b, --batch LIST          the N of every SPEC's leading N dim, e.g. 1,8 (default 1)\n"
        "      --input SPEC          one of forward's inputs (repeat for each):\n"
        "                              NAME:DIMS[:DTYPE[:LOW,HIGH]]  generated (seeded)\n"
        "                              NAME=@FILE  .npy, FILE.npz[:ENTRY], or torch.save'd\n"
        "                            NAME: argument name or position 0,1,...; DIMS: e.g.\n"
        "                            Nx3x224x224 (N = batch), 1x{128,512} (a shape sweep),\n"
        "                            empty for a scalar; DTYPE f32 f16 bf16 f64 i64 i32 i16\n"
        "                            i8 u8 bool (default: the schema's, else f32); floats\n"
        "                            normal, integers uniform in [LOW,HIGH) (default 0,10).\n"
        "                            Without --input the model's sidecar gives them.\n"
        "      --save-inputs DIR     the first request of each level: DIR/<level>/NAME.npy\n"
        "      --save-outputs DIR    ... and DIR/<level>/output[.KEY...].npy; <level> is\n"
        "                            c<concurrency>_b<batch>[_<input>.<dim>-<size>...];\n"
        "                            DIR/<variant>/<level> when several devices,\n"
        "                            precisions or models run (e.g. resnet18_cpu_fp16)\n"
        "Lists of devices and precisions run every combination (like image).\n");
    fleet_cli_usage(out);
}

static int parse_run_option(int opt, const char *v, void *ctx, char *err, size_t errlen)
{
    run_args *a = ctx;
    ltb_config *c = &a->common.cfg;
    int n;
    switch (opt) {
    case OPT_INPUT:
        if (a->n_specs == LTB_RUN_MAX_INPUTS) {
            snprintf(err, errlen, "--input: at most %d inputs", LTB_RUN_MAX_INPUTS);
            return -1;
        }
        if (ltb_input_spec_parse(v, &a->specs[a->n_specs], err, errlen) != 0)
            return -1;
        for (int i = 0; i < a->n_specs; i++)
            if (!strcmp(a->specs[i].name, a->specs[a->n_specs].name)) {
                snprintf(err, errlen, "--input '%s': input '%s' is given twice", v, a->specs[i].name);
                return -1;
            }
        a->n_specs++;
        return 0;
    case OPT_SAVE_INPUTS:
        snprintf(a->save_inputs, sizeof a->save_inputs, "%s", v);
        return 0;
    case OPT_SAVE_OUTPUTS:
        snprintf(a->save_outputs, sizeof a->save_outputs, "%s", v);
        return 0;
    case 'b':
        n = ltb_parse_int_list("--batch", v, 1, 4096, c->batch, LTB_MAX_LEVELS, err, errlen);
        if (n < 0)
            return -1;
        c->n_batch = n;
        return 0;
    default:
        return fleet_cli_option(opt, v, &a->fleet, err, errlen);
    }
}

int run_args_parse(int argc, char **argv, run_args *a, char *err, size_t errlen)
{
    memset(a, 0, sizeof *a);
    cli_common_defaults(&a->common, LTB_TASK_RUN, "resnet18.pt");
    fleet_cli_defaults(&a->fleet);
    if (cli_parse(argc, argv, "run", kRunOptions, "b:", parse_run_option, a, &a->common, err,
                  errlen) != 0)
        return -1;
    const ltb_config *c = &a->common.cfg;
    a->torch = (ltb_generic_options){.model_path = c->model_path, .device = c->device,
                                     .precision = c->precision, .threads = c->threads,
                                     .interop_threads = cli_interop_threads(&a->common),
                                     .seed = c->seed, .specs = a->specs, .n_specs = a->n_specs,
                                     .save_inputs = a->save_inputs[0] ? a->save_inputs : NULL,
                                     .save_outputs = a->save_outputs[0] ? a->save_outputs : NULL};
    return 0;
}
