/* report_slo.c — the --slo search in files: {name}_slo.csv and the JSON "slo" and
 * "open_loop" objects (see report_rate.h). */
#include "report_rate.h"

#include "arrival_schedule.h"
#include "atomic_file.h"
#include "csv.h"
#include "report_path.h"

#include <cjson/cJSON.h>

int ltb_run_is_open_loop(const ltb_run *run)
{
    for (int i = 0; i < run->n_levels; i++)
        if (run->levels[i].rate > 0)
            return 1;
    return 0;
}

int ltb_report_slo_csv(const ltb_run *run, const char *dir, char *err, size_t errlen)
{
    const ltb_config *c = &run->config;
    if (!(c->slo_ms > 0))
        return 0;
    char path[4096];
    if (ltb_report_path(path, sizeof path, dir, c->name, "_slo.csv", err, errlen) != 0)
        return -1;
    atomic_file af;
    if (atomic_file_open(&af, path, err, errlen) != 0)
        return -1;
    static const char *const kHeader[] = {"Step", "Offered_RPS", "Achieved_RPS", "Percentile",
                                          "Latency_ms", "Bound_ms", "Pass", NULL};
    csv_write_header(af.f, kHeader);
    char pct[32];
    snprintf(pct, sizeof pct, "p%g", c->slo_quantile * 100);
    for (int i = 0; i < run->n_levels; i++) {
        const ltb_level *l = &run->levels[i];
        if (!l->slo_pass)
            continue;
        csv_write_int(af.f, i + 1);
        fputc(',', af.f);
        csv_write_double(af.f, l->rate, 2);
        fputc(',', af.f);
        csv_write_double(af.f, l->metrics.rate.achieved_rps, 2);
        fputc(',', af.f);
        csv_write_field(af.f, pct);
        fputc(',', af.f);
        csv_write_double(af.f, l->slo_latency_ms, 4);
        fputc(',', af.f);
        csv_write_double(af.f, c->slo_ms, 4);
        fputc(',', af.f);
        csv_write_field(af.f, l->slo_pass == 1 ? "True" : "False");
        fputc('\n', af.f);
    }
    fprintf(af.f, "\nAnswer_RPS,Lowest_Missed_RPS\n");
    csv_write_double(af.f, run->slo_answer_rps, 2);
    fputc(',', af.f);
    csv_write_double(af.f, run->slo_failed_rps, 2);
    fputc('\n', af.f);
    return atomic_file_commit(&af, err, errlen);
}

cJSON *ltb_report_slo_json(const ltb_run *run)
{
    const ltb_config *c = &run->config;
    if (!(c->slo_ms > 0))
        return NULL;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "percentile", c->slo_quantile * 100);
    cJSON_AddNumberToObject(o, "bound_ms", c->slo_ms);
    cJSON_AddNumberToObject(o, "answer_rps", run->slo_answer_rps);
    cJSON_AddNumberToObject(o, "lowest_missed_rps", run->slo_failed_rps);
    cJSON *steps = cJSON_AddArrayToObject(o, "steps");
    for (int i = 0; i < run->n_levels; i++) {
        const ltb_level *l = &run->levels[i];
        if (!l->slo_pass)
            continue;
        cJSON *s = cJSON_CreateObject();
        cJSON_AddNumberToObject(s, "step", i + 1);
        cJSON_AddNumberToObject(s, "offered_rps", l->rate);
        cJSON_AddNumberToObject(s, "achieved_rps", l->metrics.rate.achieved_rps);
        cJSON_AddNumberToObject(s, "latency_ms", l->slo_latency_ms);
        cJSON_AddBoolToObject(s, "pass", l->slo_pass == 1);
        cJSON_AddItemToArray(steps, s);
    }
    return o;
}

cJSON *ltb_report_rate_config_json(const ltb_config *c)
{
    if (c->n_rate == 0 && !(c->slo_ms > 0))
        return NULL;
    cJSON *o = cJSON_CreateObject();
    cJSON *rates = cJSON_AddArrayToObject(o, "rates");
    for (int i = 0; i < c->n_rate; i++)
        cJSON_AddItemToArray(rates, cJSON_CreateNumber(c->rate[i]));
    char label[32];
    ltb_arrivals_label(c->arrivals, c->arrival_cv, label, sizeof label);
    cJSON_AddStringToObject(o, "arrivals", label);
    cJSON_AddNumberToObject(o, "arrival_cv", c->arrival_cv);
    cJSON_AddStringToObject(o, "in_flight_cap", "concurrency");
    return o;
}
