/* target_torch_image.c — the `torch` target for image classification: one
 * forward of a prepared [batch,3,H,W] tensor through the shim per request, then
 * top-k as the postprocess phase. With --include-preprocess each request first
 * decodes, resizes and normalises its images (its own phase). */
#define _POSIX_C_SOURCE 200809L
#include "target_torch.h"
#include "clock.h"
#include "image_preprocess.h"
#include "lt_shim.h"
#include "short_thread.h"
#include "topk.h"
#include "torch_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct torch_image {
    lt_model *model;
    ltb_torch_options opt;
    char model_path[1024];
    char device[64];
    int num_classes;
} torch_image;

typedef struct worker_state {
    lt_stream *stream;           /* CUDA: this worker's own stream; NULL on cpu */
    lt_tensor_buf out;
    float *scratch;              /* include_preprocess: batch * plane floats */
    size_t scratch_len;
} worker_state;

static int worker_open(ltb_target *t, int worker, void **state, char *err, size_t errlen)
{
    torch_image *self = t->self;
    (void)worker;
    if (ltb_worker_state_new(sizeof(worker_state), state, err, errlen) != 0)
        return -1;
    worker_state *ws = *state;
    if (ltb_torch_stream_open(self->device, &ws->stream, err, errlen) != 0) {
        free(ws);
        *state = NULL;
        return -1;
    }
    return 0;
}

static void worker_close(ltb_target *t, void *state)
{
    (void)t;
    worker_state *ws = state;
    lt_stream_destroy(ws->stream);
    lt_tensor_buf_free(&ws->out);
    free(ws->scratch);
    free(ws);
}

static int sync_device(ltb_target *t, void *state)
{
    torch_image *self = t->self;
    return ltb_torch_sync(self->device, state ? ((worker_state *)state)->stream : NULL);
}

/* Decodes every image of the request into the worker's scratch tensor. */
static int preprocess_in_request(worker_state *ws, const ltb_request *req, ltb_result *res)
{
    size_t plane = (size_t)3 * (size_t)req->width * (size_t)req->height;
    size_t need = plane * (size_t)req->batch;
    if (ws->scratch_len < need) {
        float *grown = realloc(ws->scratch, need * sizeof(float));
        if (!grown) {
            snprintf(res->error, sizeof res->error, "out of memory for the preprocess buffer");
            return -1;
        }
        ws->scratch = grown;
        ws->scratch_len = need;
    }
    for (int i = 0; i < req->batch; i++) {
        const char *name = i == 0 ? req->image_name : "batch image";
        if (ltb_image_preprocess(req->encoded_batch[i], req->encoded_batch_len[i], name,
                                 req->width, req->height, ws->scratch + plane * (size_t)i,
                                 res->error, sizeof res->error) != 0)
            return -1;
    }
    return 0;
}

static int check_output(const torch_image *self, const lt_tensor_buf *out, int batch,
                        char *err, size_t errlen)
{
    if (out->ndim == 2 && out->shape[0] == batch && out->shape[1] >= 1)
        return 0;
    char shape[128] = "";
    size_t used = 0;
    for (int d = 0; d < out->ndim && used < sizeof shape - 24; d++)
        used += (size_t)snprintf(shape + used, sizeof shape - used, "%s%lld", d ? ", " : "",
                                 (long long)out->shape[d]);
    snprintf(err, errlen,
             "model '%s' returned shape [%s], expected [%d, classes]: not a classification model",
             self->model_path, shape, batch);
    return -1;
}

static int run(ltb_target *t, void *state, const ltb_request *req, ltb_result *res)
{
    torch_image *self = t->self;
    worker_state *ws = state;
    const float *pixels = req->pixels;
    if (self->opt.include_preprocess) {
        uint64_t t0 = ltb_now_ns();
        if (preprocess_in_request(ws, req, res) != 0)
            return -1;
        res->preprocess_ns = ltb_now_ns() - t0;
        pixels = ws->scratch;
    }
    lt_tensor_view in = {.dtype = LT_FLOAT32, .ndim = 4,
                         .shape = {req->batch, 3, req->height, req->width}, .data = pixels};
    lt_run_stats stats;
    lt_error e;
    lt_status st = lt_model_run_on(self->model, ws->stream, NULL, &in, &ws->out, &stats, &e);
    if (st != LT_OK)
        return ltb_torch_fail(res, NULL, st, &e);
    ltb_torch_add_stats(res, &stats);
    if (check_output(self, &ws->out, req->batch, res->error, sizeof res->error) != 0)
        return -1;

    uint64_t t0 = ltb_now_ns();
    int classes = (int)ws->out.shape[1];
    int32_t ids[LTB_TOPK];
    float top[LTB_TOPK];
    int k = self->opt.top_k < LTB_TOPK ? self->opt.top_k : LTB_TOPK;
    for (int i = req->batch - 1; i >= 0; i--) {   /* every image; the first one is kept */
        res->topk_n = ltb_topk(ws->out.data + (size_t)i * (size_t)classes, classes, k, ids, top);
    }
    memcpy(res->topk_ids, ids, sizeof ids);
    memcpy(res->topk_scores, top, sizeof top);
    res->postprocess_ns = ltb_now_ns() - t0;
    return 0;
}

