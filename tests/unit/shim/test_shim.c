/* test_shim.c — unit tests of the LibTorch shim's C API (shim/lt_shim.h): opening
 * files onto devices, precisions and layouts, forward and named methods, attributes,
 * error statuses and one-line messages, output buffer reuse, threads, concurrency.
 *
 * Needs two directories, from the environment:
 *   LTBENCH_MODELS_DIR     identity.pt (same-shape output) and resnet18.pt
 *   LTBENCH_SHIM_FIXTURES  what tests/unit/make_shim_fixtures.py writes */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include <unistd.h>

#include "lt_shim.h"

/* ---- helpers ------------------------------------------------------------------- */

static const char *env_dir(const char *name) {
    const char *d = getenv(name);
    if (!d || !*d) fail_msg("%s is not set: it must name the directory of the test models", name);
    return d;
}

static void model_path(char *buf, size_t len, const char *env, const char *file) {
    snprintf(buf, len, "%s/%s", env_dir(env), file);
}

/* An error message is one non-empty line. */
static void assert_one_line(const lt_error *err) {
    assert_true(err->msg[0] != '\0');
    assert_null(strchr(err->msg, '\n'));
    assert_null(strchr(err->msg, '\r'));
}

#define assert_ok(call, errp)                                                     \
    do {                                                                          \
        lt_status s_ = (call);                                                    \
        if (s_ != LT_OK) print_error("%s: %s\n", lt_status_name(s_), (errp)->msg); \
        assert_int_equal(s_, LT_OK);                                              \
    } while (0)

static lt_model *open_model(const char *env, const char *file, const char *device,
                            lt_precision prec, int channels_last, int optimize) {
    char path[1024];
    model_path(path, sizeof path, env, file);
    lt_open_options o = {device, prec, channels_last, optimize, 0};
    lt_model *m = NULL;
    lt_error err = {{0}};
    assert_ok(lt_model_open(path, &o, &m, &err), &err);
    assert_non_null(m);
    return m;
}

static lt_model *open_fixture(const char *file) {
    return open_model("LTBENCH_SHIM_FIXTURES", file, "cpu", LT_FP32, 0, 0);
}

/* Deterministic values in [-1, 1). */
static float *make_input(size_t n, uint32_t seed) {
    float *x = malloc(n * sizeof *x);
    assert_non_null(x);
    uint32_t s = seed * 2654435761u + 1u;
    for (size_t i = 0; i < n; i++) {
        s = s * 1664525u + 1013904223u;
        x[i] = (float)((s >> 8) & 0xFFFF) / 32768.0f - 1.0f;
    }
    return x;
}

static lt_tensor_view view4(const float *x, int64_t n, int64_t c, int64_t h, int64_t w) {
    lt_tensor_view v = {LT_FLOAT32, 4, {n, c, h, w}, x};
    return v;
}

/* (no libm: the test links only lt_shim and cmocka) */
static double absd(double v) { return v < 0 ? -v : v; }

static double max_abs(const float *a, size_t n) {
    double m = 0;
    for (size_t i = 0; i < n; i++)
        if (absd(a[i]) > m) m = absd(a[i]);
    return m;
}

static double max_abs_diff(const float *a, const float *b, size_t n) {
    double m = 0;
    for (size_t i = 0; i < n; i++)
        if (absd((double)a[i] - (double)b[i]) > m) m = absd((double)a[i] - (double)b[i]);
    return m;
}

/* resnet18 on one seeded [1,3,224,224] image, fp32 on the CPU: the reference. */
static void resnet_reference(lt_tensor_buf *ref) {
    lt_model *m = open_model("LTBENCH_MODELS_DIR", "resnet18.pt", "cpu", LT_FP32, 0, 0);
    float *x = make_input(3 * 224 * 224, 7);
    lt_tensor_view in = view4(x, 1, 3, 224, 224);
    lt_error err = {{0}};
    assert_ok(lt_model_run(m, &in, ref, NULL, &err), &err);
    free(x);
    lt_model_close(m);
}

/* ---- process-wide settings (run first: inter-op threads can be set only once) ----- */

static void test_set_threads(void **state) {
    (void)state;
    lt_error err = {{0}};
    assert_ok(lt_set_threads(2, 1, &err), &err);
    assert_ok(lt_set_threads(1, 1, &err), &err);       /* the same inter-op value again */
    assert_ok(lt_set_threads(2, 0, &err), &err);       /* 0 leaves inter-op alone */
    lt_info info;
    lt_get_info(&info);
    assert_int_equal(info.intra_threads, 2);
    assert_int_equal(info.inter_threads, 1);

    assert_int_equal(lt_set_threads(0, 3, &err), LT_ERR_ARG);
    assert_one_line(&err);
    assert_non_null(strstr(err.msg, "inter-op"));
    assert_int_equal(lt_set_threads(-1, 0, &err), LT_ERR_ARG);
    assert_int_equal(lt_set_threads(-1, 0, NULL), LT_ERR_ARG);
}

