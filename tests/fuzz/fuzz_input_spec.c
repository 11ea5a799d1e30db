/* fuzz_input_spec.c — libFuzzer target: `ltbench run --input SPEC` parsing (any bytes,
 * at most 2 KiB, as one NUL-terminated string); an accepted SPEC must hold what the
 * parser promises (dims, sweep sizes, range inside the dtype). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input_spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 2048)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    ltb_input_spec s;
    char err[512];
    if (ltb_input_spec_parse(text, &s, err, sizeof err) == 0) {
        if (s.ndim < 0 || s.ndim > LTB_SPEC_MAX_DIMS || !s.name[0])
            abort();
        for (int d = 0; d < s.ndim; d++) {
            const ltb_spec_dim *dim = &s.dims[d];
            if (dim->n_values < 0 || dim->n_values > LTB_SPEC_MAX_SWEEP ||
                (dim->kind == LTB_DIM_BATCH && d != 0))
                abort();
            for (int v = 0; v < dim->n_values; v++)
                if (dim->values[v] < 1 || dim->values[v] > LTB_SPEC_MAX_DIM_VALUE)
                    abort();
        }
        if (s.has_range && !ltb_input_spec_range_fits(s.dtype, s.low, s.high))
            abort();
    } else if (!memchr(err, '\0', sizeof err) || strchr(err, '\n')) {
        abort();   /* the error is one line */
    }
    free(text);
    return 0;
}
