/* torch_call.h — what the in-process LibTorch targets share around shim calls: adding
 * a call's phase timings to a request's result, a worker's state, and synchronising a
 * device by name. */
#ifndef LTB_TORCH_CALL_H
#define LTB_TORCH_CALL_H

#include "ltbench.h"
#include "lt_shim.h"

/* Adds s's H2D, forward and D2H times to res; the CUDA event times, when the call
 * had them, to res->gpu_ms (which starts at -1, "none"). */
void ltb_result_add_run_stats(ltb_result *res, const lt_run_stats *s);

/* A zeroed per-worker state of size bytes into *state (a target's worker_open).
 * 0, or -1 with "out of memory" in err. */
int ltb_worker_state_new(size_t size, void **state, char *err, size_t errlen);

/* Synchronises device ("cpu": nothing to do). 0, or -1 when the sync failed. */
int ltb_torch_sync(const char *device);
/* A torch target's sync: its t->device, whole (the shim syncs the current stream). */
int ltb_torch_target_sync(ltb_target *t, void *state);
#endif