static void test_info_and_status_names(void **state) {
    (void)state;
    lt_info info;
    lt_get_info(&info);
    assert_true(strlen(info.torch_version) > 0);
    assert_true(info.intra_threads >= 1);
    assert_true(info.inter_threads >= 1);
    assert_true(info.cuda_device_count >= 0);
    if (!info.cuda_compiled) {
        assert_int_equal(info.cuda_available, 0);
        assert_string_equal(info.cuda_version, "");
        assert_string_equal(info.cudnn_version, "");
    }
    assert_string_equal(lt_status_name(LT_OK), "ok");
    assert_string_equal(lt_status_name(LT_ERR_ARG), "bad argument");
    assert_string_equal(lt_status_name(LT_ERR_OOM), "out of memory");
    assert_string_equal(lt_status_name(LT_ERR_NOT_FOUND), "not found");
    assert_string_equal(lt_status_name((lt_status)99), "unknown status");
}

/* ---- opening ------------------------------------------------------------------- */

static void test_open_missing_file(void **state) {
    (void)state;
    static int sentinel;
    lt_model *m = (lt_model *)&sentinel; /* lt_model_open must reset it to NULL */
    lt_error err = {{0}};
    const char *path = "/nonexistent/dir/model-that-is-not-here.pt";
    assert_int_equal(lt_model_open(path, NULL, &m, &err), LT_ERR_FILE);
    assert_null(m);
    assert_one_line(&err);
    assert_non_null(strstr(err.msg, path));
    assert_non_null(strstr(err.msg, "not found"));
    /* err may be NULL */
    assert_int_equal(lt_model_open(path, NULL, &m, NULL), LT_ERR_FILE);
}

static void test_open_not_torchscript(void **state) {
    (void)state;
    char path[] = "/tmp/lt_shim_garbage_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char junk[] = "this is not a zip archive, let alone TorchScript\n\x01\x02\x03";
    assert_int_equal(write(fd, junk, sizeof junk), (ssize_t)sizeof junk);
    close(fd);

    lt_model *m = NULL;
    lt_error err = {{0}};
    lt_status s = lt_model_open(path, NULL, &m, &err);
    unlink(path);
    assert_int_equal(s, LT_ERR_FILE);
    assert_null(m);
    assert_one_line(&err);
    assert_non_null(strstr(err.msg, path));
    assert_non_null(strstr(err.msg, "is not a TorchScript file"));

    /* a directory is no model either */
    assert_int_equal(lt_model_open("/tmp", NULL, &m, &err), LT_ERR_FILE);
    assert_one_line(&err);
}

static void test_open_cuda_adapts_to_machine(void **state) {
    (void)state;
    lt_info info;
    lt_get_info(&info);
    char path[1024];
    model_path(path, sizeof path, "LTBENCH_MODELS_DIR", "identity.pt");
    lt_open_options o = {"cuda:0", LT_FP32, 0, 0, 0};
    lt_model *m = NULL;
    lt_error err = {{0}};
    lt_status s = lt_model_open(path, &o, &m, &err);
    if (info.cuda_available) {
        if (s != LT_OK) print_error("%s\n", err.msg);
        assert_int_equal(s, LT_OK);
        assert_string_equal(lt_model_device(m), "cuda:0");
        lt_model_close(m);
    } else {
        assert_int_equal(s, LT_ERR_DEVICE);
        assert_null(m);
        assert_one_line(&err);
        assert_non_null(strstr(err.msg, "cuda:0"));
        assert_non_null(strstr(err.msg, "not available"));
    }
    /* a device index past the last one is never available */
    o.device = "cuda:999";
    assert_int_equal(lt_model_open(path, &o, &m, &err), LT_ERR_DEVICE);
    assert_non_null(strstr(err.msg, "cuda:999"));
}

static void test_open_invalid_device_strings(void **state) {
    (void)state;
    char path[1024];
    model_path(path, sizeof path, "LTBENCH_MODELS_DIR", "identity.pt");
    const char *bad[] = {"tpu", "", "CPU", "cuda:", "cuda:x", "cuda:-1", "cuda:0:1", "cpu:0", "cudax"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lt_open_options o = {bad[i], LT_FP32, 0, 0, 0};
        lt_model *m = NULL;
        lt_error err = {{0}};
        assert_int_equal(lt_model_open(path, &o, &m, &err), LT_ERR_DEVICE);
        assert_null(m);
        assert_one_line(&err);
    }
    lt_open_options o = {"tpu", LT_FP32, 0, 0, 0};
    lt_model *m = NULL;
    lt_error err = {{0}};
    assert_int_equal(lt_model_open(path, &o, &m, &err), LT_ERR_DEVICE);
    assert_non_null(strstr(err.msg, "'tpu'"));
}

