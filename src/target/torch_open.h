/* torch_open.h — how opening an in-process LibTorch target begins and ends, where the
 * targets' opens are alike (target_llm.c, target_generate.c): first the shim's open
 * options and the process's thread counts from the target's options and its zeroed
 * state; last the hooks of a target whose workers share their thread's current stream. */
#ifndef LTB_TORCH_OPEN_H
#define LTB_TORCH_OPEN_H

#include <stddef.h>

#include "lt_shim.h"
#include "ltbench.h"

typedef struct ltb_torch_open_spec {
    const char *device;            /* NULL: "cpu" */
    const char *precision;         /* "fp32" (or NULL), "fp16", "bf16" */
    int optimize;                  /* freeze + optimize_for_inference in the shim */
    int threads, interop_threads;  /* 0 = the library's default */
} ltb_torch_open_spec;

/* Zeroes t, fills *open from spec, sets the process's thread counts and makes a zeroed
 * state of size bytes t->self, which close_fn (then t->close) frees. The state, or NULL
 * with a one-line err and nothing allocated. */
void *ltb_torch_open_begin(ltb_target *t, const ltb_torch_open_spec *spec, size_t size,
                           void (*close_fn)(ltb_target *t), lt_open_options *open, char *err,
                           size_t errlen);
/* Kind "torch" on device (a string the state holds), LibTorch's worker-thread hook,
 * the sync of the whole device, and the target's own worker state and run. */
void ltb_torch_open_end(ltb_target *t, const char *device,
                        int (*worker_open)(ltb_target *t, int worker, void **state, char *err,
                                           size_t errlen),
                        void (*worker_close)(ltb_target *t, void *state),
                        int (*run)(ltb_target *t, void *state, const ltb_request *req,
                                   ltb_result *res));
#endif
