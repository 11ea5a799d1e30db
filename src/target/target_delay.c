/* target_delay.c — the delaying wrapper target (see target_delay.h). */
#define _POSIX_C_SOURCE 200809L
#include "target_delay.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>

typedef struct delayed {
    ltb_target inner;
    struct timespec delay;
} delayed;

static int delayed_worker_open(ltb_target *t, int worker, void **state, char *err, size_t errlen)
{
    delayed *d = t->self;
    return d->inner.worker_open ? d->inner.worker_open(&d->inner, worker, state, err, errlen) : 0;
}

static void delayed_worker_close(ltb_target *t, void *state)
{
    delayed *d = t->self;
    if (d->inner.worker_close)
        d->inner.worker_close(&d->inner, state);
}

static int delayed_sync(ltb_target *t, void *state)
{
    delayed *d = t->self;
    return d->inner.sync ? d->inner.sync(&d->inner, state) : 0;
}

static int delayed_run(ltb_target *t, void *state, const ltb_request *req, ltb_result *res)
{
    delayed *d = t->self;
    int rc = d->inner.run(&d->inner, state, req, res);
    struct timespec left = d->delay;
    while (nanosleep(&left, &left) != 0 && errno == EINTR)
        ;
    return rc;
}

static void delayed_close(ltb_target *t)
{
    delayed *d = t->self;
    if (d->inner.close)
        d->inner.close(&d->inner);
    free(d);
}

int ltb_target_delay_wrap(ltb_target *t, double ms)
{
    delayed *d = malloc(sizeof *d);
    if (!d)
        return -1;
    d->inner = *t;
    long long ns = (long long)(ms * 1e6);
    d->delay.tv_sec = (time_t)(ns / 1000000000LL);
    d->delay.tv_nsec = (long)(ns % 1000000000LL);
    *t = (ltb_target){.kind = d->inner.kind, .device = d->inner.device, .self = d,
                      .worker_open = delayed_worker_open, .worker_close = delayed_worker_close,
                      .sync = delayed_sync, .run = delayed_run, .close = delayed_close};
    return 0;
}

void ltb_target_delay_unwrap(ltb_target *t)
{
    if (t->run != delayed_run)
        return;
    delayed *d = t->self;
    *t = d->inner;
    free(d);
}
