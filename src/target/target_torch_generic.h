/* target_torch_generic.h — the `torch` target of `ltbench run`: any TorchScript model,
 * its inputs bound from SPECs (generic_inputs.h) into a tensor workload
 * (workload_tensors.h), its outputs of any structure copied to the host inside each
 * request (the D2H phase); the first timed request of each level can keep its inputs
 * and outputs for --save-inputs / --save-outputs. */
#ifndef LTB_TARGET_TORCH_GENERIC_H
#define LTB_TARGET_TORCH_GENERIC_H

#include "input_spec.h"
#include "ltbench.h"

typedef struct ltb_generic_options {
    const char *model_path;
    const char *device;               /* "cpu", "cuda", "cuda:N" */
    const char *precision;            /* "fp32", "fp16", "bf16" */
    int threads, interop_threads;     /* 0 = library default */
    uint64_t seed;
    const ltb_input_spec *specs;      /* --input, in order */
    int n_specs;
    const char *save_inputs;          /* directory or NULL */
    const char *save_outputs;         /* directory or NULL */
    const char *save_variant;         /* one of several variants (device, precision, model
                                         file): a folder between DIR and <level>, or NULL */
} ltb_generic_options;

/* Opens the model, binds the inputs (the sidecar's where --input gives none), builds
 * the workload w and the target t. 0, or -1 with a one-line err (nothing left open). */
int ltb_target_torch_generic(ltb_target *t, ltb_workload *w, const ltb_generic_options *o,
                             char *err, size_t errlen);
/* Writes what the run kept: DIR/<level>/NAME.npy per input and DIR/<level>/output*.npy
 * (<level> = c{concurrency}_b{batch}[_{input}.{dim}-{value}...]; DIR/<variant>/<level>
 * when save_variant names one of several variants, so none overwrites another). The number of
 * levels written, or -1 with err. */
int ltb_target_torch_generic_save(ltb_target *t, char *err, size_t errlen);
/* "x: Tensor, ..." and the return type of the opened model, for the plan line. */
const char *ltb_target_torch_generic_signature(const ltb_target *t);
#endif
