/* workload_tensors.h — `ltbench run`'s inputs: one tensor per forward argument,
 * generated from a SPEC (seeded) or read from a file, prepared for each level (shape
 * axis value x batch) before its timing starts. Every request of a level uses the
 * level's tensors. */
#ifndef LTB_WORKLOAD_TENSORS_H
#define LTB_WORKLOAD_TENSORS_H

#include "input_spec.h"
#include "ltbench.h"
#include "npy.h"

#define LTB_TENSORS_MAX_INPUTS 32
#define LTB_TENSORS_MAX_SHAPES 64       /* shape-axis combinations of one run */
#define LTB_TENSORS_MAX_BYTES ((size_t)4 << 30)   /* one input at one level */

/* One input as the run resolved it (argument, dtype, dims or file). */
typedef struct ltb_tensor_input {
    char name[64];                      /* forward's argument name */
    int arg;                            /* its index (self excluded) */
    ltb_dtype dtype;
    int ndim;
    ltb_spec_dim dims[LTB_SPEC_MAX_DIMS];
    int has_range;
    double low, high;
    ltb_array file;                     /* from_file: the tensor (owned by the workload
                                           once passed in); data NULL otherwise */
    int from_file;
} ltb_tensor_input;

/* One input of the current level: ready to hand to the model. */
typedef struct ltb_level_tensor {
    const char *name;
    int arg;
    ltb_dtype dtype;
    int ndim;
    int64_t shape[LTB_SPEC_MAX_DIMS];
    const void *data;
    size_t bytes;
} ltb_level_tensor;

/* Takes the inputs (their file arrays move into the workload: the caller's copies are
 * cleared). 0, or -1 with err (too many shape combinations). */
int ltb_workload_tensors(ltb_workload *w, ltb_tensor_input *inputs, int n, uint64_t seed,
                         char *err, size_t errlen);
/* The current level's tensors (after prepare_batch); *n gets their count. */
const ltb_level_tensor *ltb_workload_tensors_level(const ltb_workload *w, int *n);
/* The inputs as SPECs ("x:Nx16:f32 ids:Nx8:i64:0,50 mask=@file.npy") into buf. */
void ltb_workload_tensors_describe(const ltb_workload *w, char *buf, size_t cap);
/* A short tag of the current level's shape-axis values for folder names:
 * "" or "_ids.1-128_x.0-4". */
const char *ltb_workload_tensors_shape_tag(const ltb_workload *w);
#endif
