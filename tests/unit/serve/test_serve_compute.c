/* test_serve_compute.c — the server's compute threads (serve_compute.h): many
 * connection threads calling at once run on at most N threads, never more than N at
 * a time, each getting its own result; and a ResNet-18 forward served for one new
 * connection thread after another starts no new thread once the compute thread has
 * its OpenMP pool (with the forward on each connection's thread, every connection
 * grew a pool of its own: the throttled-wait cost short_thread.h describes).
 * Needs LTBENCH_MODELS_DIR (resnet18.pt) and LTBENCH_ASSETS_DIR (a photo). */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include "lt_shim.h"
#include "serve_compute.h"
#include "serve_models.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CALLERS 8
#define MAX_TIDS 1024

/* ---- many callers, N compute threads -------------------------------------------- */

typedef struct shared {
    serve_compute *pool;
    atomic_int in_flight, most_in_flight;
    pthread_mutex_t lock;
    pthread_t ran_on[CALLERS];
    int n_ran_on;
} shared;

typedef struct caller {
    shared *sh;
    int index, result;
} caller;

static int work(void *p)
{
    caller *c = p;
    shared *sh = c->sh;
    int now = atomic_fetch_add(&sh->in_flight, 1) + 1;
    int most = atomic_load(&sh->most_in_flight);
    while (now > most && !atomic_compare_exchange_weak(&sh->most_in_flight, &most, now))
        ;
    pthread_mutex_lock(&sh->lock);
    int seen = 0;
    for (int i = 0; i < sh->n_ran_on && !seen; i++)
        seen = pthread_equal(sh->ran_on[i], pthread_self());
    if (!seen)
        sh->ran_on[sh->n_ran_on++] = pthread_self();
    pthread_mutex_unlock(&sh->lock);
    struct timespec nap = {0, 20 * 1000 * 1000};
    nanosleep(&nap, NULL);
    atomic_fetch_sub(&sh->in_flight, 1);
    return 1000 + c->index;
}

static void *caller_main(void *p)
{
    caller *c = p;
    c->result = serve_compute_call(c->sh->pool, work, c);
    return NULL;
}

static void calls_run_on_at_most_n_threads_each_with_its_result(void **state)
{
    (void)state;
    char err[256];
    shared sh = {.n_ran_on = 0};
    pthread_mutex_init(&sh.lock, NULL);
    sh.pool = serve_compute_start(2, err, sizeof err);
    assert_non_null(sh.pool);
    pthread_t threads[CALLERS];
    caller callers[CALLERS];
    for (int i = 0; i < CALLERS; i++) {
        callers[i] = (caller){&sh, i, -1};
        assert_int_equal(pthread_create(&threads[i], NULL, caller_main, &callers[i]), 0);
    }
    for (int i = 0; i < CALLERS; i++) {
        pthread_join(threads[i], NULL);
        assert_int_equal(callers[i].result, 1000 + i);
    }
    assert_true(atomic_load(&sh.most_in_flight) <= 2);
    assert_true(sh.n_ran_on >= 1 && sh.n_ran_on <= 2);
    for (int i = 0; i < sh.n_ran_on; i++)           /* never on a caller's own thread */
        for (int j = 0; j < CALLERS; j++)
            assert_false(pthread_equal(sh.ran_on[i], threads[j]));
    serve_compute_stop(sh.pool);
    pthread_mutex_destroy(&sh.lock);
    assert_null(serve_compute_start(0, err, sizeof err));
    assert_non_null(strstr(err, "no compute threads"));
}

/* ---- OpenMP pools ------------------------------------------------------------------ */

typedef struct connection {
    serve_models *ms;
    const unsigned char *image;
    size_t len;
    pthread_mutex_t lock;
    pthread_cond_t cv;
    int step;                   /* 0 started, 1 go, 2 classified, 3 may exit */
    serve_status status;
    char err[256];
} connection;

static void set_step(connection *c, int step)
{
    pthread_mutex_lock(&c->lock);
    c->step = step;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->lock);
}

static void wait_step(connection *c, int step)
{
    pthread_mutex_lock(&c->lock);
    while (c->step < step)
        pthread_cond_wait(&c->cv, &c->lock);
    pthread_mutex_unlock(&c->lock);
}

/* A connection's thread: waits until told, classifies one photo, and stays alive
 * (with its OpenMP pool, if it made one) until told to exit. */
static void *connection_main(void *p)
{
    connection *c = p;
    wait_step(c, 1);
    serve_prediction preds[5];
    int k_out = 0;
    const unsigned char *images[1] = {c->image};
    c->status = serve_classify(c->ms, serve_models_first(c->ms, SERVE_TASK_CLASSIFICATION), images,
                               &c->len, 1, 5, preds, &k_out, c->err, sizeof c->err);
    set_step(c, 2);
    wait_step(c, 3);
    return NULL;
}

/* Threads started while a new connection thread served one request (its own thread
 * excluded: it existed before). */
static int threads_started_by_one_connection(connection *c)
{
    long before[MAX_TIDS], after[MAX_TIDS];
    pthread_t t;
    c->step = 0;
    assert_int_equal(pthread_create(&t, NULL, connection_main, c), 0);
    int n_before = tu_list_threads(before, MAX_TIDS);
    set_step(c, 1);
    wait_step(c, 2);
    int n_after = tu_list_threads(after, MAX_TIDS);
    set_step(c, 3);
    pthread_join(t, NULL);
    if (c->status != SERVE_OK)
        fail_msg("classify: %s", c->err);
    return tu_threads_started(before, n_before, after, n_after);
}

static void connections_share_the_compute_threads_openmp_pools(void **state)
{
    (void)state;
    char model[4096], photo[4096], err[512] = "";
    snprintf(model, sizeof model, "%s/resnet18.pt", tu_env("LTBENCH_MODELS_DIR"));
    snprintf(photo, sizeof photo, "%s/images/coffee.jpg", tu_env("LTBENCH_ASSETS_DIR"));
    lt_error e;
    assert_int_equal(lt_set_threads(2, 0, &e), LT_OK);   /* a forward with an OpenMP helper */
    serve_models ms;
    assert_int_equal(serve_models_init(&ms, 1, err, sizeof err), 0);
    if (serve_models_add(&ms, model, "cpu", err, sizeof err) != 0)
        fail_msg("%s", err);
    connection c = {.ms = &ms};
    pthread_mutex_init(&c.lock, NULL);
    pthread_cond_init(&c.cv, NULL);
    char *image = tu_read_file(photo);
    assert_non_null(image);
    FILE *f = fopen(photo, "rb");
    fseek(f, 0, SEEK_END);
    c.len = (size_t)ftell(f);
    fclose(f);
    c.image = (const unsigned char *)image;
    threads_started_by_one_connection(&c);          /* the compute thread's first forward */
    for (int i = 0; i < 3; i++)
        assert_int_equal(threads_started_by_one_connection(&c), 0);
    serve_models_close(&ms);
    free(image);
    pthread_cond_destroy(&c.cv);
    pthread_mutex_destroy(&c.lock);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(calls_run_on_at_most_n_threads_each_with_its_result),
        cmocka_unit_test(connections_share_the_compute_threads_openmp_pools),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
