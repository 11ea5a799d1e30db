/* cmd_generate_args.c — `ltbench generate`'s own options on top of the common ones. */
#include "cmd_generate_args.h"
#include "cli_parse.h"
#include "prompts.h"

#include <string.h>

enum { OPT_WIDTH = 4000, OPT_HEIGHT, OPT_STEPS, OPT_GUIDANCE, OPT_NEGATIVE, OPT_PREVIEW,
       OPT_PROMPTS, OPT_MIN_LEN, OPT_MAX_LEN, OPT_VARIATIONS, OPT_VOCAB, OPT_SAVE_IMAGES };

#define DEFAULT_SIDE 512
#define MAX_SIDE 8192
#define MAX_STEPS 10000
#define DEFAULT_TIMEOUT_S 600.0  /* a 512x512 diffusion request takes seconds to minutes on a CPU */

static const struct option kGenerateOptions[] = {
    {"batch", required_argument, NULL, 'b'},
    {"images-per-request", required_argument, NULL, 'b'},
    {"width", required_argument, NULL, OPT_WIDTH},
    {"height", required_argument, NULL, OPT_HEIGHT},
    {"steps", required_argument, NULL, OPT_STEPS},
    {"guidance-scale", required_argument, NULL, OPT_GUIDANCE},
    {"negative-prompt", required_argument, NULL, OPT_NEGATIVE},
    {"preview-every", required_argument, NULL, OPT_PREVIEW},
    {"prompts", required_argument, NULL, OPT_PROMPTS},
    {"min-prompt-length", required_argument, NULL, OPT_MIN_LEN},
    {"max-prompt-length", required_argument, NULL, OPT_MAX_LEN},
    {"prompt-variations", required_argument, NULL, OPT_VARIATIONS},
    {"vocab", required_argument, NULL, OPT_VOCAB},
    {"save-images", required_argument, NULL, OPT_SAVE_IMAGES},
    LTB_FLEET_CLI_OPTIONS,
    {NULL, 0, NULL, 0},
};

void generate_args_usage(FILE *out)
{
    fprintf(out, "usage: ltbench generate [options]\n"
                 "Benchmark an image-generation TorchScript model in-process: a diffusion pipeline\n"
                 "(the step loop runs in ltbench) or a one-forward generator such as a GAN\n"
                 "(IPS, PPS, SPS, RPS, CPS, TTFI percentiles).\n");
    cli_common_usage(out, "ldm_small.pt");
    fprintf(out,
        "  -b, --batch LIST          images per request, one prompt each, e.g. 1,4 (default 1)\n"
        "      --images-per-request LIST   the same as --batch\n"
        "      --width W --height H  image size (default %dx%d; multiples of the model's scale)\n"
        "      --steps N             denoising steps per request (default: the model's)\n"
        "      --guidance-scale G    classifier-free guidance; > 1 runs the UNet on prompt and\n"
        "                            negative prompt each step (default: the model's)\n"
        "      --negative-prompt T   the unconditional side of guidance (default empty)\n"
        "      --preview-every K     decode a preview every K steps: TTFI = first preview\n"
        "      --prompts FILE        one prompt per line (UTF-8) instead of generated ones\n"
        "      --min-prompt-length N generated prompts: at least N characters (default 20)\n"
        "      --max-prompt-length N generated prompts: at most N characters (default 100)\n"
        "      --prompt-variations N generated prompts: how many (default 20)\n"
        "      --vocab FILE          character vocabulary (default: from the model's .json)\n"
        "      --save-images DIR     write each prompt's image (its first timed request's)\n"
        "                            as DIR/prompt_<i>.png\n"
        "Iterations default to 10 per level, warm-up to one request per worker, --timeout to %.0f s.\n",
        DEFAULT_SIDE, DEFAULT_SIDE, DEFAULT_TIMEOUT_S);
    fleet_cli_usage(out);
}

