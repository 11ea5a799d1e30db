/* cli_profile.h — `--profile [K]` of the benchmark subcommands: checked before the
 * timed levels, run after them (target/profile_pass.h), its table on the console and
 * {name}_profile.csv, its Chrome trace {name}_profile.json, in the output folder. */
#ifndef LTB_CLI_PROFILE_H
#define LTB_CLI_PROFILE_H

#include <stddef.h>

#include "ltbench.h"

#define LTB_PROFILE_DEFAULT_REQUESTS 10

/* 0 when cfg asks for no profile or t can be profiled; else -1 with a one-line err. */
int cli_profile_check(const ltb_config *cfg, const ltb_target *t, char *err, size_t errlen);
/* The profile cfg asks for (nothing when none): 0, or -1 with a one-line err. */
int cli_profile_run(const ltb_config *cfg, ltb_workload *w, ltb_target *t, char *err,
                    size_t errlen);
#endif
