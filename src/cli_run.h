/* cli_run.h — what every benchmark subcommand does once its workload and target
 * are open: install the Ctrl-C handler, run the sweep, write the reports, close
 * everything, and turn the outcome into an exit code. */
#ifndef LTB_CLI_RUN_H
#define LTB_CLI_RUN_H

#include <stdio.h>

#include "cli_sweep.h"
#include "ltbench.h"

/* Called after the run, before the target closes (e.g. to save audio). */
typedef int (*cli_after_run_fn)(ltb_target *t, char *err, size_t errlen);

/* A benchmark subcommand: its arguments (a struct of args_size bytes that starts with
 * common_args), how to parse them, its help, how to open its workload and target
 * (0, or -1 with err and nothing open), the plan line it prints before the run, and
 * what runs after it (NULL: nothing). A command that sweeps devices, precisions
 * and switches (cli_sweep.h) also says how a variant goes into its options (apply)
 * and whether this invocation runs a model at all (a server or the null target has
 * nothing to sweep); the others leave both NULL and refuse lists. */
typedef struct cli_command {
    const char *name;                                      /* "image" */
    size_t args_size;
    int (*parse)(int argc, char **argv, void *args, char *err, size_t errlen);
    void (*usage)(FILE *out);
    int (*open)(void *args, ltb_workload *w, ltb_target *t, char *err, size_t errlen);
    void (*plan)(const void *args, const ltb_workload *w);
    cli_after_run_fn (*after)(const void *args);
    void (*apply)(void *args, const cli_variant *v);
    int (*runs_model)(const void *args);
} cli_command;

/* Allocates the arguments and parses argv (a bad one: "ltbench NAME: <err>" on
 * stderr, exit code 2); prints the help for --help (0); else opens the workload and
 * target (failing: "ltbench: <err>", 2), prints the plan unless --quiet, and runs
 * and reports (cli_run_and_report), or runs the sweep (cli_sweep_run). Returns the
 * exit code. */
int cli_command_main(const cli_command *cmd, int argc, char **argv);

/* Called with the finished run (after its reports, before it is freed). */
typedef void (*cli_on_run_fn)(const ltb_run *run, void *user);

/* Takes ownership of w and t (closed and freed here). */
int cli_run_and_report(const ltb_config *cfg, ltb_workload *w, ltb_target *t,
                       cli_after_run_fn after);
/* The same, and on_run (when not NULL) sees the run before it is freed. */
int cli_run_and_report_with(const ltb_config *cfg, ltb_workload *w, ltb_target *t,
                            cli_after_run_fn after, cli_on_run_fn on_run, void *user);
#endif
