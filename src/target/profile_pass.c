/* profile_pass.c — K requests under LibTorch's profiler after the timed levels (see
 * profile_pass.h). */
#include "profile_pass.h"

#include "thread_plan.h"

#include <stdio.h>
#include <string.h>

int ltb_profile_check(const ltb_target *t, char *err, size_t errlen)
{
    if (!t->kind || strcmp(t->kind, "torch") != 0) {
        snprintf(err, errlen, "--profile needs an in-process LibTorch model, not the %s target",
                 t->kind ? t->kind : "unknown");
        return -1;
    }
    lt_error e;
    if (lt_profile_supported(&e) != LT_OK) {
        snprintf(err, errlen, "--profile: %s", e.msg);
        return -1;
    }
    return 0;
}

/* One request of the pass; a failure is counted into p. */
static void run_one(ltb_workload *w, ltb_target *t, void *state, int64_t id, ltb_profile *p)
{
    ltb_request req;
    memset(&req, 0, sizeof req);
    req.id = id;
    req.concurrency = 1;
    req.batch = p->batch;
    w->fill(w, id, p->batch, &req);
    ltb_result res;
    memset(&res, 0, sizeof res);
    if (t->sync)
        t->sync(t, state);
    if (t->run(t, state, &req, &res) != 0) {
        if (p->failed++ == 0)
            snprintf(p->first_error, sizeof p->first_error, "%s",
                     res.error[0] ? res.error : "the target reported a failure");
    }
}

int ltb_profile_pass(const ltb_config *cfg, ltb_workload *w, ltb_target *t, const char *trace_path,
                     ltb_profile *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->requests = cfg->profile_requests;
    out->batch = cfg->n_batch > 0 ? cfg->batch[cfg->n_batch - 1] : 1;
    if (cfg->task != LTB_TASK_IMAGE && cfg->task != LTB_TASK_GENERATE)
        out->batch = 1;
    if (out->requests < 1 || out->requests > LTB_PROFILE_MAX_REQUESTS) {
        snprintf(err, errlen, "--profile: %d requests (1..%d allowed)", out->requests,
                 LTB_PROFILE_MAX_REQUESTS);
        return -1;
    }
    if (ltb_profile_check(t, err, errlen) != 0)
        return -1;
    if (w->prepare_batch && w->prepare_batch(w, out->batch, err, errlen) != 0)
        return -1;
    if (t->worker_threads &&
        t->worker_threads(t, ltb_level_intra_threads(cfg->threads, ltb_cores_available(), 1), err,
                          errlen) != 0)
        return -1;
    void *state = NULL;
    if (t->worker_open && t->worker_open(t, 0, &state, err, errlen) != 0)
        return -1;
    run_one(w, t, state, 0, out);   /* un-profiled: the worker's first call sets up its state */
    out->failed = 0;
    out->first_error[0] = '\0';

    lt_error e;
    int rc = 0;
    int cuda = t->device && !strncmp(t->device, "cuda", 4);
    if (lt_profile_begin(cuda, &e) != LT_OK) {
        snprintf(err, errlen, "--profile: %s", e.msg);
        rc = -1;
    } else {
        for (int i = 0; i < out->requests; i++)
            run_one(w, t, state, i, out);
        if (t->sync)
            t->sync(t, NULL);
        if (lt_profile_end(trace_path, out->ops, LTB_PROFILE_TOP, &out->n_ops, &out->n_groups, &e) !=
            LT_OK) {
            snprintf(err, errlen, "--profile: %s", e.msg);
            rc = -1;
        } else if (trace_path) {
            snprintf(out->trace_path, sizeof out->trace_path, "%s", trace_path);
        }
    }
    for (int i = 0; i < out->n_ops; i++)
        out->total_self_ms += out->ops[i].self_cpu_ms + out->ops[i].self_cuda_ms;
    if (t->worker_close)
        t->worker_close(t, state);
    return rc;
}
