/* target_generate.c — the in-process image-generation target (see
 * target_generate.h): the ltb_target around a gen_model, prompts to token ids before
 * timing, per-worker buffers, and the images kept for --save-images. */
#define _POSIX_C_SOURCE 200809L
#include "target_generate.h"
#include "kept_outputs.h"
#include "atomic_file.h"
#include "generate_model.h"
#include "image_png.h"
#include "model_vocab.h"
#include "short_thread.h"
#include "target_torch.h"
#include "torch_open.h"
#include "torch_run.h"
#include "workload_prompts.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The image of a prompt, copied from the first timed request that made it. */
typedef struct kept_image {
    atomic_int claimed;
    float *pixels;                /* 3 x height x width; NULL when the copy failed */
} kept_image;

typedef struct gen_self {
    gen_model g;
    gen_params params;
    char device[64];
    char save_dir[4096];
    int n_prompts;
    int64_t *ids;                 /* n_prompts x context_length (diffusion) */
    int64_t *negative_ids;        /* context_length */
    kept_image *kept;             /* per prompt, when saving */
    char negative[1024];
    char vocab_path[4096];
} gen_self;

typedef struct gen_worker {
    gen_buffers b;
    const int64_t **prompt_ids;   /* per image of a request */
    int prompt_cap;
} gen_worker;

static int worker_open(ltb_target *t, int worker, void **state, char *err, size_t errlen)
{
    (void)t;
    (void)worker;
    return ltb_worker_state_new(sizeof(gen_worker), state, err, errlen);
}

static void worker_close(ltb_target *t, void *state)
{
    (void)t;
    gen_worker *ws = state;
    gen_buffers_free(&ws->b);
    free(ws->prompt_ids);
    free(ws);
}

/* Each image's prompt ids (diffusion): prompt (first + j) mod n. */
static int point_prompts(gen_self *self, gen_worker *ws, const ltb_request *req, int n,
                         ltb_result *res)
{
    if (self->g.kind != GEN_DIFFUSION)
        return 0;
    if (n > ws->prompt_cap) {
        const int64_t **grown = realloc(ws->prompt_ids, (size_t)n * sizeof *grown);
        if (!grown) {
            snprintf(res->error, sizeof res->error, "out of memory");
            return -1;
        }
        ws->prompt_ids = grown;
        ws->prompt_cap = n;
    }
    size_t L = (size_t)self->g.context_length;
    for (int j = 0; j < n; j++)
        ws->prompt_ids[j] = self->ids + L * (size_t)ltb_prompt_sample(req->sample, j, self->n_prompts);
    return 0;
}

/* Copies each image whose prompt has no kept image yet (the first timed request that
 * made it: one copy per prompt in a run). */
static void keep_images(gen_self *self, const gen_worker *ws, const ltb_request *req, int n)
{
    size_t plane = 3 * (size_t)self->params.width * (size_t)self->params.height;
    for (int j = 0; j < n; j++) {
        kept_image *k = &self->kept[ltb_prompt_sample(req->sample, j, self->n_prompts)];
        if (atomic_load(&k->claimed) || atomic_exchange(&k->claimed, 1))
            continue;
        k->pixels = malloc(plane * sizeof(float));
        if (k->pixels)
            memcpy(k->pixels, ws->b.image.data + plane * (size_t)j, plane * sizeof(float));
    }
}

static int run_with(gen_self *self, gen_worker *ws, const ltb_request *req, const gen_params *p,
                    ltb_result *res)
{
    int n = req->batch > 0 ? req->batch : 1;
    if (req->sample < 0 || req->sample >= self->n_prompts) {
        snprintf(res->error, sizeof res->error, "no prompt %d", req->sample);
        return -1;
    }
    if (point_prompts(self, ws, req, n, res) != 0)
        return -1;
    gen_input in = {.n = n, .first_sample = req->sample,
                    .prompt_ids = (const int64_t *const *)ws->prompt_ids,
                    .negative_ids = self->negative_ids};
    if (gen_run(&self->g, p, &ws->b, &in, res) != 0)
        return -1;
    res->response_bytes = ws->b.image.numel * sizeof(float);
    if (self->kept && req->id >= 0)
        keep_images(self, ws, req, n);
    return 0;
}

