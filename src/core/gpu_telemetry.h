/* gpu_telemetry.h — NVML samples taken on a background thread while a level runs,
 * folded into the level's GPU metrics: energy (the energy counter's difference, or
 * power integrated over time where the GPU has no counter), average and peak power,
 * peak temperature, average SM and memory clocks, average utilisation, and whether
 * any sample showed a slowdown (throttle) reason. The folding is a pure function of
 * the samples, so it is tested without a GPU. */
#ifndef LTB_GPU_TELEMETRY_H
#define LTB_GPU_TELEMETRY_H

#include <pthread.h>
#include <stdint.h>

#include "ltbench.h"
#include "nvml.h"

/* Running sums over samples. */
typedef struct ltb_telemetry_sums {
    int samples;
    double power_sum, power_max, power_n;
    double temp_max;
    double sm_sum, sm_n, mem_sum, mem_n, util_sum, util_n;
    double energy_first_mj, energy_last_mj;   /* < 0 until a sample has a counter */
    double integrated_j;                      /* trapezoids of power over time */
    double last_power_w;
    uint64_t last_t_ns;
    unsigned long long reasons;               /* OR of the samples' slowdown reasons */
} ltb_telemetry_sums;

void ltb_telemetry_sums_init(ltb_telemetry_sums *s);
/* Adds one sample taken at t_ns (CLOCK_MONOTONIC). */
void ltb_telemetry_sums_add(ltb_telemetry_sums *s, const ltb_nvml_sample *x, uint64_t t_ns);
/* Writes samples, energy_j, avg/max power, max temperature, average clocks and
 * utilisation, throttled and throttle_reasons into g (others untouched); numbers no
 * sample had stay -1. */
void ltb_telemetry_sums_finish(const ltb_telemetry_sums *s, ltb_gpu_metrics *g);

typedef struct ltb_gpu_telemetry {
    ltb_nvml *nvml;
    pthread_t thread;
    int running;
    int stop;                                 /* atomic access */
    int interval_ms;
    pthread_mutex_t lock;
    ltb_telemetry_sums sums;
} ltb_gpu_telemetry;

/* Takes a first sample now and starts sampling every interval_ms. 0, or -1 (nothing
 * started) when the thread cannot start. */
int ltb_gpu_telemetry_start(ltb_gpu_telemetry *t, ltb_nvml *nvml, int interval_ms);
/* Stops the thread, takes a last sample and folds everything into g. */
void ltb_gpu_telemetry_stop(ltb_gpu_telemetry *t, ltb_gpu_metrics *g);
#endif
