/* cmd_stress.c — `ltbench stress image|tts|run [their options] --duration 5m
 * --max-concurrency 64 --ramp-up 30s [--sample-interval 1s]`: a ramping load
 * test with a live time series, error analysis and a leak verdict. */
#include "cli_parse.h"
#include "cli_rate.h"
#include "cmd_open.h"
#include "commands.h"
#include "duration_parse.h"
#include "interrupt.h"
#include "report_plots.h"
#include "stress.h"
#include "stress_cli.h"
#include "stress_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The task's parsed arguments (is_run: `stress run`, any model). */
typedef struct stress_args {
    ltb_stress_options stress;
    int is_tts, is_run;
    image_args image;
    tts_args tts;
    run_args run;
} stress_args;

static void stress_usage(FILE *out, int is_tts, int is_run)
{
    fprintf(out,
        "usage: ltbench stress image|tts|run [options]\n"
        "Ramp up to --max-concurrency workers over --ramp-up, hold until --duration ends;\n"
        "a time series every --sample-interval, errors by type, memory/CPU and a leak verdict.\n"
        "Writes {name}_stress.json, {name}_stress.csv and plots into --output-dir.\n"
        "      --duration D          whole test, ramp-up included (default 5m)\n"
        "      --max-concurrency N   workers at full load (default 64)\n"
        "      --ramp-up D           time to reach full load, linear (default 30s)\n"
        "      --rate-ramp FROM:TO   open loop: ramp the offered rate (requests/s) from FROM\n"
        "                            to TO over --ramp-up, then hold TO (--arrivals applies;\n"
        "                            --max-concurrency is the in-flight cap; latency from\n"
        "                            each request's scheduled time)\n"
        "      --sample-interval D   time-series window (default 1s)\n"
        "Durations: 90, 90s, 500ms, 5m, 1h. -c and -n do not apply.\n\n");
    if (is_tts)
        tts_args_usage(out);
    else if (is_run)
        run_args_usage(out);
    else
        image_args_usage(out);
}

/* A stress option at argv[*i] ("--opt V" or "--opt=V"): 1 handled, 0 not ours,
 * -1 error. */
static int take_stress_option(int argc, char **argv, int *i, ltb_stress_options *o, char *err,
                              size_t errlen)
{
    static const char *const kNames[] = {"--duration", "--max-concurrency", "--ramp-up",
                                         "--sample-interval", "--rate-ramp"};
    for (int k = 0; k < 5; k++) {
        size_t len = strlen(kNames[k]);
        const char *v;
        if (strncmp(argv[*i], kNames[k], len) != 0)
            continue;
        if (argv[*i][len] == '=')
            v = argv[*i] + len + 1;
        else if (argv[*i][len] == '\0' && *i + 1 < argc)
            v = argv[++*i];
        else if (argv[*i][len] == '\0') {
            snprintf(err, errlen, "option '%s' needs a value", kNames[k]);
            return -1;
        } else
            continue;
        switch (k) {
        case 0: return ltb_parse_duration(kNames[k], v, 0.001, 30 * 86400.0, &o->duration_s, err, errlen) ? -1 : 1;
        case 1: return ltb_parse_int(kNames[k], v, 1, 4096, &o->max_concurrency, err, errlen) ? -1 : 1;
        case 2: return ltb_parse_duration(kNames[k], v, 0, 30 * 86400.0, &o->ramp_up_s, err, errlen) ? -1 : 1;
        case 4: return cli_parse_rate_ramp(v, &o->rate_from, &o->rate_to, err, errlen) ? -1 : 1;
        default: return ltb_parse_duration(kNames[k], v, 0.01, 86400, &o->sample_interval_s, err, errlen) ? -1 : 1;
        }
    }
    return 0;
}

static int parse(int argc, char **argv, stress_args *a, char *err, size_t errlen)
{
    a->stress = (ltb_stress_options){.duration_s = 300, .ramp_up_s = 30,
                                     .sample_interval_s = 1, .max_concurrency = 64};
    if (argc < 2 || (strcmp(argv[1], "image") && strcmp(argv[1], "tts") && strcmp(argv[1], "run"))) {
        snprintf(err, errlen, "say what to stress: ltbench stress image|tts|run [options]");
        return -1;
    }
    a->is_tts = !strcmp(argv[1], "tts");
    a->is_run = !strcmp(argv[1], "run");
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    if (!rest)
        return -1;
    int n = 0;
    rest[n++] = argv[1];
    for (int i = 2; i < argc; i++) {
        int rc = take_stress_option(argc, argv, &i, &a->stress, err, errlen);
        if (rc < 0) {
            free(rest);
            return -1;
        }
        if (rc == 0)
            rest[n++] = argv[i];
    }
    int rc = a->is_tts ? tts_args_parse(n, rest, &a->tts, err, errlen)
           : a->is_run ? run_args_parse(n, rest, &a->run, err, errlen)
                       : image_args_parse(n, rest, &a->image, err, errlen);
    free(rest);
    if (rc == 0)
        rc = cli_common_single(a->is_tts ? &a->tts.common : a->is_run ? &a->run.common : &a->image.common,
                               "ltbench stress", err, errlen);
    if (rc == 0 && (a->is_tts ? &a->tts.common : a->is_run ? &a->run.common : &a->image.common)
                           ->cfg.profile_requests > 0) {
        snprintf(err, errlen, "--profile runs after the timed levels of image, tts, generate and "
                              "run; ltbench stress has no such end");
        rc = -1;
    }
    return rc;
}

