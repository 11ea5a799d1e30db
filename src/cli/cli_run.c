/* cli_run.c — run a configured benchmark and report it: one run alone or as a rank of
 * an MPI fleet (see cli_run.h). The subcommand's frame is cli_command.c, the sweep of
 * variants cli_sweep_run.c; both call down to here. */
#include "cli_run.h"
#include "cli_common.h"
#include "cli_profile.h"
#include "commands.h"
#include "fleet.h"
#include "interrupt.h"
#include "run_exit_code.h"
#include "target_delay.h"

#include <stdio.h>
#include <stdlib.h>

static void print_result_files(const ltb_config *cfg, const ltb_run *run, int fleet)
{
    if (cfg->quiet || !cfg->output_dir || !(cfg->outputs & (LTB_OUT_CSV | LTB_OUT_JSON)))
        return;
    fprintf(stderr, "ltbench: results in %s/%s_{summary,detailed%s}.csv and %s.json%s\n",
            cfg->output_dir, cfg->name, fleet ? ",fleet" : "", cfg->name,
            run->interrupted ? " (partial)" : "");
}

/* Alone (fleet NULL): the reports of this run. In a fleet: this rank's outcome goes
 * to rank 0, which writes the fleet's reports. */
static int run_and_report(const ltb_config *cfg, ltb_workload *w, ltb_target *t,
                          cli_after_run_fn after, ltb_fleet *fleet, cli_on_run_fn on_run,
                          void *user)
{
    char err[512];
    ltb_interrupt_install();
    ltb_run *run = calloc(1, sizeof *run);
    int code = LTB_EXIT_USAGE;
    if (!run) {
        fprintf(stderr, "ltbench: out of memory\n");
    } else if (cfg->profile_requests > 0 && fleet) {
        fprintf(stderr, "ltbench: --profile runs alone, not in an MPI fleet\n");
    } else if (cli_profile_check(cfg, t, err, sizeof err) != 0) {
        fprintf(stderr, "ltbench: %s\n", err);
    } else if (ltb_run_benchmark(cfg, w, t, run, err, sizeof err) != 0) {
        fprintf(stderr, "ltbench: %s\n", err);
        if (fleet)
            code = ltb_fleet_report(fleet, NULL, err, stdout);
    } else {
        if (!run->workers_left_running)
            ltb_target_delay_unwrap(t);
        if (fleet) {
            code = ltb_fleet_report(fleet, run, NULL, stdout);
        } else {
            code = ltb_run_exit_code(run);
            if (ltb_write_reports(run, cfg->quiet ? NULL : stdout, err, sizeof err) != 0) {
                fprintf(stderr, "ltbench: %s\n", err);
                code = LTB_EXIT_USAGE;
            }
        }
        if (ltb_fleet_rank(fleet) == 0)
            print_result_files(cfg, run, fleet != NULL);
        if (!fleet && !run->interrupted && !run->workers_left_running &&
            cli_profile_run(cfg, w, t, err, sizeof err) != 0) {   /* after the timed levels */
            fprintf(stderr, "ltbench: %s\n", err);
            code = LTB_EXIT_USAGE;
        }
        if (after && ltb_fleet_rank(fleet) == 0 && !run->workers_left_running &&
            after(t, err, sizeof err) < 0) {
            fprintf(stderr, "ltbench: %s\n", err);
            code = LTB_EXIT_USAGE;
        }
        if (on_run)
            on_run(run, user);
    }
    if (run && run->workers_left_running)
        ltb_exit_leaving_workers(fleet ? ltb_fleet_leave(fleet, code) : code);   /* they still use t and w */
    if (run)
        ltb_run_free(run);
    free(run);
    if (t->close)
        t->close(t);
    ltb_workload_free(w);
    return code;
}

int cli_run_and_report(const ltb_config *cfg, ltb_workload *w, ltb_target *t,
                       cli_after_run_fn after)
{
    return run_and_report(cfg, w, t, after, NULL, NULL, NULL);
}

int cli_run_and_report_with(const ltb_config *cfg, ltb_workload *w, ltb_target *t,
                            cli_after_run_fn after, cli_on_run_fn on_run, void *user)
{
    return run_and_report(cfg, w, t, after, NULL, on_run, user);
}

int cli_run_and_report_in(ltb_fleet *fleet, const ltb_config *cfg, ltb_workload *w,
                          ltb_target *t, cli_on_run_fn on_run, void *user)
{
    return run_and_report(cfg, w, t, NULL, fleet, on_run, user);
}

int cli_run_job(const cli_job *job)
{
    fleet_options defaults;
    fleet_cli_defaults(&defaults);
    const fleet_options *opt = job->fleet ? job->fleet : &defaults;
    ltb_fleet *fleet = ltb_fleet_join(job->cfg, opt);
    int rank = ltb_fleet_rank(fleet);
    char err[512];
    ltb_workload w;
    ltb_target t;
    if (fleet && job->cfg->slo_ms > 0) {
        /* each rank's search would take its own steps, and the fleet meets at every level */
        snprintf(err, sizeof err, "--slo searches one process's rate: run it without mpirun "
                 "(--rate runs under mpirun, the rate per rank)");
        if (rank == 0)
            fprintf(stderr, "ltbench: %s\n", err);
        return ltb_fleet_leave(fleet, ltb_fleet_report(fleet, NULL, err, stdout));
    }
    if (job->open(job->args, &w, &t, err, sizeof err) != 0) {
        if (!fleet) {
            fprintf(stderr, "ltbench: %s\n", err);
            return LTB_EXIT_USAGE;
        }
        fprintf(stderr, "ltbench: rank %d: %s\n", rank, err);
        return ltb_fleet_leave(fleet, ltb_fleet_report(fleet, NULL, err, stdout));
    }
    if (!job->cfg->quiet && job->print_plan)
        job->print_plan(job->args, &w);
    if (opt->delay_rank == rank && opt->delay_ms > 0) {
        if (ltb_target_delay_wrap(&t, opt->delay_ms) != 0)
            fprintf(stderr, "ltbench: out of memory: --rank-delay-ms not applied\n");
        else if (!job->cfg->quiet || fleet)
            fprintf(stderr, "ltbench: rank %d adds %.3f ms to each request (--rank-delay-ms)\n",
                    rank, opt->delay_ms);
    }
    int code = run_and_report(job->cfg, &w, &t, job->after, fleet, NULL, NULL);
    return fleet ? ltb_fleet_leave(fleet, code) : code;
}
