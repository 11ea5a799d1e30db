/* cli_sweep_run.c — the variant loop of `ltbench image|tts` (see cli_sweep_run.h). */
#include "cli_sweep_run.h"

#include "commands.h"
#include "interrupt.h"
#include "sweep_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sweep_ctx {
    sweep_report *report;
    const cli_variant *variant;
} sweep_ctx;

static void collect(const ltb_run *run, void *user)
{
    sweep_ctx *ctx = user;
    sweep_report_add_run(ctx->report, ctx->variant, run);
}

static void apply_common(common_args *c, const cli_variant *v, const char *base, int several)
{
    if (v->model)
        c->cfg.model_path = v->model;
    c->cfg.device = v->device;
    c->cfg.precision = v->precision;
    c->cfg.channels_last = v->channels_last;
    c->cfg.cudnn_benchmark = v->cudnn_benchmark;
    c->cfg.cuda_graph = v->cuda_graph;
    c->variant_dir[0] = '\0';
    if (several) {
        char suffix[160];
        cli_variant_suffix(v, suffix, sizeof suffix);
        snprintf(c->name_buf, sizeof c->name_buf, "%s%s", base, suffix);
        snprintf(c->variant_dir, sizeof c->variant_dir, "%s", suffix[0] == '_' ? suffix + 1 : suffix);
    }
}

static int run_one(common_args *c, void *args, const cli_task_ops *ops, const cli_variant *v)
{
    char err[512];
    ltb_workload w;
    ltb_target t;
    if (v->refused[0]) {
        fprintf(stderr, "ltbench: %s\n", v->refused);
        return LTB_EXIT_USAGE;
    }
    if (ops->open(args, &w, &t, err, sizeof err) != 0) {
        fprintf(stderr, "ltbench: %s\n", err);
        return LTB_EXIT_USAGE;
    }
    if (!c->cfg.quiet && ops->print_plan)
        ops->print_plan(args, &w);
    return cli_run_and_report(&c->cfg, &w, &t, ops->after);
}

int cli_sweep_run(common_args *c, void *args, const cli_task_ops *ops)
{
    static cli_variant variants[LTB_MAX_VARIANTS];
    int n = cli_sweep_variants(&c->sweep, variants, LTB_MAX_VARIANTS);
    char base[sizeof c->name_buf];
    snprintf(base, sizeof base, "%s", c->name_buf);
    if (n == 1) {
        apply_common(c, &variants[0], base, 0);
        ops->apply(args, &variants[0]);
        return run_one(c, args, ops, &variants[0]);
    }

    sweep_report report;
    sweep_report_init(&report, c->cfg.task);
    int worst = LTB_EXIT_OK, ran = 0;
    for (int i = 0; i < n && !ltb_interrupted(); i++) {
        const cli_variant *v = &variants[i];
        char label[160], err[512];
        cli_variant_label(v, label, sizeof label);
        apply_common(c, v, base, 1);
        ops->apply(args, v);
        if (!c->cfg.quiet)
            fprintf(stderr, "ltbench: variant %d of %d: %s\n", i + 1, n, label);
        ltb_workload w;
        ltb_target t;
        if (v->refused[0] || ops->open(args, &w, &t, err, sizeof err) != 0) {
            const char *why = v->refused[0] ? v->refused : err;
            fprintf(stderr, "ltbench: %s: not run: %s\n", label, why);
            sweep_report_add_not_run(&report, v, why);
            worst = worst > LTB_EXIT_FAILED_REQUESTS ? worst : LTB_EXIT_FAILED_REQUESTS;
            continue;
        }
        if (!c->cfg.quiet && ops->print_plan)
            ops->print_plan(args, &w);
        sweep_ctx ctx = {&report, v};
        int code = cli_run_and_report_with(&c->cfg, &w, &t, ops->after, collect, &ctx);
        ran++;
        if (code == LTB_EXIT_INTERRUPTED)
            worst = code;
        else if (worst != LTB_EXIT_INTERRUPTED && code > worst)
            worst = code;
    }
    snprintf(c->name_buf, sizeof c->name_buf, "%s", base);
    if (!c->cfg.quiet)
        sweep_report_print(stdout, &report);
    char err[512];
    if (c->cfg.output_dir && (c->cfg.outputs & (LTB_OUT_CSV | LTB_OUT_JSON)) &&
        sweep_report_write_csv(&report, c->cfg.output_dir, base, err, sizeof err) != 0) {
        fprintf(stderr, "ltbench: %s\n", err);
        worst = worst == LTB_EXIT_INTERRUPTED ? worst : LTB_EXIT_USAGE;
    }
    sweep_report_free(&report);
    if (ltb_interrupted())
        return LTB_EXIT_INTERRUPTED;
    return ran == 0 ? LTB_EXIT_USAGE : worst;
}
