/* cmd_tts.c — `ltbench tts`: build the texts, open the TTS target, run the sweep,
 * write the reports and, with --save-audio, the WAV files. */
#include "cli_common.h"
#include "cli_run.h"
#include "cli_sweep_run.h"
#include "cmd_tts_args.h"
#include "cmd_open.h"
#include "commands.h"
#include "target_http.h"
#include "texts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int open_texts(const tts_args *a, ltb_workload *w, char *err, size_t errlen)
{
    const ltb_config *c = &a->common.cfg;
    ltb_texts texts;
    int rc = c->texts_file
                 ? ltb_texts_read(c->texts_file, &texts, err, errlen)
                 : ltb_texts_generate(a->corpus, c->min_text_length, c->max_text_length,
                                      c->text_variations, c->seed, &texts, err, errlen);
    if (rc != 0)
        return -1;
    rc = ltb_workload_texts(w, (const char *const *)texts.items, texts.n, err, errlen);
    ltb_texts_free(&texts);
    return rc;
}

static void print_plan(const tts_args *a, const ltb_workload *w)
{
    const ltb_config *c = &a->common.cfg;
    fprintf(stderr, "ltbench tts: %s on %s (%s%s), %d text%s, concurrency",
            strcmp(a->common.target, "torch") && !a->http.opt.url ? a->common.target : c->model_path, c->device,
            c->precision, c->streaming ? ", streaming" : "", w->n_samples,
            w->n_samples == 1 ? "" : "s");
    for (int i = 0; i < c->n_concurrency; i++)
        fprintf(stderr, "%s%d", i ? "," : " ", c->concurrency[i]);
    fprintf(stderr, ", %d requests per level\n", c->iterations);
}

int tts_open_workload_target(const tts_args *a, ltb_workload *w, ltb_target *t,
                             char *err, size_t errlen)
{
    if (open_texts(a, w, err, errlen) != 0)
        return -1;
    if (a->http.opt.url ? ltb_target_http(t, &a->http.opt, w, err, errlen) != 0
        : cli_simple_target(&a->common, t) ? 0 /* no model */
        : ltb_target_torch_tts(t, &a->tts, w, err, errlen) != 0) {
        ltb_workload_free(w);
        return -1;
    }
    return 0;
}

static void apply_variant(void *args, const cli_variant *v)
{
    tts_args *a = args;
    a->tts.device = v->device;
    a->tts.precision = v->precision;
    a->tts.cudnn_benchmark = v->cudnn_benchmark;
}

static int open_variant(void *args, ltb_workload *w, ltb_target *t, char *err, size_t errlen)
{
    return tts_open_workload_target(args, w, t, err, errlen);
}

static void plan_variant(void *args, const ltb_workload *w)
{
    print_plan(args, w);
}

static int run_tts(tts_args *a)
{
    char err[512];
    ltb_workload w;
    ltb_target t;
    if (a->http.opt.url || strcmp(a->common.target, "torch")) {
        /* a server or a model-free target: nothing to sweep */
        if (cli_common_single(&a->common, "ltbench tts with --url or --target", err, sizeof err) != 0 ||
            tts_open_workload_target(a, &w, &t, err, sizeof err) != 0) {
            fprintf(stderr, "ltbench: %s\n", err);
            return LTB_EXIT_USAGE;
        }
        if (!a->common.cfg.quiet)
            print_plan(a, &w);
        return cli_run_and_report(&a->common.cfg, &w, &t, NULL);
    }
    cli_task_ops ops = {apply_variant, open_variant, plan_variant,
                        a->tts.save_audio_dir ? ltb_target_tts_save_audio : NULL};
    return cli_sweep_run(&a->common, a, &ops);
}

int cmd_tts(int argc, char **argv)
{
    char err[512];
    tts_args *a = calloc(1, sizeof *a);
    if (!a)
        return LTB_EXIT_USAGE;
    int code;
    if (tts_args_parse(argc, argv, a, err, sizeof err) != 0) {
        fprintf(stderr, "ltbench tts: %s\n", err);
        code = LTB_EXIT_USAGE;
    } else if (a->common.help) {
        tts_args_usage(stdout);
        code = LTB_EXIT_OK;
    } else {
        code = run_tts(a);
    }
    free(a);
    return code;
}
