/* cli_command.c — a benchmark subcommand's frame (cli_command_main, see cli_run.h):
 * parse, --help, then one job (cli_run.c) or the sweep of its variants
 * (cli_sweep_run.c). Above both, so neither calls back up into it. */
#include "cli_run.h"
#include "cli_common.h"
#include "cli_sweep_run.h"
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>

static int run_command(const cli_command *cmd, void *args)
{
    char err[512];
    common_args *c = args;
    int runs_model = cmd->apply && cmd->runs_model(args);
    cli_after_run_fn after = cmd->after ? cmd->after(args) : NULL;
    if (runs_model && cli_sweep_is_list(&c->sweep)) {
        cli_task_ops ops = {cmd->apply, cmd->open, cmd->plan, after};
        return cli_sweep_run(c, args, &ops);
    }
    if (runs_model) {   /* one variant: its device, precision and switches */
        cli_variant v;
        cli_sweep_variants(&c->sweep, &v, 1);
        if (v.refused[0]) {
            fprintf(stderr, "ltbench: %s\n", v.refused);
            return LTB_EXIT_USAGE;
        }
        cmd->apply(args, &v);
    } else {
        char what[96];
        snprintf(what, sizeof what, "ltbench %s%s", cmd->name, cmd->apply ? " with --url or --target" : "");
        if (cli_common_single(c, what, err, sizeof err) != 0) {
            fprintf(stderr, "ltbench: %s\n", err);
            return LTB_EXIT_USAGE;
        }
    }
    cli_job job = {.cfg = &c->cfg, .fleet = cmd->fleet ? cmd->fleet(args) : NULL, .open = cmd->open,
                   .print_plan = cmd->plan, .after = after, .args = args};
    return cli_run_job(&job);
}

int cli_command_main(const cli_command *cmd, int argc, char **argv)
{
    char err[512];
    void *args = calloc(1, cmd->args_size);
    if (!args)
        return LTB_EXIT_USAGE;
    int code;
    if (cmd->parse(argc, argv, args, err, sizeof err) != 0) {
        fprintf(stderr, "ltbench %s: %s\n", cmd->name, err);
        code = LTB_EXIT_USAGE;
    } else if (((common_args *)args)->help) {
        cmd->usage(stdout);
        code = LTB_EXIT_OK;
    } else {
        code = run_command(cmd, args);
    }
    free(args);
    return code;
}
