/* short_thread.c — one call on a thread that ends with it (see short_thread.h). */
#include "short_thread.h"

#include <pthread.h>

typedef struct short_call {
    int (*fn)(void *arg);
    void *arg;
    int result;
} short_call;

static void *short_main(void *p)
{
    short_call *c = p;
    c->result = c->fn(c->arg);
    return NULL;
}

int ltb_call_on_short_thread(int (*fn)(void *arg), void *arg)
{
    short_call c = {fn, arg, 0};
    pthread_t thread;
    if (pthread_create(&thread, NULL, short_main, &c) != 0)
        return fn(arg);
    pthread_join(thread, NULL);
    return c.result;
}

typedef struct target_open_call {
    ltb_target_open_fn open;
    struct ltb_target *t;
    const void *options;
    void *context;
    char *err;
    size_t errlen;
} target_open_call;

static int target_open_main(void *p)
{
    target_open_call *c = p;
    return c->open(c->t, c->options, c->context, c->err, c->errlen);
}

int ltb_open_target_on_short_thread(ltb_target_open_fn open, struct ltb_target *t,
                                    const void *options, void *context, char *err,
                                    size_t errlen)
{
    target_open_call c = {open, t, options, context, err, errlen};
    return ltb_call_on_short_thread(target_open_main, &c);
}

typedef struct target_step_call {
    ltb_target_step_fn fn;
    struct ltb_target *t;
    char *err;
    size_t errlen;
} target_step_call;

static int target_step_main(void *p)
{
    target_step_call *c = p;
    return c->fn(c->t, c->err, c->errlen);
}

int ltb_target_call_on_short_thread(ltb_target_step_fn fn, struct ltb_target *t, char *err,
                                    size_t errlen)
{
    target_step_call c = {fn, t, err, errlen};
    return ltb_call_on_short_thread(target_step_main, &c);
}
