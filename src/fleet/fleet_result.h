/* fleet_result.h — what rank 0 holds at the end of a fleet run (one ltbench
 * process per device, started by mpirun or srun): every rank's report — its host,
 * device, status and run — and the verdict over them: per level, the fleet's
 * aggregate throughput (the sum over ranks) and the ranks more than the outlier
 * tolerance below the fleet median. Plain C, no MPI: the MPI layer (src/fleet/mpi/)
 * fills it, the fleet reports (fleet_report.c) read it, and tests build one from
 * real runs. */
#ifndef LTB_FLEET_RESULT_H
#define LTB_FLEET_RESULT_H

#include "ltbench.h"

#define LTB_FLEET_HOST_LEN 128
#define LTB_FLEET_DEVICE_LEN 64

typedef enum {
    LTB_RANK_OK = 0,        /* ran and handed its results to rank 0 */
    LTB_RANK_FAILED = 1,    /* could not open its model, device or inputs (error says why) */
    LTB_RANK_MISSING = 2    /* no results reached rank 0 within --rank-timeout */
} ltb_rank_status;

/* Device telemetry beside a rank's level (NVML). -1 / "" where not measured: the
 * fields are here so the reports carry the columns on every build. */
typedef struct ltb_rank_telemetry {
    double sm_clock_mhz, mem_clock_mhz, power_w, temperature_c;
    char throttle[64];
} ltb_rank_telemetry;

typedef struct ltb_rank_report {
    int rank;
    ltb_rank_status status;
    char host[LTB_FLEET_HOST_LEN];
    char device[LTB_FLEET_DEVICE_LEN];   /* the device this rank was bound to */
    char device_name[160];               /* GPU name, or the CPU model */
    char device_uuid[64];                /* a CUDA device's (NVML's or CUDA's); "" else */
    int threads;                         /* intra-op threads (0 = LibTorch's default) */
    int unsynchronized_from;             /* first level run without the fleet barrier, -1 none */
    char error[LTB_ERROR_LEN];           /* why it failed or is missing */
    ltb_run *run;                        /* LTB_RANK_OK: its run; else NULL */
    void *owned;                         /* memory behind an unpacked run (fleet_wire.c) */
} ltb_rank_report;

/* One level — a (concurrency, batch, repetition) point — across the ranks. */
typedef struct ltb_fleet_level {
    int concurrency, batch, repetition;
    int reporting;                       /* ranks that ran it */
    double aggregate;                    /* sum of their throughputs (IPS or ASPS) */
    double median, min, max;
    int outliers;
} ltb_fleet_level;

typedef struct ltb_fleet_result {
    const ltb_config *config;            /* rank 0's */
    double tolerance_pct;                /* a rank this far below the median is an outlier */
    int size;
    ltb_rank_report *ranks;              /* size entries, index = rank */
    /* the verdict (ltb_fleet_judge) */
    ltb_fleet_level levels[LTB_MAX_RUN_LEVELS];
    int n_levels;
    /* per rank and level (rank * n_levels + level): throughput and its deviation from
     * the level's median in % (NAN where the rank did not run the level), outlier flag */
    double *throughput, *deviation_pct;
    unsigned char *outlier;
    int failed_ranks, missing_ranks, outlier_ranks;
    int interrupted_ranks;               /* ranks whose run a signal stopped (partial results) */
    int passed;                          /* every rank reported and none is an outlier (on what
                                          * was measured, when interrupted_ranks > 0) */
} ltb_fleet_result;

/* The level of rank r's run that matches fleet level l, or NULL. */
const ltb_level *ltb_fleet_rank_level(const ltb_fleet_result *fr, int r, int l);
/* Fills the verdict fields of fr from its ranks (levels matched by concurrency,
 * batch and repetition; a level counts for a rank when it was not skipped and had
 * requests). 0, or -1 when out of memory. */
int ltb_fleet_judge(ltb_fleet_result *fr);
/* The fleet's exit code: 130 a rank was interrupted, 3 the fleet failed (an
 * outlier, a failed or a missing rank), 1 requests failed on some rank, else 0. */
int ltb_fleet_exit_code(const ltb_fleet_result *fr);
/* Frees the verdict arrays and every rank's owned run (not the ranks array). */
void ltb_fleet_result_free(ltb_fleet_result *fr);
/* Frees what an unpacked rank report owns. */
void ltb_rank_report_free(ltb_rank_report *r);
/* "ok", "failed" or "missing". */
const char *ltb_rank_status_name(ltb_rank_status s);
#endif
