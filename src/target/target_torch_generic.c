/* target_torch_generic.c — `ltbench run`'s target: one lt_generic_run of the level's
 * prepared tensors per request (H2D, forward, D2H with the outputs walked to host
 * memory). Keeping the first timed request's outputs for --save-outputs swaps the
 * worker's buffers (no copy inside the timing); the inputs are copied during the
 * level's first warm-up request (or request 0 when there is no warm-up). */
#define _POSIX_C_SOURCE 200809L
#include "target_torch_generic.h"
#include "dtype.h"
#include "generic_inputs.h"
#include "lt_shim.h"
#include "model_sidecar_inputs.h"
#include "npy.h"
#include "short_thread.h"
#include "target_torch.h"
#include "torch_run.h"
#include "workload_tensors.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

_Static_assert((int)LTB_DT_F32 == (int)LT_G_F32 && (int)LTB_DT_BOOL == (int)LT_G_BOOL &&
               (int)LTB_DT_I64 == (int)LT_G_I64 && (int)LTB_DT_U8 == (int)LT_G_U8,
               "ltb_dtype and lt_gdtype share one order");

#define MAX_KEPT 256

typedef struct kept_level {
    char tag[160];
    int have_inputs, have_outputs;
    int n_inputs;
    ltb_array inputs[LTB_TENSORS_MAX_INPUTS];
    char input_names[LTB_TENSORS_MAX_INPUTS][64];
    lt_goutputs outputs;
} kept_level;

typedef struct torch_generic {
    lt_generic *model;
    ltb_workload *w;
    char model_path[1024];
    char device[64];
    char signature[1200];
    char save_inputs[1024], save_outputs[1024];
    char save_variant[160];               /* empty: the only variant */
    pthread_mutex_t lock;
    kept_level *kept;
    int n_kept;
} torch_generic;

typedef struct worker_state {
    lt_goutputs outs;
} worker_state;

static int worker_open(ltb_target *t, int worker, void **state, char *err, size_t errlen)
{
    (void)t, (void)worker;
    return ltb_worker_state_new(sizeof(worker_state), state, err, errlen);
}

static void worker_close(ltb_target *t, void *state)
{
    (void)t;
    worker_state *ws = state;
    lt_goutputs_free(&ws->outs);
    free(ws);
}

/* The kept slot of this request's level, made on first use (lock held). */
static kept_level *kept_slot(torch_generic *self, const ltb_request *req)
{
    char tag[160];
    snprintf(tag, sizeof tag, "c%d_b%d%s", req->concurrency, req->batch,
             ltb_workload_tensors_shape_tag(self->w));
    for (int i = 0; i < self->n_kept; i++)
        if (!strcmp(self->kept[i].tag, tag))
            return &self->kept[i];
    if (self->n_kept == MAX_KEPT)
        return NULL;
    kept_level *k = &self->kept[self->n_kept++];
    memset(k, 0, sizeof *k);
    snprintf(k->tag, sizeof k->tag, "%s", tag);
    return k;
}

static void keep_inputs(kept_level *k, const ltb_level_tensor *lv, int n)
{
    for (int i = 0; i < n; i++) {
        ltb_array *a = &k->inputs[k->n_inputs];
        a->data = malloc(lv[i].bytes ? lv[i].bytes : 1);
        if (!a->data)
            continue;
        memcpy(a->data, lv[i].data, lv[i].bytes);
        a->bytes = lv[i].bytes;
        a->dtype = lv[i].dtype;
        a->ndim = lv[i].ndim;
        memcpy(a->shape, lv[i].shape, sizeof a->shape);
        snprintf(k->input_names[k->n_inputs], sizeof k->input_names[0], "%s", lv[i].name);
        k->n_inputs++;
    }
    k->have_inputs = 1;
}

static void maybe_keep(torch_generic *self, worker_state *ws, const ltb_request *req,
                       const ltb_level_tensor *lv, int n)
{
    if (!self->save_inputs[0] && !self->save_outputs[0])
        return;
    if (req->id > 0)
        return;
    pthread_mutex_lock(&self->lock);
    kept_level *k = kept_slot(self, req);
    if (k && !k->have_inputs && self->save_inputs[0])
        keep_inputs(k, lv, n);
    if (k && req->id == 0 && !k->have_outputs && self->save_outputs[0]) {
        lt_goutputs swap = k->outputs;       /* O(1): the worker's buffers become the kept ones */
        k->outputs = ws->outs;
        ws->outs = swap;
        k->have_outputs = 1;
    }
    pthread_mutex_unlock(&self->lock);
}

