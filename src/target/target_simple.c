/* target_simple.c — the targets with no model behind them: `null` (does nothing:
 * measures the harness itself), `sleep` (a fixed service time: measures how well
 * the driver scales) and `callback` (a library user's C function, the way the
 * seed's users passed a Python function). */
#define _POSIX_C_SOURCE 200809L
#include "ltbench.h"

#include <string.h>
#include <time.h>

static int null_run(ltb_target *t, void *state, const ltb_request *req, ltb_result *res)
{
    (void)t;
    (void)state;
    (void)req;
    (void)res;
    return 0;
}

void ltb_target_null(ltb_target *t)
{
    memset(t, 0, sizeof *t);
    t->kind = "null";
    t->device = "none";
    t->run = null_run;
}

static int sleep_run(ltb_target *t, void *state, const ltb_request *req, ltb_result *res)
{
    (void)state;
    (void)req;
    (void)res;
    long us = (long)(intptr_t)t->self;
    struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
    while (nanosleep(&ts, &ts) != 0)
        ;
    return 0;
}

void ltb_target_sleep(ltb_target *t, long microseconds)
{
    memset(t, 0, sizeof *t);
    t->kind = "sleep";
    t->device = "none";
    t->run = sleep_run;
    t->self = (void *)(intptr_t)microseconds;
}

static int callback_run(ltb_target *t, void *state, const ltb_request *req, ltb_result *res)
{
    (void)state;
    return t->callback(req, res, t->callback_user);
}

void ltb_target_callback(ltb_target *t, ltb_callback_fn fn, void *user)
{
    memset(t, 0, sizeof *t);
    t->kind = "callback";
    t->device = "callback";
    t->run = callback_run;
    t->callback = fn;
    t->callback_user = user;
}
