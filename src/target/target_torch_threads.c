/* target_torch_threads.c — the LibTorch targets' per-worker intra-op threads: the
 * driver calls this on each worker thread before the worker's first forward, so
 * that thread's OpenMP pool is sized for its share of the cores (thread_plan.h). */
#include "lt_shim.h"
#include "target_torch.h"

#include <stdio.h>

int ltb_torch_worker_threads(ltb_target *t, int intra_op, char *err, size_t errlen)
{
    (void)t;
    lt_error e;
    if (intra_op < 1)
        return 0;
    if (lt_set_worker_threads(intra_op, &e) != LT_OK) {
        snprintf(err, errlen, "%s", e.msg);
        return -1;
    }
    return 0;
}
