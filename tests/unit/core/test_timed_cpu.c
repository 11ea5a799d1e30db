/* test_timed_cpu.c — a level's client CPU (metrics.timed_cpu_s, cpu_ms_per_request):
 * the process's CPU over the timed requests only. A target that burns a known amount
 * of its own thread's CPU per request shows at least that much per request, and not
 * the twice-as-many warm-up requests' burn in the total; a target that only sleeps shows
 * less CPU per request than its sleep: CPU time, not wall time (issue #21). */
#include "testutil.h"
#include "ltbench.h"

#include <stdatomic.h>
#include <time.h>

#define BURN_MS 2
#define SLEEP_MS 5
#define TIMED 10
#define WARMUP 20

static double thread_cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static atomic_int g_warmups;

/* Spins until this thread has used BURN_MS of CPU (however long that takes in wall time). */
static int burn_fn(const ltb_request *req, ltb_result *res, void *user)
{
    (void)res;
    (void)user;
    if (req->id < 0)
        atomic_fetch_add(&g_warmups, 1);
    double until = thread_cpu_ms() + BURN_MS;
    volatile unsigned spin = 0;
    while (thread_cpu_ms() < until)
        spin++;
    return 0;
}

static int sleep_fn(const ltb_request *req, ltb_result *res, void *user)
{
    (void)req;
    (void)res;
    (void)user;
    struct timespec ts = {0, SLEEP_MS * 1000000L};
    nanosleep(&ts, NULL);
    return 0;
}

static ltb_workload images;

static int setup(void **state)
{
    (void)state;
    char err[256];
    return ltb_workload_synthetic_images(&images, 3, 16, 16, 1, err, sizeof err);
}

static int teardown(void **state)
{
    (void)state;
    ltb_workload_free(&images);
    return 0;
}

static void run_one_level(ltb_callback_fn fn, ltb_run *run)
{
    ltb_config c;
    ltb_config_defaults(&c);
    c.output_dir = NULL;
    c.outputs = 0;
    c.quiet = 1;
    c.n_concurrency = 1;
    c.concurrency[0] = 1;
    c.iterations = TIMED;
    c.warmup = WARMUP;
    ltb_target t;
    ltb_target_callback(&t, fn, NULL);
    char err[256];
    assert_int_equal(ltb_run_benchmark(&c, &images, &t, run, err, sizeof err), 0);
    assert_int_equal(run->n_levels, 1);
    assert_int_equal((int)run->levels[0].n_records, TIMED);
}

static void burned_cpu_is_counted_per_timed_request(void **state)
{
    (void)state;
    static ltb_run run;
    atomic_store(&g_warmups, 0);
    run_one_level(burn_fn, &run);
    const ltb_metrics *m = &run.levels[0].metrics;
    assert_int_equal(atomic_load(&g_warmups), WARMUP);
    assert_true(m->timed_cpu_s >= TIMED * BURN_MS / 1000.0);
    /* the warm-up burnt WARMUP x BURN_MS = 40 ms more: half of it would show */
    assert_true(m->timed_cpu_s < (TIMED + WARMUP / 2) * BURN_MS / 1000.0);
    assert_true(m->cpu_ms_per_request >= BURN_MS);
    /* per request = the total over the timed requests */
    assert_true(m->cpu_ms_per_request * TIMED > m->timed_cpu_s * 1000.0 - 1e-9);
    assert_true(m->cpu_ms_per_request * TIMED < m->timed_cpu_s * 1000.0 + 1e-9);
    ltb_run_free(&run);
}

static void sleeping_is_not_cpu(void **state)
{
    (void)state;
    static ltb_run run;
    run_one_level(sleep_fn, &run);
    const ltb_metrics *m = &run.levels[0].metrics;
    assert_true(m->timed_cpu_s >= 0);
    assert_true(m->cpu_ms_per_request >= 0);
    assert_true(m->cpu_ms_per_request < SLEEP_MS);
    ltb_run_free(&run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(burned_cpu_is_counted_per_timed_request),
        cmocka_unit_test(sleeping_is_not_cpu),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
