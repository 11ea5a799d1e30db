/* test_openmp_pools.c — opening a torch target leaves no OpenMP thread pool on the
 * caller's thread (src/base/short_thread.h says why that matters: a leftover pool put
 * libgomp into its throttled wait and cost ResNet-18 15 % per forward).
 *
 * How it can tell: a thread that has no pool yet gets one (a helper thread with a new
 * id in /proc/self/task) the first time it runs a 2-thread forward; a thread that
 * already has one reuses its helpers. So after opening, one forward on this thread
 * must start a thread that was not there before. (Ids, not counts: the short
 * thread's helpers may still be exiting while the new one starts.)
 * Needs LTBENCH_MODELS_DIR (resnet18.pt). */
#define _POSIX_C_SOURCE 200809L

#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltbench.h"
#include "target_torch.h"

#define MAX_TIDS 1024

static void test_open_leaves_no_pool_on_the_callers_thread(void **state)
{
    (void)state;
    const char *dir = getenv("LTBENCH_MODELS_DIR");
    assert_non_null(dir);
    char model[4096], err[512] = "";
    snprintf(model, sizeof model, "%s/resnet18.pt", dir);

    ltb_workload images;
    assert_int_equal(ltb_workload_synthetic_images(&images, 1, 64, 64, 1, err, sizeof err), 0);
    ltb_torch_options o = {.model_path = model, .precision = "fp32", .threads = 2, .top_k = 5,
                           .width = 64, .height = 64};
    ltb_target t;
    int rc = ltb_target_torch_image(&t, &o, &images, err, sizeof err);
    if (rc != 0)
        fail_msg("open failed: %s", err);
    static long after_open[MAX_TIDS], after_forward[MAX_TIDS];
    int n_open = tu_list_threads(after_open, MAX_TIDS);

    /* the same forward the probe ran, now on this thread */
    ltb_request req;
    memset(&req, 0, sizeof req);
    req.batch = 1;
    req.concurrency = 1;
    images.fill(&images, 0, 1, &req);
    void *ws = NULL;
    assert_int_equal(t.worker_open(&t, 0, &ws, err, sizeof err), 0);
    ltb_result res;
    memset(&res, 0, sizeof res);
    assert_int_equal(t.run(&t, ws, &req, &res), 0);
    int n_forward = tu_list_threads(after_forward, MAX_TIDS);
    t.worker_close(&t, ws);

    if (tu_threads_started(after_open, n_open, after_forward, n_forward) == 0)
        fail_msg("a forward on this thread started no OpenMP helper (%d threads before, %d after, "
                 "none new): opening the target left a pool on this thread", n_open, n_forward);
    t.close(&t);
    ltb_workload_free(&images);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_leaves_no_pool_on_the_callers_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