static int run(ltb_target *t, void *state, const ltb_request *req, ltb_result *res)
{
    gen_self *self = t->self;
    return run_with(self, state, req, &self->params, res);
}

static void close_target(ltb_target *t)
{
    gen_self *self = t->self;
    if (!self)
        return;
    for (int i = 0; self->kept && i < self->n_prompts; i++)
        free(self->kept[i].pixels);
    free(self->kept);
    free(self->ids);
    free(self->negative_ids);
    gen_model_close(&self->g);
    free(self);
    t->self = NULL;
}

/* --save-images: prompt i's kept image as {dir}/prompt_{i}.png. */
static int save_image(void *target, int i, const char *dir, char *err, size_t errlen)
{
    gen_self *self = target;
    if (!self->kept[i].pixels)
        return 0;
    char path[4300];
    snprintf(path, sizeof path, "%s/prompt_%d.png", dir, i);
    return ltb_png_write_chw(path, self->kept[i].pixels, self->params.width, self->params.height,
                             err, errlen) != 0 ? -1 : 1;
}

int ltb_target_generate_save_images(ltb_target *t, char *err, size_t errlen)
{
    gen_self *self = t->self;
    if (!self || !self->kept)
        return 0;
    return ltb_kept_outputs_save(self->save_dir, self->n_prompts, save_image, self, err, errlen);
}

/* ---- opening ---------------------------------------------------------------------- */

static void encode_prompt_ids(const ltb_vocab *v, const char *text, size_t bytes, size_t L,
                              int64_t *ids)
{
    size_t n = text ? ltb_vocab_encode(v, text, bytes, ids, L) : 0;
    for (size_t i = n; i < L; i++)
        ids[i] = v->pad_id;
}

/* Token ids of every prompt and of the negative prompt (diffusion only). */
static int encode_prompts(gen_self *self, const ltb_workload *w, char *err, size_t errlen)
{
    if (self->g.kind != GEN_DIFFUSION)
        return 0;
    ltb_vocab vocab;
    if (ltb_model_vocab_load(self->g.path, self->vocab_path[0] ? self->vocab_path : NULL, &vocab,
                             err, errlen) != 0)
        return -1;
    size_t L = (size_t)self->g.context_length;
    self->ids = malloc((size_t)w->n_samples * L * sizeof(int64_t));
    self->negative_ids = malloc(L * sizeof(int64_t));
    int rc = 0;
    if (!self->ids || !self->negative_ids) {
        snprintf(err, errlen, "out of memory for the token ids of %d prompts", w->n_samples);
        rc = -1;
    }
    for (int i = 0; rc == 0 && i < w->n_samples; i++)
        encode_prompt_ids(&vocab, w->samples[i].text, w->samples[i].bytes, L, self->ids + L * (size_t)i);
    if (rc == 0)
        encode_prompt_ids(&vocab, self->negative, strlen(self->negative), L, self->negative_ids);
    ltb_vocab_free(&vocab);
    return rc;
}

/* One image, one step (no previews): proves the contract at the run's size. */
static int probe(ltb_target *t, char *err, size_t errlen)
{
    gen_self *self = t->self;
    gen_worker ws;
    memset(&ws, 0, sizeof ws);
    ltb_request req;
    ltb_result res;
    memset(&req, 0, sizeof req);
    memset(&res, 0, sizeof res);
    req.id = -1;
    req.batch = 1;
    gen_params p = self->params;
    p.steps = 1;
    p.preview_every = 0;
    int rc = run_with(self, &ws, &req, &p, &res);
    if (rc != 0)
        snprintf(err, errlen, "model '%s' failed on the first prompt: %s", self->g.path, res.error);
    gen_buffers_free(&ws.b);
    free(ws.prompt_ids);
    return rc;
}

