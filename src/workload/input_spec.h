/* input_spec.h — `ltbench run --input SPEC`: one input of a model's forward, parsed.
 *
 *   SPEC = NAME:DIMS[:DTYPE[:LOW,HIGH]]   generated values
 *        | NAME=@FILE                      a .npy, a .npz entry (FILE.npz:ENTRY, or the
 *                                          entry named NAME, or the only one) or a tensor
 *                                          saved with torch.save
 * NAME is forward's argument name or its position (0, 1, ...). DIMS are dims joined by
 * 'x': a number, N (the first dim only: the level's batch) or {a,b,c} (a sweep axis);
 * empty DIMS is a 0-d (scalar) input. DTYPE: f32 f16 bf16 f64 i64 i32 i16 i8 u8 bool.
 * LOW,HIGH: integers drawn uniformly from [LOW,HIGH) (floats too when given; floats are
 * seeded normal otherwise). Pure: no I/O. */
#ifndef LTB_INPUT_SPEC_H
#define LTB_INPUT_SPEC_H

#include <stddef.h>
#include <stdint.h>

#include "dtype.h"

#define LTB_SPEC_MAX_DIMS 8
#define LTB_SPEC_MAX_SWEEP 16
#define LTB_SPEC_MAX_LEN 1024            /* characters of one SPEC */
#define LTB_SPEC_MAX_DIM_VALUE 1000000000LL

typedef enum { LTB_DIM_FIXED = 0, LTB_DIM_BATCH, LTB_DIM_SWEEP } ltb_dim_kind;

typedef struct ltb_spec_dim {
    ltb_dim_kind kind;
    int n_values;                        /* 1 for FIXED, 0 for BATCH */
    int64_t values[LTB_SPEC_MAX_SWEEP];
} ltb_spec_dim;

typedef struct ltb_input_spec {
    char name[64];
    int position;                        /* >= 0 when NAME is a number, else -1 */
    int from_file;
    char file[1024];
    char entry[128];                     /* .npz entry after "FILE.npz:"; "" = by NAME */
    int ndim;
    ltb_spec_dim dims[LTB_SPEC_MAX_DIMS];
    int has_dtype;
    ltb_dtype dtype;
    int has_range;
    double low, high;
} ltb_input_spec;

/* 0 with out filled, or -1 with a one-line err that quotes the SPEC. */
int ltb_input_spec_parse(const char *text, ltb_input_spec *out, char *err, size_t errlen);
/* Whether an integer range [low, high) fits dtype d (bool: within [0, 2)). */
int ltb_input_spec_range_fits(ltb_dtype d, double low, double high);
#endif
