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
