/* cmd_image.c — `ltbench image`: load the images, open the target, run the sweep,
 * write the reports. */
#include "cmd_image_args.h"
#include "cmd_open.h"
#include "commands.h"
#include "cli_common.h"
#include "cli_run.h"
#include "cli_sweep_run.h"
#include "http_body.h"
#include "target_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_plan(const void *args, const ltb_workload *w)
{
    const image_args *a = args;
    const ltb_config *c = &a->common.cfg;
    if (a->http.opt.url)   /* a server: its protocol, not a precision */
        fprintf(stderr, "ltbench image: %s (--api %s%s),", a->http.opt.url,
                ltb_http_api_name(a->http.opt.api), a->http.opt.binary_data ? ", binary data" : "");
    else
        fprintf(stderr, "ltbench image: %s on %s (%s%s),",
                strcmp(a->common.target, "torch") ? a->common.target : c->model_path, c->device,
                c->precision, c->channels_last ? ", channels_last" : "");
    fprintf(stderr, " %d %s image%s %dx%d,", w->n_samples, a->synthetic ? "synthetic" : "photo",
            w->n_samples == 1 ? "" : "s", c->width, c->height);
    cli_print_levels(c, 1);
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

static int parse_image(int argc, char **argv, void *args, char *err, size_t errlen)
{
    return image_args_parse(argc, argv, args, err, errlen);
}

static int open_image(void *args, ltb_workload *w, ltb_target *t, char *err, size_t errlen)
{
    image_args *a = args;
    a->torch.device = a->common.cfg.device; /* as a variant or a fleet bound them */
    a->torch.threads = a->common.cfg.threads;
    return image_open_workload_target(a, w, t, err, errlen);
}

static void apply_variant(void *args, const cli_variant *v)
{
    image_args *a = args;
    if (v->model)
        a->torch.model_path = v->model;
    a->torch.device = v->device;
    a->torch.precision = v->precision;
    a->torch.channels_last = v->channels_last;
    a->torch.cudnn_benchmark = v->cudnn_benchmark;
    a->torch.cuda_graph = v->cuda_graph;
}

/* a server or a model-free target has nothing to sweep */
static int runs_model(const void *args)
{
    const image_args *a = args;
    return !a->http.opt.url && !strcmp(a->common.target, "torch");
}

static const fleet_options *fleet_of(const void *args)
{
    return &((const image_args *)args)->fleet;
}

const cli_command cmd_image_command = {"image", sizeof(image_args), parse_image,
                                      image_args_usage, open_image, print_plan, NULL,
                                      apply_variant, runs_model, fleet_of};

int cmd_image(int argc, char **argv)
{
    return cli_command_main(&cmd_image_command, argc, argv);
}

int cmd_default(const char *argv0)
{
    char *argv[] = {(char *)"image", (char *)"--iterations", (char *)"24", NULL};
    (void)argv0;
    fprintf(stderr, "ltbench: no command given: running the quick default job "
                    "(ltbench image --iterations 24; see ltbench --help)\n");
    return cmd_image(3, argv);
}
