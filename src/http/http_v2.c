/* http_v2.c — Open Inference Protocol datatypes and the infer request body, JSON or
 * binary tensor extension (see http_v2.h). */
#include "http_v2.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    size_t size;
} kTypes[LTB_V2_N_DATATYPES] = {
    [LTB_V2_BOOL] = {"BOOL", 1},     [LTB_V2_UINT8] = {"UINT8", 1},
    [LTB_V2_UINT16] = {"UINT16", 2}, [LTB_V2_UINT32] = {"UINT32", 4},
    [LTB_V2_UINT64] = {"UINT64", 8}, [LTB_V2_INT8] = {"INT8", 1},
    [LTB_V2_INT16] = {"INT16", 2},   [LTB_V2_INT32] = {"INT32", 4},
    [LTB_V2_INT64] = {"INT64", 8},   [LTB_V2_FP16] = {"FP16", 2},
    [LTB_V2_FP32] = {"FP32", 4},     [LTB_V2_FP64] = {"FP64", 8},
    [LTB_V2_BYTES] = {"BYTES", 0},   [LTB_V2_BF16] = {"BF16", 2},
};

int ltb_v2_datatype_parse(const char *word, ltb_v2_datatype *dt)
{
    for (int i = 0; word && i < LTB_V2_N_DATATYPES; i++)
        if (!strcmp(word, kTypes[i].name)) {
            *dt = (ltb_v2_datatype)i;
            return 0;
        }
    return -1;
}

const char *ltb_v2_datatype_name(ltb_v2_datatype dt)
{
    return (unsigned)dt < LTB_V2_N_DATATYPES ? kTypes[dt].name : "?";
}

size_t ltb_v2_datatype_size(ltb_v2_datatype dt)
{
    return (unsigned)dt < LTB_V2_N_DATATYPES ? kTypes[dt].size : 0;
}

static void *fail_null(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return NULL;
}

/* A growing text buffer for the JSON data arrays (cJSON would make one node per value). */
typedef struct text_buf {
    char *s;
    size_t len, cap;
    int oom;
} text_buf;

