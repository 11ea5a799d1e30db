/* profile_pass.h — the per-operator profile (--profile K): after the timed levels (never
 * inside them), K more requests on one worker under LibTorch's profiler, for any
 * in-process LibTorch target (image, TTS, generate, run). Yields the Chrome trace file
 * and the top operators by self time (report/report_profile.h prints and writes them). */
#ifndef LTB_PROFILE_PASS_H
#define LTB_PROFILE_PASS_H

#include <stddef.h>

#include "lt_shim.h"
#include "ltbench.h"

#define LTB_PROFILE_TOP 20          /* operators kept for the table */
#define LTB_PROFILE_MAX_REQUESTS 1000

typedef struct ltb_profile {
    int requests;                   /* K asked */
    int failed;                     /* of them, failed (counted, the first error kept) */
    char first_error[LTB_ERROR_LEN];
    int batch;                      /* batch of each request */
    lt_profile_op ops[LTB_PROFILE_TOP];
    int n_ops;                      /* rows in ops, most self time first */
    int n_groups;                   /* all (operator, input shapes) groups seen */
    double total_self_ms;           /* self CPU + CUDA time of the rows kept */
    char trace_path[4096];          /* written Chrome trace, "" = none */
} ltb_profile;

/* 0 when t can be profiled (an in-process LibTorch target and a LibTorch with the
 * Kineto profiler); else -1 with a one-line err. Call before the timed levels. */
int ltb_profile_check(const ltb_target *t, char *err, size_t errlen);

/* Runs cfg->profile_requests requests (workload samples 0..K-1, batch = the last batch
 * of cfg, the intra-op threads of concurrency 1) on t under the profiler; the trace goes
 * to trace_path (NULL = none). 0, or -1 with a one-line err (a request that fails is
 * not an error: it is counted in out->failed). */
int ltb_profile_pass(const ltb_config *cfg, ltb_workload *w, ltb_target *t, const char *trace_path,
                     ltb_profile *out, char *err, size_t errlen);
#endif