static int parse_generate_option(int opt, const char *v, void *ctx, char *err, size_t errlen)
{
    generate_args *a = ctx;
    ltb_config *c = &a->common.cfg;
    int n;
    switch (opt) {
    case 'b':
        n = ltb_parse_int_list("--batch", v, 1, 1024, c->batch, LTB_MAX_LEVELS, err, errlen);
        if (n < 0)
            return -1;
        c->n_batch = n;
        return 0;
    case OPT_WIDTH: return ltb_parse_int("--width", v, 8, MAX_SIDE, &c->width, err, errlen);
    case OPT_HEIGHT: return ltb_parse_int("--height", v, 8, MAX_SIDE, &c->height, err, errlen);
    case OPT_STEPS:
        a->given |= GEN_GIVEN_STEPS;
        return ltb_parse_int("--steps", v, 1, MAX_STEPS, &c->steps, err, errlen);
    case OPT_GUIDANCE:
        a->given |= GEN_GIVEN_GUIDANCE;
        return ltb_parse_double("--guidance-scale", v, 0, 100, &c->guidance_scale, err, errlen);
    case OPT_NEGATIVE:
        a->given |= GEN_GIVEN_NEGATIVE;
        if (strlen(v) > LTB_MAX_PROMPT_CHARS) {
            snprintf(err, errlen, "--negative-prompt: over %d characters", LTB_MAX_PROMPT_CHARS);
            return -1;
        }
        c->negative_prompt = v;
        return 0;
    case OPT_PREVIEW:
        a->given |= GEN_GIVEN_PREVIEW;
        return ltb_parse_int("--preview-every", v, 1, MAX_STEPS, &c->preview_every, err, errlen);
    case OPT_PROMPTS: a->given |= GEN_GIVEN_PROMPTS; c->prompts_file = v; return 0;
    case OPT_MIN_LEN:
        return ltb_parse_int("--min-prompt-length", v, 1, LTB_MAX_PROMPT_CHARS, &c->min_prompt_length, err, errlen);
    case OPT_MAX_LEN:
        return ltb_parse_int("--max-prompt-length", v, 1, LTB_MAX_PROMPT_CHARS, &c->max_prompt_length, err, errlen);
    case OPT_VARIATIONS:
        return ltb_parse_int("--prompt-variations", v, 1, LTB_MAX_TEXTS, &c->prompt_variations, err, errlen);
    case OPT_VOCAB: a->gen.vocab_path = v; return 0;
    case OPT_SAVE_IMAGES: a->gen.save_images_dir = v; return 0;
    default: return fleet_cli_option(opt, v, &a->fleet, err, errlen);
    }
}

const char *generate_args_conditional_option(const generate_args *a)
{
    static const struct { unsigned bit; const char *name; } kNames[] = {
        {GEN_GIVEN_STEPS, "--steps"}, {GEN_GIVEN_GUIDANCE, "--guidance-scale"},
        {GEN_GIVEN_NEGATIVE, "--negative-prompt"}, {GEN_GIVEN_PREVIEW, "--preview-every"},
        {GEN_GIVEN_PROMPTS, "--prompts"}};
    for (size_t i = 0; i < sizeof kNames / sizeof kNames[0]; i++)
        if (a->given & kNames[i].bit)
            return kNames[i].name;
    return NULL;
}

int generate_args_parse(int argc, char **argv, generate_args *a, char *err, size_t errlen)
{
    memset(a, 0, sizeof *a);
    cli_common_defaults(&a->common, LTB_TASK_GENERATE, "ldm_small.pt");
    fleet_cli_defaults(&a->fleet);
    ltb_config *c = &a->common.cfg;
    c->iterations = 10;
    c->warmup = 1;               /* raised to the concurrency: one warm-up per worker */
    c->timeout_s = DEFAULT_TIMEOUT_S;
    c->width = c->height = DEFAULT_SIDE;
    c->guidance_scale = -1;      /* the model's */
    c->negative_prompt = "";
    c->min_prompt_length = 20;
    c->max_prompt_length = 100;
    c->prompt_variations = 20;
    if (cli_parse(argc, argv, "generate", kGenerateOptions, "b:", parse_generate_option, a,
                  &a->common, err, errlen) != 0)
        return -1;
    if (c->min_prompt_length > c->max_prompt_length) {
        snprintf(err, errlen, "--min-prompt-length %d is more than --max-prompt-length %d",
                 c->min_prompt_length, c->max_prompt_length);
        return -1;
    }
    if (c->preview_every > 0 && c->steps > 0 && c->preview_every >= c->steps) {
        snprintf(err, errlen, "--preview-every %d: at least --steps %d, so no preview would be "
                 "decoded before the image", c->preview_every, c->steps);
        return -1;
    }
    a->gen = (ltb_generate_options){
        .model_path = c->model_path, .device = c->device, .precision = c->precision,
        .threads = c->threads, .interop_threads = cli_interop_threads(&a->common),
        .optimize = a->common.optimize, .width = c->width, .height = c->height,
        .steps = c->steps, .guidance_scale = c->guidance_scale,
        .negative_prompt = c->negative_prompt, .preview_every = c->preview_every, .seed = c->seed,
        .vocab_path = a->gen.vocab_path, .save_images_dir = a->gen.save_images_dir};
    return 0;
}
