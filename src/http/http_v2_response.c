/* http_v2_response.c — Open Inference Protocol answers: model metadata and infer
 * outputs, JSON or binary tensor extension (see http_v2.h). */
#include "http_v2.h"
#include "topk.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <math.h>
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

/* {name, datatype, shape} of a metadata or answer entry; where = "inputs[0]". */
static int read_tensor_head(const cJSON *o, const char *where, char *name, ltb_v2_datatype *dt,
                            int64_t *shape, int *ndim, char *err, size_t errlen)
{
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(o, "name");
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(o, "datatype");
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, "shape");
    if (!cJSON_IsString(n) || !n->valuestring[0])
        return failf(err, errlen, "%s has no 'name' string", where);
    if (strlen(n->valuestring) >= LTB_V2_NAME_LEN)
        return failf(err, errlen, "%s's name is over %d bytes", where, LTB_V2_NAME_LEN - 1);
    snprintf(name, LTB_V2_NAME_LEN, "%s", n->valuestring);
    if (!cJSON_IsString(d) || ltb_v2_datatype_parse(d->valuestring, dt) != 0)
        return failf(err, errlen, "%s ('%s') has no known 'datatype'", where, name);
    if (!cJSON_IsArray(s) || cJSON_GetArraySize(s) > LTB_V2_MAX_DIMS)
        return failf(err, errlen, "%s ('%s') has no 'shape' list of at most %d dimensions", where,
                     name, LTB_V2_MAX_DIMS);
    *ndim = 0;
    const cJSON *dim;
    cJSON_ArrayForEach(dim, s) {
        if (!cJSON_IsNumber(dim) || dim->valuedouble < -1 || dim->valuedouble > 1e12 ||
            dim->valuedouble != floor(dim->valuedouble))
            return failf(err, errlen, "%s ('%s'): shape holds something other than a dimension",
                         where, name);
        shape[(*ndim)++] = (int64_t)dim->valuedouble;
    }
    return 0;
}

static int read_tensor_list(const cJSON *root, const char *key, ltb_v2_tensor *list, int *n,
                            char *err, size_t errlen)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(root, key);
    *n = 0;
    if (!cJSON_IsArray(a))
        return failf(err, errlen, "model metadata has no '%s' list", key);
    if (cJSON_GetArraySize(a) > LTB_V2_MAX_TENSORS)
        return failf(err, errlen, "model metadata lists over %d %s", LTB_V2_MAX_TENSORS, key);
    const cJSON *o;
    cJSON_ArrayForEach(o, a) {
        char where[48];
        snprintf(where, sizeof where, "metadata %s[%d]", key, *n);
        ltb_v2_tensor *t = &list[*n];
        memset(t, 0, sizeof *t);
        if (read_tensor_head(o, where, t->name, &t->datatype, t->shape, &t->ndim, err, errlen) != 0)
            return -1;
        (*n)++;
    }
    return 0;
}

int ltb_v2_parse_metadata(const char *body, size_t len, ltb_v2_metadata *md, char *err,
                          size_t errlen)
{
    memset(md, 0, sizeof *md);
    cJSON *root = cJSON_ParseWithLength(body ? body : "", body ? len : 0);
    int rc = -1;
    if (!cJSON_IsObject(root))
        failf(err, errlen, "model metadata is not a JSON object (%zu bytes)", len);
    else if (read_tensor_list(root, "inputs", md->inputs, &md->n_inputs, err, errlen) == 0 &&
             read_tensor_list(root, "outputs", md->outputs, &md->n_outputs, err, errlen) == 0) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
        if (cJSON_IsString(name))
            snprintf(md->name, sizeof md->name, "%s", name->valuestring);
        rc = md->n_inputs > 0 ? 0 : failf(err, errlen, "model metadata lists no inputs");
    }
    cJSON_Delete(root);
    return rc;
}

/* ---- infer answers ------------------------------------------------------------- */

static int res_fail(ltb_result *res, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(res->error, sizeof res->error, fmt, ap);
    va_end(ap);
    return -1;
}

void ltb_v2_values_free(ltb_v2_values *v)
{
    free(v->values);
    v->values = NULL;
    v->n = 0;
}

/* Flattens JSON data (flat or nested lists of numbers or booleans) into out[*at..]. */
static int flatten(const cJSON *a, int depth, double *out, size_t cap, size_t *at)
{
    if (depth > LTB_V2_MAX_DIMS)
        return -1;
    const cJSON *e;
    cJSON_ArrayForEach(e, a) {
        if (cJSON_IsArray(e)) {
            if (flatten(e, depth + 1, out, cap, at) != 0)
                return -1;
            continue;
        }
        if (*at >= cap || !(cJSON_IsNumber(e) || cJSON_IsBool(e)))
            return -1;
        out[(*at)++] = cJSON_IsNumber(e) ? e->valuedouble : cJSON_IsTrue(e) ? 1.0 : 0.0;
    }
    return 0;
}

