/* dtype.h — the ten element types of a generic tensor (`ltbench run`'s --input SPEC,
 * .npy files): their names, sizes and numpy descriptors. The order is the shim's
 * lt_gdtype order (target_torch_generic.c checks it). */
#ifndef LTB_DTYPE_H
#define LTB_DTYPE_H

#include <stddef.h>

typedef enum {
    LTB_DT_F32 = 0, LTB_DT_F16, LTB_DT_BF16, LTB_DT_F64, LTB_DT_I64, LTB_DT_I32, LTB_DT_I16,
    LTB_DT_I8, LTB_DT_U8, LTB_DT_BOOL, LTB_DT_COUNT
} ltb_dtype;

/* "f32" ... "bool" (the SPEC names); "?" for a value out of range. */
const char *ltb_dtype_name(ltb_dtype d);
/* 0 with *d set, or -1 for a name that is none of the ten. */
int ltb_dtype_from_name(const char *name, ltb_dtype *d);
size_t ltb_dtype_size(ltb_dtype d);
int ltb_dtype_is_float(ltb_dtype d);
/* numpy's descr ("<f4", "|b1", ...); bf16 has none (NULL: written as f32). */
const char *ltb_dtype_npy_descr(ltb_dtype d);
/* 0 with *d set from a numpy descr, -1 for one ltbench cannot hold. */
int ltb_dtype_from_npy_descr(const char *descr, ltb_dtype *d);
#endif
