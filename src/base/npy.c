/* npy.c — read and write numpy .npy arrays (format versions 1, 2 and 3). */
#include "npy.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NPY_MAX_HEADER 65536

int64_t ltb_shape_numel(int ndim, const int64_t *shape)
{
    int64_t n = 1;
    for (int i = 0; i < ndim; i++) {
        if (shape[i] < 0)
            return -1;
        if (shape[i] > 0 && n > INT64_MAX / shape[i])
            return -1;
        n *= shape[i];
    }
    return n;
}

void ltb_shape_format(char *buf, size_t cap, int ndim, const int64_t *shape)
{
    if (cap == 0)
        return;
    buf[0] = '\0';
    if (ndim == 0) {
        snprintf(buf, cap, "scalar");
        return;
    }
    size_t used = 0;
    for (int i = 0; i < ndim && used < cap; i++) {
        int n = snprintf(buf + used, cap - used, "%s%lld", i ? "x" : "", (long long)shape[i]);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

void ltb_array_free(ltb_array *a)
{
    if (!a)
        return;
    free(a->data);
    a->data = NULL;
    a->bytes = 0;
}

/* The value after 'key': in the header dict (h is NUL-terminated), or NULL. */
static const char *dict_value(const char *h, const char *key)
{
    char quoted[32];
    for (int q = 0; q < 2; q++) {
        snprintf(quoted, sizeof quoted, q ? "\"%s\"" : "'%s'", key);
        const char *p = strstr(h, quoted);
        if (!p)
            continue;
        p += strlen(quoted);
        while (*p == ' ')
            p++;
        if (*p != ':')
            return NULL;
        p++;
        while (*p == ' ')
            p++;
        return p;
    }
    return NULL;
}

static int parse_header(const char *h, ltb_array *out, char *err, size_t errlen)
{
    const char *d = dict_value(h, "descr");
    if (!d || (*d != '\'' && *d != '"')) {
        snprintf(err, errlen, "header has no 'descr' string");
        return -1;
    }
    char descr[16];
    size_t n = 0;
    for (d++; *d && *d != '\'' && *d != '"' && n + 1 < sizeof descr; d++)
        descr[n++] = *d;
    descr[n] = '\0';
    if (ltb_dtype_from_npy_descr(descr, &out->dtype) != 0) {
        snprintf(err, errlen, "dtype '%s' is not supported (little-endian f2/f4/f8, i1/i2/i4/i8, "
                              "u1, b1 are)", descr);
        return -1;
    }
    const char *fo = dict_value(h, "fortran_order");
    if (!fo || (strncmp(fo, "False", 5) && strncmp(fo, "True", 4))) {
        snprintf(err, errlen, "header has no 'fortran_order'");
        return -1;
    }
    if (!strncmp(fo, "True", 4)) {
        snprintf(err, errlen, "Fortran-order arrays are not supported (save with np.ascontiguousarray)");
        return -1;
    }
    const char *s = dict_value(h, "shape");
    if (!s || *s != '(') {
        snprintf(err, errlen, "header has no 'shape' tuple");
        return -1;
    }
    out->ndim = 0;
    for (s++;;) {
        while (*s == ' ' || *s == ',')
            s++;
        if (*s == ')')
            break;
        if (*s < '0' || *s > '9') {
            snprintf(err, errlen, "header's shape is not a tuple of integers");
            return -1;
        }
        if (out->ndim == LTB_NPY_MAX_DIMS) {
            snprintf(err, errlen, "more than %d dimensions", LTB_NPY_MAX_DIMS);
            return -1;
        }
        errno = 0;
        char *end;
        long long v = strtoll(s, &end, 10);
        if (errno || v < 0) {
            snprintf(err, errlen, "header's shape has a dimension out of range");
            return -1;
        }
        out->shape[out->ndim++] = v;
        s = end;
    }
    return 0;
}

int ltb_npy_parse(const unsigned char *buf, size_t len, size_t max_bytes, ltb_array *out,
                  char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (len < 10 || memcmp(buf, "\x93NUMPY", 6) != 0) {
        snprintf(err, errlen, "not a .npy file (no \\x93NUMPY magic)");
        return -1;
    }
    int major = buf[6];
    size_t hlen, start;
    if (major == 1) {
        hlen = (size_t)buf[8] | (size_t)buf[9] << 8;
        start = 10;
    } else if (major == 2 || major == 3) {
        if (len < 12) {
            snprintf(err, errlen, "truncated .npy header");
            return -1;
        }
        hlen = (size_t)buf[8] | (size_t)buf[9] << 8 | (size_t)buf[10] << 16 | (size_t)buf[11] << 24;
        start = 12;
    } else {
        snprintf(err, errlen, ".npy format version %d is not supported", major);
        return -1;
    }
    if (hlen > NPY_MAX_HEADER || hlen > len - start) {
        snprintf(err, errlen, "truncated .npy header");
        return -1;
    }
    char *h = malloc(hlen + 1);
    if (!h) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    memcpy(h, buf + start, hlen);
    h[hlen] = '\0';
    if (memchr(h, '\0', hlen)) {
        free(h);
        snprintf(err, errlen, "the .npy header holds a NUL byte");
        return -1;
    }
    int rc = parse_header(h, out, err, errlen);
    free(h);
    if (rc != 0)
        return -1;
    int64_t numel = ltb_shape_numel(out->ndim, out->shape);
    size_t esize = ltb_dtype_size(out->dtype);
    if (numel < 0 || (uint64_t)numel > SIZE_MAX / esize || (size_t)numel * esize > max_bytes) {
        snprintf(err, errlen, "array too large (limit %zu bytes)", max_bytes);
        return -1;
    }
    size_t bytes = (size_t)numel * esize;
    size_t body = len - start - hlen;
    if (body < bytes) {
        snprintf(err, errlen, "truncated data: %zu bytes for a shape that needs %zu", body, bytes);
        return -1;
    }
    out->data = malloc(bytes ? bytes : 1);
    if (!out->data) {
        snprintf(err, errlen, "out of memory for %zu bytes", bytes);
        return -1;
    }
    memcpy(out->data, buf + start + hlen, bytes);
    out->bytes = bytes;
    return 0;
}

/* bf16 to f32: the 16 bits are the high half of a float */
static float bf16_to_f32(uint16_t v)
{
    uint32_t bits = (uint32_t)v << 16;
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

int ltb_npy_write(const char *path, ltb_dtype d, int ndim, const int64_t *shape,
                  const void *data, char *err, size_t errlen)
{
    int64_t numel = ltb_shape_numel(ndim, shape);
    if (numel < 0 || ndim < 0 || ndim > LTB_NPY_MAX_DIMS) {
        snprintf(err, errlen, "%s: bad shape", path);
        return -1;
    }
    ltb_dtype written = d == LTB_DT_BF16 ? LTB_DT_F32 : d;
    char dict[512], dims[256] = "";
    size_t used = 0;
    for (int i = 0; i < ndim; i++)
        used += (size_t)snprintf(dims + used, sizeof dims - used, "%lld,%s", (long long)shape[i],
                                 i + 1 < ndim ? " " : "");
    if (ndim > 1)   /* "(2, 3)": the trailing comma only for one dimension */
        dims[used - 1] = '\0';
    int n = snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }",
                     ltb_dtype_npy_descr(written), dims);
    size_t total = 10 + (size_t)n + 1;
    size_t pad = (64 - total % 64) % 64;
    size_t hlen = (size_t)n + pad + 1;
    FILE *f = fopen(path, "wb");
    if (!f) {
        snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
        return -1;
    }
    unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (unsigned char)(hlen & 0xff),
                             (unsigned char)(hlen >> 8)};
    fwrite(pre, 1, sizeof pre, f);
    fwrite(dict, 1, (size_t)n, f);
    for (size_t i = 0; i < pad; i++)
        fputc(' ', f);
    fputc('\n', f);
    if (d == LTB_DT_BF16) {
        const uint16_t *src = data;
        for (int64_t i = 0; i < numel; i++) {
            float v = bf16_to_f32(src[i]);
            fwrite(&v, sizeof v, 1, f);
        }
    } else if (numel > 0) {
        fwrite(data, ltb_dtype_size(d), (size_t)numel, f);
    }
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
        return -1;
    }
    return 0;
}
