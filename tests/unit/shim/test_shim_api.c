/* test_shim_api.c — the shim's device API on this machine: per-worker streams, CUDA
 * graphs, cuDNN autotuning, device facts and caching-allocator memory say plainly
 * that they need CUDA when there is none; run-on-stream with no stream is the plain
 * forward; the matrix-multiply and copy ceilings measure the CPU too. (tests/gpu/
 * checks the same calls on a CUDA device.) */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"
#include "lt_shim.h"

#include <stdlib.h>
#include <string.h>

static char *model(const char *file)
{
    return tu_path(tu_env("LTBENCH_MODELS_DIR"), file);
}

static int cuda_here(void)
{
    lt_info info;
    lt_get_info(&info);
    return info.cuda_available;
}

static void streams_need_cuda(void **state)
{
    (void)state;
    lt_stream *s = (lt_stream *)1;
    lt_error e;
    assert_int_equal(lt_stream_create("cpu", &s, &e), LT_ERR_UNSUPPORTED);
    assert_null(s);
    assert_non_null(strstr(e.msg, "streams need a CUDA device, not 'cpu'"));
    assert_true(tu_is_one_line(e.msg));
    assert_int_equal(lt_stream_create("tpu", &s, &e), LT_ERR_DEVICE);
    if (!cuda_here()) {
        assert_int_equal(lt_stream_create("cuda:0", &s, &e), LT_ERR_DEVICE);
        assert_null(s);
        assert_non_null(strstr(e.msg, "cuda:0"));
    }
    assert_int_equal(lt_stream_sync(NULL, &e), LT_ERR_ARG);
    lt_stream_destroy(NULL);                        /* a no-op, like free(NULL) */
}

static void run_on_without_a_stream_is_the_plain_forward(void **state)
{
    (void)state;
    char *path = model("identity.pt");
    lt_open_options o = {.device = "cpu"};
    lt_model *m = NULL;
    lt_error e;
    assert_int_equal(lt_model_open(path, &o, &m, &e), LT_OK);
    float x[2 * 3 * 4 * 4];
    for (size_t i = 0; i < sizeof x / sizeof *x; i++)
        x[i] = (float)i / 10.0f;
    lt_tensor_view in = {.dtype = LT_FLOAT32, .ndim = 4, .shape = {2, 3, 4, 4}, .data = x};
    lt_tensor_buf a = {0}, b = {0};
    lt_run_stats st;
    assert_int_equal(lt_model_run(m, &in, &a, NULL, &e), LT_OK);
    assert_int_equal(lt_model_run_on(m, NULL, NULL, &in, &b, &st, &e), LT_OK);
    assert_int_equal((int)b.numel, 6);
    assert_memory_equal(a.data, b.data, a.numel * sizeof(float));
    assert_true(st.gpu_forward_ms < 0);             /* no CUDA events on the CPU */
    assert_int_equal((long long)st.forward_enqueue_ns, 0);
    assert_true(st.forward_ns > 0);
    assert_int_equal(lt_model_run_on(m, NULL, "forward", &in, &b, NULL, &e), LT_OK);
    assert_int_equal(lt_model_run_on(m, NULL, "", &in, &b, NULL, &e), LT_ERR_ARG);
    assert_int_equal(lt_model_run_on(m, NULL, "nope", &in, &b, NULL, &e), LT_ERR_NOT_FOUND);
    lt_tensor_buf_free(&a);
    lt_tensor_buf_free(&b);
    lt_model_close(m);
    free(path);
}

static void cuda_graphs_on_the_cpu_are_refused(void **state)
{
    (void)state;
    char *path = model("identity.pt");
    lt_open_options o = {.device = "cpu", .cuda_graph = 1};
    lt_model *m = NULL;
    lt_error e;
    assert_int_equal(lt_model_open(path, &o, &m, &e), LT_ERR_UNSUPPORTED);
    assert_null(m);
    assert_non_null(strstr(e.msg, "CUDA graphs need a CUDA device, not cpu"));
    free(path);
}

static void device_facts_and_memory_need_cuda(void **state)
{
    (void)state;
    lt_error e;
    lt_memory_stats mem;
    assert_int_equal(lt_memory_stats_read("cpu", &mem, &e), LT_ERR_UNSUPPORTED);
    assert_non_null(strstr(e.msg, "no caching allocator"));
    assert_int_equal(lt_memory_reset_peak("cpu", &e), LT_ERR_UNSUPPORTED);
    assert_int_equal(lt_set_cudnn_benchmark(1, &e), LT_OK);  /* a flag, even without CUDA */
    assert_int_equal(lt_set_cudnn_benchmark(0, &e), LT_OK);
    lt_cuda_device dev;
    if (!cuda_here()) {
        assert_int_equal(lt_cuda_device_info(0, &dev, &e), LT_ERR_DEVICE);
        assert_true(tu_is_one_line(e.msg));
        assert_int_equal(lt_memory_stats_read("cuda:0", &mem, &e), LT_ERR_DEVICE);
    }
    assert_int_equal(lt_cuda_device_info(-1, &dev, &e), LT_ERR_DEVICE);
}

static void ceilings_measure_the_cpu(void **state)
{
    (void)state;
    lt_error e;
    double tflops = -1, gbps = -1;
    assert_int_equal(lt_bench_matmul("cpu", 128, LT_FP32, 3, &tflops, &e), LT_OK);
    assert_true(tflops > 0);
    lt_status s = lt_bench_matmul("cpu", 64, LT_FP16, 2, &tflops, &e);
    assert_true(s == LT_OK || s == LT_ERR_UNSUPPORTED);   /* CPU half matmul: 2.x yes, 1.13 no */
    if (s != LT_OK)
        assert_non_null(strstr(e.msg, "matmul 64x64 fp16 on cpu failed"));
    assert_int_equal(lt_bench_copy("cpu", 1 << 20, 3, &gbps, &e), LT_OK);
    assert_true(gbps > 0);
    assert_int_equal(lt_bench_matmul("cpu", 0, LT_FP32, 1, &tflops, &e), LT_ERR_ARG);
    assert_int_equal(lt_bench_matmul("cpu", 8, (lt_precision)9, 1, &tflops, &e), LT_ERR_ARG);
    assert_int_equal(lt_bench_copy("cpu", 0, 1, &gbps, &e), LT_ERR_ARG);
    assert_int_equal(lt_bench_copy("tpu", 8, 1, &gbps, &e), LT_ERR_DEVICE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(streams_need_cuda),
        cmocka_unit_test(run_on_without_a_stream_is_the_plain_forward),
        cmocka_unit_test(cuda_graphs_on_the_cpu_are_refused),
        cmocka_unit_test(device_facts_and_memory_need_cuda),
        cmocka_unit_test(ceilings_measure_the_cpu),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
