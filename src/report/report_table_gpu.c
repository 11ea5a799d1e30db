/* report_table_gpu.c — the console's GPU block, printed under the summary table when
 * a level has GPU measurements: host latency next to the GPU compute time by CUDA
 * events (like trtexec's "GPU Compute Time"), the enqueue time, the caching
 * allocator's peaks, and NVML's energy per item, power, clocks and throttling. */
#include "report.h"

#include <stdio.h>

static int has_gpu(const ltb_level *level)
{
    const ltb_gpu_metrics *g = &level->metrics.gpu;
    return !level->skipped && (g->compute.n > 0 || g->mem_peak_allocated_mb >= 0 || g->samples > 0);
}

/* A number in a fixed-width cell, "-" when it is "none" (< 0). */
static void cell(FILE *out, double v, int width, int decimals)
{
    if (v < 0)
        fprintf(out, "%-*s ", width, "-");
    else
        fprintf(out, "%-*.*f ", width, decimals, v);
}

void ltb_report_table_gpu(FILE *out, const ltb_run *run)
{
    int any = 0;
    for (int i = 0; i < run->n_levels; i++)
        any |= has_gpu(&run->levels[i]);
    if (!any)
        return;
    const char *per = run->config.task == LTB_TASK_TTS ? "J/audio-s" : "J/image";
    fprintf(out, "\nGPU (ms: host latency vs CUDA events; MB: caching allocator peaks; NVML):\n");
    fprintf(out, "%-5s %-5s %-9s %-9s %-9s %-7s %-9s %-9s %-9s %-9s %-7s %-7s %s\n", "Conc",
            "Batch", "Host", "GPU", "GPU p95", "CoV%", "Enqueue", "Alloc MB", "Resv MB", per,
            "Watts", "SM MHz", "Throttled");
    for (int i = 0; i < run->n_levels; i++) {
        const ltb_level *level = &run->levels[i];
        if (!has_gpu(level))
            continue;
        const ltb_metrics *m = &level->metrics;
        const ltb_gpu_metrics *g = &m->gpu;
        int timed = g->compute.n > 0;
        fprintf(out, "%-5d %-5d ", level->concurrency, level->batch);
        cell(out, m->latency.mean, 9, 3);
        cell(out, timed ? g->compute.mean : -1, 9, 3);
        cell(out, timed ? g->compute.p95 : -1, 9, 3);
        cell(out, timed ? 100.0 * g->compute.cov : -1, 7, 2);
        cell(out, g->mean_enqueue_ms, 9, 3);
        cell(out, g->mem_peak_allocated_mb, 9, 0);
        cell(out, g->mem_peak_reserved_mb, 9, 0);
        cell(out, g->joules_per_item, 9, 4);
        cell(out, g->avg_power_w, 7, 0);
        cell(out, g->avg_sm_clock_mhz, 7, 0);
        fprintf(out, "%s\n", g->samples == 0 ? "-" : g->throttled ? g->throttle_reasons : "no");
    }
}
