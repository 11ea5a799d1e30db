/* fleet_json.c — {name}.json of a fleet run: the single-node file of the first
 * rank that ran (so tools that read ltbench JSON, `ltbench compare` included,
 * keep working; "levels_rank" names that rank) plus "fleet": the verdict, the
 * per-level aggregates and every rank — host, device, status, error — with its
 * levels (metrics, records, throughput, deviation from the median, outlier flag,
 * telemetry). */
#include "fleet_report.h"

#include "report.h"
#include "report_json.h"
#include "write_reports.h"

#include <math.h>
#include <stdlib.h>

static cJSON *telemetry_json(const ltb_rank_telemetry *t)
{
    cJSON *o = cJSON_CreateObject();
    ltb_json_add_number(o, "sm_clock_mhz", t->sm_clock_mhz >= 0 ? t->sm_clock_mhz : NAN);
    ltb_json_add_number(o, "mem_clock_mhz", t->mem_clock_mhz >= 0 ? t->mem_clock_mhz : NAN);
    ltb_json_add_number(o, "power_w", t->power_w >= 0 ? t->power_w : NAN);
    ltb_json_add_number(o, "temperature_c", t->temperature_c >= 0 ? t->temperature_c : NAN);
    cJSON_AddStringToObject(o, "throttle", t->throttle);
    return o;
}

static cJSON *rank_levels_json(const ltb_fleet_result *fr, int r)
{
    cJSON *a = cJSON_CreateArray();
    for (int l = 0; l < fr->n_levels; l++) {
        const ltb_level *lvl = ltb_fleet_rank_level(fr, r, l);
        if (lvl == NULL)
            continue;
        size_t at = (size_t)r * (size_t)fr->n_levels + (size_t)l;
        cJSON *o = ltb_report_json_level(fr->ranks[r].run, lvl);
        ltb_json_add_number(o, "throughput", fr->throughput[at]);
        ltb_json_add_number(o, "deviation_pct", fr->deviation_pct[at]);
        cJSON_AddBoolToObject(o, "outlier", fr->outlier[at] != 0);
        ltb_rank_telemetry t;
        ltb_fleet_telemetry(fr, r, l, &t);
        cJSON_AddItemToObject(o, "telemetry", telemetry_json(&t));
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

static cJSON *rank_json(const ltb_fleet_result *fr, int r)
{
    const ltb_rank_report *rr = &fr->ranks[r];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "rank", r);
    cJSON_AddStringToObject(o, "status", ltb_rank_status_name(rr->status));
    cJSON_AddStringToObject(o, "host", rr->host);
    cJSON_AddStringToObject(o, "device", rr->device);
    cJSON_AddStringToObject(o, "device_name", rr->device_name);
    cJSON_AddStringToObject(o, "device_uuid", rr->device_uuid);
    cJSON_AddNumberToObject(o, "threads", rr->threads);
    ltb_json_add_string(o, "error", rr->error[0] ? rr->error : NULL);
    if (rr->unsynchronized_from >= 0)
        cJSON_AddNumberToObject(o, "unsynchronized_from_level", rr->unsynchronized_from + 1);
    else
        cJSON_AddNullToObject(o, "unsynchronized_from_level");
    cJSON_AddBoolToObject(o, "interrupted", rr->run != NULL && rr->run->interrupted);
    cJSON_AddItemToObject(o, "levels", rank_levels_json(fr, r));
    return o;
}

static cJSON *fleet_levels_json(const ltb_fleet_result *fr)
{
    cJSON *a = cJSON_CreateArray();
    for (int l = 0; l < fr->n_levels; l++) {
        const ltb_fleet_level *fl = &fr->levels[l];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "concurrency", fl->concurrency);
        cJSON_AddNumberToObject(o, "batch", fl->batch);
        cJSON_AddNumberToObject(o, "repetition", fl->repetition + 1);
        cJSON_AddNumberToObject(o, "ranks_reporting", fl->reporting);
        ltb_json_add_number(o, "aggregate_throughput", fl->aggregate);
        ltb_json_add_number(o, "median_throughput", fl->median);
        ltb_json_add_number(o, "min_throughput", fl->min);
        ltb_json_add_number(o, "max_throughput", fl->max);
        cJSON_AddNumberToObject(o, "outliers", fl->outliers);
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

static cJSON *fleet_json(const ltb_fleet_result *fr)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "size", fr->size);
    cJSON_AddStringToObject(o, "throughput_metric", ltb_fleet_throughput_name(fr));
    ltb_json_add_number(o, "outlier_tolerance_pct", fr->tolerance_pct);
    cJSON_AddBoolToObject(o, "passed", fr->passed != 0);
    cJSON_AddBoolToObject(o, "interrupted", fr->interrupted_ranks > 0);
    cJSON_AddNumberToObject(o, "exit_code", ltb_fleet_exit_code(fr));
    cJSON_AddNumberToObject(o, "ranks_ok", fr->size - fr->failed_ranks - fr->missing_ranks);
    cJSON_AddNumberToObject(o, "ranks_failed", fr->failed_ranks);
    cJSON_AddNumberToObject(o, "ranks_missing", fr->missing_ranks);
    cJSON_AddNumberToObject(o, "outlier_ranks", fr->outlier_ranks);
    cJSON_AddNumberToObject(o, "ranks_interrupted", fr->interrupted_ranks);
    cJSON_AddItemToObject(o, "levels", fleet_levels_json(fr));
    cJSON *ranks = cJSON_AddArrayToObject(o, "ranks");
    for (int r = 0; r < fr->size; r++)
        cJSON_AddItemToArray(ranks, rank_json(fr, r));
    return o;
}

int ltb_fleet_write_json(const ltb_fleet_result *fr, const char *dir, char *err, size_t errlen)
{
    int main_rank = ltb_fleet_first_run(fr);
    ltb_run *empty = NULL;
    const ltb_run *run;
    if (main_rank >= 0) {
        run = fr->ranks[main_rank].run;
    } else {
        empty = calloc(1, sizeof *empty); /* no rank ran: the config alone */
        if (!empty) {
            snprintf(err, errlen, "out of memory writing the fleet's JSON");
            return -1;
        }
        empty->config = *fr->config;
        run = empty;
    }
    ltb_environment env;
    ltb_environment_for_device(run->config.device, &env);
    cJSON *root = ltb_report_json_tree(run, &env);
    if (root != NULL) {
        cJSON_AddNumberToObject(root, "levels_rank", main_rank);
        cJSON_AddItemToObject(root, "fleet", fleet_json(fr));
    }
    int rc = ltb_report_json_write(root, dir, fr->config->name, err, errlen);
    free(empty);
    return rc;
}
