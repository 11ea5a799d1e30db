/* cli_rate.h — the open-loop options every benchmark subcommand shares: --rate LIST
 * (requests per second, a level axis like -c), --arrivals poisson|constant|gamma:CV
 * and --slo pXX:MS (search the highest rate meeting a latency bound). In rate mode
 * -c is the in-flight cap, 64 unless given. */
#ifndef LTB_CLI_RATE_H
#define LTB_CLI_RATE_H

#include <stddef.h>

#include "ltbench.h"

#define CLI_RATE_DEFAULT_CAP 64
#define CLI_RATE_MAX 10000000.0   /* requests per second */

/* --rate LIST: positive numbers, at most LTB_MAX_LEVELS. 0 or -1 with err. */
int cli_parse_rate(const char *v, ltb_config *cfg, char *err, size_t errlen);
/* --rate-ramp FROM:TO (stress): two rates > 0. */
int cli_parse_rate_ramp(const char *v, double *from, double *to, char *err, size_t errlen);
/* --arrivals KIND. */
int cli_parse_arrivals(const char *v, ltb_config *cfg, char *err, size_t errlen);
/* --slo pXX:MS, e.g. p99:50 or p99.9:100 (0 < XX < 100, MS > 0). */
int cli_parse_slo(const char *v, ltb_config *cfg, char *err, size_t errlen);
/* After parsing: the cap default (when -c was not given) and the checks that need
 * every option (--slo without --rate starts at 10/s). 0 or -1 with err. */
int cli_rate_finish(ltb_config *cfg, int concurrency_given, char *err, size_t errlen);
/* " at rate 10,20/s (poisson, in flight <= 64)" or "" into buf, for the plan line. */
void cli_rate_plan(const ltb_config *cfg, char *buf, size_t len);
#endif
