/* qualify_fleet_report.c — the reports of a fleet qualification (see
 * qualify_fleet.h): the console table (per metric the fleet's median, min, max and
 * outliers; per rank its device, profile file and what failed), {base}_fleet.csv
 * (a row per metric and rank, then the verdict block) and {base}_fleet.json. */
#include "qualify_fleet.h"

#include "atomic_file.h"
#include "csv.h"
#include "report.h"
#include "report_csv_common.h"
#include "report_json.h"
#include "report_path.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *rank_status(const qualify_fleet_rank *rk)
{
    if (!rk->profile)
        return "missing";
    if (rk->failed_metrics > 0)
        return "failed";
    return rk->outlier_metrics > 0 ? "outlier" : "ok";
}

static double deviation_pct(const qualify_fleet_result *fr, int r, int m)
{
    double v = qualify_fleet_value(fr, r, m), med = fr->metrics[m].median;
    return isnan(v) || !(med > 0) ? NAN : (v / med - 1.0) * 100.0;
}

/* ---- console ------------------------------------------------------------------ */

static const char *number_or_dash(double v, char *buf, size_t cap)
{
    if (isnan(v))
        snprintf(buf, cap, "-");
    else
        snprintf(buf, cap, "%.4g", v);
    return buf;
}

static void print_rank(FILE *out, const qualify_fleet_result *fr, int r)
{
    const qualify_fleet_rank *rk = &fr->ranks[r];
    const qualify_profile *p = rk->profile;
    if (!p) {
        fprintf(out, "  rank %d: missing: %s\n", r, rk->missing);
        return;
    }
    fprintf(out, "  rank %d: %s, %s (%s%s%s): %s", r, p->hostname, p->device, p->name,
            p->uuid[0] ? ", " : "", p->uuid, rank_status(rk));
    if (rk->reference_failures >= 0)
        fprintf(out, ", reference %s", rk->reference_failures ? "FAIL" : "PASS");
    fprintf(out, "%s%s\n", rk->profile_file[0] ? "  -> " : "", rk->profile_file);
    for (int m = 0; m < fr->n_metrics; m++) {
        double v = qualify_fleet_value(fr, r, m);
        if (qualify_fleet_is_outlier(fr, r, m))
            fprintf(out, "      outlier: %s %.4g %s (%+.1f%% vs median %.4g)\n", fr->metrics[m].name,
                    v, fr->metrics[m].unit, deviation_pct(fr, r, m), fr->metrics[m].median);
        else if (isnan(v) && fr->metrics[m].measured > 0) {
            const qualify_metric *q = qualify_find(p, fr->metrics[m].name);
            fprintf(out, "      not measured: %s (%s)\n", fr->metrics[m].name,
                    q && q->note[0] ? q->note : "absent from its profile");
        }
    }
}

void qualify_fleet_print(FILE *out, const qualify_fleet_result *fr)
{
    static const char rule[] = "==========================================================================================";
    fprintf(out, "\n%s\nFleet Qualification: %d rank%s, outlier tolerance %.1f%% (throughput metrics)\n%s\n",
            rule, fr->size, fr->size == 1 ? "" : "s", fr->tolerance_pct, rule);
    fprintf(out, "%-44s %-10s %6s %12s %12s %12s %8s\n", "Metric", "Unit", "Ranks", "Median", "Min",
            "Max", "Outliers");
    for (int m = 0; m < fr->n_metrics; m++) {
        const qualify_fleet_metric *qm = &fr->metrics[m];
        char outliers[16] = "-";   /* only throughput metrics are judged */
        if (qm->higher_is_better)
            snprintf(outliers, sizeof outliers, "%d", qm->outliers);
        char median[24], min[24], max[24];
        fprintf(out, "%-44s %-10s %6d %12s %12s %12s %8s\n", qm->name, qm->unit, qm->measured,
                number_or_dash(qm->median, median, sizeof median), number_or_dash(qm->min, min, sizeof min),
                number_or_dash(qm->max, max, sizeof max), outliers);
    }
    fprintf(out, "\nRanks:\n");
    for (int r = 0; r < fr->size; r++)
        print_rank(out, fr, r);
    fprintf(out, "\nFleet verdict: %s (%d of %d ranks reported; %d outlier, %d failed, %d missing)%s\n",
            fr->passed ? "PASS" : "FAIL", fr->size - fr->missing_ranks, fr->size, fr->outlier_ranks,
            fr->failed_ranks, fr->missing_ranks, fr->interrupted ? "; interrupted: partial battery" : "");
    if (fr->reference_failed_ranks > 0)
        fprintf(out, "Reference: %d rank%s failed it\n", fr->reference_failed_ranks,
                fr->reference_failed_ranks == 1 ? "" : "s");
}

