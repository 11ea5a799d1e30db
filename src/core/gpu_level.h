/* gpu_level.h — what the driver measures on a CUDA device around each level: the
 * LibTorch caching allocator's peaks (reset when the level starts), the device's
 * used and total memory after it, and NVML telemetry sampled during its timed part
 * (energy, power, temperature, clocks, utilisation, throttling). On any other
 * device (cpu, an HTTP server) it does nothing and every number stays "none". */
#ifndef LTB_GPU_LEVEL_H
#define LTB_GPU_LEVEL_H

#include <stddef.h>

#include "gpu_telemetry.h"
#include "ltbench.h"
#include "nvml.h"

#define LTB_TELEMETRY_INTERVAL_MS 100

typedef struct ltb_gpu_level {
    int index;                     /* CUDA device index, -1: not a CUDA device */
    char device[32];
    int telemetry_on;
    ltb_gpu_telemetry telemetry;
} ltb_gpu_level;

/* The CUDA device index of "cuda" (0) or "cuda:N"; -1 for anything else. */
int ltb_cuda_index(const char *device);

/* NVML for CUDA device index, opened once per process and kept; NULL when there is
 * none, with the reason in why. The first failure is also printed once to stderr
 * as one line ("ltbench: no GPU telemetry: ...") unless quiet. */
ltb_nvml *ltb_gpu_nvml(int index, int quiet, char *why, size_t whylen);

/* Level start (before the warm-up): resets the allocator's peak counters. */
void ltb_gpu_level_begin(ltb_gpu_level *g, const char *device, int quiet);
/* The timed part starts: NVML sampling begins. */
void ltb_gpu_level_timed(ltb_gpu_level *g, int quiet);
/* Level end (after the closing device sync): telemetry and memory into m->gpu and
 * m->gpu_mem_mb (the peak allocated MB). */
void ltb_gpu_level_end(ltb_gpu_level *g, ltb_metrics *m);

/* Copies what ltb_gpu_level_end measured (memory and telemetry) from measured into
 * dst, leaving dst's per-request GPU times alone, and sets joules_per_item = energy /
 * items when both are known. */
void ltb_gpu_measured_copy(ltb_gpu_metrics *dst, const ltb_gpu_metrics *measured, double items);
/* Every number of g "none" (-1; compute.n = 0, no samples). */
void ltb_gpu_metrics_none(ltb_gpu_metrics *g);
#endif