static double raw_value(ltb_v2_datatype dt, const unsigned char *p)
{
    switch (dt) {
    case LTB_V2_BOOL: case LTB_V2_UINT8: return (double)*p;
    case LTB_V2_INT8: return (double)(int8_t)*p;
    case LTB_V2_UINT16: { uint16_t v; memcpy(&v, p, 2); return (double)v; }
    case LTB_V2_INT16: { int16_t v; memcpy(&v, p, 2); return (double)v; }
    case LTB_V2_UINT32: { uint32_t v; memcpy(&v, p, 4); return (double)v; }
    case LTB_V2_INT32: { int32_t v; memcpy(&v, p, 4); return (double)v; }
    case LTB_V2_UINT64: { uint64_t v; memcpy(&v, p, 8); return (double)v; }
    case LTB_V2_INT64: { int64_t v; memcpy(&v, p, 8); return (double)v; }
    case LTB_V2_FP32: { float v; memcpy(&v, p, 4); return (double)v; }
    case LTB_V2_FP64: { double v; memcpy(&v, p, 8); return v; }
    case LTB_V2_BF16: {
        uint32_t bits = (uint32_t)((unsigned)p[0] | (unsigned)p[1] << 8) << 16;
        float f;
        memcpy(&f, &bits, sizeof f);
        return (double)f;
    }
    case LTB_V2_FP16: {
        unsigned h = (unsigned)p[0] | (unsigned)p[1] << 8;
        int exp = (int)((h >> 10) & 0x1F);
        double man = (double)(h & 0x3FF);
        double v = exp == 0 ? ldexp(man, -24) : exp == 31 ? (man ? NAN : INFINITY)
                                                         : ldexp(man + 1024.0, exp - 25);
        return h & 0x8000 ? -v : v;
    }
    default: return 0;
    }
}

/* The element count of a shape; (size_t)-1 when a dimension is negative or the
 * count is over LTB_V2_MAX_ELEMENTS. */
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

/* parameters.binary_data_size of an output, or -1 when it has none. */
static double binary_size(const cJSON *o)
{
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(o, "parameters");
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(p, "binary_data_size");
    return cJSON_IsNumber(s) ? s->valuedouble : -1;
}

/* Reads the values of tensor o (whose binary bytes, if any, start at raw). */
static int read_values(const cJSON *o, const unsigned char *raw, size_t raw_len,
                       size_t json_len, ltb_v2_values *out, char *err, size_t errlen)
{
    size_t n = element_count(out->shape, out->ndim);
    if (n == (size_t)-1)
        return failf(err, errlen, "'%s': shape has a negative dimension or over %zu elements",
                     out->name, LTB_V2_MAX_ELEMENTS);
    if (out->datatype == LTB_V2_BYTES)
        return failf(err, errlen, "'%s' is BYTES, not numbers", out->name);
    if (raw) {
        size_t size = ltb_v2_datatype_size(out->datatype);
        if (raw_len != n * size)
            return failf(err, errlen, "'%s': %zu binary bytes for %zu %s elements", out->name,
                         raw_len, n, ltb_v2_datatype_name(out->datatype));
    } else if (n > json_len / 2 + 1) {   /* a JSON number takes a byte and a comma */
        return failf(err, errlen, "'%s': data does not hold the %zu numbers its shape says",
                     out->name, n);
    }
    out->values = malloc((n ? n : 1) * sizeof(double));
    if (!out->values)
        return failf(err, errlen, "out of memory for '%s' (%zu values)", out->name, n);
    out->n = n;
    if (raw) {
        size_t size = ltb_v2_datatype_size(out->datatype);
        for (size_t i = 0; i < n; i++)
            out->values[i] = raw_value(out->datatype, raw + i * size);
        return 0;
    }
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(o, "data");
    size_t at = 0;
    if (!cJSON_IsArray(data))
        return failf(err, errlen, "'%s' has no 'data' list (and no binary_data_size)", out->name);
    if (flatten(data, 0, out->values, n, &at) != 0 || at != n)
        return failf(err, errlen, "'%s': data does not hold the %zu numbers its shape says",
                     out->name, n);
    return 0;
}

/* The tensor named want (NULL: the first) of list key: its values into out, or, when
 * index is not NULL, only its head and its place in the list into *index. */