static void test_open_bad_arguments(void **state) {
    (void)state;
    lt_error err = {{0}};
    lt_model *m = NULL;
    assert_int_equal(lt_model_open(NULL, NULL, &m, &err), LT_ERR_ARG);
    assert_int_equal(lt_model_open("x.pt", NULL, NULL, &err), LT_ERR_ARG);
    char path[1024];
    model_path(path, sizeof path, "LTBENCH_MODELS_DIR", "identity.pt");
    lt_open_options o = {"cpu", (lt_precision)7, 0, 0, 0};
    assert_int_equal(lt_model_open(path, &o, &m, &err), LT_ERR_ARG);
    assert_one_line(&err);
}

/* ---- forward ------------------------------------------------------------------- */

/* fixture_attrs.pt: forward(x) = x * 0.5, same shape. */
static void test_same_shape_forward(void **state) {
    (void)state;
    lt_model *m = open_fixture("fixture_attrs.pt");
    assert_string_equal(lt_model_device(m), "cpu");
    float *x = make_input(2 * 3 * 4 * 5, 1);
    lt_tensor_view in = view4(x, 2, 3, 4, 5);
    lt_tensor_buf out = {0};
    lt_run_stats st;
    memset(&st, 0xff, sizeof st);
    lt_error err = {{0}};
    assert_ok(lt_model_run(m, &in, &out, &st, &err), &err);
    assert_int_equal(out.ndim, 4);
    assert_int_equal(out.shape[0], 2);
    assert_int_equal(out.shape[1], 3);
    assert_int_equal(out.shape[2], 4);
    assert_int_equal(out.shape[3], 5);
    assert_int_equal(out.numel, 120);
    assert_true(out.capacity >= 120);
    for (int i = 0; i < 120; i++)
        assert_true(out.data[i] == x[i] * 0.5f);
    assert_true(st.gpu_h2d_ms == -1.0 && st.gpu_forward_ms == -1.0 && st.gpu_d2h_ms == -1.0);
    assert_true(st.forward_ns > 0);
    assert_true(st.forward_ns < 60ull * 1000000000ull && st.h2d_ns < 60ull * 1000000000ull &&
                st.d2h_ns < 60ull * 1000000000ull);
    lt_tensor_buf_free(&out);
    assert_null(out.data);
    assert_int_equal(out.capacity, 0);
    free(x);
    lt_model_close(m);
}

/* identity.pt (the overhead model): forward(x) = x.mean([2, 3]) -> [N, 3]. */
static void test_identity_model_forward(void **state) {
    (void)state;
    lt_model *m = open_model("LTBENCH_MODELS_DIR", "identity.pt", NULL, LT_FP32, 0, 0);
    float *x = make_input(2 * 3 * 4 * 5, 1);
    lt_tensor_view in = view4(x, 2, 3, 4, 5);
    lt_tensor_buf out = {0};
    lt_error err = {{0}};
    assert_ok(lt_model_run(m, &in, &out, NULL, &err), &err);
    assert_int_equal(out.ndim, 2);
    assert_int_equal(out.shape[0], 2);
    assert_int_equal(out.shape[1], 3);
    for (int n = 0; n < 2; n++)
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            for (int i = 0; i < 20; i++)
                sum += x[(n * 3 + c) * 20 + i];
            assert_true(fabs(out.data[n * 3 + c] - sum / 20) < 1e-5);
        }
    lt_tensor_buf_free(&out);
    free(x);
    lt_model_close(m);
}

static void test_run_bad_arguments(void **state) {
    (void)state;
    lt_model *m = open_model("LTBENCH_MODELS_DIR", "identity.pt", "cpu", LT_FP32, 0, 0);
    float x[4] = {1, 2, 3, 4};
    lt_tensor_buf out = {0};
    lt_error err = {{0}};
    lt_tensor_view in = {LT_FLOAT32, 9, {1, 1, 1, 1, 1, 1, 1, 1}, x};
    assert_int_equal(lt_model_run(m, &in, &out, NULL, &err), LT_ERR_ARG);
    assert_one_line(&err);
    lt_tensor_view nodata = {LT_FLOAT32, 1, {4}, NULL};
    assert_int_equal(lt_model_run(m, &nodata, &out, NULL, &err), LT_ERR_ARG);
    lt_tensor_view neg = {LT_FLOAT32, 2, {2, -2}, x};
    assert_int_equal(lt_model_run(m, &neg, &out, NULL, &err), LT_ERR_ARG);
    lt_tensor_view ok = {LT_FLOAT32, 1, {4}, x};
    assert_int_equal(lt_model_run(NULL, &ok, &out, NULL, &err), LT_ERR_ARG);
    assert_int_equal(lt_model_run(m, NULL, &out, NULL, &err), LT_ERR_ARG);
    assert_int_equal(lt_model_run(m, &ok, NULL, NULL, NULL), LT_ERR_ARG);
    lt_tensor_buf_free(&out);
    lt_model_close(m);
}

