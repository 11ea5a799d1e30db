/* arrival_schedule.c — seeded arrival schedules and the M/D/1 wait (see
 * arrival_schedule.h). Gamma variates by Marsaglia and Tsang (2000), with the
 * shape < 1 boost U^(1/shape); normals by Box-Muller. */
#include "arrival_schedule.h"
#include "rng.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RNG_STREAM_ARRIVALS 0xA441u   /* apart from the streams of generated inputs */

int ltb_arrivals_parse(const char *s, ltb_arrivals *kind, double *cv, char *err, size_t errlen)
{
    if (s && !strcmp(s, "poisson")) {
        *kind = LTB_ARRIVALS_POISSON, *cv = 1.0;
        return 0;
    }
    if (s && !strcmp(s, "constant")) {
        *kind = LTB_ARRIVALS_CONSTANT, *cv = 0.0;
        return 0;
    }
    if (s && !strncmp(s, "gamma:", 6)) {
        char *end = NULL;
        double v = strtod(s + 6, &end);
        if (end != s + 6 && *end == '\0' && v > 0.0 && v <= 100.0) {
            *kind = LTB_ARRIVALS_GAMMA, *cv = v;
            return 0;
        }
        snprintf(err, errlen, "--arrivals: '%s': gamma:CV needs a coefficient of variation "
                 "0 < CV <= 100", s);
        return -1;
    }
    snprintf(err, errlen, "--arrivals: '%s' is not one of poisson, constant, gamma:CV", s ? s : "");
    return -1;
}

void ltb_arrivals_label(ltb_arrivals kind, double cv, char *buf, size_t len)
{
    if (kind == LTB_ARRIVALS_CONSTANT)
        snprintf(buf, len, "constant");
    else if (kind == LTB_ARRIVALS_GAMMA)
        snprintf(buf, len, "gamma:%g", cv);
    else
        snprintf(buf, len, "poisson");
}

/* Uniform in (0, 1): never 0, so logs are finite. */
static double uniform_open(uint64_t *state)
{
    return ((double)(ltb_rng_next(state) >> 11) + 0.5) / 9007199254740992.0;
}

static double normal01(uint64_t *state)
{
    double u = uniform_open(state), v = uniform_open(state);
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

/* Gamma(shape, 1). */
static double gamma_variate(double shape, uint64_t *state)
{
    if (shape < 1.0)
        return gamma_variate(shape + 1.0, state) * pow(uniform_open(state), 1.0 / shape);
    double d = shape - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x = normal01(state), v = 1.0 + c * x;
        if (v <= 0.0)
            continue;
        v = v * v * v;
        double u = uniform_open(state);
        if (log(u) < 0.5 * x * x + d - d * v + d * log(v))
            return d * v;
    }
}

double ltb_arrival_gap_s(double rate, ltb_arrivals kind, double cv, uint64_t *state)
{
    double mean = 1.0 / rate;
    if (kind == LTB_ARRIVALS_CONSTANT)
        return mean;
    if (kind == LTB_ARRIVALS_GAMMA && cv != 1.0) {
        double shape = 1.0 / (cv * cv);
        return gamma_variate(shape, state) * mean / shape;
    }
    return -log(uniform_open(state)) * mean;
}

void ltb_arrival_schedule(double rate, ltb_arrivals kind, double cv, uint64_t seed, size_t n,
                          uint64_t *due)
{
    uint64_t state = ltb_rng_state(seed, RNG_STREAM_ARRIVALS);
    double t = 0.0;
    for (size_t i = 0; i < n; i++) {
        t += ltb_arrival_gap_s(rate, kind, cv, &state);
        due[i] = (uint64_t)llround(t * 1e9);
    }
}

double ltb_schedule_gap_cov(const uint64_t *due, size_t n)
{
    if (n < 3)
        return 0.0;
    double sum = 0.0, sum_sq = 0.0;
    for (size_t i = 0; i < n; i++) {
        double gap = (double)(due[i] - (i ? due[i - 1] : 0));
        sum += gap;
        sum_sq += gap * gap;
    }
    double mean = sum / (double)n;
    double var = (sum_sq - (double)n * mean * mean) / (double)(n - 1);
    return mean > 0.0 && var > 0.0 ? sqrt(var) / mean : 0.0;
}

double ltb_md1_mean_wait_s(double lambda, double mu)
{
    if (!(mu > 0.0) || lambda < 0.0)
        return -1.0;
    double rho = lambda / mu;
    return rho < 1.0 ? rho / (2.0 * mu * (1.0 - rho)) : -1.0;
}

size_t ltb_schedule_count(double rate, int iterations, double min_time_s, size_t max_n)
{
    double n = iterations > 0 ? (double)iterations : 1.0;
    if (min_time_s > 0.0 && ceil(rate * min_time_s) > n)
        n = ceil(rate * min_time_s);
    return n > (double)max_n ? max_n : (size_t)n;
}
