/* test_driver.c — the driver with real callback targets: levels are the cartesian
 * product, every request index runs once, workers never exceed the concurrency,
 * warm-up runs before timing, failures and timeouts are counted with their
 * message, an interruption keeps what was measured and waits for requests in
 * flight at most the drain timeout, and a level whose worker threads cannot all
 * start fails with the reason while the sweep goes on. */
#define _GNU_SOURCE                /* pthread_setattr_default_np */
#include "testutil.h"
#include "interrupt.h"
#include "ltbench.h"
#include "run_exit_code.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct probe {
    atomic_int in_flight, max_in_flight, warmup_calls, calls;
    int fail_every;          /* fail requests whose id % fail_every == 1 */
    int sleep_ms;
    int interrupt_at;        /* ask the run to stop at this id (-1 = never) */
    int bad_batch;           /* req->batch disagreed with the pixels */
} probe;

static int probe_fn(const ltb_request *req, ltb_result *res, void *user)
{
    probe *p = user;
    int now = atomic_fetch_add(&p->in_flight, 1) + 1;
    int seen = atomic_load(&p->max_in_flight);
    while (now > seen && !atomic_compare_exchange_weak(&p->max_in_flight, &seen, now))
        ;
    atomic_fetch_add(&p->calls, 1);
    if (req->id < 0)
        atomic_fetch_add(&p->warmup_calls, 1);
    if (!req->pixels || req->batch < 1)
        p->bad_batch = 1;
    if (p->sleep_ms > 0) {
        struct timespec ts = {0, (long)p->sleep_ms * 1000000L};
        nanosleep(&ts, NULL);
    }
    if (p->interrupt_at >= 0 && req->id == p->interrupt_at)
        ltb_interrupt_request();
    atomic_fetch_sub(&p->in_flight, 1);
    if (p->fail_every > 0 && req->id >= 0 && req->id % p->fail_every == 1) {
        snprintf(res->error, sizeof res->error, "planned failure of request %lld", (long long)req->id);
        return 1;
    }
    return 0;
}

static ltb_workload images;

static int setup(void **state)
{
    (void)state;
    char err[256];
    return ltb_workload_synthetic_images(&images, 5, 16, 16, 1, err, sizeof err);
}

static int teardown(void **state)
{
    (void)state;
    ltb_workload_free(&images);
    return 0;
}

static void base_config(ltb_config *c)
{
    ltb_config_defaults(c);
    c->output_dir = NULL;
    c->outputs = 0;
    c->quiet = 1;
}

static void levels_are_the_cartesian_product_and_each_id_runs_once(void **state)
{
    (void)state;
    static ltb_run run;
    ltb_config c;
    base_config(&c);
    c.n_concurrency = 3;     /* 1,2,4 */
    c.batch[0] = 1;
    c.batch[1] = 3;
    c.n_batch = 2;
    c.iterations = 37;
    probe p = {.interrupt_at = -1};
    ltb_target t;
    ltb_target_callback(&t, probe_fn, &p);
    char err[256];
    assert_int_equal(ltb_run_benchmark(&c, &images, &t, &run, err, sizeof err), 0);
    assert_int_equal(run.n_levels, 6);
    assert_int_equal(p.bad_batch, 0);
    for (int l = 0; l < 6; l++) {
        ltb_level *lvl = &run.levels[l];
        assert_int_equal(lvl->batch, l < 3 ? 1 : 3);
        assert_int_equal(lvl->concurrency, c.concurrency[l % 3]);
        assert_int_equal(lvl->n_records, 37);
        int seen[37] = {0};
        for (size_t i = 0; i < lvl->n_records; i++) {
            assert_true(lvl->records[i].id >= 0 && lvl->records[i].id < 37);
            seen[lvl->records[i].id]++;
            assert_true(lvl->records[i].worker < lvl->concurrency);
            assert_true(lvl->records[i].t_end_ns >= lvl->records[i].t_start_ns);
            assert_true(lvl->records[i].res.ok);
        }
        for (int i = 0; i < 37; i++)
            assert_int_equal(seen[i], 1);
        ltb_metrics *m = &lvl->metrics;
        assert_int_equal(m->ok_requests, 37);
        assert_float_equal(m->ips * m->wall_s, 37.0 * lvl->batch, 1e-6);
        assert_true(m->peak_rss_mb > 0);
    }
    assert_true(atomic_load(&p.max_in_flight) <= 4);
    assert_false(run.interrupted);
    ltb_run_free(&run);
}