static void close_target(ltb_target *t)
{
    torch_image *self = t->self;
    if (!self)
        return;
    lt_model_close(self->model);
    free(self);
    t->self = NULL;
}

int ltb_target_torch_num_classes(const ltb_target *t)
{
    const torch_image *self = t->self;
    return self ? self->num_classes : 0;
}

/* One forward on the first image: proves the model loads, runs and meets the contract. */
static int probe(ltb_target *t, ltb_workload *w, char *err, size_t errlen)
{
    torch_image *self = t->self;
    if (self->opt.include_preprocess && w->need_files && w->need_files(w, err, errlen) != 0)
        return -1;   /* it decodes the files inside the timed region */
    if (w->prepare_batch(w, 1, err, errlen) != 0)
        return -1;
    ltb_request req;
    memset(&req, 0, sizeof req);
    req.batch = 1;
    req.concurrency = 1;
    w->fill(w, 0, 1, &req);
    void *state = NULL;
    if (worker_open(t, 0, &state, err, errlen) != 0)
        return -1;
    ltb_result res;
    memset(&res, 0, sizeof res);
    ltb_torch_options saved = self->opt;
    self->opt.include_preprocess = 0;
    worker_state *ws = state;
    lt_stream *stream = ws->stream;
    ws->stream = NULL;               /* eager on the current stream: no graph capture */
    int rc = run(t, state, &req, &res);
    ws->stream = stream;
    self->opt = saved;
    if (rc == 0) {
        self->num_classes = (int)((worker_state *)state)->out.shape[1];
    } else if (strstr(res.error, "not a classification model")) {
        snprintf(err, errlen, "%s", res.error);
    } else {
        snprintf(err, errlen, "model '%s' failed on a [1, 3, %d, %d] %s image input: %s",
                 self->model_path, req.height, req.width, self->opt.precision, res.error);
    }
    worker_close(t, state);
    return rc;
}

static int open_here(ltb_target *t, const void *options, void *context, char *err,
                     size_t errlen)
{
    const ltb_torch_options *o = options;
    ltb_workload *w = context;
    memset(t, 0, sizeof *t);
    lt_open_options open_opt = {.device = o->device ? o->device : "cpu",
                                .channels_last = o->channels_last,
                                .optimize = o->optimize,
                                .cuda_graph = o->cuda_graph};
    if (ltb_torch_parse_precision(o->precision, &open_opt.precision) != 0) {
        snprintf(err, errlen, "unknown precision '%s' (use fp32, fp16 or bf16)", o->precision);
        return -1;
    }
    lt_error e;
    if (lt_set_threads(o->threads, o->interop_threads, &e) != LT_OK ||
        lt_set_cudnn_benchmark(o->cudnn_benchmark, &e) != LT_OK) {
        snprintf(err, errlen, "%s", e.msg);
        return -1;
    }
    torch_image *self = calloc(1, sizeof *self);
    if (!self) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    self->opt = *o;
    if (!self->opt.precision)
        self->opt.precision = "fp32";
    snprintf(self->model_path, sizeof self->model_path, "%s", o->model_path);
    if (lt_model_open(o->model_path, &open_opt, &self->model, &e) != LT_OK) {
        snprintf(err, errlen, "%s", e.msg);
        free(self);
        return -1;
    }
    snprintf(self->device, sizeof self->device, "%s", lt_model_device(self->model));
    t->kind = "torch";
    t->device = self->device;
    t->self = self;
    t->worker_open = worker_open;
    t->worker_close = worker_close;
    t->worker_threads = ltb_torch_worker_threads;
    t->sync = sync_device;
    t->run = run;
    t->close = close_target;
    if (probe(t, w, err, errlen) != 0) {
        close_target(t);
        return -1;
    }
    return 0;
}

/* Opens and probes on a short-lived thread, so no OpenMP pool stays behind on the
 * caller's thread to slow the measured workers (short_thread.h). */
int ltb_target_torch_image(ltb_target *t, const ltb_torch_options *o, ltb_workload *w,
                           char *err, size_t errlen)
{
    return ltb_open_target_on_short_thread(open_here, t, o, w, err, errlen);
}
