/* fuzz_http_v2_json.c — libFuzzer target, differential: the fast V2 JSON reader
 * (http_v2_json.h: one scan, numbers straight into a typed buffer) against the
 * cJSON path it replaces (the whole body into a cJSON tree, ltb_v2_tensor_of's
 * doubles, then the cast). For any bytes both must agree on acceptance and, when
 * both accept, on the tensor's name, shape and every value, bit for bit. The cJSON
 * side is given the reader's three documented refusals (bytes after the value,
 * nesting over LTB_V2_JSON_MAX_DEPTH, a value out of the type's range) and a
 * leading byte order mark skipped; anything else that differs aborts. The first
 * input byte picks the type read (FP32, FP64, INT32, UINT8) and whether the tensor
 * is asked for by name; the rest is the body. Bodies are bounded by libFuzzer's
 * -max_len (4096 by default), element counts by LTB_V2_MAX_ELEMENTS and the body. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "http_v2.h"
#include "http_v2_json.h"

static int tree_depth(const cJSON *j)
{
    int deepest = 0;
    for (const cJSON *c = j->child; c; c = c->next) {
        int d = tree_depth(c);
        if (d > deepest)
            deepest = d;
    }
    return (cJSON_IsArray(j) || cJSON_IsObject(j)) ? deepest + 1 : 0;
}

/* The cJSON path's verdict on the whole body: its tree, or NULL for a refusal. */
static cJSON *reference_parse(const uint8_t *body, size_t len)
{
    if (len >= 3 && !memcmp(body, "\xEF\xBB\xBF", 3)) {
        body += 3;
        len -= 3;
    }
    char *copy = malloc(len + 3);
    if (!copy)
        abort();
    copy[0] = ' ';     /* one byte order mark is skipped, not two */
    memcpy(copy + 1, body, len);
    copy[len + 1] = ' ';   /* cJSON reads one byte past a value that ends its buffer */
    copy[len + 2] = '\0';
    const char *stop = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(copy, len + 2, &stop, 0);
    while (root && stop < copy + len + 2 && (unsigned char)*stop <= 32)
        stop++;
    if (root && (stop != copy + len + 2 || tree_depth(root) > LTB_V2_JSON_MAX_DEPTH)) {
        cJSON_Delete(root);
        root = NULL;
    }
    free(copy);
    return root;
}

/* The cJSON path's values cast to dt, its own way; -1 for a refusal. */
static int reference_store(ltb_v2_datatype dt, double v, void *out, size_t i)
{
    switch (dt) {
    case LTB_V2_FP32:
        if (!isfinite((float)v))
            return -1;
        ((float *)out)[i] = (float)v;
        return 0;
    case LTB_V2_FP64:
        if (!isfinite(v))
            return -1;
        ((double *)out)[i] = v;
        return 0;
    case LTB_V2_INT32:
        if (!(v >= -2147483648.0 && v <= 2147483647.0) || v != (double)(int32_t)v)
            return -1;
        ((int32_t *)out)[i] = (int32_t)v;
        return 0;
    case LTB_V2_UINT8:
        if (!(v >= 0 && v <= 255.0) || v != (double)(uint8_t)v)
            return -1;
        ((uint8_t *)out)[i] = (uint8_t)v;
        return 0;
    default:
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const ltb_v2_datatype kTypes[4] = {LTB_V2_FP32, LTB_V2_FP64, LTB_V2_INT32, LTB_V2_UINT8};
    ltb_v2_datatype dt = kTypes[data[0] & 3];
    const char *want = (data[0] & 4) ? "input" : NULL;
    const char *body = (const char *)data + 1;
    size_t len = size - 1;
    char err[512], ref_err[512];

    ltb_v2_json_body fast;
    int fast_ok = ltb_v2_json_parse(body, len, "inputs", &fast, err, sizeof err) == 0;
    if (fast_ok && ltb_v2_json_check(&fast, err, sizeof err) != 0) {
        ltb_v2_json_free(&fast);
        fast_ok = 0;
    }
    cJSON *root = reference_parse(data + 1, len);
    if (fast_ok != (root != NULL)) {
        fprintf(stderr, "parse: fast %s, cJSON %s\n", fast_ok ? "accepts" : err,
                root ? "accepts" : "refuses");
        abort();
    }
    if (!fast_ok)
        return 0;

    ltb_v2_json_tensor t;
    int t_ok = ltb_v2_json_tensor_of(&fast, want, dt, &t, err, sizeof err) == 0;
    ltb_v2_values v;
    int v_ok = ltb_v2_tensor_of(root, body, len, 0, "inputs", want, &v, ref_err, sizeof ref_err) == 0;
    void *ref = NULL;
    if (v_ok) {
        ref = malloc((v.n ? v.n : 1) * ltb_v2_datatype_size(dt));
        for (size_t i = 0; v_ok && i < v.n; i++)
            v_ok = reference_store(dt, v.values[i], ref, i) == 0;
    }
    if (t_ok != v_ok) {
        fprintf(stderr, "tensor: fast %s, cJSON %s\n", t_ok ? "accepts" : err,
                v_ok ? "accepts" : ref_err);
        abort();
    }
    if (t_ok) {
        if (strcmp(t.name, v.name) || t.ndim != v.ndim || t.n != v.n ||
            memcmp(t.shape, v.shape, sizeof t.shape) ||
            memcmp(t.values, ref, t.n * ltb_v2_datatype_size(dt))) {
            fprintf(stderr, "tensor '%s': the fast reader's values differ\n", t.name);
            abort();
        }
        ltb_v2_json_tensor_free(&t);
    }
    free(ref);
    ltb_v2_values_free(&v);
    ltb_v2_json_free(&fast);
    cJSON_Delete(root);
    return 0;
}