/* ---- CSV -------------------------------------------------------------------------- */

static const char *const kHeader[] = {
    "Metric", "Unit", "Higher_Is_Better", "Rank", "Host", "Device", "Device_Name", "Device_UUID",
    "Status", "Value", "Fleet_Median", "Deviation_%", "Outlier", "Note", NULL};

static void write_row(FILE *f, const qualify_fleet_result *fr, int r, int m)
{
    const qualify_fleet_rank *rk = &fr->ranks[r];
    const qualify_profile *p = rk->profile;
    const qualify_fleet_metric *qm = &fr->metrics[m];
    const qualify_metric *q = p ? qualify_find(p, qm->name) : NULL;
    csv_write_field(f, qm->name);
    csv_next_text(f, qm->unit);
    csv_next_text(f, qm->higher_is_better ? "True" : "False");
    csv_next_int(f, r);
    csv_next_text(f, p ? p->hostname : "");
    csv_next_text(f, p ? p->device : "");
    csv_next_text(f, p ? p->name : "");
    csv_next_text(f, p ? p->uuid : "");
    csv_next_text(f, rank_status(rk));
    csv_next_number_or_empty(f, qualify_fleet_value(fr, r, m), 4);
    csv_next_number_or_empty(f, qm->median, 4);
    csv_next_number_or_empty(f, deviation_pct(fr, r, m), 4);
    csv_next_text(f, qualify_fleet_is_outlier(fr, r, m) ? "True" : "False");
    csv_next_text(f, !p ? rk->missing : q ? q->note : "absent from its profile");
    fputc('\n', f);
}

static int write_csv(const qualify_fleet_result *fr, const char *dir, const char *base, char *err,
                     size_t errlen)
{
    char path[4096];
    atomic_file af;
    if (ltb_report_path(path, sizeof path, dir, base, "_fleet.csv", err, errlen) != 0 ||
        atomic_file_open(&af, path, err, errlen) != 0)
        return -1;
    FILE *f = af.f;
    csv_write_header(f, kHeader);
    for (int m = 0; m < fr->n_metrics; m++)
        for (int r = 0; r < fr->size; r++)
            write_row(f, fr, r, m);
    fputs("\nFleet Verdict\nKey,Value\n", f);
    csv_write_pair_int(f, "Ranks", fr->size);
    csv_write_pair_int(f, "Ranks_Missing", fr->missing_ranks);
    csv_write_pair_int(f, "Ranks_Failed", fr->failed_ranks);
    csv_write_pair_int(f, "Outlier_Ranks", fr->outlier_ranks);
    csv_write_pair_int(f, "Reference_Failed_Ranks", fr->reference_failed_ranks);
    csv_write_pair_double(f, "Outlier_Tolerance_%", fr->tolerance_pct, 2);
    csv_write_pair(f, "Interrupted", fr->interrupted ? "True" : "False");
    csv_write_pair(f, "Passed", fr->passed ? "True" : "False");
    csv_write_pair_int(f, "Exit_Code", qualify_fleet_exit_code(fr));
    return atomic_file_commit(&af, err, errlen);
}

/* ---- JSON ------------------------------------------------------------------------- */

