/* short_thread.h — runs one call on a thread that ends when the call returns.
 *
 * Why: LibTorch's intra-op parallelism is OpenMP (libgomp), and libgomp keeps a
 * pool of helper threads for every thread that ever started a parallel region, for
 * as long as that thread lives. A model loaded or probed on the main thread leaves
 * such a pool behind; next to the measured workers' own pools, libgomp then manages
 * more threads than there are cores and switches every pool to its "throttled" wait
 * (a helper sleeps on a futex almost at once instead of spinning), so each of a
 * forward's many parallel regions pays a wake-up. On the 2-core CI machine that was
 * ~230 context switches and +3 ms (+15 %) per ResNet-18 batch-1 forward
 * (BENCHMARKS.md); the same left by `llm`'s probe halved llama_tiny's 2-thread decode.
 * Model opening and probing therefore go through here: the pool goes when the short
 * thread ends. */
#ifndef LTB_SHORT_THREAD_H
#define LTB_SHORT_THREAD_H

#include <stddef.h>

/* Calls fn(arg) on a new thread and returns its result once it has ended; calls it
 * on this thread if no thread can be started. */
int ltb_call_on_short_thread(int (*fn)(void *arg), void *arg);

/* The common case: a target's open function (options of its own type, a workload or
 * other context, a one-line error) called through ltb_call_on_short_thread. */
struct ltb_target;
typedef int (*ltb_target_open_fn)(struct ltb_target *t, const void *options, void *context,
                                  char *err, size_t errlen);
int ltb_open_target_on_short_thread(ltb_target_open_fn open, struct ltb_target *t,
                                    const void *options, void *context, char *err,
                                    size_t errlen);

/* Any other step of a target that runs model code outside the workers (a probe
 * request before timing): fn(t, err, errlen) through ltb_call_on_short_thread. */
typedef int (*ltb_target_step_fn)(struct ltb_target *t, char *err, size_t errlen);
int ltb_target_call_on_short_thread(ltb_target_step_fn fn, struct ltb_target *t, char *err,
                                    size_t errlen);

#endif