int ltb_target_generate_attach(ltb_target *t, const ltb_workload *w, char *err, size_t errlen)
{
    gen_self *self = t->self;
    int rc = w->n_samples > 0 ? 0 : -1;
    if (rc != 0)
        snprintf(err, errlen, "no prompts to run");
    self->n_prompts = w->n_samples;
    if (rc == 0 && self->save_dir[0]) {
        self->kept = calloc((size_t)w->n_samples, sizeof *self->kept);
        if (!self->kept) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
        }
    }
    if (rc == 0)
        rc = encode_prompts(self, w, err, errlen);
    if (rc == 0)
        rc = ltb_target_call_on_short_thread(probe, t, err, errlen);   /* model code: no pool left here */
    if (rc != 0)
        close_target(t);
    return rc;
}

static int resolve_params(gen_self *self, const ltb_generate_options *o, char *err, size_t errlen)
{
    const gen_model *g = &self->g;
    gen_params *p = &self->params;
    p->width = o->width;
    p->height = o->height;
    p->seed = o->seed;
    p->preview_every = o->preview_every;
    p->steps = o->steps > 0 ? o->steps : (int)g->steps;
    p->guidance = o->guidance_scale >= 0 ? o->guidance_scale : g->guidance_scale;
    if (g->kind == GEN_ONE_FORWARD) {
        p->steps = (int)g->steps;
        p->guidance = 0;
        p->preview_every = 0;
    } else if (p->steps > g->num_train_timesteps) {
        snprintf(err, errlen, "--steps %d: '%s' was trained on %lld timesteps, so at most %lld steps",
                 p->steps, g->path, (long long)g->num_train_timesteps,
                 (long long)g->num_train_timesteps);
        return -1;
    }
    return gen_model_check_size(g, p->width, p->height, err, errlen);
}

static int open_here(ltb_target *t, const void *options, void *context, char *err,
                     size_t errlen)
{
    const ltb_generate_options *o = options;
    ltb_generate_facts *facts = context;
    ltb_torch_open_spec spec = {o->device, o->precision, o->optimize, o->threads, o->interop_threads};
    lt_open_options open_opt;
    gen_self *self = ltb_torch_open_begin(t, &spec, sizeof *self, close_target, &open_opt, err, errlen);
    if (!self)
        return -1;
    snprintf(self->negative, sizeof self->negative, "%s", o->negative_prompt ? o->negative_prompt : "");
    snprintf(self->vocab_path, sizeof self->vocab_path, "%s", o->vocab_path ? o->vocab_path : "");
    if (o->save_images_dir)
        snprintf(self->save_dir, sizeof self->save_dir, "%s", o->save_images_dir);
    if (gen_model_open(&self->g, o->model_path, &open_opt, err, errlen) != 0 ||
        resolve_params(self, o, err, errlen) != 0) {
        close_target(t);
        return -1;
    }
    snprintf(self->device, sizeof self->device, "%s", lt_model_device(self->g.model));
    ltb_torch_open_end(t, self->device, worker_open, worker_close, run);
    facts->generator = self->g.kind == GEN_DIFFUSION ? "diffusion" : "gan";
    facts->conditional = self->g.kind == GEN_DIFFUSION;
    facts->steps = self->params.steps;
    facts->guidance_scale = self->params.guidance;
    return 0;
}

/* Opens and probes on a short-lived thread, so no OpenMP pool stays behind on the
 * caller's thread to slow the measured workers (short_thread.h). */
int ltb_target_torch_generate(ltb_target *t, const ltb_generate_options *o,
                              ltb_generate_facts *facts, char *err, size_t errlen)
{
    return ltb_open_target_on_short_thread(open_here, t, o, facts, err, errlen);
}
