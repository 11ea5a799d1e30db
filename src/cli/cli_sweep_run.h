/* cli_sweep_run.h — runs `ltbench image|tts` over every variant of its sweep (see
 * cli_sweep.h): for each, the task applies the variant to its options and opens its
 * workload and target, then the usual run and reports follow, with the variant's
 * suffix on the result names. One variant behaves exactly like a plain run (same
 * names, a failure to open is exit 2); with several, a variant that cannot open or
 * is refused becomes a "not run" row and the sweep goes on, and {name}_sweep.csv and
 * a sweep table close the run. */
#ifndef LTB_CLI_SWEEP_RUN_H
#define LTB_CLI_SWEEP_RUN_H

#include "cli_common.h"
#include "cli_run.h"

typedef struct cli_task_ops {
    /* copy the variant's device, precision and switches into the task's own options */
    void (*apply)(void *args, const cli_variant *v);
    /* open the workload and the target (0, or -1 with err) */
    int (*open)(void *args, ltb_workload *w, ltb_target *t, char *err, size_t errlen);
    /* the one-line plan on stderr (may be NULL) */
    void (*print_plan)(const void *args, const ltb_workload *w);
    cli_after_run_fn after;       /* may be NULL */
} cli_task_ops;

/* Returns the process exit code: interrupted 130; one variant: its own code; several:
 * 2 when none could run, else the worst of 0/1 (a variant not run counts as 1). */
int cli_sweep_run(common_args *c, void *args, const cli_task_ops *ops);
#endif
