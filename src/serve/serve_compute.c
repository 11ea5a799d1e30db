/* serve_compute.c — the server's compute threads (see serve_compute.h): a queue of
 * calls under one mutex; each caller waits on its own call's flag. */
#define _POSIX_C_SOURCE 200809L
#include "serve_compute.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct compute_call {
    int (*fn)(void *);
    void *arg;
    int result;
    int done;
    struct compute_call *next;
} compute_call;

struct serve_compute {
    pthread_mutex_t lock;
    pthread_cond_t work;          /* a call was queued, or the threads must end */
    pthread_cond_t finished;      /* a call is done */
    compute_call *head, *tail;
    int stopping;
    int n;
    pthread_t *threads;
};

static void *compute_main(void *p)
{
    serve_compute *c = p;
    pthread_mutex_lock(&c->lock);
    for (;;) {
        while (!c->head && !c->stopping)
            pthread_cond_wait(&c->work, &c->lock);
        compute_call *call = c->head;
        if (!call)
            break;                /* stopping, nothing left */
        c->head = call->next;
        if (!c->head)
            c->tail = NULL;
        pthread_mutex_unlock(&c->lock);
        int result = call->fn(call->arg);
        pthread_mutex_lock(&c->lock);
        call->result = result;
        call->done = 1;
        pthread_cond_broadcast(&c->finished);
    }
    pthread_mutex_unlock(&c->lock);
    return NULL;
}

serve_compute *serve_compute_start(int n, char *err, size_t errlen)
{
    serve_compute *c = calloc(1, sizeof *c);
    if (!c || n < 1 || !(c->threads = calloc((size_t)n, sizeof *c->threads))) {
        snprintf(err, errlen, n < 1 ? "no compute threads asked for" : "out of memory");
        free(c);
        return NULL;
    }
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->work, NULL);
    pthread_cond_init(&c->finished, NULL);
    for (int i = 0; i < n; i++) {
        int rc = pthread_create(&c->threads[i], NULL, compute_main, c);
        if (rc != 0) {
            snprintf(err, errlen, "cannot start compute thread %d of %d: %s", i + 1, n, strerror(rc));
            serve_compute_stop(c);
            return NULL;
        }
        c->n++;
    }
    return c;
}

int serve_compute_call(serve_compute *c, int (*fn)(void *), void *arg)
{
    compute_call call = {fn, arg, 0, 0, NULL};
    pthread_mutex_lock(&c->lock);
    if (c->tail)
        c->tail->next = &call;
    else
        c->head = &call;
    c->tail = &call;
    pthread_cond_signal(&c->work);
    while (!call.done)
        pthread_cond_wait(&c->finished, &c->lock);
    pthread_mutex_unlock(&c->lock);
    return call.result;
}

void serve_compute_stop(serve_compute *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->lock);
    c->stopping = 1;
    pthread_cond_broadcast(&c->work);
    pthread_mutex_unlock(&c->lock);
    for (int i = 0; i < c->n; i++)
        pthread_join(c->threads[i], NULL);
    pthread_cond_destroy(&c->finished);
    pthread_cond_destroy(&c->work);
    pthread_mutex_destroy(&c->lock);
    free(c->threads);
    free(c);
}
