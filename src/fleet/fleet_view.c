/* fleet_view.c — what every fleet writer (table, CSV, JSON) reads off the fleet's
 * result: the throughput's name, a rank's telemetry, the main run (fleet_view.h). */
#include "fleet_view.h"

#include <stdio.h>

const char *ltb_fleet_throughput_name(const ltb_fleet_result *fr)
{
    return fr->config->task == LTB_TASK_TTS ? "ASPS" : "IPS";
}

/* A measured value, or -1. */
static double measured(double v)
{
    return v >= 0 ? v : -1;
}

void ltb_fleet_telemetry(const ltb_fleet_result *fr, int r, int l, ltb_rank_telemetry *t)
{
    t->sm_clock_mhz = t->mem_clock_mhz = t->power_w = t->temperature_c = -1;
    t->throttle[0] = '\0';
    const ltb_level *lvl = ltb_fleet_rank_level(fr, r, l);
    if (lvl == NULL || lvl->metrics.gpu.samples <= 0)
        return;   /* no NVML samples on that rank's level: a CPU rank, or no NVML */
    const ltb_gpu_metrics *g = &lvl->metrics.gpu;
    t->sm_clock_mhz = measured(g->avg_sm_clock_mhz);
    t->mem_clock_mhz = measured(g->avg_mem_clock_mhz);
    t->power_w = measured(g->avg_power_w);
    t->temperature_c = measured(g->max_temp_c);
    if (g->throttled)
        snprintf(t->throttle, sizeof t->throttle, "%.*s", (int)sizeof t->throttle - 1,
                 g->throttle_reasons);
}

int ltb_fleet_first_run(const ltb_fleet_result *fr)
{
    for (int r = 0; r < fr->size; r++)
        if (fr->ranks[r].status == LTB_RANK_OK && fr->ranks[r].run != NULL)
            return r;
    return -1;
}
