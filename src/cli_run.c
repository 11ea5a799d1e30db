/* cli_run.c — run a configured benchmark and report it (see cli_run.h). */
#include "cli_run.h"
#include "cli_common.h"
#include "cli_sweep_run.h"
#include "commands.h"
#include "interrupt.h"
#include "run_exit_code.h"

#include <stdio.h>
#include <stdlib.h>

static int run_command(const cli_command *cmd, void *args)
{
    char err[512];
    ltb_workload w;
    ltb_target t;
    common_args *c = args;
    if (cmd->apply && cmd->runs_model(args)) {
        cli_task_ops ops = {cmd->apply, cmd->open, cmd->plan, cmd->after ? cmd->after(args) : NULL};
        return cli_sweep_run(c, args, &ops);
    }
    char what[96];
    snprintf(what, sizeof what, "ltbench %s%s", cmd->name, cmd->apply ? " with --url or --target" : "");
    if (cli_common_single(c, what, err, sizeof err) != 0 ||
        cmd->open(args, &w, &t, err, sizeof err) != 0) {
        fprintf(stderr, "ltbench: %s\n", err);
        return LTB_EXIT_USAGE;
    }
    if (!c->cfg.quiet)
        cmd->plan(args, &w);
    return cli_run_and_report(&c->cfg, &w, &t, cmd->after ? cmd->after(args) : NULL);
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

int cli_run_and_report(const ltb_config *cfg, ltb_workload *w, ltb_target *t,
                       cli_after_run_fn after)
{
    return cli_run_and_report_with(cfg, w, t, after, NULL, NULL);
}

int cli_run_and_report_with(const ltb_config *cfg, ltb_workload *w, ltb_target *t,
                            cli_after_run_fn after, cli_on_run_fn on_run, void *user)
{
    char err[512];
    ltb_interrupt_install();
    ltb_run *run = calloc(1, sizeof *run);
    int code = LTB_EXIT_USAGE;
    if (!run) {
        fprintf(stderr, "ltbench: out of memory\n");
    } else if (ltb_run_benchmark(cfg, w, t, run, err, sizeof err) != 0) {
        fprintf(stderr, "ltbench: %s\n", err);
    } else {
        code = ltb_run_exit_code(run);
        if (ltb_write_reports(run, cfg->quiet ? NULL : stdout, err, sizeof err) != 0) {
            fprintf(stderr, "ltbench: %s\n", err);
            code = LTB_EXIT_USAGE;
        }
        if (!cfg->quiet && cfg->output_dir && (cfg->outputs & (LTB_OUT_CSV | LTB_OUT_JSON)))
            fprintf(stderr, "ltbench: results in %s/%s_{summary,detailed}.csv and %s.json%s\n",
                    cfg->output_dir, cfg->name, cfg->name, run->interrupted ? " (partial)" : "");
        if (after && !run->workers_left_running && after(t, err, sizeof err) < 0) {
            fprintf(stderr, "ltbench: %s\n", err);
            code = LTB_EXIT_USAGE;
        }
        if (on_run)
            on_run(run, user);
    }
    if (run && run->workers_left_running)
        ltb_exit_leaving_workers(code);   /* they still use t and w: no clean-up */
    if (run)
        ltb_run_free(run);
    free(run);
    if (t->close)
        t->close(t);
    ltb_workload_free(w);
    return code;
}