static void test_resnet18_batches(void **state) {
    (void)state;
    lt_model *m = open_model("LTBENCH_MODELS_DIR", "resnet18.pt", "cpu", LT_FP32, 0, 0);
    lt_error err = {{0}};
    for (int64_t n = 1; n <= 2; n++) {
        float *x = make_input((size_t)n * 3 * 224 * 224, 7);
        lt_tensor_view in = view4(x, n, 3, 224, 224);
        lt_tensor_buf out = {0};
        lt_run_stats st;
        assert_ok(lt_model_run(m, &in, &out, &st, &err), &err);
        assert_int_equal(out.ndim, 2);
        assert_int_equal(out.shape[0], n);
        assert_int_equal(out.shape[1], 1000);
        assert_int_equal(out.numel, (size_t)n * 1000);
        for (size_t i = 0; i < out.numel; i++) assert_true(isfinite(out.data[i]));
        assert_true(st.forward_ns > 100000); /* a real network takes more than 0.1 ms */
        if (n == 2) /* the two images differ, so must their logits */
            assert_true(max_abs_diff(out.data, out.data + 1000, 1000) > 0.0);
        lt_tensor_buf_free(&out);
        free(x);
    }
    lt_model_close(m);
}

static void test_resnet18_bf16_close_to_fp32(void **state) {
    (void)state;
    lt_tensor_buf ref = {0};
    resnet_reference(&ref);
    lt_model *m = open_model("LTBENCH_MODELS_DIR", "resnet18.pt", "cpu", LT_BF16, 0, 0);
    float *x = make_input(3 * 224 * 224, 7);
    lt_tensor_view in = view4(x, 1, 3, 224, 224);
    lt_tensor_buf out = {0};
    lt_error err = {{0}};
    assert_ok(lt_model_run(m, &in, &out, NULL, &err), &err);
    assert_int_equal(out.numel, 1000);
    double scale = max_abs(ref.data, 1000);
    double diff = max_abs_diff(ref.data, out.data, 1000);
    print_message("bf16 vs fp32: max |diff| %.4g, max |ref| %.4g\n", diff, scale);
    /* LibTorch 1.13's CPU bf16 kernels round more on a CPU without native bf16 (no
     * AVX512_BF16, like this project's VM): Python torch 1.13 itself is 19 % of the
     * largest logit off fp32 on this input there, torch 2.14 3.6 %. */
    double tolerance = tu_libtorch_major() >= 2 ? 0.1 : 0.25;
    assert_true(diff <= tolerance * scale + 1e-2);
    lt_tensor_buf_free(&out);
    lt_tensor_buf_free(&ref);
    free(x);
    lt_model_close(m);
}

static void test_resnet18_fp16_on_cpu_works_or_is_unsupported(void **state) {
    (void)state;
    char path[1024];
    model_path(path, sizeof path, "LTBENCH_MODELS_DIR", "resnet18.pt");
    lt_open_options o = {"cpu", LT_FP16, 0, 0, 0};
    lt_model *m = NULL;
    lt_error err = {{0}};
    lt_status s = lt_model_open(path, &o, &m, &err);
    if (s == LT_ERR_UNSUPPORTED) {
        assert_one_line(&err);
        return;
    }
    assert_ok(s, &err);
    float *x = make_input(3 * 224 * 224, 7);
    lt_tensor_view in = view4(x, 1, 3, 224, 224);
    lt_tensor_buf out = {0};
    s = lt_model_run(m, &in, &out, NULL, &err);
    print_message("fp16 on cpu: %s%s%s\n", lt_status_name(s), s ? ": " : "", s ? err.msg : "");
    assert_true(s == LT_OK || s == LT_ERR_UNSUPPORTED);
    if (s == LT_OK)
        assert_int_equal(out.numel, 1000);
    else {
        assert_one_line(&err);
        assert_non_null(strstr(err.msg, path));
    }
    lt_tensor_buf_free(&out);
    free(x);
    lt_model_close(m);
}

