/* target_torch.h — the in-process LibTorch targets (through the shim). */
#ifndef LTB_TARGET_TORCH_H
#define LTB_TARGET_TORCH_H

#include "ltbench.h"

typedef struct ltb_torch_options {
    const char *model_path;
    const char *device;            /* "cpu", "cuda", "cuda:N" */
    const char *precision;         /* "fp32", "fp16", "bf16" */
    int channels_last;
    int optimize;                  /* freeze + optimize_for_inference in the shim */
    int cudnn_benchmark;           /* cuDNN autotuning (process-wide) */
    int cuda_graph;                /* CUDA: replay each worker's captured forward */
    int threads, interop_threads;  /* 0 = library default */
    int top_k;
    int include_preprocess;        /* decode+resize+normalise inside each request */
    int width, height;
} ltb_torch_options;

/* Opens the model and checks it meets the classification contract with one probe
 * forward on the workload's first image (output [N, classes]); 0, or -1 with a
 * one-line err naming the model. */
int ltb_target_torch_image(ltb_target *t, const ltb_torch_options *o, ltb_workload *w,
                           char *err, size_t errlen);

/* The worker_threads hook of every LibTorch target: the calling worker thread's
 * intra-op threads (lt_set_worker_threads). 0, or -1 with err. */
int ltb_torch_worker_threads(ltb_target *t, int intra_op, char *err, size_t errlen);

/* Facts the reports want about the loaded model. */
int ltb_target_torch_num_classes(const ltb_target *t);
#endif
