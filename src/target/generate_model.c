/* generate_model.c — an image-generation model's contract and one request on it
 * (see generate_model.h). */
#define _POSIX_C_SOURCE 200809L
#include "generate_model.h"
#include "clock.h"
#include "gen_noise.h"
#include "torch_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *gen_kind_name(gen_kind k)
{
    return k == GEN_DIFFUSION ? "diffusion" : "one-forward";
}

static int attr_int(const gen_model *g, const char *name, int64_t lo, int64_t *out, char *err,
                    size_t errlen)
{
    lt_error e;
    if (lt_model_attr_int(g->model, name, out, &e) != LT_OK || *out < lo) {
        snprintf(err, errlen, "model '%s' needs an int attribute %s >= %lld for image generation",
                 g->path, name, (long long)lo);
        return -1;
    }
    return 0;
}

static int read_diffusion(gen_model *g, char *err, size_t errlen)
{
    static const char *const kMethods[] = {"encode_prompt", "denoise_step", "decode"};
    for (size_t i = 0; i < sizeof kMethods / sizeof kMethods[0]; i++)
        if (!lt_model_has_method(g->model, kMethods[i])) {
            snprintf(err, errlen, "model '%s' has denoise_step but no %s method: not a diffusion "
                     "pipeline (see models/README.md)", g->path, kMethods[i]);
            return -1;
        }
    lt_error e;
    if (lt_model_attr_float(g->model, "guidance_scale", &g->guidance_scale, &e) != LT_OK)
        g->guidance_scale = 7.5;
    return attr_int(g, "steps", 1, &g->steps, err, errlen) ||
           attr_int(g, "latent_channels", 1, &g->latent_channels, err, errlen) ||
           attr_int(g, "latent_scale", 1, &g->latent_scale, err, errlen) ||
           attr_int(g, "context_length", 1, &g->context_length, err, errlen) ||
           attr_int(g, "num_train_timesteps", 1, &g->num_train_timesteps, err, errlen)
               ? -1 : 0;
}

static int read_one_forward(gen_model *g, char *err, size_t errlen)
{
    lt_error e;
    if (lt_model_attr_int(g->model, "z_channels", &g->z_channels, &e) != LT_OK ||
        g->z_channels < 1) {
        snprintf(err, errlen, "model '%s' is not an image generator: it has neither "
                 "encode_prompt/denoise_step/decode (diffusion) nor an int attribute z_channels "
                 "(one forward, e.g. a GAN); see models/README.md", g->path);
        return -1;
    }
    if (lt_model_attr_int(g->model, "z_scale", &g->z_scale, &e) != LT_OK || g->z_scale < 0)
        g->z_scale = 0;
    if (lt_model_attr_int(g->model, "steps", &g->steps, &e) != LT_OK || g->steps < 1)
        g->steps = 1;
    return 0;
}

int gen_model_open(gen_model *g, const char *path, const lt_open_options *o, char *err,
                   size_t errlen)
{
    memset(g, 0, sizeof *g);
    snprintf(g->path, sizeof g->path, "%s", path);
    lt_error e;
    if (lt_model_open(path, o, &g->model, &e) != LT_OK) {
        snprintf(err, errlen, "%s", e.msg);
        return -1;
    }
    g->kind = lt_model_has_method(g->model, "denoise_step") ? GEN_DIFFUSION : GEN_ONE_FORWARD;
    int rc = g->kind == GEN_DIFFUSION ? read_diffusion(g, err, errlen)
                                      : read_one_forward(g, err, errlen);
    if (rc != 0)
        gen_model_close(g);
    return rc;
}

void gen_model_close(gen_model *g)
{
    lt_model_close(g->model);
    g->model = NULL;
}

int gen_model_check_size(const gen_model *g, int width, int height, char *err, size_t errlen)
{
    int64_t scale = g->kind == GEN_DIFFUSION ? g->latent_scale : g->z_scale;
    if (scale > 0 && (width % scale != 0 || height % scale != 0)) {
        snprintf(err, errlen, "--width %d --height %d: '%s' needs multiples of %lld (its %s)",
                 width, height, g->path, (long long)scale,
                 g->kind == GEN_DIFFUSION ? "latent_scale" : "z_scale");
        return -1;
    }
    return 0;
}