static void test_resnet18_channels_last_and_optimize_match_fp32(void **state) {
    (void)state;
    lt_tensor_buf ref = {0};
    resnet_reference(&ref);
    float *x = make_input(3 * 224 * 224, 7);
    lt_tensor_view in = view4(x, 1, 3, 224, 224);
    lt_error err = {{0}};
    for (int variant = 0; variant < 3; variant++) {
        int cl = variant != 1, opt = variant != 0;
        lt_model *m = open_model("LTBENCH_MODELS_DIR", "resnet18.pt", "cpu", LT_FP32, cl, opt);
        const char *why = NULL;
        int optimized = lt_model_optimized(m, &why);
        assert_non_null(why);
        if (!opt) {
            assert_int_equal(optimized, 0);
            assert_string_equal(why, "");
        } else if (!optimized) {
            print_message("optimize fell back: %s\n", why);
            assert_true(why[0] != '\0');
        }
        lt_tensor_buf out = {0};
        assert_ok(lt_model_run(m, &in, &out, NULL, &err), &err);
        assert_int_equal(out.numel, 1000);
        double diff = max_abs_diff(ref.data, out.data, 1000);
        print_message("channels_last=%d optimize=%d (applied %d): max |diff| %.3g\n", cl, opt,
                      optimized, diff);
        assert_true(diff <= 1e-3 * max_abs(ref.data, 1000) + 1e-4);
        lt_tensor_buf_free(&out);
        lt_model_close(m);
    }
    free(x);
    lt_tensor_buf_free(&ref);
}

static void test_frozen_module_cannot_be_cast(void **state) {
    (void)state;
    char path[1024];
    model_path(path, sizeof path, "LTBENCH_SHIM_FIXTURES", "fixture_frozen.pt");
    lt_open_options o = {"cpu", LT_BF16, 0, 0, 0};
    lt_model *m = NULL;
    lt_error err = {{0}};
    assert_int_equal(lt_model_open(path, &o, &m, &err), LT_ERR_UNSUPPORTED);
    assert_null(m);
    assert_one_line(&err);
    assert_non_null(strstr(err.msg, path));
    assert_non_null(strstr(err.msg, "bf16"));

    /* in fp32 it opens and runs */
    m = open_fixture("fixture_frozen.pt");
    float *x = make_input(3 * 8 * 8, 3);
    lt_tensor_view in = view4(x, 1, 3, 8, 8);
    lt_tensor_buf out = {0};
    assert_ok(lt_model_run(m, &in, &out, NULL, &err), &err);
    assert_int_equal(out.ndim, 4);
    assert_int_equal(out.shape[1], 4);
    assert_int_equal(out.numel, 4 * 8 * 8);
    lt_tensor_buf_free(&out);
    free(x);
    lt_model_close(m);
}

static void test_output_buffer_is_reused(void **state) {
    (void)state;
    lt_model *m = open_fixture("fixture_attrs.pt");
    float *x = make_input(2 * 3 * 8 * 8, 5);
    lt_tensor_buf out = {0};
    lt_error err = {{0}};
    lt_tensor_view big = view4(x, 2, 3, 8, 8);
    assert_ok(lt_model_run(m, &big, &out, NULL, &err), &err);
    float *first = out.data;
    size_t cap = out.capacity;
    assert_int_equal(cap, 2 * 3 * 8 * 8);

    lt_tensor_view small = view4(x, 1, 3, 4, 4);
    assert_ok(lt_model_run(m, &small, &out, NULL, &err), &err);
    assert_ptr_equal(out.data, first);
    assert_int_equal(out.capacity, cap);
    assert_int_equal(out.numel, 48);
    assert_int_equal(out.shape[0], 1);
    assert_int_equal(out.shape[2], 4);
    for (int i = 0; i < 48; i++)
        assert_true(out.data[i] == x[i] * 0.5f);
    lt_tensor_buf_free(&out);
    free(x);
    lt_model_close(m);
}

static void test_tuple_output_gives_first_tensor(void **state) {
    (void)state;
    lt_model *m = open_fixture("fixture_tuple.pt");
    float x[6] = {0, 1, 2, 3, 4, 5};
    lt_tensor_view in = {LT_FLOAT32, 2, {2, 3}, x};
    lt_tensor_buf out = {0};
    lt_error err = {{0}};
    assert_ok(lt_model_run(m, &in, &out, NULL, &err), &err);
    assert_int_equal(out.ndim, 2);
    assert_int_equal(out.shape[0], 2);
    assert_int_equal(out.shape[1], 3);
    for (int i = 0; i < 6; i++) assert_true(out.data[i] == x[i] + 1.0f);
    lt_tensor_buf_free(&out);
    lt_model_close(m);
}

static void test_non_tensor_output_is_shape_error(void **state) {
    (void)state;
    lt_model *m = open_fixture("fixture_scalar.pt");
    float x[2] = {1, 2};
    lt_tensor_view in = {LT_FLOAT32, 1, {2}, x};
    lt_tensor_buf out = {0};
    lt_error err = {{0}};
    assert_int_equal(lt_model_run(m, &in, &out, NULL, &err), LT_ERR_SHAPE);
    assert_one_line(&err);
    assert_non_null(strstr(err.msg, "forward"));
    assert_non_null(strstr(err.msg, "int"));
    assert_non_null(strstr(err.msg, "expected a Tensor"));
    lt_tensor_buf_free(&out);
    lt_model_close(m);
}

