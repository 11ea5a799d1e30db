/* gpu_level.c — per-level GPU memory and telemetry (see gpu_level.h). */
#define _POSIX_C_SOURCE 200809L
#include "gpu_level.h"
#include "lt_shim.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NVML_DEVICES 64
#define MB (1024.0 * 1024.0)

static pthread_mutex_t g_nvml_lock = PTHREAD_MUTEX_INITIALIZER;
static ltb_nvml *g_nvml[MAX_NVML_DEVICES];
static int g_nvml_tried[MAX_NVML_DEVICES];
static char g_nvml_why[MAX_NVML_DEVICES][256];
static int g_notice_printed;

int ltb_cuda_index(const char *device)
{
    if (!device || strncmp(device, "cuda", 4) != 0)
        return -1;
    if (device[4] == '\0')
        return 0;
    if (device[4] != ':' || device[5] < '0' || device[5] > '9')
        return -1;
    char *end;
    long v = strtol(device + 5, &end, 10);
    return *end == '\0' && v < MAX_NVML_DEVICES ? (int)v : -1;
}

ltb_nvml *ltb_gpu_nvml(int index, int quiet, char *why, size_t whylen)
{
    if (index < 0 || index >= MAX_NVML_DEVICES) {
        snprintf(why, whylen, "not a CUDA device");
        return NULL;
    }
    pthread_mutex_lock(&g_nvml_lock);
    if (!g_nvml_tried[index]) {
        g_nvml_tried[index] = 1;
        lt_cuda_device dev;
        const char *bus = lt_cuda_device_info(index, &dev, NULL) == LT_OK ? dev.pci_bus_id : NULL;
        g_nvml[index] = ltb_nvml_open(bus, index, g_nvml_why[index], sizeof g_nvml_why[index]);
    }
    ltb_nvml *n = g_nvml[index];
    if (!n) {
        snprintf(why, whylen, "%s", g_nvml_why[index]);
        if (!quiet && !g_notice_printed) {
            fprintf(stderr, "ltbench: no GPU telemetry (power, energy, clocks, throttling): %s\n",
                    g_nvml_why[index]);
            g_notice_printed = 1;
        }
    }
    pthread_mutex_unlock(&g_nvml_lock);
    return n;
}

void ltb_gpu_level_begin(ltb_gpu_level *g, const char *device, int quiet)
{
    (void)quiet;
    memset(g, 0, sizeof *g);
    g->index = ltb_cuda_index(device);
    if (g->index < 0)
        return;
    snprintf(g->device, sizeof g->device, "cuda:%d", g->index);
    lt_memory_reset_peak(g->device, NULL);
}

void ltb_gpu_level_timed(ltb_gpu_level *g, int quiet)
{
    if (g->index < 0)
        return;
    char why[256];
    ltb_nvml *n = ltb_gpu_nvml(g->index, quiet, why, sizeof why);
    if (n && ltb_gpu_telemetry_start(&g->telemetry, n, LTB_TELEMETRY_INTERVAL_MS) == 0)
        g->telemetry_on = 1;
}

void ltb_gpu_level_end(ltb_gpu_level *g, ltb_metrics *m)
{
    if (g->index < 0)
        return;
    if (g->telemetry_on) {
        ltb_gpu_telemetry_stop(&g->telemetry, &m->gpu);
        g->telemetry_on = 0;
    }
    lt_memory_stats mem;
    if (lt_memory_stats_read(g->device, &mem, NULL) == LT_OK) {
        m->gpu.mem_peak_allocated_mb = (double)mem.allocated_peak_bytes / MB;
        m->gpu.mem_peak_reserved_mb = (double)mem.reserved_peak_bytes / MB;
        m->gpu.mem_total_mb = (double)mem.device_total_bytes / MB;
        m->gpu.mem_used_mb = (double)(mem.device_total_bytes - mem.device_free_bytes) / MB;
        m->gpu_mem_mb = m->gpu.mem_peak_allocated_mb;
    }
}

void ltb_gpu_measured_copy(ltb_gpu_metrics *dst, const ltb_gpu_metrics *measured, double items)
{
    ltb_latency compute = dst->compute;
    double enqueue = dst->mean_enqueue_ms;
    *dst = *measured;
    dst->compute = compute;
    dst->mean_enqueue_ms = enqueue;
    dst->joules_per_item = measured->energy_j >= 0 && items > 0 ? measured->energy_j / items : -1.0;
}

void ltb_gpu_metrics_none(ltb_gpu_metrics *g)
{
    memset(g, 0, sizeof *g);
    g->mean_enqueue_ms = -1.0;
    g->mem_peak_allocated_mb = g->mem_peak_reserved_mb = -1.0;
    g->mem_used_mb = g->mem_total_mb = -1.0;
    g->energy_j = g->joules_per_item = -1.0;
    g->avg_power_w = g->max_power_w = g->max_temp_c = -1.0;
    g->avg_sm_clock_mhz = g->avg_mem_clock_mhz = g->avg_util_pct = -1.0;
}