static void warmup_runs_before_timing_and_at_least_concurrency(void **state)
{
    (void)state;
    static ltb_run run;
    ltb_config c;
    base_config(&c);
    c.concurrency[0] = 8;
    c.n_concurrency = 1;
    c.iterations = 10;
    probe p = {.interrupt_at = -1};
    ltb_target t;
    ltb_target_callback(&t, probe_fn, &p);
    char err[256];
    assert_int_equal(ltb_run_benchmark(&c, &images, &t, &run, err, sizeof err), 0);
    assert_int_equal(atomic_load(&p.warmup_calls), 8);        /* auto: max(5, 8) */
    assert_int_equal(atomic_load(&p.calls), 18);
    ltb_run_free(&run);

    c.warmup = 0;
    probe q = {.interrupt_at = -1};
    ltb_target_callback(&t, probe_fn, &q);
    assert_int_equal(ltb_run_benchmark(&c, &images, &t, &run, err, sizeof err), 0);
    assert_int_equal(atomic_load(&q.warmup_calls), 0);
    ltb_run_free(&run);
}

static void failures_are_counted_with_their_message(void **state)
{
    (void)state;
    static ltb_run run;
    ltb_config c;
    base_config(&c);
    c.concurrency[0] = 2;
    c.n_concurrency = 1;
    c.iterations = 30;
    probe p = {.fail_every = 3, .interrupt_at = -1};
    ltb_target t;
    ltb_target_callback(&t, probe_fn, &p);
    char err[256];
    assert_int_equal(ltb_run_benchmark(&c, &images, &t, &run, err, sizeof err), 0);
    ltb_level *lvl = &run.levels[0];
    assert_int_equal(lvl->n_records, 30);
    assert_int_equal(lvl->metrics.failed_requests, 10);
    assert_int_equal(lvl->metrics.ok_requests, 20);
    assert_float_equal(lvl->metrics.success_rate_pct, 100.0 * 20 / 30, 1e-9);
    for (size_t i = 0; i < lvl->n_records; i++) {
        ltb_record *r = &lvl->records[i];
        if (r->id % 3 == 1) {
            assert_false(r->res.ok);
            assert_non_null(strstr(r->res.error, "planned failure"));
        } else {
            assert_true(r->res.ok);
            assert_string_equal(r->res.error, "");
        }
    }
    ltb_run_free(&run);
}

static void slow_requests_past_the_timeout_fail(void **state)
{
    (void)state;
    static ltb_run run;
    ltb_config c;
    base_config(&c);
    c.concurrency[0] = 1;
    c.n_concurrency = 1;
    c.iterations = 3;
    c.warmup = 0;
    c.timeout_s = 0.001;
    probe p = {.sleep_ms = 20, .interrupt_at = -1};
    ltb_target t;
    ltb_target_callback(&t, probe_fn, &p);
    char err[256];
    assert_int_equal(ltb_run_benchmark(&c, &images, &t, &run, err, sizeof err), 0);
    assert_int_equal(run.levels[0].metrics.failed_requests, 3);
    assert_non_null(strstr(run.levels[0].records[0].res.error, "timeout"));
    ltb_run_free(&run);
}

static void an_interruption_keeps_what_was_measured(void **state)
{
    (void)state;
    static ltb_run run;
    ltb_config c;
    base_config(&c);
    c.concurrency[0] = 1;
    c.concurrency[1] = 2;
    c.n_concurrency = 2;
    c.iterations = 1000;
    c.warmup = 0;
    probe p = {.interrupt_at = 10};
    ltb_target t;
    ltb_target_callback(&t, probe_fn, &p);
    char err[256];
    assert_int_equal(ltb_run_benchmark(&c, &images, &t, &run, err, sizeof err), 0);
    assert_true(run.interrupted);
    assert_int_equal(run.n_levels, 1);
    assert_int_equal(run.levels[0].n_records, 11);
    assert_int_equal(run.levels[0].metrics.ok_requests, 11);
    ltb_run_free(&run);
    ltb_interrupt_reset();
}

