/* cli_run.h — what every benchmark subcommand does once its workload and target
 * are open: install the Ctrl-C handler, run the sweep, write the reports, close
 * everything, and turn the outcome into an exit code. */
#ifndef LTB_CLI_RUN_H
#define LTB_CLI_RUN_H

#include "ltbench.h"

/* Called after the run, before the target closes (e.g. to save audio). */
typedef int (*cli_after_run_fn)(ltb_target *t, char *err, size_t errlen);

/* Called with the finished run (after its reports, before it is freed). */
typedef void (*cli_on_run_fn)(const ltb_run *run, void *user);

/* Takes ownership of w and t (closed and freed here). */
int cli_run_and_report(const ltb_config *cfg, ltb_workload *w, ltb_target *t,
                       cli_after_run_fn after);
/* The same, and on_run (when not NULL) sees the run before it is freed. */
int cli_run_and_report_with(const ltb_config *cfg, ltb_workload *w, ltb_target *t,
                            cli_after_run_fn after, cli_on_run_fn on_run, void *user);
#endif
