/* dtype.c — names, sizes and numpy descriptors of the generic tensor dtypes. */
#include "dtype.h"

#include <string.h>

static const struct {
    const char *name;
    size_t size;
    int is_float;
    const char *npy;
} kDtypes[LTB_DT_COUNT] = {
    [LTB_DT_F32] = {"f32", 4, 1, "<f4"},  [LTB_DT_F16] = {"f16", 2, 1, "<f2"},
    [LTB_DT_BF16] = {"bf16", 2, 1, NULL}, [LTB_DT_F64] = {"f64", 8, 1, "<f8"},
    [LTB_DT_I64] = {"i64", 8, 0, "<i8"},  [LTB_DT_I32] = {"i32", 4, 0, "<i4"},
    [LTB_DT_I16] = {"i16", 2, 0, "<i2"},  [LTB_DT_I8] = {"i8", 1, 0, "|i1"},
    [LTB_DT_U8] = {"u8", 1, 0, "|u1"},    [LTB_DT_BOOL] = {"bool", 1, 0, "|b1"},
};

static int valid(ltb_dtype d) { return (int)d >= 0 && d < LTB_DT_COUNT; }

const char *ltb_dtype_name(ltb_dtype d) { return valid(d) ? kDtypes[d].name : "?"; }
size_t ltb_dtype_size(ltb_dtype d) { return valid(d) ? kDtypes[d].size : 0; }
int ltb_dtype_is_float(ltb_dtype d) { return valid(d) && kDtypes[d].is_float; }
const char *ltb_dtype_npy_descr(ltb_dtype d) { return valid(d) ? kDtypes[d].npy : NULL; }

int ltb_dtype_from_name(const char *name, ltb_dtype *d)
{
    for (int i = 0; i < LTB_DT_COUNT; i++)
        if (name && !strcmp(name, kDtypes[i].name)) {
            *d = (ltb_dtype)i;
            return 0;
        }
    return -1;
}

int ltb_dtype_from_npy_descr(const char *descr, ltb_dtype *d)
{
    if (!descr || strlen(descr) < 2)
        return -1;
    /* '=' and '<' are little-endian here; '|' has no byte order */
    char order = descr[0];
    if (order != '<' && order != '|' && order != '=')
        return -1;
    for (int i = 0; i < LTB_DT_COUNT; i++)
        if (kDtypes[i].npy && !strcmp(descr + 1, kDtypes[i].npy + 1)) {
            *d = (ltb_dtype)i;
            return 0;
        }
    if (!strcmp(descr + 1, "?")) {   /* numpy's bool is also written "|b1" */
        *d = LTB_DT_BOOL;
        return 0;
    }
    return -1;
}
