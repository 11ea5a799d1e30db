/* report_all.c — writes every output a run's config asks for: the console table
 * and/or Markdown to `out` followed by the run's warnings, and the CSV (image or
 * TTS or generation) and JSON files into config.output_dir (created if missing). A failing
 * file does not stop the others; the first error is returned. Also builds the
 * "{dir}/{name}{suffix}" paths the writers use. */
#include "report.h"

#include "atomic_file.h"
#include "report_plots.h"
#include "report_rate.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

/* Keeps the first error message; later ones are dropped. */
static void keep_first_error(int *rc, const char *msg, char *err, size_t errlen)
{
    if (*rc == 0)
        snprintf(err, errlen, "%s", msg);
    *rc = -1;
}

static int write_csv_files(const ltb_run *run, const char *dir, char *err, size_t errlen)
{
    switch (run->config.task) {
    case LTB_TASK_IMAGE:
        return ltb_report_csv_image(run, dir, err, errlen);
    case LTB_TASK_TTS:
        return ltb_report_csv_tts(run, dir, err, errlen);
    case LTB_TASK_GENERATE:
        return ltb_report_csv_generate(run, dir, err, errlen);
    case LTB_TASK_RUN:
        return ltb_report_csv_run(run, dir, err, errlen);
    case LTB_TASK_LLM:
        return ltb_report_csv_llm(run, dir, err, errlen);
    }
    return 0;
}

static void write_files(const ltb_run *run, const ltb_environment *env, int *rc, char *err,
                        size_t errlen)
{
    const ltb_config *c = &run->config;
    char msg[512];
    if (make_dirs(c->output_dir, msg, sizeof msg) != 0) {
        keep_first_error(rc, msg, err, errlen);
        return;
    }
    if ((c->outputs & LTB_OUT_CSV) && write_csv_files(run, c->output_dir, msg, sizeof msg) != 0)
        keep_first_error(rc, msg, err, errlen);
    if ((c->outputs & LTB_OUT_CSV) && ltb_report_slo_csv(run, c->output_dir, msg, sizeof msg) != 0)
        keep_first_error(rc, msg, err, errlen);
    if ((c->outputs & LTB_OUT_JSON) &&
        ltb_report_json(run, env, c->output_dir, msg, sizeof msg) != 0)
        keep_first_error(rc, msg, err, errlen);
}

int ltb_report_all(const ltb_run *run, const ltb_environment *env, FILE *out,
                   char *err, size_t errlen)
{
    const ltb_config *c = &run->config;
    int rc = 0;
    if (out != NULL && (c->outputs & LTB_OUT_TABLE)) {
        ltb_report_table(out, run);
        ltb_report_table_rate(out, run);
    }
    if (out != NULL && (c->outputs & LTB_OUT_MD))
        ltb_report_markdown(out, run);
    ltb_print_warnings(out, run); /* nothing when out is NULL or the run is healthy */
    if (c->output_dir != NULL && (c->outputs & (LTB_OUT_CSV | LTB_OUT_JSON))) {
        write_files(run, env, &rc, err, errlen);
        char msg[512];
        if (ltb_report_plots(run, c->output_dir, msg, sizeof msg) != 0)
            keep_first_error(&rc, msg, err, errlen);
    }
    if (out != NULL)
        fflush(out);
    return rc;
}