static void min_time_keeps_a_level_running_past_its_iterations(void **state)
{
    (void)state;
    static ltb_run run;
    ltb_config c;
    base_config(&c);
    c.concurrency[0] = 2;
    c.n_concurrency = 1;
    c.iterations = 5;
    c.warmup = 0;
    c.min_time_s = 0.3;
    probe p = {.sleep_ms = 2, .interrupt_at = -1};
    ltb_target t;
    ltb_target_callback(&t, probe_fn, &p);
    char err[256];
    assert_int_equal(ltb_run_benchmark(&c, &images, &t, &run, err, sizeof err), 0);
    ltb_level *lvl = &run.levels[0];
    assert_true(lvl->n_records > 5);
    uint64_t first = UINT64_MAX, last = 0;
    for (size_t i = 0; i < lvl->n_records; i++) {
        assert_int_equal(lvl->records[i].id, (int64_t)i);   /* compacted, in order */
        first = lvl->records[i].t_start_ns < first ? lvl->records[i].t_start_ns : first;
        last = lvl->records[i].t_end_ns > last ? lvl->records[i].t_end_ns : last;
    }
    assert_true((double)(last - first) / 1e9 >= 0.3 - 0.005);
    assert_int_equal(lvl->metrics.ok_requests, lvl->n_records);
    ltb_run_free(&run);
}

static void repetitions_repeat_each_level_and_summarise(void **state)
{
    (void)state;
    static ltb_run run;
    ltb_config c;
    base_config(&c);
    c.n_concurrency = 2;     /* 1,2 */
    c.iterations = 20;
    c.repetitions = 3;
    probe p = {.interrupt_at = -1};
    ltb_target t;
    ltb_target_callback(&t, probe_fn, &p);
    char err[256];
    assert_int_equal(ltb_run_benchmark(&c, &images, &t, &run, err, sizeof err), 0);
    assert_int_equal(run.n_levels, 6);
    for (int g = 0; g < 2; g++) {
        double sum = 0;
        for (int r = 0; r < 3; r++) {
            ltb_level *l = &run.levels[g * 3 + r];
            assert_int_equal(l->concurrency, g + 1);
            assert_int_equal(l->repetition, r);
            assert_int_equal(l->repetitions, 3);
            sum += l->metrics.ips;
        }
        for (int r = 0; r < 3; r++)
            assert_float_equal(run.levels[g * 3 + r].rep_throughput_mean, sum / 3, 1e-9);
        assert_true(run.levels[g * 3].rep_throughput_stddev >= 0);
    }
    ltb_run_free(&run);
    c.repetitions = 100;
    c.n_concurrency = 3;
    assert_int_equal(ltb_run_benchmark(&c, &images, &t, &run, err, sizeof err), -1);
    assert_non_null(strstr(err, "repetitions"));
}

static void null_target_runs(void **state)
{
    (void)state;
    static ltb_run run;
    ltb_config c;
    base_config(&c);
    c.iterations = 2000;
    ltb_target t;
    ltb_target_null(&t);
    char err[256];
    assert_int_equal(ltb_run_benchmark(&c, &images, &t, &run, err, sizeof err), 0);
    for (int l = 0; l < run.n_levels; l++)
        assert_int_equal(run.levels[l].metrics.ok_requests, 2000);
    ltb_run_free(&run);
}

/* A "device" that runs out of memory above a batch size, as a GPU does. */
static int oom_above_8(const ltb_request *req, ltb_result *res, void *user)
{
    atomic_int *calls = user;
    atomic_fetch_add(calls, 1);
    if (req->batch > 8) {
        snprintf(res->error, sizeof res->error, "out of memory: CUDA out of memory (batch %d)", req->batch);
        res->out_of_memory = 1;
        return 1;
    }
    return 0;
}

