/* test_openmp_pools.c — opening a torch target (and, for `llm`, binding its workload,
 * which runs a probe request) leaves no OpenMP thread pool on the caller's thread (src/base/short_thread.h says why that matters: a leftover pool put
 * libgomp into its throttled wait and cost ResNet-18 15 % per forward).
 *
 * How it can tell: a thread that has no pool yet gets one (a helper thread with a new
 * id in /proc/self/task) the first time it runs a 2-thread forward; a thread that
 * already has one reuses its helpers. So after opening, one forward on this thread
 * must start a thread that was not there before. (Ids, not counts: the short
 * thread's helpers may still be exiting while the new one starts.)
 * Needs LTBENCH_MODELS_DIR (resnet18.pt, llama_tiny.pt). */
#define _POSIX_C_SOURCE 200809L

#include "testutil.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ltbench.h"
#include "target_llm.h"
#include "target_torch.h"
#include "workload_llm.h"

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

/* The llm target probes in ltb_target_llm_attach, after the open: that probe once ran on
 * the caller's thread and halved llama_tiny's 2-thread decode on 2 cores. */
static char llm_failure[1024];

/* The check, on a thread of its own: the other test's forward left a pool on the main one. */
static void *llm_check(void *arg)
{
    (void)arg;
    const char *dir = getenv("LTBENCH_MODELS_DIR");
    char model[4096], err[512] = "";
    snprintf(model, sizeof model, "%s/llama_tiny.pt", dir ? dir : ".");
    ltb_llm_options o = {.model_path = model, .precision = "fp32", .threads = 2, .seed = 42};
    ltb_llm_facts f;
    ltb_target t;
    if (ltb_target_torch_llm(&t, &o, &f, err, sizeof err) != 0) {
        snprintf(llm_failure, sizeof llm_failure, "open failed: %s", err);
        return NULL;
    }
    int P = 16, G = 4;
    ltb_llm_prompts_spec spec = {.prompt_tokens = &P, .gen_tokens = &G, .n_tests = 1,
                                 .vocab_size = f.vocab_size, .bos_id = f.bos_id, .variations = 2,
                                 .seed = 42};
    ltb_workload w;
    if (ltb_workload_llm(&w, &spec, err, sizeof err) != 0 ||
        ltb_target_llm_attach(&t, &w, err, sizeof err) != 0) {   /* the probe request */
        snprintf(llm_failure, sizeof llm_failure, "prompts or attach failed: %s", err);
        return NULL;
    }
    static long after_attach[MAX_TIDS], after_request[MAX_TIDS];
    int n_attach = tu_list_threads(after_attach, MAX_TIDS);

    ltb_request req;
    memset(&req, 0, sizeof req);
    req.batch = 4;                /* enough work per step for a 2-thread region */
    req.concurrency = 1;
    void *ws = NULL;
    ltb_result res;
    memset(&res, 0, sizeof res);
    if (t.worker_open(&t, 0, &ws, err, sizeof err) != 0 || t.run(&t, ws, &req, &res) != 0)
        snprintf(llm_failure, sizeof llm_failure, "request failed: %s%s", err, res.error);
    int n_request = tu_list_threads(after_request, MAX_TIDS);
    if (ws)
        t.worker_close(&t, ws);
    if (!llm_failure[0] && tu_threads_started(after_attach, n_attach, after_request, n_request) == 0)
        snprintf(llm_failure, sizeof llm_failure,
                 "a request on this thread started no OpenMP helper (%d threads before, %d after, "
                 "none new): opening or probing the llm target left a pool on this thread",
                 n_attach, n_request);
    t.close(&t);
    ltb_workload_free(&w);
    return NULL;
}

static void test_llm_open_and_probe_leave_no_pool_on_the_callers_thread(void **state)
{
    (void)state;
    assert_non_null(getenv("LTBENCH_MODELS_DIR"));
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, llm_check, NULL), 0);
    pthread_join(th, NULL);
    if (llm_failure[0])
        fail_msg("%s", llm_failure);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_leaves_no_pool_on_the_callers_thread),
        cmocka_unit_test(test_llm_open_and_probe_leave_no_pool_on_the_callers_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
