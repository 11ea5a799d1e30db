/* torch_run.h — what the in-process LibTorch targets (image, TTS) share around a
 * shim call: each worker's own CUDA stream, the synchronisation rule (whole device
 * for state NULL, else the worker's stream), and folding a call's per-phase stats
 * and failures into the request's result. */
#ifndef LTB_TORCH_RUN_H
#define LTB_TORCH_RUN_H

#include <stddef.h>

#include "lt_shim.h"
#include "ltbench.h"

/* A worker's stream on device: NULL and 0 on a non-CUDA device; -1 with err when a
 * CUDA stream cannot be made. */
int ltb_torch_stream_open(const char *device, lt_stream **out, char *err, size_t errlen);
/* Waits for stream when it is not NULL, else for the whole device (nothing on cpu).
 * 0, or -1 when the device reports an error. */
int ltb_torch_sync(const char *device, lt_stream *stream);
/* Adds one call's phases to res: host phases, GPU time by events (gpu_ms = H2D +
 * forward + D2H, gpu_compute_ms = forward) and the enqueue time. A request made of
 * several calls (streaming TTS) adds each. */
void ltb_torch_add_stats(ltb_result *res, const lt_run_stats *s);
/* res->error = "<what>: <status>: <message>" ("<status>: <message>" for what NULL),
 * out_of_memory set for LT_ERR_OOM; returns -1. */
int ltb_torch_fail(ltb_result *res, const char *what, lt_status st, const lt_error *e);

/* "fp32" (or NULL), "fp16", "bf16" into *p; -1 for anything else. */
int ltb_torch_parse_precision(const char *s, lt_precision *p);

/* A zeroed per-worker state of size bytes into *state (a target's worker_open).
 * 0, or -1 with "out of memory" in err. */
int ltb_worker_state_new(size_t size, void **state, char *err, size_t errlen);
/* The sync of a target whose workers share the thread's current stream: its whole
 * t->device. */
int ltb_torch_target_sync(ltb_target *t, void *state);
#endif
