/* npy.h — numpy's .npy format: parse one array from memory (with size limits) and
 * write one to a file. Little-endian, C order; the ten dtypes of dtype.h (bf16 is
 * written as f32, numpy having no bf16). */
#ifndef LTB_NPY_H
#define LTB_NPY_H

#include <stddef.h>
#include <stdint.h>

#include "dtype.h"

#define LTB_NPY_MAX_DIMS 8

/* An array that owns its data (malloc). */
typedef struct ltb_array {
    ltb_dtype dtype;
    int ndim;
    int64_t shape[LTB_NPY_MAX_DIMS];
    void *data;
    size_t bytes;
} ltb_array;

/* Parses a whole .npy held in buf. The data may be at most max_bytes. 0 with out filled
 * (free with ltb_array_free), or -1 with a one-line err saying what is wrong (bad magic,
 * header, dtype, Fortran order, shape, size). */
int ltb_npy_parse(const unsigned char *buf, size_t len, size_t max_bytes, ltb_array *out,
                  char *err, size_t errlen);
/* Writes data (ndim dims of shape, dtype d, C order) to path as .npy, atomically
 * enough for a results folder (written then closed). 0, or -1 with err naming path. */
int ltb_npy_write(const char *path, ltb_dtype d, int ndim, const int64_t *shape,
                  const void *data, char *err, size_t errlen);
/* Elements of a shape; -1 when it overflows or a dimension is negative. */
int64_t ltb_shape_numel(int ndim, const int64_t *shape);
/* "2x3x4" ("scalar" for ndim 0) into buf. */
void ltb_shape_format(char *buf, size_t cap, int ndim, const int64_t *shape);
void ltb_array_free(ltb_array *a);
#endif
