/* cmd_image_args.c — `ltbench image`'s own options on top of the common ones. */
#include "cmd_image_args.h"
#include "cli_parse.h"
#include "http_cli.h"
#include "paths.h"

#include <string.h>

enum { OPT_CHANNELS_LAST = 2000, OPT_WIDTH, OPT_HEIGHT, OPT_IMAGES, OPT_SYNTHETIC,
       OPT_INCLUDE_PREPROCESS, OPT_CUDA_GRAPH };

static const struct option kImageOptions[] = {
    {"images", required_argument, NULL, OPT_IMAGES},
    {"synthetic", required_argument, NULL, OPT_SYNTHETIC},
    {"include-preprocess", no_argument, NULL, OPT_INCLUDE_PREPROCESS},
    {"batch", required_argument, NULL, 'b'},
    {"channels-last", optional_argument, NULL, OPT_CHANNELS_LAST},
    {"cuda-graph", optional_argument, NULL, OPT_CUDA_GRAPH},
    {"width", required_argument, NULL, OPT_WIDTH},
    {"height", required_argument, NULL, OPT_HEIGHT},
    {"top-k", required_argument, NULL, 'k'},
    LTB_HTTP_CLI_OPTIONS,
    LTB_HTTP_IMAGE_CLI_OPTIONS,
    LTB_FLEET_CLI_OPTIONS,
    {NULL, 0, NULL, 0},
};

void image_args_usage(FILE *out)
{
    fprintf(out, "usage: ltbench image [options]\n"
                 "Benchmark an image-classification TorchScript model in-process.\n");
    cli_common_usage(out, "resnet18.pt");
    fprintf(out,
        "      --images DIR          JPEG/PNG photos (default: %s/images)\n"
        "      --synthetic N         N seeded generated images instead of photos\n"
        "      --include-preprocess  time decode+resize+normalise inside each request\n"
        "  -b, --batch LIST          images per request, e.g. 1,8,32 (default 1)\n"
        "      --channels-last[=0,1] channels_last memory format (=0,1 runs both)\n"
        "      --cuda-graph[=0,1]    CUDA only: replay each worker's forward as a CUDA graph\n"
        "Lists of model files (-m a.pt,a.pt2), devices, precisions and =0,1 switches run\n"
        "every combination, each with its own files\n"
        "({name}[_{model file}]_{device}_{precision}[_cl][_cudnn][_graph]) and a\n"
        "{name}_sweep.csv of them all.\n"
        "      --width W --height H  model input size (default 224x224)\n"
        "  -k, --top-k K             predictions kept per request, 1..5 (default 5)\n"
        "Iterations default to 50 per level.\n",
        ltb_assets_dir());
    http_cli_usage(out, 0);
    fleet_cli_usage(out);
}

static int parse_image_option(int opt, const char *v, void *ctx, char *err, size_t errlen)
{
    image_args *a = ctx;
    ltb_config *c = &a->common.cfg;
    int n;
    switch (opt) {
    case OPT_IMAGES:
        snprintf(a->images_buf, sizeof a->images_buf, "%s", v);
        a->images_dir = a->images_buf;
        a->synthetic = 0;
        return 0;
    case OPT_SYNTHETIC:
        a->images_dir = NULL;
        return ltb_parse_int("--synthetic", v, 1, 4096, &a->synthetic, err, errlen);
    case OPT_INCLUDE_PREPROCESS: c->include_preprocess = 1; return 0;
    case 'b':
        n = ltb_parse_int_list("--batch", v, 1, 4096, c->batch, LTB_MAX_LEVELS, err, errlen);
        if (n < 0)
            return -1;
        c->n_batch = n;
        return 0;
    case OPT_CHANNELS_LAST:
        if (cli_sweep_parse_switch("--channels-last", v, a->common.sweep.channels_last,
                                   &a->common.sweep.n_channels_last, err, errlen) != 0)
            return -1;
        c->channels_last = a->common.sweep.channels_last[0];
        return 0;
    case OPT_CUDA_GRAPH:
        return cli_sweep_parse_switch("--cuda-graph", v, a->common.sweep.cuda_graph,
                                      &a->common.sweep.n_cuda_graph, err, errlen);
    case OPT_WIDTH: return ltb_parse_int("--width", v, 8, 8192, &c->width, err, errlen);
    case OPT_HEIGHT: return ltb_parse_int("--height", v, 8, 8192, &c->height, err, errlen);
    case 'k': return ltb_parse_int("--top-k", v, 1, LTB_TOPK, &c->top_k, err, errlen);
    default: {
        int rc = http_cli_option(opt, v, &a->http, err, errlen);
        return rc == 1 ? fleet_cli_option(opt, v, &a->fleet, err, errlen) : rc;
    }
    }
}

int image_args_parse(int argc, char **argv, image_args *a, char *err, size_t errlen)
{
    memset(a, 0, sizeof *a);
    cli_common_defaults(&a->common, LTB_TASK_IMAGE, "resnet18.pt");
    fleet_cli_defaults(&a->fleet);
    ltb_config *c = &a->common.cfg;
    c->width = c->height = 224;
    snprintf(a->images_buf, sizeof a->images_buf, "%s/images", ltb_assets_dir());
    a->images_dir = a->images_buf;
    if (cli_parse(argc, argv, "image", kImageOptions, "b:k:", parse_image_option, a, &a->common,
                  err, errlen) != 0)
        return -1;
    if (http_cli_finish(&a->http, &a->common, err, errlen) != 0)
        return -1;
    a->torch = (ltb_torch_options){.model_path = c->model_path, .device = c->device,
                                   .precision = c->precision, .channels_last = c->channels_last,
                                   .optimize = a->common.optimize, .threads = c->threads,
                                   .cudnn_benchmark = a->common.sweep.cudnn_benchmark[0],
                                   .cuda_graph = a->common.sweep.cuda_graph[0],
                                   .interop_threads = cli_interop_threads(&a->common),
                                   .top_k = c->top_k, .include_preprocess = c->include_preprocess,
                                   .width = c->width, .height = c->height};
    return 0;
}
