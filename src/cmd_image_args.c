/* cmd_image_args.c — getopt_long parsing of `ltbench image` into image_args. */
#define _GNU_SOURCE
#include "cmd_image_args.h"
#include "cli_parse.h"
#include "paths.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

enum {
    OPT_WARMUP = 1000, OPT_TIMEOUT, OPT_DEVICE, OPT_PRECISION, OPT_CHANNELS_LAST, OPT_WIDTH,
    OPT_HEIGHT, OPT_SEED, OPT_NAME, OPT_OUTPUT_DIR, OPT_IMAGES, OPT_SYNTHETIC,
    OPT_INCLUDE_PREPROCESS, OPT_TARGET, OPT_INTEROP, OPT_OPTIMIZE, OPT_MODEL
};

static const struct option kOptions[] = {
    {"model", required_argument, NULL, 'm'},
    {"images", required_argument, NULL, OPT_IMAGES},
    {"synthetic", required_argument, NULL, OPT_SYNTHETIC},
    {"include-preprocess", no_argument, NULL, OPT_INCLUDE_PREPROCESS},
    {"concurrency", required_argument, NULL, 'c'},
    {"iterations", required_argument, NULL, 'n'},
    {"warmup", required_argument, NULL, OPT_WARMUP},
    {"batch", required_argument, NULL, 'b'},
    {"threads", required_argument, NULL, 't'},
    {"interop-threads", required_argument, NULL, OPT_INTEROP},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"device", required_argument, NULL, OPT_DEVICE},
    {"precision", required_argument, NULL, OPT_PRECISION},
    {"channels-last", no_argument, NULL, OPT_CHANNELS_LAST},
    {"optimize", no_argument, NULL, OPT_OPTIMIZE},
    {"width", required_argument, NULL, OPT_WIDTH},
    {"height", required_argument, NULL, OPT_HEIGHT},
    {"top-k", required_argument, NULL, 'k'},
    {"seed", required_argument, NULL, OPT_SEED},
    {"name", required_argument, NULL, OPT_NAME},
    {"output-dir", required_argument, NULL, OPT_OUTPUT_DIR},
    {"output", required_argument, NULL, 'o'},
    {"target", required_argument, NULL, OPT_TARGET},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

void image_args_usage(FILE *out)
{
    fprintf(out,
        "usage: ltbench image [options]\n"
        "Benchmark an image-classification TorchScript model in-process.\n"
        "  -m, --model PATH          TorchScript file (default: %s/resnet18.pt)\n"
        "      --images DIR          JPEG/PNG photos (default: %s/images)\n"
        "      --synthetic N         N seeded generated images instead of photos\n"
        "      --include-preprocess  time decode+resize+normalise inside each request\n"
        "  -c, --concurrency LIST    workers per level, e.g. 1,2,4 (default 1,2,4)\n"
        "  -b, --batch LIST          images per request, e.g. 1,8,32 (default 1)\n"
        "  -n, --iterations N        timed requests per level (default 50)\n"
        "      --warmup N            warm-up requests per level (default max(5, concurrency);\n"
        "                            N > 0 is raised to the concurrency; 0 = none)\n"
        "  -t, --threads N           intra-op threads (default: LibTorch's)\n"
        "      --interop-threads N   inter-op threads\n"
        "      --timeout S           a request slower than S seconds fails (default 30)\n"
        "      --device DEV          cpu, cuda, cuda:N (default cpu)\n"
        "      --precision P         fp32, fp16, bf16 (default fp32)\n"
        "      --channels-last       channels_last memory format\n"
        "      --optimize            freeze + optimize_for_inference after loading\n"
        "      --width W --height H  model input size (default 224x224)\n"
        "  -k, --top-k K             predictions kept per request, 1..5 (default 5)\n"
        "      --seed N              seed of generated inputs (default 42)\n"
        "      --name NAME           base name of result files (default: model file name)\n"
        "      --output-dir DIR      where files go (default ltbench_results)\n"
        "  -o, --output LIST         table,csv,json,md (default table,csv,json)\n"
        "      --target KIND         torch (default) or null (no work: harness overhead)\n"
        "  -q, --quiet               no console table\n",
        ltb_models_dir(), ltb_assets_dir());
}

static void set_defaults(image_args *a)
{
    memset(a, 0, sizeof *a);
    ltb_config_defaults(&a->cfg);
    a->cfg.task = LTB_TASK_IMAGE;
    a->cfg.width = a->cfg.height = 224;
    a->cfg.precision = "fp32";
    a->cfg.device = "cpu";
    a->target = "torch";
    ltb_default_model("resnet18.pt", a->model_buf, sizeof a->model_buf);
    snprintf(a->images_buf, sizeof a->images_buf, "%s/images", ltb_assets_dir());
    a->images_dir = a->images_buf;
}

static const char *base_name_without_ext(const char *path, char *buf, size_t len)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t n = strlen(base) < len ? strlen(base) : len - 1;
    memcpy(buf, base, n);
    buf[n] = '\0';
    char *dot = strrchr(buf, '.');
    if (dot && dot != buf)
        *dot = '\0';
    return buf;
}

static int parse_outputs(const char *s, unsigned *outputs, char *err, size_t errlen)
{
    static const char *const kWords[] = {"table", "csv", "json", "md", NULL};
    static const unsigned kBits[] = {LTB_OUT_TABLE, LTB_OUT_CSV, LTB_OUT_JSON, LTB_OUT_MD};
    int mask = ltb_parse_word_set("--output", s, kWords, err, errlen);
    if (mask < 0)
        return -1;
    *outputs = 0;
    for (int i = 0; kWords[i]; i++)
        if (mask & (1 << i))
            *outputs |= kBits[i];
    return 0;
}

