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
 * A subcommand that runs several benchmarks in a row (qualify's battery) calls
 * ltb_fleet_attach(f, &next_cfg) before each further one and ltb_fleet_report
 * after each: every run is a round of the fleet with its own barriers and report;
 * ltb_fleet_barrier and ltb_fleet_gather serve work that is not a run (qualify's
 * ceilings and profiles). Every rank must make the same sequence of calls.
 * With f == NULL (a plain build, or a process not started by an MPI launcher) it
 * runs alone, as always.
 *
 * Implemented by src/fleet/mpi/ in an LTBENCH_MPI build (the module liblt_fleet_mpi.so,
 * loaded by fleet_mpi_loader.c only under a launcher) and by fleet_single.c (which
 * never joins) in the plain build; this header needs no MPI. */
#ifndef LTB_FLEET_H
#define LTB_FLEET_H

#include <stdio.h>

#include "ltbench.h"

typedef struct ltb_fleet ltb_fleet;

/* How a fleet judges and waits (the CLI fills it from --outlier-tolerance,
 * --rank-timeout, --rank-delay-ms: fleet_cli.h). */
typedef struct fleet_options {
    double outlier_tolerance_pct;  /* a rank this far below the fleet median is flagged */
    double rank_timeout_s;         /* the longest rank 0 waits for a rank that lags */
    int delay_rank;                /* --rank-delay-ms: this rank (-1 none) ... */
    double delay_ms;               /* ... adds this to each of its requests */
} fleet_options;

/* 1 when an MPI launcher (mpirun, srun --mpi=pmix|pmi2, mpiexec) started this process. */
int ltb_fleet_launched_by_mpi(void);

/* Joins the fleet when this process was started by an MPI launcher; NULL otherwise.
 * Joining: MPI start-up; rank, size, local rank and host; binds cfg to this rank's
 * device — "cuda" becomes "cuda:<local rank>"; on the CPU without -t, threads = the
 * CPUs this process may use, at most online cores / ranks on this host — installs
 * the fleet barrier as cfg->level_gate, and makes ranks other than 0 quiet. cfg and
 * opt must outlive the fleet. */
ltb_fleet *ltb_fleet_join(ltb_config *cfg, const fleet_options *opt);
/* The next run of this process: binds cfg to the device and threads join bound
 * and installs the barrier, so the next ltb_fleet_report reports cfg's run. */
void ltb_fleet_attach(ltb_fleet *f, ltb_config *cfg);
/* 0..size-1 (0 for NULL). */
int ltb_fleet_rank(const ltb_fleet *f);
/* Ranks in the fleet (1 for NULL). */
int ltb_fleet_size(const ltb_fleet *f);
/* 1 on a rank other than 0 that could not hand its results to rank 0: it should
 * stop and leave (the job ends with MPI_Abort at ltb_fleet_leave). */
int ltb_fleet_broken(const ltb_fleet *f);
/* Every rank waits here until all have arrived (bounded as a level's barrier).
 * Not within a run: use it in a round that is not a run, before ltb_fleet_gather. */
void ltb_fleet_barrier(ltb_fleet *f);

/* One rank's bytes on rank 0 after ltb_fleet_gather. */
typedef struct ltb_fleet_bytes {
    void *data;                  /* NULL: none arrived (missing says why) */
    size_t len;
    char missing[160];
} ltb_fleet_bytes;
/* Ends a round that is not a run: every rank hands len bytes to rank 0, which
 * waits at most --rank-timeout and gets *all (size entries, index = rank; free with
 * ltb_fleet_bytes_free); other ranks get *all = NULL. 0, or -1 (out of memory, or
 * rank 0 did not take them). */
int ltb_fleet_gather(ltb_fleet *f, const void *mine, size_t len, ltb_fleet_bytes **all);
void ltb_fleet_bytes_free(ltb_fleet_bytes *all, int n);
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