void gen_timestep(int steps, int64_t num_train_timesteps, int i, int64_t *t, int64_t *t_prev)
{
    int64_t ratio = steps > 0 ? num_train_timesteps / steps : num_train_timesteps;
    *t = (int64_t)(steps - 1 - i) * ratio + 1;
    *t_prev = *t - ratio;
}

void gen_buffers_free(gen_buffers *b)
{
    free(b->noise);
    free(b->ids);
    lt_tensor_buf_free(&b->text);
    lt_tensor_buf_free(&b->latents[0]);
    lt_tensor_buf_free(&b->latents[1]);
    lt_tensor_buf_free(&b->preview);
    lt_tensor_buf_free(&b->image);
    memset(b, 0, sizeof *b);
}

/* ---- one request ------------------------------------------------------------------ */

static int fail_status(ltb_result *res, const char *what, lt_status st, const lt_error *e)
{
    snprintf(res->error, sizeof res->error, "%s: %s: %s", what, lt_status_name(st), e->msg);
    return -1;
}

/* Runs method on the inputs into out, adding its phases to res and its wall time to *ns. */
static int call(const gen_model *g, const char *method, const lt_tensor_view *ins, int n_in,
                lt_tensor_buf *out, ltb_result *res, uint64_t *ns)
{
    lt_run_stats stats;
    lt_error e;
    uint64_t t0 = ltb_now_ns();
    lt_status st = lt_model_run_method_n(g->model, method, ins, n_in, out, &stats, &e);
    if (ns != NULL)
        *ns += ltb_now_ns() - t0;
    if (st != LT_OK)
        return fail_status(res, method, st, &e);
    ltb_torch_add_stats(res, &stats);
    return 0;
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    void *q = realloc(*p, need * elem);
    if (q == NULL)
        return -1;
    *p = q;
    *cap = need;
    return 0;
}

/* Seeded noise of n images of `per` values each into b->noise (timed as preprocess). */
static int make_noise(gen_buffers *b, const gen_input *in, const gen_params *p, size_t per,
                      ltb_result *res)
{
    uint64_t t0 = ltb_now_ns();
    if (grow((void **)&b->noise, &b->noise_cap, per * (size_t)in->n, sizeof(float)) != 0) {
        snprintf(res->error, sizeof res->error, "out of memory for the noise");
        return -1;
    }
    for (int j = 0; j < in->n; j++)
        ltb_gen_noise(b->noise + per * (size_t)j, per, p->seed,
                      ltb_gen_noise_stream(in->first_sample, j));
    res->preprocess_ns += ltb_now_ns() - t0;
    return 0;
}

static int expect_image(const lt_tensor_buf *out, const char *what, int n, const gen_params *p,
                        ltb_result *res)
{
    if (out->ndim == 4 && out->shape[0] == n && out->shape[1] == 3 && out->shape[2] == p->height &&
        out->shape[3] == p->width)
        return 0;
    snprintf(res->error, sizeof res->error, "%s returned a %d-D tensor [%lld,%lld,%lld,%lld], "
             "expected [%d,3,%d,%d] (--height %d --width %d)", what, out->ndim,
             (long long)out->shape[0], (long long)out->shape[1], (long long)out->shape[2],
             (long long)out->shape[3], n, p->height, p->width, p->height, p->width);
    return -1;
}

static int run_one_forward(const gen_model *g, const gen_params *p, gen_buffers *b,
                           const gen_input *in, ltb_result *res)
{
    lt_tensor_view z = {.dtype = LT_FLOAT32, .ndim = 2, .shape = {in->n, g->z_channels}};
    if (g->z_scale > 0) {
        z.ndim = 4;
        z.shape[2] = p->height / g->z_scale;
        z.shape[3] = p->width / g->z_scale;
    }
    size_t per = (size_t)g->z_channels * (size_t)(z.ndim == 4 ? z.shape[2] * z.shape[3] : 1);
    if (make_noise(b, in, p, per, res) != 0)
        return -1;
    z.data = b->noise;
    if (call(g, "forward", &z, 1, &b->image, res, NULL) != 0)
        return -1;
    res->steps = (int)g->steps;
    return expect_image(&b->image, "forward", in->n, p, res);
}

