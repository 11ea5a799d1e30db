/* fleet_view.h — helpers the fleet's writers share (fleet_table.c, fleet_csv.c,
 * fleet_json.c): kept apart from the dispatcher fleet_report.c so no writer calls
 * back into it. */
#ifndef LTB_FLEET_VIEW_H
#define LTB_FLEET_VIEW_H

#include "fleet_result.h"

/* "IPS" or "ASPS": the throughput the verdict compares. */
const char *ltb_fleet_throughput_name(const ltb_fleet_result *fr);
/* Telemetry of rank r during fleet level l, from the NVML samples of that rank's
 * level (mean SM and memory clocks and power, peak temperature, the throttle
 * reasons when it throttled): -1 / "" where not measured (a CPU rank, no NVML). */
void ltb_fleet_telemetry(const ltb_fleet_result *fr, int r, int l, ltb_rank_telemetry *t);
/* The rank whose run is the "main" one of the files: rank 0 when it ran, else the
 * first rank that did; -1 when none did. */
int ltb_fleet_first_run(const ltb_fleet_result *fr);
#endif
