/* cli_quick.c — the quick tests' frame (see cli_quick.h): parse, refuse sweeps,
 * --help, open, one run without files, print, close. */
#include "cli_quick.h"
#include "cli_common.h"
#include "commands.h"
#include "interrupt.h"

#include <stdio.h>
#include <stdlib.h>

char **cli_with_defaults(const char *const *head, int n_head, int argc, char **argv, int *n)
{
    char **all = calloc((size_t)(n_head + argc + 1), sizeof *all);
    if (!all)
        return NULL;
    *n = 0;
    for (int i = 0; i < n_head; i++)
        all[(*n)++] = (char *)head[i];
    for (int i = 1; i < argc; i++)
        all[(*n)++] = argv[i];
    return all;
}

static int run_quick(const cli_quick *q, void *args)
{
    char err[512];
    ltb_workload w;
    ltb_target t;
    if (q->command->open(args, &w, &t, err, sizeof err) != 0) {
        fprintf(stderr, "%s: %s\n", q->who, err);
        return LTB_EXIT_USAGE;
    }
    ltb_interrupt_install();
    ltb_run *run = calloc(1, sizeof *run);
    int code = LTB_EXIT_USAGE;
    if (!run)
        fprintf(stderr, "%s: out of memory\n", q->who);
    else if (ltb_run_benchmark(&((common_args *)args)->cfg, &w, &t, run, err, sizeof err) != 0)
        fprintf(stderr, "%s: %s\n", q->who, err);
    else if (run->n_levels < 1 || run->levels[0].skipped)
        fprintf(stderr, "%s: %s\n", q->who, run->n_levels ? run->levels[0].note : "no level ran");
    else {
        q->print(run);
        code = ltb_run_exit_code(run);
    }
    if (run)
        ltb_run_free(run);
    free(run);
    if (t.close)
        t.close(&t);
    ltb_workload_free(&w);
    return code;
}

int cli_quick_main(const cli_quick *q, int argc, char **argv)
{
    char err[512];
    int n;
    char **all = cli_with_defaults(q->head, q->n_head, argc, argv, &n);
    void *args = calloc(1, q->command->args_size);
    common_args *c = args;
    int code = LTB_EXIT_USAGE;
    if (!all || !args)
        fprintf(stderr, "%s: out of memory\n", q->who);
    else if (q->command->parse(n, all, args, err, sizeof err) != 0 ||
             cli_common_single(c, q->who, err, sizeof err) != 0)
        fprintf(stderr, "%s: %s\n", q->who, err);
    else if (c->help) {
        fputs(q->usage, stdout);
        code = LTB_EXIT_OK;
    } else {
        c->cfg.output_dir = NULL;   /* prints only, like the seed's quick test */
        code = run_quick(q, args);
    }
    free(args);
    free(all);
    return code;
}