static void test_out_of_memory_is_oom(void **state) {
    (void)state;
    lt_model *m = open_fixture("fixture_oom.pt");
    float x[1] = {0};
    lt_tensor_view in = {LT_FLOAT32, 1, {1}, x};
    lt_tensor_buf out = {0};
    lt_error err = {{0}};
    assert_int_equal(lt_model_run(m, &in, &out, NULL, &err), LT_ERR_OOM);
    assert_one_line(&err);
    print_message("oom: %s\n", err.msg);
    assert_non_null(strstr(err.msg, "fixture_oom.pt"));
    lt_tensor_buf_free(&out);
    lt_model_close(m);
}

/* ---- methods and attributes ------------------------------------------------------ */

static void test_methods(void **state) {
    (void)state;
    lt_model *m = open_fixture("fixture_attrs.pt");
    assert_int_equal(lt_model_has_method(m, "encode"), 1);
    assert_int_equal(lt_model_has_method(m, "forward"), 1);
    assert_int_equal(lt_model_has_method(m, "nope"), 0);
    assert_int_equal(lt_model_has_method(NULL, "encode"), 0);
    assert_int_equal(lt_model_has_method(m, NULL), 0);

    int64_t ids[5] = {3, 1, 4, 1, 5};
    lt_tensor_view in = {LT_INT64, 2, {1, 5}, ids};
    lt_tensor_buf out = {0};
    lt_error err = {{0}};
    assert_ok(lt_model_run_method(m, "encode", &in, &out, NULL, &err), &err);
    assert_int_equal(out.ndim, 2);
    assert_int_equal(out.shape[1], 5);
    for (int i = 0; i < 5; i++) assert_true(out.data[i] == (float)(ids[i] * 2));

    assert_int_equal(lt_model_run_method(m, "nope", &in, &out, NULL, &err), LT_ERR_NOT_FOUND);
    assert_one_line(&err);
    assert_non_null(strstr(err.msg, "'nope'"));
    assert_int_equal(lt_model_run_method(m, NULL, &in, &out, NULL, &err), LT_ERR_ARG);
    lt_tensor_buf_free(&out);
    lt_model_close(m);
}

/* A method of three inputs (float, int64, a 1-element float). */
static void test_method_with_several_inputs(void **state) {
    (void)state;
    lt_model *m = open_fixture("fixture_attrs.pt");
    float x[4] = {1, 2, 3, 4}, w = 3.0f;
    int64_t ids[4] = {10, 20, 30, 40};
    lt_tensor_view ins[3] = {{LT_FLOAT32, 2, {2, 2}, x}, {LT_INT64, 2, {2, 2}, ids},
                             {LT_FLOAT32, 1, {1}, &w}};
    lt_tensor_buf out = {0};
    lt_error err = {{0}};
    assert_ok(lt_model_run_method_n(m, "mix", ins, 3, &out, NULL, &err), &err);
    assert_int_equal(out.numel, 4);
    for (int i = 0; i < 4; i++) assert_true(out.data[i] == x[i] * w + (float)ids[i]);

    /* too few inputs for the method: the method's own error, the model still works */
    assert_int_equal(lt_model_run_method_n(m, "mix", ins, 2, &out, NULL, &err), LT_ERR_RUN);
    assert_one_line(&err);
    assert_non_null(strstr(err.msg, "mix"));
    /* no inputs, too many, a NULL data pointer in the second: argument errors */
    assert_int_equal(lt_model_run_method_n(m, "mix", ins, 0, &out, NULL, &err), LT_ERR_ARG);
    assert_int_equal(lt_model_run_method_n(m, "mix", ins, LT_MAX_INPUTS + 1, &out, NULL, &err), LT_ERR_ARG);
    ins[1].data = NULL;
    assert_int_equal(lt_model_run_method_n(m, "mix", ins, 3, &out, NULL, &err), LT_ERR_ARG);
    assert_non_null(strstr(err.msg, "input 2"));
    assert_int_equal(lt_model_run_method_n(m, NULL, ins, 3, &out, NULL, &err), LT_ERR_ARG);
    ins[1].data = ids;
    assert_ok(lt_model_run_method_n(m, "mix", ins, 3, &out, NULL, &err), &err);
    lt_tensor_buf_free(&out);
    lt_model_close(m);
}

