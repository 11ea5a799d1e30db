/* cli_run.h — what every benchmark subcommand does once its options are parsed:
 * join an MPI fleet when started by mpirun/srun (fleet.h), open its workload and
 * target, install the Ctrl-C handler, run the sweep, write the reports (the fleet
 * reports on rank 0 in a fleet), close everything, and turn the outcome into an
 * exit code. */
#ifndef LTB_CLI_RUN_H
#define LTB_CLI_RUN_H

#include "fleet_cli.h"
#include "ltbench.h"

/* Called after the run, before the target closes (e.g. to save audio); in a fleet
 * on rank 0 only. */
typedef int (*cli_after_run_fn)(ltb_target *t, char *err, size_t errlen);

/* A subcommand's job. */
typedef struct cli_job {
    ltb_config *cfg;               /* parsed; a fleet binds its device and threads */
    const fleet_options *fleet;    /* NULL = the defaults */
    /* opens the workload and the target from args, taking the device and threads
     * from cfg; 0, or -1 with a one-line err and nothing left open */
    int (*open)(void *args, ltb_workload *w, ltb_target *t, char *err, size_t errlen);
    void (*print_plan)(void *args, const ltb_workload *w);   /* NULL = none */
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
#endif
