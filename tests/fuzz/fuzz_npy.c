/* fuzz_npy.c — libFuzzer target: the .npy parser and the zip reader behind .npz inputs
 * and `ltbench inspect` (any bytes; every entry extracted with a 1 MiB limit and
 * parsed as .npy, as an .npz input is). A parsed array's bytes must match its shape. */
#include <stdint.h>
#include <stdlib.h>

#include "npy.h"
#include "zip_read.h"

#define LIMIT (1u << 20)

static void parse_npy(const unsigned char *buf, size_t len)
{
    ltb_array a;
    char err[256];
    if (ltb_npy_parse(buf, len, LIMIT, &a, err, sizeof err) == 0) {
        int64_t n = ltb_shape_numel(a.ndim, a.shape);
        if (n < 0 || (size_t)n * ltb_dtype_size(a.dtype) != a.bytes || a.bytes > LIMIT)
            abort();
        ltb_array_free(&a);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (4u << 20))
        return 0;
    parse_npy(data, size);
    ltb_zip_entry *entries;
    int n;
    char err[256];
    if (ltb_zip_list(data, size, &entries, &n, err, sizeof err) != 0)
        return 0;
    for (int i = 0; i < n && i < 64; i++) {
        unsigned char *out;
        size_t len;
        if (ltb_zip_extract(data, size, &entries[i], LIMIT, &out, &len, err, sizeof err) == 0) {
            if (len > LIMIT)
                abort();
            parse_npy(out, len);
            free(out);
        }
    }
    free(entries);
    return 0;
}
