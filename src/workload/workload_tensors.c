/* workload_tensors.c — the generic inputs of `ltbench run`, prepared before timing:
 * the shape axis is the cartesian product of every {a,b,..} dim of every input (the
 * first input's first swept dim varies slowest); each level's tensors are generated
 * from the seed (floats: standard normal, or uniform in [LOW,HIGH) when given;
 * integers: uniform in [LOW,HIGH), default [0,10); bool: random bits) or copied
 * from their file. */
#include "workload_tensors.h"
#include "rng.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tensor_set {
    ltb_tensor_input inputs[LTB_TENSORS_MAX_INPUTS];
    int n;
    uint64_t seed;
    int n_shapes, shape;                 /* combinations; the current one */
    char shape_names[LTB_TENSORS_MAX_SHAPES][96];
    char shape_tags[LTB_TENSORS_MAX_SHAPES][96];
    ltb_level_tensor level[LTB_TENSORS_MAX_INPUTS];
    void *buffers[LTB_TENSORS_MAX_INPUTS];
    ltb_sample_info sample;
} tensor_set;

/* The value of sweep dim (i, d) in combination s: mixed radix over swept dims. */
static int64_t dim_value(const tensor_set *t, int i, int d, int s, int batch)
{
    const ltb_spec_dim *dim = &t->inputs[i].dims[d];
    if (dim->kind == LTB_DIM_BATCH)
        return batch;
    if (dim->kind == LTB_DIM_FIXED)
        return dim->values[0];
    /* later swept dims vary fastest */
    int stride = 1;
    for (int j = t->n - 1; j >= 0; j--)
        for (int e = t->inputs[j].ndim - 1; e >= 0; e--) {
            const ltb_spec_dim *o = &t->inputs[j].dims[e];
            if (o->kind != LTB_DIM_SWEEP)
                continue;
            if (j == i && e == d)
                return dim->values[(s / stride) % dim->n_values];
            stride *= o->n_values;
        }
    return dim->values[0];
}

static void name_shapes(tensor_set *t)
{
    for (int s = 0; s < t->n_shapes; s++) {
        size_t un = 0, ut = 0;
        t->shape_names[s][0] = t->shape_tags[s][0] = '\0';
        for (int i = 0; i < t->n; i++)
            for (int d = 0; d < t->inputs[i].ndim; d++) {
                if (t->inputs[i].dims[d].kind != LTB_DIM_SWEEP)
                    continue;
                long long v = (long long)dim_value(t, i, d, s, 1);
                if (un < sizeof t->shape_names[s])
                    un += (size_t)snprintf(t->shape_names[s] + un, sizeof t->shape_names[s] - un,
                                           "%s%s.%d=%lld", un ? " " : "", t->inputs[i].name, d, v);
                if (ut < sizeof t->shape_tags[s])
                    ut += (size_t)snprintf(t->shape_tags[s] + ut, sizeof t->shape_tags[s] - ut,
                                           "_%s.%d-%lld", t->inputs[i].name, d, v);
            }
    }
}