static void test_method_that_throws_is_run_error(void **state) {
    (void)state;
    lt_model *m = open_fixture("fixture_attrs.pt");
    float x[6] = {0};
    lt_tensor_view in = {LT_FLOAT32, 2, {2, 3}, x}; /* forward wants 4-D */
    lt_tensor_buf out = {0};
    lt_error err = {{0}};
    assert_int_equal(lt_model_run(m, &in, &out, NULL, &err), LT_ERR_RUN);
    assert_one_line(&err);
    print_message("error: %s\n", err.msg);
    assert_non_null(strstr(err.msg, "forward"));
    assert_non_null(strstr(err.msg, "fixture_attrs.pt"));
    assert_non_null(strstr(err.msg, "rank"));

    /* and the model still works afterwards */
    float y[4] = {2, 4, 6, 8};
    lt_tensor_view ok = {LT_FLOAT32, 4, {1, 1, 2, 2}, y};
    assert_ok(lt_model_run(m, &ok, &out, NULL, &err), &err);
    for (int i = 0; i < 4; i++) assert_true(out.data[i] == y[i] * 0.5f);
    lt_tensor_buf_free(&out);
    lt_model_close(m);
}

static void test_attributes(void **state) {
    (void)state;
    lt_model *m = open_fixture("fixture_attrs.pt");
    lt_error err = {{0}};
    int64_t iv = 0;
    double dv = 0;
    char sv[32];
    assert_ok(lt_model_attr_int(m, "sample_rate", &iv, &err), &err);
    assert_int_equal(iv, 22050);
    assert_ok(lt_model_attr_float(m, "scale", &dv, &err), &err);
    assert_true(dv == 0.5);
    assert_ok(lt_model_attr_float(m, "sample_rate", &dv, &err), &err); /* int read as float */
    assert_true(dv == 22050.0);
    assert_ok(lt_model_attr_string(m, "label", sv, sizeof sv, &err), &err);
    assert_string_equal(sv, "hello");

    assert_int_equal(lt_model_attr_int(m, "hop_length", &iv, &err), LT_ERR_NOT_FOUND);
    assert_one_line(&err);
    assert_non_null(strstr(err.msg, "'hop_length'"));
    assert_int_equal(lt_model_attr_string(m, "missing", sv, sizeof sv, &err), LT_ERR_NOT_FOUND);

    assert_int_equal(lt_model_attr_int(m, "label", &iv, &err), LT_ERR_ARG);
    assert_one_line(&err);
    assert_non_null(strstr(err.msg, "'label'"));
    assert_non_null(strstr(err.msg, "str"));
    assert_int_equal(lt_model_attr_int(m, "scale", &iv, &err), LT_ERR_ARG);
    assert_non_null(strstr(err.msg, "float"));
    assert_int_equal(lt_model_attr_string(m, "sample_rate", sv, sizeof sv, &err), LT_ERR_ARG);
    assert_int_equal(lt_model_attr_float(m, "label", &dv, NULL), LT_ERR_ARG);

    char tiny[3];
    assert_int_equal(lt_model_attr_string(m, "label", tiny, sizeof tiny, &err), LT_ERR_ARG);
    assert_string_equal(tiny, "he");
    assert_one_line(&err);
    lt_model_close(m);
}

static void test_optimize_keeps_methods_and_attributes(void **state) {
    (void)state;
    lt_model *m = open_model("LTBENCH_SHIM_FIXTURES", "fixture_attrs.pt", "cpu", LT_FP32, 0, 1);
    const char *why = NULL;
    int optimized = lt_model_optimized(m, &why);
    print_message("fixture_attrs optimized=%d %s\n", optimized, why);
    lt_error err = {{0}};
    int64_t iv = 0;
    char sv[16];
    assert_ok(lt_model_attr_int(m, "sample_rate", &iv, &err), &err);
    assert_int_equal(iv, 22050);
    assert_ok(lt_model_attr_string(m, "label", sv, sizeof sv, &err), &err);
    assert_string_equal(sv, "hello");
    assert_int_equal(lt_model_has_method(m, "encode"), 1);
    int64_t ids[3] = {1, 2, 3};
    lt_tensor_view in = {LT_INT64, 2, {1, 3}, ids};
    lt_tensor_buf out = {0};
    assert_ok(lt_model_run_method(m, "encode", &in, &out, NULL, &err), &err);
    assert_true(out.data[2] == 6.0f);
    float y[4] = {2, 4, 6, 8};
    lt_tensor_view x = {LT_FLOAT32, 4, {1, 1, 2, 2}, y};
    assert_ok(lt_model_run(m, &x, &out, NULL, &err), &err);
    assert_true(out.data[3] == 4.0f);
    lt_tensor_buf_free(&out);
    lt_model_close(m);
}

/* ---- devices ------------------------------------------------------------------- */

