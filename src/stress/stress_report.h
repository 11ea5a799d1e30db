/* stress_report.h — the results of a stress test, in the seed's sections: test
 * configuration, performance metrics (RPS, totals, latency percentiles from the
 * histogram), error analysis by type, system metrics (memory and CPU peak /
 * average / growth), the leak verdict and the time series: as a console summary,
 * {dir}/{name}_stress.json and {dir}/{name}_stress.csv (both written atomically). */
#ifndef LTB_STRESS_REPORT_H
#define LTB_STRESS_REPORT_H

#include <stdio.h>

#include "stress.h"

void ltb_stress_report_console(FILE *out, const ltb_stress_result *r);
int ltb_stress_report_json(const ltb_stress_result *r, const char *dir, char *err,
                           size_t errlen);
int ltb_stress_report_csv(const ltb_stress_result *r, const char *dir, char *err,
                          size_t errlen);
/* Creates dir, writes both files; the first error wins, the other is still tried. */
int ltb_stress_report_files(const ltb_stress_result *r, const char *dir, char *err,
                            size_t errlen);
/* stress_plots.c: {name}_stress_timeseries.png/.svg in dir (nothing when dir is NULL,
 * plots are off, or no sample was taken). */
int ltb_report_stress_plots(const ltb_stress_result *r, const char *dir, int quiet, char *err,
                            size_t errlen);
#endif
