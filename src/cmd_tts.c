/* cmd_tts.c — `ltbench tts`: build the texts, open the TTS target, run the sweep,
 * write the reports and, with --save-audio, the WAV files. */
#include "cli_common.h"
#include "cli_run.h"
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

static void print_plan(void *args, const ltb_workload *w)
{
    const tts_args *a = args;
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

static int open_job(void *args, ltb_workload *w, ltb_target *t, char *err, size_t errlen)
{
    tts_args *a = args;
    a->tts.device = a->common.cfg.device; /* as a fleet bound them */
    a->tts.threads = a->common.cfg.threads;
    return tts_open_workload_target(a, w, t, err, errlen);
}

static int run_tts(tts_args *a)
{
    int saving = a->tts.save_audio_dir && !strcmp(a->common.target, "torch");
    cli_job job = {.cfg = &a->common.cfg, .fleet = &a->fleet, .open = open_job,
                   .print_plan = print_plan, .after = saving ? ltb_target_tts_save_audio : NULL,
                   .args = a};
    return cli_run_job(&job);
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
