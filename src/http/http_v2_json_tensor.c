/* http_v2_json_tensor.c — one tensor of a V2 JSON body read by ltb_v2_json_parse:
 * its head from cJSON's tree, its values from the fast reader when the scan read its
 * data list as numbers, else from the tree as before (see http_v2_json.h). */
#include "http_v2_json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failf(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

void ltb_v2_json_tensor_free(ltb_v2_json_tensor *t)
{
    free(t->values);
    t->values = NULL;
    t->n = 0;
}

/* The element count of the shape, as ltb_v2_tensor_of counts it; (size_t)-1 when a
 * dimension is negative or the count is over LTB_V2_MAX_ELEMENTS. */
static size_t element_count(const int64_t *shape, int ndim)
{
    size_t n = 1;
    for (int d = 0; d < ndim; d++) {
        if (shape[d] < 0 || (shape[d] > 0 && n > LTB_V2_MAX_ELEMENTS / (size_t)shape[d]))
            return (size_t)-1;
        n *= (size_t)shape[d];
    }
    return n;
}

/* The values through cJSON's tree (a list the scan did not read as numbers). */
static int from_tree(const ltb_v2_json_body *b, const char *want, int index, ltb_v2_datatype dt,
                     ltb_v2_json_tensor *out, char *err, size_t errlen)
{
    ltb_v2_values v;
    char why[512];
    if (ltb_v2_tensor_of(b->root, b->body, b->len, 0, b->key, want, &v, why, sizeof why) != 0) {
        const ltb_v2_json_data *d = &b->data[index < LTB_V2_MAX_TENSORS ? index : 0];
        if (index < LTB_V2_MAX_TENSORS && d->kind == LTB_V2_JSON_DATA_NOT_NUMBER)
            return failf(err, errlen, "%s[%d].data[%zu]: not a number", b->key, index, d->count);
        if (index < LTB_V2_MAX_TENSORS && d->kind == LTB_V2_JSON_DATA_TOO_DEEP)
            return failf(err, errlen, "%s[%d].data: lists nested over %d deep", b->key, index,
                         LTB_V2_MAX_DIMS);
        return failf(err, errlen, "%s: %s", b->key, why);
    }
    size_t size = ltb_v2_datatype_size(dt);
    int rc = 0;
    out->values = malloc((v.n ? v.n : 1) * size);
    if (!out->values)
        rc = failf(err, errlen, "out of memory for '%s' (%zu values)", out->name, v.n);
    for (size_t i = 0; rc == 0 && i < v.n; i++)
        if (ltb_v2_json_store(dt, v.values[i], out->values, i) != 0)
            rc = failf(err, errlen, "%s[%d].data[%zu]: %.17g is out of %s's range", b->key, index,
                       i, v.values[i], ltb_v2_datatype_name(dt));
    out->n = v.n;
    ltb_v2_values_free(&v);
    return rc;
}

static int read_tensor(ltb_v2_json_body *b, const char *want, ltb_v2_datatype dt,
                       ltb_v2_json_tensor *out, char *err, size_t errlen)
{
    if (!ltb_v2_json_writes(dt))
        return failf(err, errlen, "%s: cannot be read as %s", b->key, ltb_v2_datatype_name(dt));
    ltb_v2_values head;
    int index = 0;
    char why[512];
    if (ltb_v2_tensor_head_of(b->root, b->key, want, &head, &index, why, sizeof why) != 0)
        return failf(err, errlen, "%s: %s", b->key, why);
    memcpy(out->name, head.name, sizeof out->name);
    out->datatype = head.datatype;
    memcpy(out->shape, head.shape, sizeof out->shape);
    out->ndim = head.ndim;
    if (index >= LTB_V2_MAX_TENSORS || b->data[index].kind != LTB_V2_JSON_DATA_NUMBERS)
        return from_tree(b, want, index, dt, out, err, errlen);
    size_t n = element_count(out->shape, out->ndim);
    if (n == (size_t)-1)
        return failf(err, errlen, "%s[%d] ('%s'): shape has a negative dimension or over %zu "
                     "elements", b->key, index, out->name, LTB_V2_MAX_ELEMENTS);
    if (out->datatype == LTB_V2_BYTES)
        return failf(err, errlen, "%s[%d] ('%s') is BYTES, not numbers", b->key, index, out->name);
    if (b->data[index].count != n)
        return failf(err, errlen, "%s[%d].data: expected %zu numbers, got %zu", b->key, index, n,
                     b->data[index].count);
    out->values = malloc((n ? n : 1) * ltb_v2_datatype_size(dt));
    if (!out->values)
        return failf(err, errlen, "out of memory for '%s' (%zu values)", out->name, n);
    out->n = n;
    return ltb_v2_json_numbers(b, index, dt, out->values, n, err, errlen);
}

int ltb_v2_json_tensor_of(ltb_v2_json_body *b, const char *want, ltb_v2_datatype dt,
                          ltb_v2_json_tensor *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    int rc = read_tensor(b, want, dt, out, err, errlen);
    if (rc != 0)
        ltb_v2_json_tensor_free(out);
    return rc;
}