static double normal(uint64_t *st)
{
    double u1 = ((ltb_rng_next(st) >> 11) + 1.0) / 9007199254740993.0;
    double u2 = (ltb_rng_next(st) >> 11) / 9007199254740992.0;
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

static uint16_t f32_to_f16(float f)
{
    uint32_t x;
    memcpy(&x, &f, sizeof x);
    uint32_t sign = (x >> 16) & 0x8000u;
    int32_t exp = (int32_t)((x >> 23) & 0xff) - 127 + 15;
    uint32_t mant = x & 0x7fffffu;
    if (exp <= 0)
        return (uint16_t)sign;                      /* tiny: zero */
    if (exp >= 31)
        return (uint16_t)(sign | 0x7c00u);          /* huge: infinity */
    return (uint16_t)(sign | (uint32_t)exp << 10 | (mant + 0x1000u) >> 13);
}

static uint16_t f32_to_bf16(float f)
{
    uint32_t x;
    memcpy(&x, &f, sizeof x);
    return (uint16_t)((x + 0x7fffu + ((x >> 16) & 1u)) >> 16);
}

static void store(ltb_dtype d, void *dst, size_t k, double v)
{
    switch (d) {
    case LTB_DT_F32: ((float *)dst)[k] = (float)v; break;
    case LTB_DT_F16: ((uint16_t *)dst)[k] = f32_to_f16((float)v); break;
    case LTB_DT_BF16: ((uint16_t *)dst)[k] = f32_to_bf16((float)v); break;
    case LTB_DT_F64: ((double *)dst)[k] = v; break;
    case LTB_DT_I64: ((int64_t *)dst)[k] = (int64_t)v; break;
    case LTB_DT_I32: ((int32_t *)dst)[k] = (int32_t)v; break;
    case LTB_DT_I16: ((int16_t *)dst)[k] = (int16_t)v; break;
    case LTB_DT_I8: ((int8_t *)dst)[k] = (int8_t)v; break;
    case LTB_DT_U8: ((uint8_t *)dst)[k] = (uint8_t)v; break;
    case LTB_DT_BOOL: ((uint8_t *)dst)[k] = (uint8_t)((int)v & 1); break;
    default: break;
    }
}

static void generate(const ltb_tensor_input *in, uint64_t seed, int index, void *dst, size_t numel)
{
    uint64_t st = ltb_rng_state(seed, 0x5eed0000ull + (uint64_t)index);
    double low = in->has_range ? in->low : 0, high = in->has_range ? in->high : 10;
    for (size_t k = 0; k < numel; k++) {
        double v;
        if (in->dtype == LTB_DT_BOOL && !in->has_range)
            v = (double)(ltb_rng_next(&st) >> 63);
        else if (ltb_dtype_is_float(in->dtype) && !in->has_range)
            v = normal(&st);
        else if (ltb_dtype_is_float(in->dtype))
            v = low + (high - low) * ((ltb_rng_next(&st) >> 11) / 9007199254740992.0);
        else
            v = low + (double)(ltb_rng_next(&st) % (uint64_t)(high - low));
        store(in->dtype, dst, k, v);
    }
}

static int prepare_shape(ltb_workload *w, int shape, char *err, size_t errlen)
{
    tensor_set *t = w->self;
    if (shape < 0 || shape >= t->n_shapes) {
        snprintf(err, errlen, "shape %d is not on the axis", shape);
        return -1;
    }
    t->shape = shape;
    return 0;
}

static const char *shape_name(const ltb_workload *w, int shape)
{
    const tensor_set *t = w->self;
    return shape >= 0 && shape < t->n_shapes ? t->shape_names[shape] : "";
}

static int prepare_batch(ltb_workload *w, int batch, char *err, size_t errlen)
{
    tensor_set *t = w->self;
    for (int i = 0; i < t->n; i++) {
        ltb_tensor_input *in = &t->inputs[i];
        ltb_level_tensor *lv = &t->level[i];
        lv->name = in->name;
        lv->arg = in->arg;
        lv->dtype = in->dtype;
        lv->ndim = in->ndim;
        if (in->from_file) {
            memcpy(lv->shape, in->file.shape, sizeof lv->shape);
            lv->data = in->file.data;
            lv->bytes = in->file.bytes;
            continue;
        }
        for (int d = 0; d < in->ndim; d++)
            lv->shape[d] = dim_value(t, i, d, t->shape, batch);
        int64_t numel = ltb_shape_numel(in->ndim, lv->shape);
        size_t esize = ltb_dtype_size(in->dtype);
        if (numel < 0 || (uint64_t)numel > LTB_TENSORS_MAX_BYTES / esize) {
            snprintf(err, errlen, "input '%s' at batch %d is larger than %zu GiB", in->name, batch,
                     LTB_TENSORS_MAX_BYTES >> 30);
            return -1;
        }
        size_t bytes = (size_t)numel * esize;
        void *buf = realloc(t->buffers[i], bytes ? bytes : 1);
        if (!buf) {
            snprintf(err, errlen, "input '%s' at batch %d: out of memory for %zu bytes", in->name,
                     batch, bytes);
            return -1;
        }
        t->buffers[i] = buf;
        generate(in, t->seed, i, buf, (size_t)numel);
        lv->data = buf;
        lv->bytes = bytes;
    }
    return 0;
}

static void fill(ltb_workload *w, int64_t id, int batch, ltb_request *req)
{
    (void)w, (void)id, (void)batch;
    req->sample = 0;
}

static void workload_free(ltb_workload *w)
{
    tensor_set *t = w->self;
    if (!t)
        return;
    for (int i = 0; i < t->n; i++) {
        ltb_array_free(&t->inputs[i].file);
        free(t->buffers[i]);
    }
    free(t);
    w->self = NULL;
}

int ltb_workload_tensors(ltb_workload *w, ltb_tensor_input *inputs, int n, uint64_t seed,
                         char *err, size_t errlen)
{
    memset(w, 0, sizeof *w);
    if (n < 0 || n > LTB_TENSORS_MAX_INPUTS) {
        snprintf(err, errlen, "at most %d inputs", LTB_TENSORS_MAX_INPUTS);
        return -1;
    }
    long shapes = 1;
    for (int i = 0; i < n; i++)
        for (int d = 0; d < inputs[i].ndim; d++)
            if (inputs[i].dims[d].kind == LTB_DIM_SWEEP) {
                shapes *= inputs[i].dims[d].n_values;
                if (shapes > LTB_TENSORS_MAX_SHAPES) {
                    snprintf(err, errlen, "input '%s': the {..} dimensions make more than %d shape "
                                          "combinations", inputs[i].name, LTB_TENSORS_MAX_SHAPES);
                    return -1;
                }
            }
    tensor_set *t = calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (int i = 0; i < n; i++) {
        t->inputs[i] = inputs[i];
        memset(&inputs[i].file, 0, sizeof inputs[i].file);   /* moved */
    }
    t->n = n;
    t->seed = seed;
    t->n_shapes = (int)shapes;
    name_shapes(t);
    t->sample = (ltb_sample_info){.name = "inputs"};
    w->self = t;
    w->n_samples = 1;
    w->samples = &t->sample;
    w->prepare_batch = prepare_batch;
    w->fill = fill;
    w->free = workload_free;
    w->need_files = NULL;
    w->n_shapes = t->n_shapes;
    w->prepare_shape = prepare_shape;
    w->shape_name = shape_name;
    return 0;
}

const ltb_level_tensor *ltb_workload_tensors_level(const ltb_workload *w, int *n)
{
    const tensor_set *t = w->self;
    *n = t ? t->n : 0;
    return t ? t->level : NULL;
}

const char *ltb_workload_tensors_shape_tag(const ltb_workload *w)
{
    const tensor_set *t = w->self;
    return t && t->shape >= 0 && t->shape < t->n_shapes ? t->shape_tags[t->shape] : "";
}

void ltb_workload_tensors_describe(const ltb_workload *w, char *buf, size_t cap)
{
    const tensor_set *t = w->self;
    size_t used = 0;
    if (cap)
        buf[0] = '\0';
    for (int i = 0; t && i < t->n && used < cap; i++) {
        const ltb_tensor_input *in = &t->inputs[i];
        used += (size_t)snprintf(buf + used, cap - used, "%s%s%s", i ? " " : "", in->name,
                                 in->from_file ? "=@file:" : ":");
        for (int d = 0; d < in->ndim && used < cap; d++) {
            const ltb_spec_dim *dim = &in->dims[d];
            const char *sep = d ? "x" : "";
            if (in->from_file)
                used += (size_t)snprintf(buf + used, cap - used, "%s%lld", sep, (long long)in->file.shape[d]);
            else if (dim->kind == LTB_DIM_BATCH)
                used += (size_t)snprintf(buf + used, cap - used, "%sN", sep);
            else if (dim->kind == LTB_DIM_FIXED)
                used += (size_t)snprintf(buf + used, cap - used, "%s%lld", sep, (long long)dim->values[0]);
            else
                for (int v = 0; v < dim->n_values && used < cap; v++)
                    used += (size_t)snprintf(buf + used, cap - used, "%s%s%lld%s", v ? "" : sep, v ? "," : "{",
                                             (long long)dim->values[v], v + 1 == dim->n_values ? "}" : "");
        }
        if (used < cap)
            used += (size_t)snprintf(buf + used, cap - used, ":%s", ltb_dtype_name(in->dtype));
        if (used < cap && in->has_range && !in->from_file)
            used += (size_t)snprintf(buf + used, cap - used, ":%g,%g", in->low, in->high);
    }
}
