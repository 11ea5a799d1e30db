/* cli_run.h — what every benchmark subcommand does once its options are parsed:
 * join an MPI fleet when started by mpirun/srun (fleet.h), open its workload and
 * target, install the Ctrl-C handler, run the sweep, write the reports (the fleet
 * reports on rank 0 in a fleet), close everything, and turn the outcome into an
 * exit code. */
#ifndef LTB_CLI_RUN_H
#define LTB_CLI_RUN_H

#include <stdio.h>

#include "cli_sweep.h"
#include "fleet.h"
#include "fleet_cli.h"
#include "ltbench.h"

/* Called after the run, before the target closes (e.g. to save audio); in a fleet
 * on rank 0 only. */
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
    /* its --rank-timeout, --outlier-tolerance ... (NULL: the defaults) */
    const fleet_options *(*fleet)(const void *args);
} cli_command;

/* cli_command.c: allocates the arguments and parses argv (a bad one: "ltbench NAME: <err>" on
 * stderr, exit code 2); prints the help for --help (0); else opens the workload and
 * target (failing: "ltbench: <err>", 2), prints the plan unless --quiet, and runs
 * and reports (cli_run_job: alone, or as a rank of an MPI fleet), or runs the sweep
 * of several variants (cli_sweep_run, alone). Returns the
 * exit code. */
int cli_command_main(const cli_command *cmd, int argc, char **argv);

/* Called with the finished run (after its reports, before it is freed). */
typedef void (*cli_on_run_fn)(const ltb_run *run, void *user);

/* A subcommand's job. */
typedef struct cli_job {
    ltb_config *cfg;               /* parsed; a fleet binds its device and threads */
    const fleet_options *fleet;    /* NULL = the defaults */
    /* opens the workload and the target from args, taking the device and threads
     * from cfg; 0, or -1 with a one-line err and nothing left open */
    int (*open)(void *args, ltb_workload *w, ltb_target *t, char *err, size_t errlen);
    void (*print_plan)(const void *args, const ltb_workload *w);   /* NULL = none */
    cli_after_run_fn after;        /* NULL = none */
    void *args;
} cli_job;

/* Runs a job alone, or as one rank of a fleet: a rank whose model or device does not
 * open reports why and the others still run. Returns the exit code (the fleet's on
 * rank 0, 0 on the other ranks once their results are handed over). */
int cli_run_job(const cli_job *job);

/* Runs and reports an already opened workload and target, alone. Takes ownership of
 * w and t (closed and freed here). */
int cli_run_and_report(const ltb_config *cfg, ltb_workload *w, ltb_target *t,
                       cli_after_run_fn after);
/* The same, and on_run (when not NULL) sees the run before it is freed. */
int cli_run_and_report_with(const ltb_config *cfg, ltb_workload *w, ltb_target *t,
                            cli_after_run_fn after, cli_on_run_fn on_run, void *user);
/* The same as one run of fleet (fleet.h; NULL = alone): this rank's outcome goes to
 * rank 0, which writes the fleet's reports of the run; on_run sees this rank's run. */
int cli_run_and_report_in(ltb_fleet *fleet, const ltb_config *cfg, ltb_workload *w,
                          ltb_target *t, cli_on_run_fn on_run, void *user);
#endif
