/* driver.h — the driver: runs every level of a benchmark and records each request;
 * it computes no metrics (metrics/run_metrics.c does, after it returns; the public
 * ltb_run_benchmark is the two in a row). */
#ifndef LTB_DRIVER_H
#define LTB_DRIVER_H

#include "ltbench.h"

/* For each batch size, concurrency level and repetition: warm-up, the timed
 * requests, one record each, and what was measured around them (memory, GPU
 * telemetry) in level->metrics. Levels' other metrics are left unset. 0, or -1 with
 * err set (the run is then partial and not to be reported). */
int ltb_drive(const ltb_config *cfg, ltb_workload *w, ltb_target *t, ltb_run *run, char *err,
              size_t errlen);
#endif
