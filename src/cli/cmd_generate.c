/* cmd_generate.c — `ltbench generate`: open the model (to learn whether it takes
 * prompts), build the prompts, run the sweep, write the reports and, with
 * --save-images, the PNG files; alone, or as a rank of an MPI fleet. */
#include "cli_common.h"
#include "cli_run.h"
#include "cmd_generate_args.h"
#include "commands.h"
#include "prompts.h"
#include "workload_prompts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prompts of a conditional model: generated or read; an unconditional one gets
 * prompt_variations empty prompts (each a noise seed). */
static int open_prompts(const generate_args *a, int conditional, ltb_workload *w, char *err,
                        size_t errlen)
{
    const ltb_config *c = &a->common.cfg;
    ltb_texts texts;
    int rc;
    if (!conditional) {
        memset(&texts, 0, sizeof texts);
        rc = 0;
        for (int i = 0; rc == 0 && i < c->prompt_variations; i++)
            rc = ltb_texts_push(&texts, "", 0);
        if (rc != 0)
            snprintf(err, errlen, "out of memory");
    } else {
        rc = c->prompts_file ? ltb_texts_read(c->prompts_file, &texts, err, errlen)
                             : ltb_prompts_generate(c->min_prompt_length, c->max_prompt_length,
                                                    c->prompt_variations, c->seed, &texts, err,
                                                    errlen);
    }
    if (rc == 0)
        rc = ltb_workload_prompts(w, (const char *const *)texts.items, texts.n, err, errlen);
    ltb_texts_free(&texts);
    return rc;
}

/* The facts the open model decided, checked against what the command line asked. */
static int adopt_facts(generate_args *a, const ltb_generate_facts *f, char *err, size_t errlen)
{
    ltb_config *c = &a->common.cfg;
    const char *option = generate_args_conditional_option(a);
    if (!f->conditional && option) {
        snprintf(err, errlen, "%s does not apply to '%s': it is a one-forward generator (no "
                 "prompt, %d step)", option, c->model_path, f->steps);
        return -1;
    }
    if (c->preview_every > 0 && c->preview_every >= f->steps) {
        snprintf(err, errlen, "--preview-every %d: the model runs %d steps, so no preview would be "
                 "decoded before the image", c->preview_every, f->steps);
        return -1;
    }
    c->steps = f->steps;
    c->guidance_scale = f->guidance_scale;
    c->generator = f->generator;
    return 0;
}

static int open_workload_target(void *args, ltb_workload *w, ltb_target *t, char *err,
                                size_t errlen)
{
    generate_args *a = args;
    ltb_config *c = &a->common.cfg;
    if (cli_simple_target(&a->common, t)) {   /* no model: the prompts, nominal steps */
        c->steps = c->steps > 0 ? c->steps : 1;
        c->guidance_scale = c->guidance_scale > 0 ? c->guidance_scale : 0;
        return open_prompts(a, 1, w, err, errlen);
    }
    ltb_generate_facts f;
    a->gen.device = c->device;     /* as a fleet bound it (cuda:<local rank>) */
    a->gen.threads = c->threads;   /* and a CPU rank's share of the cores */
    if (ltb_target_torch_generate(t, &a->gen, &f, err, errlen) != 0)
        return -1;
    if (adopt_facts(a, &f, err, errlen) != 0 || open_prompts(a, f.conditional, w, err, errlen) != 0) {
        t->close(t);
        return -1;
    }
    if (ltb_target_generate_attach(t, w, err, errlen) != 0) {   /* closes t on failure */
        ltb_workload_free(w);
        return -1;
    }
    return 0;
}

static void print_plan(const void *args, const ltb_workload *w)
{
    const generate_args *a = args;
    const ltb_config *c = &a->common.cfg;
    int torch = !strcmp(a->common.target, "torch");
    fprintf(stderr, "ltbench generate: %s", torch ? c->model_path : a->common.target);
    if (torch && c->generator && !strcmp(c->generator, "diffusion"))
        fprintf(stderr, " (diffusion, %d steps, guidance %.2f)", c->steps, c->guidance_scale);
    else if (torch)
        fprintf(stderr, " (%s, one forward)", c->generator ? c->generator : "generator");
    fprintf(stderr, " on %s (%s), %dx%d, %d prompt%s,", c->device, c->precision,
            c->width, c->height, w->n_samples, w->n_samples == 1 ? "" : "s");
    cli_print_levels(c, 1);
}

static int parse_generate(int argc, char **argv, void *args, char *err, size_t errlen)
{
    return generate_args_parse(argc, argv, args, err, errlen);
}

static const fleet_options *fleet_of(const void *args)
{
    return &((const generate_args *)args)->fleet;
}

/* --save-images, in-process only. */
static cli_after_run_fn after_generate(const void *args)
{
    const generate_args *a = args;
    return a->gen.save_images_dir && !strcmp(a->common.target, "torch")
               ? ltb_target_generate_save_images : NULL;
}

int cmd_generate(int argc, char **argv)
{
    static const cli_command command = {"generate", sizeof(generate_args), parse_generate,
                                        generate_args_usage, open_workload_target, print_plan,
                                        after_generate, NULL, NULL, fleet_of};
    return cli_command_main(&command, argc, argv);
}
