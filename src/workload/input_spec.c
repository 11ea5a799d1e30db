/* input_spec.c — the --input SPEC parser (see input_spec.h). */
#include "input_spec.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_ident_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int parse_name(const char *s, size_t len, ltb_input_spec *out)
{
    if (len == 0 || len >= sizeof out->name)
        return -1;
    int digits = 1;
    for (size_t i = 0; i < len; i++) {
        if (!is_digit(s[i]))
            digits = 0;
        if (!(is_ident_start(s[i]) || is_digit(s[i]) || s[i] == '.'))
            return -1;
    }
    if (!digits && !is_ident_start(s[0]))
        return -1;
    memcpy(out->name, s, len);
    out->name[len] = '\0';
    out->position = digits && len <= 3 ? atoi(out->name) : -1;
    return digits && len > 3 ? -1 : 0;
}

static int parse_number(const char *s, size_t len, int64_t *v)
{
    if (len == 0 || len > 10)
        return -1;
    int64_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (!is_digit(s[i]))
            return -1;
        n = n * 10 + (s[i] - '0');
    }
    if (n < 1 || n > LTB_SPEC_MAX_DIM_VALUE)
        return -1;
    *v = n;
    return 0;
}

/* one dim: "N", "224" or "{128,256}" */
static int parse_dim(const char *s, size_t len, int index, ltb_spec_dim *d, char *why, size_t whylen)
{
    memset(d, 0, sizeof *d);
    if (len == 1 && s[0] == 'N') {
        if (index != 0) {
            snprintf(why, whylen, "N (the batch) may only be the first dimension");
            return -1;
        }
        d->kind = LTB_DIM_BATCH;
        return 0;
    }
    if (len >= 2 && s[0] == '{' && s[len - 1] == '}') {
        d->kind = LTB_DIM_SWEEP;
        size_t start = 1;
        for (size_t i = 1; i < len; i++) {
            if (s[i] != ',' && i != len - 1)
                continue;
            if (d->n_values == LTB_SPEC_MAX_SWEEP) {
                snprintf(why, whylen, "a {..} dimension takes at most %d values", LTB_SPEC_MAX_SWEEP);
                return -1;
            }
            if (parse_number(s + start, i - start, &d->values[d->n_values]) != 0) {
                snprintf(why, whylen, "'%.*s' in {..} is not a size from 1 to %lld", (int)(i - start),
                         s + start, LTB_SPEC_MAX_DIM_VALUE);
                return -1;
            }
            d->n_values++;
            start = i + 1;
        }
        return 0;
    }
    d->kind = LTB_DIM_FIXED;
    d->n_values = 1;
    if (parse_number(s, len, &d->values[0]) != 0) {
        snprintf(why, whylen, "dimension '%.*s' is not N, {a,b,..} or a size from 1 to %lld",
                 (int)len, s, LTB_SPEC_MAX_DIM_VALUE);
        return -1;
    }
    return 0;
}

static int parse_dims(const char *s, size_t len, ltb_input_spec *out, char *why, size_t whylen)
{
    out->ndim = 0;
    if (len == 0)
        return 0;   /* a 0-d input */
    size_t start = 0;
    int depth = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && s[i] == '{')
            depth++;
        if (i < len && s[i] == '}')
            depth--;
        if (depth < 0 || depth > 1 || (i == len && depth != 0)) {
            snprintf(why, whylen, "unbalanced braces in DIMS");
            return -1;
        }
        if (i < len && (s[i] != 'x' || depth))
            continue;
        if (out->ndim == LTB_SPEC_MAX_DIMS) {
            snprintf(why, whylen, "at most %d dimensions", LTB_SPEC_MAX_DIMS);
            return -1;
        }
        if (parse_dim(s + start, i - start, out->ndim, &out->dims[out->ndim], why, whylen) != 0)
            return -1;
        out->ndim++;
        start = i + 1;
    }
    if (depth != 0) {
        snprintf(why, whylen, "unbalanced braces in DIMS");
        return -1;
    }
    return 0;
}

static int parse_double(const char *s, size_t len, double *v)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    errno = 0;
    *v = strtod(buf, &end);
    return errno || *end || !isfinite(*v) ? -1 : 0;
}

int ltb_input_spec_range_fits(ltb_dtype d, double low, double high)
{
    if (!(low < high))
        return 0;
    switch (d) {
    case LTB_DT_BOOL: return low >= 0 && high <= 2;
    case LTB_DT_U8: return low >= 0 && high <= 256;
    case LTB_DT_I8: return low >= -128 && high <= 128;
    case LTB_DT_I16: return low >= -32768 && high <= 32768;
    case LTB_DT_I32: return low >= -2147483648.0 && high <= 2147483648.0;
    case LTB_DT_I64: return low >= -9.0e18 && high <= 9.0e18;
    default: return 1;
    }
}

