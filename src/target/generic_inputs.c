/* generic_inputs.c — SPECs bound to forward's arguments (see generic_inputs.h). */
#include "generic_inputs.h"
#include "file_read.h"
#include "zip_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INPUT_FILE_MAX_BYTES ((size_t)4 << 30)

void ltb_generic_args_text(const lt_generic_arg *args, int n_args, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n_args && used < cap; i++)
        used += (size_t)snprintf(buf + used, cap - used, "%s%s: %s%s", i ? ", " : "", args[i].name,
                                 args[i].type, args[i].has_default ? " (optional)" : "");
    if (n_args == 0)
        snprintf(buf, cap, "(none)");
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

static int read_npz(const char *name, const char *file, const char *entry, ltb_array *out,
                    char *err, size_t errlen)
{
    unsigned char *buf;
    size_t len;
    char why[256];
    if (ltb_read_file(file, INPUT_FILE_MAX_BYTES, &buf, &len, why, sizeof why) != 0) {
        snprintf(err, errlen, "input '%s': %s", name, why);
        return -1;
    }
    ltb_zip_entry *entries;
    int n, rc = -1;
    if (ltb_zip_list(buf, len, &entries, &n, why, sizeof why) != 0) {
        snprintf(err, errlen, "input '%s': '%s': %s", name, file, why);
        free(buf);
        return -1;
    }
    char want[160];
    snprintf(want, sizeof want, "%s.npy", entry[0] ? entry : name);
    const ltb_zip_entry *e = ltb_zip_find(entries, n, want);
    if (!e && !entry[0] && n == 1)
        e = &entries[0];
    unsigned char *npy = NULL;
    size_t npy_len = 0;
    if (!e) {
        char names[512] = "";
        size_t used = 0;
        for (int i = 0; i < n && used < sizeof names; i++)
            used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "",
                                     entries[i].name);
        snprintf(err, errlen, "input '%s': '%s' has no entry '%s' (it has: %s)", name, file, want, names);
    } else if (ltb_zip_extract(buf, len, e, INPUT_FILE_MAX_BYTES, &npy, &npy_len, why, sizeof why) != 0 ||
               ltb_npy_parse(npy, npy_len, INPUT_FILE_MAX_BYTES, out, why, sizeof why) != 0) {
        snprintf(err, errlen, "input '%s': '%s': %s", name, file, why);
    } else {
        rc = 0;
    }
    free(npy);
    free(entries);
    free(buf);
    return rc;
}

int ltb_generic_input_file(const char *name, const char *file, const char *entry,
                           ltb_array *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    char why[512];
    if (ends_with(file, ".npz"))
        return read_npz(name, file, entry, out, err, errlen);
    if (ends_with(file, ".npy")) {
        unsigned char *buf;
        size_t len;
        if (ltb_read_file(file, INPUT_FILE_MAX_BYTES, &buf, &len, why, sizeof why) != 0) {
            snprintf(err, errlen, "input '%s': %s", name, why);
            return -1;
        }
        int rc = ltb_npy_parse(buf, len, INPUT_FILE_MAX_BYTES, out, why, sizeof why);
        free(buf);
        if (rc != 0)
            snprintf(err, errlen, "input '%s': '%s': %s", name, file, why);
        return rc;
    }
    lt_goutput t;
    memset(&t, 0, sizeof t);
    lt_error e;
    if (lt_tensor_file_load(file, &t, &e) != LT_OK) {
        free(t.data);
        snprintf(err, errlen, "input '%s': %s", name, e.msg);
        return -1;
    }
    out->dtype = (ltb_dtype)t.dtype;
    out->ndim = t.ndim;
    memcpy(out->shape, t.shape, sizeof out->shape);
    out->data = t.data;
    out->bytes = t.bytes;
    return 0;
}

static int find_arg(const lt_generic_arg *args, int n_args, const ltb_input_spec *s)
{
    for (int i = 0; i < n_args; i++)
        if (!strcmp(args[i].name, s->name))
            return i;
    return s->position >= 0 && s->position < n_args ? s->position : -1;
}