/* ids [2n, L]: the n prompts, then the negative prompt n times; encode_prompt. */
static int encode_text(const gen_model *g, gen_buffers *b, const gen_input *in, ltb_result *res)
{
    size_t L = (size_t)g->context_length, rows = 2 * (size_t)in->n;
    if (grow((void **)&b->ids, &b->ids_cap, rows * L, sizeof(int64_t)) != 0) {
        snprintf(res->error, sizeof res->error, "out of memory for the token ids");
        return -1;
    }
    for (int j = 0; j < in->n; j++) {
        memcpy(b->ids + (size_t)j * L, in->prompt_ids[j], L * sizeof(int64_t));
        memcpy(b->ids + ((size_t)in->n + (size_t)j) * L, in->negative_ids, L * sizeof(int64_t));
    }
    lt_tensor_view ids = {.dtype = LT_INT64, .ndim = 2, .shape = {(int64_t)rows, (int64_t)L},
                          .data = b->ids};
    if (call(g, "encode_prompt", &ids, 1, &b->text, res, &res->encode_ns) != 0)
        return -1;
    if (b->text.ndim != 3 || b->text.shape[0] != (int64_t)rows) {
        snprintf(res->error, sizeof res->error,
                 "encode_prompt returned a %d-D tensor with %lld rows, expected [%zu, L, D]",
                 b->text.ndim, (long long)b->text.shape[0], rows);
        return -1;
    }
    return 0;
}

static int preview(const gen_model *g, const gen_params *p, gen_buffers *b,
                   const lt_tensor_view *latents, ltb_result *res)
{
    if (call(g, "decode", latents, 1, &b->preview, res, &res->decode_ns) != 0)
        return -1;
    if (expect_image(&b->preview, "decode (preview)", (int)latents->shape[0], p, res) != 0)
        return -1;
    if (res->first_result_ns == 0)
        res->first_result_ns = ltb_now_ns();
    res->previews++;
    return 0;
}

static int run_diffusion(const gen_model *g, const gen_params *p, gen_buffers *b,
                         const gen_input *in, ltb_result *res)
{
    int64_t h = p->height / g->latent_scale, w = p->width / g->latent_scale;
    size_t per = (size_t)(g->latent_channels * h * w);
    if (make_noise(b, in, p, per, res) != 0 || encode_text(g, b, in, res) != 0)
        return -1;
    lt_tensor_view lat = {.dtype = LT_FLOAT32, .ndim = 4,
                          .shape = {in->n, g->latent_channels, h, w}, .data = b->noise};
    float guidance = (float)p->guidance;
    int64_t t = 0, t_prev = 0;
    lt_tensor_view args[5] = {
        lat,
        {.dtype = LT_INT64, .ndim = 1, .shape = {1}, .data = &t},
        {.dtype = LT_INT64, .ndim = 1, .shape = {1}, .data = &t_prev},
        {.dtype = LT_FLOAT32, .ndim = 3,
         .shape = {b->text.shape[0], b->text.shape[1], b->text.shape[2]}, .data = b->text.data},
        {.dtype = LT_FLOAT32, .ndim = 1, .shape = {1}, .data = &guidance},
    };
    for (int i = 0; i < p->steps; i++) {
        gen_timestep(p->steps, g->num_train_timesteps, i, &t, &t_prev);
        lt_tensor_buf *next = &b->latents[i & 1];
        if (call(g, "denoise_step", args, 5, next, res, &res->denoise_ns) != 0)
            return -1;
        if (next->numel != per * (size_t)in->n || next->ndim != 4) {
            snprintf(res->error, sizeof res->error, "denoise_step returned %zu values in %d dims, "
                     "expected the latents' shape [%d,%lld,%lld,%lld]", next->numel, next->ndim,
                     in->n, (long long)g->latent_channels, (long long)h, (long long)w);
            return -1;
        }
        args[0].data = next->data;
        res->steps++;
        if (p->preview_every > 0 && (i + 1) % p->preview_every == 0 && i + 1 < p->steps &&
            preview(g, p, b, &args[0], res) != 0)
            return -1;
    }
    if (call(g, "decode", &args[0], 1, &b->image, res, &res->decode_ns) != 0)
        return -1;
    return expect_image(&b->image, "decode", in->n, p, res);
}

int gen_run(const gen_model *g, const gen_params *p, gen_buffers *b, const gen_input *in,
            ltb_result *res)
{
    res->images = in->n;
    return g->kind == GEN_DIFFUSION ? run_diffusion(g, p, b, in, res)
                                    : run_one_forward(g, p, b, in, res);
}