static void a_batch_out_of_memory_is_skipped_and_the_sweep_goes_on(void **state)
{
    (void)state;
    static ltb_run run;
    static atomic_int calls;
    atomic_store(&calls, 0);
    ltb_config c;
    base_config(&c);
    c.n_concurrency = 1;
    c.concurrency[0] = 2;
    c.n_batch = 3;
    c.batch[0] = 1, c.batch[1] = 32, c.batch[2] = 4;
    c.iterations = 6;
    c.warmup = 2;
    ltb_target t;
    ltb_target_callback(&t, oom_above_8, &calls);
    char err[256];
    assert_int_equal(ltb_run_benchmark(&c, &images, &t, &run, err, sizeof err), 0);
    assert_int_equal(run.n_levels, 3);
    assert_false(run.levels[0].skipped);
    assert_int_equal(run.levels[0].metrics.ok_requests, 6);
    assert_true(run.levels[1].skipped);                 /* batch 32: out of memory */
    assert_non_null(strstr(run.levels[1].note, "out of memory at batch 32 in the warm-up"));
    assert_int_equal(run.levels[1].n_records, 0);
    assert_false(run.levels[2].skipped);                /* batch 4 runs after it */
    assert_int_equal(run.levels[2].metrics.ok_requests, 6);
    /* the out-of-memory level stopped after its first failures: no timed requests */
    assert_true(atomic_load(&calls) <= 2 + 6 + 2 + 2 + 6);
    /* no CUDA here: the GPU numbers are "none" */
    assert_true(run.levels[0].metrics.gpu_mem_mb < 0);
    assert_true(run.levels[0].metrics.gpu.energy_j < 0);
    assert_int_equal((int)run.levels[0].metrics.gpu.compute.n, 0);
    ltb_run_free(&run);
}

static void *interrupt_soon(void *arg)
{
    (void)arg;
    struct timespec ts = {0, 200 * 1000000L};
    nanosleep(&ts, NULL);
    ltb_interrupt_request();
    return NULL;
}

static void requests_in_flight_past_the_drain_timeout_are_recorded_as_interrupted(void **state)
{
    (void)state;
    /* static: the abandoned workers still use them after this test has returned */
    static ltb_run run;
    static probe p = {.sleep_ms = 900, .interrupt_at = -1};
    static ltb_target t;
    ltb_config c;
    base_config(&c);
    c.concurrency[0] = 3;
    c.concurrency[1] = 1;
    c.n_concurrency = 2;
    c.iterations = 10;
    c.warmup = 0;
    c.drain_timeout_s = 0.1;
    ltb_target_callback(&t, probe_fn, &p);
    pthread_t stopper;
    assert_int_equal(pthread_create(&stopper, NULL, interrupt_soon, NULL), 0);
    char err[256];
    assert_int_equal(ltb_run_benchmark(&c, &images, &t, &run, err, sizeof err), 0);
    pthread_join(stopper, NULL);
    assert_true(run.interrupted);
    assert_int_equal(run.workers_left_running, 3);
    assert_int_equal(run.n_levels, 1);                 /* the sweep stopped there */
    ltb_level *lvl = &run.levels[0];
    assert_int_equal(lvl->n_records, 3);               /* one in flight per worker */
    assert_int_equal(lvl->metrics.failed_requests, 3);
    for (size_t i = 0; i < lvl->n_records; i++) {
        assert_int_equal(lvl->records[i].id, (int64_t)i);
        assert_false(lvl->records[i].res.ok);
        assert_non_null(strstr(lvl->records[i].res.error, "interrupted"));
        assert_true(lvl->records[i].t_end_ns > lvl->records[i].t_start_ns);
    }
    assert_int_equal(ltb_run_exit_code(&run), 130);
    ltb_run_free(&run);
    ltb_interrupt_reset();
    /* let the abandoned workers finish their 900 ms before the next test runs */
    struct timespec ts = {1, 0};
    nanosleep(&ts, NULL);
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LTB_TEST_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define LTB_TEST_ASAN 1
#endif

static int running_under_asan(void)
{
#ifdef LTB_TEST_ASAN
    return 1;
#else
    return 0;
#endif
}

/* Virtual memory of this process, bytes. */
static unsigned long long address_space_now(void)
{
    unsigned long long pages = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f && fscanf(f, "%llu", &pages) != 1)
        pages = 0;
    if (f)
        fclose(f);
    return pages * (unsigned long long)sysconf(_SC_PAGESIZE);
}