static int parse_generated(const char *rest, ltb_input_spec *out, char *why, size_t whylen)
{
    const char *c1 = strchr(rest, ':');
    size_t dims_len = c1 ? (size_t)(c1 - rest) : strlen(rest);
    if (parse_dims(rest, dims_len, out, why, whylen) != 0)
        return -1;
    if (!c1)
        return 0;
    const char *dt = c1 + 1;
    const char *c2 = strchr(dt, ':');
    size_t dt_len = c2 ? (size_t)(c2 - dt) : strlen(dt);
    char name[16];
    if (dt_len == 0 || dt_len >= sizeof name) {
        snprintf(why, whylen, "DTYPE is empty or unknown (f32 f16 bf16 f64 i64 i32 i16 i8 u8 bool)");
        return -1;
    }
    memcpy(name, dt, dt_len);
    name[dt_len] = '\0';
    if (ltb_dtype_from_name(name, &out->dtype) != 0) {
        snprintf(why, whylen, "DTYPE '%s' is not one of f32 f16 bf16 f64 i64 i32 i16 i8 u8 bool", name);
        return -1;
    }
    out->has_dtype = 1;
    if (!c2)
        return 0;
    const char *range = c2 + 1;
    const char *comma = strchr(range, ',');
    if (!comma || parse_double(range, (size_t)(comma - range), &out->low) != 0 ||
        parse_double(comma + 1, strlen(comma + 1), &out->high) != 0) {
        snprintf(why, whylen, "LOW,HIGH '%s' is not two numbers", range);
        return -1;
    }
    if (!ltb_input_spec_range_fits(out->dtype, out->low, out->high)) {
        snprintf(why, whylen, "range [%g,%g) is empty or does not fit %s", out->low, out->high, name);
        return -1;
    }
    if (!ltb_dtype_is_float(out->dtype) && (out->low != floor(out->low) || out->high != floor(out->high))) {
        snprintf(why, whylen, "LOW,HIGH of an integer dtype must be integers");
        return -1;
    }
    out->has_range = 1;
    return 0;
}

static int parse_file(const char *path, ltb_input_spec *out, char *why, size_t whylen)
{
    size_t len = strlen(path);
    if (len == 0 || len >= sizeof out->file) {
        snprintf(why, whylen, "FILE after '=@' is empty or too long");
        return -1;
    }
    snprintf(out->file, sizeof out->file, "%s", path);
    char *npz = strstr(out->file, ".npz:");
    if (npz) {
        const char *entry = npz + 5;
        if (!*entry || strlen(entry) >= sizeof out->entry) {
            snprintf(why, whylen, "the .npz entry after ':' is empty or too long");
            return -1;
        }
        snprintf(out->entry, sizeof out->entry, "%s", entry);
        npz[4] = '\0';
    }
    out->from_file = 1;
    return 0;
}

/* A message quoting the SPEC stays one printable line. */
static void one_line(char *msg)
{
    for (unsigned char *p = (unsigned char *)msg; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            *p = '?';
}

int ltb_input_spec_parse(const char *text, ltb_input_spec *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->position = -1;
    char why[256] = "";
    if (!text || strlen(text) > LTB_SPEC_MAX_LEN) {
        snprintf(err, errlen, "--input: SPEC is missing or longer than %d characters", LTB_SPEC_MAX_LEN);
        return -1;
    }
    size_t name_len = strcspn(text, ":=");
    if (parse_name(text, name_len, out) != 0) {
        snprintf(err, errlen, "--input '%.200s': NAME must be forward's argument name or its position "
                              "(0, 1, ...)", text);
        one_line(err);
        return -1;
    }
    int rc;
    if (text[name_len] == '=' && text[name_len + 1] == '@') {
        rc = parse_file(text + name_len + 2, out, why, sizeof why);
    } else if (text[name_len] == ':') {
        rc = parse_generated(text + name_len + 1, out, why, sizeof why);
    } else {
        snprintf(why, sizeof why, "expected NAME:DIMS[:DTYPE[:LOW,HIGH]] or NAME=@FILE");
        rc = -1;
    }
    if (rc != 0) {
        snprintf(err, errlen, "--input '%.200s': %s", text, why);
        one_line(err);
        return -1;
    }
    return 0;
}