static cJSON *rank_json(const qualify_fleet_result *fr, int r)
{
    const qualify_fleet_rank *rk = &fr->ranks[r];
    const qualify_profile *p = rk->profile;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "rank", r);
    cJSON_AddStringToObject(o, "status", rank_status(rk));
    if (!p) {
        cJSON_AddStringToObject(o, "error", rk->missing);
        return o;
    }
    cJSON_AddStringToObject(o, "host", p->hostname);
    cJSON_AddStringToObject(o, "device", p->device);
    cJSON_AddStringToObject(o, "device_name", p->name);
    cJSON_AddStringToObject(o, "device_uuid", p->uuid);
    cJSON_AddStringToObject(o, "profile_file", rk->profile_file);
    cJSON_AddNumberToObject(o, "failed_metrics", rk->failed_metrics);
    cJSON_AddNumberToObject(o, "outlier_metrics", rk->outlier_metrics);
    cJSON *outliers = cJSON_AddArrayToObject(o, "outliers");
    for (int m = 0; m < fr->n_metrics; m++)
        if (qualify_fleet_is_outlier(fr, r, m))
            cJSON_AddItemToArray(outliers, cJSON_CreateString(fr->metrics[m].name));
    if (rk->reference_failures >= 0)
        cJSON_AddNumberToObject(o, "reference_failures", rk->reference_failures);
    else
        cJSON_AddNullToObject(o, "reference_failures");
    return o;
}

static cJSON *metric_json(const qualify_fleet_result *fr, int m)
{
    const qualify_fleet_metric *qm = &fr->metrics[m];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", qm->name);
    cJSON_AddStringToObject(o, "unit", qm->unit);
    cJSON_AddBoolToObject(o, "higher_is_better", qm->higher_is_better);
    cJSON_AddNumberToObject(o, "ranks_measured", qm->measured);
    ltb_json_add_number(o, "median", qm->median);
    ltb_json_add_number(o, "min", qm->min);
    ltb_json_add_number(o, "max", qm->max);
    cJSON_AddNumberToObject(o, "outliers", qm->outliers);
    cJSON *values = cJSON_AddArrayToObject(o, "values");
    cJSON *deviation = cJSON_AddArrayToObject(o, "deviation_pct");
    for (int r = 0; r < fr->size; r++) {
        cJSON_AddItemToArray(values, ltb_json_number(qualify_fleet_value(fr, r, m)));
        cJSON_AddItemToArray(deviation, ltb_json_number(deviation_pct(fr, r, m)));
    }
    return o;
}

static int write_json(const qualify_fleet_result *fr, const char *dir, const char *base, char *err,
                      size_t errlen)
{
    char path[4096];
    if (ltb_report_path(path, sizeof path, dir, base, "_fleet.json", err, errlen) != 0)
        return -1;
    cJSON *root = cJSON_CreateObject();
    cJSON *verdict = cJSON_AddObjectToObject(root, "verdict");
    cJSON_AddBoolToObject(verdict, "passed", fr->passed);
    cJSON_AddNumberToObject(verdict, "ranks", fr->size);
    cJSON_AddNumberToObject(verdict, "ranks_missing", fr->missing_ranks);
    cJSON_AddNumberToObject(verdict, "ranks_failed", fr->failed_ranks);
    cJSON_AddNumberToObject(verdict, "outlier_ranks", fr->outlier_ranks);
    cJSON_AddNumberToObject(verdict, "reference_failed_ranks", fr->reference_failed_ranks);
    cJSON_AddNumberToObject(verdict, "outlier_tolerance_pct", fr->tolerance_pct);
    cJSON_AddBoolToObject(verdict, "interrupted", fr->interrupted);
    cJSON_AddNumberToObject(verdict, "exit_code", qualify_fleet_exit_code(fr));
    cJSON *ranks = cJSON_AddArrayToObject(root, "ranks");
    for (int r = 0; r < fr->size; r++)
        cJSON_AddItemToArray(ranks, rank_json(fr, r));
    cJSON *metrics = cJSON_AddArrayToObject(root, "metrics");
    for (int m = 0; m < fr->n_metrics; m++)
        cJSON_AddItemToArray(metrics, metric_json(fr, m));
    return ltb_json_write_file(root, path, err, errlen);   /* deletes root */
}

int qualify_fleet_write(const qualify_fleet_result *fr, const char *dir, const char *base, char *err,
                        size_t errlen)
{
    char msg[512];
    int rc = write_csv(fr, dir, base, err, errlen);
    if (write_json(fr, dir, base, msg, sizeof msg) != 0 && rc == 0) {
        snprintf(err, errlen, "%s", msg);
        rc = -1;
    }
    return rc;
}
