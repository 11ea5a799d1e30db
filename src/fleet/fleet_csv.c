/* fleet_csv.c — {name}_fleet.csv: one row per rank and level (host, device,
 * throughput, p95, deviation from the fleet median, outlier flag, telemetry; a
 * rank that did not run gets one row with its status and error), then the
 * "Fleet Levels" block (aggregate = sum over ranks, median, min, max, outliers)
 * and the "Fleet Verdict" block. Empty fields where a value does not exist;
 * telemetry -1 where not measured. Written atomically. */
#include "fleet_report.h"

#include "atomic_file.h"
#include "csv.h"
#include "report.h"
#include "report_csv_common.h"
#include "report_path.h"

#include <math.h>

static const char *const kHeader[] = {
    "Rank", "Host", "Device", "Device_Name", "Device_UUID", "Threads", "Status", "Error",
    "Unsynchronized_From_Level", "Concurrency", "Batch", "Repetition", "Throughput", "RPS",
    "Latency_p95_ms", "Success_Rate_%", "Failed_Requests", "Fleet_Median", "Deviation_%",
    "Outlier", "SM_Clock_MHz", "Mem_Clock_MHz", "Power_W", "Temperature_C", "Throttle_Reasons",
    NULL};

/* A telemetry value, or -1 where it was not measured. */
static void next_telemetry(FILE *f, double v, int decimals)
{
    if (v >= 0)
        csv_next_double(f, v, decimals);
    else
        csv_next_int(f, -1);
}

static void write_rank_columns(FILE *f, const ltb_rank_report *rr, int r)
{
    csv_write_int(f, r);
    csv_next_text(f, rr->host);
    csv_next_text(f, rr->device);
    csv_next_text(f, rr->device_name);
    csv_next_text(f, rr->device_uuid);
    csv_next_int(f, rr->threads);
    csv_next_text(f, ltb_rank_status_name(rr->status));
    csv_next_text(f, rr->error);
    fputc(',', f);
    if (rr->unsynchronized_from >= 0)
        csv_write_int(f, rr->unsynchronized_from + 1);
}

static void write_level_columns(FILE *f, const ltb_fleet_result *fr, int r, int l,
                                const ltb_level *lvl)
{
    size_t at = (size_t)r * (size_t)fr->n_levels + (size_t)l;
    const ltb_metrics *m = &lvl->metrics;
    ltb_rank_telemetry t;
    ltb_fleet_telemetry(fr, r, l, &t);
    csv_next_int(f, lvl->concurrency);
    csv_next_int(f, lvl->batch);
    csv_next_int(f, lvl->repetition + 1);
    csv_next_number_or_empty(f, fr->throughput[at], 4);
    csv_next_double(f, m->rps, 4);
    csv_next_double(f, m->latency.p95, 4);
    csv_next_double(f, m->success_rate_pct, 2);
    csv_next_int(f, (long long)m->failed_requests);
    csv_next_double(f, fr->levels[l].median, 4);
    csv_next_number_or_empty(f, fr->deviation_pct[at], 2);
    csv_next_text(f, fr->outlier[at] ? "True" : "False");
    next_telemetry(f, t.sm_clock_mhz, 0);
    next_telemetry(f, t.mem_clock_mhz, 0);
    next_telemetry(f, t.power_w, 1);
    next_telemetry(f, t.temperature_c, 0);
    csv_next_text(f, t.throttle);
}

static void write_rows(FILE *f, const ltb_fleet_result *fr)
{
    csv_write_header(f, kHeader);
    for (int r = 0; r < fr->size; r++) {
        const ltb_rank_report *rr = &fr->ranks[r];
        int rows = 0;
        for (int l = 0; l < fr->n_levels; l++) {
            const ltb_level *lvl = ltb_fleet_rank_level(fr, r, l);
            if (lvl == NULL)
                continue;
            write_rank_columns(f, rr, r);
            write_level_columns(f, fr, r, l, lvl);
            fputc('\n', f);
            rows++;
        }
        if (rows == 0) {
            write_rank_columns(f, rr, r);
            fputs(",,,,,,,,,,,,,,,,\n", f); /* the 16 level columns, empty */
        }
    }
}

static void write_levels_block(FILE *f, const ltb_fleet_result *fr)
{
    fputs("\nFleet Levels\n", f);
    fputs("Concurrency,Batch,Repetition,Ranks_Reporting,Aggregate_Throughput,Median_Throughput,"
          "Min_Throughput,Max_Throughput,Outliers\n", f);
    for (int l = 0; l < fr->n_levels; l++) {
        const ltb_fleet_level *fl = &fr->levels[l];
        csv_write_int(f, fl->concurrency);
        csv_next_int(f, fl->batch);
        csv_next_int(f, fl->repetition + 1);
        csv_next_int(f, fl->reporting);
        csv_next_double(f, fl->aggregate, 4);
        csv_next_double(f, fl->median, 4);
        csv_next_double(f, fl->min, 4);
        csv_next_double(f, fl->max, 4);
        csv_next_int(f, fl->outliers);
        fputc('\n', f);
    }
}

static void write_verdict_block(FILE *f, const ltb_fleet_result *fr)
{
    fputs("\nFleet Verdict\nKey,Value\n", f);
    csv_write_pair(f, "Throughput_Metric", ltb_fleet_throughput_name(fr));
    csv_write_pair_int(f, "Ranks", fr->size);
    csv_write_pair_int(f, "Ranks_OK", fr->size - fr->failed_ranks - fr->missing_ranks);
    csv_write_pair_int(f, "Ranks_Failed", fr->failed_ranks);
    csv_write_pair_int(f, "Ranks_Missing", fr->missing_ranks);
    csv_write_pair_int(f, "Outlier_Ranks", fr->outlier_ranks);
    csv_write_pair_double(f, "Outlier_Tolerance_%", fr->tolerance_pct, 2);
    csv_write_pair(f, "Passed", fr->passed ? "True" : "False");
    csv_write_pair(f, "Interrupted", fr->interrupted_ranks > 0 ? "True" : "False");
    csv_write_pair_int(f, "Ranks_Interrupted", fr->interrupted_ranks);
    csv_write_pair_int(f, "Exit_Code", ltb_fleet_exit_code(fr));
}

int ltb_fleet_write_csv(const ltb_fleet_result *fr, const char *dir, char *err, size_t errlen)
{
    char path[4096];
    atomic_file af;
    if (ltb_report_path(path, sizeof path, dir, fr->config->name, "_fleet.csv", err, errlen) != 0)
        return -1;
    if (atomic_file_open(&af, path, err, errlen) != 0)
        return -1;
    write_rows(af.f, fr);
    write_levels_block(af.f, fr);
    write_verdict_block(af.f, fr);
    return atomic_file_commit(&af, err, errlen);
}
