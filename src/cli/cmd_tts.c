/* cmd_tts.c — `ltbench tts`: build the texts, open the TTS target, run the sweep,
 * write the reports and, with --save-audio, the WAV files. */
#include "cli_common.h"
#include "cli_run.h"
#include "cli_sweep_run.h"
#include "cmd_tts_args.h"
#include "cmd_open.h"
#include "commands.h"
#include "http_body.h"
#include "sndfile_loader.h"
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

static void print_plan(const void *args, const ltb_workload *w)
{
    const tts_args *a = args;
    const ltb_config *c = &a->common.cfg;
    if (a->http.opt.url)   /* a server: its protocol, not a precision */
        fprintf(stderr, "ltbench tts: %s (--api %s%s),", a->http.opt.url,
                ltb_http_api_name(a->http.opt.api), c->streaming ? ", streaming" : "");
    else
        fprintf(stderr, "ltbench tts: %s on %s (%s%s),",
                strcmp(a->common.target, "torch") ? a->common.target : c->model_path, c->device,
                c->precision, c->streaming ? ", streaming" : "");
    fprintf(stderr, " %d text%s,", w->n_samples, w->n_samples == 1 ? "" : "s");
    cli_print_levels(c, 0);
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

static int parse_tts(int argc, char **argv, void *args, char *err, size_t errlen)
{
    return tts_args_parse(argc, argv, args, err, errlen);
}

static int open_tts(void *args, ltb_workload *w, ltb_target *t, char *err, size_t errlen)
{
    tts_args *a = args;
    a->tts.device = a->common.cfg.device; /* as a variant or a fleet bound them */
    a->tts.threads = a->common.cfg.threads;
    if (a->tts.save_audio_dir && !strcmp(a->common.target, "torch") && !ltb_sndfile(err, errlen))
        return -1;   /* --save-audio without libsndfile: refused before the run, not after */
    char why[512];
    if (a->http.opt.url)   /* WAV answers: libsndfile loaded before timing (a failure is */
        ltb_sndfile(why, sizeof why);   /* each answer's error, as a WAV it cannot read) */
    return tts_open_workload_target(a, w, t, err, errlen);
}

/* --save-audio, in-process only. */
static cli_after_run_fn after_tts(const void *args)
{
    const tts_args *a = args;
    return a->tts.save_audio_dir && !strcmp(a->common.target, "torch") ? ltb_target_tts_save_audio
                                                                       : NULL;
}

static void apply_variant(void *args, const cli_variant *v)
{
    tts_args *a = args;
    if (v->model)
        a->tts.model_path = v->model;
    a->tts.device = v->device;
    a->tts.precision = v->precision;
    a->tts.cudnn_benchmark = v->cudnn_benchmark;
}

/* a server or a model-free target has nothing to sweep */
static int runs_model(const void *args)
{
    const tts_args *a = args;
    return !a->http.opt.url && !strcmp(a->common.target, "torch");
}

static const fleet_options *fleet_of(const void *args)
{
    return &((const tts_args *)args)->fleet;
}

const cli_command cmd_tts_command = {"tts", sizeof(tts_args), parse_tts, tts_args_usage,
                                    open_tts, print_plan, after_tts, apply_variant,
                                    runs_model, fleet_of};

int cmd_tts(int argc, char **argv)
{
    return cli_command_main(&cmd_tts_command, argc, argv);
}
