/* arrival_schedule.h — the open-loop (rate mode) arrival schedule of a level, drawn up
 * front before timing: n due times, as offsets in ns from the level's start, for an
 * offered rate and an arrival process (DESIGN.md "Open-loop timing"):
 *   constant  gaps of exactly 1/rate (wrk2's constant throughput),
 *   poisson   exponential gaps, mean 1/rate, coefficient of variation 1 (MLPerf
 *             LoadGen's server scenario),
 *   gamma:CV  gamma-distributed gaps, mean 1/rate, coefficient of variation CV
 *             (shape 1/CV^2: CV > 1 is bursty, CV = 1 is Poisson; vLLM's burstiness).
 * Seeded: the same seed, rate and process give the same schedule on every machine
 * (and every rank of a fleet). Also the M/D/1 queue's expected mean wait, which
 * the tests compare against. Pure functions, no clocks. */
#ifndef LTB_ARRIVAL_SCHEDULE_H
#define LTB_ARRIVAL_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#include "ltbench.h"

/* Parses "poisson", "constant" or "gamma:CV" (0 < CV <= 100). 0, or -1 with a
 * one-line err naming --arrivals. */
int ltb_arrivals_parse(const char *s, ltb_arrivals *kind, double *cv, char *err, size_t errlen);
/* "poisson", "constant" or "gamma:2" into buf. */
void ltb_arrivals_label(ltb_arrivals kind, double cv, char *buf, size_t len);

/* Fills due[0..n) with the offsets (ns, non-decreasing; due[0] is the first gap, not 0,
 * so a level starts like any later moment) of n arrivals at `rate` per second (> 0). */
void ltb_arrival_schedule(double rate, ltb_arrivals kind, double cv, uint64_t seed, size_t n,
                          uint64_t *due);

/* One gap (s) of the process with mean 1/rate; state is a ltb_rng_state. */
double ltb_arrival_gap_s(double rate, ltb_arrivals kind, double cv, uint64_t *state);

/* The coefficient of variation (stddev / mean) of the gaps of a schedule of n >= 3
 * due times (the first gap from 0 included); 0 for fewer. */
double ltb_schedule_gap_cov(const uint64_t *due, size_t n);

/* M/D/1 (Poisson arrivals at rate lambda, one server, fixed service time 1/mu): the
 * mean wait in the queue, rho / (2 mu (1 - rho)) with rho = lambda / mu, in seconds;
 * < 0 when rho >= 1 (no steady state). */
double ltb_md1_mean_wait_s(double lambda, double mu);

/* Requests a rate-mode level of `iterations` (and at least min_time_s at `rate`)
 * schedules: max(iterations, ceil(rate x min_time_s)), at most max_n. */
size_t ltb_schedule_count(double rate, int iterations, double min_time_s, size_t max_n);
#endif
