/* target_simple.c — the two targets with no model behind them: `null` (does
 * nothing: measures the harness itself) and `callback` (a library user's C
 * function, the way the seed's users passed a Python function). */
#include "ltbench.h"

#include <string.h>

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