static ltb_dtype schema_dtype(lt_arg_kind k)
{
    return k == LT_ARG_INT ? LTB_DT_I64 : k == LT_ARG_FLOAT ? LTB_DT_F64
         : k == LT_ARG_BOOL ? LTB_DT_BOOL : LTB_DT_F32;
}

/* An int/float/bool argument takes one value of a matching dtype. */
static int check_scalar(const char *model, const lt_generic_arg *a, const ltb_tensor_input *in,
                        char *err, size_t errlen)
{
    if (a->kind == LT_ARG_TENSOR)
        return 0;
    for (int d = 0; d < in->ndim; d++) {
        int64_t v = in->from_file ? in->file.shape[d]
                  : in->dims[d].kind == LTB_DIM_FIXED ? in->dims[d].values[0] : -1;
        if (v != 1) {
            snprintf(err, errlen, "input '%s': forward of '%s' declares %s, a single value; got rank %d "
                                  "(give DIMS empty, e.g. %s::%s, or all 1)", in->name, model, a->type,
                     in->ndim, in->name, ltb_dtype_name(schema_dtype(a->kind)));
            return -1;
        }
    }
    int ok = a->kind == LT_ARG_FLOAT ? ltb_dtype_is_float(in->dtype)
           : a->kind == LT_ARG_BOOL ? in->dtype == LTB_DT_BOOL
           : !ltb_dtype_is_float(in->dtype) && in->dtype != LTB_DT_BOOL;
    if (!ok) {
        snprintf(err, errlen, "input '%s': forward of '%s' declares %s; dtype %s does not fit it",
                 in->name, model, a->type, ltb_dtype_name(in->dtype));
        return -1;
    }
    return 0;
}

/* A file's shape against what the sidecar declares (N and {..} match any size). */
static int check_file_shape(const ltb_tensor_input *in, const ltb_input_spec *declared, char *err,
                            size_t errlen)
{
    if (!declared || declared->from_file)
        return 0;
    int same = declared->ndim == in->file.ndim;
    for (int d = 0; same && d < declared->ndim; d++)
        if (declared->dims[d].kind == LTB_DIM_FIXED && declared->dims[d].values[0] != in->file.shape[d])
            same = 0;
    if (!same) {
        char got[128], want[256] = "";
        ltb_shape_format(got, sizeof got, in->file.ndim, in->file.shape);
        size_t used = 0;
        for (int d = 0; d < declared->ndim && used < sizeof want; d++) {
            const ltb_spec_dim *dim = &declared->dims[d];
            used += (size_t)(dim->kind == LTB_DIM_BATCH ? snprintf(want + used, sizeof want - used, "%sN", d ? "x" : "")
                           : dim->kind == LTB_DIM_SWEEP ? snprintf(want + used, sizeof want - used, "%s{..}", d ? "x" : "")
                           : snprintf(want + used, sizeof want - used, "%s%lld", d ? "x" : "",
                                      (long long)dim->values[0]));
        }
        snprintf(err, errlen, "input '%s': file has shape %s but the model's sidecar declares %s", in->name,
                 got, declared->ndim ? want : "a scalar");
        return -1;
    }
    if (declared->has_dtype && declared->dtype != in->file.dtype) {
        snprintf(err, errlen, "input '%s': file has dtype %s but the model's sidecar declares %s",
                 in->name, ltb_dtype_name(in->file.dtype), ltb_dtype_name(declared->dtype));
        return -1;
    }
    return 0;
}

static const ltb_input_spec *declared_for(const lt_generic_arg *args, int n_args, int arg,
                                          const ltb_input_spec *side, int n_side)
{
    for (int i = 0; i < n_side; i++)
        if (find_arg(args, n_args, &side[i]) == arg)
            return &side[i];
    return NULL;
}

static void free_inputs(ltb_tensor_input *out, int n)
{
    for (int i = 0; i < n; i++)
        ltb_array_free(&out[i].file);
}

