/* qualify_fleet.h — `mpirun -np N ltbench qualify`: the battery on every rank's
 * device at the same time (each part a round of the fleet, fleet.h), then rank 0
 * gathers every rank's profile and judges the fleet: a throughput metric (higher
 * is better: IPS, ASPS, TFLOP/s, GB/s) more than --outlier-tolerance below the
 * fleet's median flags the rank; a rank that did not report, or lacks a metric
 * other ranks measured, fails the fleet. Rank 0 writes every rank's profile (one
 * file per device, as a single-card run does), {base}_fleet.csv and
 * {base}_fleet.json, prints the fleet table, and checks each profile against
 * --reference when given. The verdict and the reports are plain C (no MPI). */
#ifndef LTB_QUALIFY_FLEET_H
#define LTB_QUALIFY_FLEET_H

#include <stdio.h>

#include "fleet.h"
#include "qualify_profile.h"

typedef struct qualify_fleet_rank {
    const qualify_profile *profile;   /* NULL: it never reported (missing says why) */
    char missing[160];
    char profile_file[4096];          /* where rank 0 wrote its profile, "" none */
    int failed_metrics;               /* metrics other ranks measured and it did not */
    int outlier_metrics;              /* throughput metrics below the tolerance */
    int reference_failures;           /* metrics failing --reference; -1 not checked */
} qualify_fleet_rank;

typedef struct qualify_fleet_metric {
    char name[96];
    char unit[24];
    int higher_is_better;
    int measured;                     /* ranks with a value */
    double median, min, max;          /* over those ranks (NAN when none) */
    int outliers;
} qualify_fleet_metric;

typedef struct qualify_fleet_result {
    int size;
    qualify_fleet_rank *ranks;        /* size entries, index = rank */
    double tolerance_pct;
    int interrupted;                  /* a rank's battery was cut short */
    qualify_fleet_metric metrics[LTB_QUALIFY_MAX_METRICS];
    int n_metrics;                    /* the metrics of every rank, in order met */
    unsigned char *outlier;           /* qualify_fleet_is_outlier */
    int missing_ranks, failed_ranks, outlier_ranks, reference_failed_ranks;
    int passed;                       /* every rank reported every metric, no outlier */
} qualify_fleet_result;

/* Fills the verdict from fr->size, ranks[].profile and tolerance_pct. 0, or -1 out
 * of memory. */
int qualify_fleet_judge(qualify_fleet_result *fr);
/* rank r's value of metric m (NAN where it has none). */
double qualify_fleet_value(const qualify_fleet_result *fr, int r, int m);
/* 1 when rank r is an outlier in metric m. */
int qualify_fleet_is_outlier(const qualify_fleet_result *fr, int r, int m);
/* 130 interrupted, 3 the fleet failed, 1 a profile failed --reference, else 0. */
int qualify_fleet_exit_code(const qualify_fleet_result *fr);
void qualify_fleet_free(qualify_fleet_result *fr);

/* The console fleet table. */
void qualify_fleet_print(FILE *out, const qualify_fleet_result *fr);
/* {dir}/{base}_fleet.csv and {dir}/{base}_fleet.json, atomically. 0, or -1 with the
 * first one-line err. */
int qualify_fleet_write(const qualify_fleet_result *fr, const char *dir, const char *base,
                        char *err, size_t errlen);

typedef struct qualify_fleet_options {
    const char *output_dir;
    const char *name;                 /* --name: NAME_rank<r>.json; NULL: default names */
    const qualify_profile *reference; /* NULL: none */
    double reference_tolerance;       /* fraction */
    double outlier_tolerance_pct;
} qualify_fleet_options;

/* Every rank: hands its profile to rank 0 (the end of the fleet's battery). Rank 0:
 * writes, prints and judges as above and returns the fleet's exit code; the other
 * ranks return 0 (2 when rank 0 could not take their profile). */
int qualify_fleet_finish(ltb_fleet *f, const qualify_fleet_options *o, const qualify_profile *mine,
                         int interrupted);
#endif