static void test_device_sync_and_name(void **state) {
    (void)state;
    lt_info info;
    lt_get_info(&info);
    lt_error err = {{0}};
    assert_ok(lt_device_sync("cpu", &err), &err);
    assert_ok(lt_device_sync(NULL, &err), &err);
    assert_int_equal(lt_device_sync("tpu", &err), LT_ERR_DEVICE);
    assert_one_line(&err);
    char name[256];
    if (info.cuda_available) {
        assert_ok(lt_device_sync("cuda:0", &err), &err);
        assert_ok(lt_device_name(0, name, sizeof name, &err), &err);
        assert_true(name[0] != '\0');
    } else {
        assert_int_equal(lt_device_sync("cuda:0", &err), LT_ERR_DEVICE);
        assert_one_line(&err);
        assert_int_equal(lt_device_name(0, name, sizeof name, &err), LT_ERR_DEVICE);
        assert_one_line(&err);
    }
    assert_int_equal(lt_device_name(-1, name, sizeof name, &err), LT_ERR_DEVICE);
}

/* ---- concurrency --------------------------------------------------------------- */

typedef struct {
    lt_model *m;
    const lt_tensor_view *in;
    lt_tensor_buf outs[3];
    lt_status status[3];
    char msg[512];
} worker_arg;

static void *worker(void *p) {
    worker_arg *a = p;
    for (int i = 0; i < 3; i++) {
        lt_error err = {{0}};
        a->status[i] = lt_model_run(a->m, a->in, &a->outs[i], NULL, &err);
        if (a->status[i] != LT_OK) memcpy(a->msg, err.msg, sizeof a->msg);
    }
    return NULL;
}

static void test_concurrent_runs_same_model(void **state) {
    (void)state;
    lt_model *m = open_model("LTBENCH_MODELS_DIR", "resnet18.pt", "cpu", LT_FP32, 0, 0);
    float *x = make_input(3 * 224 * 224, 11);
    lt_tensor_view in = view4(x, 1, 3, 224, 224);
    lt_tensor_buf ref = {0};
    lt_error err = {{0}};
    assert_ok(lt_model_run(m, &in, &ref, NULL, &err), &err);

    worker_arg args[2];
    memset(args, 0, sizeof args);
    pthread_t th[2];
    for (int t = 0; t < 2; t++) {
        args[t].m = m;
        args[t].in = &in;
        assert_int_equal(pthread_create(&th[t], NULL, worker, &args[t]), 0);
    }
    for (int t = 0; t < 2; t++) assert_int_equal(pthread_join(th[t], NULL), 0);
    for (int t = 0; t < 2; t++) {
        for (int i = 0; i < 3; i++) {
            if (args[t].status[i] != LT_OK) print_error("thread %d run %d: %s\n", t, i, args[t].msg);
            assert_int_equal(args[t].status[i], LT_OK);
            assert_int_equal(args[t].outs[i].numel, 1000);
            assert_memory_equal(args[t].outs[i].data, ref.data, 1000 * sizeof(float));
            lt_tensor_buf_free(&args[t].outs[i]);
        }
    }
    lt_tensor_buf_free(&ref);
    free(x);
    lt_model_close(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_threads),
        cmocka_unit_test(test_info_and_status_names),
        cmocka_unit_test(test_open_missing_file),
        cmocka_unit_test(test_open_not_torchscript),
        cmocka_unit_test(test_open_cuda_adapts_to_machine),
        cmocka_unit_test(test_open_invalid_device_strings),
        cmocka_unit_test(test_open_bad_arguments),
        cmocka_unit_test(test_same_shape_forward),
        cmocka_unit_test(test_identity_model_forward),
        cmocka_unit_test(test_run_bad_arguments),
        cmocka_unit_test(test_resnet18_batches),
        cmocka_unit_test(test_resnet18_bf16_close_to_fp32),
        cmocka_unit_test(test_resnet18_fp16_on_cpu_works_or_is_unsupported),
        cmocka_unit_test(test_resnet18_channels_last_and_optimize_match_fp32),
        cmocka_unit_test(test_frozen_module_cannot_be_cast),
        cmocka_unit_test(test_output_buffer_is_reused),
        cmocka_unit_test(test_tuple_output_gives_first_tensor),
        cmocka_unit_test(test_non_tensor_output_is_shape_error),
        cmocka_unit_test(test_out_of_memory_is_oom),
        cmocka_unit_test(test_methods),
        cmocka_unit_test(test_method_with_several_inputs),
        cmocka_unit_test(test_method_that_throws_is_run_error),
        cmocka_unit_test(test_attributes),
        cmocka_unit_test(test_optimize_keeps_methods_and_attributes),
        cmocka_unit_test(test_device_sync_and_name),
        cmocka_unit_test(test_concurrent_runs_same_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