static int run(ltb_target *t, void *state, const ltb_request *req, ltb_result *res)
{
    torch_generic *self = t->self;
    worker_state *ws = state;
    int n;
    const ltb_level_tensor *lv = ltb_workload_tensors_level(self->w, &n);
    lt_gtensor ins[LTB_TENSORS_MAX_INPUTS];
    for (int i = 0; i < n; i++) {
        ins[i] = (lt_gtensor){.arg = lv[i].arg, .dtype = (lt_gdtype)lv[i].dtype, .ndim = lv[i].ndim,
                              .data = lv[i].data};
        memcpy(ins[i].shape, lv[i].shape, sizeof ins[i].shape);
    }
    lt_run_stats st;
    lt_error e;
    lt_status s = lt_generic_run(self->model, ins, n, &ws->outs, &st, &e);
    if (s != LT_OK)
        return ltb_torch_fail(res, NULL, s, &e);
    ltb_torch_add_stats(res, &st);
    maybe_keep(self, ws, req, lv, n);
    return 0;
}

static void close_target(ltb_target *t)
{
    torch_generic *self = t->self;
    if (!self)
        return;
    for (int i = 0; i < self->n_kept; i++) {
        for (int j = 0; j < self->kept[i].n_inputs; j++)
            ltb_array_free(&self->kept[i].inputs[j]);
        lt_goutputs_free(&self->kept[i].outputs);
    }
    free(self->kept);
    lt_generic_close(self->model);
    pthread_mutex_destroy(&self->lock);
    free(self);
    t->self = NULL;
}

/* An AOTInductor package keeps no argument names: its tensors take the names of the
 * --input SPECs (when they name every tensor, in order), else of the sidecar's inputs
 * (the .pt2 beside a .pt shares its sidecar); else they keep their positions "0", "1", .. */
static int name_package_args(lt_generic *model, const ltb_generic_options *o,
                             const ltb_input_spec *side_specs, int n_side, char *err, size_t errlen)
{
    if (!lt_generic_is_package(model))
        return 0;
    int n_args = lt_generic_arg_count(model);
    const ltb_input_spec *from = o->n_specs == n_args ? o->specs : n_side == n_args ? side_specs : NULL;
    if (!from)
        return 0;
    const char *names[LTB_SIDECAR_MAX_INPUTS];
    for (int i = 0; i < n_args && i < LTB_SIDECAR_MAX_INPUTS; i++)
        names[i] = from[i].position >= 0 ? "" : from[i].name;
    lt_error e;
    if (lt_generic_name_args(model, names, n_args, &e) != LT_OK) {
        snprintf(err, errlen, "%s", e.msg);
        return -1;
    }
    return 0;
}

/* --input SPECs, else the sidecar's; the sidecar's also fill what --input leaves out */
static int bind_inputs(torch_generic *self, const ltb_generic_options *o, ltb_tensor_input *inputs,
                       int *n, char *err, size_t errlen)
{
    ltb_sidecar_inputs side;
    if (ltb_sidecar_inputs_read(o->model_path, &side, err, errlen) != 0)
        return -1;
    ltb_input_spec side_specs[LTB_SIDECAR_MAX_INPUTS];
    for (int i = 0; i < side.n_inputs; i++) {
        char why[512];
        if (ltb_input_spec_parse(side.inputs[i], &side_specs[i], why, sizeof why) != 0) {
            snprintf(err, errlen, "model sidecar of '%s': %s", o->model_path, why);
            return -1;
        }
    }
    if (name_package_args(self->model, o, side_specs, side.n_inputs, err, errlen) != 0)
        return -1;
    if (lt_generic_is_package(self->model) && o->n_specs >= lt_generic_arg_count(self->model))
        side.n_inputs = 0;   /* the SPECs gave every tensor of the package: nothing to fill */
    const lt_generic_arg *args = lt_generic_args(self->model);
    int n_args = lt_generic_arg_count(self->model);
    if (o->n_specs == 0 && side.n_inputs == 0) {
        char list[1024];
        ltb_generic_args_text(args, n_args, list, sizeof list);
        int needed = 0;
        for (int a = 0; a < n_args; a++)
            needed += !args[a].has_default;
        if (needed > 0) {
            snprintf(err, errlen, "'%s' has no sidecar inputs: give --input for forward's arguments: %s",
                     o->model_path, list);
            return -1;
        }
    }
    return ltb_generic_inputs_resolve(o->model_path, args, n_args, o->specs, o->n_specs, side_specs,
                                      side.n_inputs, inputs, n, err, errlen);
}