static void put(text_buf *b, const char *s, size_t n)
{
    if (b->oom || n == 0)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *grown = realloc(b->s, cap);
        if (!grown) {
            b->oom = 1;
            return;
        }
        b->s = grown;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void puts_(text_buf *b, const char *s) { put(b, s, strlen(s)); }

static float half_to_float(uint16_t h)
{
    uint32_t sign = (uint32_t)(h >> 15) << 31, exp = (h >> 10) & 0x1F, man = h & 0x3FF, bits;
    if (exp == 0 && man == 0)
        bits = sign;
    else if (exp == 0) {                 /* subnormal: normalise */
        exp = 127 - 15 + 1;
        while (!(man & 0x400)) {
            man <<= 1;
            exp--;
        }
        bits = sign | (exp << 23) | ((man & 0x3FF) << 13);
    } else if (exp == 31)
        bits = sign | 0x7F800000u | (man << 13);
    else
        bits = sign | ((exp + 127 - 15) << 23) | (man << 13);
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

/* Element i of raw little-endian data of datatype dt as a JSON number (or true/false). */
static void put_value(text_buf *b, ltb_v2_datatype dt, const unsigned char *p)
{
    char num[40];
    switch (dt) {
    case LTB_V2_BOOL: puts_(b, *p ? "true" : "false"); return;
    case LTB_V2_UINT8: snprintf(num, sizeof num, "%u", (unsigned)*p); break;
    case LTB_V2_INT8: snprintf(num, sizeof num, "%d", (int)(int8_t)*p); break;
    case LTB_V2_UINT16: { uint16_t v; memcpy(&v, p, 2); snprintf(num, sizeof num, "%u", (unsigned)v); break; }
    case LTB_V2_INT16: { int16_t v; memcpy(&v, p, 2); snprintf(num, sizeof num, "%d", (int)v); break; }
    case LTB_V2_UINT32: { uint32_t v; memcpy(&v, p, 4); snprintf(num, sizeof num, "%" PRIu32, v); break; }
    case LTB_V2_INT32: { int32_t v; memcpy(&v, p, 4); snprintf(num, sizeof num, "%" PRId32, v); break; }
    case LTB_V2_UINT64: { uint64_t v; memcpy(&v, p, 8); snprintf(num, sizeof num, "%" PRIu64, v); break; }
    case LTB_V2_INT64: { int64_t v; memcpy(&v, p, 8); snprintf(num, sizeof num, "%" PRId64, v); break; }
    case LTB_V2_FP16: { uint16_t v; memcpy(&v, p, 2); snprintf(num, sizeof num, "%.9g", (double)half_to_float(v)); break; }
    case LTB_V2_BF16: {
        uint32_t bits = (uint32_t)((unsigned)p[0] | (unsigned)p[1] << 8) << 16;
        float f;
        memcpy(&f, &bits, sizeof f);
        snprintf(num, sizeof num, "%.9g", (double)f);
        break;
    }
    case LTB_V2_FP32: { float v; memcpy(&v, p, 4); snprintf(num, sizeof num, "%.9g", (double)v); break; }
    case LTB_V2_FP64: { double v; memcpy(&v, p, 8); snprintf(num, sizeof num, "%.17g", v); break; }
    default: snprintf(num, sizeof num, "0"); break;
    }
    /* JSON has no NaN or infinity: a tensor holding them cannot go as JSON data */
    if (strchr(num, 'n') || strchr(num, 'N'))
        snprintf(num, sizeof num, "null");
    puts_(b, num);
}

/* Checks one input: a known fixed-size datatype, a shape without -1 whose element
 * count times the element size is its byte count. */
static int check_input(const ltb_v2_tensor *t, char *err, size_t errlen)
{
    size_t size = ltb_v2_datatype_size(t->datatype);
    if (size == 0) {
        snprintf(err, errlen, "input '%s': datatype %s cannot be sent (fixed-size types only)",
                 t->name, ltb_v2_datatype_name(t->datatype));
        return -1;
    }
    if (t->ndim < 0 || t->ndim > LTB_V2_MAX_DIMS) {
        snprintf(err, errlen, "input '%s': %d dimensions", t->name, t->ndim);
        return -1;
    }
    size_t n = 1;
    for (int d = 0; d < t->ndim; d++) {
        if (t->shape[d] < 0 || (t->shape[d] > 0 && n > LTB_V2_MAX_ELEMENTS / (size_t)t->shape[d])) {
            snprintf(err, errlen, "input '%s': dimension %d is %" PRId64, t->name, d, t->shape[d]);
            return -1;
        }
        n *= (size_t)t->shape[d];
    }
    if (n * size != t->bytes || (n > 0 && !t->data)) {
        snprintf(err, errlen, "input '%s': %zu bytes of data for %zu %s elements", t->name,
                 t->bytes, n, ltb_v2_datatype_name(t->datatype));
        return -1;
    }
    return 0;
}

static void put_json_string(text_buf *b, const char *s)
{
    cJSON *node = cJSON_CreateStringReference(s);   /* deleting it leaves s alone */
    char *q = node ? cJSON_PrintUnformatted(node) : NULL;
    cJSON_Delete(node);
    if (!q) {
        b->oom = 1;
        return;
    }
    puts_(b, q);
    cJSON_free(q);
}

static void put_tensor_head(text_buf *b, const ltb_v2_tensor *t)
{
    char num[32];
    puts_(b, "{\"name\":");
    put_json_string(b, t->name);
    puts_(b, ",\"shape\":[");
    for (int d = 0; d < t->ndim; d++) {
        snprintf(num, sizeof num, "%s%" PRId64, d ? "," : "", t->shape[d]);
        puts_(b, num);
    }
    puts_(b, "],\"datatype\":\"");
    puts_(b, ltb_v2_datatype_name(t->datatype));
    puts_(b, "\"");
}

char *ltb_v2_request(const ltb_v2_tensor *inputs, int n, const char *const *outputs,
                     int n_outputs, int binary, size_t *len, size_t *header_len, char *err,
                     size_t errlen)
{
    if (n < 1 || n > LTB_V2_MAX_TENSORS || n_outputs < 0 || n_outputs > LTB_V2_MAX_TENSORS)
        return fail_null(err, errlen, "%d inputs and %d outputs: 1 to %d inputs, at most %d outputs",
                         n, n_outputs, LTB_V2_MAX_TENSORS, LTB_V2_MAX_TENSORS);
    for (int i = 0; i < n; i++)
        if (check_input(&inputs[i], err, errlen) != 0)
            return NULL;
    text_buf b = {0};
    char num[48];
    puts_(&b, "{\"inputs\":[");
    for (int i = 0; i < n; i++) {
        const ltb_v2_tensor *t = &inputs[i];
        puts_(&b, i ? "," : "");
        put_tensor_head(&b, t);
        if (binary) {
            snprintf(num, sizeof num, ",\"parameters\":{\"binary_data_size\":%zu}}", t->bytes);
            puts_(&b, num);
            continue;
        }
        puts_(&b, ",\"data\":[");
        size_t size = ltb_v2_datatype_size(t->datatype), count = t->bytes / size;
        for (size_t e = 0; e < count && !b.oom; e++) {
            if (e)
                put(&b, ",", 1);
            put_value(&b, t->datatype, (const unsigned char *)t->data + e * size);
        }
        puts_(&b, "]}");
    }
    puts_(&b, "]");
    if (n_outputs > 0) {
        puts_(&b, ",\"outputs\":[");
        for (int i = 0; i < n_outputs; i++) {
            puts_(&b, i ? ",{\"name\":" : "{\"name\":");
            put_json_string(&b, outputs[i]);
            puts_(&b, binary ? ",\"parameters\":{\"binary_data\":true}}" : "}");
        }
        puts_(&b, "]");
    } else if (binary) {
        puts_(&b, ",\"parameters\":{\"binary_data_output\":true}");
    }
    puts_(&b, "}");
    *header_len = binary ? b.len : 0;
    for (int i = 0; binary && i < n; i++)
        put(&b, inputs[i].data, inputs[i].bytes);
    if (b.oom) {
        free(b.s);
        return fail_null(err, errlen, "out of memory building a V2 infer request");
    }
    *len = b.len;
    return b.s;
}
