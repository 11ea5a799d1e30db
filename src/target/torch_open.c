/* torch_open.c — the start and the end of opening an in-process LibTorch target (see
 * torch_open.h). */
#include "torch_open.h"
#include "target_torch.h"
#include "torch_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *ltb_torch_open_begin(ltb_target *t, const ltb_torch_open_spec *spec, size_t size,
                           void (*close_fn)(ltb_target *t), lt_open_options *open, char *err,
                           size_t errlen)
{
    memset(t, 0, sizeof *t);
    memset(open, 0, sizeof *open);
    open->device = spec->device ? spec->device : "cpu";
    open->optimize = spec->optimize;
    if (ltb_torch_parse_precision(spec->precision, &open->precision) != 0) {
        snprintf(err, errlen, "--precision %s: use fp32, fp16 or bf16", spec->precision);
        return NULL;
    }
    lt_error e;
    if (lt_set_threads(spec->threads, spec->interop_threads, &e) != LT_OK) {
        snprintf(err, errlen, "%s", e.msg);
        return NULL;
    }
    void *self = calloc(1, size);
    if (!self) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    t->self = self;
    t->close = close_fn;
    return self;
}

void ltb_torch_open_end(ltb_target *t, const char *device,
                        int (*worker_open)(ltb_target *t, int worker, void **state, char *err,
                                           size_t errlen),
                        void (*worker_close)(ltb_target *t, void *state),
                        int (*run)(ltb_target *t, void *state, const ltb_request *req,
                                   ltb_result *res))
{
    t->kind = "torch";
    t->device = device;
    t->worker_open = worker_open;
    t->worker_close = worker_close;
    t->worker_threads = ltb_torch_worker_threads;
    t->sync = ltb_torch_target_sync;
    t->run = run;
}
