/* validate.h — checks on a finished run that tell the user why a number is not
 * to be trusted (the seed's validate_metrics_consistency rules, with its broken
 * ASPS-vs-RTF check replaced by one that holds). Warnings only: a run is never
 * changed or failed by them. */
#ifndef LTB_VALIDATE_H
#define LTB_VALIDATE_H

#include <stdio.h>

#include "ltbench.h"

#define LTB_WARNING_LEN 256

/* Writes up to max_warnings one-line warnings (no "warning:" prefix, no newline)
 * into warnings and returns how many it wrote. Per level, both tasks: skipped
 * ("level c=2 b=1: skipped: <note>"), no requests, success rate below 95%.
 * TTS levels ("level c=4: ..."): T_wall <= 0 or ASPS <= 0 with successes, a
 * negative TTFA, TTFA p95 above 60 s; at concurrency 1 only: ASPS must equal
 * total audio / T_wall and cannot exceed total audio / the sum of the requests'
 * wall times (else requests overlapped or the clocks disagree), and gaps between
 * requests above 10% of T_wall mean ASPS understates throughput. Image levels
 * ("level c=4 b=2: ..."): IPS <= 0 with successes, TTFI p95 above 300 s; and
 * once per run, an image size outside 64..4096. Levels with GPU measurements also
 * get the GPU rules of validate_gpu.h. */
int ltb_validate_run(const ltb_run *run, char (*warnings)[LTB_WARNING_LEN], int max_warnings);

/* The most warnings ltb_validate_run can write for run: a size for its array. */
int ltb_warnings_bound(const ltb_run *run);

/* Runs ltb_validate_run and prints each warning as "warning: ...\n" to out;
 * prints nothing when there is none. */
void ltb_print_warnings(FILE *out, const ltb_run *run);
#endif
