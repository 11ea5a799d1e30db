/* cli_run.c — run a configured benchmark and report it (see cli_run.h). */
#include "cli_run.h"
#include "commands.h"
#include "interrupt.h"
#include "run_exit_code.h"

#include <stdio.h>
#include <stdlib.h>

int cli_run_and_report(const ltb_config *cfg, ltb_workload *w, ltb_target *t,
                       cli_after_run_fn after)
{
    char err[512];
    ltb_interrupt_install();
    ltb_run *run = calloc(1, sizeof *run);
    int code = LTB_EXIT_USAGE;
    if (!run) {
        fprintf(stderr, "ltbench: out of memory\n");
    } else if (ltb_run_benchmark(cfg, w, t, run, err, sizeof err) != 0) {
        fprintf(stderr, "ltbench: %s\n", err);
    } else {
        code = ltb_run_exit_code(run);
        if (ltb_write_reports(run, cfg->quiet ? NULL : stdout, err, sizeof err) != 0) {
            fprintf(stderr, "ltbench: %s\n", err);
            code = LTB_EXIT_USAGE;
        }
        if (!cfg->quiet && cfg->output_dir && (cfg->outputs & (LTB_OUT_CSV | LTB_OUT_JSON)))
            fprintf(stderr, "ltbench: results in %s/%s_{summary,detailed}.csv and %s.json%s\n",
                    cfg->output_dir, cfg->name, cfg->name, run->interrupted ? " (partial)" : "");
        if (after && !run->workers_left_running && after(t, err, sizeof err) < 0) {
            fprintf(stderr, "ltbench: %s\n", err);
            code = LTB_EXIT_USAGE;
        }
    }
    if (run && run->workers_left_running)
        ltb_exit_leaving_workers(code);   /* they still use t and w: no clean-up */
    if (run)
        ltb_run_free(run);
    free(run);
    if (t->close)
        t->close(t);
    ltb_workload_free(w);
    return code;
}
