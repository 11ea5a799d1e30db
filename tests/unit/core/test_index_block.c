/* test_index_block.c — request indices claimed in blocks: at every concurrency and
 * request time, workers together run every index below the total exactly once and
 * none twice; slow requests go one at a time; fast ones in blocks that shrink near
 * the end so the workers finish together; the thread plan gives each worker
 * max(1, cores / concurrency) intra-op threads unless -t N, and --pin gives worker w
 * its own cores. */
#include "testutil.h"

#include "index_block.h"
#include "thread_plan.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

typedef struct shared {
    atomic_long counter;
    long total;
    int workers;
    uint64_t took_ns;          /* every request "takes" this long */
    atomic_int *runs;          /* per index: how often it was handed out */
    atomic_long beyond;        /* indices >= total handed out */
} shared;

static void *worker(void *p)
{
    shared *s = p;
    ltb_index_block b = {0, 0};
    uint64_t took = 0;
    for (;;) {
        long i = ltb_block_next(&b, &s->counter, s->total, s->workers, took);
        if (i >= s->total) {
            atomic_fetch_add(&s->beyond, 1);
            break;
        }
        atomic_fetch_add(&s->runs[i], 1);
        took = s->took_ns;
    }
    return NULL;
}

static void every_index_once(int workers, long total, uint64_t took_ns)
{
    shared s = {.total = total, .workers = workers, .took_ns = took_ns};
    atomic_init(&s.counter, 0);
    atomic_init(&s.beyond, 0);
    s.runs = calloc((size_t)total, sizeof *s.runs);
    assert_non_null(s.runs);
    pthread_t th[64];
    for (int w = 0; w < workers; w++)
        assert_int_equal(pthread_create(&th[w], NULL, worker, &s), 0);
    for (int w = 0; w < workers; w++)
        pthread_join(th[w], NULL);
    for (long i = 0; i < total; i++)
        if (atomic_load(&s.runs[i]) != 1)
            fail_msg("c=%d n=%ld: index %ld ran %d times", workers, total, i,
                     atomic_load(&s.runs[i]));
    assert_int_equal(atomic_load(&s.beyond), workers);   /* each leaves once */
    free(s.runs);
}

static void every_index_runs_exactly_once(void **state)
{
    (void)state;
    int workers[] = {1, 2, 3, 4, 8, 16, 64};
    long totals[] = {1, 7, 1000, 200000};
    uint64_t took[] = {30, 5000, 10000000};
    for (size_t w = 0; w < sizeof workers / sizeof *workers; w++)
        for (size_t n = 0; n < sizeof totals / sizeof *totals; n++)
            for (size_t t = 0; t < sizeof took / sizeof *took; t++)
                every_index_once(workers[w], totals[n], took[t]);
}

static void block_sizes_follow_request_time_and_what_is_left(void **state)
{
    (void)state;
    assert_int_equal(ltb_block_size(1000000, 2, 0), 1);               /* no time yet */
    assert_int_equal(ltb_block_size(1000000, 2, 10000000), 1);        /* 10 ms requests */
    assert_int_equal(ltb_block_size(1000000, 2, 30), LTB_BLOCK_MAX);  /* null target */
    assert_int_equal(ltb_block_size(1000000, 1, 1000), LTB_BLOCK_BUDGET_NS / 1000);
    assert_int_equal(ltb_block_size(40, 2, 30), 10);                  /* 40 / (2 x 2) */
    assert_int_equal(ltb_block_size(3, 2, 30), 1);
    assert_int_equal(ltb_block_size(0, 2, 30), 1);
    assert_int_equal(ltb_block_size(-5, 2, 30), 1);                   /* past the total */
}

static void a_worker_runs_its_block_before_claiming_again(void **state)
{
    (void)state;
    atomic_long counter;
    atomic_init(&counter, 0);
    ltb_index_block b = {0, 0};
    assert_int_equal(ltb_block_next(&b, &counter, 100000, 1, 0), 0);  /* first: alone */
    assert_int_equal(atomic_load(&counter), 1);
    for (long i = 1; i <= LTB_BLOCK_MAX; i++)
        assert_int_equal(ltb_block_next(&b, &counter, 100000, 1, 30), i);
    assert_int_equal(atomic_load(&counter), 1 + LTB_BLOCK_MAX);       /* one claim */
}

static void auto_threads_share_the_cores_among_the_workers(void **state)
{
    (void)state;
    assert_int_equal(ltb_level_intra_threads(0, 2, 1), 2);
    assert_int_equal(ltb_level_intra_threads(0, 2, 2), 1);
    assert_int_equal(ltb_level_intra_threads(0, 2, 4), 1);
    assert_int_equal(ltb_level_intra_threads(0, 16, 4), 4);
    assert_int_equal(ltb_level_intra_threads(0, 16, 3), 5);
    assert_int_equal(ltb_level_intra_threads(0, 1, 64), 1);
    assert_int_equal(ltb_level_intra_threads(3, 2, 4), 3);   /* -t N: N everywhere */
    assert_int_equal(ltb_level_intra_threads(3, 64, 1), 3);
    assert_true(ltb_cores_available() >= 1);
}

static void pinned_workers_get_their_own_cores(void **state)
{
    (void)state;
    assert_int_equal(ltb_pin_first_core(0, 4, 16), 0);
    assert_int_equal(ltb_pin_first_core(1, 4, 16), 4);
    assert_int_equal(ltb_pin_first_core(3, 4, 16), 12);
    assert_int_equal(ltb_pin_first_core(4, 4, 16), 0);       /* wraps around */
    assert_int_equal(ltb_pin_first_core(1, 1, 2), 1);
    assert_int_equal(ltb_pin_first_core(2, 1, 2), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_index_runs_exactly_once),
        cmocka_unit_test(block_sizes_follow_request_time_and_what_is_left),
        cmocka_unit_test(a_worker_runs_its_block_before_claiming_again),
        cmocka_unit_test(auto_threads_share_the_cores_among_the_workers),
        cmocka_unit_test(pinned_workers_get_their_own_cores),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
