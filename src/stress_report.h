/* stress_report.h — the results of a stress test, in the seed's sections: test
 * configuration, performance metrics (RPS, totals, latency percentiles from the
 * histogram), error analysis by type, system metrics (memory and CPU peak /
 * average / growth), the leak verdict and the time series: as a console summary,
 * {dir}/{name}_stress.json and {dir}/{name}_stress.csv (both written atomically). */
#ifndef LTB_STRESS_REPORT_H
#define LTB_STRESS_REPORT_H

#include <stdio.h>

#include "stress.h"

/* Memory and CPU over the time series (rows with a reading). */
typedef struct ltb_stress_system {
    double rss_start_mb, rss_end_mb, rss_peak_mb, rss_avg_mb, rss_growth_mb;
    double cpu_peak_pct, cpu_avg_pct;
} ltb_stress_system;

void ltb_stress_system_metrics(const ltb_stress_result *r, ltb_stress_system *s);
/* Successful requests / elapsed seconds (the seed's RPS). */
double ltb_stress_rps(const ltb_stress_result *r);
double ltb_stress_success_pct(const ltb_stress_result *r);

void ltb_stress_report_console(FILE *out, const ltb_stress_result *r);
int ltb_stress_report_json(const ltb_stress_result *r, const char *dir, char *err,
                           size_t errlen);
int ltb_stress_report_csv(const ltb_stress_result *r, const char *dir, char *err,
                          size_t errlen);
/* Creates dir, writes both files; the first error wins, the other is still tried. */
int ltb_stress_report_files(const ltb_stress_result *r, const char *dir, char *err,
                            size_t errlen);
#endif
