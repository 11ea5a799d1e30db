/* validate_gpu.h — the warnings that tell a user why a GPU number is not to be
 * trusted, as trtexec gives them: the host time far above the GPU time (the CPU side
 * dominates), launch-bound forwards (queuing the kernels takes as long as running
 * them: the GPU waits for the CPU), GPU compute time that varies by more than a few
 * percent, and throttling seen by NVML during the level. A level without GPU
 * measurements (CPU, HTTP) gives none. */
#ifndef LTB_VALIDATE_GPU_H
#define LTB_VALIDATE_GPU_H

#include "ltbench.h"
#include "validate.h"

#define LTB_HOST_OVER_GPU_RATIO 1.5      /* host latency above 1.5x the GPU time */
#define LTB_ENQUEUE_BOUND_FRACTION 0.9   /* enqueue >= 90% of the GPU forward time */
#define LTB_GPU_TIME_MAX_COV 0.05        /* GPU compute CoV above 5% */
#define LTB_GPU_MIN_REQUESTS 10          /* for the CoV rule */
#define LTB_GPU_MAX_WARNINGS 4

/* Writes up to max one-line warnings about m (without a level prefix) into out;
 * returns how many. */
int ltb_gpu_warnings(const ltb_metrics *m, char (*out)[LTB_WARNING_LEN], int max);
#endif
