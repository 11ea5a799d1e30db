/* fleet.h — the hook that runs a benchmark subcommand as one rank of an MPI fleet
 * (`mpirun -np N ltbench image|tts ...`, `srun --mpi=pmix ltbench ...`): one
 * process per device, the same configuration on every rank, a barrier before each
 * level's timed part so every rank measures at the same time, and rank 0 gathering
 * every rank's records and metrics into the fleet report.
 *
 * A subcommand whose work is one workload + one target uses cli_run_job
 * (cli_run.h), which calls these in order. One that runs its own sequence calls:
 *   f = ltb_fleet_join(&cfg, &fleet_opts);   before opening its model (binds cfg)
 *   ... open with cfg's device and threads; ltb_run_benchmark(&cfg, ...) (the
 *       barrier is cfg.level_gate, installed by join) ...
 *   code = ltb_fleet_report(f, run_or_NULL, why_not, stdout);   every rank
 *   return ltb_fleet_leave(f, code);
 * With f == NULL (a plain build, or a process not started by an MPI launcher) it
 * runs alone, as always.
 *
 * Implemented by src/mpi/ in an LTBENCH_MPI build and by fleet_single.c (which
 * never joins) in the plain build; this header needs no MPI. */
#ifndef LTB_FLEET_H
#define LTB_FLEET_H

#include <stdio.h>

#include "fleet_cli.h"
#include "ltbench.h"

typedef struct ltb_fleet ltb_fleet;

/* 1 when an MPI launcher (mpirun, srun --mpi=pmix|pmi2, mpiexec) started this process. */
int ltb_fleet_launched_by_mpi(void);

/* Joins the fleet when this process was started by an MPI launcher; NULL otherwise.
 * Joining: MPI start-up; rank, size, local rank and host; binds cfg to this rank's
 * device — "cuda" becomes "cuda:<local rank>"; on the CPU without -t, threads = the
 * CPUs this process may use, at most online cores / ranks on this host — installs
 * the fleet barrier as cfg->level_gate, and makes ranks other than 0 quiet. cfg and
 * opt must outlive the fleet. */
ltb_fleet *ltb_fleet_join(ltb_config *cfg, const fleet_options *opt);
/* 0..size-1 (0 for NULL). */
int ltb_fleet_rank(const ltb_fleet *f);
/* Hands this rank's outcome to rank 0: run, or NULL with why it could not run
 * (model, device or inputs that would not open). Rank 0 then waits for every rank
 * (a rank that lags more than --rank-timeout is reported late or missing), judges
 * the fleet, writes the fleet reports (the table to out) and returns the fleet's
 * exit code (fleet_result.h); another rank returns 0 once rank 0 has its results. */
int ltb_fleet_report(ltb_fleet *f, const ltb_run *run, const char *failure, FILE *out);
/* Leaves and frees f: MPI_Finalize; or, when a rank went missing (it may still
 * hang), MPI_Abort with code, which stops every rank. Returns code. */
int ltb_fleet_leave(ltb_fleet *f, int code);
#endif