/* In a child process whose threads get 256 MB stacks and whose address space
 * leaves room for about three of them: a level of 8 workers, then a level of 1.
 * Writes "levels skipped0 skipped1 ok1 exit note" to fd. */
static void run_with_few_threads(int fd)
{
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256u << 20);
    pthread_setattr_default_np(&attr);
    struct rlimit lim;
    lim.rlim_cur = lim.rlim_max = (rlim_t)(address_space_now() + (900ull << 20));
    if (setrlimit(RLIMIT_AS, &lim) != 0)
        _exit(3);
    ltb_run *run = calloc(1, sizeof *run);
    ltb_config c;
    base_config(&c);
    c.concurrency[0] = 8;
    c.concurrency[1] = 1;
    c.n_concurrency = 2;
    c.iterations = 5;
    probe p = {.interrupt_at = -1};
    ltb_target t;
    ltb_target_callback(&t, probe_fn, &p);
    char err[256];
    if (!run || ltb_run_benchmark(&c, &images, &t, run, err, sizeof err) != 0)
        _exit(4);
    dprintf(fd, "%d %d %d %zu %d %s\n", run->n_levels, run->levels[0].skipped,
            run->levels[1].skipped, run->levels[1].metrics.ok_requests, ltb_run_exit_code(run),
            run->levels[0].note);
    _exit(0);
}

static void a_level_whose_threads_cannot_start_fails_and_the_sweep_goes_on(void **state)
{
    (void)state;
    if (running_under_asan())
        skip();   /* ASan reserves terabytes of shadow memory: an address-space limit breaks it */
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        run_with_few_threads(fds[1]);
    }
    close(fds[1]);
    char out[512] = "";
    size_t len = 0;
    ssize_t got;
    while (len < sizeof out - 1 && (got = read(fds[0], out + len, sizeof out - 1 - len)) > 0)
        len += (size_t)got;
    out[len] = '\0';
    close(fds[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fail_msg("the child did not finish cleanly (status %d): %s", status, out);
    int levels = 0, skipped0 = 0, skipped1 = 1, exit_code = 0;
    size_t ok1 = 0;
    int consumed = 0;
    assert_int_equal(sscanf(out, "%d %d %d %zu %d %n", &levels, &skipped0, &skipped1, &ok1,
                            &exit_code, &consumed), 5);
    print_message("level 0: %s", out + consumed);
    assert_int_equal(levels, 2);
    assert_int_equal(skipped0, 1);                 /* failed, with its reason */
    assert_non_null(strstr(out + consumed, "could not start 8 worker threads (started "));
    assert_int_equal(skipped1, 0);                 /* the next level ran */
    assert_int_equal(ok1, 5);
    assert_int_equal(exit_code, 1);                /* the failed level shows in the exit code */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(levels_are_the_cartesian_product_and_each_id_runs_once),
        cmocka_unit_test(warmup_runs_before_timing_and_at_least_concurrency),
        cmocka_unit_test(failures_are_counted_with_their_message),
        cmocka_unit_test(slow_requests_past_the_timeout_fail),
        cmocka_unit_test(an_interruption_keeps_what_was_measured),
        cmocka_unit_test(min_time_keeps_a_level_running_past_its_iterations),
        cmocka_unit_test(repetitions_repeat_each_level_and_summarise),
        cmocka_unit_test(null_target_runs),
        cmocka_unit_test(a_batch_out_of_memory_is_skipped_and_the_sweep_goes_on),
        cmocka_unit_test(requests_in_flight_past_the_drain_timeout_are_recorded_as_interrupted),
        cmocka_unit_test(a_level_whose_threads_cannot_start_fails_and_the_sweep_goes_on),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
