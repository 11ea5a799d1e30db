/* validate_gpu.c — GPU warnings of one level (see validate_gpu.h). */
#include "validate_gpu.h"

#include <stdio.h>

int ltb_gpu_warnings(const ltb_metrics *m, char (*out)[LTB_WARNING_LEN], int max)
{
    int n = 0;
    const ltb_gpu_metrics *g = &m->gpu;
    if (n < max && m->mean_gpu_ms > 0 && m->latency.n > 0 &&
        m->latency.mean > LTB_HOST_OVER_GPU_RATIO * m->mean_gpu_ms)
        snprintf(out[n++], LTB_WARNING_LEN,
                 "host latency %.3f ms is %.1fx the GPU time %.3f ms (H2D + forward + D2H by "
                 "CUDA events): the CPU side dominates this number",
                 m->latency.mean, m->latency.mean / m->mean_gpu_ms, m->mean_gpu_ms);
    if (n < max && g->compute.n > 0 && g->mean_enqueue_ms >= 0 &&
        g->mean_enqueue_ms >= LTB_ENQUEUE_BOUND_FRACTION * g->compute.mean)
        snprintf(out[n++], LTB_WARNING_LEN,
                 "launch-bound: queuing the forward's kernels took %.3f ms of its %.3f ms on the "
                 "GPU, so the GPU waits for the CPU (try a larger batch or --cuda-graph)",
                 g->mean_enqueue_ms, g->compute.mean);
    if (n < max && g->compute.n >= LTB_GPU_MIN_REQUESTS && g->compute.cov > LTB_GPU_TIME_MAX_COV)
        snprintf(out[n++], LTB_WARNING_LEN,
                 "GPU compute time varies: CoV %.1f%% over %zu requests (above %.0f%%): clocks, "
                 "throttling or other work on the GPU",
                 100.0 * g->compute.cov, g->compute.n, 100.0 * LTB_GPU_TIME_MAX_COV);
    if (n < max && g->samples > 0 && g->throttled)
        snprintf(out[n++], LTB_WARNING_LEN, "the GPU throttled during this level (%s): its numbers "
                 "are below what the card can do", g->throttle_reasons);
    return n;
}
