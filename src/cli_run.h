/* cli_run.h — what every benchmark subcommand does once its workload and target
 * are open: install the Ctrl-C handler, run the sweep, write the reports, close
 * everything, and turn the outcome into an exit code. */
#ifndef LTB_CLI_RUN_H
#define LTB_CLI_RUN_H

#include <stdio.h>

#include "ltbench.h"

/* Called after the run, before the target closes (e.g. to save audio). */
typedef int (*cli_after_run_fn)(ltb_target *t, char *err, size_t errlen);

/* A benchmark subcommand: its arguments (a struct of args_size bytes that starts with
 * common_args), how to parse them, its help, how to open its workload and target
 * (0, or -1 with err and nothing open), the plan line it prints before the run, and
 * what runs after it (NULL: nothing). */
typedef struct cli_command {
    const char *name;                                      /* "image" */
    size_t args_size;
    int (*parse)(int argc, char **argv, void *args, char *err, size_t errlen);
    void (*usage)(FILE *out);
    int (*open)(void *args, ltb_workload *w, ltb_target *t, char *err, size_t errlen);
    void (*plan)(const void *args, const ltb_workload *w);
    cli_after_run_fn (*after)(const void *args);
} cli_command;

/* Allocates the arguments and parses argv (a bad one: "ltbench NAME: <err>" on
 * stderr, exit code 2); prints the help for --help (0); else opens the workload and
 * target (failing: "ltbench: <err>", 2), prints the plan unless --quiet, and runs
 * and reports (cli_run_and_report). Returns the exit code. */
int cli_command_main(const cli_command *cmd, int argc, char **argv);

/* Takes ownership of w and t (closed and freed here). */
int cli_run_and_report(const ltb_config *cfg, ltb_workload *w, ltb_target *t,
                       cli_after_run_fn after);
#endif