static int open_here(ltb_target *t, const void *options, void *context, char *err, size_t errlen)
{
    const ltb_generic_options *o = options;
    ltb_workload *w = context;
    memset(t, 0, sizeof *t);
    lt_open_options open_opt = {.device = o->device ? o->device : "cpu"};
    if (ltb_torch_parse_precision(o->precision, &open_opt.precision) != 0) {
        snprintf(err, errlen, "unknown precision '%s' (use fp32, fp16 or bf16)", o->precision);
        return -1;
    }
    lt_error e;
    if (lt_set_threads(o->threads, o->interop_threads, &e) != LT_OK) {
        snprintf(err, errlen, "%s", e.msg);
        return -1;
    }
    torch_generic *self = calloc(1, sizeof *self);
    kept_level *kept = calloc(MAX_KEPT, sizeof *kept);
    if (!self || !kept) {
        free(self), free(kept);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    self->kept = kept;
    pthread_mutex_init(&self->lock, NULL);
    snprintf(self->model_path, sizeof self->model_path, "%s", o->model_path);
    snprintf(self->save_inputs, sizeof self->save_inputs, "%s", o->save_inputs ? o->save_inputs : "");
    snprintf(self->save_outputs, sizeof self->save_outputs, "%s", o->save_outputs ? o->save_outputs : "");
    snprintf(self->save_variant, sizeof self->save_variant, "%s", o->save_variant ? o->save_variant : "");
    t->self = self;
    if (lt_generic_open(o->model_path, &open_opt, &self->model, &e) != LT_OK) {
        snprintf(err, errlen, "%s", e.msg);
        close_target(t);
        return -1;
    }
    ltb_tensor_input *inputs = calloc(LTB_TENSORS_MAX_INPUTS, sizeof *inputs);
    int n = 0;
    if (!inputs || bind_inputs(self, o, inputs, &n, err, errlen) != 0 ||
        ltb_workload_tensors(w, inputs, n, o->seed, err, errlen) != 0) {
        if (inputs && n > 0)
            for (int i = 0; i < n; i++)
                ltb_array_free(&inputs[i].file);
        free(inputs);
        close_target(t);
        return -1;
    }
    free(inputs);
    self->w = w;
    snprintf(self->device, sizeof self->device, "%s", lt_generic_device(self->model));
    char list[1024];
    ltb_generic_args_text(lt_generic_args(self->model), lt_generic_arg_count(self->model), list, sizeof list);
    snprintf(self->signature, sizeof self->signature, "forward(%s) -> %s", list,
             lt_generic_return_type(self->model));
    t->kind = "torch";
    t->device = self->device;
    t->worker_open = worker_open;
    t->worker_close = worker_close;
    t->worker_threads = ltb_torch_worker_threads;
    t->sync = ltb_torch_target_sync;
    t->run = run;
    t->close = close_target;
    return 0;
}

int ltb_target_torch_generic(ltb_target *t, ltb_workload *w, const ltb_generic_options *o,
                             char *err, size_t errlen)
{
    return ltb_open_target_on_short_thread(open_here, t, o, w, err, errlen);
}

const char *ltb_target_torch_generic_signature(const ltb_target *t)
{
    const torch_generic *self = t->self;
    return self ? self->signature : "";
}

static int make_dir(const char *path, char *err, size_t errlen)
{
    char buf[1400];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(buf, 0755);
            *p = '/';
        }
    if (mkdir(buf, 0755) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "cannot make directory '%s': %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

static int write_level(const char *root, const char *variant, const kept_level *k, int inputs,
                       char *err, size_t errlen)
{
    char dir[1400], path[1600];
    snprintf(dir, sizeof dir, "%s/%s%s%s", root, variant, variant[0] ? "/" : "", k->tag);
    if (make_dir(dir, err, errlen) != 0)
        return -1;
    if (inputs) {
        for (int i = 0; i < k->n_inputs; i++) {
            snprintf(path, sizeof path, "%s/%s.npy", dir, k->input_names[i]);
            const ltb_array *a = &k->inputs[i];
            if (ltb_npy_write(path, a->dtype, a->ndim, a->shape, a->data, err, errlen) != 0)
                return -1;
        }
        return 0;
    }
    for (int i = 0; i < k->outputs.n; i++) {
        const lt_goutput *o = &k->outputs.items[i];
        snprintf(path, sizeof path, "%s/%s.npy", dir, o->name);
        if (ltb_npy_write(path, (ltb_dtype)o->dtype, o->ndim, o->shape, o->data, err, errlen) != 0)
            return -1;
    }
    return 0;
}

int ltb_target_torch_generic_save(ltb_target *t, char *err, size_t errlen)
{
    torch_generic *self = t->self;
    if (!self)
        return 0;
    int written = 0;
    for (int i = 0; i < self->n_kept; i++) {
        const kept_level *k = &self->kept[i];
        if (k->have_inputs && self->save_inputs[0] && write_level(self->save_inputs, self->save_variant, k, 1, err, errlen) != 0)
            return -1;
        if (k->have_outputs && self->save_outputs[0] && write_level(self->save_outputs, self->save_variant, k, 0, err, errlen) != 0)
            return -1;
        written += k->have_inputs || k->have_outputs;
    }
    return written;
}
