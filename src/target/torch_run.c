/* torch_run.c — shim call glue shared by the in-process targets (see torch_run.h). */
#include "torch_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ltb_torch_stream_open(const char *device, lt_stream **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!device || strncmp(device, "cuda", 4) != 0)
        return 0;
    lt_error e;
    if (lt_stream_create(device, out, &e) != LT_OK) {
        snprintf(err, errlen, "%s", e.msg);
        return -1;
    }
    return 0;
}

int ltb_torch_sync(const char *device, lt_stream *stream)
{
    if (stream)
        return lt_stream_sync(stream, NULL) == LT_OK ? 0 : -1;
    if (!device || !strcmp(device, "cpu"))
        return 0;
    return lt_device_sync(device, NULL) == LT_OK ? 0 : -1;
}

void ltb_torch_add_stats(ltb_result *res, const lt_run_stats *s)
{
    res->h2d_ns += s->h2d_ns;
    res->forward_ns += s->forward_ns;
    res->d2h_ns += s->d2h_ns;
    res->enqueue_ns += s->forward_enqueue_ns;
    if (s->gpu_forward_ms >= 0) {
        res->gpu_ms = (res->gpu_ms < 0 ? 0 : res->gpu_ms) + s->gpu_h2d_ms + s->gpu_forward_ms +
                      s->gpu_d2h_ms;
        res->gpu_compute_ms = (res->gpu_compute_ms < 0 ? 0 : res->gpu_compute_ms) + s->gpu_forward_ms;
    }
}

int ltb_torch_fail(ltb_result *res, const char *what, lt_status st, const lt_error *e)
{
    if (what)
        snprintf(res->error, sizeof res->error, "%s: %s: %s", what, lt_status_name(st), e->msg);
    else
        snprintf(res->error, sizeof res->error, "%s: %s", lt_status_name(st), e->msg);
    if (st == LT_ERR_OOM)
        res->out_of_memory = 1;
    return -1;
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

int ltb_torch_target_sync(ltb_target *t, void *state)
{
    (void)state;
    return ltb_torch_sync(t->device, NULL);
}

int ltb_torch_parse_precision(const char *s, lt_precision *p)
{
    if (!s || !strcmp(s, "fp32"))
        *p = LT_FP32;
    else if (!strcmp(s, "fp16"))
        *p = LT_FP16;
    else if (!strcmp(s, "bf16"))
        *p = LT_BF16;
    else
        return -1;
    return 0;
}
