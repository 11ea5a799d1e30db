/* cmd_image.c — `ltbench image`: load the images, open the target, run the sweep,
 * write the reports. */
#include "cmd_image_args.h"
#include "cmd_open.h"
#include "commands.h"
#include "cli_common.h"
#include "cli_run.h"
#include "target_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_plan(void *args, const ltb_workload *w)
{
    const image_args *a = args;
    const ltb_config *c = &a->common.cfg;
    fprintf(stderr, "ltbench image: %s on %s (%s%s), %d %s image%s %dx%d, concurrency",
            strcmp(a->common.target, "torch") && !a->http.opt.url ? a->common.target : c->model_path, c->device, c->precision,
            c->channels_last ? ", channels_last" : "", w->n_samples,
            a->synthetic ? "synthetic" : "photo", w->n_samples == 1 ? "" : "s", c->width,
            c->height);
    for (int i = 0; i < c->n_concurrency; i++)
        fprintf(stderr, "%s%d", i ? "," : " ", c->concurrency[i]);
    fprintf(stderr, " x batch");
    for (int i = 0; i < c->n_batch; i++)
        fprintf(stderr, "%s%d", i ? "," : " ", c->batch[i]);
    fprintf(stderr, ", %d requests per level\n", c->iterations);
}

static int open_workload(const image_args *a, ltb_workload *w, char *err, size_t errlen)
{
    if (a->synthetic > 0)
        return ltb_workload_synthetic_images(w, a->synthetic, a->common.cfg.width, a->common.cfg.height,
                                             a->common.cfg.seed, err, errlen);
    return ltb_workload_image_dir(w, a->images_dir, a->common.cfg.width, a->common.cfg.height, err, errlen);
}

int image_open_workload_target(const image_args *a, ltb_workload *w, ltb_target *t,
                               char *err, size_t errlen)
{
    if (open_workload(a, w, err, errlen) != 0)
        return -1;
    if (a->http.opt.url ? ltb_target_http(t, &a->http.opt, w, err, errlen) != 0
        : cli_simple_target(&a->common, t) ? 0 /* no model */
        : ltb_target_torch_image(t, &a->torch, w, err, errlen) != 0) {
        ltb_workload_free(w);
        return -1;
    }
    return 0;
}

static int open_job(void *args, ltb_workload *w, ltb_target *t, char *err, size_t errlen)
{
    image_args *a = args;
    a->torch.device = a->common.cfg.device; /* as a fleet bound them */
    a->torch.threads = a->common.cfg.threads;
    return image_open_workload_target(a, w, t, err, errlen);
}

static int run_image(image_args *a)
{
    cli_job job = {.cfg = &a->common.cfg, .fleet = &a->fleet, .open = open_job,
                   .print_plan = print_plan, .args = a};
    return cli_run_job(&job);
}

int cmd_image(int argc, char **argv)
{
    char err[512];
    image_args *a = calloc(1, sizeof *a);
    if (!a)
        return LTB_EXIT_USAGE;
    int code;
    if (image_args_parse(argc, argv, a, err, sizeof err) != 0) {
        fprintf(stderr, "ltbench image: %s\n", err);
        code = LTB_EXIT_USAGE;
    } else if (a->common.help) {
        image_args_usage(stdout);
        code = LTB_EXIT_OK;
    } else {
        code = run_image(a);
    }
    free(a);
    return code;
}

int cmd_default(const char *argv0)
{
    char *argv[] = {(char *)"image", (char *)"--iterations", (char *)"24", NULL};
    (void)argv0;
    fprintf(stderr, "ltbench: no command given: running the quick default job "
                    "(ltbench image --iterations 24; see ltbench --help)\n");
    return cmd_image(3, argv);
}
