/* gpu_telemetry.c — NVML sampling during a level (see gpu_telemetry.h). */
#define _POSIX_C_SOURCE 200809L
#include "gpu_telemetry.h"
#include "clock.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

void ltb_telemetry_sums_init(ltb_telemetry_sums *s)
{
    memset(s, 0, sizeof *s);
    s->power_max = s->temp_max = -1.0;
    s->energy_first_mj = s->energy_last_mj = -1.0;
    s->last_power_w = -1.0;
}

void ltb_telemetry_sums_add(ltb_telemetry_sums *s, const ltb_nvml_sample *x, uint64_t t_ns)
{
    s->samples++;
    if (x->power_w >= 0) {
        s->power_sum += x->power_w;
        s->power_n++;
        if (x->power_w > s->power_max)
            s->power_max = x->power_w;
        if (s->last_power_w >= 0 && t_ns > s->last_t_ns)
            s->integrated_j += 0.5 * (x->power_w + s->last_power_w) * (double)(t_ns - s->last_t_ns) / 1e9;
        s->last_power_w = x->power_w;
        s->last_t_ns = t_ns;
    }
    if (x->temp_c > s->temp_max)
        s->temp_max = x->temp_c;
    if (x->sm_clock_mhz >= 0) {
        s->sm_sum += x->sm_clock_mhz;
        s->sm_n++;
    }
    if (x->mem_clock_mhz >= 0) {
        s->mem_sum += x->mem_clock_mhz;
        s->mem_n++;
    }
    if (x->gpu_util_pct >= 0) {
        s->util_sum += x->gpu_util_pct;
        s->util_n++;
    }
    if (x->energy_mj >= 0) {
        if (s->energy_first_mj < 0)
            s->energy_first_mj = x->energy_mj;
        s->energy_last_mj = x->energy_mj;
    }
    if (x->throttle_known && ltb_nvml_throttled(x->throttle_reasons))
        s->reasons |= x->throttle_reasons;
}

static double mean_or_none(double sum, double n)
{
    return n > 0 ? sum / n : -1.0;
}

void ltb_telemetry_sums_finish(const ltb_telemetry_sums *s, ltb_gpu_metrics *g)
{
    g->samples = s->samples;
    if (s->energy_first_mj >= 0 && s->energy_last_mj >= s->energy_first_mj)
        g->energy_j = (s->energy_last_mj - s->energy_first_mj) / 1000.0;
    else if (s->power_n >= 2)
        g->energy_j = s->integrated_j;
    else
        g->energy_j = -1.0;
    g->avg_power_w = mean_or_none(s->power_sum, s->power_n);
    g->max_power_w = s->power_max;
    g->max_temp_c = s->temp_max;
    g->avg_sm_clock_mhz = mean_or_none(s->sm_sum, s->sm_n);
    g->avg_mem_clock_mhz = mean_or_none(s->mem_sum, s->mem_n);
    g->avg_util_pct = mean_or_none(s->util_sum, s->util_n);
    g->throttled = ltb_nvml_throttled(s->reasons);
    ltb_nvml_throttle_text(s->reasons, g->throttle_reasons, sizeof g->throttle_reasons);
}

static void take_sample(ltb_gpu_telemetry *t)
{
    ltb_nvml_sample x;
    ltb_nvml_sample_read(t->nvml, &x);
    uint64_t now = ltb_now_ns();
    pthread_mutex_lock(&t->lock);
    ltb_telemetry_sums_add(&t->sums, &x, now);
    pthread_mutex_unlock(&t->lock);
}

static void *sampler_main(void *arg)
{
    ltb_gpu_telemetry *t = arg;
    struct timespec pause = {t->interval_ms / 1000, (long)(t->interval_ms % 1000) * 1000000L};
    while (!__atomic_load_n(&t->stop, __ATOMIC_ACQUIRE)) {
        nanosleep(&pause, NULL);
        take_sample(t);
    }
    return NULL;
}

int ltb_gpu_telemetry_start(ltb_gpu_telemetry *t, ltb_nvml *nvml, int interval_ms)
{
    memset(t, 0, sizeof *t);
    t->nvml = nvml;
    t->interval_ms = interval_ms > 0 ? interval_ms : 100;
    ltb_telemetry_sums_init(&t->sums);
    pthread_mutex_init(&t->lock, NULL);
    take_sample(t);
    t->running = pthread_create(&t->thread, NULL, sampler_main, t) == 0;
    if (!t->running) {
        pthread_mutex_destroy(&t->lock);
        return -1;
    }
    return 0;
}

void ltb_gpu_telemetry_stop(ltb_gpu_telemetry *t, ltb_gpu_metrics *g)
{
    if (!t->running)
        return;
    __atomic_store_n(&t->stop, 1, __ATOMIC_RELEASE);
    pthread_join(t->thread, NULL);
    t->running = 0;
    take_sample(t);
    ltb_telemetry_sums_finish(&t->sums, g);
    pthread_mutex_destroy(&t->lock);
}
