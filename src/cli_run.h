/* cli_run.h — what every benchmark subcommand does once its workload and target
 * are open: install the Ctrl-C handler, run the sweep, write the reports, close
 * everything, and turn the outcome into an exit code. */
#ifndef LTB_CLI_RUN_H
#define LTB_CLI_RUN_H

#include "ltbench.h"

/* Called after the run, before the target closes (e.g. to save audio). */
typedef int (*cli_after_run_fn)(ltb_target *t, char *err, size_t errlen);

/* Takes ownership of w and t (closed and freed here). */
int cli_run_and_report(const ltb_config *cfg, ltb_workload *w, ltb_target *t,
                       cli_after_run_fn after);
#endif
