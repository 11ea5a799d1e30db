/* generate_model.h — an image-generation model behind the shim: which contract it
 * meets, its attributes, and one request run on it.
 *
 * Two contracts (models/README.md):
 * - one forward (a GAN): forward(z) -> float[N,3,H,W] in [0,1]; attributes steps,
 *   z_channels and z_scale (z is [N, z_channels, H/z_scale, W/z_scale]; z_scale 0 or
 *   absent: z is [N, z_channels] and the model decides the size).
 * - diffusion: encode_prompt(ids int64[2N,L]) -> [2N,L,D], denoise_step(latents
 *   [N,C,H/s,W/s], t int64[1], t_prev int64[1], text [2N,L,D], guidance [1]) ->
 *   latents, decode(latents) -> [N,3,H,W]; attributes steps, guidance_scale,
 *   latent_channels, latent_scale (s), context_length (L), num_train_timesteps. The
 *   step loop runs here, in C, so steps are counted and timed and previews decoded. */
#ifndef LTB_GENERATE_MODEL_H
#define LTB_GENERATE_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "ltbench.h"
#include "lt_shim.h"

typedef enum { GEN_ONE_FORWARD = 0, GEN_DIFFUSION = 1 } gen_kind;

typedef struct gen_model {
    lt_model *model;
    char path[1024];
    gen_kind kind;
    int64_t steps;                        /* the model's default step count */
    double guidance_scale;                /* the model's default guidance (diffusion) */
    int64_t z_channels, z_scale;          /* one forward */
    int64_t latent_channels, latent_scale, context_length, num_train_timesteps;
} gen_model;

/* What one request asks for. */
typedef struct gen_params {
    int width, height;
    int steps;                            /* diffusion; one forward: the model's */
    double guidance;
    int preview_every;                    /* 0 = no previews */
    uint64_t seed;
} gen_params;

/* A worker's buffers, grown as needed (zero-initialise; free with gen_buffers_free). */
typedef struct gen_buffers {
    float *noise;
    size_t noise_cap;
    int64_t *ids;
    size_t ids_cap;
    lt_tensor_buf text, latents[2], preview, image;
} gen_buffers;

/* One request: n images; image j's prompt ids are prompt_ids[j] (context_length each,
 * padded), every image's negative prompt is negative_ids; noise streams start at
 * first_sample (gen_noise.h). prompt_ids is unused by a one-forward model. */
typedef struct gen_input {
    int n;
    int first_sample;
    const int64_t *const *prompt_ids;
    const int64_t *negative_ids;
} gen_input;

/* Opens the model and reads its contract. 0, or -1 with a one-line err naming it. */
int gen_model_open(gen_model *g, const char *path, const lt_open_options *o, char *err,
                   size_t errlen);
void gen_model_close(gen_model *g);
const char *gen_kind_name(gen_kind k);

/* The size rule of the model: width and height multiples of its scale. 0, or -1. */
int gen_model_check_size(const gen_model *g, int width, int height, char *err, size_t errlen);

/* DDIM "leading" timesteps: ratio = T / steps; step i has t = (steps-1-i)*ratio + 1
 * and t_prev = t - ratio (negative: alpha_prev = 1). */
void gen_timestep(int steps, int64_t num_train_timesteps, int i, int64_t *t, int64_t *t_prev);

/* Runs one request: noise (preprocess), then the forward, or text encoding, `steps`
 * denoising steps (a preview decode after every preview_every-th step but the last:
 * the first sets first_result_ns) and the decode. The images end in b->image
 * ([n,3,H,W]). Fills res's phases, images, steps, previews; 0, or -1 with res->error. */
int gen_run(const gen_model *g, const gen_params *p, gen_buffers *b, const gen_input *in,
            ltb_result *res);
void gen_buffers_free(gen_buffers *b);
#endif
