/* target_generate.h — the in-process image-generation target: a diffusion pipeline
 * whose step loop runs in C, or a one-forward generator (a GAN), behind the shim
 * (generate_model.h). Prompts become token ids before timing; each request makes
 * `batch` images from seeded noise. */
#ifndef LTB_TARGET_GENERATE_H
#define LTB_TARGET_GENERATE_H

#include "ltbench.h"

typedef struct ltb_generate_options {
    const char *model_path;
    const char *device;
    const char *precision;
    int threads, interop_threads;
    int optimize;
    int width, height;
    int steps;                    /* 0 = the model's `steps` */
    double guidance_scale;        /* < 0 = the model's `guidance_scale` */
    const char *negative_prompt;  /* NULL or "" = none */
    int preview_every;            /* 0 = none */
    uint64_t seed;
    const char *vocab_path;       /* NULL = from the model's sidecar */
    const char *save_images_dir;  /* NULL = keep no images */
} ltb_generate_options;

/* What the open model turned out to be, for the config and the reports. */
typedef struct ltb_generate_facts {
    const char *generator;        /* "diffusion" or "gan" */
    int conditional;              /* takes prompts (diffusion) */
    int steps;                    /* per request */
    double guidance_scale;        /* 0 for a one-forward generator */
} ltb_generate_facts;

/* Opens the model, reads its contract and checks the image size. 0, or -1 with a
 * one-line err naming the model or option. */
int ltb_target_torch_generate(ltb_target *t, const ltb_generate_options *o,
                              ltb_generate_facts *facts, char *err, size_t errlen);
/* Maps the workload's prompts (and the negative prompt) to token ids, then runs one
 * probe request (one image, one step) to prove the contract. 0, or -1 with err; the
 * target is closed on failure. */
int ltb_target_generate_attach(ltb_target *t, const ltb_workload *w, char *err, size_t errlen);
/* After a run: writes each prompt's image (from the first timed request that made
 * it; copied then) as save_images_dir/prompt_<i>.png, i its index in the workload.
 * Returns the number of files, or -1 with err. */
int ltb_target_generate_save_images(ltb_target *t, char *err, size_t errlen);
#endif