static common_args *common_of(stress_args *a)
{
    return a->is_tts ? &a->tts.common : a->is_run ? &a->run.common : &a->image.common;
}

static void fit_ramp_to_duration(ltb_stress_options *o, int quiet)
{
    if (o->ramp_up_s <= o->duration_s)
        return;
    double ramp = o->duration_s / 3;
    if (!quiet)
        fprintf(stderr, "ltbench stress: --ramp-up %gs is longer than --duration %gs: "
                        "ramping over %gs\n", o->ramp_up_s, o->duration_s, ramp);
    o->ramp_up_s = ramp;
}

static int report(const ltb_stress_result *r, const common_args *c)
{
    char err[512];
    int code = LTB_EXIT_OK;
    const ltb_config *cfg = &c->cfg;
    if (cfg->output_dir && ltb_stress_report_files(r, cfg->output_dir, err, sizeof err) != 0) {
        fprintf(stderr, "ltbench: %s\n", err);
        code = LTB_EXIT_USAGE;
    }
    if (cfg->output_dir && !(cfg->outputs & LTB_OUT_NO_PLOTS) &&
        ltb_report_stress_plots(r, cfg->output_dir, cfg->quiet, err, sizeof err) != 0)
        fprintf(stderr, "ltbench: plots: %s\n", err);
    if (!cfg->quiet) {
        ltb_stress_report_console(stdout, r);
        if (cfg->output_dir)
            fprintf(stderr, "ltbench: results in %s/%s_stress.{json,csv}%s\n", cfg->output_dir,
                    cfg->name, r->interrupted ? " (partial)" : "");
    }
    return code;
}

static int run(stress_args *a, double *success_pct)
{
    char err[512];
    ltb_workload w;
    ltb_target t;
    common_args *c = common_of(a);
    int rc = a->is_tts ? tts_open_workload_target(&a->tts, &w, &t, err, sizeof err)
           : a->is_run ? run_open_workload_target(&a->run, &w, &t, err, sizeof err)
                       : image_open_workload_target(&a->image, &w, &t, err, sizeof err);
    if (rc != 0) {
        fprintf(stderr, "ltbench: %s\n", err);
        return LTB_EXIT_USAGE;
    }
    fit_ramp_to_duration(&a->stress, c->cfg.quiet);
    if (!c->cfg.quiet && a->stress.rate_to > 0)
        fprintf(stderr, "ltbench stress %s: %s on %s, offered rate %g/s -> %g/s over %gs, at "
                        "most %d in flight, %gs in all, a sample every %gs\n",
                a->is_tts ? "tts" : a->is_run ? "run" : "image",
                strcmp(c->target, "torch") ? c->target : c->cfg.model_path, c->cfg.device,
                a->stress.rate_from, a->stress.rate_to,
                a->stress.ramp_up_s > 0 ? a->stress.ramp_up_s : a->stress.duration_s,
                a->stress.max_concurrency, a->stress.duration_s, a->stress.sample_interval_s);
    else if (!c->cfg.quiet)
        fprintf(stderr, "ltbench stress %s: %s on %s, up to %d workers over %gs, %gs in all, "
                        "a sample every %gs\n", a->is_tts ? "tts" : a->is_run ? "run" : "image",
                strcmp(c->target, "torch") ? c->target : c->cfg.model_path, c->cfg.device,
                a->stress.max_concurrency, a->stress.ramp_up_s, a->stress.duration_s,
                a->stress.sample_interval_s);
    ltb_interrupt_install();
    ltb_stress_result r;
    int code;
    if (ltb_stress_run(&c->cfg, &a->stress, &w, &t, &r, err, sizeof err) != 0) {
        fprintf(stderr, "ltbench: %s\n", err);
        code = LTB_EXIT_USAGE;
    } else {
        code = report(&r, c);
        *success_pct = ltb_stress_success_pct(&r);
        if (code == LTB_EXIT_OK)
            code = r.interrupted ? LTB_EXIT_INTERRUPTED
                   : r.failed || !r.ok ? LTB_EXIT_FAILED_REQUESTS : LTB_EXIT_OK;
        ltb_stress_result_free(&r);
    }
    if (r.workers_left_running)
        ltb_exit_leaving_workers(code);   /* they still use t and w: no clean-up */
    if (t.close)
        t.close(&t);
    ltb_workload_free(&w);
    return code;
}

int stress_cli_run(int argc, char **argv, double *success_pct)
{
    char err[512];
    *success_pct = -1;
    stress_args *a = calloc(1, sizeof *a);
    if (!a)
        return LTB_EXIT_USAGE;
    int code;
    if (parse(argc, argv, a, err, sizeof err) != 0) {
        fprintf(stderr, "ltbench stress: %s\n", err);
        code = LTB_EXIT_USAGE;
    } else if (common_of(a)->help) {
        stress_usage(stdout, a->is_tts, a->is_run);
        code = LTB_EXIT_OK;
    } else {
        code = run(a, success_pct);
    }
    free(a);
    return code;
}

int cmd_stress(int argc, char **argv)
{
    double success_pct;
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        stress_usage(stdout, 0, 0);
        return LTB_EXIT_OK;
    }
    return stress_cli_run(argc, argv, &success_pct);
}