static int add_input(const char *model, const lt_generic_arg *args, int n_args, const ltb_input_spec *s,
                     const ltb_input_spec *side, int n_side, int *taken, ltb_tensor_input *out, int *n_out,
                     char *err, size_t errlen)
{
    char list[1024];
    int arg = find_arg(args, n_args, s);
    if (arg < 0) {
        ltb_generic_args_text(args, n_args, list, sizeof list);
        snprintf(err, errlen, "input '%s': forward of '%s' has no such argument (its arguments: %s)",
                 s->name, model, list);
        return -1;
    }
    if (taken[arg]) {
        snprintf(err, errlen, "input '%s': argument '%s' is given twice", s->name, args[arg].name);
        return -1;
    }
    if (args[arg].kind == LT_ARG_OTHER) {
        snprintf(err, errlen, "input '%s': forward of '%s' declares it %s; only Tensor, int, float and "
                              "bool arguments can be given", s->name, model, args[arg].type);
        return -1;
    }
    if (*n_out >= LTB_TENSORS_MAX_INPUTS) {
        snprintf(err, errlen, "input '%s': at most %d inputs", s->name, LTB_TENSORS_MAX_INPUTS);
        return -1;
    }
    ltb_tensor_input *in = &out[*n_out];
    memset(in, 0, sizeof *in);
    snprintf(in->name, sizeof in->name, "%s", args[arg].name);
    in->arg = arg;
    if (s->from_file) {
        if (ltb_generic_input_file(in->name, s->file, s->entry, &in->file, err, errlen) != 0)
            return -1;
        in->from_file = 1;
        in->dtype = in->file.dtype;
        in->ndim = in->file.ndim;
        (*n_out)++;   /* owned by out from here (freed on a later failure) */
        if (check_file_shape(in, declared_for(args, n_args, arg, side, n_side), err, errlen) != 0)
            return -1;
    } else {
        in->dtype = s->has_dtype ? s->dtype : schema_dtype(args[arg].kind);
        in->ndim = s->ndim;
        memcpy(in->dims, s->dims, sizeof in->dims);
        in->has_range = s->has_range;
        in->low = s->low;
        in->high = s->high;
        if (!s->has_dtype && !ltb_dtype_is_float(in->dtype) && in->dtype != LTB_DT_BOOL) {
            in->has_range = 1, in->low = 0, in->high = 10;
        }
        (*n_out)++;
    }
    taken[arg] = 1;
    return check_scalar(model, &args[arg], in, err, errlen);
}

int ltb_generic_inputs_resolve(const char *model_path, const lt_generic_arg *args, int n_args,
                               const ltb_input_spec *specs, int n_specs,
                               const ltb_input_spec *sidecar_specs, int n_sidecar,
                               ltb_tensor_input *out, int *n_out, char *err, size_t errlen)
{
    int taken[LT_GENERIC_MAX_ARGS + 1] = {0};
    *n_out = 0;
    if (n_args > LT_GENERIC_MAX_ARGS) {
        snprintf(err, errlen, "forward of '%s' has %d arguments; at most %d are supported", model_path,
                 n_args, LT_GENERIC_MAX_ARGS);
        return -1;
    }
    for (int i = 0; i < n_specs; i++)
        if (add_input(model_path, args, n_args, &specs[i], sidecar_specs, n_sidecar, taken, out, n_out,
                      err, errlen) != 0)
            goto fail;
    for (int i = 0; i < n_sidecar; i++) {
        int arg = find_arg(args, n_args, &sidecar_specs[i]);
        if (arg >= 0 && taken[arg])
            continue;
        if (add_input(model_path, args, n_args, &sidecar_specs[i], NULL, 0, taken, out, n_out, err,
                      errlen) != 0) {
            char why[512];
            snprintf(why, sizeof why, "%s", err);
            snprintf(err, errlen, "model sidecar: %s", why);
            goto fail;
        }
    }
    for (int a = 0; a < n_args; a++)
        if (!taken[a] && !args[a].has_default) {
            char list[1024];
            ltb_generic_args_text(args, n_args, list, sizeof list);
            snprintf(err, errlen, "input '%s' is missing: forward of '%s' takes %s; give each with "
                                  "--input NAME:DIMS[:DTYPE[:LOW,HIGH]] or NAME=@FILE",
                     args[a].name, model_path, list);
            goto fail;
        }
    return 0;
fail:
    free_inputs(out, *n_out);
    *n_out = 0;
    return -1;
}
