/* torch_call.c — shared pieces of the in-process LibTorch targets (see torch_call.h). */
#include "torch_call.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ltb_result_add_run_stats(ltb_result *res, const lt_run_stats *s)
{
    res->h2d_ns += s->h2d_ns;
    res->forward_ns += s->forward_ns;
    res->d2h_ns += s->d2h_ns;
    if (s->gpu_forward_ms >= 0)
        res->gpu_ms = (res->gpu_ms < 0 ? 0 : res->gpu_ms) + s->gpu_h2d_ms + s->gpu_forward_ms +
                      s->gpu_d2h_ms;
}

int ltb_worker_state_new(size_t size, void **state, char *err, size_t errlen)
{
    *state = calloc(1, size);
    if (*state == NULL) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

int ltb_torch_sync(const char *device)
{
    if (!strcmp(device, "cpu"))
        return 0;
    return lt_device_sync(device, NULL) == LT_OK ? 0 : -1;
}

int ltb_torch_target_sync(ltb_target *t, void *state)
{
    (void)state;
    return ltb_torch_sync(t->device);
}