static int parse_one(int opt, const char *v, image_args *a, char *err, size_t errlen)
{
    ltb_config *c = &a->cfg;
    int n;
    switch (opt) {
    case 'm': snprintf(a->model_buf, sizeof a->model_buf, "%s", v); return 0;
    case OPT_IMAGES:
        snprintf(a->images_buf, sizeof a->images_buf, "%s", v);
        a->images_dir = a->images_buf;
        a->synthetic = 0;
        return 0;
    case OPT_SYNTHETIC:
        a->images_dir = NULL;
        return ltb_parse_int("--synthetic", v, 1, 4096, &a->synthetic, err, errlen);
    case OPT_INCLUDE_PREPROCESS: c->include_preprocess = 1; return 0;
    case 'c':
        n = ltb_parse_int_list("--concurrency", v, 1, 1024, c->concurrency, LTB_MAX_LEVELS, err, errlen);
        if (n < 0)
            return -1;
        c->n_concurrency = n;
        return 0;
    case 'b':
        n = ltb_parse_int_list("--batch", v, 1, 4096, c->batch, LTB_MAX_LEVELS, err, errlen);
        if (n < 0)
            return -1;
        c->n_batch = n;
        return 0;
    case 'n': return ltb_parse_int("--iterations", v, 1, 10000000, &c->iterations, err, errlen);
    case OPT_WARMUP: return ltb_parse_int("--warmup", v, 0, 1000000, &c->warmup, err, errlen);
    case 't': return ltb_parse_int("--threads", v, 1, 1024, &c->threads, err, errlen);
    case OPT_INTEROP:
        return ltb_parse_int("--interop-threads", v, 1, 1024, &a->torch.interop_threads, err, errlen);
    case OPT_TIMEOUT: return ltb_parse_double("--timeout", v, 0.001, 86400, &c->timeout_s, err, errlen);
    case OPT_DEVICE: c->device = v; return 0;
    case OPT_PRECISION:
        if (strcmp(v, "fp32") && strcmp(v, "fp16") && strcmp(v, "bf16")) {
            snprintf(err, errlen, "--precision: '%s' is not one of fp32, fp16, bf16", v);
            return -1;
        }
        c->precision = v;
        return 0;
    case OPT_CHANNELS_LAST: c->channels_last = 1; return 0;
    case OPT_OPTIMIZE: a->torch.optimize = 1; return 0;
    case OPT_WIDTH: return ltb_parse_int("--width", v, 8, 8192, &c->width, err, errlen);
    case OPT_HEIGHT: return ltb_parse_int("--height", v, 8, 8192, &c->height, err, errlen);
    case 'k': return ltb_parse_int("--top-k", v, 1, LTB_TOPK, &c->top_k, err, errlen);
    case OPT_SEED: {
        int seed;
        if (ltb_parse_int("--seed", v, 0, 2147483647L, &seed, err, errlen) != 0)
            return -1;
        c->seed = (uint64_t)seed;
        return 0;
    }
    case OPT_NAME:
        if (!*v || strchr(v, '/')) {
            snprintf(err, errlen, "--name: '%s' must be a non-empty file name without '/'", v);
            return -1;
        }
        snprintf(a->name_buf, sizeof a->name_buf, "%s", v);
        return 0;
    case OPT_OUTPUT_DIR: c->output_dir = v; return 0;
    case 'o': return parse_outputs(v, &c->outputs, err, errlen);
    case OPT_TARGET:
        if (strcmp(v, "torch") && strcmp(v, "null")) {
            snprintf(err, errlen, "--target: '%s' is not one of torch, null", v);
            return -1;
        }
        a->target = v;
        return 0;
    case 'q': c->quiet = 1; return 0;
    case 'h': a->help = 1; return 0;
    default: return -1;
    }
}

int image_args_parse(int argc, char **argv, image_args *a, char *err, size_t errlen)
{
    set_defaults(a);
    optind = 0;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, ":m:c:n:b:t:k:o:qh", kOptions, NULL)) != -1) {
        if (opt == '?' || opt == ':') {
            const char *what = argv[optind - 1];
            snprintf(err, errlen, opt == '?' ? "unknown option '%s' (see ltbench image --help)"
                                             : "option '%s' needs a value", what);
            return -1;
        }
        if (parse_one(opt, optarg, a, err, errlen) != 0)
            return -1;
    }
    if (optind < argc) {
        snprintf(err, errlen, "unexpected argument '%s' (see ltbench image --help)", argv[optind]);
        return -1;
    }
    a->cfg.model_path = a->model_buf;
    if (!a->name_buf[0])
        base_name_without_ext(!strcmp(a->target, "null") ? "null" : a->model_buf, a->name_buf,
                              sizeof a->name_buf);
    a->cfg.name = a->name_buf;
    a->cfg.model_name = a->name_buf;
    a->torch = (ltb_torch_options){.model_path = a->model_buf, .device = a->cfg.device,
                                   .precision = a->cfg.precision,
                                   .channels_last = a->cfg.channels_last,
                                   .optimize = a->torch.optimize, .threads = a->cfg.threads,
                                   .interop_threads = a->torch.interop_threads,
                                   .top_k = a->cfg.top_k,
                                   .include_preprocess = a->cfg.include_preprocess,
                                   .width = a->cfg.width, .height = a->cfg.height};
    return 0;
}
