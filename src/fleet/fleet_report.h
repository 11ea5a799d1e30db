/* fleet_report.h — what rank 0 writes at the end of a fleet run: the console
 * fleet table (per-rank rows, per-level aggregates, outliers with their
 * telemetry, the verdict), the task's usual CSV files with Rank and Host columns
 * at the end of every row, {name}_fleet.csv, and {name}.json with every rank.
 * Reads an ltb_fleet_result that ltb_fleet_judge has filled; no MPI. */
#ifndef LTB_FLEET_REPORT_H
#define LTB_FLEET_REPORT_H

#include <stdio.h>

#include "fleet_result.h"
#include "fleet_view.h"

/* Everything cfg->outputs asks for: the table to out (when not NULL), files into
 * cfg->output_dir. A failing file does not stop the others; 0, or -1 with the
 * first error. */
int ltb_fleet_write_reports(const ltb_fleet_result *fr, FILE *out, char *err, size_t errlen);

/* The console fleet report. */
void ltb_fleet_print(FILE *out, const ltb_fleet_result *fr);
/* {dir}/{name}_fleet.csv: a row per rank and level (a row per rank that did not
 * run), then the "Fleet Levels" and "Fleet Verdict" blocks. */
int ltb_fleet_write_csv(const ltb_fleet_result *fr, const char *dir, char *err, size_t errlen);
/* {dir}/{name}.json: a single-node file (its levels are those of the first rank
 * that ran, named by "levels_rank") plus "fleet": the verdict and every rank with
 * its levels, records, deviation from the median and telemetry. */
int ltb_fleet_write_json(const ltb_fleet_result *fr, const char *dir, char *err, size_t errlen);

#endif