static int find_tensor(const cJSON *root, const char *body, size_t len, size_t header_len,
                       const char *key, const char *want, ltb_v2_values *out, int *index,
                       char *err, size_t errlen)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) == 0)
        return failf(err, errlen, "no '%s' list", key);
    size_t offset = header_len;   /* binary tensors follow the header in list order */
    int i = 0;
    const cJSON *o;
    cJSON_ArrayForEach(o, list) {
        char where[48];
        snprintf(where, sizeof where, "%s[%d]", key, i++);
        memset(out, 0, sizeof *out);
        if (read_tensor_head(o, where, out->name, &out->datatype, out->shape, &out->ndim, err,
                             errlen) != 0)
            return -1;
        double bsize = binary_size(o);
        if (bsize >= 0 && (header_len == 0 || bsize > (double)(len - offset)))
            return failf(err, errlen, "'%s': binary_data_size %.0f %s", out->name, bsize,
                         header_len ? "runs past the body's end"
                                    : "without Inference-Header-Content-Length");
        const unsigned char *raw = bsize >= 0 ? (const unsigned char *)body + offset : NULL;
        size_t raw_len = bsize >= 0 ? (size_t)bsize : 0;
        offset += raw_len;
        if ((!want || !strcmp(want, out->name)) && index) {
            *index = i - 1;
            return 0;
        }
        if (!want || !strcmp(want, out->name))
            return read_values(o, raw, raw_len, header_len ? header_len : len, out, err, errlen);
    }
    return failf(err, errlen, "no %.7s '%s'", key, want);
}

int ltb_v2_tensor_of(const cJSON *root, const char *body, size_t len, size_t header_len,
                     const char *key, const char *want, ltb_v2_values *out, char *err,
                     size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (header_len > len)
        return failf(err, errlen, "Inference-Header-Content-Length %zu is past the body's %zu bytes",
                     header_len, len);
    int rc = find_tensor(root, body, len, header_len, key, want, out, NULL, err, errlen);
    if (rc != 0)
        ltb_v2_values_free(out);
    return rc;
}

int ltb_v2_tensor_head_of(const cJSON *root, const char *key, const char *want,
                          ltb_v2_values *out, int *index, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    return find_tensor(root, "", 0, 0, key, want, out, index, err, errlen);
}

int ltb_v2_parse_tensor(const char *body, size_t len, size_t header_len, const char *key,
                        const char *want, ltb_v2_values *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (header_len > len)
        return failf(err, errlen, "Inference-Header-Content-Length %zu is past the body's %zu bytes",
                     header_len, len);
    size_t json_len = header_len ? header_len : len;
    cJSON *root = cJSON_ParseWithLength(body ? body : "", body ? json_len : 0);
    int rc;
    if (!cJSON_IsObject(root))
        rc = failf(err, errlen, "not a JSON object (%zu bytes)", json_len);
    else
        rc = find_tensor(root, body, len, header_len, key, want, out, NULL, err, errlen);
    cJSON_Delete(root);
    if (rc != 0)
        ltb_v2_values_free(out);
    return rc;
}

int ltb_v2_parse_output(const ltb_http_reply *r, size_t header_len, const char *want,
                        ltb_v2_values *out, ltb_result *res)
{
    memset(out, 0, sizeof *out);
    res->response_bytes = r->len;
    res->server_processing_s = -1;
    if (r->status < 200 || r->status >= 300) {
        char msg[LTB_ERROR_LEN];
        ltb_http_error_text(r->body, r->len, msg, sizeof msg);
        return msg[0] ? res_fail(res, "HTTP %ld: %s", r->status, msg)
                      : res_fail(res, "HTTP %ld", r->status);
    }
    char why[LTB_ERROR_LEN];
    if (ltb_v2_parse_tensor(r->body, r->len, header_len, "outputs", want, out, why, sizeof why) != 0)
        return res_fail(res, "V2 answer: %s", why);
    return 0;
}

int ltb_v2_parse_image(const ltb_http_reply *r, size_t header_len, const char *want,
                       int batch, int top_k, ltb_result *res)
{
    ltb_v2_values v;
    if (ltb_v2_parse_output(r, header_len, want, &v, res) != 0)
        return -1;
    int rc = 0;
    int64_t rows = v.ndim == 2 ? v.shape[0] : 1;
    int64_t classes = v.ndim == 2 ? v.shape[1] : v.ndim == 1 ? v.shape[0] : 0;
    if (v.ndim < 1 || v.ndim > 2 || (v.ndim == 1 && batch != 1))
        rc = res_fail(res, "output '%s' has %d dimensions: [batch, classes] expected", v.name, v.ndim);
    else if (rows != batch)
        rc = res_fail(res, "output '%s' has %" PRId64 " rows for a batch of %d", v.name, rows, batch);
    else if (classes < 1 || classes > INT32_MAX)
        rc = res_fail(res, "output '%s' has no classes", v.name);
    float *row = rc == 0 ? malloc((size_t)classes * sizeof(float)) : NULL;
    if (rc == 0 && !row)
        rc = res_fail(res, "out of memory for %" PRId64 " classes", classes);
    if (rc == 0) {
        for (int64_t c = 0; c < classes; c++)
            row[c] = (float)v.values[c];
        int k = top_k < LTB_TOPK ? top_k : LTB_TOPK;
        res->topk_n = ltb_topk(row, (int)classes, k < 1 ? 1 : k, res->topk_ids, res->topk_scores);
    }
    free(row);
    ltb_v2_values_free(&v);
    return rc;
}
