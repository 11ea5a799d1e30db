/* fleet_table.c — the console fleet report on rank 0: a row per rank and level
 * (throughput, p95 latency, deviation from the fleet median), the per-level
 * aggregate (the sum over ranks), the outliers with their telemetry beside them,
 * the ranks that failed or went missing, and the verdict line (which says first
 * when a signal stopped the run). */
#include "fleet_report.h"

#include <math.h>
#include <string.h>

static void print_rule(FILE *out, char c)
{
    for (int i = 0; i < 88; i++)
        fputc(c, out);
    fputc('\n', out);
}

static void print_rank_rows(FILE *out, const ltb_fleet_result *fr)
{
    fprintf(out, "%-5s %-16s %-8s %-5s %-5s %-4s %-10s %-10s %-10s %s\n", "Rank", "Host",
            "Device", "Conc", "Batch", "Rep", ltb_fleet_throughput_name(fr), "p95_ms",
            "vs_median", "Status");
    for (int r = 0; r < fr->size; r++) {
        const ltb_rank_report *rr = &fr->ranks[r];
        int rows = 0;
        for (int l = 0; rr->status == LTB_RANK_OK && l < fr->n_levels; l++) {
            const ltb_level *lvl = ltb_fleet_rank_level(fr, r, l);
            size_t at = (size_t)r * (size_t)fr->n_levels + (size_t)l;
            if (lvl == NULL)
                continue;
            rows++;
            fprintf(out, "%-5d %-16.16s %-8.8s %-5d %-5d %-4d ", r, rr->host, rr->device,
                    lvl->concurrency, lvl->batch, lvl->repetition + 1);
            if (isnan(fr->throughput[at])) {
                fprintf(out, "%-10s %-10s %-10s %s\n", "-", "-", "-",
                        lvl->skipped ? "skipped" : "no requests");
                continue;
            }
            char dev[32] = "-";
            if (!isnan(fr->deviation_pct[at]))
                snprintf(dev, sizeof dev, "%+.1f%%", fr->deviation_pct[at]);
            fprintf(out, "%-10.2f %-10.2f %-10s %s\n", fr->throughput[at],
                    lvl->metrics.latency.p95, dev, fr->outlier[at] ? "OUTLIER" : "ok");
        }
        if (rows == 0)
            fprintf(out, "%-5d %-16.16s %-8.8s %s: %s\n", r, rr->host[0] ? rr->host : "?",
                    rr->device[0] ? rr->device : "?", ltb_rank_status_name(rr->status),
                    rr->error[0] ? rr->error : "no levels ran");
    }
}

static void print_levels(FILE *out, const ltb_fleet_result *fr)
{
    const char *name = ltb_fleet_throughput_name(fr);
    fprintf(out, "\nFleet per level (aggregate %s = sum over the ranks that ran it):\n", name);
    fprintf(out, "%-5s %-5s %-4s %-6s %-12s %-10s %-10s %-10s %s\n", "Conc", "Batch", "Rep",
            "Ranks", "Aggregate", "Median", "Min", "Max", "Outliers");
    for (int l = 0; l < fr->n_levels; l++) {
        const ltb_fleet_level *fl = &fr->levels[l];
        fprintf(out, "%-5d %-5d %-4d %-6d %-12.2f %-10.2f %-10.2f %-10.2f %d\n", fl->concurrency,
                fl->batch, fl->repetition + 1, fl->reporting, fl->aggregate, fl->median, fl->min,
                fl->max, fl->outliers);
    }
}

static void print_telemetry(FILE *out, const ltb_rank_telemetry *t)
{
    if (t->sm_clock_mhz < 0 && t->power_w < 0 && t->temperature_c < 0 && !t->throttle[0]) {
        fputs("telemetry: none (no NVML on this rank)", out);
        return;
    }
    if (t->sm_clock_mhz >= 0)
        fprintf(out, "SM %.0f MHz, ", t->sm_clock_mhz);
    if (t->mem_clock_mhz >= 0)
        fprintf(out, "memory %.0f MHz, ", t->mem_clock_mhz);
    if (t->power_w >= 0)
        fprintf(out, "%.1f W, ", t->power_w);
    if (t->temperature_c >= 0)
        fprintf(out, "%.0f C, ", t->temperature_c);
    fprintf(out, "throttle: %s", t->throttle[0] ? t->throttle : "none");
}

