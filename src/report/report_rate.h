/* report_rate.h — the open-loop (rate mode) reports beside each task's tables: the
 * console block (per offered rate: achieved rate, latency from the schedule, service
 * time, queue wait, late starts, ltbench's issuing lag; the --slo steps and answer),
 * the --slo search file {name}_slo.csv and its JSON object, and the plots latency vs
 * offered rate (where the knee is) and achieved vs offered. Each does nothing for a
 * closed-loop run. */
#ifndef LTB_REPORT_RATE_H
#define LTB_REPORT_RATE_H

#include <stddef.h>
#include <stdio.h>

#include "ltbench.h"

struct cJSON;

/* 1 when some level of run was open loop. */
int ltb_run_is_open_loop(const ltb_run *run);
/* The console block (report_table_rate.c). */
void ltb_report_table_rate(FILE *out, const ltb_run *run);
/* {dir}/{name}_slo.csv: Step,Offered_RPS,Achieved_RPS,Percentile,Latency_ms,Bound_ms,
 * Pass per step, then a blank line and Answer_RPS,Lowest_Missed_RPS; nothing (0)
 * without --slo. 0, or -1 with err (report_slo.c). */
int ltb_report_slo_csv(const ltb_run *run, const char *dir, char *err, size_t errlen);
/* The JSON "slo" object (NULL without --slo): percentile, bound_ms, answer_rps,
 * lowest_missed_rps and steps [{step, offered_rps, achieved_rps, latency_ms, pass}]. */
struct cJSON *ltb_report_slo_json(const ltb_run *run);
/* The JSON "open_loop" config object (NULL in a closed loop): rates, arrivals,
 * arrival_cv. */
struct cJSON *ltb_report_rate_config_json(const ltb_config *c);
/* {dir}/{name}_latency_vs_rate and _achieved_vs_rate (.png/.svg) (report_plots_rate.c). */
int ltb_report_plots_rate(const ltb_run *run, const char *dir, char *err, size_t errlen);
#endif