static void print_outliers(FILE *out, const ltb_fleet_result *fr)
{
    if (fr->outlier_ranks == 0)
        return;
    fprintf(out, "\nOutliers (more than %.1f%% below the fleet median):\n", fr->tolerance_pct);
    for (int r = 0; r < fr->size; r++)
        for (int l = 0; l < fr->n_levels; l++) {
            size_t at = (size_t)r * (size_t)fr->n_levels + (size_t)l;
            if (!fr->outlier[at])
                continue;
            const ltb_rank_report *rr = &fr->ranks[r];
            const ltb_fleet_level *fl = &fr->levels[l];
            ltb_rank_telemetry t;
            ltb_fleet_telemetry(fr, r, l, &t);
            fprintf(out, "  rank %d (%s, %s %s): concurrency %d batch %d: %s %.2f is %.1f%% below "
                         "the median %.2f; ", r, rr->host, rr->device, rr->device_name,
                    fl->concurrency, fl->batch, ltb_fleet_throughput_name(fr), fr->throughput[at],
                    -fr->deviation_pct[at], fl->median);
            print_telemetry(out, &t);
            fputc('\n', out);
        }
}

static void print_devices(FILE *out, const ltb_fleet_result *fr)
{
    fputs("\nRanks:\n", out);
    for (int r = 0; r < fr->size; r++) {
        const ltb_rank_report *rr = &fr->ranks[r];
        fprintf(out, "  rank %d: %s, %s (%s%s%s), threads %d: %s", r, rr->host[0] ? rr->host : "?",
                rr->device[0] ? rr->device : "?", rr->device_name[0] ? rr->device_name : "unknown",
                rr->device_uuid[0] ? ", " : "", rr->device_uuid, rr->threads,
                ltb_rank_status_name(rr->status));
        if (rr->error[0])
            fprintf(out, ": %s", rr->error);
        if (rr->unsynchronized_from >= 0)
            fprintf(out, " (measured without the fleet barrier from level %d)",
                    rr->unsynchronized_from + 1);
        fputc('\n', out);
    }
}

/* PASS or FAIL; an interrupted fleet says so first: its PASS/FAIL is only on the
 * part that was measured. */
static void print_verdict(FILE *out, const ltb_fleet_result *fr)
{
    fputs("Fleet verdict: ", out);
    if (fr->interrupted_ranks > 0)
        fprintf(out, "INTERRUPTED, partial results (%d of %d ranks stopped by a signal); on what "
                     "was measured: ", fr->interrupted_ranks, fr->size);
    fprintf(out, "%s (%d of %d ranks reported; %d outlier, %d failed, %d missing)\n",
            fr->passed ? "PASS" : "FAIL", fr->size - fr->failed_ranks - fr->missing_ranks, fr->size,
            fr->outlier_ranks, fr->failed_ranks, fr->missing_ranks);
}

void ltb_fleet_print(FILE *out, const ltb_fleet_result *fr)
{
    const ltb_config *c = fr->config;
    fputc('\n', out);
    print_rule(out, '=');
    fprintf(out, "Fleet Results: %s on %d rank%s, %s, outlier tolerance %.1f%%\n",
            c->model_name ? c->model_name : "model", fr->size, fr->size == 1 ? "" : "s",
            ltb_fleet_throughput_name(fr), fr->tolerance_pct);
    print_rule(out, '=');
    print_rank_rows(out, fr);
    print_levels(out, fr);
    print_outliers(out, fr);
    print_devices(out, fr);
    fputc('\n', out);
    print_verdict(out, fr);
}
